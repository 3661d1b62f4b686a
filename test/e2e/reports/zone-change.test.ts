/**
 * The spreadsheet's time zone changes between two runs. Sheets keeps what each date cell shows,
 * so every moment already on a sheet (a line's Created, a payment's Paid on, a history row's
 * Recorded at) would now read as another moment beside rows written in the new zone. The next
 * run re-renders them from the sheet itself: no request beyond the usual incremental ones.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import { toPlainGrid } from '../../../test-support/emulator/emulator';
import type { AddOnHarness } from '../../../test-support/harness';
import { wallMsAt } from '../../../test-support/intl-zone-rules';
import { userSpreadsheetApp } from '../../../tools/runner/report-document';
import type { ReportRun } from '../../../tools/runner/report-runs';
import { addReport, apiOf, HOUR_MS, plainResult, runByTrigger, sheetValues, startReportsHarness, type PlainValue } from '../support-reports/reports-harness';

const FIRST_ZONE = 'Europe/Paris';
const NEW_ZONE = 'America/Los_Angeles';

let harness: AddOnHarness;
let lines: ReportDefinition;
let payments: ReportDefinition;
let history: ReportDefinition;
let firstRun: ReportRun;
let afterChange: ReportRun;
let changed: number[];
let invoiceIds: number[];

/** What the custom function shows for every invoice now, in sheet terms: what the report should show. */
function fromFormula(name: 'EFLOW_INVOICE_LINES' | 'EFLOW_INVOICE_PAYMENTS'): PlainValue[][] {
  const outcome = harness.formula(
    name,
    invoiceIds.map((id) => [id]),
  );
  if (!outcome.ok) throw new Error(outcome.error);
  return toPlainGrid(outcome.value)
    .slice(1)
    .map((row) => row.map((cell) => plainResult(cell, NEW_ZONE)));
}

const sorted = (grid: PlainValue[][]): string[] => grid.map((row) => JSON.stringify(row)).sort();

beforeAll(async () => {
  harness = await startReportsHarness({ api: { invoiceCount: 40 }, spreadsheetTimeZone: FIRST_ZONE });
  lines = addReport(harness, { id: 'lines', name: 'Lines', kind: 'lines', mode: 'merge', sheet: 'Lines', schedule: { frequency: 'hourly' } });
  payments = addReport(harness, { id: 'payments', name: 'Payments', kind: 'payments', mode: 'replace', sheet: 'Payments', schedule: { frequency: 'hourly' } });
  history = addReport(harness, { id: 'history', name: 'History', kind: 'invoices', mode: 'history', sheet: 'History', schedule: { frequency: 'hourly' } });
  firstRun = runByTrigger(harness, lines);
  harness.clock.advance(HOUR_MS);

  userSpreadsheetApp(harness).getActive().setSpreadsheetTimeZone(NEW_ZONE);
  changed = (await apiOf(harness).mutate({ kind: 'changeFraction', fraction: 0.1 })).ids;
  afterChange = runByTrigger(harness, lines);
  invoiceIds = await apiOf(harness).invoiceIds();
});
afterAll(async () => {
  await harness.close();
});

it('re-renders a lines report whole: old rows and new rows alike show each moment in the new zone', () => {
  expect(changed.length).toBeGreaterThan(0);
  expect(sorted(sheetValues(harness, lines.sheet).slice(1))).toEqual(sorted(fromFormula('EFLOW_INVOICE_LINES')));
});

it('re-renders a payments report whole', () => {
  expect(sorted(sheetValues(harness, payments.sheet).slice(1))).toEqual(sorted(fromFormula('EFLOW_INVOICE_PAYMENTS')));
});

it('moves the history rows recorded before the change to the new zone', () => {
  const wallMs = (text: PlainValue): number => Date.parse(`${String(text)}Z`);
  const rows = sheetValues(harness, history.sheet).slice(1);
  const firstRows = rows.filter((row) => row[1] === 'new');
  expect(firstRows.length).toBeGreaterThan(0);
  // Recorded during the first run, shown as the new zone shows that moment (before, they were 9 hours off).
  for (const row of firstRows) {
    const offsetMs = wallMs(row[0] ?? '') - wallMsAt(firstRun.startedAtMs, NEW_ZONE);
    expect(offsetMs >= 0 && offsetMs < 60_000).toBe(true);
  }
  expect(rows.filter((row) => row[1] !== 'new').length).toBeGreaterThan(0);
});

it('costs no request beyond the incremental ones, and a run after that rewrites nothing', () => {
  expect(afterChange.log).toMatchObject({ report: lines.name, result: 'ok', requests: 1 + changed.length });
  harness.clock.advance(HOUR_MS);
  const quiet = runByTrigger(harness, lines);
  expect(quiet.log).toMatchObject({ result: 'ok', requests: 1, rowsWritten: 0, rowsRemoved: 0 });
});
