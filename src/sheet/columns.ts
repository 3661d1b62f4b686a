import { isUnreadable, type Amount, type AmountTotal } from '../model/money';
import type { WallClock, ZoneRules } from '../ports/time-zone';
import type { CalendarDate } from './calendar-date';
import { dateOnlyToSheetDate, wallClockToSheetDate } from './wall-clock';

/** What a cell holds; '' is a blank cell. */
export type CellValue = string | number | boolean | Date;

/**
 * What a column holds, which decides how it is displayed (reports set number formats by kind;
 * nothing here knows which provider the data came from):
 * - id / integer: whole numbers (an id without thousands separators);
 * - text: plain text, stored as sent;
 * - money: an amount in the currency `ColumnSpec.currency` gives for the row, shown with that
 *   currency's minor units;
 * - wall-clock: a Date that shows a wall clock (date and time);
 * - date: a Date at 00:00 that shows a calendar day;
 * - instant: a Date for a real moment (shown in the spreadsheet's zone).
 */
export type ColumnKind = 'id' | 'integer' | 'text' | 'money' | 'wall-clock' | 'date' | 'instant';

/** What shaping needs besides the records. */
export interface ShapeContext {
  /** The spreadsheet's IANA zone: Sheets shows every Date in it. */
  sheetTimeZone: string;
  zones: ZoneRules;
  /** "Now" for days overdue, read once per call so every row agrees. */
  nowMs: number;
}

export interface ColumnSpec<Row> {
  header: string;
  kind: ColumnKind;
  value: (row: Row, ctx: ShapeContext) => CellValue;
  /** For money columns: the row's currency code, null when unknown. */
  currency?: (row: Row) => string | null;
  /** Why the cell is blank when blank alone would mislead (a total left out): a cell note in reports. */
  note?: (row: Row) => string | null;
}

/**
 * The header row, then one row per record (no records: the header row alone): what a custom
 * function returns. A custom function cannot set notes, so a blank cell with a note holds the
 * note's text instead: a text that no SUM can mistake for a smaller number.
 */
export function shapeTable<Row>(columns: ReadonlyArray<ColumnSpec<Row>>, rows: readonly Row[], ctx: ShapeContext): CellValue[][] {
  return [
    columns.map((column) => column.header),
    ...rows.map((row) =>
      columns.map((column) => {
        const value = column.value(row, ctx);
        return value === BLANK ? (column.note?.(row) ?? BLANK) : value;
      }),
    ),
  ];
}

export const BLANK = '';

/** The value, or a blank cell when the provider sent none. */
export function orBlank(value: string | number | null): CellValue {
  return value ?? BLANK;
}

/** An amount as a number; one that could not be read shows what was sent, so its row says so. */
export function amountCell(amount: Amount): CellValue {
  if (amount === null) return BLANK;
  return isUnreadable(amount) ? `Unreadable amount: ${JSON.stringify(amount.unreadable)}` : amount;
}

export function instantCell(epochMs: number | null): CellValue {
  return epochMs === null ? BLANK : new Date(epochMs);
}

export function wallClockCell(wall: WallClock | null, ctx: ShapeContext): CellValue {
  return wall === null ? BLANK : wallClockToSheetDate(wall, ctx.sheetTimeZone, ctx.zones);
}

export function dateCell(date: CalendarDate | null, ctx: ShapeContext): CellValue {
  return date === null ? BLANK : dateOnlyToSheetDate(date, ctx.sheetTimeZone, ctx.zones);
}

/** Sheets refuses a cell of more than 50,000 characters, and with it the whole write or formula result. */
export const MAX_CELL_CHARS = 50_000;
const CLIPPED_MARK = '… [shortened: Sheets holds at most 50,000 characters in a cell]';

/** Text as a cell can hold it: overlong text (a pasted log in an invoice note) is cut, and says so. */
export function textCell(text: string | null): CellValue {
  if (text === null) return BLANK;
  return text.length <= MAX_CELL_CHARS ? text : text.slice(0, MAX_CELL_CHARS - CLIPPED_MARK.length) + CLIPPED_MARK;
}

/** Whether a cell's text is one `textCell` cut: the text behind it is longer than the cell shows. */
export function isClippedText(text: string): boolean {
  return text.length === MAX_CELL_CHARS && text.endsWith(CLIPPED_MARK);
}

/** A text in pieces a cell can hold, at least one: for state kept over cells (hidden sheets). */
export function cellPieces(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += MAX_CELL_CHARS) pieces.push(text.slice(start, start + MAX_CELL_CHARS));
  return pieces.length > 0 ? pieces : [''];
}

/** Shorthands for the common column kinds, so table files read as a list of headers. */
export function textColumn<Row>(header: string, text: (row: Row) => string | null): ColumnSpec<Row> {
  return { header, kind: 'text', value: (row) => textCell(text(row)) };
}

export function idColumn<Row>(header: string, id: (row: Row) => number | null): ColumnSpec<Row> {
  return { header, kind: 'id', value: (row) => orBlank(id(row)) };
}

export function integerColumn<Row>(header: string, count: (row: Row, ctx: ShapeContext) => number | null): ColumnSpec<Row> {
  return { header, kind: 'integer', value: (row, ctx) => orBlank(count(row, ctx)) };
}

export function moneyColumn<Row>(header: string, amount: (row: Row) => Amount, currency: (row: Row) => string | null): ColumnSpec<Row> {
  return { header, kind: 'money', value: (row) => amountCell(amount(row)), currency };
}

/** What a total adds up, for its note: "lines" lacking "an amount in the invoice currency". */
export interface TotalOf {
  items: string;
  amount: string;
}

/** An exact total, blank with a note saying why when any amount it needs is missing or unreadable. */
export function totalColumn<Row>(header: string, total: (row: Row) => AmountTotal, currency: (row: Row) => string | null, of: TotalOf): ColumnSpec<Row> {
  return {
    header,
    kind: 'money',
    value: (row) => total(row).sum ?? BLANK,
    currency,
    note: (row) => {
      const { lacking, count } = total(row);
      return lacking === 0 ? null : `Left blank rather than short: ${lacking} of ${count} ${of.items} lack ${of.amount}.`;
    },
  };
}

export function instantColumn<Row>(header: string, epochMs: (row: Row) => number | null): ColumnSpec<Row> {
  return { header, kind: 'instant', value: (row) => instantCell(epochMs(row)) };
}

export function wallClockColumn<Row>(header: string, wall: (row: Row) => WallClock | null): ColumnSpec<Row> {
  return { header, kind: 'wall-clock', value: (row, ctx) => wallClockCell(wall(row), ctx) };
}

export function dateColumn<Row>(header: string, date: (row: Row) => CalendarDate | null): ColumnSpec<Row> {
  return { header, kind: 'date', value: (row, ctx) => dateCell(date(row), ctx) };
}
