/**
 * Totals through the built bundle when Everflow leaves a line's `invoice_currency_amount` out,
 * null or unreadable: the total is never the smaller sum of the rest, the line shows what came,
 * and the cached answer says the same.
 */
import { allLines, centsToAmount, QUIRKS_OFF, type FakeInvoice } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { fakeApi, gridOf, measure } from '../support/harness';

jest.setTimeout(60_000);

const LINES_TOTAL = 9;
const LINE_ITEMS = 8;
const INVOICE_CURRENCY_AMOUNT = 8;

let harness: AddOnHarness;
let records: FakeInvoice[];

beforeAll(async () => {
  harness = await AddOnHarness.start({ api: { invoiceCount: 20, quirks: { ...QUIRKS_OFF, lineAmountGaps: 0.2 } } });
  records = await fakeApi(harness).invoices();
});

afterAll(async () => {
  await harness?.close();
});

it('leaves Lines total as text saying how many lines lack an amount, shows each such line, and totals the others exactly', async () => {
  const ids = records.map((invoice) => invoice.id);
  const lines = gridOf(harness.formula('EFLOW_INVOICE_LINES', ids.join(','))).slice(1);
  const lacking = new Map<number, number>();
  for (const row of lines) {
    const cell = row[INVOICE_CURRENCY_AMOUNT];
    if (typeof cell === 'number') continue;
    expect(['', 'Unreadable amount: "n/a"']).toContain(cell);
    lacking.set(Number(row[0]), (lacking.get(Number(row[0])) ?? 0) + 1);
  }
  expect(lacking.size).toBeGreaterThan(0);
  expect(lacking.size).toBeLessThan(records.length);

  // Twice: the second answer comes from the cache and must say the same.
  for (const pass of ['fetched', 'cached']) {
    for (const invoice of records) {
      const { value, fetches } = await measure(harness, () => harness.formula('EFLOW_INVOICE', invoice.id));
      const [, row] = gridOf(value);
      const count = allLines(invoice).length;
      const missing = lacking.get(invoice.id) ?? 0;
      expect(row?.[LINE_ITEMS]).toBe(count);
      expect(row?.[LINES_TOTAL]).toBe(
        missing === 0
          ? Number(centsToAmount(allLines(invoice).reduce((sum, line) => sum + line.invoiceCurrencyAmountCents, 0)))
          : `Left blank rather than short: ${missing} of ${count} lines lack a readable amount in the invoice currency.`,
      );
      if (pass === 'cached') expect(fetches).toBe(0);
    }
  }
});
