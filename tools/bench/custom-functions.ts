/**
 * Benchmark part (a): the custom functions in the emulator, on the real clock. EFLOW_INVOICES
 * pages the whole list; EFLOW_INVOICE_LINES fetches details paced by the rate limit, cold (the
 * cache cleared from the menu, as a user would) and then warm. A call that cannot finish within
 * its 30 seconds keeps what it fetched, and Sheets' next recalculation continues: a cold call over
 * many ids takes several calls, all counted.
 */
import type { AddOnHarness } from '../../test-support/harness';
import { count, floorSeconds, refillBucket, startCounting, trafficSince, type Measurement } from './traffic';

/** Recalculations a cold call may need before it completes (500 ids take about five). */
const MAX_CALLS = 12;
const PAGE_SIZE = 2_000;

/** Rounds that must follow one another to list N invoices: the first page, then the others together. */
const listRounds = (invoiceCount: number): number => (invoiceCount > PAGE_SIZE ? 2 : 1);

interface CallsOutcome {
  calls: number;
  seconds: number;
  error: string | null;
}

/** Calls the function as Sheets recalculates it, until it answers or MAX_CALLS. */
function callUntilAnswered(harness: AddOnHarness, name: string, args: unknown[]): CallsOutcome {
  let seconds = 0;
  for (let calls = 1; calls <= MAX_CALLS; calls += 1) {
    const outcome = harness.formula(name, ...args);
    seconds += outcome.elapsedMs / 1000;
    if (outcome.ok) return { calls, seconds, error: null };
    if (!/before the time limit/.test(outcome.error)) return { calls, seconds, error: outcome.error };
  }
  return { calls: MAX_CALLS, seconds, error: `not answered after ${MAX_CALLS} calls` };
}

async function measure(harness: AddOnHarness, name: string, call: () => CallsOutcome, inherentRounds: (requests: number) => number, note: string): Promise<Measurement> {
  const api = harness.api;
  if (!api) throw new Error('The benchmark needs the fake API it started.');
  await refillBucket();
  await startCounting(api);
  const outcome = call();
  const traffic = await trafficSince(api);
  const notes = [note, outcome.calls > 1 ? `${outcome.calls} calls (recalculations)` : '', outcome.error ? `FAILED: ${outcome.error}` : ''].filter((text) => text !== '');
  return { name, ...traffic, seconds: outcome.seconds, floorSeconds: floorSeconds(traffic, inherentRounds(traffic.requests)), note: notes.join('; ') };
}

export async function benchCustomFunctions(harness: AddOnHarness, invoiceCount: number, idCounts: readonly number[], print: (m: Measurement) => void): Promise<Measurement[]> {
  const results: Measurement[] = [];
  const record = (measurement: Measurement): void => {
    results.push(measurement);
    print(measurement);
  };
  const clearCache = (): void => {
    harness.execute('menuClearCache');
  };

  clearCache();
  record(
    await measure(
      harness,
      `EFLOW_INVOICES, ${invoiceCount.toLocaleString('en-US')} invoices, cold`,
      () => callUntilAnswered(harness, 'EFLOW_INVOICES', []),
      () => listRounds(invoiceCount),
      `target: at most ${count(Math.ceil(invoiceCount / PAGE_SIZE) + 1, 'request')}, ${count(listRounds(invoiceCount), 'round')}`,
    ),
  );

  const listed = (await harness.api?.invoiceIds()) ?? [];
  for (const count of idCounts) {
    const ids = listed.slice(0, count).map((id) => [id]);
    const label = `EFLOW_INVOICE_LINES, ${ids.length} ids`;
    clearCache();
    record(
      await measure(
        harness,
        `${label}, cold`,
        () => callUntilAnswered(harness, 'EFLOW_INVOICE_LINES', [ids]),
        (requests) => (requests > ids.length ? listRounds(invoiceCount) : 0) + 1,
        'details fetched directly, paced (no listing)',
      ),
    );
    record(
      await measure(
        harness,
        `${label}, warm`,
        () => callUntilAnswered(harness, 'EFLOW_INVOICE_LINES', [ids]),
        (requests) => (requests > 0 ? 1 : 0),
        'target: no detail request',
      ),
    );
  }
  return results;
}
