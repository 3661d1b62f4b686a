import { z } from 'zod';
import { centsToAmount, invoiceTotals, shownStatus, type FakeInvoice } from './model';
import type { EndDateReading } from './options';

/**
 * The list endpoints' request bodies, validated, and the filters they express. Empty strings and
 * nulls mean "no filter"; balances accept numbers and numeric strings.
 */

export interface InvoiceFilter {
  status?: string;
  /** YYYY-MM-DD: the period's start date is on or after. */
  minStartDate?: string;
  /** YYYY-MM-DD: the period's end date is on or before. */
  maxEndDate?: string;
  minBalance?: number;
  maxBalance?: number;
  affiliateIds?: number[];
  /** Matched, case-insensitively, against the id, the notes and the affiliate's name. */
  searchTerms?: string[];
}

const absentIfEmpty = (value: unknown): unknown => (value === '' || value === null ? undefined : value);

const dateFilter = z.preprocess(absentIfEmpty, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional());
const amountFilter = z.preprocess(
  absentIfEmpty,
  z
    .union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/, 'expected a number').transform(Number)])
    .optional(),
);
const statusFilter = z.preprocess(absentIfEmpty, z.string().optional());
const idList = z.preprocess(
  absentIfEmpty,
  z.array(z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)])).optional(),
);

const affiliateFilters = z
  .object({
    affiliate_invoice_status: statusFilter,
    min_start_time: dateFilter,
    max_end_time: dateFilter,
    min_balance: amountFilter,
    max_balance: amountFilter,
  })
  .loose();

/** Everflow's pages name the network filters two ways; both are accepted. */
const networkFilters = affiliateFilters.extend({
  status: statusFilter,
  affiliate_ids: idList,
  network_affiliate_ids: idList,
  date_from: dateFilter,
  date_to: dateFilter,
  balance_from: amountFilter,
  balance_to: amountFilter,
});

const searchTerm = z.union([z.string(), z.object({ value: z.union([z.string(), z.number()]) }).loose()]);

const affiliateListBody = z.object({ filters: z.preprocess(absentIfEmpty, affiliateFilters.optional()) }).loose();
const networkListBody = z
  .object({
    filters: z.preprocess(absentIfEmpty, networkFilters.optional()),
    search_terms: z.preprocess(absentIfEmpty, z.array(searchTerm).optional()),
  })
  .loose();

export type ParseResult = { ok: true; filter: InvoiceFilter } | { ok: false; message: string };

export function parseAffiliateListBody(body: unknown): ParseResult {
  const parsed = affiliateListBody.safeParse(body);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error) };
  const filters = parsed.data.filters ?? {};
  return {
    ok: true,
    filter: {
      status: filters.affiliate_invoice_status,
      minStartDate: filters.min_start_time,
      maxEndDate: filters.max_end_time,
      minBalance: filters.min_balance,
      maxBalance: filters.max_balance,
    },
  };
}

export function parseNetworkListBody(body: unknown): ParseResult {
  const parsed = networkListBody.safeParse(body);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error) };
  const filters = parsed.data.filters ?? {};
  const terms = parsed.data.search_terms ?? [];
  return {
    ok: true,
    filter: {
      status: filters.status ?? filters.affiliate_invoice_status,
      minStartDate: filters.date_from ?? filters.min_start_time,
      maxEndDate: filters.date_to ?? filters.max_end_time,
      minBalance: filters.balance_from ?? filters.min_balance,
      maxBalance: filters.balance_to ?? filters.max_balance,
      affiliateIds: filters.affiliate_ids ?? filters.network_affiliate_ids,
      searchTerms: terms.map((term) => (typeof term === 'string' ? term : String(term.value))).filter((term) => term !== ''),
    },
  };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request body';
  const field = issue.path.map(String).join('.');
  return field ? `Invalid ${field}: ${issue.message}` : `Invalid request body: ${issue.message}`;
}

/**
 * Balances compare inclusively; dates compare the period's date part (its own wall clock), or, for
 * the end date under the `'midnight'` reading, the whole period end against that day's 00:00:00.
 * A deleted invoice matches only a `deleted` status filter.
 */
export function matchesFilter(invoice: FakeInvoice, filter: InvoiceFilter, affiliateName: string, endDateReading: EndDateReading = 'date'): boolean {
  const { balanceCents } = invoiceTotals(invoice);
  const status = shownStatus(invoice);
  const balance = centsToAmount(balanceCents);
  if (status === 'deleted' && filter.status !== 'deleted') return false;
  if (filter.status !== undefined && filter.status !== status) return false;
  if (filter.minStartDate !== undefined && invoice.startTime.slice(0, 10) < filter.minStartDate) return false;
  if (filter.maxEndDate !== undefined && !endsBy(invoice.endTime, filter.maxEndDate, endDateReading)) return false;
  if (filter.minBalance !== undefined && balance < filter.minBalance) return false;
  if (filter.maxBalance !== undefined && balance > filter.maxBalance) return false;
  if (filter.affiliateIds !== undefined && filter.affiliateIds.length > 0 && !filter.affiliateIds.includes(invoice.affiliateId)) return false;
  if (filter.searchTerms !== undefined && filter.searchTerms.length > 0) {
    const haystack = `${invoice.id}\n${invoice.affiliateId}\n${invoice.notes}\n${affiliateName}`.toLowerCase();
    if (!filter.searchTerms.some((term) => haystack.includes(term.toLowerCase()))) return false;
  }
  return true;
}

/** "YYYY-MM-DD HH:MM:SS" `endTime` is on or before `date` as `reading` reads `max_end_time`. */
function endsBy(endTime: string, date: string, reading: EndDateReading): boolean {
  return reading === 'date' ? endTime.slice(0, 10) <= date : endTime <= `${date} 00:00:00`;
}
