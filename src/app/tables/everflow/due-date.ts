import type { EverflowInvoiceListItem } from '../../../model/invoice';
import type { ZoneRules } from '../../../ports/time-zone';
import { addDays, calendarDateOf, daysBetween, type CalendarDate } from '../../../sheet/calendar-date';

/** What the due-date rules read from an invoice. */
export type DueDateFacts = Pick<EverflowInvoiceListItem, 'status' | 'balance' | 'periodEnd' | 'paymentTermsDays' | 'zone'>;

/** Zone for "today" when the invoice's zone is unknown. */
const FALLBACK_ZONE = 'UTC';

/**
 * The day payment is due: the period end's calendar day plus the terms' days ("Net 30" -> 30).
 * Null when the invoice has no period end or its terms carry no day count.
 */
export function dueDateOf(invoice: Pick<DueDateFacts, 'periodEnd' | 'paymentTermsDays'>): CalendarDate | null {
  if (invoice.periodEnd === null || invoice.paymentTermsDays === null) return null;
  return addDays(calendarDateOf(invoice.periodEnd), invoice.paymentTermsDays);
}

/**
 * Whole days from the due date to today's date in the invoice's own zone (UTC when unknown), for
 * an unpaid invoice with a positive balance; 0 otherwise, before the due date, or with no due date.
 */
export function daysOverdue(invoice: DueDateFacts, nowMs: number, zones: ZoneRules): number {
  return isUnpaid(invoice) && typeof invoice.balance === 'number' && invoice.balance > 0 ? daysPastDue(invoice, nowMs, zones) : 0;
}

export function isOverdue(invoice: DueDateFacts, nowMs: number, zones: ZoneRules): boolean {
  return daysOverdue(invoice, nowMs, zones) > 0;
}

/** Unpaid and past its due date, whatever its balance says: a total of overdue balances must account for every such invoice. */
export function isUnpaidPastDue(invoice: DueDateFacts, nowMs: number, zones: ZoneRules): boolean {
  return isUnpaid(invoice) && daysPastDue(invoice, nowMs, zones) > 0;
}

/** Whole days from the due date to today's date in the invoice's own zone (UTC when unknown); 0 without a due date. */
function daysPastDue(invoice: DueDateFacts, nowMs: number, zones: ZoneRules): number {
  const dueDate = dueDateOf(invoice);
  if (dueDate === null) return 0;
  const zone = invoice.zone.iana !== null && zones.isKnownZone(invoice.zone.iana) ? invoice.zone.iana : FALLBACK_ZONE;
  const today = calendarDateOf(zones.wallClockAt(nowMs, zone));
  return Math.max(0, daysBetween(dueDate, today));
}

/** The status compared case-insensitively (the set is open). */
export function isUnpaid(invoice: Pick<DueDateFacts, 'status'>): boolean {
  return invoice.status?.trim().toLowerCase() === 'unpaid';
}
