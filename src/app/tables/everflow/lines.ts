import type { EverflowInvoiceDetail, EverflowInvoiceHeader, EverflowInvoiceLine } from '../../../model/invoice';
import { idColumn, instantColumn, integerColumn, moneyColumn, shapeTable, textColumn, type CellValue, type ColumnSpec, type ShapeContext } from '../../../sheet/columns';

/** A line with its invoice: "Amount (invoice currency)" is in the invoice's currency. */
export interface LineRow {
  invoice: EverflowInvoiceHeader & Partial<Pick<EverflowInvoiceDetail, 'affiliateId' | 'affiliateName'>>;
  line: EverflowInvoiceLine;
}

/** EFLOW_INVOICE_LINES: every line of every invoice given, extra periods' lines included. */
export const INVOICE_LINE_COLUMNS: ReadonlyArray<ColumnSpec<LineRow>> = [
  idColumn<LineRow>('Invoice ID', ({ line }) => line.invoiceId),
  idColumn<LineRow>('Line ID', ({ line }) => line.id),
  textColumn<LineRow>('Type', ({ line }) => line.type),
  idColumn<LineRow>('Offer ID', ({ line }) => line.offerId),
  textColumn<LineRow>('Offer', ({ line }) => line.offerName),
  integerColumn<LineRow>('Quantity', ({ line }) => line.quantity),
  moneyColumn<LineRow>('Amount', ({ line }) => line.amount, ({ line }) => line.currency),
  textColumn<LineRow>('Currency', ({ line }) => line.currency),
  moneyColumn<LineRow>('Amount (invoice currency)', ({ line }) => line.invoiceCurrencyAmount, ({ invoice }) => invoice.currency),
  idColumn<LineRow>('Referred affiliate ID', ({ line }) => line.referredAffiliateId),
  textColumn<LineRow>('Referred affiliate', ({ line }) => line.referredAffiliateName),
  idColumn<LineRow>('Extra period ID', ({ line }) => line.extraPeriodId),
  textColumn<LineRow>('Notes', ({ line }) => line.notes),
  instantColumn<LineRow>('Created', ({ line }) => line.createdMs),
];

/**
 * The lines of `invoices` in order; with `lineType`, only lines of that type (compared
 * case-insensitively, since the set of types is open).
 */
export function shapeInvoiceLines(
  invoices: readonly EverflowInvoiceDetail[],
  ctx: ShapeContext,
  lineType: string | null = null,
  columns: ReadonlyArray<ColumnSpec<LineRow>> = INVOICE_LINE_COLUMNS,
): CellValue[][] {
  const wanted = lineType?.trim().toLowerCase() ?? null;
  const rows = invoices.flatMap((invoice) =>
    invoice.lines
      .filter((line) => wanted === null || line.type?.trim().toLowerCase() === wanted)
      .map((line) => ({ invoice, line })),
  );
  return shapeTable(columns, rows, ctx);
}
