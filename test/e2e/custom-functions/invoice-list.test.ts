/**
 * EFLOW_INVOICES through the built bundle against the fake API: every list size the spec names,
 * with the requests and serial rounds it costs, and the filters against the fake's own filtering.
 */
import { QUIRKS_OFF, type FakeApiKey, type FakeInvoice } from '../../../test-support/fake-everflow';
import { matchesFilter, type InvoiceFilter } from '../../../test-support/fake-everflow/filters';
import { AddOnHarness } from '../../../test-support/harness';
import { COLUMNS, comparable, fakeFiltered, invoicesRow, table } from '../support/expected';
import { fakeApi, gridOf, measure, serialRounds, useApiKey } from '../support/harness';


/** One affiliate per list size, each with its own key, all served by one fake API. */
const SIZES = [
  { size: 0, requests: 1, rounds: 1, affiliateId: 100 },
  { size: 1, requests: 1, rounds: 1, affiliateId: 101 },
  { size: 2000, requests: 1, rounds: 1, affiliateId: 102 },
  { size: 2001, requests: 2, rounds: 2, affiliateId: 103 },
  { size: 10_000, requests: 5, rounds: 2, affiliateId: 104 },
];
const FILTER_AFFILIATE = 500;
const keyOf = (affiliateId: number): string => `e2e-list-key-affiliate-${affiliateId}`;
const KEYS: FakeApiKey[] = [...SIZES.map((size) => size.affiliateId), FILTER_AFFILIATE].map((affiliateId) => ({
  key: keyOf(affiliateId),
  realm: 'affiliate',
  affiliateId,
}));
const SHEET_ZONE = 'Asia/Tokyo';

let harness: AddOnHarness;

beforeAll(async () => {
  harness = await AddOnHarness.start({
    api: {
      keys: KEYS,
      invoiceCountByAffiliate: { ...Object.fromEntries(SIZES.map(({ size, affiliateId }) => [affiliateId, size])), [FILTER_AFFILIATE]: 300 },
      quirks: QUIRKS_OFF,
      // Latency makes each serial round of requests arrive at its own virtual instant; the requests
      // of one fetchAll carry the same send time, so they share their latency.
      latencyMs: 100,
    },
    apiKey: keyOf(FILTER_AFFILIATE),
    spreadsheetTimeZone: SHEET_ZONE,
  });
});

afterAll(async () => {
  await harness?.close();
});

describe.each(SIZES)('EFLOW_INVOICES over $size invoices', ({ size, requests, rounds, affiliateId }) => {
  let records: FakeInvoice[];

  beforeAll(async () => {
    useApiKey(harness, keyOf(affiliateId));
    records = await fakeApi(harness).invoices(affiliateId);
  });

  it(`answers the header and ${size} rows equal to the fake's records in ${requests} request(s) and ${rounds} round(s)`, async () => {
    const nowMs = harness.clock.now();
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES'));
    expect(records).toHaveLength(size);
    expect(comparable(gridOf(value), SHEET_ZONE)).toEqual(table('EFLOW_INVOICES', records.map((invoice) => invoicesRow(invoice, nowMs))));
    expect(stats.byRoute).toEqual({ list: requests, detail: 0, other: 0 });
    expect(stats.byStatus).toEqual({ '200': requests });
    expect(serialRounds(stats)).toBe(rounds);
    // Every page at the largest size Everflow accepts.
    expect(stats.log.map((entry) => entry.query).sort()).toEqual(
      Array.from({ length: requests }, (_, index) => `page=${index + 1}&page_size=2000`).sort(),
    );
  });

  it('answers the same again from the cache, with no request', async () => {
    const { value, fetches } = await measure(harness, () => harness.formula('EFLOW_INVOICES'));
    expect(gridOf(value)).toHaveLength(size + 1);
    expect(fetches).toBe(0);
  });
});

describe('EFLOW_INVOICES filters, against the fake API\'s own filtering', () => {
  let records: FakeInvoice[];

  beforeAll(async () => {
    useApiKey(harness, keyOf(FILTER_AFFILIATE));
    records = await fakeApi(harness).invoices(FILTER_AFFILIATE);
    // Rounds are not counted here: no latency, no waiting for stragglers.
    await fakeApi(harness).configure({ latencyMs: 0 });
  });

  const idsOf = (grid: unknown[][]): unknown[] => grid.slice(1).map((row) => row[0]);
  const expectedIds = (filter: InvoiceFilter): number[] => fakeFiltered(records, filter).map((invoice) => invoice.id);

  it.each<{ name: string; args: unknown[]; filter: InvoiceFilter }>([
    { name: 'status "paid"', args: ['paid'], filter: { status: 'paid' } },
    { name: 'status " UNPAID " in any case', args: [' UNPAID '], filter: { status: 'unpaid' } },
    { name: 'start date as text', args: ['', '2026-01-01'], filter: { minStartDate: '2026-01-01' } },
    { name: 'end date as text', args: [undefined, undefined, '2025-06-30'], filter: { maxEndDate: '2025-06-30' } },
    { name: 'a date range', args: ['', '2025-03-01', '2025-10-31'], filter: { minStartDate: '2025-03-01', maxEndDate: '2025-10-31' } },
    { name: 'minimum balance as a number', args: ['', '', '', 1000], filter: { minBalance: 1000 } },
    { name: 'maximum balance as text', args: ['', '', '', '', '250.5'], filter: { maxBalance: 250.5 } },
    { name: 'balance bounds with unpaid', args: ['unpaid', '', '', 0.01, 5000], filter: { status: 'unpaid', minBalance: 0.01, maxBalance: 5000 } },
    {
      name: 'every filter at once',
      args: ['unpaid', '2025-01-01', '2026-10-31', 10, 100000],
      filter: { status: 'unpaid', minStartDate: '2025-01-01', maxEndDate: '2026-10-31', minBalance: 10, maxBalance: 100000 },
    },
  ])('$name gives exactly the invoices the fake matches, in its order', async ({ args, filter }) => {
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES', ...args));
    const ids = expectedIds(filter);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(records.length);
    expect(idsOf(gridOf(value))).toEqual(ids);
    expect(stats.totalRequests).toBe(1);
  });

  it('rows of a filtered list equal the fake\'s records in every column', async () => {
    const nowMs = harness.clock.now();
    const grid = gridOf(harness.formula('EFLOW_INVOICES', 'unpaid', '2025-01-01'));
    const expected = fakeFiltered(records, { status: 'unpaid', minStartDate: '2025-01-01' }).map((invoice) => invoicesRow(invoice, nowMs));
    expect(comparable(grid, SHEET_ZONE)).toEqual(table('EFLOW_INVOICES', expected));
  });

  it('reads a date cell as the day it shows in the spreadsheet\'s zone (Tokyo), not in UTC', () => {
    // Midnight of 2026-03-31 in Tokyo is still 2026-03-30 in UTC; March periods end on the 31st.
    const tokyoMidnight = new Date(Date.UTC(2026, 2, 30, 15, 0, 0));
    const asShown = expectedIds({ maxEndDate: '2026-03-31' });
    expect(asShown).not.toEqual(expectedIds({ maxEndDate: '2026-03-30' }));
    expect(idsOf(gridOf(harness.formula('EFLOW_INVOICES', '', '', tokyoMidnight)))).toEqual(asShown);
  });

  it('answers the header row alone when nothing matches', async () => {
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES', 'unpaid', '', '', 1e12));
    expect(gridOf(value)).toEqual([COLUMNS.EFLOW_INVOICES]);
    expect(stats.totalRequests).toBe(1);
  });
});

describe.each([
  // Each reading asks its own dates: the same filters twice would come from the cache.
  { reading: 'date' as const, dates: ['2025-04-30', '2026-01-31'] },
  { reading: 'midnight' as const, dates: ['2025-05-31', '2026-02-28'] },
])('EFLOW_INVOICES end_date when Everflow compares max_end_time by $reading', ({ reading, dates }) => {
  let records: FakeInvoice[];

  beforeAll(async () => {
    useApiKey(harness, keyOf(FILTER_AFFILIATE));
    records = await fakeApi(harness).invoices(FILTER_AFFILIATE);
    await fakeApi(harness).configure({ latencyMs: 0, endDateReading: reading });
  });

  afterAll(async () => {
    await fakeApi(harness).configure({ endDateReading: 'date' });
  });

  it.each(dates)('keeps a period ending %s 23:59:59, and exactly the periods ending on or before that day, in one request', async (date) => {
    const endingThatNight = records.filter((invoice) => invoice.endTime === `${date} 23:59:59`).map((invoice) => invoice.id);
    const expected = records.filter((invoice) => invoice.endTime.slice(0, 10) <= date).map((invoice) => invoice.id);
    expect(endingThatNight.length).toBeGreaterThan(0);
    // Asked literally, the midnight reading would drop them.
    expect(records.filter((invoice) => matchesFilter(invoice, { maxEndDate: date }, '', 'midnight')).length).toBe(expected.length - endingThatNight.length);

    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES', '', '', date));
    const ids = gridOf(value).slice(1).map((row) => row[0]);
    expect(ids).toEqual(expected);
    expect(ids).toEqual(expect.arrayContaining(endingThatNight));
    expect(stats.totalRequests).toBe(1);
  });
});
