/**
 * Benchmark part (c): a formula dragged down a column. `=EFLOW_INVOICE_LINES(A2)` on N rows,
 * each cell its own execution, at most 30 at once (Apps Script's per-user limit), all sharing
 * the document's cache and the account's rate limit, on the real clock, from a cold cache. The
 * target: about one request per cell, no listing of every invoice, no 429s, every cell answering
 * within its 30 seconds.
 */
import type { AddOnHarness } from '../../test-support/harness';
import { count, floorSeconds, refillBucket, startCounting, trafficSince, type Measurement } from './traffic';

export async function benchCellsAtOnce(harness: AddOnHarness, cells: number): Promise<Measurement> {
  const api = harness.api;
  if (!api) throw new Error('The benchmark needs the fake API it started.');
  const ids = (await api.invoiceIds()).slice(0, cells);
  harness.execute('menuClearCache');
  await refillBucket();
  await startCounting(api);
  const outcomes = await harness.formulasAtOnce(ids.map((id) => ({ name: 'EFLOW_INVOICE_LINES', args: [[[id]]] })));
  // From the first cell's start to the last cell's answer: the emulator's threads starting up are not the add-on's time.
  const seconds = (Math.max(...outcomes.map((outcome) => outcome.startedAtMs + outcome.elapsedMs)) - Math.min(...outcomes.map((outcome) => outcome.startedAtMs))) / 1000;
  const traffic = await trafficSince(api);
  const failed = outcomes.filter((outcome) => !outcome.ok);
  const slowest = Math.max(...outcomes.map((outcome) => outcome.elapsedMs)) / 1000;
  const notes = [
    `target: ${count(ids.length, 'request')}, 0 × 429`,
    `${outcomes.length - failed.length} of ${count(outcomes.length, 'cell')} answered`,
    `slowest cell ${slowest.toFixed(1)} s of its 30`,
    failed[0] && !failed[0].ok ? `FAILED: ${failed[0].error}` : '',
  ].filter((text) => text !== '');
  return {
    name: `EFLOW_INVOICE_LINES dragged down ${ids.length} rows (one id a cell), cold`,
    ...traffic,
    seconds,
    // The requests of a cell follow no other round of its own: all could overlap but for the bucket.
    floorSeconds: floorSeconds(traffic, 1),
    note: notes.join('; '),
  };
}
