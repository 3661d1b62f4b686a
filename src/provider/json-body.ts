import { z } from 'zod';

/*
 * Reading providers' JSON bodies: what both providers' schemas share. APIs in the wild send
 * numbers as strings, leave fields out or send null, so the loose readers turn anything unusable
 * into null instead of failing the whole record.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A record's id, the one field it cannot do without: a whole number, or its digits as text; otherwise the record is refused saying why. */
export const wholeIdSchema = z.preprocess(
  (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
  z
    .number({
      error: (issue) =>
        issue.input === undefined || issue.input === null ? 'missing' : `not a number (${JSON.stringify(issue.input).slice(0, 40)})`,
    })
    .int({ error: 'not a whole number' })
    .nonnegative({ error: 'negative' }),
);

const NUMERIC_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A finite number, or a numeric string ("237.43"); anything else (missing, null, "", "n/a") is null. */
export function toNumberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value);
  return null;
}

export function toTextOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** A field read as a number, or null when missing or unusable. */
export const looseNumber = z.unknown().optional().transform(toNumberOrNull);
/** A field read as text, or null when missing or unusable. */
export const looseText = z.unknown().optional().transform(toTextOrNull);

/** `unreadable`: not JSON at all (often a truncated body, worth a retry); `mismatch`: JSON of the wrong shape. */
export interface BodyProblem {
  ok: false;
  problem: 'unreadable' | 'mismatch';
  detail: string;
}

export type BodyReading<T> = { ok: true; value: T } | BodyProblem;

/** Parses a response body as JSON and checks it against `schema`, saying which field failed. */
export function readBody<S extends z.ZodType>(schema: S, body: string): BodyReading<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const trimmed = body.trim();
    return { ok: false, problem: 'unreadable', detail: trimmed === '' ? 'the body was empty' : 'the body was not complete JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const [first, ...others] = result.error.issues;
  const detail = first ? `${formatPath(first.path)}: ${first.message}` : 'unexpected shape';
  return { ok: false, problem: 'mismatch', detail: others.length > 0 ? `${detail} (and ${others.length} more)` : detail };
}

/** `invoices[3].network_affiliate_invoice_id`, or "the body" for the root. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : `${text === '' ? '' : '.'}${String(part)}`;
  }
  return text === '' ? 'the body' : text;
}
