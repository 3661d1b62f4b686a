import path from 'node:path';
import type { FakeInvoice } from './model';
import type { FakeEverflowConfigPatch, FakeEverflowOptions } from './options';
import { startWorker, type WorkerRpc } from '../fake-http/worker-rpc';
import type { HostCall, HostCallResults, WorkerStartData } from './protocol';
import type { FakeEverflowStats, JournalEntry } from './server';
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
  /** Every partner's invoices, deleted ones included (the network's view). */
  networkInvoices(): Promise<FakeInvoice[]>;
  /** Every change the network side accepted, and any payment batch asked for. */
  journal(): Promise<JournalEntry[]>;
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
  return new WorkerHandle(await startWorker(WORKER_FILE, workerData, 'fake Everflow'));
}

class WorkerHandle implements FakeEverflowHandle {
  constructor(private readonly rpc: WorkerRpc) {}

  get baseUrl(): string {
    return this.rpc.baseUrl;
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

  async networkInvoices(): Promise<FakeInvoice[]> {
    return this.call({ op: 'networkInvoices' });
  }

  async journal(): Promise<JournalEntry[]> {
    return this.call({ op: 'journal' });
  }

  async close(): Promise<void> {
    await this.rpc.close({ op: 'close' } satisfies HostCall);
  }

  private async call<Op extends HostCall['op']>(call: Extract<HostCall, { op: Op }>): Promise<HostCallResults[Op]> {
    // The worker answers each op with that op's result type (protocol.ts performCall).
    return (await this.rpc.call(call)) as HostCallResults[Op];
  }
}
