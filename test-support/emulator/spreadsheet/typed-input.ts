/**
 * How Sheets reads a string written with setValue(s) - exactly as if a user typed it into the cell.
 * This is what makes writing API data into a sheet dangerous (formula injection), so the emulator
 * implements it on purpose. In order:
 *
 * | input (en-US locale)                         | becomes                                                         |
 * |----------------------------------------------|-----------------------------------------------------------------|
 * | any string, cell formatted as plain text "@" | that string, verbatim (apostrophe, "=", tabs and all)           |
 * | ""                                           | an empty cell                                                   |
 * | leading tab, CR, LF or NUL characters        | stripped, then the rest is read by the rules below              |
 * | "'" + rest                                   | the text `rest` (the apostrophe is not part of the value)       |
 * | "=" + rest                                   | a formula (unknown functions show #NAME?, bad syntax #ERROR!)   |
 * | "+"/"-" + a number ("-5", "+1e3", "-$2")     | that number                                                     |
 * | "+"/"-" + anything else ("- item", "+1 555") | the formula "=" + input: usually #ERROR! (parse error) or #NAME?|
 * | a lone "+" or "-"                            | that text                                                       |
 * | "@" + rest                                   | the formula "=" + input ("@" read as Excel's implicit intersection, a no-op), so "@SUM(1,2)" is 3 |
 * | "#N/A", "#REF!", ... (any error code)        | that error                                                      |
 * | "TRUE" / "FALSE", any case, spaces around    | a boolean                                                       |
 * | a number, spaces around: "00123", "12.50",   | a number; the cell's format, if General, becomes "0%"/"0.00%"   |
 * | "1e3", "1,234.5", "$12", "12%"               | for %, "\"$\"#,##0.00" for $, "#,##0(.00)" for thousands, "0.00E+00" for an exponent |
 * | "2024-10-01", "2024/10/01", "10/1/2024",     | a date (serial in the spreadsheet's zone) when it is a real day; |
 * | "10/1/24", each optionally + " 13:45[:30]"   | a General cell gets "yyyy-mm-dd", "yyyy/mm/dd" or "M/d/yyyy"    |
 * | or + " 1:45[:30] PM"                         | (+ " H:mm:ss" with a time); two-digit years 00-29 are 20xx      |
 * | "13:45", "13:45:30", "1:45 PM"               | a time of day (a serial below 1), format "H:mm(:ss)" or "h:mm(:ss) AM/PM" |
 * | anything else                                | the text as typed                                               |
 *
 * Not recognised (stay text): month names ("Oct 1, 2024"), ISO strings with "T" or a zone
 * ("2024-10-01T00:00:00Z"), accounting negatives "(12)", other locales' separators.
 */
import { ERROR_CODES, sheetDate, sheetError, type CellValue, type ErrorCode } from './cell-value';
import { isGeneralFormat, isPlainTextFormat } from './number-format';
import { serialOfWallMs } from './zone';

export type TypedEntry =
  | { kind: 'formula'; text: string }
  /** `format` is the number format Sheets gives a General cell for this input. */
  | { kind: 'value'; value: CellValue; format?: string };

const LEADING_CONTROL = /^[\t\r\n\0]+/;
const NUMBER = /^([+-])?(\$)?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)([eE][+-]?\d+)?(%)?$/;
const ISO_DATE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:\s+(.+))?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?:\s+(.+))?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?$/;

export function parseTypedInput(input: string, cellFormat: string): TypedEntry {
  if (isPlainTextFormat(cellFormat)) return { kind: 'value', value: input };
  const typed = input.replace(LEADING_CONTROL, '');
  if (typed === '') return { kind: 'value', value: '' };
  const first = typed[0];
  if (first === "'") return { kind: 'value', value: typed.slice(1) };
  if (first === '=') return { kind: 'formula', text: typed };
  const trimmed = typed.trim();
  const number = parseNumber(trimmed);
  if (number) return withFormat(number.value, number.format, cellFormat);
  if (first === '+' || first === '-') return typed.length === 1 ? { kind: 'value', value: typed } : { kind: 'formula', text: '=' + typed };
  if (first === '@') return { kind: 'formula', text: '=' + typed };
  const upper = trimmed.toUpperCase();
  if ((ERROR_CODES as readonly string[]).includes(upper)) return { kind: 'value', value: sheetError(upper as ErrorCode, '') };
  if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'value', value: upper === 'TRUE' };
  const date = parseDateTime(trimmed);
  if (date) return withFormat(sheetDate(date.serial), date.format, cellFormat);
  return { kind: 'value', value: typed };
}

function withFormat(value: CellValue, format: string | undefined, cellFormat: string): TypedEntry {
  return format !== undefined && isGeneralFormat(cellFormat) ? { kind: 'value', value, format } : { kind: 'value', value };
}

function parseNumber(text: string): { value: number; format?: string } | null {
  const match = NUMBER.exec(text);
  if (!match) return null;
  const [, sign, dollar, digits = '', exponent, percent] = match;
  const magnitude = Number(digits.replace(/,/g, '') + (exponent ?? ''));
  const value = (sign === '-' ? -magnitude : magnitude) / (percent ? 100 : 1);
  const hasDecimals = /\.\d/.test(digits);
  let format: string | undefined;
  if (percent) format = hasDecimals ? '0.00%' : '0%';
  else if (dollar) format = '"$"#,##0.00';
  else if (exponent) format = '0.00E+00';
  else if (digits.includes(',')) format = hasDecimals ? '#,##0.00' : '#,##0';
  return format === undefined ? { value } : { value, format };
}

function parseDateTime(text: string): { serial: number; format: string } | null {
  const iso = ISO_DATE.exec(text);
  const us = iso ? null : US_DATE.exec(text);
  if (iso || us) {
    const [year, month, day, timeText, dateFormat] = iso
      ? [Number(iso[1]), Number(iso[3]), Number(iso[4]), iso[5], iso[2] === '-' ? 'yyyy-mm-dd' : 'yyyy/mm/dd']
      : [twoDigitYear(us?.[3] as string), Number(us?.[1]), Number(us?.[2]), us?.[4], 'M/d/yyyy'];
    const dayMs = Date.UTC(year, month - 1, day);
    const check = new Date(dayMs);
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
    if (timeText === undefined) return { serial: serialOfWallMs(dayMs), format: dateFormat };
    const time = parseTime(timeText);
    return time ? { serial: serialOfWallMs(dayMs + time.ms), format: `${dateFormat} ${time.format}` } : null;
  }
  const time = parseTime(text);
  return time ? { serial: serialOfWallMs(Date.UTC(1899, 11, 30) + time.ms), format: time.format } : null;
}

function twoDigitYear(text: string): number {
  if (text.length === 4) return Number(text);
  const year = Number(text);
  return year < 30 ? 2000 + year : 1900 + year;
}

function parseTime(text: string): { ms: number; format: string } | null {
  const match = TIME.exec(text);
  if (!match) return null;
  const [, hourText, minuteText, secondText, meridiem] = match;
  let hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText ?? 0);
  if (minute > 59 || second > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
  } else if (hour > 23) return null;
  const base = meridiem ? 'h:mm' : 'H:mm';
  const format = base + (secondText === undefined ? '' : ':ss') + (meridiem ? ' AM/PM' : '');
  return { ms: ((hour * 60 + minute) * 60 + second) * 1000, format };
}
