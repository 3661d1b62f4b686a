import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SharedClock } from '../../../../test-support/clock';

export interface FixtureServer {
  baseUrl: string;
  /** Most requests the server held at the same time. */
  maxInFlight(): number;
  requestsServed(): number;
  resetCounters(): void;
  close(): Promise<void>;
}

/** Starts the fixture HTTP server in a worker thread (the test thread blocks while fetching). */
export async function startFixtureServer(clock: SharedClock): Promise<FixtureServer> {
  const file = path.join(__dirname, 'fixture-server-worker.ts');
  const counters = new Int32Array(new SharedArrayBuffer(12));
  const worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(file)})`, {
    eval: true,
    workerData: { clockBuffer: clock.buffer, counters: counters.buffer },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port: number }) => resolve(message.port));
    worker.once('error', reject);
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    maxInFlight: () => Atomics.load(counters, 1),
    requestsServed: () => Atomics.load(counters, 2),
    resetCounters: () => counters.fill(0),
    close: async () => {
      worker.postMessage('close');
      await worker.terminate();
    },
  };
}
