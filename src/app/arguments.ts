import { z } from 'zod';
import type { EverflowInvoiceFilters } from '../model/invoice';
import type { ZoneRules } from '../ports/time-zone';
import { calendarDateOf, formatIsoDate, parseIsoDate } from '../sheet/calendar-date';

/**
 * Parsing what a user types into the custom functions' arguments.
 *
 * Sheets passes each argument as a string, number, boolean or Date (a Date from another realm in
 * the emulator's vm, hence no `instanceof`), '' for an empty cell, undefined when the argument is
 * left out, and a 2D array for a range. Every rejection is an `ArgumentError` whose message is
 * what the user reads in the cell: the argument, the value as typed and the accepted forms.
 */
export class ArgumentError extends Error {
  override readonly name = 'ArgumentError';

  constructor(
    /** The argument at fault, or the function's name for a wrong number of arguments. */
    readonly argument: string,
    message: string,
  ) {
    super(message);
  }
}

/** What reading a date cell needs: the spreadsheet's zone decides which day a Date is. */
export interface DateArgumentContext {
  sheetTimeZone: string;
  zones: ZoneRules;
}

export type LineTypeFilter = 'referral' | 'offer_detail' | 'vat' | 'adjustment';

/** Above this many distinct ids one call would outlast a custom function's 30 seconds. */
export const MAX_INVOICE_IDS = 500;

/** One argument's name and how to tell the user what it takes. */
interface ArgumentRule {
  argument: string;
  /** "a status": completes "<value> is not ...". */
  what: string;
  /** Completes "Use ...". */
  forms: string;
}

const STATUS_RULE: ArgumentRule = { argument: 'status', what: 'a status', forms: '"paid", "unpaid", "deleted" (network keys only) or leave it empty' };
const LINE_TYPE_RULE: ArgumentRule = {
  argument: 'type',
  what: 'a line type',
  forms: '"referral", "offer_detail", "vat", "adjustment" or leave it empty',
};
const DATE_FORMS = 'a date cell, text like "2024-10-01" (YYYY-MM-DD) or leave it empty';
/** A saved report's filters are text: no date cell there. */
const SAVED_DATE_FORMS = 'a date as YYYY-MM-DD, e.g. "2024-10-01", or leave it empty';
const AMOUNT_FORMS = 'a number such as 100 or 99.5 (no thousands separators or currency signs), or leave it empty';
const INVOICE_ID_RULE: ArgumentRule = { argument: 'invoice_id', what: 'an invoice ID', forms: 'a whole number above 0 such as 12345' };
const INVOICE_IDS_RULE: ArgumentRule = {
  argument: 'invoice_ids',
  what: 'an invoice ID',
  forms: 'whole numbers above 0 such as 12345, a list such as "12345, 12346" or a range of cells holding IDs',
};
/** Everflow's search takes one term; longer text is a pasted cell, not a search. */
export const MAX_SEARCH_CHARS = 200;

const StatusSchema = z.enum(['paid', 'unpaid', 'deleted']);
const LineTypeSchema = z.enum(['referral', 'offer_detail', 'vat', 'adjustment']);
const InvoiceIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const DIGITS = /^\d+$/;
const ID_LIST_SEPARATORS = /[\s,;]+/;
/** Column titles a range of ids may include (compared lower-case, "_" as a space). */
const ID_HEADERS = new Set(['invoice id', 'invoice ids', 'invoice', 'invoices', 'id', 'ids', 'invoice number', 'invoice no', 'invoice #', 'network affiliate invoice id']);
/** Longest piece of a typed value quoted back in a message. */
const MAX_QUOTED_CHARS = 40;

/** One argument value with its kind told apart; text is trimmed and never empty. */
type SheetValue =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; epochMs: number }
  | { kind: 'range'; rows: number; columns: number }
  | { kind: 'other'; type: string };

/** Throws when more arguments were passed than the function declares. */
export function expectArgumentCount(functionName: string, args: ArrayLike<unknown>, parameterNames: readonly string[]): void {
  if (args.length <= parameterNames.length) return;
  const takes =
    parameterNames.length === 0
      ? 'takes no arguments'
      : `takes at most ${parameterNames.length} argument${parameterNames.length === 1 ? '' : 's'} (${parameterNames.join(', ')})`;
  throw new ArgumentError(functionName, `${functionName} ${takes}; it got ${args.length}. Remove the extra ones.`);
}

/** `paid`, `unpaid` (any case, spaces around ignored) or null when empty. */
export function parseStatus(value: unknown): EverflowInvoiceFilters['status'] {
  const input = singleValue(STATUS_RULE, value);
  if (input.kind === 'empty') return null;
  const status = StatusSchema.safeParse(input.kind === 'text' ? input.text.toLowerCase() : undefined);
  if (!status.success) reject(STATUS_RULE, input);
  return status.data;
}

const ACCOUNT_RULE: ArgumentRule = {
  argument: 'account',
  what: 'an account name',
  forms: 'the name of a connection as the sidebar\'s Connection panel lists it, such as "EU network", or leave it empty',
};

/** The name of a connection as typed (matched without regard to case later), or null when empty. */
export function parseAccountArgument(value: unknown): string | null {
  const input = singleValue(ACCOUNT_RULE, value);
  if (input.kind === 'empty') return null;
  if (input.kind === 'text') return input.text;
  // A sheet may hold a name like "2024" as a number.
  if (input.kind === 'number' && Number.isSafeInteger(input.value) && input.value >= 0) return String(input.value);
  return reject(ACCOUNT_RULE, input);
}

/** Affise's status words, as its UI writes them. */
export const AFFISE_STATUS_CHOICES = ['waiting', 'completed', 'partly paid', 'pending', 'declined'] as const;
export type AffiseStatusFilter = (typeof AFFISE_STATUS_CHOICES)[number];

const AFFISE_STATUS_RULE: ArgumentRule = {
  argument: 'status',
  what: 'an Affise status',
  forms: '"waiting", "completed", "partly paid", "pending" or "declined" (any case; several separated by commas, such as "waiting, pending"), or leave it empty for all',
};

/** Affise status words (any case, "partly_paid" too), one or several separated by commas; null when empty. */
export function parseAffiseStatuses(value: unknown): AffiseStatusFilter[] | null {
  const input = singleValue(AFFISE_STATUS_RULE, value);
  if (input.kind === 'empty') return null;
  if (input.kind !== 'text') return reject(AFFISE_STATUS_RULE, input);
  const words = input.text.split(',').map((word) => word.trim()).filter((word) => word !== '');
  const statuses = new Set<AffiseStatusFilter>();
  for (const word of words) {
    const normal = word.toLowerCase().replace(/[\s_-]+/g, ' ');
    const status = AFFISE_STATUS_CHOICES.find((choice) => choice === normal);
    if (status === undefined) {
      const within = words.length > 1 ? ` (in ${quote(input.text)})` : '';
      return reject(AFFISE_STATUS_RULE, { kind: 'text', text: word }, `${within} is not an Affise status`.trimStart());
    }
    statuses.add(status);
  }
  return statuses.size === 0 ? null : [...statuses];
}

/** A line type (any case; "offer detail" and "offer-detail" too) or null when empty. */
export function parseLineType(value: unknown): LineTypeFilter | null {
  const input = singleValue(LINE_TYPE_RULE, value);
  if (input.kind === 'empty') return null;
  const normalised = input.kind === 'text' ? input.text.toLowerCase().replace(/[\s-]+/g, '_') : undefined;
  const lineType = LineTypeSchema.safeParse(normalised);
  if (!lineType.success) reject(LINE_TYPE_RULE, input);
  return lineType.data;
}

/**
 * A filter date as "YYYY-MM-DD", or null when empty.
 *
 * - A date cell arrives as a Date: its calendar day in the spreadsheet's zone is the day the
 *   user sees in the cell.
 * - Text must be exactly YYYY-MM-DD and a real day: "1/2/2024" means January or February
 *   depending on the locale, so it is refused rather than guessed.
 * - A plain number is refused too. A date cell never arrives as one; a number is a year (2024),
 *   a typo, or a serial from DATEVALUE, and reading 2024 as day 2024 after 1899-12-30 would
 *   silently filter on 1905-07-16.
 */
export function parseDateArgument(argument: string, value: unknown, ctx: DateArgumentContext | null): string | null {
  const rule: ArgumentRule = { argument, what: 'a date', forms: ctx === null ? SAVED_DATE_FORMS : DATE_FORMS };
  const input = singleValue(rule, value);
  switch (input.kind) {
    case 'empty':
      return null;
    case 'date':
      // A saved report's JSON (no context) holds text; only a cell passes a Date.
      if (Number.isNaN(input.epochMs) || ctx === null) return reject(rule, input);
      return formatIsoDate(calendarDateOf(ctx.zones.wallClockAt(input.epochMs, ctx.sheetTimeZone)));
    case 'text': {
      const date = parseIsoDate(input.text);
      if (date === null) return reject(rule, input);
      return formatIsoDate(date);
    }
    case 'number':
      return reject(rule, input, 'is a number, not a date');
    default:
      return reject(rule, input);
  }
}

/** A balance bound: a finite number or plain decimal text ("-12.5" allowed), null when empty. */
export function parseAmountArgument(argument: string, value: unknown): number | null {
  const rule: ArgumentRule = { argument, what: 'an amount', forms: AMOUNT_FORMS };
  const input = singleValue(rule, value);
  if (input.kind === 'empty') return null;
  if (input.kind === 'number' && Number.isFinite(input.value)) return input.value;
  if (input.kind === 'text' && DECIMAL_TEXT.test(input.text)) return Number(input.text);
  return reject(rule, input);
}

/** One invoice id: a whole number above 0, as a number or as text. */
export function parseInvoiceId(value: unknown): number {
  const input = singleValue(INVOICE_ID_RULE, value);
  if (input.kind === 'empty') {
    throw new ArgumentError(INVOICE_ID_RULE.argument, `invoice_id: an invoice ID is needed. Use ${INVOICE_ID_RULE.forms}.`);
  }
  return invoiceIdOf(input) ?? reject(INVOICE_ID_RULE, input);
}

/** What a list of ids is called and how its messages read. */
interface IdListRule extends ArgumentRule {
  /** A header a range may start with, for the message: "Invoice ID". */
  header: string;
  /** Column titles a range of these ids may include (compared lower-case, "_" as a space). */
  headers: ReadonlySet<string>;
}

const INVOICE_ID_LIST: IdListRule = { ...INVOICE_IDS_RULE, header: 'Invoice ID', headers: ID_HEADERS };
const AFFILIATE_ID_LIST: IdListRule = {
  argument: 'affiliate_ids',
  what: 'an affiliate ID',
  forms: 'whole numbers above 0 such as 123, a list such as "123, 456" or a range of cells holding IDs, or leave it empty for every affiliate',
  header: 'Affiliate ID',
  headers: new Set(['affiliate id', 'affiliate ids', 'network affiliate id', 'affiliate', 'affiliates', 'partner id', 'partner', 'aid', 'pid', 'id', 'ids']),
};

/**
 * Invoice ids from one id, a list in text ("1, 2; 3 4") or a range. In a range, blank cells and
 * header cells ("Invoice ID") are skipped and a bad cell is named by its place in the range.
 * Duplicates are dropped, first occurrence kept.
 */
export function parseInvoiceIds(value: unknown): number[] {
  const ids = idsOf(INVOICE_ID_LIST, value);
  if (ids.length === 0) {
    throw new ArgumentError(INVOICE_ID_LIST.argument, `invoice_ids: at least one invoice ID is needed. Use ${INVOICE_ID_LIST.forms}.`);
  }
  if (ids.length > MAX_INVOICE_IDS) {
    throw new ArgumentError(
      INVOICE_ID_LIST.argument,
      `invoice_ids: ${ids.length} different invoice IDs given; one call takes at most ${MAX_INVOICE_IDS}. Split them over several formulas.`,
    );
  }
  return ids;
}

/** Above this many affiliates the query string of one list request grows past what servers take. */
export const MAX_AFFILIATE_IDS = 200;

/** Affiliate (partner) ids written like invoice_ids, for Everflow network keys and Affise alike; null when empty (every affiliate). Sorted, so one set of ids reads and caches the same in any order. */
export function parseAffiliateIds(value: unknown): number[] | null {
  const ids = idsOf(AFFILIATE_ID_LIST, value);
  if (ids.length === 0) return null;
  if (ids.length > MAX_AFFILIATE_IDS) {
    throw new ArgumentError(
      AFFILIATE_ID_LIST.argument,
      `affiliate_ids: ${ids.length} different affiliate IDs given; one call takes at most ${MAX_AFFILIATE_IDS}. Leave it empty for every affiliate, or split them over several formulas.`,
    );
  }
  return ids.sort((a, b) => a - b);
}

function idsOf(rule: IdListRule, value: unknown): number[] {
  const ids = new Set<number>();
  const cells = Array.isArray(value) ? rangeCells(value) : [{ value, place: '' }];
  for (const cell of cells) {
    const input = classify(cell.value);
    if (input.kind === 'empty' || (input.kind === 'text' && cell.place !== '' && rule.headers.has(input.text.toLowerCase().replace(/[_\s]+/g, ' ')))) continue;
    for (const id of idsInCell(rule, input, cell.place)) ids.add(id);
  }
  return [...ids];
}

/** Everflow's search text (invoice id, partner id or name), trimmed; null when empty. A number is searched as its digits. */
export function parseSearch(value: unknown): string | null {
  const rule: ArgumentRule = { argument: 'search', what: 'search text', forms: `text of at most ${MAX_SEARCH_CHARS} characters such as "Acme" or 12345, or leave it empty` };
  const input = singleValue(rule, value);
  if (input.kind === 'empty') return null;
  if (input.kind === 'number' && Number.isSafeInteger(input.value) && input.value >= 0) return String(input.value);
  if (input.kind !== 'text') reject(rule, input);
  const text = input.text.trim();
  if (text === '') return null;
  if (text.length > MAX_SEARCH_CHARS) reject(rule, input, `is ${text.length} characters long`);
  return text;
}

/** The ids one value holds: a number, or text split on commas, semicolons and spaces. */
function idsInCell(rule: IdListRule, input: SheetValue, place: string): number[] {
  const where = place === '' ? '' : ` in ${place} of the range`;
  if (input.kind !== 'text') return [invoiceIdOf(input) ?? rejectId(rule, input, where)];
  const tokens = input.text.split(ID_LIST_SEPARATORS).filter((token) => token !== '');
  return tokens.map((token) => {
    const id = invoiceIdOf({ kind: 'text', text: token });
    if (id !== null) return id;
    const within = tokens.length > 1 ? ` (in ${quote(input.text)})` : '';
    return rejectId(rule, { kind: 'text', text: token }, `${within}${where}`);
  });
}

function rejectId(rule: IdListRule, input: SheetValue, where: string): never {
  throw new ArgumentError(
    rule.argument,
    `${rule.argument}: ${describe(input)}${where} is not ${rule.what}. Use ${rule.forms}; blank cells and a header such as "${rule.header}" are skipped.`,
  );
}

function invoiceIdOf(input: SheetValue): number | null {
  const candidate = input.kind === 'number' ? input.value : input.kind === 'text' && DIGITS.test(input.text) ? Number(input.text) : null;
  const id = InvoiceIdSchema.safeParse(candidate);
  return id.success ? id.data : null;
}

/** A range's cells row by row, each with its 1-based place for messages. */
function rangeCells(range: unknown[]): Array<{ value: unknown; place: string }> {
  return range.flatMap((row, rowIndex) =>
    (Array.isArray(row) ? row : [row]).map((value: unknown, columnIndex) => ({
      value,
      place: `row ${rowIndex + 1}, column ${columnIndex + 1}`,
    })),
  );
}

/** The argument as one value; a one-cell range is that cell, a bigger range is refused. */
function singleValue(rule: ArgumentRule, value: unknown): SheetValue {
  const input = classify(value);
  if (input.kind !== 'range') return input;
  if (input.rows * input.columns === 0) return { kind: 'empty' };
  if (input.rows === 1 && input.columns === 1) {
    const [row] = value as unknown[];
    return classify(Array.isArray(row) ? row[0] : row);
  }
  return reject(rule, input, 'is not a single value');
}

function classify(value: unknown): SheetValue {
  if (value === undefined || value === null) return { kind: 'empty' };
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? { kind: 'empty' } : { kind: 'text', text };
  }
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (Object.prototype.toString.call(value) === '[object Date]') {
    return { kind: 'date', epochMs: Date.prototype.getTime.call(value) };
  }
  if (Array.isArray(value)) {
    const columns = Math.max(0, ...value.map((row: unknown) => (Array.isArray(row) ? row.length : 1)));
    return { kind: 'range', rows: value.length, columns };
  }
  return { kind: 'other', type: typeof value };
}

function reject(rule: ArgumentRule, input: SheetValue, problem = `is not ${rule.what}`): never {
  throw new ArgumentError(rule.argument, `${rule.argument}: ${describe(input)} ${problem}. Use ${rule.forms}.`);
}

/** The value the way the user typed or sees it. */
function describe(input: SheetValue): string {
  switch (input.kind) {
    case 'empty':
      return 'an empty value';
    case 'text':
      return quote(input.text);
    case 'number':
      return String(input.value);
    case 'boolean':
      return input.value ? 'TRUE' : 'FALSE';
    case 'date':
      return Number.isNaN(input.epochMs) ? 'an invalid date' : 'a date';
    case 'range':
      return `a range of ${input.rows} row${input.rows === 1 ? '' : 's'} and ${input.columns} column${input.columns === 1 ? '' : 's'}`;
    case 'other':
      return `a value of type ${input.type}`;
  }
}

function quote(text: string): string {
  const shown = text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
  return JSON.stringify(shown);
}
