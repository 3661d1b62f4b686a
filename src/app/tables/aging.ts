import { totalOf, type Amount, type AmountTotal } from '../../model/money';
import { addDays, calendarDateOf, daysBetween, type CalendarDate } from '../../sheet/calendar-date';
import { dateColumn, idColumn, integerColumn, moneyColumn, shapeTable, textColumn, totalColumn, type CellValue, type ColumnSpec, type ShapeContext } from '../../sheet/columns';
import type { ZoneRules } from '../../ports/time-zone';

/**
 * Receivables by age, for any provider: what is still owed, by how long it is past its due date
 * on a given day. A provider's tables turn its invoices into `Receivable`s by its own rules (which
 * invoices are open, when one is due); from there aging, the weeks ahead and the largest overdue
 * are the same for all. The as-of day is a calendar day, so "days past due" is whole days between
 * it and the due date: a day given (as_of), or today as each invoice's own zone sees it (the
 * README's due-date rule, so an aging agrees with the invoices' Days overdue). Amounts are never
 * added or compared across currencies.
 */

/**
 * An invoice still owed: unpaid, with a positive balance, or one the provider sent unreadable or
 * not at all (it is owed something unknown: the totals it is part of are left blank, not short).
 */
export interface Receivable {
  id: number;
  /** As the provider sent it; grouped upper-case, null without one. */
  currency: string | null;
  balance: Amount;
  /** The provider's due date (a calendar day in the invoice's own zone); null when it has none. */
  dueDate: CalendarDate | null;
  /** The invoice's own IANA zone, whose today it is counted to (one the rules do not know: UTC); null: the provider gives none, the spreadsheet's. */
  zone: string | null;
}

/** Today, seen from each receivable's own zone: an instant, not yet a day. */
export type TodayInOwnZone = Pick<ShapeContext, 'nowMs' | 'zones' | 'sheetTimeZone'>;

/** What days past due count to: one calendar day (as_of), or today in each receivable's own zone. */
export type AsOf = CalendarDate | TodayInOwnZone;

const isCalendarDay = (asOf: AsOf): asOf is CalendarDate => 'year' in asOf;

/** The day `receivable`'s days past due count to. */
export function asOfDayOf(receivable: Pick<Receivable, 'zone'>, asOf: AsOf): CalendarDate {
  if (isCalendarDay(asOf)) return asOf;
  // Thousands of invoices share a few zones: each zone's today is worked out once per as-of.
  const days = todayByZone.get(asOf) ?? new Map<string, CalendarDate>();
  todayByZone.set(asOf, days);
  const zone = ownZone(receivable.zone, asOf.zones, asOf.sheetTimeZone);
  const known = days.get(zone);
  if (known) return known;
  const today = calendarDateOf(asOf.zones.wallClockAt(asOf.nowMs, zone));
  days.set(zone, today);
  return today;
}

const todayByZone = new WeakMap<TodayInOwnZone, Map<string, CalendarDate>>();

function ownZone(zone: string | null, zones: ZoneRules, sheetTimeZone: string): string {
  if (zone === null) return sheetTimeZone;
  return zones.isKnownZone(zone) ? zone : 'UTC';
}

/** The day an as-of shows as (the dashboard's "As of", the weeks' first Monday): today in the spreadsheet's zone when it is today. */
export function shownAsOfDay(asOf: AsOf): CalendarDate {
  return isCalendarDay(asOf) ? asOf : spreadsheetToday(asOf);
}

export const AGING_BUCKETS = ['Not yet due', '1–30 days', '31–60 days', '61–90 days', 'Over 90 days', 'No due date'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Whole days from the due date to `asOf`: 0 on the due date, negative before it; null without a due date. */
export function daysPastDue(receivable: Receivable, asOf: AsOf): number | null {
  return receivable.dueDate === null ? null : daysBetween(receivable.dueDate, asOfDayOf(receivable, asOf));
}

export function agingBucketOf(days: number | null): AgingBucket {
  if (days === null) return 'No due date';
  if (days <= 0) return 'Not yet due';
  if (days <= 30) return '1–30 days';
  if (days <= 60) return '31–60 days';
  if (days <= 90) return '61–90 days';
  return 'Over 90 days';
}

/** The day `nowMs` falls on in the spreadsheet's zone: what =TODAY() shows. */
export function spreadsheetToday(ctx: TodayInOwnZone): CalendarDate {
  return calendarDateOf(ctx.zones.wallClockAt(ctx.nowMs, ctx.sheetTimeZone));
}

/** The items grouped by upper-case currency code, sorted by code; those without a currency (null) last. */
export function groupByCurrency<Item extends { currency: string | null }>(items: readonly Item[]): Array<[string | null, Item[]]> {
  const byCurrency = new Map<string | null, Item[]>();
  for (const item of items) {
    const currency = item.currency?.trim().toUpperCase() || null;
    const group = byCurrency.get(currency);
    if (group) group.push(item);
    else byCurrency.set(currency, [item]);
  }
  return [...byCurrency.entries()].sort(([a], [b]) => compareCurrencies(a, b));
}

function compareCurrencies(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** One currency's aging: an exact total per bucket, and of them all. */
export interface CurrencyAging {
  currency: string | null;
  buckets: Record<AgingBucket, AmountTotal>;
  totalUnpaid: AmountTotal;
}

/** One row per currency (by code; no currency last). */
export function agingByCurrency(receivables: readonly Receivable[], asOf: AsOf): CurrencyAging[] {
  return groupByCurrency(receivables).map(([currency, group]) => {
    const inBucket = (bucket: AgingBucket) => group.filter((item) => agingBucketOf(daysPastDue(item, asOf)) === bucket).map((item) => item.balance);
    const buckets = Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, totalOf(inBucket(bucket))])) as Record<AgingBucket, AmountTotal>;
    return { currency, buckets, totalUnpaid: totalOf(group.map((item) => item.balance)) };
  });
}

const currencyOfRow = (row: { currency: string | null }): string | null => row.currency;
/** What a total left blank says it lacks. */
export const UNPAID_INVOICES = { items: 'unpaid invoices', amount: 'a readable balance' };

/** The aging functions' table (and the dashboard's). */
export const AGING_COLUMNS: ReadonlyArray<ColumnSpec<CurrencyAging>> = [
  textColumn<CurrencyAging>('Currency', currencyOfRow),
  ...AGING_BUCKETS.map((bucket) => totalColumn<CurrencyAging>(bucket, (row) => row.buckets[bucket], currencyOfRow, UNPAID_INVOICES)),
  totalColumn<CurrencyAging>('Total unpaid', (row) => row.totalUnpaid, currencyOfRow, UNPAID_INVOICES),
];

export function shapeAging(receivables: readonly Receivable[], asOf: AsOf, ctx: ShapeContext): CellValue[][] {
  return shapeTable(AGING_COLUMNS, agingByCurrency(receivables, asOf), ctx);
}

/** Weeks shown in "what falls due when", the current one first; the rest is "Later". */
export const DUE_WEEKS = 8;
/** A Monday, to find the Monday a day's week starts on. */
const A_MONDAY: CalendarDate = { year: 1970, month: 1, day: 5 };

export function mondayOf(date: CalendarDate): CalendarDate {
  return addDays(date, -(((daysBetween(A_MONDAY, date) % 7) + 7) % 7));
}

/** What falls due when: not yet due amounts by the (Monday-based) week of their due date; one column per currency. */
export interface DueByWeek {
  currencies: Array<string | null>;
  /** DUE_WEEKS weeks from the week of the as-of day, then "Later" (start null). */
  weeks: DueWeek[];
}

/** A week from its Monday (null: "Later"), with one exact total per currency. */
export interface DueWeek {
  start: CalendarDate | null;
  amounts: AmountTotal[];
}

/**
 * What is counted here is "Not yet due" in the aging (due on or after the as-of day), so a
 * currency's weeks and "Later" add up to its "Not yet due". The weeks start on the Monday of the
 * day shown as of; an invoice whose own today is a day earlier (due that Sunday) counts in the first.
 */
export function dueByWeek(receivables: readonly Receivable[], asOf: AsOf): DueByWeek {
  const groups = groupByCurrency(receivables);
  const firstMonday = mondayOf(shownAsOfDay(asOf));
  const weekIndexOf = (receivable: Receivable): number | null => {
    const days = daysPastDue(receivable, asOf);
    if (receivable.dueDate === null || days === null || days > 0) return null;
    return Math.max(0, Math.min(DUE_WEEKS, Math.floor(daysBetween(firstMonday, receivable.dueDate) / 7)));
  };
  const weeks = Array.from({ length: DUE_WEEKS + 1 }, (_, index) => ({
    start: index < DUE_WEEKS ? addDays(firstMonday, index * 7) : null,
    amounts: groups.map(([, group]) => totalOf(group.filter((item) => weekIndexOf(item) === index).map((item) => item.balance))),
  }));
  return { currencies: groups.map(([currency]) => currency), weeks };
}

/** An overdue receivable with its due date and days past it. */
export interface OverdueReceivable {
  receivable: Receivable & { balance: number };
  dueDate: CalendarDate;
  daysPastDue: number;
}

/** The largest receivables shown per currency. */
export const LARGEST_OVERDUE_PER_CURRENCY = 10;

/**
 * The largest overdue balances, per currency (amounts in different currencies are not compared):
 * by balance, the longest overdue first among equal balances, then by id.
 */
export function largestOverdue(receivables: readonly Receivable[], asOf: AsOf, perCurrency = LARGEST_OVERDUE_PER_CURRENCY): OverdueReceivable[] {
  return groupByCurrency(receivables).flatMap(([, group]) =>
    group
      .flatMap((receivable): OverdueReceivable[] => {
        // Only readable balances can be ranked; the aging's blank totals already say some are not.
        const { balance, dueDate } = receivable;
        const days = daysPastDue(receivable, asOf);
        return typeof balance === 'number' && dueDate !== null && days !== null && days > 0 ? [{ receivable: { ...receivable, balance }, dueDate, daysPastDue: days }] : [];
      })
      .sort((a, b) => b.receivable.balance - a.receivable.balance || b.daysPastDue - a.daysPastDue || a.receivable.id - b.receivable.id)
      .slice(0, perCurrency),
  );
}

export const LARGEST_OVERDUE_COLUMNS: ReadonlyArray<ColumnSpec<OverdueReceivable>> = [
  textColumn<OverdueReceivable>('Currency', (row) => row.receivable.currency?.trim().toUpperCase() || null),
  idColumn<OverdueReceivable>('Invoice ID', (row) => row.receivable.id),
  moneyColumn<OverdueReceivable>('Balance', (row) => row.receivable.balance, (row) => row.receivable.currency),
  dateColumn<OverdueReceivable>('Due date', (row) => row.dueDate),
  integerColumn<OverdueReceivable>('Days past due', (row) => row.daysPastDue),
];
