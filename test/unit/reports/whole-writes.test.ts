/**
 * The pieces that make a run's write whole: memory of any size fits the state sheet, the plan is
 * checked against Sheets' limits before anything is written, and moments on a sheet written in
 * another zone are re-rendered from the sheet itself.
 */
import { parseReportDefinition } from '../../../src/app/reports/definition';
import { cellRoom, checkPlanFits, checkProjectedReport, PlanRefusedError } from '../../../src/app/reports/plan-check';
import { readReportBlock } from '../../../src/app/reports/report-sheet';
import { headerRow, LINES_LAYOUT, PAYMENTS_LAYOUT, type ReportRow } from '../../../src/app/reports/report-table';
import { rezoneBlock } from '../../../src/app/reports/rezone';
import { emptySyncState, stateGrid, stateSheetName, SyncStateStore, type SyncState } from '../../../src/app/reports/sync-state';
import { applyPlan, type WritePlan } from '../../../src/app/reports/write-plan';
import { MAX_CELL_CHARS } from '../../../src/sheet/columns';
import { IntlZoneRules } from '../../../test-support/intl-zone-rules';
import { makeInvoice } from './support/fake-provider';
import { MemorySpreadsheet } from '../../../test-support/memory-spreadsheet';

const history = parseReportDefinition({ id: 'history', name: 'History', kind: 'invoices', mode: 'history', sheet: 'History' });
const zones = new IntlZoneRules();

describe('the memory of a report', () => {
  const withNote = (id: number, notes: string): SyncState['entries'] extends Map<number, infer E> ? E : never => ({
    invoiceId: id,
    updatedMs: 1_700_000_000_000 + id,
    rows: 0,
    item: { ...makeInvoice(id).item, notes },
  });

  it('splits an invoice longer than a cell across cells, and reads it back whole', () => {
    const long = `${'x'.repeat(120_000)}"\\\n${'é'.repeat(10)}`;
    const state: SyncState = { entries: new Map([[1, withNote(1, long)], [2, withNote(2, 'short')]]), timeZone: 'Asia/Tokyo', recordedAtMs: 42_000 };
    const grid = stateGrid(history, state);
    expect(grid.values.every((row) => row.length === grid.width && row.every((cell) => String(cell).length <= MAX_CELL_CHARS))).toBe(true);
    expect(grid.width).toBe(3 + 3);

    const spreadsheet = new MemorySpreadsheet();
    const store = new SyncStateStore(spreadsheet);
    store.save(grid, history.id);
    expect(store.load(history)).toEqual({ state, discarded: null });
    // A smaller memory later leaves nothing of the larger one behind.
    const smaller: SyncState = { entries: new Map([[2, withNote(2, 'short')]]), timeZone: 'Asia/Tokyo', recordedAtMs: 43_000 };
    store.save(stateGrid(history, smaller), history.id);
    expect(store.load(history)).toEqual({ state: smaller, discarded: null });
    expect(spreadsheet.sheetByName(stateSheetName(history.id))?.values().flat().filter((cell) => cell !== '').length).toBe(1 + 4);
  });

  it('reads a memory saved before it kept the zone (zone unknown: nothing is re-rendered)', () => {
    const spreadsheet = new MemorySpreadsheet();
    const sheet = spreadsheet.insertSheet(stateSheetName(history.id));
    const item = makeInvoice(7).item;
    const fingerprint = JSON.stringify({ kind: history.kind, mode: history.mode, sheet: history.sheet, filters: history.filters });
    sheet.writeBlock(
      1,
      1,
      [
        [JSON.stringify({ version: 1, fingerprint, count: 1 }), '', '', ''],
        [7, 5, 0, JSON.stringify(item)],
      ],
      [
        ['@', '@', '@', '@'],
        ['0', '0', '0', '@'],
      ],
    );
    expect(new SyncStateStore(spreadsheet).load(history)).toEqual({
      state: { entries: new Map([[7, { invoiceId: 7, updatedMs: 5, rows: 0, item }]]), timeZone: null, recordedAtMs: null },
      discarded: null,
    });
  });
});

describe('checking a plan before writing', () => {
  const row: ReportRow = { invoiceId: 1, cells: LINES_LAYOUT.headers.map(() => 1), formats: LINES_LAYOUT.headers.map(() => '0') };
  const planTo = (lastRow: number): WritePlan => ({ steps: [{ kind: 'write', row: 2, rows: Array<ReportRow>(lastRow - 1).fill(row) }], rowsChanged: lastRow - 1, rowsRemoved: 0 });

  it('refuses a report that would pass the 10 million cells, with its numbers, and writes nothing', () => {
    const spreadsheet = new MemorySpreadsheet();
    spreadsheet.insertSheet('Big').setMaxRows(300_000); // 7.8M cells of 26 columns
    const before = spreadsheet.snapshot();
    const check = (): void =>
      checkPlanFits({ room: cellRoom(spreadsheet, ['Lines']), sheet: null, sheetName: 'Lines', plan: planTo(200_000), width: LINES_LAYOUT.headers.length, state: null });
    expect(check).toThrow(PlanRefusedError);
    expect(check).toThrow(/^This report needs about 5\.2M cells; this spreadsheet has room for 2\.2M \(Sheets holds at most 10 million cells/);
    expect(spreadsheet.snapshot()).toBe(before);
  });

  it('counts the memory sheet with the report, and passes a plan that fits', () => {
    const spreadsheet = new MemorySpreadsheet();
    spreadsheet.insertSheet('Big').setMaxRows(300_000);
    const state = stateGrid(history, { ...emptySyncState(), entries: new Map([[1, { invoiceId: 1, updatedMs: null, rows: 0, item: null }]]) });
    const fits = { room: cellRoom(spreadsheet, ['Lines', '_eflow_state_x']), sheet: null, sheetName: 'Lines', plan: planTo(80_000), width: 14, state: { grid: state, size: null } };
    expect(() => checkPlanFits(fits)).not.toThrow();
    // 80,000 × 26 + 1,000 × 26 cells of memory: 2.106M, past the 2.2M room once the report grows a little.
    expect(() => checkPlanFits({ ...fits, plan: planTo(84_000) })).toThrow(/needs about 2\.2M cells; this spreadsheet has room for 2\.2M/);
  });

  it('projects a whole lines or payments report from its rows per invoice', () => {
    const spreadsheet = new MemorySpreadsheet();
    spreadsheet.insertSheet('Big').setMaxRows(300_000);
    const project = (rows: number): void =>
      checkProjectedReport({ room: cellRoom(spreadsheet, ['Lines', '_eflow_state_lines']), sheet: null, width: 14, rows, state: { size: null, rows: 20_000, width: 4 } });
    // 20,000 invoices' memory (80K cells) and 80,000 rows of 26 columns fit; 90,000 rows do not.
    expect(() => project(80_000)).not.toThrow();
    expect(() => project(90_000)).toThrow(/^This report needs about 2\.4M cells; this spreadsheet has room for 2\.2M /);
  });

  it('refuses a cell longer than Sheets holds', () => {
    const spreadsheet = new MemorySpreadsheet();
    const long: ReportRow = { ...row, cells: ['x'.repeat(MAX_CELL_CHARS + 1)], formats: ['@'] };
    expect(() =>
      checkPlanFits({ room: cellRoom(spreadsheet, ['Lines']), sheet: null, sheetName: 'Lines', plan: { steps: [{ kind: 'write', row: 5, rows: [long] }], rowsChanged: 1, rowsRemoved: 0 }, width: 1, state: null }),
    ).toThrow('Row 5 of sheet "Lines" would hold more than the 50,000 characters Sheets allows in a cell. Nothing was written.');
  });
});

describe('re-rendering moments after a zone change', () => {
  it('moves instants to what they were, leaves other cells and rows that are not the report’s', () => {
    const spreadsheet = new MemorySpreadsheet();
    const sheet = spreadsheet.insertSheet('Payments');
    const width = PAYMENTS_LAYOUT.headers.length;
    const paidOn = PAYMENTS_LAYOUT.headers.indexOf('Paid on');
    const moment = Date.UTC(2026, 2, 1, 12);
    // Written in Paris (12:00 UTC shows 13:00); the zone is now New York, where 13:00 is 18:00 UTC.
    const readNow = Date.UTC(2026, 2, 1, 18);
    const cells = PAYMENTS_LAYOUT.headers.map((_, index) => (index === 0 ? 9 : index === paidOn ? new Date(readNow) : 'x'));
    applyPlan(
      sheet,
      {
        steps: [
          { kind: 'write', row: 1, rows: [headerRow(PAYMENTS_LAYOUT), { invoiceId: 9, cells, formats: cells.map(() => '@') }] },
          { kind: 'write', row: 3, rows: [{ invoiceId: null, cells: ['my total', new Date(readNow)], formats: ['@', '@'] }] },
        ],
        rowsChanged: 2,
        rowsRemoved: 0,
      },
      width,
    );
    const rezoned = rezoneBlock(readReportBlock(sheet, width), PAYMENTS_LAYOUT, 'Europe/Paris', 'America/New_York', zones);
    expect(rezoned.rowsRewritten).toBe(1);
    expect(rezoned.steps).toHaveLength(1);
    expect(rezoned.block.rows[0]?.cells[paidOn]).toEqual(new Date(moment));
    expect(rezoned.block.rows[0]?.cells[2]).toBe('x');
    expect(rezoned.block.rows[1]?.cells[1]).toEqual(new Date(readNow));
    // Nothing to do once the zone is the one the sheet was written in.
    expect(rezoneBlock(rezoned.block, PAYMENTS_LAYOUT, 'America/New_York', 'America/New_York', zones).steps).toEqual([]);
  });
});
