/**
 * A lines report over more invoices than one execution can fetch (the real rate limit, 5
 * requests a second, and 150 ms latency): the backfill spans executions, each writing whole
 * invoices and saying how far it came; afterwards a refresh costs exactly ceil(N / 2000) + K
 * requests for K changed invoices, and removed invoices' rows go without a request.
 */
import { progressText, type ReportDefinition } from '../../../src/app/reports/definition';
import { toPlainGrid } from '../../../test-support/emulator/emulator';
import type { AddOnHarness } from '../../../test-support/harness';
import type { ReportRun } from '../../../tools/runner/report-runs';
import { addReport, apiOf, plainResult, runByTrigger, sheetValues, startReportsHarness, type PlainValue } from '../support-reports/reports-harness';

/** More than two executions can fetch (about 1,270 invoices each), fewer than three. */
const INVOICE_COUNT = 2_800;
const PAGE_SIZE = 2_000;
const ZONE = 'Europe/Paris';

let harness: AddOnHarness;
let definition: ReportDefinition;
let invoiceCount: number;
const backfill: ReportRun[] = [];
/** Rows per invoice after each backfill run. */
const rowsAfterRun: Array<Map<number, number>> = [];

const rowsPerInvoice = (grid: readonly PlainValue[][]): Map<number, number> => {
  const counts = new Map<number, number>();
  for (const row of grid.slice(1)) counts.set(Number(row[0]), (counts.get(Number(row[0])) ?? 0) + 1);
  return counts;
};
const pages = (): number => Math.ceil(invoiceCount / PAGE_SIZE);

/** The rows EFLOW_INVOICE_LINES shows now for these invoices, in sheet terms. */
function linesFromFormula(ids: readonly number[]): PlainValue[][] {
  const outcome = harness.formula(
    'EFLOW_INVOICE_LINES',
    ids.map((id) => [id]),
  );
  if (!outcome.ok) throw new Error(outcome.error);
  return toPlainGrid(outcome.value)
    .slice(1)
    .map((row) => row.map((cell) => plainResult(cell, ZONE)));
}

function sheetRowsOf(ids: readonly number[]): PlainValue[][] {
  const wanted = new Set(ids);
  return sheetValues(harness, definition.sheet)
    .slice(1)
    .filter((row) => wanted.has(Number(row[0])));
}

beforeAll(async () => {
  harness = await startReportsHarness({ api: { invoiceCount: INVOICE_COUNT, latencyMs: 150 }, spreadsheetTimeZone: ZONE });
  invoiceCount = (await apiOf(harness).invoiceIds()).length;
  definition = addReport(harness, { id: 'lines', name: 'All line items', kind: 'lines', mode: 'merge', sheet: 'Lines', schedule: { frequency: 'daily', hour: 6 } });
  for (let run = 0; run < 5; run += 1) {
    backfill.push(runByTrigger(harness, definition));
    rowsAfterRun.push(rowsPerInvoice(sheetValues(harness, definition.sheet)));
    if (backfill.at(-1)?.status.progress === null) break;
  }
});
afterAll(async () => {
  await harness.close();
});

describe('the first backfill', () => {
  it('spans several executions, each stopping cleanly before the time limit', () => {
    // On the virtual clock each execution fetches the same 1,277 invoices before it stops, however busy the machine: three runs.
    expect(backfill.length).toBe(3);
    expect(backfill.map((run) => run.status.progress?.done ?? null)).toEqual([1_277, 2_554, null]);
    expect(backfill.map((run) => run.log?.result)).toEqual([...backfill.slice(1).map(() => 'partial'), 'ok']);
    expect(backfill.every((run) => run.outcome.ok && (run.log?.durationSeconds ?? Infinity) < 300)).toBe(true);
  });

  it('records how far it came, in the status and the Sync log', () => {
    const progress = backfill.map((run) => run.status.progress);
    expect(progress.at(-1)).toBeNull();
    const done = progress.slice(0, -1).map((step) => step?.done ?? 0);
    expect(done[0]).toBeGreaterThan(0);
    expect(done.every((count, index) => index === 0 || count > (done[index - 1] ?? Infinity))).toBe(true);
    expect(progress.slice(0, -1).every((step) => step?.total === invoiceCount)).toBe(true);
    backfill.slice(0, -1).forEach((run) => {
      expect(progressText(run.status.progress)).toMatch(/^\d{1,3}(,\d{3})* \/ 2,\d{3} invoices$/);
      expect(run.log?.details).toBe(`Backfill under way: ${progressText(run.status.progress) ?? ''}. The next run continues.`);
    });
  });

  it('continues at the next hourly firing rather than the next daily slot', () => {
    // Saved mid-day, the daily 06:00 report first ran at its slot; the rest of the backfill ran an hour apart.
    const started = backfill.map((run) => run.startedAtMs);
    expect(started.slice(1).map((at, index) => at - (started[index] ?? 0))).toEqual(started.slice(1).map(() => 3_600_000));
    expect(backfill.slice(1).map((run) => run.executions)).toEqual(backfill.slice(1).map(() => 1));
  });

  it('writes every invoice whole in every run', () => {
    const final = rowsAfterRun.at(-1) ?? new Map<number, number>();
    expect(final.size).toBeGreaterThan(invoiceCount * 0.9);
    for (const partial of rowsAfterRun.slice(0, -1)) {
      expect(partial.size).toBeGreaterThan(0);
      for (const [invoiceId, rows] of partial) expect([invoiceId, rows]).toEqual([invoiceId, final.get(invoiceId)]);
    }
  });

  it('fetches each invoice once, pacing so that Everflow never answers 429', () => {
    const requests = backfill.reduce((sum, run) => sum + (run.log?.requests ?? 0), 0);
    expect(requests).toBe(backfill.length * pages() + invoiceCount);
    expect(backfill.map((run) => run.log?.rateLimited)).toEqual(backfill.map(() => 0));
  });

  it('shows the lines EFLOW_INVOICE_LINES shows', async () => {
    const ids = await apiOf(harness).invoiceIds();
    const sample = [ids[0], ids[1], ids[Math.floor(ids.length / 2)], ids.at(-2), ids.at(-1)].filter((id): id is number => id !== undefined);
    expect(sheetRowsOf(sample)).toEqual(linesFromFormula(sample));
  });
});

describe('afterwards', () => {
  it('costs ceil(N / 2000) requests when nothing changed, and writes nothing', () => {
    harness.clock.advance(24 * 3_600_000);
    const run = runByTrigger(harness, definition);
    expect(run.log).toMatchObject({ result: 'ok', requests: pages(), rateLimited: 0, rowsWritten: 0, rowsRemoved: 0 });
  });

  it('costs exactly ceil(N / 2000) + K requests with K invoices changed; removed invoices cost nothing and their rows go', async () => {
    const api = apiOf(harness);
    const changed = (await api.mutate({ kind: 'changeFraction', fraction: 0.01 })).ids;
    expect(changed.length).toBe(Math.round(invoiceCount * 0.01));
    const ids = (await api.invoiceIds()).filter((id) => !changed.includes(id));
    const removed = (await api.mutate({ kind: 'remove', ids: [ids[3] ?? 0, ids[500] ?? 0, ids.at(-1) ?? 0] })).ids;
    const rowsOfRemoved = sheetRowsOf(removed).length;
    expect(rowsOfRemoved).toBeGreaterThan(0);
    invoiceCount -= removed.length;
    harness.clock.advance(24 * 3_600_000);

    const run = runByTrigger(harness, definition);
    expect(run.log).toMatchObject({ result: 'ok', requests: pages() + changed.length, rateLimited: 0, rowsRemoved: rowsOfRemoved });
    expect(sheetRowsOf(removed)).toEqual([]);
    const sample = changed.slice(0, 5);
    expect(sheetRowsOf(sample).sort()).toEqual(linesFromFormula(sample).sort());
  });
});
