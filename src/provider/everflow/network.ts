import { z } from 'zod';
import type { EverflowInvoiceFilters, EverflowInvoiceListItem } from '../../model/invoice';
import type { ZoneRules } from '../../ports/time-zone';
import { isRecord, looseNumber, looseText, toNumberOrNull } from '../json-body';
import { normalizeListItem } from './normalize';
import type { invoiceDetailResponseSchema} from './schemas';
import { invoiceListResponseSchema, listInvoiceSchema, looseArray } from './schemas';

/*
 * The network side of Everflow's billing API (`/v1/networks/billings/affiliates/...`): what a
 * network key sees of every partner's invoices. The affiliate side's schemas and normalizers are
 * reused; this module adds the network's filters and row fields (not its summary: see
 * EFLOW_INVOICE_SUMMARY in the README, it names no currency).
 */

export const NETWORK_LIST_PATH = '/networks/billings/affiliates/invoicestable';
/** `relationship=all` brings the affiliate (its name) with the lines and payments. */
export const NETWORK_DETAIL_PATH = '/networks/billings/affiliates/invoices/';
export const NETWORK_DETAIL_QUERY = '?relationship=all';

/** A filter only a network key has (status deleted, partners, search), asked with a partner key. */
export class NetworkOnlyFilterError extends Error {
  override name = 'NetworkOnlyFilterError';

  constructor(readonly filter: 'status' | 'affiliate_ids' | 'search') {
    const what = filter === 'status' ? 'status "deleted"' : filter;
    super(
      `${what} works only with an Everflow network key, and this connection's key is a partner (affiliate) key, which sees its own invoices only. ` +
        `Leave ${filter} empty, or use a network key.`,
    );
  }
}

/** Throws for a network-only filter: a partner key's list cannot honour it, and ignoring it would show the wrong invoices. */
export function refuseNetworkOnlyFilters(filters: EverflowInvoiceFilters): void {
  if (filters.status === 'deleted') throw new NetworkOnlyFilterError('status');
  if (filters.affiliateIds && filters.affiliateIds.length > 0) throw new NetworkOnlyFilterError('affiliate_ids');
  if (filters.search) throw new NetworkOnlyFilterError('search');
}

/**
 * The list and summary body. Everflow's pages name every network filter two ways (`status` or
 * `affiliate_invoice_status`, `affiliate_ids` or `network_affiliate_ids`, `date_from`/`date_to` or
 * `min_start_time`/`max_end_time`, `balance_from`/`balance_to` or `min_balance`/`max_balance`):
 * both names are sent with the same value, so either reading of the API filters alike. The search
 * goes as `search_terms`, an array of strings.
 */
export function networkListBody(filters: EverflowInvoiceFilters): string {
  const body: Record<string, string | number | number[]> = {};
  const both = (names: readonly [string, string], value: string | number | number[]): void => {
    for (const name of names) body[name] = value;
  };
  if (filters.status !== null) both(['status', 'affiliate_invoice_status'], filters.status);
  if (filters.affiliateIds && filters.affiliateIds.length > 0) both(['affiliate_ids', 'network_affiliate_ids'], [...filters.affiliateIds]);
  if (filters.startDate !== null) both(['date_from', 'min_start_time'], filters.startDate);
  if (filters.endDate !== null) both(['date_to', 'max_end_time'], filters.endDate);
  if (filters.minBalance !== null) both(['balance_from', 'min_balance'], filters.minBalance);
  if (filters.maxBalance !== null) both(['balance_to', 'max_balance'], filters.maxBalance);
  const search = filters.search?.trim() ?? '';
  const searchTerms = search === '' ? [] : [search];
  return JSON.stringify(searchTerms.length > 0 ? { search_terms: searchTerms, filters: body } : { filters: body });
}

/** true/false, 1/0, "true"/"false", "1"/"0"; anything else is unknown (null). */
const looseBoolean = z
  .unknown()
  .optional()
  .transform((value): boolean | null => {
    if (value === true || value === 1 || value === 'true' || value === '1') return true;
    if (value === false || value === 0 || value === 'false' || value === '0') return false;
    return null;
  });

export const networkListInvoiceSchema = listInvoiceSchema.extend({
  network_affiliate_id: looseNumber,
  network_affiliate_name: looseText,
  // The filters' other reading (`affiliate_ids` beside `network_affiliate_ids`), read in rows too.
  affiliate_id: looseNumber,
  affiliate_name: looseText,
  public_notes: looseText,
  internal_notes: looseText,
  is_hidden_affiliate: looseBoolean,
  payment_type: looseText,
  is_payable: looseBoolean,
  payment_status: looseText,
  paid_date: looseText,
});

export const networkListResponseSchema = invoiceListResponseSchema.extend({ invoices: looseArray(networkListInvoiceSchema) });

export type RawNetworkListInvoice = z.output<typeof networkListInvoiceSchema>;

export function normalizeNetworkListItem(raw: RawNetworkListInvoice, zones: ZoneRules): EverflowInvoiceListItem {
  const base = normalizeListItem(raw, zones);
  return {
    ...base,
    // The network's list names the notes partners see `public_notes`; `notes` is the older name.
    notes: raw.public_notes ?? base.notes,
    network: {
      networkId: raw.network_id,
      affiliateId: raw.network_affiliate_id ?? raw.affiliate_id,
      affiliateName: raw.network_affiliate_name ?? raw.affiliate_name,
      publicNotes: raw.public_notes ?? raw.notes,
      internalNotes: raw.internal_notes,
      isHiddenAffiliate: raw.is_hidden_affiliate,
      paymentType: raw.payment_type,
      isPayable: raw.is_payable,
      paymentStatus: raw.payment_status,
      paidDate: raw.paid_date,
    },
  };
}

/** The partner's name in a network's invoice by id (`relationship=all` includes `relationship.affiliate`). */
export const networkDetailAffiliateSchema = z.object({
  relationship: z.preprocess(
    (value) => (isRecord(value) ? value : {}),
    z.object({ affiliate: z.preprocess((value) => (isRecord(value) ? value : {}), z.object({ name: looseText, network_affiliate_id: looseNumber })) }),
  ),
});

/** What the add-on may change on a network's invoice; a field left out keeps its value. */
export interface NetworkInvoiceChange {
  status?: 'paid' | 'unpaid' | 'deleted';
  publicNotes?: string;
  internalNotes?: string;
  paymentTermsDays?: number;
}

/** The invoice changed since it was read for the change (its `time_saved` moved): nothing was sent. */
export class NetworkInvoiceConflictError extends Error {
  override name = 'NetworkInvoiceConflictError';

  constructor(
    readonly invoiceId: number,
    readonly expectedTimeSaved: number,
    readonly actualTimeSaved: number | null,
  ) {
    super(`Invoice ${invoiceId} changed in Everflow since it was read (time_saved ${actualTimeSaved ?? 'missing'}, expected ${expectedTimeSaved}): nothing was sent. Refresh and review the change again.`);
  }
}

/** A field a full replacement needs could not be read back, so a PUT would wipe it: nothing is sent. */
export class NetworkInvoiceUnreadableError extends Error {
  override name = 'NetworkInvoiceUnreadableError';
}

type RawDetail = z.output<typeof invoiceDetailResponseSchema>;

/**
 * The body of `PUT /v1/networks/billings/affiliates/invoices/{id}`, a full replacement: every
 * field is sent, each as read unless changed. The invoice by id lacks the internal notes, the
 * hidden-affiliate flag and the integer terms, so they come from the invoice's row in the
 * network's list; its own line items (not an extra period's) go back with their ids.
 */
export function networkReplacementBody(detail: RawDetail, row: RawNetworkListInvoice, change: NetworkInvoiceChange): Record<string, unknown> {
  const missing = [
    detail.network_affiliate_id === null ? 'network_affiliate_id' : null,
    detail.start_time === null ? 'start_time' : null,
    detail.end_time === null ? 'end_time' : null,
    row.is_hidden_affiliate === null ? 'is_hidden_affiliate' : null,
  ].filter((name) => name !== null);
  if (missing.length > 0) throw new NetworkInvoiceUnreadableError(`Invoice ${detail.network_affiliate_invoice_id}: Everflow did not send ${missing.join(', ')}, which a full replacement must send back unchanged. Nothing was sent.`);
  // The reference gives no form for sending extra periods back: a full replacement could wipe them.
  if (detail.relationship.extra_periods.length > 0) {
    throw new NetworkInvoiceUnreadableError(
      `Invoice ${detail.network_affiliate_invoice_id} has extra periods, which a full replacement (PUT) would have to send back in a form Everflow does not document: nothing was sent, so none of them is lost. Change its notes or terms in Everflow; its status can be changed here.`,
    );
  }
  const status = change.status ?? detail.status ?? row.affiliate_invoice_status ?? row.status;
  // The invoice by id words the terms ("Net 30", null for none); the list has integer days, 0 for
  // both "due on receipt" and none. The words decide when there are some, so "none" stays none.
  const rowTerms = typeof row.payment_terms === 'number' ? row.payment_terms : parseTermsDays(row.payment_terms);
  const detailTerms = parseTermsDays(detail.payment_terms);
  const terms = detailTerms ?? (rowTerms === 0 ? null : rowTerms);
  return {
    network_affiliate_id: detail.network_affiliate_id,
    status,
    start_time: (detail.start_time ?? '').slice(0, 10),
    end_time: (detail.end_time ?? '').slice(0, 10),
    public_notes: change.publicNotes ?? row.public_notes ?? detail.notes ?? '',
    internal_notes: change.internalNotes ?? row.internal_notes ?? '',
    is_hidden_affiliate: row.is_hidden_affiliate,
    payment_terms: change.paymentTermsDays ?? terms,
    details: detail.relationship.details
      .filter((line) => line.relationship.extra_period_id === null)
      .map((line) => ({
        network_affiliate_invoice_detail_id: line.network_affiliate_invoice_detail_id,
        network_offer_id: line.network_offer_id,
        network_offer_name: line.network_offer_name,
        type: line.type,
        amount: line.invoice_currency_amount ?? line.amount,
        quantity: line.quantity,
        notes: line.notes,
      })),
  };
}

function parseTermsDays(terms: string | number | null | undefined): number | null {
  if (terms === null || terms === undefined) return null;
  if (typeof terms === 'number') return terms;
  if (/^(?:due\s+)?(?:(?:up)?on\s+)?receipt$/i.test(terms.trim())) return 0;
  const match = /(\d+)/.exec(String(terms));
  return match ? Number(match[1]) : null;
}

/** One invoice's result in a batch status change. */
export interface NetworkStatusResult {
  invoiceId: number;
  ok: boolean;
  /** False when the answer did not name this invoice: whether it changed is unknown (read it back). */
  answered: boolean;
  /** Everflow's words when it refused this invoice. */
  error: string | null;
}

const statusResultSchema = z.object({
  network_affiliate_invoice_id: looseNumber,
  success: looseBoolean,
  error: looseText,
});

/** `PATCH .../invoices` answers a result per invoice (`results`, or `invoices` on some pages); an answer without them says nothing per invoice. */
export const statusBatchResponseSchema = z.object({
  results: looseArray(statusResultSchema),
  invoices: looseArray(statusResultSchema),
});

/**
 * Each invoice's result, in the order asked. An invoice the answer does not name is unknown (not
 * ok): whoever applies the change reads it back rather than assume it landed.
 */
export function statusResultsOf(ids: readonly number[], answer: z.output<typeof statusBatchResponseSchema>): NetworkStatusResult[] {
  const named = new Map([...answer.results, ...answer.invoices].flatMap((entry) => (entry.network_affiliate_invoice_id === null ? [] : [[entry.network_affiliate_invoice_id, entry] as const])));
  return ids.map((invoiceId) => {
    const entry = named.get(invoiceId);
    if (!entry || entry.success === null) return { invoiceId, ok: false, answered: false, error: 'Everflow did not say' };
    return { invoiceId, ok: entry.success, answered: true, error: entry.success ? null : (entry.error ?? 'refused') };
  });
}

/** What a full replacement starts from: the invoice by id and its row in the network's list. */
export interface NetworkInvoiceReading {
  detail: RawDetail;
  row: RawNetworkListInvoice;
}

/** One line item of a new invoice; `amount` is decimal text in the invoice's currency ("120.50"). */
export interface NetworkNewLine {
  offerId: number | null;
  type: 'offer_detail' | 'adjustment' | 'referral' | 'vat';
  amount: string;
  quantity: number;
  notes: string;
}

/** A new invoice for a partner, as `POST /v1/networks/billings/affiliates/invoices` takes it. */
export interface NetworkNewInvoice {
  affiliateId: number;
  status: 'paid' | 'unpaid';
  /** YYYY-MM-DD, the period's first and last days. */
  startDate: string;
  endDate: string;
  publicNotes: string;
  internalNotes: string;
  paymentTermsDays: number | null;
  lines: readonly NetworkNewLine[];
}

/** The create body. A new invoice never shows as of a hidden affiliate, and nothing here pays it. */
export function networkCreateBody(invoice: NetworkNewInvoice): Record<string, unknown> {
  return {
    network_affiliate_id: invoice.affiliateId,
    status: invoice.status,
    start_time: invoice.startDate,
    end_time: invoice.endDate,
    public_notes: invoice.publicNotes,
    internal_notes: invoice.internalNotes,
    is_hidden_affiliate: false,
    payment_terms: invoice.paymentTermsDays,
    details: invoice.lines.map((line) => ({
      ...(line.offerId === null ? {} : { network_offer_id: line.offerId }),
      type: line.type,
      // Decimal text to a JSON number: at most 15 significant digits, so its shortest form is the text again.
      amount: Number(line.amount),
      quantity: line.quantity,
      notes: line.notes,
    })),
  };
}

/** Everflow answers a creation with the invoice; its id, when there. */
export const createdInvoiceSchema = z
  .unknown()
  .transform((value): { id: number | null } => ({ id: isRecord(value) ? toNumberOrNull(value.network_affiliate_invoice_id) : null }));
