import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FakeInvoice } from './model';
import type { FakeEverflowConfigPatch, FakeEverflowOptions } from './options';
import type { HostCall, HostCallResults, HostRequest, WorkerMessage, WorkerStartData } from './protocol';
import type { FakeEverflowStats } from './server';
import type { MutationOp, MutationResult } from './store';

export interface StartFakeEverflowOptions extends FakeEverflowOptions {
  /** Default 0: a random free port. */
  port?: number;
}

/** The fake API running in a worker thread; every call is a message to it. */
export interface FakeEverflowHandle {
  /** e.g. `http://127.0.0.1:PORT/v1` */
  readonly baseUrl: string;
  stats(): Promise<FakeEverflowStats>;
  resetStats(): Promise<void>;
  configure(patch: FakeEverflowConfigPatch): Promise<void>;
  mutate(op: MutationOp): Promise<MutationResult>;
  /** Newest period first, as the list orders them. Default: the first affiliate key's affiliate. */
  invoiceIds(affiliateId?: number): Promise<number[]>;
  /** Copies of the records behind the answers. */
  invoices(affiliateId?: number): Promise<FakeInvoice[]>;
  close(): Promise<void>;
}

const WORKER_FILE = path.join(__dirname, 'worker-main.ts');

/**
 * Starts the fake API in a worker thread. The emulator blocks the main thread with Atomics.wait
 * while it fetches, so the server cannot live there; both threads share the clock's buffer.
 */
export async function startFakeEverflow(options: StartFakeEverflowOptions): Promise<FakeEverflowHandle> {
  const { clock, port = 0, ...settings } = options;
  const workerData: WorkerStartData = { settings, clockBuffer: clock.buffer, port };
  const worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER_FILE)});`, { eval: true, workerData });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const onMessage = (message: WorkerMessage): void => {
      if (message.type !== 'ready') return;
      worker.off('error', onError);
      worker.off('message', onMessage);
      resolve(message.baseUrl);
    };
    const onError = (error: Error): void => {
      worker.off('message', onMessage);
      void worker.terminate();
      reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
  return new WorkerHandle(worker, baseUrl);
}

class WorkerHandle implements FakeEverflowHandle {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private closed = false;

  constructor(
    private readonly worker: Worker,
    readonly baseUrl: string,
  ) {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type !== 'reply') return;
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.result);
      else waiter?.reject(new Error(message.message));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`fake Everflow worker exited (code ${code})`)));
  }

  async stats(): Promise<FakeEverflowStats> {
    return this.call({ op: 'stats' });
  }

  async resetStats(): Promise<void> {
    await this.call({ op: 'resetStats' });
  }

  async configure(patch: FakeEverflowConfigPatch): Promise<void> {
    await this.call({ op: 'configure', patch });
  }

  async mutate(mutation: MutationOp): Promise<MutationResult> {
    return this.call({ op: 'mutate', mutation });
  }

  async invoiceIds(affiliateId?: number): Promise<number[]> {
    return this.call({ op: 'invoiceIds', affiliateId });
  }

  async invoices(affiliateId?: number): Promise<FakeInvoice[]> {
    return this.call({ op: 'invoices', affiliateId });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.call({ op: 'close' });
    this.closed = true;
    await this.worker.terminate();
  }

  private call<Op extends HostCall['op']>(call: Extract<HostCall, { op: Op }>): Promise<HostCallResults[Op]> {
    if (this.closed) return Promise.reject(new Error('fake Everflow server is closed'));
    const id = this.nextId++;
    const request: HostRequest = { id, call };
    return new Promise<HostCallResults[Op]>((resolve, reject) => {
      // The worker answers each op with that op's result type (protocol.ts performCall).
      this.pending.set(id, { resolve: (result) => resolve(result as HostCallResults[Op]), reject });
      this.worker.postMessage(request);
    });
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
