import type { ReportDefinitionInput } from '../../../src/app/reports/definition';
import { PROGRESS_WRITE_INTERVAL_MS, RunProgressStore } from '../../../src/app/reports/run-progress';
import { runReportsNow } from '../../../src/app/reports/run-reports';
import { runProgress } from '../../../src/app/sidebar/reports';
import { SharedClock } from '../../../test-support/clock';
import { MemoryCache } from '../../../test-support/memory-ports';
import { memoryCall, ScriptedHttp } from '../sidebar/services';
import { DETAIL_REQUEST_MS, makeInvoice } from './support/fake-provider';
import { API_KEY, Harness } from './support/harness';

const lines: ReportDefinitionInput = { id: 'lines', name: 'Lines', kind: 'lines', sheet: 'Lines', mode: 'merge' };

describe('a running report counts as it goes', () => {
  it('hears each invoice fetched, from the invoices already synced up to all of them', () => {
    const harness = new Harness();
    for (let id = 1; id <= 12; id += 1) harness.provider.add(makeInvoice(id));
    harness.save(lines);
    runReportsNow(harness.deps(), harness.deadline(), ['lines']);
    // Two new invoices: the ten synced count as done from the start.
    harness.provider.add(makeInvoice(13), makeInvoice(14));
    const heard: Array<[string, number, number]> = [];
    runReportsNow({ ...harness.deps(), onProgress: (id, progress) => heard.push([id, progress.done, progress.total]) }, harness.deadline(), ['lines']);
    expect(heard).toEqual([
      ['lines', 12, 14],
      ['lines', 13, 14],
      ['lines', 14, 14],
    ]);
  });

  it('counts nothing for reports that fetch no details', () => {
    const harness = new Harness();
    harness.provider.add(makeInvoice(1));
    harness.save({ id: 'all', name: 'All', kind: 'invoices', sheet: 'All', mode: 'replace' });
    const heard: unknown[] = [];
    runReportsNow({ ...harness.deps(), onProgress: (...args) => heard.push(args) }, harness.deadline(), ['all']);
    expect(heard).toEqual([]);
  });
});

describe('RunProgressStore', () => {
  it('writes at most once a second, but always the last count, and keeps no secret', () => {
    const clock = SharedClock.virtual();
    const cache = new MemoryCache();
    const store = new RunProgressStore(cache, clock);
    const puts = jest.spyOn(cache, 'put');
    store.record('lines', { done: 0, total: 50 });
    for (let done = 1; done < 50; done += 1) {
      clock.advance(DETAIL_REQUEST_MS);
      store.record('lines', { done, total: 50 });
    }
    store.record('lines', { done: 50, total: 50 });
    // 49 invoices at 200 ms each: one write a second (5 invoices), plus the first and the last.
    expect(puts.mock.calls.length).toBeLessThanOrEqual(2 + Math.ceil((49 * DETAIL_REQUEST_MS) / PROGRESS_WRITE_INTERVAL_MS));
    expect(store.read('lines')).toMatchObject({ done: 50, total: 50 });
    for (const [key, value] of puts.mock.calls) expect(`${key} ${value}`).not.toContain(API_KEY);
    expect(puts.mock.calls[0]?.[0]).toBe('run-progress:lines');
  });

  it('reads nothing once cleared, and nothing from a record it cannot read', () => {
    const clock = SharedClock.virtual();
    const cache = new MemoryCache();
    const store = new RunProgressStore(cache, clock);
    store.record('lines', { done: 3, total: 9 });
    store.clear('lines');
    expect(store.read('lines')).toBeNull();
    cache.put('run-progress:lines', '{"done":"many"');
    expect(store.read('lines')).toBeNull();
    cache.put('run-progress:lines', '{"done":-1,"total":2,"atMs":0}');
    expect(store.read('lines')).toBeNull();
  });

  it('a cache that refuses the write costs the count, not the run', () => {
    const clock = SharedClock.virtual();
    const cache = new MemoryCache();
    jest.spyOn(cache, 'put').mockImplementation(() => {
      throw new Error('Service invoked too many times: cache');
    });
    expect(() => new RunProgressStore(cache, clock).record('lines', { done: 1, total: 2 })).not.toThrow();
  });
});

describe('sidebarRunProgress', () => {
  const setUp = () =>
    memoryCall(
      new ScriptedHttp(() => {
        throw new Error('asking for a count sends no request');
      }),
    );

  it('answers the last count recorded, or null when the report is not running', () => {
    const call = setUp();
    expect(runProgress(call, { id: 'lines' })).toBeNull();
    new RunProgressStore(call.services.documentCache, call.clock).record('lines', { done: 120, total: 539 });
    expect(runProgress(call, { id: 'lines' })).toEqual({ done: 120, total: 539 });
  });

  it.each([
    [undefined, 'Invalid input: expected object, received undefined.'],
    ['lines', 'Invalid input: expected object, received string.'],
    [{}, 'Report: must be text.'],
    [{ id: 7 }, 'Report: must be text.'],
    [{ id: '' }, 'Report: is missing.'],
  ])('refuses %p with a message', (input, message) => {
    expect(() => runProgress(setUp(), input)).toThrow(message);
  });
});
