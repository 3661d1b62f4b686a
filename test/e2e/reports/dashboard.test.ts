/**
 * The receivables dashboard through the built bundle: its tables match EFLOW_INVOICE_AGING, a
 * refresh keeps exactly one chart of each kind (the same objects, ranges moved, the user's title
 * and colours kept), writes only the cells that changed, and a failed refresh leaves it as it was.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import { toPlainGrid } from '../../../test-support/emulator/emulator';
import type { ChartRecord } from '../../../test-support/emulator/spreadsheet/charts';
import type { AddOnHarness } from '../../../test-support/harness';
import { reportStore, userSpreadsheetApp } from '../../../tools/runner/report-document';
import { addReport, apiOf, plainResult, runByTrigger, sheetValues, snapshotSheet, startReportsHarness, type PlainValue } from '../support-reports/reports-harness';

const ZONE = 'Europe/Berlin';
const INVOICES = 120;
const SHEET = 'Receivables';

let harness: AddOnHarness;
beforeEach(async () => {
  harness = await startReportsHarness({ api: { invoiceCount: INVOICES }, spreadsheetTimeZone: ZONE });
});
afterEach(async () => {
  await harness.close();
});

function addDashboard(): ReportDefinition {
  return addReport(harness, { id: 'receivables', name: 'Receivables', kind: 'dashboard', mode: 'replace', sheet: SHEET, schedule: { frequency: 'hourly' } });
}

function agingFormula(): PlainValue[][] {
  const outcome = harness.formula('EFLOW_INVOICE_AGING');
  if (!outcome.ok) throw new Error(`EFLOW_INVOICE_AGING failed: ${outcome.error}`);
  return toPlainGrid(outcome.value).map((row) => row.map((cell) => plainResult(cell, ZONE)));
}

function charts(): ChartRecord[] {
  return harness.sheets.spreadsheet.sheet(SHEET).charts;
}

const a1 = (chart: ChartRecord | undefined): string[] =>
  (chart?.ranges ?? []).map(({ area }) => `R${area.row}C${area.column}:${area.numRows}x${area.numColumns}`);

/** The dashboard's aging table: the rows from its header down to the first blank row. */
function agingTable(values: PlainValue[][]): PlainValue[][] {
  const start = values.findIndex((row) => row[0] === 'Currency');
  const end = values.findIndex((row, index) => index > start && row[0] === '');
  return values.slice(start, end).map((row) => row.slice(0, 8));
}

it('shows the aging EFLOW_INVOICE_AGING shows, from the list requests alone, with two charts', async () => {
  const definition = addDashboard();
  await apiOf(harness).resetStats();
  const run = runByTrigger(harness, definition);
  expect(run.log).toMatchObject({ result: 'ok' });
  const stats = await apiOf(harness).stats();
  expect(stats.byRoute.detail).toBe(0);
  expect(stats.byRoute.list).toBe(Math.ceil(INVOICES / 2000));

  const values = sheetValues(harness, SHEET);
  expect(values[0]?.slice(0, 2)).toEqual(['Receivables dashboard', 'As of']);
  expect(agingTable(values)).toEqual(agingFormula());
  expect(values.some((row) => row[0] === 'Week of')).toBe(true);

  const [aging, due, ...others] = charts();
  expect(others).toHaveLength(0);
  expect(aging?.type).toBe('COLUMN');
  expect(aging?.options.get('isStacked')).toBe(true);
  expect(due?.options.get('isStacked')).toBe(false);
  const currencies = agingFormula().length - 1;
  expect(a1(aging)).toEqual([`R4C1:${1 + currencies}x7`]);
});

it('updates the same charts in place on each refresh, keeping the user\'s title and colours', async () => {
  const definition = addDashboard();
  runByTrigger(harness, definition);
  const [agingBefore, dueBefore] = charts();
  const sheet = userSpreadsheetApp(harness).getActive().getSheetByName(SHEET);
  if (!sheet) throw new Error('no dashboard sheet');
  const userChart = sheet.getCharts().find((chart) => chart.getChartId() === agingBefore?.chartId);
  sheet.updateChart(userChart?.modify().setOption('title', 'Who owes us').setOption('colors', ['#112233', '#445566']).build());

  // Every unpaid invoice of one currency is paid: that currency leaves the aging table, the chart's range shrinks.
  const firstCurrency = String(agingFormula()[1]?.[0]);
  const paid = (await apiOf(harness).invoices()).filter((invoice) => invoice.currency.toUpperCase() === firstCurrency).map((invoice) => invoice.id);
  await apiOf(harness).mutate({ kind: 'touch', ids: paid, changes: { status: 'paid' } });

  for (let refresh = 0; refresh < 3; refresh += 1) runByTrigger(harness, definition);

  const [aging, due, ...others] = charts();
  expect(others).toHaveLength(0);
  expect(aging?.chartId).toBe(agingBefore?.chartId);
  expect(due?.chartId).toBe(dueBefore?.chartId);
  expect(aging?.options.get('title')).toBe('Who owes us');
  expect(aging?.options.get('colors')).toEqual(['#112233', '#445566']);
  const currencies = agingFormula().length - 1;
  expect(a1(aging)).toEqual([`R4C1:${1 + currencies}x7`]);
  expect(a1(aging)).not.toEqual(a1(agingBefore));
  expect(agingTable(sheetValues(harness, SHEET))).toEqual(agingFormula());
  expect(agingFormula().map((row) => row[0])).not.toContain(firstCurrency);
  // The weeks chart lost that currency's series too.
  expect(due?.ranges.map(({ area }) => area.numColumns)).toEqual([1 + currencies]);
  expect(dueBefore?.ranges.map(({ area }) => area.numColumns)).toEqual([2 + currencies]);

  // The currency comes back: both ranges grow again, still the same two charts with the user's title.
  await apiOf(harness).mutate({ kind: 'touch', ids: paid, changes: { status: 'unpaid' } });
  for (let refresh = 0; refresh < 3; refresh += 1) runByTrigger(harness, definition);
  const [agingAgain, dueAgain, ...more] = charts();
  expect(more).toHaveLength(0);
  expect([agingAgain?.chartId, dueAgain?.chartId]).toEqual([agingBefore?.chartId, dueBefore?.chartId]);
  expect(a1(agingAgain)).toEqual(a1(agingBefore));
  expect(dueAgain?.ranges.map(({ area }) => area.numColumns)).toEqual([2 + currencies]);
  expect(agingAgain?.options.get('title')).toBe('Who owes us');
  expect(agingAgain?.options.get('colors')).toEqual(['#112233', '#445566']);
  expect(agingTable(sheetValues(harness, SHEET))).toEqual(agingFormula());
});

it('writes only the cells whose values changed, and nothing when nothing changed', async () => {
  const definition = addDashboard();
  runByTrigger(harness, definition);
  const calls = harness.sheets.calls;

  calls.reset();
  const unchanged = runByTrigger(harness, definition);
  expect(unchanged.log).toMatchObject({ result: 'ok', rowsWritten: 0, rowsRemoved: 0 });
  expect(calls.count('Range.setValues')).toBe(0);

  // One invoice overdue and paid: its aging bucket, its currency's total, and the largest overdue list change.
  const values = sheetValues(harness, SHEET);
  const largestStart = values.findIndex((row) => row[1] === 'Invoice ID');
  const paidId = Number(values[largestStart + 1]?.[1]);
  await apiOf(harness).mutate({ kind: 'touch', ids: [paidId], changes: { status: 'paid' } });
  calls.reset();
  runByTrigger(harness, definition);
  const after = sheetValues(harness, SHEET);
  const changedCells = after.flatMap((row, r) => row.filter((cell, c) => cell !== values[r]?.[c])).length;
  expect(changedCells).toBeGreaterThan(0);
  // Only rows that hold a changed cell are written, and never more cells than a row's run of changes.
  expect(calls.count('Range.setValues')).toBeLessThanOrEqual(changedCells);
  // Exactly one write per run of neighbouring changed cells in a row.
  const width = Math.max(...after.map((row) => row.length), ...values.map((row) => row.length));
  const runs = Array.from({ length: Math.max(after.length, values.length) }, (_, r) =>
    Array.from({ length: width }, (_, c) => (after[r]?.[c] ?? '') !== (values[r]?.[c] ?? '')).filter((changed, c, row) => changed && !row[c - 1]).length,
  ).reduce((total, count) => total + count, 0);
  expect(calls.count('Range.setValues')).toBe(runs);
  expect(calls.count('Sheet.insertChart')).toBe(0);
  expect(calls.count('Sheet.updateChart')).toBe(2);
  expect(agingTable(after)).toEqual(agingFormula());
});

it('leaves the last good dashboard when a refresh fails', async () => {
  const definition = addDashboard();
  runByTrigger(harness, definition);
  const before = snapshotSheet(harness, SHEET);
  const chartsBefore = charts().map((chart) => ({ id: chart.chartId, ranges: a1(chart) }));
  await apiOf(harness).mutate({ kind: 'touch', ids: (await apiOf(harness).invoices()).slice(0, 5).map((invoice) => invoice.id), changes: { status: 'paid' } });
  await apiOf(harness).resetStats();
  await apiOf(harness).configure({ faults: { plan: Object.fromEntries(Array.from({ length: 20 }, (_, index) => [index, '500' as const])) } });
  try {
    const run = runByTrigger(harness, definition);
    expect(run.log).toMatchObject({ result: 'failed' });
  } finally {
    await apiOf(harness).configure({ faults: { plan: {} } });
  }
  expect(snapshotSheet(harness, SHEET)).toEqual(before);
  expect(charts().map((chart) => ({ id: chart.chartId, ranges: a1(chart) }))).toEqual(chartsBefore);
});

it('refuses a sheet holding other data, and writes nothing there', () => {
  const book = userSpreadsheetApp(harness).getActive();
  book.insertSheet(SHEET).getRange('A1:B2').setValues([
    ['My notes', 1],
    ['keep', 2],
  ]);
  const before = snapshotSheet(harness, SHEET);
  const run = runByTrigger(harness, addDashboard());
  expect(run.log).toMatchObject({ result: 'failed' });
  expect(run.log?.details).toContain('a dashboard owns its whole sheet');
  expect(snapshotSheet(harness, SHEET)).toEqual(before);
  expect(charts()).toHaveLength(0);
});

it('"Add a receivables dashboard" adds one on its own sheet, refreshed at once and every morning', () => {
  userSpreadsheetApp(harness).getActive().insertSheet('Receivables dashboard');
  expect(harness.execute('menuAddDashboard')).toMatchObject({ ok: true });
  expect(harness.sheets.ui.dialogs.at(-1)?.prompt).toMatch(
    /^Receivables dashboard of "Everflow" added on sheet "Receivables dashboard 2", refreshed daily at 06:00 \(change the schedule in the sidebar's Reports tab\)\.\nReceivables dashboard 2: ok, \d+ rows written, 0 rows removed, 1 request\.$/,
  );
  const [report] = reportStore(harness).list().reports;
  expect(report?.definition).toMatchObject({ kind: 'dashboard', sheet: 'Receivables dashboard 2', schedule: { frequency: 'daily', hour: 6 } });
  expect(harness.sheets.spreadsheet.sheet('Receivables dashboard 2').charts).toHaveLength(2);
  expect(harness.sheets.triggers.triggers.map((trigger) => trigger.handler)).toEqual(['onReportsTrigger']);
});

it('puts back a chart the user deleted, once, and keeps the other', () => {
  const definition = addDashboard();
  runByTrigger(harness, definition);
  const [aging, due] = charts();
  const sheet = userSpreadsheetApp(harness).getActive().getSheetByName(SHEET);
  sheet?.removeChart(sheet.getCharts().find((chart) => chart.getChartId() === aging?.chartId));
  expect(charts()).toHaveLength(1);

  runByTrigger(harness, definition);
  runByTrigger(harness, definition);
  const after = charts();
  expect(after).toHaveLength(2);
  expect(after.map((chart) => chart.chartId)).toContain(due?.chartId);
  expect(after.map((chart) => chart.chartId)).not.toContain(aging?.chartId);
  expect(after.find((chart) => chart.chartId !== due?.chartId)?.options.get('isStacked')).toBe(true);
});

it('finds its own two charts again when their ids were forgotten (the report removed and added again on its sheet), adding none', () => {
  const definition = addDashboard();
  runByTrigger(harness, definition);
  const [aging, due] = charts();
  const sheet = userSpreadsheetApp(harness).getActive().getSheetByName(SHEET);
  const userChart = sheet?.getCharts().find((chart) => chart.getChartId() === due?.chartId);
  sheet?.updateChart(userChart?.modify().setOption('title', 'Cash in').build());
  // A user's own chart over other cells stays theirs.
  sheet?.insertChart(sheet.newChart().asLineChart().addRange(sheet.getRange('A1:B2')).build());

  harness.emulator.documentProperties.deleteProperty(`dashboard.charts.${definition.id}`);
  runByTrigger(harness, definition);
  runByTrigger(harness, definition);
  const after = charts();
  expect(after.map((chart) => chart.chartId)).toEqual([aging?.chartId, due?.chartId, expect.any(Number)]);
  expect(after.map((chart) => chart.type)).toEqual(['COLUMN', 'COLUMN', 'LINE']);
  expect(after[1]?.options.get('title')).toBe('Cash in');
});
