import type { WallClock } from '../ports/time-zone';

/**
 * The provider-neutral invoice model. Providers (Everflow, later Affise) map their API records
 * into these types; the sheet layer reads only these, so a new provider never touches it.
 *
 * Conventions:
 * - Amounts are numbers as the API sent them (JSON decimals round-trip exactly through
 *   String(n)); sums go through `src/model/money.ts` so they are exact to the cent.
 * - `null` means the API did not send the value (missing or null); it shows as a blank cell.
 * - Instants are epoch milliseconds (UTC). Period times are wall clocks in the record's zone.
 */

/** A time zone as the provider gave it: an IANA name when known, else the raw id as text. */
export interface ZoneRef {
  /** IANA name such as "America/New_York", or null when the provider's id is unknown. */
  iana: string | null;
  /** What to show: the IANA name, else the raw id (e.g. "999"). Empty when absent. */
  label: string;
}

export type InvoiceStatus = string; // open set: "paid", "unpaid", or whatever the provider sends

export interface InvoiceHeader {
  id: number;
  status: InvoiceStatus | null;
  periodStart: WallClock | null;
  periodEnd: WallClock | null;
  zone: ZoneRef;
  currency: string | null;
  balance: number | null;
  notes: string | null;
  createdMs: number | null;
  updatedMs: number | null;
}

/** A row of the invoice list: the header plus totals the list computes. */
export interface InvoiceListItem extends InvoiceHeader {
  billed: number | null;
  paid: number | null;
  /** As sent ("Net 30"); a network's integer days becomes "Net N". */
  paymentTerms: string | null;
  /** Days of credit parsed from the terms ("Net 30" -> 30), null when the terms carry none. */
  paymentTermsDays: number | null;
}

export type LineType = string; // open set: referral, offer_detail, vat, adjustment, ...

export interface InvoiceLine {
  id: number | null;
  invoiceId: number;
  type: LineType | null;
  offerId: number | null;
  offerName: string | null;
  quantity: number | null;
  amount: number | null;
  currency: string | null;
  /** The amount converted to the invoice's currency. */
  invoiceCurrencyAmount: number | null;
  referredAffiliateId: number | null;
  referredAffiliateName: string | null;
  /** Set when the line belongs to an extra period of the invoice. */
  extraPeriodId: number | null;
  notes: string | null;
  createdMs: number | null;
}

export interface InvoicePayment {
  id: number | null;
  invoiceId: number;
  status: string | null;
  method: string | null;
  amount: number | null;
  currency: string | null;
  paidOnMs: number | null;
  payeeAmount: number | null;
  payeeFee: number | null;
  payeeCurrency: string | null;
  approvedMs: number | null;
  completedMs: number | null;
  notes: string | null;
}

export interface InvoiceDetail extends InvoiceHeader {
  affiliateId: number | null;
  /** Every line once: the invoice's own lines, then each extra period's lines. */
  lines: InvoiceLine[];
  payments: InvoicePayment[];
}

/** Filters shared by the custom functions and reports (already validated). */
export interface InvoiceFilters {
  status: 'paid' | 'unpaid' | null;
  /** YYYY-MM-DD: periods that start on or after. */
  startDate: string | null;
  /** YYYY-MM-DD: periods that end on or before. */
  endDate: string | null;
  minBalance: number | null;
  maxBalance: number | null;
}
