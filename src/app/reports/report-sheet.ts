import type { SheetCell, SheetPort } from '../../ports/spreadsheet';
import type { CellValue } from '../../sheet/columns';
import type { ReportLayout, ReportRow } from './report-table';

/** A row of the report's columns as the sheet holds it now. */
export interface SheetRow {
  cells: SheetCell[];
  /** Formula text per cell, '' where a cell holds a plain value. */
  formulas: string[];
  formats: string[];
}

/** The report's columns (1..width) of a sheet, read in one go before anything is written. */
export interface ReportBlock {
  /** Row 1; empty when the sheet is empty. */
  header: SheetRow | null;
  /** Rows 2..lastRow, in sheet order: `rows[i]` is sheet row i + 2. */
  rows: SheetRow[];
  /** The last row holding anything, in the report's columns or the user's. */
  lastRow: number;
}

export class ReportSheetError extends Error {
  override name = 'ReportSheetError';
}

/** The first data row: row 1 is the header. */
export const FIRST_DATA_ROW = 2;

/** Reads values, formulas and formats of the report's columns: three calls, whatever the size. */
export function readReportBlock(sheet: SheetPort, width: number): ReportBlock {
  const lastRow = sheet.lastRow();
  if (lastRow === 0) return { header: null, rows: [], lastRow };
  const block = { row: 1, column: 1, rows: lastRow, columns: width };
  const values = sheet.readValues(block);
  const formulas = sheet.readFormulas(block);
  const formats = sheet.readNumberFormats(block);
  const rows = values.map((cells, index) => ({ cells, formulas: formulas[index] ?? [], formats: formats[index] ?? [] }));
  return { header: rows[0] ?? null, rows: rows.slice(1), lastRow };
}

export function isBlankRow(row: SheetRow): boolean {
  return row.cells.every((cell) => cell === '') && row.formulas.every((formula) => formula === '');
}

/**
 * Refuses to write over data that is not this report's: a sheet whose first row is not the
 * report's header, unless the report's columns are empty.
 */
export function assertReportSheet(block: ReportBlock, layout: ReportLayout, sheetName: string): void {
  if (block.header === null || headerMatches(block.header, layout)) return;
  if (isBlankRow(block.header) && block.rows.every(isBlankRow)) return;
  throw new ReportSheetError(
    `Sheet "${sheetName}" holds other data: its first row is not this report's header (${layout.headers.slice(0, 3).join(', ')}, …). ` +
      'Nothing was written. Point the report at a new or empty sheet, or clear this one.',
  );
}

export function headerMatches(header: SheetRow, layout: ReportLayout): boolean {
  return layout.headers.every((title, index) => header.cells[index] === title);
}

/**
 * True when the sheet already shows exactly this row: same values, same formats, no formulas.
 * Notes are not read back, so a row with a note is always written (its note may have changed).
 */
export function rowMatches(current: SheetRow | undefined, target: ReportRow): boolean {
  if (current === undefined || target.notes?.some((note) => note !== '')) return false;
  return target.cells.every(
    (cell, index) => (current.formulas[index] ?? '') === '' && current.formats[index] === target.formats[index] && sameCell(current.cells[index], cell),
  );
}

/** A cell read back equals the value written: Sheets keeps dates to the second here (Everflow's precision). */
function sameCell(current: SheetCell | undefined, target: CellValue): boolean {
  if (isDate(current) && isDate(target)) return Math.round(current.getTime() / 1000) === Math.round(target.getTime() / 1000);
  return current === target;
}

export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** A row as it is on the sheet, to be written back unchanged (replace mode keeps unchanged invoices' rows). */
export function rowFromSheet(row: SheetRow, layout: ReportLayout, invoiceId: number | null): ReportRow {
  const width = layout.headers.length;
  // Notes are not read back: only totals carry them, and those rows are always shaped afresh.
  return { invoiceId, cells: row.cells.slice(0, width), formats: row.formats.slice(0, width) };
}
