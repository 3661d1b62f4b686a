/**
 * What the Affise functions should show, computed from the fake Affise's own records (integer
 * 10^-8 units), independently of the add-on's code.
 */
import type { PlainCell } from '../../../test-support/emulator/emulator';
import { AFFISE_CURRENCIES, revenueUnits, totalUnits, unitsToText, type FakeAffisePartner, type FakeAffisePayment } from '../../../test-support/fake-affise';
import type { FakeAffiseStats } from '../../../test-support/fake-affise';
import type { AddOnHarness } from '../../../test-support/harness';
import { wallClockText } from '../support/time';

export const AFFISE_INVOICE_HEADER = [
  'Invoice ID', 'Affiliate ID', 'Affiliate', 'Status', 'Created', 'Currency', 'Amount', 'Corrections', 'Total',
  'Payment system', 'Payment account', 'Conversions', 'Manager ID', 'Comment', 'Notes', 'Updated',
];
export const AFFISE_LINE_HEADER = ['Invoice ID', 'Type', 'Offer ID', 'Offer', 'Payout', 'Conversions', 'Amount', 'Currency', 'Correction ID', 'Comment', 'Posted'];
export const AFFISE_SUMMARY_HEADER = ['Currency', 'Status', 'Invoices', 'Amount', 'Corrections', 'Total'];

const WORDS: Readonly<Record<number, string>> = { 1: 'waiting', 2: 'completed', 3: 'partly paid', 4: 'pending', [-1]: 'declined' };
export const statusWord = (code: number): string => WORDS[code] ?? String(code);
export const currencyCode = (payment: FakeAffisePayment): string => AFFISE_CURRENCIES.find((currency) => currency.id === payment.currencyId)?.code ?? '';

const MAX_CELL_CHARS = 50_000;
const SHORTENED = '… [shortened: Sheets holds at most 50,000 characters in a cell]';
export const cellText = (value: string): string => (value.length <= MAX_CELL_CHARS ? value : value.slice(0, MAX_CELL_CHARS - SHORTENED.length) + SHORTENED);
const amount = (units: number): number => Number(unitsToText(units));

/** A grid with its Dates as the wall clock Sheets shows in the zone ("YYYY-MM-DD HH:MM:SS"), blanks as ''. */
export function shown(grid: PlainCell[][], zone: string): Array<Array<string | number | boolean>> {
  return grid.map((row) => row.map((cell) => (cell instanceof Date ? wallClockText(cell.getTime(), zone) : (cell ?? ''))));
}

export function affiseInvoiceRow(payment: FakeAffisePayment, partners: readonly FakeAffisePartner[]): Array<string | number> {
  const correctionUnits = payment.corrections.reduce((sum, correction) => sum + correction.amountUnits, 0);
  const conversions = payment.offers.reduce((sum, offer) => sum + offer.costs.reduce((count, cost) => count + cost.count, 0), 0);
  return [
    payment.id,
    payment.affiliateId,
    cellText(partners.find((partner) => partner.id === payment.affiliateId)?.name ?? ''),
    statusWord(payment.status),
    payment.postedDate,
    currencyCode(payment),
    amount(revenueUnits(payment)),
    amount(correctionUnits),
    amount(totalUnits(payment)),
    payment.paySysName,
    cellText(payment.payAcc),
    conversions,
    payment.managerId,
    cellText(payment.comment),
    cellText(payment.notes),
    payment.updatedAt,
  ];
}

export function affiseLineRows(payment: FakeAffisePayment): Array<Array<string | number>> {
  const code = currencyCode(payment);
  return [
    // `cost` is an object keyed by payout: the fake's wire keeps one cost per payout, the last.
    ...payment.offers.flatMap((offer) =>
      [...new Map(offer.costs.map((cost) => [cost.payoutUnits, cost])).values()].map((cost) => [payment.id, 'offer', offer.offerId, cellText(offer.title), amount(cost.payoutUnits), cost.count, amount(cost.payoutUnits * cost.count), code, '', '', '']),
    ),
    ...payment.corrections.map((correction) => [payment.id, 'correction', '', '', '', '', amount(correction.amountUnits), code, Number(correction.id), cellText(correction.comment), correction.postedDate]),
  ];
}

/** One row per currency and status, exact BigInt sums, in the add-on's order. */
export function affiseSummaryRows(payments: readonly FakeAffisePayment[]): Array<Array<string | number>> {
  const order = ['waiting', 'completed', 'partly paid', 'pending', 'declined'];
  const groups = new Map<string, { code: string; status: string; count: number; amount: bigint; corrections: bigint; total: bigint }>();
  for (const payment of payments) {
    const code = currencyCode(payment);
    const status = statusWord(payment.status);
    const key = `${code}|${status}`;
    const group = groups.get(key) ?? { code, status, count: 0, amount: BigInt(0), corrections: BigInt(0), total: BigInt(0) };
    group.count += 1;
    group.amount += BigInt(revenueUnits(payment));
    group.corrections += BigInt(payment.corrections.reduce((sum, correction) => sum + correction.amountUnits, 0));
    group.total += BigInt(totalUnits(payment));
    groups.set(key, group);
  }
  const rank = (status: string): number => (order.includes(status) ? order.indexOf(status) : order.length);
  const big = (units: bigint): number => {
    const negative = units < BigInt(0);
    const magnitude = negative ? -units : units;
    const scale = BigInt(100_000_000);
    return Number(`${negative ? '-' : ''}${magnitude / scale}.${(magnitude % scale).toString().padStart(8, '0')}`);
  };
  return [...groups.values()]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : rank(a.status) - rank(b.status) || (a.status < b.status ? -1 : 1)))
    .map((group) => [group.code, group.status, group.count, big(group.amount), big(group.corrections), big(group.total)]);
}

export interface AffiseMeasured<T> {
  value: T;
  stats: FakeAffiseStats;
}

/** Runs one step and reports what reached the fake Affise during it. */
export async function measureAffise<T>(harness: AddOnHarness, step: () => T): Promise<AffiseMeasured<T>> {
  const affise = harness.affise;
  if (!affise) throw new Error('this harness has no fake Affise');
  await affise.resetStats();
  const value = step();
  return { value, stats: await affise.stats() };
}

/** Requests by path and status, e.g. { '/3.1/payments 200': 2, '/3.0/admin/partners 200': 1 }. */
export function requestsByPath(stats: FakeAffiseStats): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of stats.log) {
    const key = `${entry.path} ${entry.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
