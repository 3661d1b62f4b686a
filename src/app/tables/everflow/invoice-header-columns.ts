import type { InvoiceHeader } from '../../../model/invoice';
import { idColumn, instantColumn, moneyColumn, textColumn, wallClockColumn } from '../../../sheet/columns';

/** Columns every invoice table shares, read from the invoice header (list row or full invoice). */
export const INVOICE_HEADER_COLUMNS = {
  id: idColumn<InvoiceHeader>('Invoice ID', (invoice) => invoice.id),
  status: textColumn<InvoiceHeader>('Status', (invoice) => invoice.status),
  periodStart: wallClockColumn<InvoiceHeader>('Period start', (invoice) => invoice.periodStart),
  periodEnd: wallClockColumn<InvoiceHeader>('Period end', (invoice) => invoice.periodEnd),
  timeZone: textColumn<InvoiceHeader>('Time zone', (invoice) => invoice.zone.label),
  currency: textColumn<InvoiceHeader>('Currency', (invoice) => invoice.currency),
  balance: moneyColumn<InvoiceHeader>('Balance', (invoice) => invoice.balance, (invoice) => invoice.currency),
  notes: textColumn<InvoiceHeader>('Notes', (invoice) => invoice.notes),
  created: instantColumn<InvoiceHeader>('Created', (invoice) => invoice.createdMs),
  updated: instantColumn<InvoiceHeader>('Updated', (invoice) => invoice.updatedMs),
};
