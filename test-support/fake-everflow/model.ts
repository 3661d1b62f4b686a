/**
 * The fake API's own records. Money is kept in integer cents (hundredths of the currency unit,
 * whole units for zero-decimal currencies such as JPY are multiples of 100) so every total is
 * exact; the wire layer turns cents into the decimal numbers Everflow sends.
 */

export type LineType = 'offer_detail' | 'referral' | 'vat' | 'adjustment';

export interface FakeLine {
  id: number;
  invoiceId: number;
  type: LineType;
  offerId: number;
  offerName: string;
  /** In the line's own currency. */
  amountCents: number;
  /** The same amount converted to the invoice's currency: what the invoice bills. */
  invoiceCurrencyAmountCents: number;
  currency: string;
  notes: string;
  quantity: number;
  referralHistoryId: number;
  referredAffiliate: { id: number; name: string } | null;
  /** Set on the lines of an extra period. */
  extraPeriodId: number | null;
  timeCreated: number;
  timeSaved: number;
}

export interface FakePayment {
  id: number;
  invoiceId: number;
  /** Open set: pending, rejected, completed, paid, or anything else a network invents. */
  status: string;
  notes: string;
  /** In the invoice's currency. */
  amountCents: number;
  currency: string;
  unixTimestamp: number;
  paymentType: string;
  payeeOriginalAmountCents: number;
  payeeFeeAmountCents: number;
  payeeCurrency: string;
  timeApproved: number | null;
  timeCompleted: number | null;
}

export interface FakeExtraPeriod {
  id: number;
  invoiceId: number;
  startTime: string;
  endTime: string;
  timezoneId: number;
  timeCreated: number;
  timeSaved: number;
  lines: FakeLine[];
}

export interface FakeInvoice {
  id: number;
  networkId: number;
  affiliateId: number;
  /** Wall clock "YYYY-MM-DD HH:MM:SS" in `timezoneId`. */
  startTime: string;
  endTime: string;
  timezoneId: number;
  currency: string;
  paymentTerms: string | null;
  notes: string;
  /** Network side only: notes partners never see (the list's `internal_notes`; the invoice by id omits them). */
  internalNotes?: string;
  /** Network side only: the list's `is_hidden_affiliate` (the invoice by id omits it). */
  hiddenAffiliate?: boolean;
  /** Set by a network's status change to `deleted` (there is no DELETE): only a `deleted` filter lists it. */
  deleted?: boolean;
  /** Unix seconds. */
  timeCreated: number;
  timeSaved: number;
  lines: FakeLine[];
  extraPeriods: FakeExtraPeriod[];
  payments: FakePayment[];
}

export type InvoiceStatus = 'paid' | 'unpaid';

export interface InvoiceTotals {
  billedCents: number;
  paidCents: number;
  balanceCents: number;
  status: InvoiceStatus;
}

/** Payment statuses whose amount counts as paid. */
export const SETTLED_PAYMENT_STATUSES: readonly string[] = ['completed', 'paid'];

/** Every line of the invoice once: its own, then each extra period's. */
export function allLines(invoice: FakeInvoice): FakeLine[] {
  return [...invoice.lines, ...invoice.extraPeriods.flatMap((period) => period.lines)];
}

/** Billed, paid and balance are derived, never stored, so they cannot drift apart. */
export function invoiceTotals(invoice: FakeInvoice): InvoiceTotals {
  const billedCents = allLines(invoice).reduce((sum, line) => sum + line.invoiceCurrencyAmountCents, 0);
  const paidCents = invoice.payments
    .filter((payment) => SETTLED_PAYMENT_STATUSES.includes(payment.status))
    .reduce((sum, payment) => sum + payment.amountCents, 0);
  const balanceCents = billedCents - paidCents;
  return { billedCents, paidCents, balanceCents, status: balanceCents === 0 ? 'paid' : 'unpaid' };
}

/** The status the API shows: `deleted` once a network deleted it, else paid or unpaid from the totals. */
export function shownStatus(invoice: FakeInvoice): InvoiceStatus | 'deleted' {
  return invoice.deleted === true ? 'deleted' : invoiceTotals(invoice).status;
}

/** Cents as the decimal Everflow sends: integer division is exactly rounded, so 12345 -> 123.45. */
export function centsToAmount(cents: number): number {
  return cents / 100;
}

interface CurrencyInfo {
  decimals: 0 | 2;
  /** Value of one unit in US dollars: enough for plausible conversions, not a rate source. */
  usdPerUnit: number;
}

export const CURRENCIES: Readonly<Record<string, CurrencyInfo>> = {
  USD: { decimals: 2, usdPerUnit: 1 },
  EUR: { decimals: 2, usdPerUnit: 1.08 },
  GBP: { decimals: 2, usdPerUnit: 1.27 },
  CAD: { decimals: 2, usdPerUnit: 0.73 },
  AUD: { decimals: 2, usdPerUnit: 0.66 },
  JPY: { decimals: 0, usdPerUnit: 0.0067 },
  KRW: { decimals: 0, usdPerUnit: 0.00074 },
  CHF: { decimals: 2, usdPerUnit: 1.12 },
  SEK: { decimals: 2, usdPerUnit: 0.095 },
  BRL: { decimals: 2, usdPerUnit: 0.18 },
  INR: { decimals: 2, usdPerUnit: 0.012 },
};

function currencyInfo(currency: string): CurrencyInfo {
  const info = CURRENCIES[currency];
  if (!info) throw new RangeError(`unknown currency ${currency}`);
  return info;
}

/** Cents in one smallest unit of the currency: 1 for USD, 100 for JPY. */
export function centsPerMinorUnit(currency: string): number {
  return currencyInfo(currency).decimals === 0 ? 100 : 1;
}

/** Rounds cents to what the currency can express (whole yen for JPY). */
export function roundToCurrency(cents: number, currency: string): number {
  const unit = centsPerMinorUnit(currency);
  return Math.round(cents / unit) * unit;
}

export function convertCents(cents: number, from: string, to: string): number {
  if (from === to) return cents;
  return roundToCurrency((cents * currencyInfo(from).usdPerUnit) / currencyInfo(to).usdPerUnit, to);
}
