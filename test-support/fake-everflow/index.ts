/** The fake Everflow API: seeded data, loopback HTTP server, worker host. */
export { generateInvoices, HOSTILE_NOTES, type GenerateInvoicesOptions } from './generator';
export { startFakeEverflow, type FakeEverflowHandle, type StartFakeEverflowOptions } from './host';
export {
  CURRENCIES,
  SETTLED_PAYMENT_STATUSES,
  allLines,
  centsToAmount,
  invoiceTotals,
  type FakeExtraPeriod,
  type FakeInvoice,
  type FakeLine,
  type FakePayment,
  type InvoiceTotals,
} from './model';
export {
  DEFAULT_BEHAVIOUR,
  DEFAULT_KEYS,
  DEMO_AFFILIATE_ID,
  DEMO_AFFILIATE_KEY,
  DEMO_NETWORK_KEY,
  FAULT_KINDS,
  QUIRKS_OFF,
  type ErrorStyle,
  type FakeApiKey,
  type FakeEverflowConfigPatch,
  type FakeEverflowOptions,
  type FakeEverflowSettings,
  type FaultKind,
  type QuirkRates,
} from './options';
export { HOSTILE_AFFILIATE_NAMES } from './store';
export { FakeEverflowServer, type FakeEverflowStats, type JournalEntry, type RequestLogEntry, type RouteKind } from './server';
export type { MutationOp, MutationResult, TouchChanges } from './store';
export { WireFormat, type Json, type JsonObject } from './wire';
