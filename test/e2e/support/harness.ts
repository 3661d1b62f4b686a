/**
 * Small helpers over AddOnHarness for the end-to-end tests: outcomes as grids or messages, and
 * what the fake API saw while a step ran.
 */
import type { CustomFunctionOutcome, ExecutionOutcome, PlainCell } from '../../../test-support/emulator/emulator';
import { toPlainGrid } from '../../../test-support/emulator/emulator';
import type { FakeEverflowHandle, FakeEverflowStats } from '../../../test-support/fake-everflow';
import { storeConnections } from '../../../test-support/connections';
import type { AddOnHarness } from '../../../test-support/harness';

/** The fake API this harness started (every e2e harness starts its own). */
export function fakeApi(harness: AddOnHarness): FakeEverflowHandle {
  if (!harness.api) throw new Error('this harness uses an external API, not the fake');
  return harness.api;
}

/** The grid Sheets shows for a successful call; a failed call fails the test with its message. */
export function gridOf(outcome: CustomFunctionOutcome): PlainCell[][] {
  if (!outcome.ok) throw new Error(`expected a result, got the error: ${outcome.error}`);
  return toPlainGrid(outcome.value);
}

/** The message Sheets shows for a failed call. */
export function errorOf(outcome: CustomFunctionOutcome | ExecutionOutcome): string {
  if (outcome.ok) throw new Error(`expected an error, got a result: ${JSON.stringify(outcome.value)?.slice(0, 300)}`);
  return outcome.error;
}

export interface Measured<T> {
  value: T;
  /** Everything the fake API answered during the step. */
  stats: FakeEverflowStats;
  /** Requests the emulator's UrlFetchApp sent during the step. */
  fetches: number;
}

/** Runs one step and reports what reached the fake API during it (its counters restart first). */
export async function measure<T>(harness: AddOnHarness, step: () => T): Promise<Measured<T>> {
  const api = fakeApi(harness);
  await api.resetStats();
  const before = harness.emulator.urlFetchCount;
  const value = step();
  return { value, stats: await api.stats(), fetches: harness.emulator.urlFetchCount - before };
}

/**
 * Serial rounds of requests: with latency on the virtual clock, requests sent together arrive at
 * one instant and each later round arrives at a later one.
 */
export function serialRounds(stats: FakeEverflowStats): number {
  return new Set(stats.log.map((entry) => entry.arrivedAtMs)).size;
}

/** Requests of the step by the fake's route kind and status, e.g. { 'list 200': 1, 'detail 429': 2 }. */
export function requestsByRouteAndStatus(stats: FakeEverflowStats): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of stats.log) {
    const key = `${entry.route} ${entry.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The invoice ids whose details the step fetched, one entry per request. */
export function detailRequestIds(stats: FakeEverflowStats): number[] {
  return stats.log.filter((entry) => entry.route === 'detail').map((entry) => Number(entry.path.split('/').pop()));
}

/** Makes `key` the one Everflow connection (null: no connection at all), whatever was stored before. */
export function useApiKey(harness: AddOnHarness, key: string | null): void {
  storeConnections(harness.emulator.userProperties, key === null ? [] : [{ name: 'Everflow', apiKey: key, baseUrl: harness.baseUrl }]);
}

/** "Clear cached data" from the menu, so the next call fetches again. */
export function clearCachedData(harness: AddOnHarness): void {
  const outcome = harness.execute('menuClearCache');
  if (!outcome.ok) throw new Error(`Clear cached data failed: ${outcome.error}`);
}

/** The ids as a one-column range, as Sheets passes A2:A10. */
export function column(values: readonly unknown[]): unknown[][] {
  return values.map((value) => [value]);
}
