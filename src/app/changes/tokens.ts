import { TOKEN_PATTERN } from './review';

/*
 * What both providers' creations share: a token of the sheet row carried in the new invoice's
 * notes, so the invoice can be found by reading (exactly once, never resent blind), and exact
 * decimal amounts.
 */

/** The text a new invoice's note carries so the created invoice can be found: `[ref:<token>]`. */
export function noteWithToken(note: string, token: string): string {
  const marker = `[ref:${token}]`;
  return note.includes(marker) ? note : note === '' ? marker : `${note} ${marker}`;
}

/** The token in a note, if any. */
export function tokenInNote(note: string | null): string | null {
  return TOKEN_PATTERN.exec(note ?? '')?.[1] ?? null;
}

/** Decimal text ("-15.5") as 10^-8 units, exactly. */
export function decimalUnits(text: string): bigint {
  const match = /^\s*([+-]?)(\d+)(?:\.(\d{1,8}))?\s*$/.exec(text);
  if (!match) throw new RangeError(`${JSON.stringify(text)} is not a decimal amount.`);
  const units = BigInt((match[2] ?? '0') + (match[3] ?? '').padEnd(8, '0'));
  return match[1] === '-' ? -units : units;
}
