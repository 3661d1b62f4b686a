import { numberFormatFor, PLAIN_TEXT } from '../../../src/app/reports/number-formats';
import { minorUnitsOf } from '../../../src/model/currency';
import { dateFormatsOf } from '../../../src/sheet/date-formats';

const US = dateFormatsOf('en_US');

describe('money formats follow the currency\'s minor units', () => {
  it.each<[string, number, string]>([
    ['USD', 1234.5, '#,##0.00 [$USD]'],
    ['eur', 10, '#,##0.00 [$EUR]'],
    ...['KWD', 'BHD', 'OMR', 'JOD', 'TND', 'IQD', 'LYD'].map((code): [string, number, string] => [code, 1.234, `#,##0.000 [$${code}]`]),
    ...['JPY', 'KRW', 'CLP', 'ISK', 'VND', 'XOF', 'UGX'].map((code): [string, number, string] => [code, 1234, `#,##0 [$${code}]`]),
    ['CLF', 1.5, '#,##0.0000 [$CLF]'],
  ])('%s %p shows as %s', (currency, amount, format) => {
    expect(numberFormatFor('money', currency, US, amount)).toBe(format);
  });

  it.each([
    ['BTC', 0.00001234, '#,##0.00000000 [$BTC]'],
    ['BTC', 0.5, '#,##0.00 [$BTC]'],
    ['ETH', 1.123456789, '#,##0.00000000 [$ETH]'],
    ['USDT', 12.345, '#,##0.000 [$USDT]'],
    ['BTC', 1e-7, '#,##0.0000000 [$BTC]'],
  ])('a code Sheets has no format for (%s %p) shows up to eight decimals: %s', (currency, amount, format) => {
    expect(numberFormatFor('money', currency, US, amount)).toBe(format);
  });

  it.each([
    ['USD', 0.001, '#,##0.000 [$USD]'],
    ['JPY', 0.4, '#,##0.0 [$JPY]'],
    ['KWD', 0.0001, '#,##0.0000 [$KWD]'],
  ])('never shows a non-zero amount as zero: %s %p as %s', (currency, amount, format) => {
    expect(numberFormatFor('money', currency, US, amount)).toBe(format);
  });

  it('keeps anything but a currency code out of the pattern', () => {
    expect(numberFormatFor('money', null, US, 1.5)).toBe('#,##0.00');
    expect(numberFormatFor('money', '"];@', US, 1.5)).toBe('#,##0.00');
    expect(numberFormatFor('money', 'US DOLLAR', US, 1.5)).toBe('#,##0.00');
    expect(numberFormatFor('money', 'USD', US, '')).toBe('#,##0.00 [$USD]');
    expect(numberFormatFor('money', 'USD', US, 'Unreadable amount: "n/a"')).toBe('#,##0.00 [$USD]');
  });

  it('formats the other kinds by kind, dates as the spreadsheet locale writes them', () => {
    expect(['id', 'integer', 'text', 'wall-clock', 'date', 'instant'].map((kind) => numberFormatFor(kind as never, 'USD', US, 1))).toEqual([
      '0',
      '#,##0',
      PLAIN_TEXT,
      'm/d/yyyy hh:mm:ss',
      'm/d/yyyy',
      'm/d/yyyy hh:mm:ss',
    ]);
    expect(numberFormatFor('instant', null, dateFormatsOf('de_DE'))).toBe('dd.mm.yyyy hh:mm:ss');
  });

  it('agrees with Intl on the minor units of every ISO code it knows', () => {
    for (const code of ['USD', 'EUR', 'GBP', 'JPY', 'KRW', 'KWD', 'BHD', 'OMR', 'JOD', 'TND', 'IQD', 'LYD', 'CLP', 'ISK', 'INR', 'CHF', 'SEK', 'BRL', 'AUD', 'CAD']) {
      const intl = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits;
      expect([code, minorUnitsOf(code)]).toEqual([code, code === 'IQD' ? 3 : intl]);
    }
    expect(minorUnitsOf('BTC')).toBeNull();
  });
});
