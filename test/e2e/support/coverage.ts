/**
 * A few invoices that together show every shape the seeded data has, so column checks need a
 * handful of detail requests rather than one per invoice.
 */
import { allLines, invoiceTotals, type FakeInvoice } from '../../../test-support/fake-everflow';
import { daysOverdue } from './expected';
import { everflowZoneName } from './time';

type Feature = (invoice: FakeInvoice, nowMs: number) => boolean;

/** Each shape the columns must render, by name (the name shows when the data lacks it). */
const FEATURES: Readonly<Record<string, Feature>> = {
  'two extra periods': (invoice) => invoice.extraPeriods.length >= 2,
  'one extra period': (invoice) => invoice.extraPeriods.length === 1,
  'a referral line': (invoice) => allLines(invoice).some((line) => line.type === 'referral'),
  'a VAT line': (invoice) => allLines(invoice).some((line) => line.type === 'vat'),
  'a negative adjustment': (invoice) => allLines(invoice).some((line) => line.type === 'adjustment' && line.amountCents < 0),
  'a line in a foreign currency': (invoice) => allLines(invoice).some((line) => line.currency !== invoice.currency),
  'a zero-decimal currency': (invoice) => invoice.currency === 'JPY' || invoice.currency === 'KRW',
  'a zone id missing from every table': (invoice) => everflowZoneName(invoice.timezoneId) === null,
  'a European zone': (invoice) => /^Europe\//.test(everflowZoneName(invoice.timezoneId) ?? ''),
  'an Asian or Australian zone': (invoice) => /^(Asia|Australia)\//.test(everflowZoneName(invoice.timezoneId) ?? ''),
  'a weekly period': (invoice) => invoice.startTime.slice(8, 10) !== '01',
  '"Due on receipt" terms': (invoice) => invoice.paymentTerms === 'Due on receipt',
  'no terms': (invoice) => invoice.paymentTerms === null,
  'overdue': (invoice, nowMs) => daysOverdue(invoice, nowMs) > 0,
  'unpaid, not yet due': (invoice, nowMs) => invoiceTotals(invoice).status === 'unpaid' && daysOverdue(invoice, nowMs) === 0,
  'two payments': (invoice) => invoice.payments.length >= 2,
  'no payment': (invoice) => invoice.payments.length === 0,
  'a pending payment never approved': (invoice) => invoice.payments.some((payment) => payment.status === 'pending' && payment.timeApproved === null),
  'a payment status nobody documented': (invoice) => invoice.payments.some((payment) => !['pending', 'rejected', 'completed', 'paid'].includes(payment.status)),
  'a payee in another currency': (invoice) => invoice.payments.some((payment) => payment.payeeCurrency !== payment.currency),
  'notes that look like a formula': (invoice) => /^[=+\-@]/.test(invoice.notes),
  'notes with markup or line breaks': (invoice) => /[<\n\r\t]/.test(invoice.notes),
};

/** The first invoice for each feature (invoices already picked count), in the records' order. */
export function invoicesCovering(records: readonly FakeInvoice[], nowMs: number): { picked: FakeInvoice[]; missing: string[] } {
  const picked: FakeInvoice[] = [];
  const missing: string[] = [];
  for (const [name, has] of Object.entries(FEATURES)) {
    if (picked.some((invoice) => has(invoice, nowMs))) continue;
    const found = records.find((invoice) => has(invoice, nowMs));
    if (found) picked.push(found);
    else missing.push(name);
  }
  return { picked: records.filter((invoice) => picked.includes(invoice)), missing };
}
