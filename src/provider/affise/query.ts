/*
 * The list call's parameters (`GET /3.1/payments`), checked and written as a query string.
 *
 * Which date `date_from` / `date_to` filter on is not documented. The most likely reading, and the
 * one the fake follows, is the invoice's `posted_date` (its creation date, as the UI's billing
 * list filters): both days included, compared as the network's wall-clock dates. `update_from_*`
 * / `update_to_*` filter on `updated_at` instead, to the hour.
 */

export interface AffisePaymentQuery {
  /** `YYYY-MM-DD`, required by Affise. */
  dateFrom: string;
  /** `YYYY-MM-DD`, required by Affise; the day is included. */
  dateTo: string;
  ids?: readonly number[];
  /** Status codes: 1 waiting, 2 completed, 3 partly paid, 4 pending, -1 declined (others pass as given). */
  statuses?: readonly number[];
  /** Affiliate ids (`aid[]`). */
  affiliateIds?: readonly number[];
  managerIds?: readonly string[];
  paymentSystems?: readonly string[];
  paymentAccounts?: readonly string[];
  /** Incremental: invoices updated on or after this day (`YYYY-MM-DD`) ... */
  updateFromDate?: string;
  /** ... from this hour of that day (0-23). */
  updateFromHour?: number;
  updateToDate?: string;
  updateToHour?: number;
}

/** Affise's largest page. */
export const MAX_PAGE_SIZE = 100;

/** The widest range the add-on asks for when the user gives no dates: Affise requires both. */
export const ALL_TIME_FROM = '2000-01-01';

/** From ALL_TIME_FROM to tomorrow (UTC): every wall-clock date any network's zone has reached. */
export function allTimeRange(nowMs: number): { dateFrom: string; dateTo: string } {
  return { dateFrom: ALL_TIME_FROM, dateTo: new Date(nowMs + 86_400_000).toISOString().slice(0, 10) };
}

/** Throws a RangeError naming the first wrong parameter; callers check user input before this. */
export function checkQuery(query: AffisePaymentQuery): void {
  checkDate('dateFrom', query.dateFrom);
  checkDate('dateTo', query.dateTo);
  if (query.dateFrom > query.dateTo) throw new RangeError(`dateFrom (${query.dateFrom}) is after dateTo (${query.dateTo}).`);
  if (query.updateFromDate !== undefined) checkDate('updateFromDate', query.updateFromDate);
  if (query.updateToDate !== undefined) checkDate('updateToDate', query.updateToDate);
  for (const name of ['updateFromHour', 'updateToHour'] as const) {
    const hour = query[name];
    if (hour !== undefined && (!Number.isInteger(hour) || hour < 0 || hour > 23)) throw new RangeError(`${name} is an hour 0-23, not ${String(hour)}.`);
  }
  for (const name of ['ids', 'affiliateIds'] as const) {
    for (const id of query[name] ?? []) {
      if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`${name} holds whole numbers, not ${String(id)}.`);
    }
  }
  for (const code of query.statuses ?? []) {
    if (!Number.isSafeInteger(code)) throw new RangeError(`statuses holds whole numbers (status codes), not ${String(code)}.`);
  }
}

function checkDate(name: string, text: string): void {
  if (!isCalendarDate(text)) throw new RangeError(`${name} is a date written YYYY-MM-DD, not ${JSON.stringify(text)}.`);
}

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** `date_from=...&date_to=...&aid[]=2&aid[]=3&page=1&limit=100`: arrays as `name[]=`, the form seen in the wild. */
export function queryString(query: AffisePaymentQuery, page: number, limit: number): string {
  const pairs: Array<[string, string]> = [
    ['date_from', query.dateFrom],
    ['date_to', query.dateTo],
  ];
  const arrays: Array<[string, ReadonlyArray<string | number> | undefined]> = [
    ['id', query.ids],
    ['status', query.statuses],
    ['aid', query.affiliateIds],
    ['manager_id', query.managerIds],
    ['payment_system', query.paymentSystems],
    ['payment_account', query.paymentAccounts],
  ];
  for (const [name, values] of arrays) for (const value of values ?? []) pairs.push([`${name}[]`, String(value)]);
  if (query.updateFromDate !== undefined) pairs.push(['update_from_date', query.updateFromDate]);
  if (query.updateFromHour !== undefined) pairs.push(['update_from_hour', String(query.updateFromHour)]);
  if (query.updateToDate !== undefined) pairs.push(['update_to_date', query.updateToDate]);
  if (query.updateToHour !== undefined) pairs.push(['update_to_hour', String(query.updateToHour)]);
  pairs.push(['page', String(page)], ['limit', String(limit)]);
  return formEncode(pairs);
}

/**
 * `application/x-www-form-urlencoded` (also a query string). Written by hand: Apps Script has no
 * URLSearchParams. Brackets stay readable (`aid[]`), as Affise's own examples write them.
 */
export function formEncode(pairs: ReadonlyArray<readonly [string, string]>): string {
  const encode = (text: string): string => encodeURIComponent(text).replace(/%20/g, '+').replace(/%5B/g, '[').replace(/%5D/g, ']');
  return pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
}
