/**
 * Google's daily quotas on the built add-on: the emulator refuses URL fetches past the day's
 * quota and stops triggers past the day's runtime, as Apps Script does. A lines backfill that
 * meets either stops, keeps what it wrote, says which limit and that it goes on, and does go on
 * after the reset with no row twice. A refused fetch is never retried.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import { TriggerRuntimeQuota, UrlFetchQuota } from '../../../test-support/emulator/daily-quota';
import type { AddOnHarness } from '../../../test-support/harness';
import { syncLogLines } from '../../../tools/runner/report-document';
import type { ReportRun } from '../../../tools/runner/report-runs';
import { addReport, apiOf, closeAll, runByTrigger, sheetValues, startReportsHarness, type PlainValue } from '../support-reports/reports-harness';

const DAY_MS = 86_400_000;
const ZONE = 'Europe/Paris';
const URL_FETCH_MESSAGE = 'Service invoked too many times for one day: urlfetch.';
const RUNTIME_MESSAGE = 'Service using too much computer time for one day';

const linesReport = { id: 'lines', name: 'All line items', kind: 'lines', mode: 'merge', sheet: 'Lines', schedule: { frequency: 'hourly' } } as const;

const rowsPerInvoice = (grid: readonly PlainValue[][]): Record<number, number> => {
  const counts: Record<number, number> = {};
  for (const row of grid.slice(1)) counts[Number(row[0])] = (counts[Number(row[0])] ?? 0) + 1;
  return counts;
};
const nextMidnightUtc = (ms: number): number => (Math.floor(ms / DAY_MS) + 1) * DAY_MS;

/**
 * The sheet holds every line of every invoice once: no (invoice, line) twice, and every invoice
 * with lines is there. (Each invoice's details were fetched once: the callers count them.)
 */
async function expectEveryLineOnce(harness: AddOnHarness, sheet: string): Promise<void> {
  const rows = sheetValues(harness, sheet).slice(1);
  const keys = rows.map((row) => `${String(row[0])}:${String(row[1])}`);
  expect(new Set(keys).size).toBe(keys.length);
  const withLines = (await apiOf(harness).invoices()).filter((invoice) => invoice.lines.length + invoice.extraPeriods.reduce((sum, period) => sum + period.lines.length, 0) > 0);
  expect(new Set(rows.map((row) => Number(row[0])))).toEqual(new Set(withLines.map((invoice) => invoice.id)));
}

describe('the daily URL-fetch quota', () => {
  const INVOICES = 200;
  /** A day allows the list and 149 details: the backfill needs two days. */
  const DAILY_FETCHES = 150;
  const quota = new UrlFetchQuota({ dailyLimit: DAILY_FETCHES });
  let harness: AddOnHarness;
  let definition: ReportDefinition;
  let first: ReportRun;
  let onSheetAfterFirst: PlainValue[][];

  beforeAll(async () => {
    harness = await startReportsHarness({ api: { invoiceCount: INVOICES }, spreadsheetTimeZone: ZONE, quotas: { urlFetchQuota: quota } });
    definition = addReport(harness, linesReport);
    first = runByTrigger(harness, definition);
    onSheetAfterFirst = sheetValues(harness, definition.sheet);
  });
  afterAll(() => closeAll([harness]));

  it('stops the backfill where the quota ran out, keeping whole invoices, and says which limit and that it goes on', async () => {
    expect(first.outcome.ok).toBe(true);
    expect(first.log?.result).toBe('partial');
    const stats = await apiOf(harness).stats();
    const onSheet = Object.keys(rowsPerInvoice(onSheetAfterFirst)).length;
    // Every detail fetched is on the sheet; the refused batch never left.
    expect(stats.byRoute.detail).toBe(onSheet);
    expect(onSheet).toBeGreaterThan(100);
    expect(stats.totalRequests).toBe(harness.emulator.urlFetchCount);
    expect(quota.used(harness.clock.now())).toBe(harness.emulator.urlFetchCount);
    expect(first.status.progress).toEqual({ done: onSheet, total: INVOICES });
    expect(first.log?.details).toBe(
      `Backfill under way: ${onSheet} / ${INVOICES} invoices. Stopped: Google's daily quota of URL fetches (20,000 a day, 100,000 on Workspace) ` +
        'is used up for this Google account. The rows fetched so far are written; the report goes on by itself once the quota resets.',
    );
    expect(first.status.lastError).toContain('once the quota resets');
  });

  it('spends no retry on the quota: one refused call, then the run stops', () => {
    expect(quota.refusals).toBe(1);
  });

  it('answers a formula with the limit it met, by name', async () => {
    // The batch the quota refused was larger than what was left: the account's other scripts spend the rest.
    quota.take(DAILY_FETCHES - quota.used(harness.clock.now()), harness.clock.now());
    const [id] = await apiOf(harness).invoiceIds();
    const outcome = harness.formula('EFLOW_INVOICE_LINES', id);
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.ok ? '' : outcome.error).toMatch(
      /^Google's daily quota of URL fetches \(20,000 a day, 100,000 on Workspace\) is used up for this Google account \("Service invoked too many times for one day: urlfetch\."\)\. It resets within 24 hours\. What was fetched before is cached: recalculate \(edit the formula or an argument\) after the reset\.$/,
    );
    expect(quota.refusals).toBe(2);
  });

  it('tries each hour until the reset, writing nothing and retrying nothing, then finishes with no row twice', async () => {
    const refusalsBefore = quota.refusals;
    const runs: ReportRun[] = [];
    /** Rows on the sheet after each run of the spent day. */
    const rowsBeforeReset: number[] = [];
    const midnight = nextMidnightUtc(harness.clock.now());
    while (harness.clock.now() < midnight + 2 * DAY_MS) {
      const run = runByTrigger(harness, definition);
      runs.push(run);
      if (run.startedAtMs < midnight) rowsBeforeReset.push(sheetValues(harness, definition.sheet).length);
      if (run.status.progress === null && run.log?.result === 'ok') break;
    }
    const beforeReset = runs.filter((run) => run.startedAtMs < midnight);
    expect(beforeReset.length).toBeGreaterThan(0);
    for (const run of beforeReset) {
      expect(run.log?.result).toBe('failed');
      expect(run.log?.details).toContain(URL_FETCH_MESSAGE);
      expect(run.log?.details).toContain('Nothing was written this run; the sheet keeps its data and the report goes on by itself once the quota resets.');
    }
    // One refused list request per run, nothing more.
    expect(quota.refusals - refusalsBefore).toBe(beforeReset.length);
    expect(rowsBeforeReset.every((rows) => rows === onSheetAfterFirst.length)).toBe(true);

    const last = runs.at(-1);
    expect(last?.startedAtMs).toBeGreaterThanOrEqual(midnight);
    expect(last?.log?.result).toBe('ok');
    expect(last?.status.lastError).toBeNull();
    const stats = await apiOf(harness).stats();
    expect(stats.byRoute.detail).toBe(INVOICES);
    expect(stats.rateLimited).toBe(0);
    await expectEveryLineOnce(harness, definition.sheet);
  });
});

describe('the daily trigger runtime', () => {
  /** More than one execution fetches (about 1,270 invoices each). */
  const INVOICES = 1_400;
  /** A consumer account's 90 minutes a day. */
  const runtime = new TriggerRuntimeQuota({ account: 'consumer' });
  let harness: AddOnHarness;

  beforeAll(async () => {
    harness = await startReportsHarness({
      api: { invoiceCount: INVOICES },
      spreadsheetTimeZone: ZONE,
      quotas: { triggerRuntimeQuota: runtime },
    });
  });
  afterAll(() => closeAll([harness]));

  it('is stopped by Google, refused until the reset, then tells what happened and finishes with no row twice', async () => {
    const definition = addReport(harness, linesReport);
    const first = runByTrigger(harness, definition);
    expect(first.log?.result).toBe('partial');
    const afterFirst = sheetValues(harness, definition.sheet);
    const fetchedFirst = (await apiOf(harness).stats()).byRoute.detail;
    // The user's other triggers spend the day's runtime but 10 seconds: the next execution is stopped mid-fetch.
    runtime.spend(runtime.remainingMs(harness.clock.now()) - 10_000, harness.clock.now());

    const midnight = nextMidnightUtc(harness.clock.now());
    const firings = harness.sheets.scheduler.runDue(midnight - 1);
    const [stopped, ...refused] = firings;
    // Stopped from outside while fetching: the script could write nothing, not even its Sync log line.
    expect(stopped?.outcome).toMatchObject({ ok: false, error: RUNTIME_MESSAGE });
    expect(refused.length).toBeGreaterThan(0);
    for (const firing of refused) expect(firing.outcome).toEqual({ ok: false, error: RUNTIME_MESSAGE, elapsedMs: 0 });
    expect(sheetValues(harness, definition.sheet)).toEqual(afterFirst);
    // The stopped execution ran to its first service call past the limit; what it fetched was not written.
    expect(runtime.remainingMs(midnight - 1)).toBe(0);
    const killedDetails = (await apiOf(harness).stats()).byRoute.detail - fetchedFirst;
    expect(killedDetails).toBeGreaterThan(0);

    const resumed = runByTrigger(harness, definition);
    expect(resumed.startedAtMs).toBeGreaterThanOrEqual(midnight);
    expect(resumed.outcome.ok).toBe(true);
    expect(resumed.log?.result).toBe('ok');
    const told = syncLogLines(harness).filter((line) => line.report === definition.name && line.result === 'failed');
    expect(told).toHaveLength(1);
    expect(told[0]?.details).toBe(
      "The scheduled run was stopped by Google before it finished, most likely because Google's daily trigger runtime (90 minutes a day, 6 hours on Workspace) " +
        'is used up for this Google account ("Service using too much computer time for one day"). The sheet keeps its data; the report goes on by itself once the quota resets.',
    );
    expect((await apiOf(harness).stats()).byRoute.detail).toBe(INVOICES + killedDetails);
    await expectEveryLineOnce(harness, definition.sheet);
  });
});
