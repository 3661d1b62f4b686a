/**
 * Review changes… through the built bundle against the fake Affise: edits typed into an editable
 * Affise invoices report (a status, a correction, a delete, a new row, an invalid row), the review
 * dialog's calls (the menu item opens the dialog; the sidebar's Changes panel is the same view):
 * the review in words, cancelling sends nothing, "Apply N changes" sends each change exactly once
 * with an Audit log row and an Apply result per row, a plan edited since review is refused, and
 * reviewing again sends nothing twice.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import type { ChangeApplyView, ChangeReviewView } from '../../../src/app/sidebar/api';
import { AFFISE_QUIRKS_OFF } from '../../../test-support/fake-affise';
import { AddOnHarness, MENU_TITLE } from '../../../test-support/harness';
import { userSpreadsheetApp } from '../../../tools/runner/report-document';
import { runReportOnce } from '../../../tools/runner/report-runs';
import { addReport, sheetValues } from '../support-reports/reports-harness';
import { applyReviewed, openOnSheet, reviewChanges } from './support/review-dialog';
import { AFFISE_INVOICE_HEADER } from '../affise/affise-expected';

const HEADER = [...AFFISE_INVOICE_HEADER, 'Correction', 'Correction comment', 'Delete', 'Apply result'];
let harness: AddOnHarness;
let definition: ReportDefinition;
const rowOf = new Map<string, number>();

const affise = () => {
  if (!harness.affise) throw new Error('no fake Affise');
  return harness.affise;
};
const column = (header: string): number => HEADER.indexOf(header) + 1;
const grid = (): unknown[][] => sheetValues(harness, definition.sheet);
const cell = (row: number, header: string): string => String(grid()[row - 1]?.[column(header) - 1] ?? '');

const review = (): ChangeReviewView => reviewChanges(harness);

const apply = (reviewed: ChangeReviewView): ChangeApplyView => applyReviewed(harness, reviewed);

beforeAll(async () => {
  harness = await AddOnHarness.start({ spreadsheetTimeZone: 'UTC', affise: { paymentCount: 12, quirks: AFFISE_QUIRKS_OFF, latencyMs: 5 } });
  definition = addReport(harness, { id: 'editable', name: 'Editable', kind: 'affise-invoices', mode: 'merge', sheet: 'Invoices', editable: true });
  const run = await runReportOnce(harness, definition);
  expect(run.log?.result).toBe('ok');
  const sheet = openOnSheet(harness, definition.sheet);
  const rows = grid();
  // A waiting invoice to complete, two others to correct and delete.
  const waiting = rows.findIndex((row, index) => index > 0 && row[column('Status') - 1] === 'waiting') + 1;
  const others = rows.map((_, index) => index + 1).filter((row) => row > 1 && row !== waiting);
  const [corrected = 0, deleted = 0, invalid = 0] = others;
  rowOf.set('status', waiting).set('correction', corrected).set('delete', deleted).set('invalid', invalid).set('new', rows.length + 1);
  sheet.getRange(waiting, column('Status')).setValue('completed');
  sheet.getRange(corrected, column('Correction')).setValue('-15.00');
  sheet.getRange(corrected, column('Correction comment')).setValue('chargeback');
  sheet.getRange(deleted, column('Delete')).setValue(true);
  sheet.getRange(invalid, column('Status')).setValue('paid');
  const partner = (await affise().partners())[0];
  const newRow = rows.length + 1;
  sheet.getRange(newRow, column('Affiliate ID')).setValue(String(partner?.id ?? ''));
  sheet.getRange(newRow, column('Amount')).setValue('120.00');
  sheet.getRange(newRow, column('Currency')).setValue('EUR');
  sheet.getRange(newRow, column('Notes')).setValue('bonus');
});
afterAll(async () => {
  await harness?.close();
});

describe('Review changes…', () => {
  let invoice: (key: string) => string;
  beforeAll(() => {
    invoice = (key: string) => cell(rowOf.get(key) ?? 0, 'Invoice ID');
  });

  it('in the menu opens the review dialog over the sheet', () => {
    const shown = harness.sheets.ui.shown.length;
    const outcome = harness.sheets.clickMenuItem('Review changes…');
    expect(outcome.ok).toBe(true);
    const [dialog] = harness.sheets.ui.shown.slice(shown);
    expect(dialog).toMatchObject({ kind: 'modal', title: `${MENU_TITLE}: Review changes`, width: 720, height: 600 });
    expect(dialog?.html).toContain('id="review-root"');
  });

  it('lists each change in words with counts, totals and the refused row; cancelling (no apply) sends nothing', async () => {
    await affise().clearJournal();
    const view = review();
    expect(view.sheet).toBe(definition.sheet);
    expect(view.account).toBe('Affise');
    const texts = view.changes.map((change) => change.text);
    expect(texts).toContain(`Invoice ${invoice('status')}: status waiting → completed`);
    expect(texts.some((text) => text.startsWith(`Invoice ${invoice('correction')}: correction −15.00 `) && text.endsWith(' ("chargeback")'))).toBe(true);
    expect(texts).toContain(`Delete invoice ${invoice('delete')}`);
    expect(texts.some((text) => /^New invoice for affiliate \d+: 120\.00 EUR$/.test(text))).toBe(true);
    expect(view.refused).toEqual([{ row: rowOf.get('invalid'), reason: expect.stringMatching(/^"paid" is not a status/) as unknown }]);
    expect(view.counts).toEqual(['1 update', '1 correction', '1 deletion', '1 new invoice']);
    expect(view.totals.find((total) => total.currency === 'EUR')?.creations).toBe('120.00');
    expect(view.confirmLabel).toBe('Apply 4 changes');
    expect(view.confirmText).toEqual(['Apply 4 changes?', '1 update, 1 correction, 1 deletion, 1 new invoice', ...view.totals.map((total) => `${total.currency}: corrections ${total.corrections}, new invoices ${total.creations}`)]);
    expect(view.totals.map((total) => total.corrections)).toContain('−15.00');
    expect(view.plan.count).toBe(4);
    expect(await affise().journal()).toEqual([]);
    expect(cell(rowOf.get('invalid') ?? 0, 'Apply result')).toMatch(/^✗ Not sent: "paid" is not a status/);
  });

  it('refuses a plan the sheet no longer holds: an edit after review (same count, another plan) sends nothing', async () => {
    const reviewed = review();
    const book = userSpreadsheetApp(harness).getActive();
    const sheet = book.getSheetByName(definition.sheet);
    const comment = cell(rowOf.get('status') ?? 0, 'Comment');
    sheet?.getRange(rowOf.get('status') ?? 0, column('Comment')).setValue('typed after review');
    const applied = apply(reviewed);
    expect(applied.refusedBecause).toBe('The sheet changed since review (4 changes now, 4 confirmed). Nothing was sent: review again.');
    expect(applied.results).toEqual([]);
    expect(await affise().journal()).toEqual([]);
    sheet?.getRange(rowOf.get('status') ?? 0, column('Comment')).setValue(comment);
  });

  it('"Apply 4 changes" sends each change exactly once, logs each in the Audit log and says what became of each', async () => {
    const deletedId = invoice('delete');
    const ids = { status: invoice('status'), correction: invoice('correction') };
    const reviewed = review();
    expect(reviewed.plan.count).toBe(4);
    const applied = apply(reviewed);
    expect(applied.refusedBecause).toBeNull();
    expect(applied.summary).toMatch(/^3 applied, 1 new invoice awaiting Affise\./);
    expect(applied.auditSheet).toBe('Audit log');
    expect(applied.results.map((result) => result.state).sort()).toEqual(['applied', 'applied', 'applied', 'awaiting']);
    expect(applied.results.find((result) => result.change === `Delete invoice ${deletedId}`)?.result).toMatch(/^✓ Applied at /);
    const journal = (await affise().journal()).filter((entry) => entry.applied);
    expect(journal.map((entry) => entry.operation).sort()).toEqual(['add-correction', 'bulk-delete', 'create-for-affiliate', 'update']);
    expect(journal.find((entry) => entry.operation === 'update')?.paymentId).toBe(Number(ids.status));
    expect(journal.find((entry) => entry.operation === 'add-correction')?.paymentId).toBe(Number(ids.correction));

    const audit = sheetValues(harness, 'Audit log').slice(1);
    const landed = audit.filter((row) => /^(applied|accepted)/.test(String(row[7])));
    expect(landed.map((row) => String(row[3]).replace(/^new \(token \w+\)$/, 'new')).sort()).toEqual([ids.correction, ids.status, deletedId, 'new'].sort());
    expect(audit).toHaveLength(journal.length);

    expect(cell(rowOf.get('status') ?? 0, 'Status')).toBe('completed');
    expect(cell(rowOf.get('status') ?? 0, 'Apply result')).toMatch(/^✓/);
    expect(cell(rowOf.get('correction') ?? 0, 'Apply result')).toMatch(/^✓/);
    expect(grid().some((row) => String(row[0]) === deletedId)).toBe(false);
    const newRow = grid().findIndex((row) => /\[ref:/.test(String(row[column('Notes') - 1])) && String(row[0]) === '') + 1;
    expect(cell(newRow, 'Apply result')).toMatch(/^…/);

    const shown = harness.execute('sidebarShowAuditLog');
    expect(shown).toMatchObject({ ok: true, value: { sheet: 'Audit log' } });
    expect(userSpreadsheetApp(harness).getActive().getActiveSheet().getName()).toBe('Audit log');
    userSpreadsheetApp(harness).getActive().setActiveSheet(userSpreadsheetApp(harness).getActive().getSheetByName(definition.sheet) as never);
  });

  it('reviewed again, has nothing to send and sends nothing twice', async () => {
    const before = (await affise().journal()).length;
    const view = review();
    expect(view.changes).toEqual([]);
    expect(view.confirmLabel).toBeNull();
    expect(view.notes[0]).toBe('No pending changes: the sheet matches what the last refresh wrote.');
    expect((await affise().journal()).length).toBe(before);
  });

  it('once Affise has created the new invoice, reviewing again binds it to its row and sends nothing', async () => {
    const before = (await affise().journal()).length;
    harness.clock.advance(10 * 60_000);
    const view = review();
    expect(view.notes[1]).toMatch(/^1 applied\./);
    const created = (await affise().payments()).find((payment) => /\[ref:/.test(payment.notes));
    expect(created).toBeDefined();
    const rows = grid().filter((row) => /\[ref:/.test(String(row[column('Notes') - 1])));
    expect(rows.map((row) => Number(row[0]))).toEqual([created?.id]);
    expect(sheetValues(harness, 'Audit log').filter((row) => String(row[7]).includes(`created as invoice ${created?.id ?? ''}`))).toHaveLength(1);
    expect((await affise().journal()).length).toBe(before);
  });
});

describe('an apply left unfinished', () => {
  it('is finished first by the next apply, which leaves a newly reviewed change for another review; nothing is sent twice', async () => {
    const sheet = userSpreadsheetApp(harness).getActive().getSheetByName(definition.sheet);
    const untouched = grid()
      .map((_, index) => index + 1)
      .filter((row) => row > 1 && cell(row, 'Invoice ID') !== '' && cell(row, 'Apply result') === '');
    const [first = 0, second = 0] = untouched;
    const ids = [cell(first, 'Invoice ID'), cell(second, 'Invoice ID')];
    sheet?.getRange(first, column('Payment account')).setValue('IBAN-A');
    const reviewed = review();
    expect(reviewed.plan.count).toBe(1);
    // The invoice read before sending (the second request of the apply) fails: the change stays confirmed, not sent.
    await affise().resetStats();
    await affise().configure({ faults: { plan: Object.fromEntries(Array.from({ length: 20 }, (_, index) => [index + 1, '503'])) } });
    const stopped = apply(reviewed);
    expect(stopped.finished).toBe(false);
    expect(stopped.results.map((result) => result.state)).toEqual(['queued']);
    await affise().configure({ faults: { plan: {} } });

    sheet?.getRange(second, column('Payment account')).setValue('IBAN-B');
    const again = review();
    expect(again.unfinished).toBe(1);
    expect(again.plan.count).toBe(2);
    const finished = apply(again);
    expect(finished.results.map((result) => [result.change, result.state])).toEqual([[expect.stringMatching(new RegExp(`^Invoice ${ids[0] ?? ''}: payment account `)), 'applied']]);
    expect(finished.summary).toContain('1 reviewed change was not sent: an earlier apply was finished first. Review again to send it.');
    const last = apply(review());
    expect(last.results.map((result) => result.state)).toEqual(['applied']);
    const updates = (await affise().journal()).filter((entry) => entry.applied && entry.operation === 'update' && ids.includes(String(entry.paymentId)));
    expect(updates.map((entry) => String(entry.paymentId)).sort()).toEqual([...ids].sort());
  });
});

describe('Review changes… where it cannot apply', () => {
  const failure = (): string => {
    const outcome = harness.execute('sidebarReviewChanges');
    if (outcome.ok) throw new Error('review should have been refused');
    return outcome.error;
  };

  it('on a sheet without a report, or with a report that is not editable, says so and sends nothing', async () => {
    const book = userSpreadsheetApp(harness).getActive();
    book.setActiveSheet(book.insertSheet('Scratch'));
    expect(failure()).toContain('Sheet "Scratch" holds no report. Open the sheet of an editable invoices report (Affise, or Everflow with a network key), then choose Review changes… again.');
    const plain = addReport(harness, { id: 'plain', name: 'Plain', kind: 'affise-invoices', mode: 'merge', sheet: 'Plain' });
    await runReportOnce(harness, plain);
    const sheet = book.getSheetByName('Plain');
    if (!sheet) throw new Error('no Plain sheet');
    book.setActiveSheet(sheet);
    const before = (await affise().journal()).length;
    expect(failure()).toContain('The report "Plain" on this sheet is not editable: only an invoices report (Affise, or Everflow with a network key) in merge mode with "editable": true sends changes. Nothing was sent.');
    expect((await affise().journal()).length).toBe(before);
  });

  it('refuses an apply call whose input is not a reviewed plan, naming the field', () => {
    const outcome = harness.execute('sidebarApplyChanges', { sheet: definition.sheet, plan: { count: -1, fingerprint: '[]' } });
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.ok ? '' : outcome.error).toMatch(/^Reviewed plan \(count\): /);
  });
});
