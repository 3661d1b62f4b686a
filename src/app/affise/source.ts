import type { Deadline } from '../../ports/clock';
import type { AffiseClient } from '../../provider/affise/client';
import { AFFISE_STATUS_CODES, type AffisePayment } from '../../provider/affise/normalize';
import { ALL_TIME_FROM, allTimeRange, type AffisePaymentQuery } from '../../provider/affise/query';
import type { ChunkedCache } from '../chunked-cache';
import type { AffiseInvoiceFilters } from '../parameters';
import { affiliateNamesSchema, affisePaymentListSchema, affisePaymentSchema } from './cached-records';

/** Lists change often: keep them as briefly as Everflow's. */
export const AFFISE_LIST_TTL_SECONDS = 600;
/** Affiliates are renamed rarely: their names are read once per six hours (Apps Script's longest cache). */
export const AFFILIATE_NAMES_TTL_SECONDS = 21_600;

export const NO_AFFISE_FILTERS: AffiseInvoiceFilters = { statuses: null, dateFrom: null, dateTo: null, affiliateIds: null };

export interface CachedAffiseSourceOptions {
  client: AffiseClient;
  cache: ChunkedCache;
  /** Separates accounts and cache generations: the key's fingerprint and a counter. */
  namespace: string;
  /** Changes after each scheduled or manual refresh so lists are read fresh. */
  listEpoch: string;
  nowMs: number;
}

/** The query Affise takes for the filters: its dates are required, so all time is written out. */
export function affiseQueryOf(filters: AffiseInvoiceFilters, nowMs: number): AffisePaymentQuery {
  return {
    dateFrom: filters.dateFrom ?? ALL_TIME_FROM,
    dateTo: filters.dateTo ?? allTimeRange(nowMs).dateTo,
    ...(filters.statuses === null ? {} : { statuses: filters.statuses.map((status) => AFFISE_STATUS_CODES[status]) }),
    ...(filters.affiliateIds === null ? {} : { affiliateIds: filters.affiliateIds }),
  };
}

/** A stable text for filters: the same filters typed differently share one cache entry. */
export function affiseFiltersKey(filters: AffiseInvoiceFilters): string {
  return [
    [...(filters.statuses ?? [])].sort().join(','),
    filters.dateFrom ?? '',
    filters.dateTo ?? '',
    [...(filters.affiliateIds ?? [])].sort((a, b) => a - b).join(','),
  ].join('|');
}

/**
 * Affise invoices through the document cache: lists per filters, invoices by id (what lines
 * read), and affiliate names from the partners list, read once per cache period for the whole
 * account, never per row. A warm call sends nothing.
 */
export class CachedAffiseSource {
  constructor(private readonly options: CachedAffiseSourceOptions) {}

  get client(): AffiseClient {
    return this.options.client;
  }

  listInvoices(filters: AffiseInvoiceFilters, deadline: Deadline): AffisePayment[] {
    const { cache, namespace, listEpoch } = this.options;
    const key = `AL:${namespace}:${listEpoch}:${affiseFiltersKey(filters)}`;
    const cached = cache.get(key, affisePaymentListSchema);
    if (cached) return cached;
    const invoices = this.options.client.listPayments(affiseQueryOf(filters, this.options.nowMs), deadline);
    cache.put(key, invoices, AFFISE_LIST_TTL_SECONDS);
    return invoices;
  }

  /** The invoices with these ids in the given order (100 per request, all at once); ids Affise does not have are left out. */
  invoicesByIds(ids: readonly number[], deadline: Deadline): AffisePayment[] {
    const { cache, namespace, listEpoch } = this.options;
    const keyOf = (id: number): string => `AI:${namespace}:${listEpoch}:${id}`;
    const cached = cache.getMany(ids.map(keyOf), affisePaymentSchema);
    const byId = new Map<number, AffisePayment>();
    for (const id of ids) {
      const entry = cached.get(keyOf(id));
      if (entry) byId.set(id, entry);
    }
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      const fetched = this.options.client.listPaymentsByIds(missing, deadline);
      for (const invoice of fetched) byId.set(invoice.id, invoice);
      cache.putMany(new Map(fetched.map((invoice) => [keyOf(invoice.id), invoice])), AFFISE_LIST_TTL_SECONDS);
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Every affiliate's name by id, from the cache or one read of the partners list. */
  affiliateNames(deadline: Deadline): ReadonlyMap<number, string> {
    const { cache, namespace } = this.options;
    const key = `AP:${namespace}`;
    const cached = cache.get(key, affiliateNamesSchema);
    if (cached) return new Map(cached);
    const names: Array<[number, string]> = this.options.client.listPartners(deadline).flatMap((partner) => (partner.name === null ? [] : [[partner.id, partner.name] as [number, string]]));
    cache.put(key, names, AFFILIATE_NAMES_TTL_SECONDS);
    return new Map(names);
  }
}
