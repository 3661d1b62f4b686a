import type { EverflowInvoiceDetail, EverflowInvoiceHeader, EverflowInvoiceLine, EverflowInvoiceListItem, EverflowInvoicePayment, EverflowZone } from '../../model/invoice';
import { utcWallClock, type WallClock, type ZoneRules } from '../../ports/time-zone';
import type { RawInvoiceDetail, RawInvoiceLine, RawInvoicePayment, RawListInvoice } from './schemas';
import { everflowZone } from './time-zones';

// Maps Everflow's raw records (already checked by schemas.ts) into the neutral model.

export function normalizeListItem(raw: RawListInvoice, zones: ZoneRules): EverflowInvoiceListItem {
  return {
    ...normalizeHeader(raw, raw.affiliate_invoice_status ?? raw.status, zones),
    billed: raw.billed,
    paid: raw.paid,
    ...parsePaymentTerms(raw.payment_terms),
  };
}

export function normalizeDetail(raw: RawInvoiceDetail, zones: ZoneRules): EverflowInvoiceDetail {
  const invoiceId = raw.network_affiliate_invoice_id;
  return {
    ...normalizeHeader(raw, raw.status ?? raw.affiliate_invoice_status, zones),
    affiliateId: raw.network_affiliate_id,
    lines: normalizeLines(raw, invoiceId),
    payments: raw.relationship.payments.map((payment) => normalizePayment(payment, invoiceId)),
  };
}

type RawHeader = Pick<
  RawListInvoice,
  'network_affiliate_invoice_id' | 'start_time' | 'end_time' | 'timezone_id' | 'balance' | 'currency_id' | 'notes' | 'time_created' | 'time_saved'
>;

function normalizeHeader(raw: RawHeader, status: string | null, zones: ZoneRules): EverflowInvoiceHeader {
  const zone = everflowZone(raw.timezone_id);
  return {
    id: raw.network_affiliate_invoice_id,
    status,
    periodStart: parsePeriodTime(raw.start_time, zone, zones),
    periodEnd: parsePeriodTime(raw.end_time, zone, zones),
    zone,
    currency: raw.currency_id,
    balance: raw.balance,
    notes: raw.notes,
    createdMs: secondsToMs(raw.time_created),
    updatedMs: secondsToMs(raw.time_saved),
  };
}

/**
 * The invoice's own lines, then each extra period's. A line listed both among the invoice's own
 * and in an extra period is kept once, as the extra period's; line ids never repeat.
 */
function normalizeLines(raw: RawInvoiceDetail, invoiceId: number): EverflowInvoiceLine[] {
  const own = raw.relationship.details.map((line) => normalizeLine(line, invoiceId, null));
  const inPeriods = raw.relationship.extra_periods.flatMap((period) =>
    period.relationship.associated_details.map((line) => normalizeLine(line, invoiceId, period.network_affiliate_invoice_extra_period_id)),
  );
  const periodLineIds = new Set(inPeriods.map((line) => line.id));
  const seen = new Set<number>();
  return [...own.filter((line) => line.id === null || !periodLineIds.has(line.id)), ...inPeriods].filter((line) => {
    if (line.id === null) return true;
    if (seen.has(line.id)) return false;
    seen.add(line.id);
    return true;
  });
}

function normalizeLine(line: RawInvoiceLine, invoiceId: number, enclosingPeriodId: number | null): EverflowInvoiceLine {
  return {
    id: line.network_affiliate_invoice_detail_id,
    invoiceId: line.network_affiliate_invoice_id ?? invoiceId,
    type: line.type,
    offerId: line.network_offer_id,
    offerName: line.network_offer_name,
    quantity: line.quantity,
    amount: line.amount,
    currency: line.currency_id,
    invoiceCurrencyAmount: line.invoice_currency_amount,
    referredAffiliateId: line.relationship.referred_affiliate_id,
    referredAffiliateName: line.relationship.referred_affiliate_name,
    extraPeriodId: line.relationship.extra_period_id ?? enclosingPeriodId,
    notes: line.notes,
    createdMs: secondsToMs(line.time_created),
  };
}

function normalizePayment(payment: RawInvoicePayment, invoiceId: number): EverflowInvoicePayment {
  return {
    id: payment.network_affiliate_payment_id,
    invoiceId: payment.network_affiliate_invoice_id ?? invoiceId,
    status: payment.status,
    method: payment.payment_type,
    amount: payment.amount,
    currency: payment.currency,
    paidOnMs: secondsToMs(payment.unix_timestamp),
    payeeAmount: payment.payee_original_amount,
    payeeFee: payment.payee_fee_amount,
    payeeCurrency: payment.payee_currency,
    approvedMs: secondsToMs(payment.time_approved),
    completedMs: secondsToMs(payment.time_completed),
    notes: payment.notes,
  };
}

/** Unix seconds to epoch ms. Everflow writes 0 for "never" (a payment not yet approved): that is null, not 1970. */
export function secondsToMs(seconds: number | null): number | null {
  return seconds !== null && seconds > 0 ? Math.round(seconds * 1000) : null;
}

export interface PaymentTerms {
  /** As sent ("Net 30"); integer days (network side) become "Net N". */
  paymentTerms: string | null;
  paymentTermsDays: number | null;
}

/**
 * "Net 30" -> 30 days; 30 (network side, or "30") -> "Net 30"; "Due on receipt" -> 0 days (due
 * when the period ends); other text is kept with no days. The rule users read is in the README's
 * function notes ("Due date").
 */
export function parsePaymentTerms(raw: string | number | null): PaymentTerms {
  const text = raw === null ? '' : String(raw).trim();
  if (text === '') return { paymentTerms: null, paymentTermsDays: null };
  if (/^\d+$/.test(text)) return { paymentTerms: `Net ${Number(text)}`, paymentTermsDays: Number(text) };
  if (/^(?:due\s+)?(?:(?:up)?on\s+)?receipt$/i.test(text)) return { paymentTerms: text, paymentTermsDays: 0 };
  const net = /^net[\s-]*(\d+)(?:\s*days?)?$/i.exec(text);
  return { paymentTerms: text, paymentTermsDays: net ? Number(net[1]) : null };
}

const PERIOD_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A period bound as the invoice's wall clock. Everflow's pages give two readings and both are
 * accepted:
 * - "YYYY-MM-DD HH:MM:SS" (the reference and the guide) is the wall clock in the invoice's zone;
 * - ISO-8601 ending in `Z` (the OpenAPI page, whose example is the generic date-time placeholder),
 *   or in `+00:00`, which ISO-8601 makes the same thing, is read as the same wall-clock digits: a period is calendar days in the invoice's zone, and the
 *   list shows the same invoice's period as a plain wall clock, so converting would shift one
 *   invoice's period by the zone's offset between two functions;
 * - an explicit offset ("+02:00") does say which instant is meant: shown as the wall clock in the
 *   invoice's zone (UTC when the zone is unknown).
 * Unreadable or impossible dates ("0000-00-00 00:00:00") are null.
 */
export function parsePeriodTime(text: string | null, zone: EverflowZone, zones: ZoneRules): WallClock | null {
  const match = text === null ? null : PERIOD_TIME.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', offset] = match;
  const wall: WallClock = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  };
  if (!isValidWallClock(wall)) return null;
  if (offset === undefined || offset.toUpperCase() === 'Z' || offsetMs(offset) === 0) return wall;
  const instant = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - offsetMs(offset);
  return zone.iana !== null && zones.isKnownZone(zone.iana) ? zones.wallClockAt(instant, zone.iana) : utcWallClock(instant);
}

/** "+02:00" / "+0200" / "+02" -> 7,200,000, "-05:30" -> -19,800,000. */
function offsetMs(designator: string): number {
  const sign = designator.startsWith('-') ? -1 : 1;
  const digits = designator.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

function isValidWallClock(wall: WallClock): boolean {
  const daysInMonth = new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate();
  return (
    wall.month >= 1 &&
    wall.month <= 12 &&
    wall.day >= 1 &&
    wall.day <= daysInMonth &&
    wall.hour <= 23 &&
    wall.minute <= 59 &&
    wall.second <= 59
  );
}
