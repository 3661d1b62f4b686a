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

/** The exact sum of the amounts, nulls skipped, as the nearest number. */
export function sumAmounts(amounts: ReadonlyArray<number | null>): number {
  let total = BigInt(0);
  for (const amount of amounts) {
    if (amount !== null) total += toScaled(amount);
  }
  return fromScaled(total);
}

/** Writes a number without exponent notation (1e-7 -> "0.0000001"). */
function numberToPlainDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}
