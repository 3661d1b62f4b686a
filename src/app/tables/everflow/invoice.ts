import type { EverflowInvoiceDetail } from '../../../model/invoice';
import { totalOf, type AmountTotal } from '../../../model/money';
import { idColumn, integerColumn, shapeTable, totalColumn, type CellValue, type ColumnSpec, type ShapeContext } from '../../../sheet/columns';
import { INVOICE_HEADER_COLUMNS as header } from './invoice-header-columns';

/** EFLOW_INVOICE: one row per full invoice, with counts and the exact total of its lines. */
export const INVOICE_DETAIL_COLUMNS: ReadonlyArray<ColumnSpec<EverflowInvoiceDetail>> = [
  header.id,
  idColumn<EverflowInvoiceDetail>('Affiliate ID', (invoice) => invoice.affiliateId),
  header.status,
  header.periodStart,
  header.periodEnd,
  header.timeZone,
  header.currency,
  header.balance,
  integerColumn<EverflowInvoiceDetail>('Line items', (invoice) => invoice.lines.length),
  totalColumn<EverflowInvoiceDetail>('Lines total', linesTotal, (invoice) => invoice.currency, {
    items: 'lines',
    amount: 'a readable amount in the invoice currency',
  }),
  integerColumn<EverflowInvoiceDetail>('Payments', (invoice) => invoice.payments.length),
  header.notes,
  header.created,
  header.updated,
];

export function shapeInvoiceDetails(
  invoices: readonly EverflowInvoiceDetail[],
  ctx: ShapeContext,
  columns: ReadonlyArray<ColumnSpec<EverflowInvoiceDetail>> = INVOICE_DETAIL_COLUMNS,
): CellValue[][] {
  return shapeTable(columns, invoices, ctx);
}

/** Exact sum of every line (extra periods included) in the invoice's currency; none when a line lacks that amount. */
function linesTotal(invoice: EverflowInvoiceDetail): AmountTotal {
  return totalOf(invoice.lines.map((line) => line.invoiceCurrencyAmount));
}
