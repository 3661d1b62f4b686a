/**
 * A finance team's 1,000 status changes in ONE confirmed apply, through the built bundle against
 * the fake Everflow with a network key: typed into an editable network invoices report, reviewed
 * ("Apply 1000 changes"), applied in one execution as PATCH batches of 100 invoices (one status a
 * batch), each invoice changed once, and the apply journal (a hidden sheet) and the Audit log
 * agree: 1,000 applied. Then, with the spreadsheet near Sheets' 10 million cells (room for about
 * 1,004 journal rows), review says
 * before confirming that a plan is more than one apply can take, with how many fit, and offers no
 * apply.
 */
import { ChangeJournal } from '../../../src/app/changes/journal';
import { SYNC_LOG_SHEET, type ReportDefinition } from '../../../src/app/reports/definition';
import type { ChangeApplyView, ChangeReviewView } from '../../../src/app/sidebar/api';
import { DEMO_NETWORK_KEY, QUIRKS_OFF, invoiceTotals } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { emulatorReportAdminDeps, userSpreadsheetApp } from '../../../tools/runner/report-document';
import { runReportOnce } from '../../../tools/runner/report-runs';
import { addReport, sheetValues } from '../support-reports/reports-harness';
import { applyReviewed, reviewChanges } from './support/review-dialog';

const CHANGES = 1_000;
let harness: AddOnHarness;
let definition: ReportDefinition;

const grid = (): unknown[][] => sheetValues(harness, definition.sheet);
const journal = (): ChangeJournal => new ChangeJournal(emulatorReportAdminDeps(harness).spreadsheet, definition.id);

const review = (): ChangeReviewView => reviewChanges(harness);

const apply = (reviewed: ChangeReviewView): ChangeApplyView => applyReviewed(harness, reviewed);

/**
 * Types the status flipped (paid ↔ unpaid) into the Status cells of the first `count` invoice rows
 * (of those without a note longer than a cell: rewriting such a row is the change memory's long-note
 * fix, apply-engine's), in one write; answers the invoice ids by new status.
 */
async function flipStatuses(count: number): Promise<Map<string, string>> {
  const longNotes = new Set(
    (await harness.api?.networkInvoices() ?? []).filter((invoice) => `${invoice.notes ?? ''}`.length >= 50_000 || `${invoice.internalNotes ?? ''}`.length >= 50_000).map((invoice) => String(invoice.id)),
  );
  const rows = grid();
  const header = (rows[0] ?? []).map(String);
  const statusColumn = header.indexOf('Status');
  const book = userSpreadsheetApp(harness).getActive();
  const sheet = book.getSheetByName(definition.sheet);
  if (!sheet) throw new Error('no report sheet');
  book.setActiveSheet(sheet);
  const typed = new Map<string, string>();
  const cells = rows.slice(1).map((row) => {
    const id = String(row[0]);
    if (typed.size === count || longNotes.has(id)) return [row[statusColumn] as string];
    const next = String(row[statusColumn]) === 'paid' ? 'unpaid' : 'paid';
    typed.set(id, next);
    return [next];
  });
  sheet.getRange(2, statusColumn + 1, cells.length, 1).setValues(cells);
  return typed;
}

beforeAll(async () => {
  harness = await AddOnHarness.start({ spreadsheetTimeZone: 'UTC', apiKey: DEMO_NETWORK_KEY, api: { seed: 23, invoiceCount: 700, networkAffiliateIds: [21, 22, 23], quirks: QUIRKS_OFF } });
  definition = addReport(harness, { id: 'capacity', name: 'Capacity', kind: 'invoices', mode: 'merge', sheet: 'Network', editable: true });
  const run = await runReportOnce(harness, definition);
  if (run.log?.result !== 'ok') throw new Error(`refresh: ${JSON.stringify(run.log)}`);
  const opened = harness.execute('onOpen', { authMode: 'FULL' });
  if (!opened.ok) throw new Error(`onOpen failed: ${opened.error}`);
});
afterAll(async () => {
  await harness?.close();
});

describe('1,000 network status changes', () => {
  it('are reviewed and applied in one apply, in PATCH batches, each sent once, the journal and the Audit log agreeing', async () => {
    const api = harness.api;
    if (!api) throw new Error('no fake Everflow');
    expect(grid().length - 1).toBeGreaterThanOrEqual(CHANGES);
    const typed = await flipStatuses(CHANGES);
    expect(typed.size).toBe(CHANGES);
    const reviewed = review();
    expect(reviewed).toMatchObject({ confirmLabel: `Apply ${CHANGES} changes`, refused: [], unfinished: 0 });
    expect(reviewed.notes).toEqual([]);

    const applied = apply(reviewed);
    expect(applied.refusedBecause).toBeNull();
    expect(applied.finished).toBe(true);
    expect(applied.summary).toMatch(new RegExp(`^${CHANGES} applied\\.`));

    const writes = await api.journal();
    expect(writes.every((entry) => entry.method === 'PATCH')).toBe(true);
    const perStatus = [...typed.values()].reduce<Record<string, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});
    expect(writes).toHaveLength(Object.values(perStatus).reduce((sum, count) => sum + Math.ceil(count / 100), 0));
    const sent = writes.flatMap((entry) => entry.invoiceIds.map(String));
    expect(sent).toHaveLength(CHANGES);
    expect(new Set(sent)).toEqual(new Set(typed.keys()));

    const now = new Map((await api.networkInvoices()).map((invoice) => [String(invoice.id), invoiceTotals(invoice).status]));
    expect([...typed].filter(([id, status]) => now.get(id) !== status)).toEqual([]);

    const entries = journal().entries();
    expect(entries).toHaveLength(CHANGES);
    expect(entries.filter((entry) => entry.state !== 'applied')).toEqual([]);
    const audit = sheetValues(harness, 'Audit log').slice(1).filter((row) => String(row[4]) === 'update');
    expect(audit.map((row) => String(row[7]))).toEqual(Array<string>(CHANGES).fill('applied'));
    expect(new Set(audit.map((row) => String(row[3])))).toEqual(new Set(typed.keys()));

    // Reviewed again, nothing is left to send.
    expect(review().confirmLabel).toBeNull();
    expect(await api.journal()).toHaveLength(writes.length);
  });

  it('says at review, before confirming, when a plan is more than one apply can take, with how many fit', async () => {
    const api = harness.api;
    if (!api) throw new Error('no fake Everflow');
    const book = userSpreadsheetApp(harness).getActive();
    const journalSheet = `_changes_journal_${definition.id}`;
    const othersCells = (): number =>
      emulatorReportAdminDeps(harness)
        .spreadsheet.gridSizes()
        .filter((size) => size.sheet !== journalSheet)
        .reduce((sum, size) => sum + size.rows * size.columns, book.getSheetByName(SYNC_LOG_SHEET) ? 0 : 26_000);
    // A sheet that leaves room for about 1,004 journal rows of 26 cells (the journal's 1,000 rows and a few more).
    const filler = book.insertSheet('Filler');
    const columns = Math.floor((10_000_000 - othersCells() - 26 * 1_004) / filler.getMaxRows()) + filler.getMaxColumns();
    filler.insertColumnsAfter(filler.getMaxColumns(), columns - filler.getMaxColumns());
    const fit = Math.floor((10_000_000 - othersCells()) / 26);
    expect(fit).toBeGreaterThanOrEqual(1_004);
    expect(fit).toBeLessThan(1_050);
    await flipStatuses(1_050);
    const writes = (await api.journal()).length;
    const reviewed = review();
    expect(reviewed.confirmLabel).toBeNull();
    expect(reviewed.confirmText).toEqual([]);
    expect(reviewed.notes).toContain(`1050 changes are more than one apply can take in this document (${fit} fit). Nothing is sent: apply them in parts (fewer rows edited at a time).`);
    // The dialog offers no apply; an apply sent anyway is refused whole.
    expect(apply(reviewed).refusedBecause).toMatch(/^1050 changes are more than one apply can take/);
    expect(await api.journal()).toHaveLength(writes);
  });
});
