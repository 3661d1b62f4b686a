import type { EverflowInvoiceHeader } from '../../../model/invoice';
import { idColumn, instantColumn, moneyColumn, textColumn, wallClockColumn } from '../../../sheet/columns';

/** Columns every invoice table shares, read from the invoice header (list row or full invoice). */
export const INVOICE_HEADER_COLUMNS = {
  id: idColumn<EverflowInvoiceHeader>('Invoice ID', (invoice) => invoice.id),
  status: textColumn<EverflowInvoiceHeader>('Status', (invoice) => invoice.status),
  periodStart: wallClockColumn<EverflowInvoiceHeader>('Period start', (invoice) => invoice.periodStart),
  periodEnd: wallClockColumn<EverflowInvoiceHeader>('Period end', (invoice) => invoice.periodEnd),
  timeZone: textColumn<EverflowInvoiceHeader>('Time zone', (invoice) => invoice.zone.label),
  currency: textColumn<EverflowInvoiceHeader>('Currency', (invoice) => invoice.currency),
  balance: moneyColumn<EverflowInvoiceHeader>('Balance', (invoice) => invoice.balance, (invoice) => invoice.currency),
  notes: textColumn<EverflowInvoiceHeader>('Notes', (invoice) => invoice.notes),
  created: instantColumn<EverflowInvoiceHeader>('Created', (invoice) => invoice.createdMs),
  updated: instantColumn<EverflowInvoiceHeader>('Updated', (invoice) => invoice.updatedMs),
};
