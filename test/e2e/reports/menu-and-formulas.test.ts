/**
 * The reports menu (insert a report from the active cell's formula, refresh all, refresh this
 * sheet) and EFLOW_ formulas in the document showing fresh data after a refresh, with no user action.
 */
import { toPlainGrid } from '../../../test-support/emulator/emulator';
import type { AddOnHarness } from '../../../test-support/harness';
import { reportStore, syncLogLines, userSpreadsheetApp } from '../../../tools/runner/report-document';
import { addReport, apiOf, fireTrigger, plainResult, sheetValues, startReportsHarness, type PlainValue } from '../support-reports/reports-harness';

const ZONE = 'Australia/Sydney';

let harness: AddOnHarness;
beforeEach(async () => {
  harness = await startReportsHarness({ api: { invoiceCount: 24 }, spreadsheetTimeZone: ZONE });
});
afterEach(async () => {
  await harness.close();
});

const lastDialog = (): string | undefined => harness.sheets.ui.dialogs.at(-1)?.prompt;

function formulaGrid(name: string, ...args: unknown[]): PlainValue[][] {
  const outcome = harness.formula(name, ...args);
  if (!outcome.ok) throw new Error(outcome.error);
  return toPlainGrid(outcome.value).map((row) => row.map((cell) => plainResult(cell, ZONE)));
}

/** The user puts the cursor on a cell of Sheet1 and types there. */
function typeAndSelect(a1: string, text: string | null): void {
  const sheet = userSpreadsheetApp(harness).getActive().getSheetByName('Sheet1');
  if (!sheet) throw new Error('No Sheet1');
  sheet.activate();
  if (text !== null) sheet.getRange(a1).setValue(text);
  sheet.getRange(a1).activate();
}

describe('Insert report', () => {
  it("makes a report of the active cell's EFLOW_ filters, refreshes it at once and schedules it hourly with the one trigger", () => {
    typeAndSelect('B2', '=EFLOW_INVOICES("unpaid", "2026-01-01")');
    expect(harness.execute('menuInsertReport')).toMatchObject({ ok: true });
    const unpaid = formulaGrid('EFLOW_INVOICES', 'unpaid', '2026-01-01');
    expect(lastDialog()).toBe(
      `Report "Invoices report" inserted on sheet "Invoices report", refreshed hourly (change it in the sidebar).\n` +
        `Invoices report: ok, ${unpaid.length - 1} rows written, 0 rows removed, 1 request.`,
    );
    expect(sheetValues(harness, 'Invoices report')).toEqual(unpaid);

    typeAndSelect('D4', '=EFLOW_INVOICE_SUMMARY("paid")');
    harness.execute('menuInsertReport');
    typeAndSelect('F9', null);
    harness.execute('menuInsertReport');
    expect(sheetValues(harness, 'Invoice summary report')).toEqual(formulaGrid('EFLOW_INVOICE_SUMMARY', 'paid'));
    expect(sheetValues(harness, 'Invoices report 2')).toEqual(formulaGrid('EFLOW_INVOICES'));

    const reports = reportStore(harness)
      .list()
      .reports.map(({ definition }) => [definition.id, definition.kind, definition.filters, definition.mode, definition.schedule.frequency]);
    expect(reports).toEqual([
      ['invoice-summary-report', 'summary', { status: 'paid' }, 'replace', 'hourly'],
      ['invoices-report', 'invoices', { status: 'unpaid', start_date: '2026-01-01' }, 'replace', 'hourly'],
      ['invoices-report-2', 'invoices', {}, 'replace', 'hourly'],
    ]);
    expect(harness.sheets.triggers.triggers.map((trigger) => trigger.handler)).toEqual(['onReportsTrigger']);
  });

  it('says what to do when the formula takes its filters from cells', () => {
    typeAndSelect('A1', 'unpaid');
    typeAndSelect('B2', '=EFLOW_INVOICES(A1)');
    expect(harness.execute('menuInsertReport')).toMatchObject({ ok: true });
    expect(lastDialog()).toMatch(/^A report takes the values typed in the formula, and this one has something else .*create the report in the sidebar\.$/);
    expect(reportStore(harness).list().reports).toEqual([]);
  });
});

describe('Refresh', () => {
  it('refreshes every report now from "Refresh all", and only the active sheet\'s report from "Refresh this sheet"', async () => {
    addReport(harness, { id: 'all', name: 'All invoices', kind: 'invoices', mode: 'replace', sheet: 'All', schedule: { frequency: 'daily', hour: 6 } });
    addReport(harness, { id: 'lines', name: 'Lines', kind: 'lines', mode: 'merge', sheet: 'Lines' });
    expect(harness.execute('menuRefreshAll')).toMatchObject({ ok: true });
    expect(lastDialog()).toMatch(/^All invoices: ok, \d+ rows written, 0 rows removed, 1 request\.\nLines: ok, \d+ rows written, 0 rows removed, \d+ requests\.$/);
    expect(sheetValues(harness, 'All')).toEqual(formulaGrid('EFLOW_INVOICES'));

    const changed = (await apiOf(harness).mutate({ kind: 'changeFraction', fraction: 0.05 })).ids.length;
    const linesBefore = syncLogLines(harness).filter((line) => line.report === 'Lines').length;
    userSpreadsheetApp(harness).getActive().getSheetByName('All')?.activate();
    expect(harness.execute('menuRefreshThisSheet')).toMatchObject({ ok: true });
    expect(lastDialog()).toBe(`All invoices: ok, ${changed} row${changed === 1 ? '' : 's'} written, 0 rows removed, 1 request.`);
    expect(sheetValues(harness, 'All')).toEqual(formulaGrid('EFLOW_INVOICES'));
    expect(syncLogLines(harness).filter((line) => line.report === 'Lines')).toHaveLength(linesBefore);

    userSpreadsheetApp(harness).getActive().getSheetByName('Sheet1')?.activate();
    harness.execute('menuRefreshThisSheet');
    expect(lastDialog()).toBe('Sheet "Sheet1" holds no report. Insert one from the menu, or open a report\'s sheet first.');
  });
});

describe('EFLOW_ formulas in the document', () => {
  it('show fresh data after a scheduled refresh, with no user action', async () => {
    addReport(harness, { id: 'summary', name: 'Summary', kind: 'summary', mode: 'replace', sheet: 'Summary', schedule: { frequency: 'hourly' } });
    typeAndSelect('A1', '=EFLOW_INVOICES()');
    const book = harness.sheets.spreadsheet;
    book.recalculate();
    const sheet = book.sheet('Sheet1');
    const statusOf = (invoiceId: number): PlainValue | undefined => {
      for (let row = 2; row <= sheet.lastRow(); row += 1) if (sheet.typedValueAt(row, 1) === invoiceId) return sheet.typedValueAt(row, 2) as PlainValue;
      return undefined;
    };
    const unpaid = (await apiOf(harness).invoices()).find((invoice) => statusOf(invoice.id) === 'unpaid');
    if (!unpaid) throw new Error('The data needs an unpaid invoice.');
    expect(fireTrigger(harness)).toMatchObject({ ok: true });

    await apiOf(harness).mutate({ kind: 'touch', ids: [unpaid.id], changes: { status: 'paid' } });
    // Nothing the user does and nothing Sheets does on its own recalculates the formula: its arguments never change.
    expect(book.recalculate()).toBe(0);
    expect(statusOf(unpaid.id)).toBe('unpaid');

    const calls = book.customFunctionCalls.length;
    expect(fireTrigger(harness)).toMatchObject({ ok: true });
    expect(statusOf(unpaid.id)).toBe('paid');
    expect(book.customFunctionCalls.slice(calls).map((call) => [call.name, call.cell])).toEqual([['EFLOW_INVOICES', 'Sheet1!A1']]);
    expect(sheet.formulaAt(1, 1)).toBe('=EFLOW_INVOICES()');
  });
});
