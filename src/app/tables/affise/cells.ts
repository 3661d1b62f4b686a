import type { AffiseAmount, AffisePayment } from '../../../provider/affise/normalize';
import { BLANK, instantCell, textCell, wallClockCell, type CellValue, type ColumnSpec, type ShapeContext } from '../../../sheet/columns';

/**
 * Cells from Affise's values. An amount is exact decimal text (8 decimals at most); the cell holds
 * the nearest number, shown in the currency's minor units by the money column, and every sum is
 * made before this, in BigInt.
 */
export function amountValue(amount: AffiseAmount | null): number | null {
  return amount === null ? null : Number(amount.text);
}

/** An id Affise sends as text (offer ids, correction ids): a number when it is digits, else the text. */
export function textIdCell(id: string | null): CellValue {
  if (id === null) return BLANK;
  return /^\d{1,15}$/.test(id) ? Number(id) : textCell(id);
}

export function textIdColumn<Row>(header: string, id: (row: Row) => string | null): ColumnSpec<Row> {
  return { header, kind: 'id', value: (row) => textIdCell(id(row)) };
}

/** `updated_at` as Affise sent it: the network's wall clock, or an instant when it came as Unix seconds. */
export function updatedCell(invoice: AffisePayment, ctx: ShapeContext): CellValue {
  if (invoice.updated !== null) return wallClockCell(invoice.updated, ctx);
  return instantCell(invoice.updatedMs);
}
