import { runInNewContext } from 'node:vm';
import {
  ArgumentError,
  MAX_INVOICE_IDS,
  expectArgumentCount,
  parseAmountArgument,
  parseDateArgument,
  parseInvoiceId,
  parseInvoiceIds,
  parseLineType,
  parseStatus,
} from '../../../src/app/arguments';
import { INVOICE_FILTER_PARAMETERS, invoiceFiltersFrom, parseNamedArguments } from '../../../src/app/parameters';
import type { DateArgumentContext } from '../../../src/app/arguments';
import { IntlZoneRules } from '../../../test-support/intl-zone-rules';

const zones = new IntlZoneRules();
const tokyo = { sheetTimeZone: 'Asia/Tokyo', zones };
const newYork = { sheetTimeZone: 'America/New_York', zones };

/** The message the user reads in the cell, checked to be an ArgumentError naming `argument`. */
function messageOf(run: () => unknown, argument: string): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).argument).toBe(argument);
    return (error as Error).message;
  }
  throw new Error('expected an ArgumentError');
}

const EMPTY_FORMS: Array<[string, unknown]> = [
  ['omitted', undefined],
  ['null', null],
  ['empty cell', ''],
  ['spaces', '   '],
  ['empty range', []],
  ['range of one empty cell', [['']]],
];

describe('status', () => {
  it.each([
    ['paid', 'paid'],
    ['unpaid', 'unpaid'],
    ['  UNPAID ', 'unpaid'],
    ['Paid', 'paid'],
    [[['paid']], 'paid'],
    [['paid'], 'paid'],
  ])('reads %j as %s', (value, expected) => {
    expect(parseStatus(value)).toBe(expected);
  });

  it.each(EMPTY_FORMS)('is no filter when %s', (_label, value) => {
    expect(parseStatus(value)).toBeNull();
  });

  const forms = 'Use "paid", "unpaid", "deleted" (network keys only) or leave it empty.';
  it.each([
    ['payed', `status: "payed" is not a status. ${forms}`],
    ['paid,unpaid', `status: "paid,unpaid" is not a status. ${forms}`],
    [1, `status: 1 is not a status. ${forms}`],
    [true, `status: TRUE is not a status. ${forms}`],
    [new Date(Date.UTC(2024, 0, 1)), `status: a date is not a status. ${forms}`],
    [[['paid'], ['unpaid']], `status: a range of 2 rows and 1 column is not a single value. ${forms}`],
    ['x'.repeat(60), `status: "${'x'.repeat(40)}…" is not a status. ${forms}`],
  ])('rejects %p', (value, message) => {
    expect(messageOf(() => parseStatus(value), 'status')).toBe(message);
  });
});

describe('type', () => {
  it.each([
    ['referral', 'referral'],
    ['OFFER_DETAIL', 'offer_detail'],
    ['offer detail', 'offer_detail'],
    [' Offer-Detail ', 'offer_detail'],
    ['VAT', 'vat'],
    ['adjustment', 'adjustment'],
  ])('reads %j as %s', (value, expected) => {
    expect(parseLineType(value)).toBe(expected);
  });

  it.each(EMPTY_FORMS)('is no filter when %s', (_label, value) => {
    expect(parseLineType(value)).toBeNull();
  });

  const forms = 'Use "referral", "offer_detail", "vat", "adjustment" or leave it empty.';
  it.each([
    ['bonus', `type: "bonus" is not a line type. ${forms}`],
    ['offerdetail', `type: "offerdetail" is not a line type. ${forms}`],
    [3, `type: 3 is not a line type. ${forms}`],
    [false, `type: FALSE is not a line type. ${forms}`],
    [[['vat', 'referral']], `type: a range of 1 row and 2 columns is not a single value. ${forms}`],
  ])('rejects %p', (value, message) => {
    expect(messageOf(() => parseLineType(value), 'type')).toBe(message);
  });
});

describe('start_date and end_date', () => {
  it.each([
    ['2024-10-01', tokyo, '2024-10-01'],
    [' 2024-02-29 ', tokyo, '2024-02-29'],
    // A date cell holds midnight in the spreadsheet's zone: its day is the day in that zone.
    [new Date(Date.UTC(2024, 8, 30, 15, 0, 0)), tokyo, '2024-10-01'],
    [new Date(Date.UTC(2024, 9, 1, 4, 0, 0)), newYork, '2024-10-01'],
    [new Date(Date.UTC(2024, 2, 10, 5, 0, 0)), newYork, '2024-03-10'], // spring-forward day
    [[['2024-10-01']], tokyo, '2024-10-01'],
  ])('reads %p as %s', (value, ctx, expected) => {
    expect(parseDateArgument('start_date', value, ctx)).toBe(expected);
  });

  it('reads a Date made in another realm (the emulator vm)', () => {
    const foreign: unknown = runInNewContext('new Date(Date.UTC(2024, 9, 1, 4))');
    expect(foreign instanceof Date).toBe(false);
    expect(parseDateArgument('end_date', foreign, newYork)).toBe('2024-10-01');
  });

  it.each(EMPTY_FORMS)('is no filter when %s', (_label, value) => {
    expect(parseDateArgument('end_date', value, tokyo)).toBeNull();
  });

  const forms = 'Use a date cell, text like "2024-10-01" (YYYY-MM-DD) or leave it empty.';
  it.each([
    ['2024-13-01', `start_date: "2024-13-01" is not a date. ${forms}`],
    ['2023-02-29', `start_date: "2023-02-29" is not a date. ${forms}`],
    ['2024-04-31', `start_date: "2024-04-31" is not a date. ${forms}`],
    ['1/2/2024', `start_date: "1/2/2024" is not a date. ${forms}`],
    ['2024-1-5', `start_date: "2024-1-5" is not a date. ${forms}`],
    ['2024-10-01T00:00:00Z', `start_date: "2024-10-01T00:00:00Z" is not a date. ${forms}`],
    ['yesterday', `start_date: "yesterday" is not a date. ${forms}`],
    [45566, `start_date: 45566 is a number, not a date. ${forms}`],
    [2024, `start_date: 2024 is a number, not a date. ${forms}`],
    [true, `start_date: TRUE is not a date. ${forms}`],
    [new Date(Number.NaN), `start_date: an invalid date is not a date. ${forms}`],
    [[['2024-10-01', '2024-10-31']], `start_date: a range of 1 row and 2 columns is not a single value. ${forms}`],
  ])('rejects %p', (value, message) => {
    expect(messageOf(() => parseDateArgument('start_date', value, tokyo), 'start_date')).toBe(message);
  });

  it('names end_date when end_date is wrong', () => {
    expect(messageOf(() => parseDateArgument('end_date', 'soon', tokyo), 'end_date')).toBe(`end_date: "soon" is not a date. ${forms}`);
  });
});

describe('min_balance and max_balance', () => {
  it.each([
    [100, 100],
    [0, 0],
    [-25.5, -25.5],
    ['99.50', 99.5],
    [' 100 ', 100],
    ['-12', -12],
    ['.5', 0.5],
    ['+3', 3],
    [[[7]], 7],
  ])('reads %p as %p', (value, expected) => {
    expect(parseAmountArgument('min_balance', value)).toBe(expected);
  });

  it.each(EMPTY_FORMS)('is no filter when %s', (_label, value) => {
    expect(parseAmountArgument('max_balance', value)).toBeNull();
  });

  const forms = 'Use a number such as 100 or 99.5 (no thousands separators or currency signs), or leave it empty.';
  it.each([
    ['abc', `min_balance: "abc" is not an amount. ${forms}`],
    ['1,000', `min_balance: "1,000" is not an amount. ${forms}`],
    ['$100', `min_balance: "$100" is not an amount. ${forms}`],
    ['1e3', `min_balance: "1e3" is not an amount. ${forms}`],
    ['NaN', `min_balance: "NaN" is not an amount. ${forms}`],
    ['Infinity', `min_balance: "Infinity" is not an amount. ${forms}`],
    [Number.NaN, `min_balance: NaN is not an amount. ${forms}`],
    [Number.POSITIVE_INFINITY, `min_balance: Infinity is not an amount. ${forms}`],
    [true, `min_balance: TRUE is not an amount. ${forms}`],
    [new Date(0), `min_balance: a date is not an amount. ${forms}`],
    [[[1], [2]], `min_balance: a range of 2 rows and 1 column is not a single value. ${forms}`],
  ])('rejects %p', (value, message) => {
    expect(messageOf(() => parseAmountArgument('min_balance', value), 'min_balance')).toBe(message);
  });
});

/** The list functions' filters from named values, as a report's filters are read. */
const parseInvoiceFilters = (values: Record<string, unknown>, ctx: DateArgumentContext) => invoiceFiltersFrom(parseNamedArguments(INVOICE_FILTER_PARAMETERS, values, ctx));

describe('invoice filters', () => {
  it('reads every filter', () => {
    expect(
      parseInvoiceFilters(
        { status: 'Unpaid', start_date: '2024-01-01', end_date: new Date(Date.UTC(2024, 11, 30, 15)), min_balance: '10', max_balance: 500 },
        tokyo,
      ),
    ).toEqual({ status: 'unpaid', startDate: '2024-01-01', endDate: '2024-12-31', minBalance: 10, maxBalance: 500, affiliateIds: null, search: null });
  });

  it('reads no arguments as no filters', () => {
    expect(parseInvoiceFilters({}, tokyo)).toEqual({ status: null, startDate: null, endDate: null, minBalance: null, maxBalance: null, affiliateIds: null, search: null });
  });

  it.each([
    [
      { start_date: '2024-10-31', end_date: '2024-10-01' },
      'start_date',
      'start_date: "2024-10-31" is after end_date "2024-10-01". Use a start_date on or before end_date.',
    ],
    [
      { min_balance: 500, max_balance: '100' },
      'min_balance',
      'min_balance: 500 is more than max_balance 100. Use a min_balance at or below max_balance.',
    ],
    [
      { status: 'open', start_date: '2024-10-31', end_date: '2024-10-01' },
      'status',
      'status: "open" is not a status. Use "paid", "unpaid", "deleted" (network keys only) or leave it empty.',
    ],
  ])('rejects %p', (args, argument, message) => {
    expect(messageOf(() => parseInvoiceFilters(args, tokyo), argument)).toBe(message);
  });

  it('accepts the same day as start and end, and equal bounds', () => {
    expect(parseInvoiceFilters({ start_date: '2024-10-01', end_date: '2024-10-01', min_balance: 5, max_balance: 5 }, tokyo)).toMatchObject({
      startDate: '2024-10-01',
      endDate: '2024-10-01',
    });
  });
});

describe('invoice_id', () => {
  it.each([
    [12345, 12345],
    ['12345', 12345],
    [' 7 ', 7],
    [[[42]], 42],
  ])('reads %p as %p', (value, expected) => {
    expect(parseInvoiceId(value)).toBe(expected);
  });

  const forms = 'Use a whole number above 0 such as 12345.';
  it.each([
    [0, `invoice_id: 0 is not an invoice ID. ${forms}`],
    [-5, `invoice_id: -5 is not an invoice ID. ${forms}`],
    [12.5, `invoice_id: 12.5 is not an invoice ID. ${forms}`],
    ['12.5', `invoice_id: "12.5" is not an invoice ID. ${forms}`],
    ['-5', `invoice_id: "-5" is not an invoice ID. ${forms}`],
    ['0', `invoice_id: "0" is not an invoice ID. ${forms}`],
    ['INV-12', `invoice_id: "INV-12" is not an invoice ID. ${forms}`],
    ['1, 2', `invoice_id: "1, 2" is not an invoice ID. ${forms}`],
    ['99999999999999999999', `invoice_id: "99999999999999999999" is not an invoice ID. ${forms}`],
    [true, `invoice_id: TRUE is not an invoice ID. ${forms}`],
    [new Date(0), `invoice_id: a date is not an invoice ID. ${forms}`],
    [[[1, 2]], `invoice_id: a range of 1 row and 2 columns is not a single value. ${forms}`],
    ['', `invoice_id: an invoice ID is needed. ${forms}`],
    [undefined, `invoice_id: an invoice ID is needed. ${forms}`],
  ])('rejects %p', (value, message) => {
    expect(messageOf(() => parseInvoiceId(value), 'invoice_id')).toBe(message);
  });
});

describe('invoice_ids', () => {
  it.each([
    ['one number', 12345, [12345]],
    ['one id as text', '12345', [12345]],
    ['a list with commas', '1, 2,3', [1, 2, 3]],
    ['a list with semicolons and spaces', '1; 2 3\n4', [1, 2, 3, 4]],
    ['duplicates, first kept', '3, 1, 3, 2, 1', [3, 1, 2]],
    ['a column with a header and blanks', [['Invoice ID'], [101], [''], ['102'], [null], [101]], [101, 102]],
    ['a row', [[5, 6, 7]], [5, 6, 7]],
    ['a block read row by row', [[1, 2], [3, 4]], [1, 2, 3, 4]],
    ['other header spellings', [['invoice_id'], ['IDs'], [9]], [9]],
    ['a cell holding a list', [['1, 2'], [3]], [1, 2, 3]],
  ])('reads %s', (_label, value, expected) => {
    expect(parseInvoiceIds(value)).toEqual(expected);
  });

  it('reads a range made in another realm (the emulator vm)', () => {
    const foreign: unknown = runInNewContext('[["Invoice ID"], [11], [12]]');
    expect(foreign instanceof Array).toBe(false);
    expect(parseInvoiceIds(foreign)).toEqual([11, 12]);
  });

  it(`takes up to ${MAX_INVOICE_IDS} different ids, counting duplicates once`, () => {
    const ids = Array.from({ length: MAX_INVOICE_IDS }, (_, index) => [index + 1]);
    expect(parseInvoiceIds([...ids, ...ids])).toHaveLength(MAX_INVOICE_IDS);
  });

  const forms = 'Use whole numbers above 0 such as 12345, a list such as "12345, 12346" or a range of cells holding IDs';
  const skipped = 'blank cells and a header such as "Invoice ID" are skipped.';
  it.each([
    ['text', 'abc', `invoice_ids: "abc" is not an invoice ID. ${forms}; ${skipped}`],
    ['a bad id in a list', '1, 2x, 3', `invoice_ids: "2x" (in "1, 2x, 3") is not an invoice ID. ${forms}; ${skipped}`],
    ['zero', 0, `invoice_ids: 0 is not an invoice ID. ${forms}; ${skipped}`],
    ['a decimal', 1.5, `invoice_ids: 1.5 is not an invoice ID. ${forms}; ${skipped}`],
    ['a negative id in text', '-4', `invoice_ids: "-4" is not an invoice ID. ${forms}; ${skipped}`],
    ['a boolean', true, `invoice_ids: TRUE is not an invoice ID. ${forms}; ${skipped}`],
    ['a header typed alone', 'Invoice ID', `invoice_ids: "Invoice" (in "Invoice ID") is not an invoice ID. ${forms}; ${skipped}`],
    [
      'a text cell in a range',
      [['Invoice ID'], [101], ['n/a']],
      `invoice_ids: "n/a" in row 3, column 1 of the range is not an invoice ID. ${forms}; ${skipped}`,
    ],
    ['a decimal in a range', [[1, 2.5]], `invoice_ids: 2.5 in row 1, column 2 of the range is not an invoice ID. ${forms}; ${skipped}`],
    ['a date in a range', [[1], [new Date(0)]], `invoice_ids: a date in row 2, column 1 of the range is not an invoice ID. ${forms}; ${skipped}`],
    [
      'a bad id in a list in a range',
      [[1], ['4; x']],
      `invoice_ids: "x" (in "4; x") in row 2, column 1 of the range is not an invoice ID. ${forms}; ${skipped}`,
    ],
  ])('rejects %s', (_label, value, message) => {
    expect(messageOf(() => parseInvoiceIds(value), 'invoice_ids')).toBe(message);
  });

  it.each([
    ['omitted', undefined],
    ['an empty cell', ''],
    ['separators only', ' , ; '],
    ['an empty range', [[''], [null]]],
    ['a header alone', [['Invoice ID']]],
  ])('asks for at least one id when given %s', (_label, value) => {
    expect(messageOf(() => parseInvoiceIds(value), 'invoice_ids')).toBe(`invoice_ids: at least one invoice ID is needed. ${forms}.`);
  });

  it(`refuses more than ${MAX_INVOICE_IDS} different ids`, () => {
    const ids = Array.from({ length: MAX_INVOICE_IDS + 112 }, (_, index) => [index + 1]);
    expect(messageOf(() => parseInvoiceIds(ids), 'invoice_ids')).toBe(
      `invoice_ids: 612 different invoice IDs given; one call takes at most ${MAX_INVOICE_IDS}. Split them over several formulas.`,
    );
  });
});

describe('argument count', () => {
  it('accepts up to the declared number, omitted ones included', () => {
    expect(() => expectArgumentCount('EFLOW_INVOICE_LINES', [1], ['invoice_ids', 'type'])).not.toThrow();
    expect(() => expectArgumentCount('EFLOW_INVOICE_LINES', [1, 'vat'], ['invoice_ids', 'type'])).not.toThrow();
  });

  it.each([
    [
      'EFLOW_INVOICE',
      [1, 2],
      ['invoice_id'],
      'EFLOW_INVOICE takes at most 1 argument (invoice_id); it got 2. Remove the extra ones.',
    ],
    [
      'EFLOW_INVOICES',
      ['unpaid', '', '', 1, 2, 3],
      ['status', 'start_date', 'end_date', 'min_balance', 'max_balance'],
      'EFLOW_INVOICES takes at most 5 arguments (status, start_date, end_date, min_balance, max_balance); it got 6. Remove the extra ones.',
    ],
    ['EFLOW_VERSION', ['x'], [], 'EFLOW_VERSION takes no arguments; it got 1. Remove the extra ones.'],
  ])('rejects too many arguments to %s', (functionName, args, names, message) => {
    expect(messageOf(() => expectArgumentCount(functionName, args, names), functionName)).toBe(message);
  });
});
