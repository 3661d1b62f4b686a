/**
 * Wrong arguments through the built bundle: at least one wrong form of every argument of every
 * function (the unit tests cover every form), with the exact message the cell shows, and proof
 * that a typo costs no request.
 */
import { AddOnHarness } from '../../../test-support/harness';
import { errorOf, measure, useApiKey } from '../support/harness';

const STATUS_FORMS = 'Use "paid", "unpaid", "deleted" (network keys only) or leave it empty.';
const DATE_FORMS = 'Use a date cell, text like "2024-10-01" (YYYY-MM-DD) or leave it empty.';
const AMOUNT_FORMS = 'Use a number such as 100 or 99.5 (no thousands separators or currency signs), or leave it empty.';
const ID_FORMS = 'Use a whole number above 0 such as 12345.';
const IDS_FORMS = 'Use whole numbers above 0 such as 12345, a list such as "12345, 12346" or a range of cells holding IDs';
const IDS_SKIPPED = `${IDS_FORMS}; blank cells and a header such as "Invoice ID" are skipped.`;
const TYPE_FORMS = 'Use "referral", "offer_detail", "vat", "adjustment" or leave it empty.';

interface WrongCall {
  name: string;
  args: unknown[];
  message: string;
}

const WRONG_CALLS: Record<string, WrongCall[]> = {
  EFLOW_INVOICES: [
    { name: 'status as an unknown word', args: ['open'], message: `status: "open" is not a status. ${STATUS_FORMS}` },
    { name: 'status as a range of two cells', args: [[['paid'], ['unpaid']]], message: `status: a range of 2 rows and 1 column is not a single value. ${STATUS_FORMS}` },
    { name: 'start_date as a day that does not exist', args: ['', '2024-02-30'], message: `start_date: "2024-02-30" is not a date. ${DATE_FORMS}` },
    { name: 'start_date in a locale\'s form', args: ['', '1/2/2024'], message: `start_date: "1/2/2024" is not a date. ${DATE_FORMS}` },
    { name: 'end_date as a serial number', args: ['', '', 45_000], message: `end_date: 45000 is a number, not a date. ${DATE_FORMS}` },
    { name: 'end_date as an invalid date', args: ['', '', new Date(Number.NaN)], message: `end_date: an invalid date is not a date. ${DATE_FORMS}` },
    {
      name: 'start_date after end_date',
      args: ['', '2024-12-01', new Date(Date.UTC(2024, 0, 1))],
      message: 'start_date: "2024-12-01" is after end_date "2024-01-01". Use a start_date on or before end_date.',
    },
    { name: 'min_balance with a currency sign', args: ['', '', '', '$100'], message: `min_balance: "$100" is not an amount. ${AMOUNT_FORMS}` },
    { name: 'min_balance with a thousands separator', args: ['', '', '', '1,000'], message: `min_balance: "1,000" is not an amount. ${AMOUNT_FORMS}` },
    { name: 'max_balance as a boolean', args: ['', '', '', '', true], message: `max_balance: TRUE is not an amount. ${AMOUNT_FORMS}` },
    {
      name: 'min_balance above max_balance',
      args: ['', '', '', 500, '100'],
      message: 'min_balance: 500 is more than max_balance 100. Use a min_balance at or below max_balance.',
    },
    {
      name: 'one argument too many',
      args: ['paid', '', '', 1, 2, '', '', '', 'x'],
      message: 'EFLOW_INVOICES takes at most 8 arguments (status, start_date, end_date, min_balance, max_balance, affiliate_ids, search, account); it got 9. Remove the extra ones.',
    },
  ],
  EFLOW_INVOICE: [
    { name: 'invoice_id left out', args: [], message: `invoice_id: an invoice ID is needed. ${ID_FORMS}` },
    { name: 'invoice_id empty', args: [''], message: `invoice_id: an invoice ID is needed. ${ID_FORMS}` },
    { name: 'invoice_id as text', args: ['INV-12'], message: `invoice_id: "INV-12" is not an invoice ID. ${ID_FORMS}` },
    { name: 'invoice_id with decimals', args: [12.5], message: `invoice_id: 12.5 is not an invoice ID. ${ID_FORMS}` },
    { name: 'invoice_id below 1', args: [-3], message: `invoice_id: -3 is not an invoice ID. ${ID_FORMS}` },
    { name: 'one argument too many', args: [101, '', 102], message: 'EFLOW_INVOICE takes at most 2 arguments (invoice_id, account); it got 3. Remove the extra ones.' },
  ],
  EFLOW_INVOICE_LINES: [
    { name: 'invoice_ids left out', args: [], message: `invoice_ids: at least one invoice ID is needed. ${IDS_FORMS}.` },
    { name: 'invoice_ids: only a header and blanks', args: [[['Invoice ID'], [''], [null]]], message: `invoice_ids: at least one invoice ID is needed. ${IDS_FORMS}.` },
    { name: 'invoice_ids: a bad cell', args: [[['Invoice ID'], [101], ['abc']]], message: `invoice_ids: "abc" in row 3, column 1 of the range is not an invoice ID. ${IDS_SKIPPED}` },
    { name: 'invoice_ids: a bad item in a list', args: ['101, x1'], message: `invoice_ids: "x1" (in "101, x1") is not an invoice ID. ${IDS_SKIPPED}` },
    {
      name: 'invoice_ids: too many',
      args: [Array.from({ length: 501 }, (_, index) => [index + 1])],
      message: 'invoice_ids: 501 different invoice IDs given; one call takes at most 500. Split them over several formulas.',
    },
    { name: 'type misspelt', args: [101, 'refferal'], message: `type: "refferal" is not a line type. ${TYPE_FORMS}` },
    { name: 'type as a number', args: [101, 3], message: `type: 3 is not a line type. ${TYPE_FORMS}` },
    { name: 'one argument too many', args: [101, 'vat', '', 'x'], message: 'EFLOW_INVOICE_LINES takes at most 3 arguments (invoice_ids, type, account); it got 4. Remove the extra ones.' },
  ],
  EFLOW_INVOICE_PAYMENTS: [
    { name: 'invoice_ids empty', args: [''], message: `invoice_ids: at least one invoice ID is needed. ${IDS_FORMS}.` },
    { name: 'invoice_ids as 0', args: [0], message: `invoice_ids: 0 is not an invoice ID. ${IDS_SKIPPED}` },
    { name: 'invoice_ids: a date in the range', args: [[[101], [new Date(Date.UTC(2024, 0, 1))]]], message: `invoice_ids: a date in row 2, column 1 of the range is not an invoice ID. ${IDS_SKIPPED}` },
    { name: 'one argument too many', args: [101, '', 'vat'], message: 'EFLOW_INVOICE_PAYMENTS takes at most 2 arguments (invoice_ids, account); it got 3. Remove the extra ones.' },
  ],
  EFLOW_INVOICE_SUMMARY: [
    { name: 'status as an unknown phrase', args: ['Paid out'], message: `status: "Paid out" is not a status. ${STATUS_FORMS}` },
    { name: 'start_date without leading zeros', args: ['', '2024-1-5'], message: `start_date: "2024-1-5" is not a date. ${DATE_FORMS}` },
    { name: 'end_date as a boolean', args: ['', '', true], message: `end_date: TRUE is not a date. ${DATE_FORMS}` },
    {
      name: 'one argument too many',
      args: ['', '', '', '', '', '', 100],
      message: 'EFLOW_INVOICE_SUMMARY takes at most 6 arguments (status, start_date, end_date, affiliate_ids, search, account); it got 7. Remove the extra ones.',
    },
  ],
  EFLOW_INVOICE_AGING: [
    { name: 'as_of day first', args: ['15/12/2024'], message: `as_of: "15/12/2024" is not a date. ${DATE_FORMS}` },
    { name: 'as_of not a real day', args: ['2023-02-29'], message: `as_of: "2023-02-29" is not a date. ${DATE_FORMS}` },
    { name: 'as_of as a serial number', args: [45641], message: `as_of: 45641 is a number, not a date. ${DATE_FORMS}` },
    { name: 'as_of as a word', args: ['today'], message: `as_of: "today" is not a date. ${DATE_FORMS}` },
    { name: 'as_of as a range', args: [[['2024-10-01'], ['2024-10-02']]], message: `as_of: a range of 2 rows and 1 column is not a single value. ${DATE_FORMS}` },
    { name: 'one argument too many', args: ['2024-12-15', '', 'USD'], message: 'EFLOW_INVOICE_AGING takes at most 2 arguments (as_of, account); it got 3. Remove the extra ones.' },
  ],
};

let harness: AddOnHarness;

beforeAll(async () => {
  harness = await AddOnHarness.start({ api: { invoiceCount: 5 } });
});

afterAll(async () => {
  await harness?.close();
});

describe.each(Object.entries(WRONG_CALLS))('%s', (functionName, calls) => {
  it.each(calls)('$name', async ({ args, message }) => {
    const { value, fetches, stats } = await measure(harness, () => harness.formula(functionName, ...args));
    expect(errorOf(value)).toBe(message);
    expect(fetches).toBe(0);
    expect(stats.totalRequests).toBe(0);
  });
});

it('checks arguments before the key: a typo names the argument even with no key set', async () => {
  useApiKey(harness, null);
  const { value, fetches } = await measure(harness, () => harness.formula('EFLOW_INVOICE_LINES', 101, 'tax'));
  expect(errorOf(value)).toBe(`type: "tax" is not a line type. ${TYPE_FORMS}`);
  expect(fetches).toBe(0);
});
