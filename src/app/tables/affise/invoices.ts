import type { AffisePayment } from '../../../provider/affise/normalize';
import { idColumn, integerColumn, moneyColumn, shapeTable, textColumn, wallClockColumn, type CellValue, type ColumnSpec, type ShapeContext } from '../../../sheet/columns';
import { amountValue, updatedCell } from './cells';

/** An Affise invoice with its affiliate's name from the partners list. */
export interface AffiseInvoiceRow {
  invoice: AffisePayment;
  affiliate: string | null;
}

type Row = AffiseInvoiceRow;
const currencyOf = (row: Row): string | null => row.invoice.currency;

/** AFFISE_INVOICES: one row per invoice, in Affise's order. */
export const AFFISE_INVOICE_COLUMNS: ReadonlyArray<ColumnSpec<Row>> = [
  idColumn<Row>('Invoice ID', (row) => row.invoice.id),
  idColumn<Row>('Affiliate ID', (row) => row.invoice.affiliateId),
  textColumn<Row>('Affiliate', (row) => row.affiliate),
  textColumn<Row>('Status', (row) => row.invoice.status),
  wallClockColumn<Row>('Created', (row) => row.invoice.posted),
  textColumn<Row>('Currency', currencyOf),
  moneyColumn<Row>('Amount', (row) => amountValue(row.invoice.amount), currencyOf),
  moneyColumn<Row>('Corrections', (row) => amountValue(row.invoice.correctionsTotal), currencyOf),
  moneyColumn<Row>('Total', (row) => amountValue(row.invoice.total), currencyOf),
  textColumn<Row>('Payment system', (row) => row.invoice.paymentSystem ?? row.invoice.paymentSystemId),
  textColumn<Row>('Payment account', (row) => row.invoice.paymentAccount),
  integerColumn<Row>('Conversions', (row) => row.invoice.conversions),
  textColumn<Row>('Manager ID', (row) => row.invoice.managerId),
  textColumn<Row>('Comment', (row) => row.invoice.comment),
  textColumn<Row>('Notes', (row) => row.invoice.notes),
  { header: 'Updated', kind: 'wall-clock', value: (row, ctx) => updatedCell(row.invoice, ctx) },
];

export function affiseInvoiceRows(invoices: readonly AffisePayment[], names: ReadonlyMap<number, string>): AffiseInvoiceRow[] {
  return invoices.map((invoice) => ({ invoice, affiliate: invoice.affiliateId === null ? null : (names.get(invoice.affiliateId) ?? null) }));
}

export function shapeAffiseInvoices(rows: readonly AffiseInvoiceRow[], ctx: ShapeContext): CellValue[][] {
  return shapeTable(AFFISE_INVOICE_COLUMNS, rows, ctx);
}
