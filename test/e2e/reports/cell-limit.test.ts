/**
 * A spreadsheet holds at most 10 million cells (the emulator refuses to grow past them as Sheets
 * does). A report that would pass the limit is refused before anything is written, saying how
 * many cells it needs and how many are left, and never stops halfway through a write.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import { stateSheetName } from '../../../src/app/reports/sync-state';
import type { AddOnHarness } from '../../../test-support/harness';
import { syncLogLines, userSpreadsheetApp } from '../../../tools/runner/report-document';
import { addReport, apiOf, HOUR_MS, runByTrigger, snapshotSheets, startReportsHarness } from '../support-reports/reports-harness';

const LIMIT = 10_000_000;
let harness: AddOnHarness;
let lines: ReportDefinition;

const cellsInUse = (): number => harness.sheets.spreadsheet.sheets.reduce((sum, sheet) => sum + sheet.maxRows * sheet.maxColumns, 0);

/** Adds a sheet that leaves `room` cells free, as a large archive tab would. */
function fillSpreadsheet(room: number): void {
  const archive = userSpreadsheetApp(harness).getActive().insertSheet('Archive');
  archive.insertRowsAfter(1, Math.floor((LIMIT - room - cellsInUse()) / 26));
}

beforeEach(async () => {
  harness = await startReportsHarness({ api: { invoiceCount: 40 } });
  lines = addReport(harness, { id: 'lines', name: 'Lines', kind: 'lines', mode: 'merge', sheet: 'Lines', schedule: { frequency: 'hourly' } });
});
afterEach(async () => {
  await harness.close();
});

it('models the limit: Sheets refuses to insert rows past 10 million cells', () => {
  fillSpreadsheet(1_000);
  const sheet = userSpreadsheetApp(harness).getActive().getSheetByName('Archive');
  expect(() => sheet?.insertRowsAfter(1, 100)).toThrow('This action would increase the number of cells in the workbook above the limit of 10000000 cells.');
});

it('refuses a report growing past the limit before fetching or writing any of it, says its numbers, and runs once there is room', async () => {
  expect(runByTrigger(harness, lines).log).toMatchObject({ result: 'ok' });
  // Room for what the report holds now and a little more; then many invoices arrive.
  fillSpreadsheet(5_000);
  await apiOf(harness).mutate({ kind: 'add', count: 500 });
  const owned = [lines.sheet, stateSheetName(lines.id)];
  const before = snapshotSheets(harness, owned);
  harness.clock.advance(HOUR_MS);

  const refused = runByTrigger(harness, lines);
  // Projected from the rows per invoice it remembers, before a single detail is fetched: the list is the only request.
  expect(refused.log).toMatchObject({ result: 'failed', rowsWritten: 0, rowsRemoved: 0, requests: 1 });
  const message = /^This report needs about (\d+)K cells; this spreadsheet has room for (\d+)K \(Sheets holds at most 10 million cells in a spreadsheet, empty ones included\)\. Nothing was written\./;
  expect(refused.status.lastError).toMatch(message);
  const [, needed, room] = message.exec(refused.status.lastError ?? '') ?? [];
  expect(Number(needed)).toBeGreaterThan(Number(room));
  // The report's sheet (1,000 × 26), its memory (cut to 1,000 × 4) and the 5K left over.
  expect(Number(room)).toBe(35);
  expect(snapshotSheets(harness, owned)).toEqual(before);
  expect(syncLogLines(harness).at(-1)).toMatchObject({ report: 'Lines', result: 'failed' });

  userSpreadsheetApp(harness).getActive().deleteSheet(userSpreadsheetApp(harness).getActive().getSheetByName('Archive'));
  harness.clock.advance(HOUR_MS);
  const ran = runByTrigger(harness, lines);
  expect(ran.log).toMatchObject({ result: 'ok' });
  expect(ran.log?.rowsWritten).toBeGreaterThan(500);
});

it('refuses a first run that does not fit, creating no sheet, and keeps room for its Sync log line', async () => {
  fillSpreadsheet(30_000);
  const refused = runByTrigger(harness, lines);
  // A new sheet (the report's, its memory's, the Sync log's) is 1,000 × 26 cells: the log takes 26K of the 30K.
  expect(refused.status.lastError).toMatch(/^This report needs about 52K cells; this spreadsheet has room for 4K /);
  expect(syncLogLines(harness).at(-1)).toMatchObject({ report: 'Lines', result: 'failed' });
  expect(snapshotSheets(harness, [lines.sheet, stateSheetName(lines.id)])).toEqual({ [lines.sheet]: null, [stateSheetName(lines.id)]: null });
});
