/**
 * Review changes… through the built bundle against the fake Affise: edits typed into an editable
 * Affise invoices report (a status, a correction, a delete, a new row, an invalid row), the review
 * in words, NO sends nothing, YES sends each change exactly once with an Audit log row and an
 * Apply result per row, and choosing it again sends nothing twice.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import type { DialogRecord } from '../../../test-support/emulator/spreadsheet';
import { AFFISE_QUIRKS_OFF } from '../../../test-support/fake-affise';
import { AddOnHarness, MENU_TITLE } from '../../../test-support/harness';
import { userSpreadsheetApp } from '../../../tools/runner/report-document';
import { runReportOnce } from '../../../tools/runner/report-runs';
import { addReport, sheetValues } from '../support-reports/reports-harness';
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

/** Clicks Review changes…, answering the confirmation (if one is asked) with `answer`. */
function review(answer: 'YES' | 'NO' | null): DialogRecord[] {
  const before = harness.sheets.ui.dialogs.length;
  if (answer) harness.sheets.ui.respond(answer, '');
  const outcome = harness.sheets.clickMenuItem('Review changes…');
  if (!outcome.ok) throw new Error(`Review changes… failed: ${outcome.error}`);
  return harness.sheets.ui.dialogs.slice(before);
}

beforeAll(async () => {
  harness = await AddOnHarness.start({ spreadsheetTimeZone: 'UTC', affise: { paymentCount: 12, quirks: AFFISE_QUIRKS_OFF, latencyMs: 5 } });
  definition = addReport(harness, { id: 'editable', name: 'Editable', kind: 'affise-invoices', mode: 'merge', sheet: 'Invoices', editable: true });
  const run = await runReportOnce(harness, definition);
  expect(run.log?.result).toBe('ok');
  const opened = harness.execute('onOpen', { authMode: 'FULL' });
  if (!opened.ok) throw new Error(`onOpen failed: ${opened.error}`);

  const book = userSpreadsheetApp(harness).getActive();
  const sheet = book.getSheetByName(definition.sheet);
  if (!sheet) throw new Error('no report sheet');
  book.setActiveSheet(sheet);
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

  it('lists each change in words with totals and the refused row, asks to apply them, and on NO sends nothing', async () => {
    await affise().clearJournal();
    const dialogs = review('NO');
    expect(dialogs).toHaveLength(2);
    const [confirm, done] = dialogs;
    expect(confirm).toMatchObject({ kind: 'alert', title: `${MENU_TITLE}: Apply 4 changes?`, buttons: 'YES_NO', button: 'NO' });
    const text = confirm?.prompt ?? '';
    expect(text).toContain(`Invoice ${invoice('status')}: status waiting → completed`);
    expect(text).toContain(`Invoice ${invoice('correction')}: correction`);
    expect(text).toContain(`Delete invoice ${invoice('delete')}`);
    expect(text).toMatch(/New invoice for affiliate \d+: 120\.00 EUR/);
    expect(text).toContain(`Row ${rowOf.get('invalid')}: "paid" is not a status`);
    expect(text).toContain('Apply 4 changes?');
    expect(text).toContain('1 updates, 1 corrections, 1 deletions, 1 new invoices');
    expect(text).toContain('EUR: corrections');
    expect(done).toMatchObject({ kind: 'alert', title: MENU_TITLE, prompt: 'Nothing was sent.' });
    expect(await affise().journal()).toEqual([]);
    expect(cell(rowOf.get('invalid') ?? 0, 'Apply result')).toMatch(/^✗ Not sent: "paid" is not a status/);
  });

  it('on YES sends each change exactly once, logs each in the Audit log and says on each row what became of it', async () => {
    const deletedId = invoice('delete');
    const ids = { status: invoice('status'), correction: invoice('correction') };
    const dialogs = review('YES');
    expect(dialogs.map((dialog) => dialog.button)).toEqual(['YES', 'OK']);
    expect(dialogs[1]?.prompt).toMatch(/^3 applied, 1 new invoice awaiting Affise\./);
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
  });

  it('chosen again, sends nothing twice', async () => {
    const before = (await affise().journal()).length;
    const dialogs = review(null);
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]?.prompt).toContain('No pending changes');
    expect((await affise().journal()).length).toBe(before);
  });

  it('once Affise has created the new invoice, choosing it again binds it to its row and sends nothing', async () => {
    const before = (await affise().journal()).length;
    harness.clock.advance(10 * 60_000);
    const dialogs = review(null);
    expect(dialogs).toHaveLength(1);
    const created = (await affise().payments()).find((payment) => /\[ref:/.test(payment.notes));
    expect(created).toBeDefined();
    const rows = grid().filter((row) => /\[ref:/.test(String(row[column('Notes') - 1])));
    expect(rows.map((row) => Number(row[0]))).toEqual([created?.id]);
    expect(sheetValues(harness, 'Audit log').filter((row) => String(row[7]).includes(`created as invoice ${created?.id ?? ''}`))).toHaveLength(1);
    expect((await affise().journal()).length).toBe(before);
  });
});

describe('Review changes… where it cannot apply', () => {
  it('on a sheet without a report, or with a report that is not editable, says so and sends nothing', async () => {
    const book = userSpreadsheetApp(harness).getActive();
    book.setActiveSheet(book.insertSheet('Scratch'));
    expect(review(null).map((dialog) => dialog.prompt)).toEqual(['Sheet "Scratch" holds no report. Open the sheet of an editable Affise invoices report, then choose Review changes… again.']);
    const plain = addReport(harness, { id: 'plain', name: 'Plain', kind: 'affise-invoices', mode: 'merge', sheet: 'Plain' });
    await runReportOnce(harness, plain);
    const sheet = book.getSheetByName('Plain');
    if (!sheet) throw new Error('no Plain sheet');
    book.setActiveSheet(sheet);
    const before = (await affise().journal()).length;
    expect(review(null).map((dialog) => dialog.prompt)).toEqual([
      'The report "Plain" on this sheet is not editable: only an Affise invoices report in merge mode with "editable": true sends changes to Affise. Nothing was sent.',
    ]);
    expect((await affise().journal()).length).toBe(before);
  });
});
