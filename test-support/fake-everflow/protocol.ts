import type { FakeInvoice } from './model';
import type { FakeEverflowConfigPatch, FakeEverflowSettings } from './options';
import type { FakeEverflowServer, FakeEverflowStats, JournalEntry } from './server';
import type { MutationOp, MutationResult } from './store';

/** Messages between `startFakeEverflow` (host.ts) and the worker that runs the server. */

export interface WorkerStartData {
  settings: FakeEverflowSettings;
  /** The shared clock's buffer (null for a real clock). */
  clockBuffer: SharedArrayBuffer | null;
  port: number;
}

export type HostCall =
  | { op: 'stats' }
  | { op: 'resetStats' }
  | { op: 'configure'; patch: FakeEverflowConfigPatch }
  | { op: 'mutate'; mutation: MutationOp }
  | { op: 'invoiceIds'; affiliateId?: number }
  | { op: 'invoices'; affiliateId?: number }
  | { op: 'journal' }
  | { op: 'networkInvoices' }
  | { op: 'close' };

export interface HostCallResults {
  stats: FakeEverflowStats;
  resetStats: null;
  configure: null;
  mutate: MutationResult;
  invoiceIds: number[];
  invoices: FakeInvoice[];
  journal: JournalEntry[];
  networkInvoices: FakeInvoice[];
  close: null;
}

/** Runs one call on the server (in the worker). */
export async function performCall(server: FakeEverflowServer, call: HostCall): Promise<HostCallResults[HostCall['op']]> {
  switch (call.op) {
    case 'stats':
      return server.stats();
    case 'resetStats':
      server.resetStats();
      return null;
    case 'configure':
      server.configure(call.patch);
      return null;
    case 'mutate':
      return server.mutate(call.mutation);
    case 'invoiceIds':
      return server.invoiceIds(call.affiliateId);
    case 'invoices':
      return server.invoices(call.affiliateId);
    case 'journal':
      return server.journal();
    case 'networkInvoices':
      return server.networkInvoices();
    case 'close':
      await server.close();
      return null;
  }
}
