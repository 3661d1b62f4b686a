import type { AffisePayment } from '../../../provider/affise/normalize';
import { calendarDateOf } from '../../../sheet/calendar-date';
import type { Receivable } from '../aging';

/** The statuses an Affise invoice is still owed in; completed and declined invoices are not owed. */
export const AFFISE_OWED_STATUSES = ['waiting', 'pending', 'partly paid'] as const;

/**
 * Affise's invoices still owed. Affise has no payment terms: an invoice is due on its posted date
 * (due on receipt), the day `posted_date` reads (it carries no zone). Waiting and pending owe their
 * total (revenue plus corrections); a partly paid one owes a part Affise does not send, so its
 * balance is unknown and the totals it is part of are left blank rather than short.
 */
export function affiseReceivables(invoices: readonly AffisePayment[]): Receivable[] {
  return invoices.flatMap((invoice): Receivable[] => {
    if (!(AFFISE_OWED_STATUSES as readonly unknown[]).includes(invoice.status)) return [];
    const balance = invoice.status === 'partly paid' || invoice.total === null ? null : Number(invoice.total.text);
    if (balance !== null && balance <= 0) return [];
    return [{ id: invoice.id, currency: invoice.currency, balance, dueDate: invoice.posted === null ? null : calendarDateOf(invoice.posted), zone: null }];
  });
}
