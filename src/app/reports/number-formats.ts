import { currencyCode, minorUnitsOf } from '../../model/currency';
import { decimalPlacesOf } from '../../model/money';
import type { CellValue, ColumnKind } from '../../sheet/columns';
import type { DateFormats } from '../../sheet/date-formats';

/** Sheets' plain-text format: a string written into such a cell is stored verbatim, never parsed. */
export const PLAIN_TEXT = '@';

/** Decimals shown for a code outside ISO 4217 (BTC, ETH, USDT…) at least, and for any amount at most. */
const DEFAULT_DECIMALS = 2;
const MAX_DECIMALS = 8;

/**
 * The number format of a cell: it follows the column's kind, for money the row's currency and the
 * amount itself, for dates the spreadsheet's locale (`dateFormatsOf`).
 */
export function numberFormatFor(kind: ColumnKind, currency: string | null, dates: DateFormats, value: CellValue = ''): string {
  switch (kind) {
    case 'id':
      return '0';
    case 'integer':
      return '#,##0';
    case 'text':
      return PLAIN_TEXT;
    case 'money':
      return moneyFormat(currency, value);
    case 'wall-clock':
    case 'instant':
      return dates.dateTime;
    case 'date':
      return dates.date;
  }
}

/**
 * "#,##0.00 [$EUR]" shows 1,234.50 EUR: the currency's minor units (JPY none, KWD three), or two
 * to eight decimals for a code outside ISO 4217. An amount with more decimals than that shows
 * them all (up to eight), so a non-zero amount never shows as 0.00. Only a well-formed code
 * enters the pattern.
 */
function moneyFormat(currency: string | null, value: CellValue): string {
  const code = currencyCode(currency);
  const minor = code === null ? null : minorUnitsOf(code);
  const written = typeof value === 'number' && Number.isFinite(value) ? Math.min(decimalPlacesOf(value), MAX_DECIMALS) : 0;
  const decimals = Math.max(minor ?? DEFAULT_DECIMALS, written);
  const number = decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
  return code === null ? number : `${number} [$${code}]`;
}
