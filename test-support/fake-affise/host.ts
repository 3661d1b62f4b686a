import path from 'node:path';
import { startFake, type FakeWorkerHandle } from '../fake-http/fake-worker';
import type { FakeAffiseOptions } from './options';
import type { FakeAffiseServer } from './server';

export interface StartFakeAffiseOptions extends FakeAffiseOptions {
  /** Default 0: a random free port. */
  port?: number;
}

/** The server methods the host calls (`journal`: every write request received, parsed, oldest first; `payments({ pending })` adds created invoices not yet visible). */
export const AFFISE_HOST_METHODS = ['stats', 'resetStats', 'configure', 'mutate', 'journal', 'clearJournal', 'payments', 'partners'] as const;

/** The fake Affise API running in a worker thread; `baseUrl` is the API host, e.g. `http://127.0.0.1:PORT` (paths start with /3.1 or /3.0). */
export type FakeAffiseHandle = FakeWorkerHandle<FakeAffiseServer, (typeof AFFISE_HOST_METHODS)[number]>;

const WORKER_FILE = path.join(__dirname, 'worker-main.ts');

/** Starts the fake Affise API in a worker thread on the given (shared) clock. */
export function startFakeAffise(options: StartFakeAffiseOptions): Promise<FakeAffiseHandle> {
  const { clock, port, ...settings } = options;
  return startFake<FakeAffiseServer, (typeof AFFISE_HOST_METHODS)[number]>(WORKER_FILE, 'fake Affise', { clock, port, settings }, AFFISE_HOST_METHODS);
}
