import { toScaled } from '../../model/money';
import type { WallClock } from '../../ports/time-zone';
import type { RawCorrection, RawCurrency, RawOfferDetail, RawPartner, RawPayment, RawUser } from './schemas';

/*
 * Maps Affise's raw records (already checked by schemas.ts) into Affise's own domain types.
 *
 * Amounts are exact: Affise sends `revenue` as a string with 8 decimals, so every amount is kept
 * as an integer count of 10^-8 units (`AffiseAmount.units`, a decimal string of a BigInt so the
 * record stays JSON for caches) beside its canonical decimal text. Sums are BigInt sums.
 *
 * Times: `posted_date` ("YYYY-MM-DD HH:MM:SS") carries no zone; it is the network's wall clock as
 * Affise shows it, and stays a WallClock (never shifted to UTC). `updated_at` is kept as sent too,
 * since comparing it byte for byte is how a later change tells that an invoice moved.
 */

/** Affise's documented status codes and the words the UI uses. */
export const AFFISE_STATUS_WORDS: Readonly<Record<string, AffiseStatusWord>> = {
  '1': 'waiting',
  '2': 'completed',
  '3': 'partly paid',
  '4': 'pending',
  '-1': 'declined',
};

export type AffiseStatusWord = 'waiting' | 'completed' | 'partly paid' | 'pending' | 'declined';

/** The code Affise takes for each word (`status[]` filters, `POST /3.1/payments/{id}` `status`). */
export const AFFISE_STATUS_CODES: Readonly<Record<AffiseStatusWord, number>> = {
  waiting: 1,
  completed: 2,
  'partly paid': 3,
  pending: 4,
  declined: -1,
};

/** money.ts's scale: Affise sends 8 decimals. */
const SCALE_DIGITS = 8;
const SCALE = BigInt(10) ** BigInt(SCALE_DIGITS);

/** An exact amount: `units` of 10^-8 (BigInt as decimal text) and the same value as plain decimal text. */
export interface AffiseAmount {
  /** e.g. "1234500000000" for 12345. */
  units: string;
  /** Canonical decimal text: "12345", "-15.5", "0.00000001". */
  text: string;
}

export interface AffiseOfferLine {
  offerId: string;
  offerTitle: string | null;
  /** The payout per conversion: the key of `cost`. */
  payout: AffiseAmount | null;
  /** Conversions paid that payout. */
  conversions: number | null;
  /** payout × conversions, exact. */
  amount: AffiseAmount | null;
  currency: string | null;
}

export interface AffiseCorrection {
  id: string;
  posted: WallClock | null;
  postedText: string | null;
  amount: AffiseAmount | null;
  currency: string | null;
  comment: string | null;
}

export interface AffisePayment {
  id: number;
  affiliateId: number | null;
  managerId: string | null;
  /** The status code as sent ("1", "-1", or an undocumented one), null when missing. */
  statusCode: string | null;
  /** The documented word, or the code as sent when Affise has no word for it (shown as it is). */
  status: string | null;
  /** The invoice's creation date: the network's wall clock, no zone. */
  posted: WallClock | null;
  postedText: string | null;
  paymentSystemId: string | null;
  paymentSystem: string | null;
  paymentAccount: string | null;
  /** Affise's numeric currency id, as text. */
  currencyId: string | null;
  /** ISO code (`currency_code`). */
  currency: string | null;
  /** `revenue`. */
  amount: AffiseAmount | null;
  referralAmount: AffiseAmount | null;
  corrections: AffiseCorrection[];
  /** The sum of the corrections in the invoice's currency (corrections in another currency are not added). */
  correctionsTotal: AffiseAmount;
  /** What is payable: `revenue` plus the corrections (null when `revenue` is missing). */
  total: AffiseAmount | null;
  comment: string | null;
  notes: string | null;
  conversionIds: string[];
  referralIds: string[];
  /** `details.count`, else the sum of the lines' counts. */
  conversions: number | null;
  lines: AffiseOfferLine[];
  /** As sent: compare it byte for byte to tell whether the invoice changed. */
  updatedAtRaw: string | null;
  /** `updated_at` as the network's wall clock when it is a date-time text. */
  updated: WallClock | null;
  /** `updated_at` as an instant when Affise sends Unix seconds instead. */
  updatedMs: number | null;
}

export interface AffiseUser {
  id: string | null;
  email: string | null;
  name: string | null;
  roles: string[];
}

export interface AffisePartner {
  id: number;
  /** `name`, else `login`: what the affiliate column shows. */
  name: string | null;
  login: string | null;
  email: string | null;
  status: string | null;
}

export interface AffiseCurrency {
  /** Numeric id as text: what `create-for-affiliate` takes as `currency`. */
  id: string;
  code: string;
  active: boolean | null;
  isDefault: boolean;
}

export function normalizePayment(raw: RawPayment): AffisePayment {
  const currency = raw.currency_code;
  const amount = parseAmount(raw.revenue);
  const corrections = raw.additional_payments.map(({ key, value }) => normalizeCorrection(key, value));
  const correctionUnits = corrections
    .filter((correction) => correction.amount !== null && sameCurrency(correction.currency, currency, raw.currency))
    .reduce((sum, correction) => sum + BigInt(correction.amount?.units ?? '0'), BigInt(0));
  const lines = raw.details.details.flatMap(({ key, value }) => normalizeOfferLines(key, value));
  const lineCount = lines.reduce<number | null>((sum, line) => (line.conversions === null ? sum : (sum ?? 0) + line.conversions), null);
  const statusCode = raw.status === null ? null : raw.status.trim();
  const updated = raw.updated_at;
  return {
    id: raw.id,
    affiliateId: raw.pid,
    managerId: raw.manager_id,
    statusCode,
    status: statusCode === null ? null : (AFFISE_STATUS_WORDS[statusCode] ?? statusCode),
    posted: parseWallClock(raw.posted_date),
    postedText: raw.posted_date,
    paymentSystemId: raw.pay_sys,
    paymentSystem: raw.pay_sys_name,
    paymentAccount: raw.pay_acc,
    currencyId: raw.currency,
    currency,
    amount,
    referralAmount: parseAmount(raw.ref_revenue),
    corrections,
    correctionsTotal: amountOfUnits(correctionUnits),
    total: amount === null ? null : amountOfUnits(BigInt(amount.units) + correctionUnits),
    comment: raw.comment,
    notes: raw.notes,
    conversionIds: raw.cpa_actions,
    referralIds: raw.ref_ids,
    conversions: raw.details.count ?? lineCount,
    lines,
    updatedAtRaw: updated === null ? null : String(updated),
    updated: typeof updated === 'string' ? parseWallClock(updated) : null,
    updatedMs: typeof updated === 'number' && updated > 0 ? Math.round(updated * 1000) : null,
  };
}

/** A correction's `currency` may be the ISO code or the numeric id; missing means the invoice's. */
function sameCurrency(correctionCurrency: string | null, code: string | null, id: string | null): boolean {
  if (correctionCurrency === null || correctionCurrency.trim() === '') return true;
  const value = correctionCurrency.trim().toUpperCase();
  return value === code?.trim().toUpperCase() || value === id?.trim();
}

function normalizeCorrection(key: string, raw: RawCorrection): AffiseCorrection {
  return {
    id: raw.id ?? key,
    posted: parseWallClock(raw.posted_date),
    postedText: raw.posted_date,
    amount: parseAmount(raw.revenue),
    currency: raw.currency,
    comment: raw.comment,
  };
}

/** One line per cost of the offer; an offer without costs is still one line (its title, no amounts). */
function normalizeOfferLines(offerId: string, raw: RawOfferDetail): AffiseOfferLine[] {
  if (raw.cost.length === 0) return [{ offerId, offerTitle: raw.title, payout: null, conversions: null, amount: null, currency: null }];
  return raw.cost.map(({ key, value }) => {
    const payout = parseAmount(key);
    const count = value.count;
    const wholeCount = count !== null && Number.isSafeInteger(count) ? count : null;
    return {
      offerId,
      offerTitle: raw.title,
      payout,
      conversions: count,
      amount: payout !== null && wholeCount !== null ? amountOfUnits(BigInt(payout.units) * BigInt(wholeCount)) : null,
      currency: value.currency,
    };
  });
}

export function normalizeUser(raw: RawUser): AffiseUser {
  const fullName = [raw.first_name, raw.last_name].filter((part): part is string => part !== null && part.trim() !== '').join(' ');
  return { id: raw.id, email: raw.email, name: raw.name ?? (fullName === '' ? null : fullName), roles: raw.roles };
}

export function normalizePartner(raw: RawPartner): AffisePartner {
  const name = raw.name !== null && raw.name.trim() !== '' ? raw.name : raw.login;
  return { id: raw.id, name, login: raw.login, email: raw.email, status: raw.status };
}

/** Entries without a code or an id are dropped. */
export function normalizeCurrency(raw: RawCurrency, key: string): AffiseCurrency | null {
  const id = raw._id ?? raw.id ?? (/^\d+$/.test(key) ? key : null);
  const code = raw.code?.trim().toUpperCase() ?? null;
  if (id === null || code === null || code === '') return null;
  return { id, code, active: raw.active, isDefault: raw.default };
}

/** Decimal text (or null) as an exact amount (money.ts's scale); more than 8 decimals round half away from zero at the 8th. */
export function parseAmount(text: string | null): AffiseAmount | null {
  if (text === null) return null;
  try {
    return amountOfUnits(toScaled(text));
  } catch {
    return null;
  }
}

export function amountOfUnits(units: bigint): AffiseAmount {
  return { units: units.toString(), text: unitsToText(units) };
}

/** The exact sum of amounts (nulls skipped). */
export function sumAffiseAmounts(amounts: ReadonlyArray<AffiseAmount | null>): AffiseAmount {
  return amountOfUnits(amounts.reduce((sum, amount) => (amount === null ? sum : sum + BigInt(amount.units)), BigInt(0)));
}

/**
 * The amount in a currency's minor units (cents for 2 decimals, mils for 3, whole yen for 0),
 * rounded half away from zero: what a sheet reconciles in.
 */
export function amountInMinorUnits(amount: AffiseAmount, decimals: number): bigint {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > SCALE_DIGITS) throw new RangeError(`decimals must be 0-${SCALE_DIGITS}, not ${decimals}`);
  const divisor = BigInt(10) ** BigInt(SCALE_DIGITS - decimals);
  const units = BigInt(amount.units);
  const negative = units < BigInt(0);
  const magnitude = negative ? -units : units;
  const rounded = (magnitude + divisor / BigInt(2)) / divisor;
  return negative ? -rounded : rounded;
}

function unitsToText(units: bigint): string {
  const negative = units < BigInt(0);
  const magnitude = negative ? -units : units;
  const whole = (magnitude / SCALE).toString();
  const fraction = (magnitude % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Affise's "YYYY-MM-DD HH:MM:SS" (no zone) as the wall clock it names. A date alone is midnight.
 * A `T` separator or a trailing zone designator is tolerated and the digits are kept: Affise shows
 * these times in the network's zone, and so does the sheet. Impossible dates ("0000-00-00") are null.
 */
export function parseWallClock(text: string | null): WallClock | null {
  const match = text === null ? null : DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const wall: WallClock = { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second) };
  const daysInMonth = new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate();
  const valid =
    wall.year >= 1 && wall.month >= 1 && wall.month <= 12 && wall.day >= 1 && wall.day <= daysInMonth && wall.hour <= 23 && wall.minute <= 59 && wall.second <= 59;
  return valid ? wall : null;
}
