import type { EverflowInvoiceDetail, EverflowInvoiceListItem, EverflowInvoicePayment } from '../../../model/invoice';
import { parseIsoDate } from '../../../sheet/calendar-date';
import { dateColumn, idColumn, textColumn, type ColumnSpec } from '../../../sheet/columns';
import { INVOICE_DETAIL_COLUMNS } from './invoice';
import { INVOICE_LIST_COLUMNS } from './invoices';
import { INVOICE_LINE_COLUMNS, type LineRow } from './lines';
import { INVOICE_PAYMENT_COLUMNS } from './payments';

/*
 * The tables as a network key shows them: every partner's invoices, so `Affiliate ID | Affiliate`
 * follow `Invoice ID`, and the invoice list adds the fields only the network's list carries. A
 * partner key's tables are the ones beside this file, unchanged.
 */

/** A payment with its invoice: the invoice tells the partner. */
export interface PaymentRow {
  invoice: EverflowInvoiceDetail;
  payment: EverflowInvoicePayment;
}

/** A column of one row type read through another (a payment column on a payment-with-invoice row). */
function through<From, To>(column: ColumnSpec<From>, pick: (row: To) => From): ColumnSpec<To> {
  const { currency, note } = column;
  return {
    header: column.header,
    kind: column.kind,
    value: (row, ctx) => column.value(pick(row), ctx),
    ...(currency ? { currency: (row: To) => currency(pick(row)) } : {}),
    ...(note ? { note: (row: To) => note(pick(row)) } : {}),
  };
}

/** The columns with others inserted after the one headed `after`. */
function insertAfter<Row>(columns: ReadonlyArray<ColumnSpec<Row>>, after: string, inserted: ReadonlyArray<ColumnSpec<Row>>): Array<ColumnSpec<Row>> {
  const index = columns.findIndex((column) => column.header === after);
  if (index < 0) throw new Error(`no column "${after}" to insert after`);
  return [...columns.slice(0, index + 1), ...inserted, ...columns.slice(index + 1)];
}

function yesNo(flag: boolean | null | undefined): string | null {
  return flag === true ? 'Yes' : flag === false ? 'No' : null;
}

const listAffiliate: ReadonlyArray<ColumnSpec<EverflowInvoiceListItem>> = [
  idColumn<EverflowInvoiceListItem>('Affiliate ID', (invoice) => invoice.network?.affiliateId ?? null),
  textColumn<EverflowInvoiceListItem>('Affiliate', (invoice) => invoice.network?.affiliateName ?? null),
];

const listNetworkFields: ReadonlyArray<ColumnSpec<EverflowInvoiceListItem>> = [
  textColumn<EverflowInvoiceListItem>('Internal notes', (invoice) => invoice.network?.internalNotes ?? null),
  textColumn<EverflowInvoiceListItem>('Payment status', (invoice) => invoice.network?.paymentStatus ?? null),
  dateColumn<EverflowInvoiceListItem>('Paid date', (invoice) => parseIsoDate((invoice.network?.paidDate ?? '').slice(0, 10))),
  textColumn<EverflowInvoiceListItem>('Hidden affiliate', (invoice) => yesNo(invoice.network?.isHiddenAffiliate)),
];

/** EFLOW_INVOICES with a network key. "Notes" are the public notes (what the partner sees). */
export const NETWORK_INVOICE_LIST_COLUMNS = insertAfter(insertAfter(INVOICE_LIST_COLUMNS, 'Invoice ID', listAffiliate), 'Notes', listNetworkFields);

/** EFLOW_INVOICE with a network key: the partner's name beside its id. */
export const NETWORK_INVOICE_DETAIL_COLUMNS = insertAfter(INVOICE_DETAIL_COLUMNS, 'Affiliate ID', [
  textColumn<EverflowInvoiceDetail>('Affiliate', (invoice) => invoice.affiliateName ?? null),
]);

export const NETWORK_INVOICE_LINE_COLUMNS = insertAfter(INVOICE_LINE_COLUMNS, 'Invoice ID', [
  idColumn<LineRow>('Affiliate ID', ({ invoice }) => invoice.affiliateId ?? null),
  textColumn<LineRow>('Affiliate', ({ invoice }) => invoice.affiliateName ?? null),
]);

/** Payment columns read from a payment-with-invoice row. */
export function paymentRowColumns(columns: ReadonlyArray<ColumnSpec<EverflowInvoicePayment>>): Array<ColumnSpec<PaymentRow>> {
  return columns.map((column) => through(column, (row: PaymentRow) => row.payment));
}

export const NETWORK_INVOICE_PAYMENT_COLUMNS = insertAfter(
  paymentRowColumns(INVOICE_PAYMENT_COLUMNS),
  'Invoice ID',
  [idColumn<PaymentRow>('Affiliate ID', ({ invoice }) => invoice.affiliateId), textColumn<PaymentRow>('Affiliate', ({ invoice }) => invoice.affiliateName ?? null)],
);

/** "A | B | C": the columns as the README and Help list them. */
export function columnHeaders(columns: ReadonlyArray<ColumnSpec<never>>): string {
  return columns.map((column) => column.header).join(' | ');
}
