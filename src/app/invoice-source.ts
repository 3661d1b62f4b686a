import { z } from 'zod';
import { DeadlineExceededError, type Deadline } from '../ports/clock';
import type { EverflowInvoiceDetail, EverflowInvoiceFilters, EverflowInvoiceListItem } from '../model/invoice';
import { everflowInvoiceDetailSchema, everflowInvoiceListSchema } from '../model/invoice-schema';
import type { Clock } from '../ports/clock';
import type { EverflowInvoiceProvider } from '../provider/provider';
import type { ChunkedCache } from './chunked-cache';
import { invoiceFiltersFrom } from './parameters';

/** Lists change often and cost one request per 2,000 invoices: keep them briefly. */
export const LIST_TTL_SECONDS = 600;
/** Details are re-fetched whenever the list shows a newer time_saved, so they may live long. */
export const DETAIL_TTL_SECONDS = 21_600;
/** Invoices a list request brings at most (Everflow's page size): a full listing costs one request per this many. */
export const LIST_PAGE_INVOICES = 2_000;

export const NO_FILTERS: EverflowInvoiceFilters = invoiceFiltersFrom({});

const cachedDetailSchema = z.object({
  /** The time_saved the detail was checked against: the list's, or the detail's own when fetched directly. */
  listUpdatedMs: z.number().nullable(),
  /** When it was fetched, and in which data epoch: without a list, a detail is as current as a cached list would be for LIST_TTL_SECONDS. */
  fetchedMs: z.number(),
  epoch: z.string(),
  detail: everflowInvoiceDetailSchema,
});
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
  clock: Clock;
}

/**
 * Invoice data through the cache: lists per filters, and details per invoice, fetched again only
 * when the invoice's time_saved moved (or the entry expired).
 */
export class CachedInvoiceSource {
  constructor(private readonly options: CachedInvoiceSourceOptions) {}

  listInvoices(filters: EverflowInvoiceFilters, deadline: Deadline): EverflowInvoiceListItem[] {
    const cached = this.cachedList(filters);
    if (cached) return cached;
    const invoices = this.options.provider.listInvoices(filters, deadline);
    this.options.cache.put(this.listKey(filters), invoices, LIST_TTL_SECONDS);
    // The count outlives the list: it only tells what listing again would cost.
    if (filtersKey(filters) === filtersKey(NO_FILTERS)) this.options.cache.put(this.countKey(), invoices.length, DETAIL_TTL_SECONDS);
    return invoices;
  }

  /**
   * Details of the given invoices, in the given order. A cached detail stands when a cached list
   * shows the same time_saved, or, with no list cached, when it was fetched in this data epoch
   * less than LIST_TTL_SECONDS ago. Without a list, details are fetched directly (a formula
   * dragged down a column runs one cell per id at once: none lists every invoice), unless more
   * cached ones need checking than the list has pages: then they are checked against the list and
   * only the changed ones fetched.
   */
  invoiceDetails(ids: readonly number[], deadline: Deadline): EverflowInvoiceDetail[] {
    const keyOf = (id: number): string => `D:${this.options.namespace}:${id}`;
    const cached = this.options.cache.getMany(ids.map(keyOf), cachedDetailSchema);
    const nowMs = this.options.clock.now();
    const recent = (entry: CachedDetail): boolean => entry.epoch === this.options.listEpoch && nowMs - entry.fetchedMs < LIST_TTL_SECONDS * 1000;
    let list = this.cachedList(NO_FILTERS);
    if (list === null) {
      // Checking cached details against the list pays when they outnumber its pages; details not cached are fetched either way.
      const unchecked = ids.filter((id) => {
        const entry = cached.get(keyOf(id));
        return entry !== undefined && !recent(entry);
      });
      if (unchecked.length > this.listingCost()) list = this.listInvoices(NO_FILTERS, deadline);
    }
    const listUpdated = new Map<number, number | null>();
    for (const item of list ?? []) listUpdated.set(item.id, item.updatedMs);

    const details = new Map<number, EverflowInvoiceDetail>();
    const stale: number[] = [];
    for (const id of ids) {
      const entry = cached.get(keyOf(id));
      // An id missing from the list is newer than the list: its cached detail stands until the list is read again.
      const current = entry !== undefined && (list === null ? recent(entry) : !listUpdated.has(id) || entry.listUpdatedMs === listUpdated.get(id));
      if (entry && current) details.set(id, entry.detail);
      else stale.push(id);
    }

    const fetched = new Map<string, CachedDetail>();
    try {
      this.options.provider.fetchInvoiceDetails(stale, deadline, (detail) => {
        details.set(detail.id, detail);
        fetched.set(keyOf(detail.id), {
          listUpdatedMs: listUpdated.get(detail.id) ?? detail.updatedMs,
          fetchedMs: this.options.clock.now(),
          epoch: this.options.listEpoch,
          detail,
        });
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

  private listKey(filters: EverflowInvoiceFilters): string {
    return `L:${this.options.namespace}:${this.options.listEpoch}:${filtersKey(filters)}`;
  }

  private countKey(): string {
    return `N:${this.options.namespace}`;
  }

  /** Requests a listing of every invoice costs, from the last count seen; one while none was seen. */
  private listingCost(): number {
    const count = this.options.cache.get(this.countKey(), z.number().int().min(0)) ?? 0;
    return Math.max(1, Math.ceil(count / LIST_PAGE_INVOICES));
  }

  private cachedList(filters: EverflowInvoiceFilters): EverflowInvoiceListItem[] | null {
    return this.options.cache.get(this.listKey(filters), everflowInvoiceListSchema);
  }
}

/** A stable text for filters: the same filters typed differently share one cache entry. */
export function filtersKey(filters: EverflowInvoiceFilters): string {
  const network = [(filters.affiliateIds ?? []).join(','), filters.search ?? ''];
  const common = [filters.status ?? '', filters.startDate ?? '', filters.endDate ?? '', filters.minBalance ?? '', filters.maxBalance ?? ''];
  // The search is free text: JSON keeps a '|' in it from reading as a separator. Without network filters the key is as before.
  return network.some((part) => part !== '') ? [...common, JSON.stringify(network)].join('|') : common.join('|');
}
