/**
 * Values crossing between the script and the sheet.
 *
 * Into a cell (setValue(s), appendRow): strings are read as typed (typed-input.ts); numbers and
 * booleans are stored as they are (NaN and infinities as #NUM!); a Date becomes the serial of its
 * wall clock in the spreadsheet's zone and gives a General cell the format "M/d/yyyy H:mm:ss";
 * null and undefined empty the cell. Any other object is refused with an exception (Apps Script
 * would store some string form of it; an add-on should never rely on that).
 *
 * Out of a cell (getValue(s), custom-function arguments): a date-formatted number is a Date, an
 * error is its code as a string ("#REF!"), an empty cell is "".
 *
 * Out of a custom function: values are never parsed; a Date becomes a date; null/undefined empty
 * the cell; a 1D array is one column; ragged rows are padded with empty cells; an empty array is #N/A.
 */
import { isDateObject, isSheetDate, sheetDate, sheetError, type CellValue, type SheetError, type ValueGrid } from './cell-value';
import type { CellEntry } from './cell';
import { AppsScriptException } from '../exception';
import { DEFAULT_DATE_TIME_FORMAT } from './number-format';
import { parseTypedInput } from './typed-input';
import { instantOfSerial, serialOfInstant } from './zone';

/** Sheets refuses longer input with an error. */
export const MAX_CELL_CHARACTERS = 50_000;

export type ScriptCellValue = string | number | boolean | Date;

export function entryOfScriptValue(value: unknown, cellFormat: string, timeZone: string): CellEntry {
  if (value === null || value === undefined) return { kind: 'value', value: '' };
  if (typeof value === 'string') {
    if (value.length > MAX_CELL_CHARACTERS) {
      throw new AppsScriptException(`Your input contains more than the maximum of ${MAX_CELL_CHARACTERS} characters in a single cell.`);
    }
    return parseTypedInput(value, cellFormat);
  }
  if (typeof value === 'number') return { kind: 'value', value: finiteOrError(value) };
  if (typeof value === 'boolean') return { kind: 'value', value };
  if (isDateObject(value)) {
    const ms = Date.prototype.getTime.call(value);
    if (Number.isNaN(ms)) return { kind: 'value', value: sheetError('#NUM!', 'Invalid date.') };
    return { kind: 'value', value: sheetDate(serialOfInstant(ms, timeZone)), format: DEFAULT_DATE_TIME_FORMAT };
  }
  throw new AppsScriptException(`Cannot write a value of type ${Array.isArray(value) ? 'array' : typeof value} into a cell.`);
}

/** A cell's value as the script reads it; `value` has already been read through the cell's format. */
export function scriptValueOf(value: CellValue, timeZone: string): ScriptCellValue {
  if (typeof value !== 'object') return value;
  if (isSheetDate(value)) return new Date(instantOfSerial(value.serial, timeZone));
  return value.code;
}

/** What a custom function returned, as the cells it fills. */
export function gridOfScriptResult(result: unknown, timeZone: string): ValueGrid | SheetError {
  if (!Array.isArray(result)) return [[cellOfResult(result, timeZone)]];
  if (result.length === 0) return sheetError('#N/A', 'Array result was empty.');
  const rows = result.map((row: unknown) => (Array.isArray(row) ? (row as unknown[]) : [row]));
  const width = Math.max(...rows.map((row) => row.length));
  if (width === 0) return sheetError('#N/A', 'Array result was empty.');
  return rows.map((row) => Array.from({ length: width }, (_, index) => cellOfResult(row[index], timeZone)));
}

function cellOfResult(value: unknown, timeZone: string): CellValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return finiteOrError(value);
  if (isDateObject(value)) {
    const ms = Date.prototype.getTime.call(value);
    return Number.isNaN(ms) ? sheetError('#VALUE!', 'Invalid date.') : sheetDate(serialOfInstant(ms, timeZone));
  }
  return sheetError('#ERROR!', `The custom function returned ${Array.isArray(value) ? 'a nested array' : `a value of type ${typeof value}`}, which Sheets cannot show.`);
}

function finiteOrError(value: number): CellValue {
  return Number.isFinite(value) ? value : sheetError('#NUM!', 'The number is not finite.');
}
