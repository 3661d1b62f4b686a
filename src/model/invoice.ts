import type { WallClock } from '../ports/time-zone';
import type { Amount } from './money';

/**
 * The invoice model. What every provider has is named for what it is (`Invoice`, `InvoiceLine`,
 * `InvoicePayment`); what only one provider has is named as that provider's and extends the
 * shared part (`EverflowInvoiceListItem`, ...). Providers map their API records into these types;
 * the tables of a provider's functions (src/app/tables/<provider>/) read them.
 *
 * Conventions:
 * - Amounts are numbers as the API sent them (JSON decimals round-trip exactly through
 *   String(n)), or the text of a value that could not be read (`Amount`); sums go through
 *   `src/model/money.ts` so they are exact to the cent.
 * - `null` means the API did not send the value (missing or null); it shows as a blank cell.
 * - Instants are epoch milliseconds (UTC). Wall clocks (a period's bounds) are in the record's zone.
 * - A status is the provider's own word ("unpaid", "partly paid"), an open set shown as sent.
 */

/** What every provider's invoice has. */
export interface Invoice {
  id: number;
  /** The provider's word for it, as sent. */
  status: string | null;
  currency: string | null;
  notes: string | null;
  createdMs: number | null;
  updatedMs: number | null;
}

/** What every provider's invoice line has. */
export interface InvoiceLine {
  invoiceId: number;
  /** The provider's word for the kind of line ("offer_detail", "correction"), as sent. */
  type: string | null;
  amount: Amount;
  currency: string | null;
  notes: string | null;
}

/** What every provider's payment of an invoice has. */
export interface InvoicePayment {
  id: number | null;
  invoiceId: number;
  /** The provider's word for it, as sent. */
  status: string | null;
  amount: Amount;
  currency: string | null;
  notes: string | null;
}

/** An Everflow time zone (`timezone_id`): an IANA name when known, else the raw id as text. */
export interface EverflowZone {
  /** IANA name such as "America/New_York", or null when Everflow's id is unknown. */
  iana: string | null;
  /** What to show: the IANA name, else the raw id (e.g. "999"). Empty when absent. */
  label: string;
}

/** An Everflow invoice as both its list and its detail carry it: a billing period in the invoice's own zone, and a balance. */
export interface EverflowInvoiceHeader extends Invoice {
  periodStart: WallClock | null;
  periodEnd: WallClock | null;
  zone: EverflowZone;
  balance: Amount;
}

/** A row of Everflow's invoice list: the header plus totals the list computes. */
export interface EverflowInvoiceListItem extends EverflowInvoiceHeader {
  billed: Amount;
  paid: Amount;
  /** As sent ("Net 30"); a network's integer days becomes "Net N". */
  paymentTerms: string | null;
  /** Days of credit parsed from the terms ("Net 30" -> 30), null when the terms carry none. */
  paymentTermsDays: number | null;
  /** What a network key's list adds; absent for a partner key. */
  network?: EverflowNetworkListFields;
}

/** Fields only a network's list carries (every partner's invoices). */
export interface EverflowNetworkListFields {
  /** The network's own id (`network_id`): every key of a network shares its rate limit. */
  networkId: number | null;
  affiliateId: number | null;
  affiliateName: string | null;
  /** The notes the partner sees (the invoice's `notes` holds the same). */
  publicNotes: string | null;
  /** Notes the partner never sees. */
  internalNotes: string | null;
  isHiddenAffiliate: boolean | null;
  paymentType: string | null;
  isPayable: boolean | null;
  paymentStatus: string | null;
  /** As sent (YYYY-MM-DD on Everflow's pages); null while unpaid. */
  paidDate: string | null;
}

/** An Everflow line: an offer's, a referral's, VAT or an adjustment, of the invoice or of an extra period. */
export interface EverflowInvoiceLine extends InvoiceLine {
  id: number | null;
  offerId: number | null;
  offerName: string | null;
  quantity: number | null;
  /** The amount converted to the invoice's currency. */
  invoiceCurrencyAmount: Amount;
  referredAffiliateId: number | null;
  referredAffiliateName: string | null;
  /** Set when the line belongs to an extra period of the invoice. */
  extraPeriodId: number | null;
  createdMs: number | null;
}

/** An Everflow payment: its method, what reached the payee, and when it was approved and completed. */
export interface EverflowInvoicePayment extends InvoicePayment {
  method: string | null;
  paidOnMs: number | null;
  payeeAmount: Amount;
  payeeFee: Amount;
  payeeCurrency: string | null;
  approvedMs: number | null;
  completedMs: number | null;
}

/** One Everflow invoice in full. */
export interface EverflowInvoiceDetail extends EverflowInvoiceHeader {
  affiliateId: number | null;
  /** The partner's name: only a network key's answer carries it. */
  affiliateName?: string | null;
  /** Every line once: the invoice's own lines, then each extra period's lines. */
  lines: EverflowInvoiceLine[];
  payments: EverflowInvoicePayment[];
}

/** Everflow's list filters, as its functions and reports take them (already validated). */
export interface EverflowInvoiceFilters {
  /** `deleted` only with a network key. */
  status: 'paid' | 'unpaid' | 'deleted' | null;
  /** YYYY-MM-DD: periods that start on or after. */
  startDate: string | null;
  /** YYYY-MM-DD: periods that end on or before. */
  endDate: string | null;
  minBalance: number | null;
  maxBalance: number | null;
  /** Network key only: these partners' invoices (absent or empty: every partner's). */
  affiliateIds?: readonly number[] | null;
  /** Network key only: Everflow's search over invoice id, partner id and partner name. */
  search?: string | null;
}
