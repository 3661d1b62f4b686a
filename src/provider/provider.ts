import type { Deadline } from '../ports/clock';
import type { EverflowInvoiceDetail, EverflowInvoiceFilters, EverflowInvoiceListItem } from '../model/invoice';

/** Counters a provider keeps of its own traffic; benchmarks and the sync log print them. */
export interface RequestStats {
  requests: number;
  /** Serial round trips: each fetch or fetchAll call counts one. */
  rounds: number;
  /** HTTP 429 answers received. */
  rateLimited: number;
  retries: number;
  serverErrors: number;
}

/**
 * What the app layer needs of Everflow's invoices. Another provider declares its own beside this
 * one, its records extending the model's shared `Invoice`, `InvoiceLine` and `InvoicePayment`.
 */
export interface EverflowInvoiceProvider {
  readonly stats: RequestStats;
  listInvoices(filters: EverflowInvoiceFilters, deadline: Deadline): EverflowInvoiceListItem[];
  /** Calls `onDetail` as each invoice arrives so callers keep partial progress; throws on failure. */
  fetchInvoiceDetails(ids: readonly number[], deadline: Deadline, onDetail: (detail: EverflowInvoiceDetail) => void): void;
  /** How many invoices match, from one small request (a page of one invoice tells the total). */
  countInvoices(filters: EverflowInvoiceFilters, deadline: Deadline): number;
}
