import path from 'node:path';
import { startWorker, type WorkerRpc } from '../fake-http/worker-rpc';
import type { FakeAffisePartner, FakeAffisePayment } from './data';
import type { FakeAffiseConfigPatch, FakeAffiseOptions, FakeAffiseSettings } from './options';
import type { AffiseJournalEntry, FakeAffiseServer, FakeAffiseStats } from './server';
import type { AffiseMutationOp, AffiseMutationResult } from './store';

export interface StartFakeAffiseOptions extends FakeAffiseOptions {
  /** Default 0: a random free port. */
  port?: number;
}

/** The fake Affise API running in a worker thread; every call is a message to it. */
export interface FakeAffiseHandle {
  /** The API host, e.g. `http://127.0.0.1:PORT` (paths start with /3.1 or /3.0). */
  readonly baseUrl: string;
  stats(): Promise<FakeAffiseStats>;
  resetStats(): Promise<void>;
  configure(patch: FakeAffiseConfigPatch): Promise<void>;
  mutate(op: AffiseMutationOp): Promise<AffiseMutationResult>;
  /** Every write request the fake received, parsed, oldest first. */
  journal(): Promise<AffiseJournalEntry[]>;
  clearJournal(): Promise<void>;
  /** Copies of the records, newest id first; `pending` adds created invoices not yet visible. */
  payments(options?: { pending?: boolean }): Promise<FakeAffisePayment[]>;
  partners(): Promise<FakeAffisePartner[]>;
  close(): Promise<void>;
}

/** What the worker is started with. */
export interface AffiseWorkerData {
  settings: FakeAffiseSettings;
  clockBuffer: SharedArrayBuffer | null;
  port: number;
}

/** Calls the host sends, each answered by the server method of the same name. */
export type AffiseHostCall =
  | { op: 'stats' }
  | { op: 'resetStats' }
  | { op: 'configure'; patch: FakeAffiseConfigPatch }
  | { op: 'mutate'; mutation: AffiseMutationOp }
  | { op: 'journal' }
  | { op: 'clearJournal' }
  | { op: 'payments'; options?: { pending?: boolean } }
  | { op: 'partners' }
  | { op: 'close' };

/** Runs one call on the server (in the worker). */
export async function performAffiseCall(server: FakeAffiseServer, call: AffiseHostCall): Promise<unknown> {
  switch (call.op) {
    case 'stats':
      return server.stats();
    case 'resetStats':
      return server.resetStats();
    case 'configure':
      return server.configure(call.patch);
    case 'mutate':
      return server.mutate(call.mutation);
    case 'journal':
      return server.journal();
    case 'clearJournal':
      return server.clearJournal();
    case 'payments':
      return server.payments(call.options);
    case 'partners':
      return server.partners();
    case 'close':
      return server.close();
  }
}

const WORKER_FILE = path.join(__dirname, 'worker-main.ts');

/** Starts the fake Affise API in a worker thread on the given (shared) clock. */
export async function startFakeAffise(options: StartFakeAffiseOptions): Promise<FakeAffiseHandle> {
  const { clock, port = 0, ...settings } = options;
  const data: AffiseWorkerData = { settings, clockBuffer: clock.buffer, port };
  const rpc = await startWorker(WORKER_FILE, data, 'fake Affise');
  return new AffiseWorkerHandle(rpc);
}

class AffiseWorkerHandle implements FakeAffiseHandle {
  constructor(private readonly rpc: WorkerRpc) {}

  get baseUrl(): string {
    return this.rpc.baseUrl;
  }

  // Each call answers what the server method of its name returns (performAffiseCall).
  async stats(): Promise<FakeAffiseStats> {
    return (await this.call({ op: 'stats' })) as FakeAffiseStats;
  }

  async resetStats(): Promise<void> {
    await this.call({ op: 'resetStats' });
  }

  async configure(patch: FakeAffiseConfigPatch): Promise<void> {
    await this.call({ op: 'configure', patch });
  }

  async mutate(mutation: AffiseMutationOp): Promise<AffiseMutationResult> {
    return (await this.call({ op: 'mutate', mutation })) as AffiseMutationResult;
  }

  async journal(): Promise<AffiseJournalEntry[]> {
    return (await this.call({ op: 'journal' })) as AffiseJournalEntry[];
  }

  async clearJournal(): Promise<void> {
    await this.call({ op: 'clearJournal' });
  }

  async payments(options?: { pending?: boolean }): Promise<FakeAffisePayment[]> {
    return (await this.call({ op: 'payments', options })) as FakeAffisePayment[];
  }

  async partners(): Promise<FakeAffisePartner[]> {
    return (await this.call({ op: 'partners' })) as FakeAffisePartner[];
  }

  async close(): Promise<void> {
    await this.rpc.close({ op: 'close' } satisfies AffiseHostCall);
  }

  private call(call: AffiseHostCall): Promise<unknown> {
    return this.rpc.call(call);
  }
}
