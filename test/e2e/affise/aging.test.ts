/**
 * AFFISE_INVOICE_AGING through the built bundle, against an independent reading of the fake
 * Affise's records (integer 10^-8 units): an invoice is due on its posted day; waiting and pending
 * owe their total, partly paid an unknown part (its bucket and total are left blank); completed
 * and declined owe nothing. What it costs (the list only, 100 invoices a request) and every wrong
 * argument with the message the user sees.
 */
import { SharedClock } from '../../../test-support/clock';
import { AFFISE_QUIRKS_OFF, totalUnits, type FakeAffisePayment } from '../../../test-support/fake-affise';
import { AddOnHarness } from '../../../test-support/harness';
import { errorOf, gridOf } from '../support/harness';
import { wallClockText } from '../support/time';
import { currencyCode, measureAffise, requestsByPath } from './affise-expected';

const ZONE = 'Asia/Tokyo';
const PAYMENTS = 330;
const HEADER = ['Currency', 'Not yet due', '1–30 days', '31–60 days', '61–90 days', 'Over 90 days', 'No due date', 'Total unpaid'];
const WAITING = 1;
const PARTLY_PAID = 3;
const PENDING = 4;
let harness: AddOnHarness;
let payments: FakeAffisePayment[];

beforeAll(async () => {
  harness = await AddOnHarness.start({
    clock: SharedClock.virtual(),
    spreadsheetTimeZone: ZONE,
    affise: { paymentCount: PAYMENTS, partnerCount: 10, quirks: AFFISE_QUIRKS_OFF, latencyMs: 20 },
  });
  const affise = harness.affise;
  if (!affise) throw new Error('no fake Affise');
  payments = await affise.payments();
});

afterAll(async () => {
  await harness?.close();
});

const dayNumber = (day: string): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;

/** Units as the cell's number: whole and fraction joined as text, never float arithmetic. */
function unitsNumber(units: bigint): number {
  const negative = units < BigInt(0);
  const magnitude = negative ? -units : units;
  const scale = BigInt(100_000_000);
  return Number(`${negative ? '-' : ''}${magnitude / scale}.${(magnitude % scale).toString().padStart(8, '0')}`);
}

interface Bucket {
  sum: bigint;
  count: number;
  /** Partly paid invoices: owed, but how much Affise does not say. */
  unknown: number;
}

/** The cell a bucket shows: its exact sum, or (with a partly paid invoice in it) blank with a note saying why. */
function bucketCell({ sum, count, unknown }: Bucket): string | number {
  return unknown === 0 ? unitsNumber(sum) : `Left blank rather than short: ${unknown} of ${count} unpaid invoices lack a readable balance.`;
}

/** Per currency (sorted): six buckets and the total. */
function expectedAging(all: readonly FakeAffisePayment[], asOfDay: string): Array<Array<string | number>> {
  const asOf = dayNumber(asOfDay);
  const byCurrency = new Map<string, Bucket[]>();
  for (const payment of all) {
    if (![WAITING, PENDING, PARTLY_PAID].includes(payment.status)) continue;
    const owed = payment.status === PARTLY_PAID ? null : BigInt(totalUnits(payment));
    if (owed !== null && owed <= BigInt(0)) continue;
    const late = asOf - dayNumber(payment.postedDate.slice(0, 10));
    const bucket = late <= 0 ? 0 : late <= 30 ? 1 : late <= 60 ? 2 : late <= 90 ? 3 : 4;
    const code = currencyCode(payment);
    const buckets = byCurrency.get(code) ?? Array.from({ length: 7 }, (): Bucket => ({ sum: BigInt(0), count: 0, unknown: 0 }));
    for (const index of [bucket, 6]) {
      const counted = buckets[index] as Bucket;
      counted.count += 1;
      if (owed === null) counted.unknown += 1;
      else counted.sum += owed;
    }
    byCurrency.set(code, buckets);
  }
  return [...byCurrency.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, buckets]) => [code, ...buckets.map(bucketCell)]);
}

const owedCount = (): number => payments.filter((payment) => [WAITING, PENDING, PARTLY_PAID].includes(payment.status)).length;

const todayText = (): string => wallClockText(harness.clock.now(), ZONE).slice(0, 10);
const dayText = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

// Posted days run up to today: as_of days after it spread what is owed over every bucket.
it.each([0, 25, 50, 80, 400])('buckets what is owed as of %i days after today, exact, from the list of owed statuses only', async (daysAfter) => {
  const asOf = dayText(dayNumber(todayText()) + daysAfter);
  const { value, stats } = await measureAffise(harness, () => harness.formula('AFFISE_INVOICE_AGING', asOf));
  const grid = gridOf(value);
  expect(grid[0]).toEqual(HEADER);
  const expected = expectedAging(payments, asOf);
  expect(grid.slice(1)).toEqual(expected);
  // Recent days have sums to check; by 80 days on, partly paid invoices leave the old buckets blank.
  if (daysAfter <= 50) expect(expected.flat().filter((cell) => typeof cell === 'number' && cell > 0).length).toBeGreaterThan(0);
  // The first call reads the owed list, 100 invoices a request; another as_of reads it from the cache. No partner names.
  expect(requestsByPath(stats)).toEqual(daysAfter === 0 ? { '/3.1/payments 200': Math.ceil(owedCount() / 100) } : {});
});

it('has invoices of every kind to count: owed, partly paid, not owed', () => {
  const statuses = new Set(payments.map((payment) => payment.status));
  for (const status of [WAITING, PENDING, PARTLY_PAID, 2, -1]) expect(statuses).toContain(status);
  expect(owedCount()).toBeGreaterThan(100);
});

it("counts to the spreadsheet's today when as_of is left out, as TODAY() does", () => {
  expect(gridOf(harness.formula('AFFISE_INVOICE_AGING')).slice(1)).toEqual(expectedAging(payments, todayText()));
});

describe('wrong arguments: the message the user sees, and no request', () => {
  const DATE_FORMS = 'Use a date cell, text like "2024-10-01" (YYYY-MM-DD) or leave it empty.';
  it.each<[string, unknown[], string]>([
    ['as_of day first', ['15/12/2024'], `as_of: "15/12/2024" is not a date. ${DATE_FORMS}`],
    ['as_of not a real day', ['2023-02-29'], `as_of: "2023-02-29" is not a date. ${DATE_FORMS}`],
    ['as_of as a serial number', [45641], `as_of: 45641 is a number, not a date. ${DATE_FORMS}`],
    ['as_of as a word', ['today'], `as_of: "today" is not a date. ${DATE_FORMS}`],
    ['as_of as a range', [[['2024-10-01'], ['2024-10-02']]], `as_of: a range of 2 rows and 1 column is not a single value. ${DATE_FORMS}`],
    ['an account no connection has', ['', 'Nope'], 'account: no connection is named "Nope". Your Affise connections: "Affise".'],
    ['an Everflow account', ['2024-12-15', 'Everflow'], 'account: "Everflow" is an Everflow connection, and this function reads Affise. Your Affise connections: "Affise".'],
    ['one argument too many', ['2024-12-15', '', 'USD'], 'AFFISE_INVOICE_AGING takes at most 2 arguments (as_of, account); it got 3. Remove the extra ones.'],
  ])('%s', async (_name, args, message) => {
    const { value, stats } = await measureAffise(harness, () => harness.formula('AFFISE_INVOICE_AGING', ...args));
    expect(errorOf(value)).toContain(message);
    expect(stats.totalRequests).toBe(0);
  });
});
