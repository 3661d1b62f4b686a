import type { EverflowInvoiceListItem } from '../../../model/invoice';
import { dateColumn, integerColumn, moneyColumn, shapeTable, textColumn, type CellValue, type ColumnSpec, type ShapeContext } from '../../../sheet/columns';
import { daysOverdue, dueDateOf } from './due-date';
import { INVOICE_HEADER_COLUMNS as header } from './invoice-header-columns';

/** EFLOW_INVOICES: one row per invoice of the list, in the order given. */
export const INVOICE_LIST_COLUMNS: ReadonlyArray<ColumnSpec<EverflowInvoiceListItem>> = [
  header.id,
  header.status,
  header.periodStart,
  header.periodEnd,
  header.timeZone,
  header.currency,
  moneyColumn<EverflowInvoiceListItem>('Billed', (invoice) => invoice.billed, (invoice) => invoice.currency),
  moneyColumn<EverflowInvoiceListItem>('Paid', (invoice) => invoice.paid, (invoice) => invoice.currency),
  header.balance,
  textColumn<EverflowInvoiceListItem>('Payment terms', (invoice) => invoice.paymentTerms),
  dateColumn<EverflowInvoiceListItem>('Due date', dueDateOf),
  integerColumn<EverflowInvoiceListItem>('Days overdue', (invoice, ctx) => daysOverdue(invoice, ctx.nowMs, ctx.zones)),
  header.notes,
  header.created,
  header.updated,
];

export function shapeInvoiceList(
  invoices: readonly EverflowInvoiceListItem[],
  ctx: ShapeContext,
  columns: ReadonlyArray<ColumnSpec<EverflowInvoiceListItem>> = INVOICE_LIST_COLUMNS,
): CellValue[][] {
  return shapeTable(columns, invoices, ctx);
}
