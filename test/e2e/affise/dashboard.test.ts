/**
 * The receivables dashboard of an Affise account through the built bundle, against the fake
 * Affise, every invoice owed: a refresh costs ceil(N / 100) list requests and no request for one
 * invoice; its aging is AFFISE_INVOICE_AGING's (partly paid
 * invoices owe an unknown part); an unchanged refresh writes no cell; a refresh with changed data
 * writes only the cells that changed and keeps exactly one chart of each kind, the same objects,
 * with the title and colours the user gave them. The menu item asks which account to read.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import { SharedClock } from '../../../test-support/clock';
import { toPlainGrid } from '../../../test-support/emulator/emulator';
import type { ChartRecord } from '../../../test-support/emulator/spreadsheet/charts';
import { RangeFake } from '../../../test-support/emulator/spreadsheet/spreadsheet-app';
import { AddOnHarness } from '../../../test-support/harness';
import { reportStore, userSpreadsheetApp } from '../../../tools/runner/report-document';
import { runReportOnce, type ReportRun } from '../../../tools/runner/report-runs';
import { addReport, plainResult, sheetValues, snapshotSheet, type PlainValue } from '../support-reports/reports-harness';
import { measureAffise, requestsByPath } from './affise-expected';

const ZONE = 'America/Sao_Paulo';
/** The behaviour at a size that runs in seconds; dashboard-cost.test.ts counts the requests of 10,000. */
const PAYMENTS = 1_200;
const PAGE = 100;
const SHEET = 'Affise receivables';
const WAITING = 1;
const PARTLY_PAID = 3;
const PENDING = 4;
const COMPLETED = 2;

let harness: AddOnHarness;
let definition: ReportDefinition;

beforeAll(async () => {
  harness = await AddOnHarness.start({ clock: SharedClock.virtual(), spreadsheetTimeZone: ZONE, affise: { paymentCount: PAYMENTS, partnerCount: 40, latencyMs: 20 } });
  // Every invoice owed: what Affise would not ask for (completed, declined, unknown codes) becomes waiting or pending; partly paid stay.
  const notOwed = (await affise().payments()).filter((payment) => ![WAITING, PENDING, PARTLY_PAID].includes(payment.status)).map((payment) => payment.id);
  const half = Math.floor(notOwed.length / 2);
  await affise().mutate({ kind: 'touch', ids: notOwed.slice(0, half), status: WAITING });
  await affise().mutate({ kind: 'touch', ids: notOwed.slice(half), status: PENDING });
  definition = addReport(harness, { id: 'affise-receivables', name: 'Affise receivables', kind: 'affise-dashboard', mode: 'replace', sheet: SHEET });
});
afterAll(async () => {
  jest.restoreAllMocks();
  await harness?.close();
});

function affise() {
  if (!harness.affise) throw new Error('no fake Affise');
  return harness.affise;
}

/** The cells each setValues call is given: what the add-on writes, counted cell by cell. */
function countWrittenCells(): { cells: () => number; calls: () => number } {
  const spy = jest.spyOn(RangeFake.prototype, 'setValues');
  const before = spy.mock.calls.length;
  return {
    calls: () => spy.mock.calls.length - before,
    cells: () =>
      spy.mock.calls.slice(before).reduce((sum, [values]) => sum + (Array.isArray(values) ? values.reduce((count: number, row: unknown) => count + (Array.isArray(row) ? row.length : 0), 0) : 0), 0),
  };
}

async function refresh(): Promise<{ run: ReportRun; requests: Record<string, number>; detail: number }> {
  const { value, stats } = await measureAffise(harness, () => runReportOnce(harness, definition));
  return { run: value, requests: requestsByPath(stats), detail: stats.byRoute.get };
}

function agingFormula(): PlainValue[][] {
  const outcome = harness.formula('AFFISE_INVOICE_AGING');
  if (!outcome.ok) throw new Error(`AFFISE_INVOICE_AGING failed: ${outcome.error}`);
  return toPlainGrid(outcome.value).map((row) => row.map((cell) => plainResult(cell, ZONE)));
}

/** The dashboard's aging table: from its header down to the first blank row. */
function agingTable(values: PlainValue[][]): PlainValue[][] {
  const start = values.findIndex((row) => row[0] === 'Currency');
  const end = values.findIndex((row, index) => index > start && row[0] === '');
  return values.slice(start, end).map((row) => row.slice(0, 8));
}

const charts = (sheet = SHEET): ChartRecord[] => harness.sheets.spreadsheet.sheet(sheet).charts;
const ranges = (chart: ChartRecord | undefined): string[] => (chart?.ranges ?? []).map(({ area }) => `R${area.row}C${area.column}:${area.numRows}x${area.numColumns}`);

it('costs ceil(N / 100) list requests and no request for one invoice, and shows the aging AFFISE_INVOICE_AGING shows', async () => {
  const owed = (await affise().payments()).filter((payment) => [WAITING, PENDING, PARTLY_PAID].includes(payment.status));
  expect(owed).toHaveLength(PAYMENTS);
  expect(owed.some((payment) => payment.status === PARTLY_PAID)).toBe(true);

  const { run, requests, detail } = await refresh();
  expect(run.log).toMatchObject({ result: 'ok', requests: Math.ceil(PAYMENTS / PAGE) });
  expect(requests).toEqual({ '/3.1/payments 200': Math.ceil(PAYMENTS / PAGE) });
  expect(detail).toBe(0);

  const values = sheetValues(harness, SHEET);
  expect(values[0]?.slice(0, 2)).toEqual(['Receivables dashboard', 'As of']);
  expect(agingTable(values)).toEqual(agingFormula());
  // Several currencies, one row each, never added together; partly paid invoices leave their buckets blank with the reason.
  const currencies = agingFormula().slice(1).map((row) => row[0]);
  expect(new Set(currencies).size).toBe(currencies.length);
  expect(currencies.length).toBeGreaterThan(1);
  expect(agingTable(values).flat().some((cell) => typeof cell === 'string' && cell.startsWith('Left blank rather than short'))).toBe(true);

  const [aging, due, ...others] = charts();
  expect(others).toHaveLength(0);
  expect(aging?.options.get('isStacked')).toBe(true);
  expect(due?.options.get('isStacked')).toBe(false);
  expect(ranges(aging)).toEqual([`R4C1:${1 + currencies.length}x7`]);
  // What falls due when: one column per currency.
  const weekHeader = values.find((row) => row[0] === 'Week of') ?? [];
  expect(weekHeader.slice(1, 1 + currencies.length)).toEqual(currencies);
});

it('with nothing changed, a second refresh costs the same list requests and writes no cell', async () => {
  const writes = countWrittenCells();
  harness.sheets.calls.reset();
  const { run, requests, detail } = await refresh();
  expect(run.log).toMatchObject({ result: 'ok', rowsWritten: 0, rowsRemoved: 0 });
  expect(requests).toEqual({ '/3.1/payments 200': Math.ceil(PAYMENTS / PAGE) });
  expect(detail).toBe(0);
  expect(writes.cells()).toBe(0);
  expect(harness.sheets.calls.count('Range.setValues')).toBe(0);
  expect(harness.sheets.calls.count('Range.setNumberFormats')).toBe(0);
  expect(harness.sheets.calls.count('Sheet.insertChart')).toBe(0);
  expect(harness.sheets.calls.count('Sheet.updateChart')).toBe(2);
});

it('with changed data, writes only the cells that changed, and keeps one chart of each kind with the user\'s title and colours', async () => {
  const [agingBefore, dueBefore] = charts();
  const sheet = userSpreadsheetApp(harness).getActive().getSheetByName(SHEET);
  if (!sheet) throw new Error('no dashboard sheet');
  for (const [chartId, title, colors] of [
    [agingBefore?.chartId, 'Who owes us', ['#112233', '#445566']],
    [dueBefore?.chartId, 'Cash to come', ['#778899']],
  ] as const) {
    const chart = sheet.getCharts().find((candidate) => candidate.getChartId() === chartId);
    sheet.updateChart(chart?.modify().setOption('title', title).setOption('colors', [...colors]).build());
  }

  // The largest overdue invoice is paid and another one's status leaves what is owed.
  const before = sheetValues(harness, SHEET);
  const largest = before.findIndex((row) => row[1] === 'Invoice ID');
  const paidIds = [Number(before[largest + 1]?.[1]), Number(before[largest + 2]?.[1])];
  await affise().mutate({ kind: 'touch', ids: paidIds, status: COMPLETED });

  const writes = countWrittenCells();
  harness.sheets.calls.reset();
  const { run, requests, detail } = await refresh();
  expect(run.log?.result).toBe('ok');
  expect(requests).toEqual({ '/3.1/payments 200': Math.ceil((PAYMENTS - paidIds.length) / PAGE) });
  expect(detail).toBe(0);

  const after = sheetValues(harness, SHEET);
  const width = Math.max(...[...before, ...after].map((row) => row.length));
  const rows = Math.max(before.length, after.length);
  let changed = 0;
  for (let r = 0; r < rows; r += 1) for (let c = 0; c < width; c += 1) if ((before[r]?.[c] ?? '') !== (after[r]?.[c] ?? '')) changed += 1;
  expect(changed).toBeGreaterThan(0);
  // Exactly the cells whose values changed are written (their formats go with them), in runs of neighbours.
  expect(writes.cells()).toBe(changed);
  expect(writes.calls()).toBeLessThanOrEqual(changed);
  expect(agingTable(after)).toEqual(agingFormula());
  expect(after.flat()).not.toContain(paidIds[0]);

  const [aging, due, ...others] = charts();
  expect(others).toHaveLength(0);
  expect(harness.sheets.calls.count('Sheet.insertChart')).toBe(0);
  expect(harness.sheets.calls.count('Sheet.updateChart')).toBe(2);
  expect([aging?.chartId, due?.chartId]).toEqual([agingBefore?.chartId, dueBefore?.chartId]);
  expect(aging?.options.get('title')).toBe('Who owes us');
  expect(aging?.options.get('colors')).toEqual(['#112233', '#445566']);
  expect(due?.options.get('title')).toBe('Cash to come');
  expect(due?.options.get('colors')).toEqual(['#778899']);
  expect(aging?.options.get('isStacked')).toBe(true);
});

it('leaves the last good dashboard, charts included, when Affise fails, and says so', async () => {
  const before = snapshotSheet(harness, SHEET);
  const chartsBefore = charts().map((chart) => ({ id: chart.chartId, ranges: ranges(chart), title: chart.options.get('title') }));
  const owed = (await affise().payments()).filter((payment) => payment.status === WAITING).slice(0, 3);
  await affise().mutate({ kind: 'touch', ids: owed.map((payment) => payment.id), status: COMPLETED });
  await affise().configure({ faults: { rates: { '500': 1 } } });
  try {
    const { run } = await refresh();
    expect(run.log?.result).toBe('failed');
    expect(run.status.lastError).toContain('The sheet keeps the data of the last successful run.');
  } finally {
    await affise().configure({ faults: { rates: {} } });
  }
  expect(snapshotSheet(harness, SHEET)).toEqual(before);
  expect(charts().map((chart) => ({ id: chart.chartId, ranges: ranges(chart), title: chart.options.get('title') }))).toEqual(chartsBefore);
  expect((await refresh()).run.log?.result).toBe('ok');
});

describe('"Add a receivables dashboard" with an Everflow and an Affise connection', () => {
  it('asks which account to read, and adds nothing when cancelled', () => {
    harness.sheets.ui.respond('CANCEL');
    expect(harness.execute('menuAddDashboard')).toMatchObject({ ok: true });
    const [question, answer] = harness.sheets.ui.dialogs.slice(-2);
    expect(question?.prompt).toBe('Which account should the dashboard read? Type its name: "Everflow" (Everflow), "Affise" (Affise).');
    expect(answer?.prompt).toBe('No dashboard was added.');
    expect(reportStore(harness).list().reports.map((report) => report.definition.id)).toEqual([definition.id]);
  });

  it('says which names there are when the one typed is none of them', () => {
    harness.sheets.ui.respond('OK', 'Tipalti');
    expect(harness.execute('menuAddDashboard')).toMatchObject({ ok: true });
    expect(harness.sheets.ui.dialogs.at(-1)?.prompt).toContain('No dashboard was added: no connection is named "Tipalti". Your connections: "Everflow" (Everflow), "Affise" (Affise).');
    expect(reportStore(harness).list().reports).toHaveLength(1);
  });

  it('adds an Affise dashboard for the Affise connection named, refreshed at once and every morning', async () => {
    harness.sheets.ui.respond('OK', ' affise ');
    const { value: outcome, stats } = await measureAffise(harness, () => harness.execute('menuAddDashboard'));
    expect(outcome).toMatchObject({ ok: true });
    const pages = Math.ceil((PAYMENTS - 5) / PAGE);
    expect(harness.sheets.ui.dialogs.at(-1)?.prompt).toMatch(
      new RegExp(
        `^Receivables dashboard of "Affise" added on sheet "Receivables dashboard", refreshed daily at 06:00 \\(change the schedule in the sidebar's Reports tab\\)\\.\\nReceivables dashboard: ok, \\d+ rows written, 0 rows removed, ${pages} requests\\.$`,
      ),
    );
    expect(stats.byRoute.get).toBe(0);
    const added = reportStore(harness)
      .list()
      .reports.find((report) => report.definition.id !== definition.id);
    expect(added?.definition).toMatchObject({ kind: 'affise-dashboard', sheet: 'Receivables dashboard', schedule: { frequency: 'daily', hour: 6 } });
    expect(added?.definition).not.toHaveProperty('account');
    expect(charts('Receivables dashboard')).toHaveLength(2);
    expect(agingTable(sheetValues(harness, 'Receivables dashboard'))).toEqual(agingTable(sheetValues(harness, SHEET)));
  });
});
