import type { Deadline } from '../ports/clock';
import type { InvoiceDetail, InvoiceFilters, InvoiceListItem } from '../model/invoice';

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
 * What the app layer needs of an invoice source. Everflow implements it; a second provider
 * (Affise) implements it too, mapping into the same model, so nothing above changes.
 */
export interface InvoiceProvider {
  readonly stats: RequestStats;
  listInvoices(filters: InvoiceFilters, deadline: Deadline): InvoiceListItem[];
  /** Calls `onDetail` as each invoice arrives so callers keep partial progress; throws on failure. */
  fetchInvoiceDetails(ids: readonly number[], deadline: Deadline, onDetail: (detail: InvoiceDetail) => void): void;
  /** How many invoices match, from one small request (a page of one invoice tells the total). */
  countInvoices(filters: InvoiceFilters, deadline: Deadline): number;
}
