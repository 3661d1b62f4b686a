import type { SheetChartsPort } from './charts';

/** What a cell holds as Apps Script reads and writes it: '' is a blank cell; dates are Date objects. */
export type SheetCell = string | number | boolean | Date;

/** A rectangle of cells, 1-based like Apps Script's getRange(row, column, numRows, numColumns). */
export interface CellBlock {
  row: number;
  column: number;
  rows: number;
  columns: number;
}

/**
 * One sheet (tab), block-oriented: every read and write is one call over a rectangle, never a
 * loop over cells (each call is a round trip to the Sheets service).
 */
export interface SheetPort {
  name(): string;
  /** The last row holding content; 0 for an empty sheet. */
  lastRow(): number;
  /** The grid's size, content or not; writing past it needs rows or columns inserted first. */
  maxRows(): number;
  maxColumns(): number;
  readValues(block: CellBlock): SheetCell[][];
  /** Formulas as typed ('=A1*2'), '' for cells without one. */
  readFormulas(block: CellBlock): string[][];
  readNumberFormats(block: CellBlock): string[][];
  /**
   * Sets the number formats, then the values, and with `notes` the notes ('' clears one), of the
   * block starting at (row, column) sized by `values`. Without `notes` the cells' notes stay.
   * Strings are parsed as if typed: callers make API text inert first.
   */
  writeBlock(
    row: number,
    column: number,
    values: ReadonlyArray<readonly SheetCell[]>,
    numberFormats: ReadonlyArray<readonly string[]>,
    notes?: ReadonlyArray<readonly string[]>,
  ): void;
  /** Gives every cell of the block one number format, values untouched. */
  setNumberFormat(block: CellBlock, format: string): void;
  /** Appends one row after the last row with content, atomically (concurrent appends never collide). */
  appendRow(values: readonly SheetCell[]): void;
  /** Empties the values of the block, keeping its formatting. */
  clearContents(block: CellBlock): void;
  insertRowsAfter(afterRow: number, count: number): void;
  insertColumnsAfter(afterColumn: number, count: number): void;
  /** Deletes whole rows: cells to the right move up with their row. */
  deleteRows(row: number, count: number): void;
  /** Deletes whole columns: cells below go with them. */
  deleteColumns(column: number, count: number): void;
  /** Colours the block's cells (`#rrggbb`), or resets them with null. */
  setBackground(block: CellBlock, colour: string | null): void;
  /** Shows the block's cells as checkboxes (TRUE ticked; FALSE or empty not), leaving their values as they are. */
  requireCheckboxes(block: CellBlock): void;
  /** Protects the whole sheet with a warning (edits ask "are you sure?"); once, on a sheet the add-on created. */
  protectWithWarning(description: string): void;
  frozenRows(): number;
  setFrozenRows(count: number): void;
  hide(): void;
  /** The charts embedded in the sheet. */
  charts(): SheetChartsPort;
}

export interface GridSize {
  sheet: string;
  rows: number;
  columns: number;
}

/** The spreadsheet the add-on runs in. */
export interface SpreadsheetPort {
  /** The file's name, as in Drive. */
  name(): string;
  /** The IANA zone Sheets shows dates in. */
  timeZone(): string;
  /** The spreadsheet's locale ("en_US", "de_DE"), which decides how it writes dates. */
  locale(): string;
  /** Every sheet's grid size: each cell counts toward the spreadsheet's limit, holding anything or not. */
  gridSizes(): GridSize[];
  sheetByName(name: string): SheetPort | null;
  /** Adds a sheet at the end; fails when the name is taken. */
  insertSheet(name: string): SheetPort;
  deleteSheet(name: string): void;
  /** The name of the sheet the user is looking at. */
  activeSheetName(): string;
  /** Brings a sheet to the front, as clicking its tab does; false when there is no such sheet. */
  showSheet(name: string): boolean;
  /**
   * Re-enters, in every sheet, each formula containing `text` (Sheets then recalculates it) and
   * answers how many cells were touched.
   */
  reenterFormulasContaining(text: string): number;
  /** Commits pending writes. */
  flush(): void;
}
