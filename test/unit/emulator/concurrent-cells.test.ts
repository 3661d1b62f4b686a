/**
 * Cells at once: separate executions (each its own 30 s) in lanes that share the owner's stores,
 * on the virtual clock where sleeps of different executions overlap.
 */
import { SharedClock } from '../../../test-support/clock';
import { runCellsAtOnce } from '../../../test-support/emulator/concurrent-cells';
import { createEmulatorStores } from '../../../test-support/emulator/stores';
import { writeBundle } from './support/bundle';

const bundleDir = writeBundle({
  'Code.js': `
    /** Sleeps, then counts itself in the document cache (under the document lock) and says when it started and ended. */
    function NAP(ms) {
      const started = Date.now();
      Utilities.sleep(ms);
      const lock = LockService.getDocumentLock();
      lock.waitLock(1000);
      const cache = CacheService.getDocumentCache();
      const count = Number(cache.get('count') || 0) + 1;
      cache.put('count', String(count));
      lock.releaseLock();
      return [[started, Date.now(), count, PropertiesService.getDocumentProperties().getProperty('who')]];
    }
  `,
});

function setup() {
  const clock = SharedClock.virtual();
  const stores = createEmulatorStores(clock);
  stores.documentProperties.setProperty('who', 'owner');
  return { clock, stores, run: (cells: Array<{ name: string; args: unknown[] }>, lanes?: number) => runCellsAtOnce(cells, { bundleDir, clock, stores, spreadsheetTimeZone: 'Etc/UTC', lanes }) };
}

it('runs cells at once: their sleeps overlap, each sees the shared properties, and the shared cache counts every one', async () => {
  const { clock, stores, run } = setup();
  const startMs = clock.now();
  const outcomes = await run(Array.from({ length: 6 }, (_, index) => ({ name: 'NAP', args: [1_000 * (index + 1)] })));
  expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
  const rows = outcomes.map((outcome) => (outcome.ok ? outcome.value[0] : []));
  expect(rows.map((row) => row?.[0])).toEqual(Array(6).fill(startMs));
  expect(rows.map((row) => row?.[1])).toEqual([1, 2, 3, 4, 5, 6].map((seconds) => startMs + seconds * 1_000));
  expect(rows.map((row) => row?.[3])).toEqual(Array(6).fill('owner'));
  // In the order they woke, each counted once.
  expect(rows.map((row) => row?.[2])).toEqual([1, 2, 3, 4, 5, 6]);
  expect(stores.documentCache.get('count')).toBe('6');
  expect(clock.now()).toBe(startMs + 6_000);
});

it('gives each execution its own 30 seconds; cells beyond the lanes wait for a free one', async () => {
  const { clock, run } = setup();
  const startMs = clock.now();
  const outcomes = await run(
    [20_000, 20_000, 20_000, 31_000].map((ms) => ({ name: 'NAP', args: [ms] })),
    2,
  );
  expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true, false]);
  expect(outcomes.map((outcome) => outcome.startedAtMs - startMs)).toEqual([0, 0, 20_000, 20_000]);
  expect(outcomes[3]).toMatchObject({ ok: false, error: 'Exceeded maximum execution time', elapsedMs: 30_000 });
  expect(clock.now()).toBe(startMs + 50_000);
});

it('fails as a whole, leaving no lane waiting, when a lane cannot load the project', async () => {
  const clock = SharedClock.virtual();
  const empty = writeBundle({});
  const cells = Array.from({ length: 3 }, () => ({ name: 'NAP', args: [1] }));
  await expect(runCellsAtOnce(cells, { bundleDir: empty, clock, stores: createEmulatorStores(clock), spreadsheetTimeZone: 'Etc/UTC' })).rejects.toThrow(/No \.js files/);
});

it('lets a lock holder that sleeps run while another execution waits for the lock', async () => {
  const clock = SharedClock.virtual();
  const holding = writeBundle({
    'Code.js': `
      function HOLD(ms) {
        const lock = LockService.getDocumentLock();
        const got = lock.tryLock(5000);
        Utilities.sleep(ms);
        lock.releaseLock();
        return [[got, Date.now()]];
      }
    `,
  });
  const startMs = clock.now();
  const outcomes = await runCellsAtOnce([{ name: 'HOLD', args: [2_000] }, { name: 'HOLD', args: [0] }], {
    bundleDir: holding,
    clock,
    stores: createEmulatorStores(clock),
    spreadsheetTimeZone: 'Etc/UTC',
  });
  expect(outcomes.map((outcome) => (outcome.ok ? outcome.value[0] : outcome.error))).toEqual([
    [true, startMs + 2_000],
    [true, startMs + 2_000],
  ]);
});
