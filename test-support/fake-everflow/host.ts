import path from 'node:path';
import { startFake, type FakeWorkerHandle } from '../fake-http/fake-worker';
import type { FakeEverflowOptions } from './options';
import type { FakeEverflowServer } from './server';

export interface StartFakeEverflowOptions extends FakeEverflowOptions {
  /** Default 0: a random free port. */
  port?: number;
}

/**
 * The server methods the host calls. `invoiceIds` and `invoices` default to the first affiliate
 * key's affiliate; `networkInvoices` is every partner's, deleted ones included (the network's view);
 * `journal` every change the network side accepted, and any payment batch asked for.
 */
export const EVERFLOW_HOST_METHODS = ['stats', 'resetStats', 'configure', 'mutate', 'invoiceIds', 'invoices', 'networkInvoices', 'journal'] as const;

/** The fake API running in a worker thread; `baseUrl` is e.g. `http://127.0.0.1:PORT/v1`. */
export type FakeEverflowHandle = FakeWorkerHandle<FakeEverflowServer, (typeof EVERFLOW_HOST_METHODS)[number]>;

const WORKER_FILE = path.join(__dirname, 'worker-main.ts');

/** Starts the fake API in a worker thread on the given (shared) clock. */
export function startFakeEverflow(options: StartFakeEverflowOptions): Promise<FakeEverflowHandle> {
  const { clock, port, ...settings } = options;
  return startFake<FakeEverflowServer, (typeof EVERFLOW_HOST_METHODS)[number]>(WORKER_FILE, 'fake Everflow', { clock, port, settings }, EVERFLOW_HOST_METHODS);
}
