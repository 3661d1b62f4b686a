import type { CellValue } from './columns';

/**
 * Writing API text into a sheet without it turning into something else.
 *
 * `Range.setValues` parses every string as if a user had typed it. A string from an API (an
 * invoice note, an offer name) that starts with "=", "+", "-" or "@" becomes a formula: that is
 * formula injection (OWASP ASVS 1.2.10, "CSV/formula injection"), and such a formula could call
 * IMPORTXML/HYPERLINK to leak the sheet's data. Tab, CR, LF and NUL at the start are mangled or
 * stripped. Other strings are silently coerced: "00123" loses its zeros, "1e5" becomes 100000,
 * "2024-10-01" a date, "TRUE" a boolean.
 *
 * A leading apostrophe makes Sheets store the rest as plain text and is itself never shown nor
 * kept in the value, so adding one to a string Sheets would have left alone changes nothing: the
 * coercion test below can err on the wide side safely. A string that already starts with an
 * apostrophe needs one more, or Sheets would eat the original.
 *
 * Custom-function results need none of this: Sheets never parses returned values, so the tables
 * go out of custom functions as they are and only what goes to setValues passes `toSafeCell`.
 */
const TEXT_PREFIX = "'";

/** Leading characters that start a formula or get mangled (after any leading spaces). */
const DANGEROUS_START = /^[\t\r\n\0]|^\s*[=+\-@']/;

/**
 * Numbers in any dress Sheets accepts: "00123", "1e5", "1,234.50", "$12", "12 €", "12%", "(12)", ".5".
 * Written so no two parts can match the same digits: linear time on long hostile strings.
 */
const NUMBER_LIKE = /^\(?[+-]?[$€£¥]?\s*(?:\d+(?:[.,\s]\d+)*\.?|\.\d+)(?:e[+-]?\d+)?\s*[$€£¥]?%?\)?$/i;

const BOOLEAN_LIKE = /^(?:true|false)$/i;

/** Words Sheets reads inside dates and times ("Oct 1, 2024", "Monday 10:30 PM"). */
const DATE_WORDS = new Set([
  'jan', 'january', 'feb', 'february', 'mar', 'march', 'apr', 'april', 'may', 'jun', 'june', 'jul', 'july',
  'aug', 'august', 'sep', 'sept', 'september', 'oct', 'october', 'nov', 'november', 'dec', 'december',
  'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday', 'thu', 'thurs', 'thursday', 'fri', 'friday',
  'sat', 'saturday', 'sun', 'sunday', 'am', 'pm',
]);

/** A number in a date or time, possibly "10pm" or "1st". */
const NUMBER_TOKEN = /^\d+(?:am|pm|st|nd|rd|th)?$/;

/** The value as setValues should receive it: strings that Sheets would reinterpret get an apostrophe. */
export function toSafeCell(value: CellValue): CellValue {
  return typeof value === 'string' && needsTextPrefix(value) ? TEXT_PREFIX + value : value;
}

function needsTextPrefix(text: string): boolean {
  if (DANGEROUS_START.test(text)) return true;
  const trimmed = text.trim();
  return NUMBER_LIKE.test(trimmed) || BOOLEAN_LIKE.test(trimmed) || looksLikeDateOrTime(trimmed);
}

/** Digits with date/time separators and only month, weekday or am/pm words: "2024-10-01", "1/2", "10:30". */
function looksLikeDateOrTime(text: string): boolean {
  const tokens = text.toLowerCase().split(/[\s,\-/.:]+/).filter((token) => token !== '');
  return tokens.some((token) => NUMBER_TOKEN.test(token)) && tokens.every((token) => NUMBER_TOKEN.test(token) || DATE_WORDS.has(token));
}
