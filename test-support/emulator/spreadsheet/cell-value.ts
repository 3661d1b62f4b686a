/** What a cell holds, in Sheets' own terms (dates as serials in the spreadsheet's zone, errors as values). */

export type ErrorCode = '#ERROR!' | '#NAME?' | '#REF!' | '#VALUE!' | '#N/A' | '#DIV/0!' | '#NUM!' | '#NULL!';

export const ERROR_CODES: readonly ErrorCode[] = ['#ERROR!', '#NAME?', '#REF!', '#VALUE!', '#N/A', '#DIV/0!', '#NUM!', '#NULL!'];

/** An error a cell shows; `message` is the tooltip Sheets shows on hover, kept for tests. */
export interface SheetError {
  kind: 'error';
  code: ErrorCode;
  message: string;
}

/** A date or time: days since 1899-12-30 on the spreadsheet's wall clock. */
export interface SheetDate {
  kind: 'date';
  serial: number;
}

/** '' is an empty cell. */
export type CellValue = string | number | boolean | SheetDate | SheetError;

/** A rectangle of values, row by row. */
export type ValueGrid = CellValue[][];

export function sheetError(code: ErrorCode, message: string): SheetError {
  return { kind: 'error', code, message };
}

export function sheetDate(serial: number): SheetDate {
  return { kind: 'date', serial };
}

export function isSheetError(value: CellValue): value is SheetError {
  return typeof value === 'object' && value.kind === 'error';
}

export function isSheetDate(value: CellValue): value is SheetDate {
  return typeof value === 'object' && value.kind === 'date';
}

export function sameCellValue(a: CellValue, b: CellValue): boolean {
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a.kind === 'date' && b.kind === 'date') return a.serial === b.serial;
  return a.kind === 'error' && b.kind === 'error' && a.code === b.code && a.message === b.message;
}

/** Cross-realm test: Dates made in the script's vm context fail `instanceof Date` here. */
export function isDateObject(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}
