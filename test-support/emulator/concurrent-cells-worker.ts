import { workerData } from 'node:worker_threads';
import { z } from 'zod';
import { SharedClock } from '../clock';
import type { LaneWorkerData } from './concurrent-cells';
import { AppsScriptEmulator, toPlainGrid } from './emulator';
import { LaneTurns } from './lane-turns';
import { remoteStores, StoreLine } from './remote-stores';
import { createSpreadsheetGlobals, htmlFilesIn, SpreadsheetState } from './spreadsheet';

/**
 * One execution lane of `runCellsAtOnce`: an emulator of its own (realm, deadline, UrlFetch) over
 * the owner's stores, running the cells it is handed one after another until none are left.
 */
const nextCellSchema = z.object({ index: z.number().int(), name: z.string(), args: z.array(z.unknown()) }).nullable();

/** Counts this lane as loaded, then waits until every lane is. */
function awaitEveryLane(loaded: Int32Array, lanes: number): void {
  if (Atomics.add(loaded, 0, 1) + 1 >= lanes) Atomics.notify(loaded, 0);
  for (let seen = Atomics.load(loaded, 0); seen < lanes; seen = Atomics.load(loaded, 0)) Atomics.wait(loaded, 0, seen);
}

async function main(): Promise<void> {
  const start = workerData as LaneWorkerData;
  const line = new StoreLine(start.port, new Int32Array(start.signal));
  const turns = start.turnsBuffer === null ? null : LaneTurns.fromBuffer(start.turnsBuffer, start.lanes);
  const clock: SharedClock = SharedClock.fromBuffer(start.clockBuffer, turns === null ? null : (ms) => turns.sleep(start.lane, clock, ms));
  const sheets = new SpreadsheetState({ htmlFiles: htmlFilesIn(start.bundleDir), timeZone: start.spreadsheetTimeZone });
  const emulator = AppsScriptEmulator.load({
    clock,
    bundleDir: start.bundleDir,
    spreadsheetTimeZone: start.spreadsheetTimeZone,
    services: remoteStores(line, clock, start.locks),
    extraGlobals: (runtime) => createSpreadsheetGlobals(runtime, sheets),
    httpWorkerCode: start.httpWorkerCode,
    extraUrlFetchPrefixes: start.extraUrlFetchPrefixes,
  });
  emulator.prepareHttp();
  awaitEveryLane(new Int32Array(start.loaded), start.lanes);
  try {
    turns?.awaitTurn(start.lane);
    for (let cell = nextCellSchema.parse(line.call('runner', 'nextCell', [])); cell !== null; cell = nextCellSchema.parse(line.call('runner', 'nextCell', []))) {
      const startedAtMs = clock.now();
      const outcome = emulator.callCustomFunction(cell.name, cell.args);
      const plain = outcome.ok ? { ok: true, value: toPlainGrid(outcome.value), elapsedMs: outcome.elapsedMs } : outcome;
      line.call('runner', 'finished', [cell.index, { ...plain, startedAtMs }]);
      // The execution ended: other lanes due now go first.
      turns?.sleep(start.lane, clock, 0);
    }
  } finally {
    turns?.leave(start.lane, clock);
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  // Surfaces in the runner as the worker's 'error' event.
  setImmediate(() => {
    throw error;
  });
});
