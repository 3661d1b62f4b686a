import { z } from 'zod';
import { DeadlineExceededError, type Deadline } from '../ports/clock';
import type { EverflowInvoiceDetail, EverflowInvoiceFilters, EverflowInvoiceListItem } from '../model/invoice';
import { everflowInvoiceDetailSchema, everflowInvoiceListSchema } from '../model/invoice-schema';
import type { EverflowInvoiceProvider } from '../provider/provider';
import type { ChunkedCache } from './chunked-cache';
import { invoiceFiltersFrom } from './parameters';

/** Lists change often and cost one request per 2,000 invoices: keep them briefly. */
export const LIST_TTL_SECONDS = 600;
/** Details are re-fetched whenever the list shows a newer time_saved, so they may live long. */
export const DETAIL_TTL_SECONDS = 21_600;

export const NO_FILTERS: EverflowInvoiceFilters = invoiceFiltersFrom({});

const cachedDetailSchema = z.object({ listUpdatedMs: z.number().nullable(), detail: everflowInvoiceDetailSchema });
type CachedDetail = z.infer<typeof cachedDetailSchema>;

/** The invoices could not all be fetched in the time a call has; what was fetched is cached. */
export class PartialFetchError extends Error {
  override name = 'PartialFetchError';

  constructor(
    readonly fetched: number,
    readonly total: number,
  ) {
    super(`Fetched ${fetched.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} invoices before the time limit.`);
  }
}

export interface CachedInvoiceSourceOptions {
  provider: EverflowInvoiceProvider;
  cache: ChunkedCache;
  /** Separates accounts and cache generations: derived from the key (hashed) and a counter. */
  namespace: string;
  /** Changes after each scheduled or manual refresh so lists are read fresh. */
  listEpoch: string;
}

/**
 * Invoice data through the cache: lists per filters, and details per invoice, fetched again only
 * when the invoice's time_saved moved (or the entry expired).
 */
export class CachedInvoiceSource {
  constructor(private readonly options: CachedInvoiceSourceOptions) {}

  listInvoices(filters: EverflowInvoiceFilters, deadline: Deadline): EverflowInvoiceListItem[] {
    const key = `L:${this.options.namespace}:${this.options.listEpoch}:${filtersKey(filters)}`;
    const cached = this.options.cache.get(key, everflowInvoiceListSchema);
    if (cached) return cached;
    const invoices = this.options.provider.listInvoices(filters, deadline);
    this.options.cache.put(key, invoices, LIST_TTL_SECONDS);
    return invoices;
  }

  /** Details of the given invoices, in the given order. */
  invoiceDetails(ids: readonly number[], deadline: Deadline): EverflowInvoiceDetail[] {
    const listUpdated = new Map<number, number | null>();
    for (const item of this.listInvoices(NO_FILTERS, deadline)) listUpdated.set(item.id, item.updatedMs);

    const keyOf = (id: number): string => `D:${this.options.namespace}:${id}`;
    const cached = this.options.cache.getMany(ids.map(keyOf), cachedDetailSchema);
    const details = new Map<number, EverflowInvoiceDetail>();
    const stale: number[] = [];
    for (const id of ids) {
      const entry = cached.get(keyOf(id));
      // An id missing from the cached list is newer than the list: its cached detail stands until the list is read again.
      const current = !listUpdated.has(id) || entry?.listUpdatedMs === listUpdated.get(id);
      if (entry && current) details.set(id, entry.detail);
      else stale.push(id);
    }

    const fetched = new Map<string, CachedDetail>();
    try {
      this.options.provider.fetchInvoiceDetails(stale, deadline, (detail) => {
        details.set(detail.id, detail);
        fetched.set(keyOf(detail.id), { listUpdatedMs: listUpdated.get(detail.id) ?? detail.updatedMs, detail });
      });
    } catch (error) {
      if (error instanceof DeadlineExceededError) throw new PartialFetchError(ids.length - stale.length + fetched.size, ids.length);
      throw error;
    } finally {
      // Whatever arrived is kept, so the next recalculation continues where this one stopped.
      this.options.cache.putMany(fetched, DETAIL_TTL_SECONDS);
    }
    return ids.flatMap((id) => {
      const detail = details.get(id);
      return detail ? [detail] : [];
    });
  }
}

/** A stable text for filters: the same filters typed differently share one cache entry. */
export function filtersKey(filters: EverflowInvoiceFilters): string {
  return [filters.status ?? '', filters.startDate ?? '', filters.endDate ?? '', filters.minBalance ?? '', filters.maxBalance ?? ''].join('|');
}
