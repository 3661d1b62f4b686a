/**
 * Exact decimal arithmetic for amounts. Binary floating point adds 0.1 + 0.2 to 0.30000000000000004;
 * summing thousands of line items that way drifts off the cent. Amounts are scaled to integers of
 * 10^-8 (Affise sends 8 decimals) in BigInt, summed, and turned back into the nearest number.
 */
const SCALE_DIGITS = 8;
const SCALE = BigInt(10) ** BigInt(SCALE_DIGITS);

/** Parses a finite number (or decimal string) into scaled units; throws on anything else. */
export function toScaled(amount: number | string): bigint {
  const text = typeof amount === 'number' ? numberToPlainDecimal(amount) : amount.trim();
  const match = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new RangeError(`not a decimal amount: ${JSON.stringify(amount)}`);
  }
  const [, sign, whole = '', fraction = ''] = match;
  const digits = (fraction + '0'.repeat(SCALE_DIGITS)).slice(0, SCALE_DIGITS);
  const roundUp = fraction.length > SCALE_DIGITS && Number(fraction[SCALE_DIGITS]) >= 5;
  const magnitude = BigInt(whole || '0') * SCALE + BigInt(digits) + (roundUp ? BigInt(1) : BigInt(0));
  return sign === '-' ? -magnitude : magnitude;
}

export function fromScaled(scaled: bigint): number {
  const negative = scaled < BigInt(0);
  const magnitude = negative ? -scaled : scaled;
  const whole = magnitude / SCALE;
  const fraction = (magnitude % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  const text = `${negative ? '-' : ''}${whole.toString()}${fraction ? '.' + fraction : ''}`;
  return Number(text);
}

/** A value the provider sent for an amount that is no amount ("12,50", "n/a", 1e21): its text, to show. */
export interface UnreadableAmount {
  readonly unreadable: string;
}

/** An amount as the provider sent it: a number, null when it sent none, or what it sent when that cannot be read. */
export type Amount = number | UnreadableAmount | null;

/** From here on JavaScript writes a number in exponent form and its digits are no longer the ones sent: no invoice is that large. */
const MAX_AMOUNT = 1e21;
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const SHOWN_CHARS = 40;

/**
 * Reads an amount from outside: a finite number or decimal text ("237.43", "1e2") under 1e21 is
 * an amount; nothing (missing, null, blank text) is null; anything else is unreadable and keeps
 * its text, so the row can say what came instead of the whole call failing.
 */
export function readAmount(value: unknown): Amount {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  const number = typeof value === 'number' ? value : typeof value === 'string' && DECIMAL_TEXT.test(value.trim()) ? Number(value) : NaN;
  if (Number.isFinite(number) && Math.abs(number) < MAX_AMOUNT) return number;
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return { unreadable: text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text };
}

export function isUnreadable(amount: Amount): amount is UnreadableAmount {
  return typeof amount === 'object' && amount !== null;
}

/**
 * An exact total. `sum` is null when any amount is missing or unreadable: a total that leaves
 * some out would be a smaller number that looks right.
 */
export interface AmountTotal {
  sum: number | null;
  count: number;
  /** Amounts that were null or unreadable. */
  lacking: number;
}

/** The exact sum of the amounts (BigInt, scaled 10^-8), or none when any of them is lacking. */
export function totalOf(amounts: readonly Amount[]): AmountTotal {
  let total = BigInt(0);
  let lacking = 0;
  for (const amount of amounts) {
    if (typeof amount === 'number') total += toScaled(amount);
    else lacking += 1;
  }
  return { sum: lacking > 0 ? null : fromScaled(total), count: amounts.length, lacking };
}

/** Digits after the decimal point of an amount as written (1.5 -> 1, 1e-7 -> 7, 12 -> 0). */
export function decimalPlacesOf(amount: number): number {
  const fraction = numberToPlainDecimal(amount).split('.')[1] ?? '';
  return fraction.length;
}

/** Writes a number without exponent notation (1e-7 -> "0.0000001"). */
function numberToPlainDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}
