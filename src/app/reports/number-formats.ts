import type { ColumnFormat } from '../../sheet/columns';

/** Sheets' plain-text format: a string written into such a cell is stored verbatim, never parsed. */
export const PLAIN_TEXT = '@';

const DATE_TIME = 'yyyy-mm-dd hh:mm:ss';
const DATE = 'yyyy-mm-dd';
const AMOUNT = '#,##0.00';
const WHOLE_AMOUNT = '#,##0';

/** ISO 4217 currencies without minor units (amounts in them are whole). */
const ZERO_DECIMAL_CURRENCIES = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

/** The number format of a cell of a column, for the row's currency when it is a money column. */
export function numberFormatFor(format: ColumnFormat, currency: string | null): string {
  switch (format) {
    case 'id':
      return '0';
    case 'integer':
      return '#,##0';
    case 'text':
      return PLAIN_TEXT;
    case 'money':
      return moneyFormat(currency);
    case 'wall-clock':
    case 'instant':
      return DATE_TIME;
    case 'date':
      return DATE;
  }
}

/** "#,##0.00 [$EUR]" shows 1,234.50 EUR. Only a well-formed ISO code enters the pattern. */
function moneyFormat(currency: string | null): string {
  const code = currency?.trim().toUpperCase() ?? '';
  if (!/^[A-Z]{3}$/.test(code)) return AMOUNT;
  return `${ZERO_DECIMAL_CURRENCIES.has(code) ? WHOLE_AMOUNT : AMOUNT} [$${code}]`;
}
