import path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { z } from 'zod';
import type { SharedClock } from '../clock';
import type { PlainCell } from './emulator';
import { LaneTurns } from './lane-turns';
import { lockBuffersOf, serveStores, type LockBuffers } from './remote-stores';
import type { EmulatorStores } from './stores';

/**
 * Many cells recalculating at once, as Sheets runs a formula dragged down a column: each cell is
 * its own custom-function execution (own realm, own 30 s deadline, own UrlFetch), all sharing
 * the document's caches, properties, locks and quota, and the API's rate limit.
 *
 * Apps Script runs at most 30 executions of one user at once ("Simultaneous executions per
 * user: 30", guides/services/quotas); the others wait their turn, as Sheets leaves those cells
 * "Loading..." until an execution frees up. Each lane is a worker thread running cells one after
 * another. On the virtual clock the lanes take turns (LaneTurns), so time moves only when every
 * running execution sleeps, and runs repeat exactly; on the real clock they run freely.
 */
export const SIMULTANEOUS_EXECUTIONS_PER_USER = 30;

export interface Cell {
  name: string;
  args: unknown[];
}

/** A cell's result as Sheets shows it, and when its execution ran. */
export type CellOutcome = ({ ok: true; value: PlainCell[][]; elapsedMs: number } | { ok: false; error: string; elapsedMs: number }) & {
  startedAtMs: number;
};

export interface RunCellsOptions {
  bundleDir: string;
  clock: SharedClock;
  stores: EmulatorStores;
  spreadsheetTimeZone: string;
  /** Executions at once; default SIMULTANEOUS_EXECUTIONS_PER_USER. */
  lanes?: number;
  /** Added to the manifest's urlFetchWhitelist in every lane (the loopback fake API), as the owner's emulator has them. */
  extraUrlFetchPrefixes?: readonly string[];
}

/** Dates arrive built in Node's own realm, not the caller's (jest's): checked by tag, rebuilt here. */
const crossRealmDate = z.custom<Date>((value) => Object.prototype.toString.call(value) === '[object Date]').transform((date) => new Date(date.getTime()));
const plainCellSchema = z.union([z.string(), z.number(), z.boolean(), crossRealmDate, z.null()]);
const cellOutcomeSchema = z.intersection(
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: z.array(z.array(plainCellSchema)), elapsedMs: z.number() }),
    z.object({ ok: z.literal(false), error: z.string(), elapsedMs: z.number() }),
  ]),
  z.object({ startedAtMs: z.number() }),
);
const finishedArgsSchema = z.tuple([z.number().int(), cellOutcomeSchema]);

/** What a lane's worker starts with. */
export interface LaneWorkerData {
  lane: number;
  bundleDir: string;
  clockBuffer: SharedArrayBuffer | null;
  /** LaneTurns' buffer on the virtual clock; null on the real one. */
  turnsBuffer: SharedArrayBuffer | null;
  lanes: number;
  locks: LockBuffers;
  /** Int32Array[1]: lanes loaded so far; none runs a cell before all have loaded, as Sheets sends the cells at once. */
  loaded: SharedArrayBuffer;
  httpWorkerCode: string;
  spreadsheetTimeZone: string;
  extraUrlFetchPrefixes: readonly string[];
  port: MessagePort;
  signal: SharedArrayBuffer;
}

/**
 * Code for worker threads, bundled once per process: thirty lanes each compiling the emulator's
 * TypeScript (and their HTTP workers theirs) on start would take longer than the cells.
 * `__dirname` stays this folder's.
 */
const bundled = new Map<string, string>();
function bundle(file: string): string {
  let code = bundled.get(file);
  if (code === undefined) {
    const built = buildSync({
      entryPoints: [path.join(__dirname, file)],
      bundle: true,
      platform: 'node',
      target: 'node20',
      write: false,
      define: { __dirname: JSON.stringify(__dirname) },
      logLevel: 'warning',
    }).outputFiles[0];
    if (built === undefined) throw new Error(`esbuild gave no output for ${file}`);
    code = built.text;
    bundled.set(file, code);
  }
  return code;
}

/** Runs every cell, at most `lanes` at once, and answers their outcomes in cell order. */
export async function runCellsAtOnce(cells: readonly Cell[], options: RunCellsOptions): Promise<CellOutcome[]> {
  const lanes = Math.max(1, Math.min(options.lanes ?? SIMULTANEOUS_EXECUTIONS_PER_USER, cells.length));
  const outcomes: Array<CellOutcome | undefined> = new Array<CellOutcome | undefined>(cells.length).fill(undefined);
  let next = 0;
  const runnerCalls = (method: string, args: readonly unknown[]): unknown => {
    if (method === 'nextCell') {
      if (next >= cells.length) return null;
      const index = next++;
      return { index, ...cells[index] };
    }
    if (method === 'finished') {
      const [index, outcome] = finishedArgsSchema.parse(args);
      outcomes[index] = outcome;
      return null;
    }
    throw new Error(`Unknown runner call ${method}`);
  };

  const turns = options.clock.isVirtual ? LaneTurns.create(lanes, options.clock.now()) : null;
  const loaded = new SharedArrayBuffer(4);
  const started = Array.from({ length: lanes }, (_, lane) => startLane(lane, lanes, turns, loaded, options, runnerCalls));
  turns?.begin(options.clock);
  try {
    await Promise.all(started.map((lane) => lane.done));
  } catch (error) {
    // The other lanes may wait for the failed one's turn or its loading: stop them all.
    await Promise.all(started.map((lane) => lane.worker.terminate()));
    throw error;
  }
  return outcomes.map((outcome, index) => outcome ?? { ok: false, error: `cell ${index + 1} never ran`, elapsedMs: 0, startedAtMs: options.clock.now() });
}

function startLane(
  lane: number,
  lanes: number,
  turns: LaneTurns | null,
  loaded: SharedArrayBuffer,
  options: RunCellsOptions,
  runnerCalls: (method: string, args: readonly unknown[]) => unknown,
): { worker: Worker; done: Promise<void> } {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  serveStores(port1, signal, options.stores, runnerCalls);
  const workerData: LaneWorkerData = {
    lane,
    bundleDir: options.bundleDir,
    clockBuffer: options.clock.buffer,
    turnsBuffer: turns?.buffer ?? null,
    lanes,
    locks: lockBuffersOf(options.stores),
    loaded,
    httpWorkerCode: bundle('url-fetch-worker.ts'),
    spreadsheetTimeZone: options.spreadsheetTimeZone,
    extraUrlFetchPrefixes: options.extraUrlFetchPrefixes ?? [],
    port: port2,
    signal: signal.buffer as SharedArrayBuffer,
  };
  const worker = new Worker(bundle('concurrent-cells-worker.ts'), {
    eval: true,
    workerData,
    transferList: [port2],
  });
  const done = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => {
      port1.close();
      if (code === 0) resolve();
      else reject(new Error(`execution lane ${lane} stopped with code ${code}`));
    });
  });
  return { worker, done };
}
