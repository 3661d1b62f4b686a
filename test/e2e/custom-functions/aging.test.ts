/**
 * EFLOW_INVOICE_AGING through the built bundle, against an independent reading of the fake's
 * records (integer cents): the buckets on a given day and on the spreadsheet's today, what it
 * costs (the unpaid list only), and that its totals reconcile with EFLOW_INVOICE_SUMMARY.
 */
import { QUIRKS_OFF } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { agingRows, table } from '../support/expected';
import { fakeApi, gridOf, measure } from '../support/harness';
import { dayNumber, dayText, everflowZoneName, wallClockText } from '../support/time';

const SHEET_ZONE = 'Pacific/Auckland';
let harness: AddOnHarness;

beforeAll(async () => {
  harness = await AddOnHarness.start({ api: { invoiceCount: 400, quirks: QUIRKS_OFF }, spreadsheetTimeZone: SHEET_ZONE });
});
afterAll(async () => {
  await harness?.close();
});

it.each(['2026-01-31', '2026-06-30', '2027-03-01'])('buckets every unpaid balance as of %s, exact to the cent, from the list requests only', async (asOf) => {
  const invoices = await fakeApi(harness).invoices();
  const measured = await measure(harness, () => harness.formula('EFLOW_INVOICE_AGING', asOf));
  expect(gridOf(measured.value)).toEqual(table('EFLOW_INVOICE_AGING', agingRows(invoices, asOf)));
  // One list page of 400 invoices; another as_of reads the cached unpaid list again (no request).
  expect(measured.stats.byRoute).toEqual({ list: asOf === '2026-01-31' ? 1 : 0, detail: 0, other: 0 });
});

it("reads a date cell as the day it shows in the spreadsheet's zone, as =EFLOW_INVOICE_AGING(DATE(...)) passes it", async () => {
  const invoices = await fakeApi(harness).invoices();
  // A day whose aging differs from the day before's, so reading the cell in UTC would show.
  const rowsOn = (day: string): string => JSON.stringify(agingRows(invoices, day));
  const day = Array.from({ length: 800 }, (_, index) => dayText(dayNumber('2025-06-01') + index)).find((candidate) => rowsOn(candidate) !== rowsOn(dayText(dayNumber(candidate) - 1)));
  if (day === undefined) throw new Error('no day changes the aging');
  // 12:00 UTC the day before is that day in Auckland (00:00 NZST, 01:00 NZDT).
  const dateCell = new Date((dayNumber(day) - 1) * 86_400_000 + 12 * 3_600_000);
  expect(gridOf(harness.formula('EFLOW_INVOICE_AGING', dateCell))).toEqual(table('EFLOW_INVOICE_AGING', agingRows(invoices, day)));
});

it("counts to today in each invoice's own zone when as_of is left out, as EFLOW_INVOICES' Days overdue does", async () => {
  const invoices = await fakeApi(harness).invoices();
  const nowMs = harness.clock.now();
  // At this instant the spreadsheet's day (Auckland) is not every invoice's day: the rows follow the invoices' (unit tests cover the boundary days).
  const today = wallClockText(nowMs, SHEET_ZONE).slice(0, 10);
  expect(invoices.some((invoice) => wallClockText(nowMs, everflowZoneName(invoice.timezoneId) ?? 'UTC').slice(0, 10) !== today)).toBe(true);
  expect(gridOf(harness.formula('EFLOW_INVOICE_AGING'))).toEqual(table('EFLOW_INVOICE_AGING', agingRows(invoices, nowMs)));
});

it("reconciles with EFLOW_INVOICE_SUMMARY: each currency's total unpaid is its unpaid balance", () => {
  const aging = gridOf(harness.formula('EFLOW_INVOICE_AGING', '2026-06-30')).slice(1);
  const summary = gridOf(harness.formula('EFLOW_INVOICE_SUMMARY', 'unpaid')).slice(1);
  expect(aging.map((row) => [row[0], row[7]])).toEqual(summary.filter((row) => Number(row[4]) > 0).map((row) => [row[0], row[4]]));
});
