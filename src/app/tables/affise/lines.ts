import type { WallClock } from '../../../ports/time-zone';
import type { AffiseAmount, AffisePayment } from '../../../provider/affise/normalize';
import { idColumn, integerColumn, moneyColumn, shapeTable, textColumn, wallClockColumn, type CellValue, type ColumnSpec, type ShapeContext } from '../../../sheet/columns';
import { amountValue, textIdColumn } from './cells';

/** One line of an Affise invoice: an offer at one payout, or a correction. */
export interface AffiseLineRow {
  invoiceId: number;
  type: 'offer' | 'correction';
  offerId: string | null;
  offer: string | null;
  payout: AffiseAmount | null;
  conversions: number | null;
  amount: AffiseAmount | null;
  currency: string | null;
  correctionId: string | null;
  comment: string | null;
  posted: WallClock | null;
}

type Row = AffiseLineRow;
const currencyOf = (row: Row): string | null => row.currency;

/** AFFISE_INVOICE_LINES: offers (one row per offer and payout), then corrections, invoice by invoice. */
export const AFFISE_LINE_COLUMNS: ReadonlyArray<ColumnSpec<Row>> = [
  idColumn<Row>('Invoice ID', (row) => row.invoiceId),
  textColumn<Row>('Type', (row) => row.type),
  textIdColumn<Row>('Offer ID', (row) => row.offerId),
  textColumn<Row>('Offer', (row) => row.offer),
  moneyColumn<Row>('Payout', (row) => amountValue(row.payout), currencyOf),
  integerColumn<Row>('Conversions', (row) => row.conversions),
  moneyColumn<Row>('Amount', (row) => amountValue(row.amount), currencyOf),
  textColumn<Row>('Currency', currencyOf),
  textIdColumn<Row>('Correction ID', (row) => row.correctionId),
  textColumn<Row>('Comment', (row) => row.comment),
  wallClockColumn<Row>('Posted', (row) => row.posted),
];

/**
 * A correction names its currency by code or by Affise's numeric id (or not at all, meaning the
 * invoice's): shown as the code wherever the invoice tells which code that id is.
 */
function correctionCurrency(currency: string | null, invoice: AffisePayment): string | null {
  const value = currency?.trim() ?? '';
  if (value === '' || value === invoice.currencyId) return invoice.currency;
  return /^\d+$/.test(value) ? value : value.toUpperCase();
}

export function affiseLineRows(invoices: readonly AffisePayment[]): AffiseLineRow[] {
  return invoices.flatMap((invoice) => [
    ...invoice.lines.map(
      (line): AffiseLineRow => ({
        invoiceId: invoice.id,
        type: 'offer',
        offerId: line.offerId,
        offer: line.offerTitle,
        payout: line.payout,
        conversions: line.conversions,
        amount: line.amount,
        currency: line.currency?.trim().toUpperCase() || invoice.currency,
        correctionId: null,
        comment: null,
        posted: null,
      }),
    ),
    ...invoice.corrections.map(
      (correction): AffiseLineRow => ({
        invoiceId: invoice.id,
        type: 'correction',
        offerId: null,
        offer: null,
        payout: null,
        conversions: null,
        amount: correction.amount,
        currency: correctionCurrency(correction.currency, invoice),
        correctionId: correction.id,
        comment: correction.comment,
        posted: correction.posted,
      }),
    ),
  ]);
}

export function shapeAffiseLines(rows: readonly AffiseLineRow[], ctx: ShapeContext): CellValue[][] {
  return shapeTable(AFFISE_LINE_COLUMNS, rows, ctx);
}
