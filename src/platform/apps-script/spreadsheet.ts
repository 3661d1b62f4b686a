import type { SheetChartsPort } from '../../ports/charts';
import { AppsScriptSheetCharts } from './charts';
import type { CellBlock, GridSize, SheetCell, SheetPort, SpreadsheetPort } from '../../ports/spreadsheet';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

const rangeOf = (sheet: Sheet, block: CellBlock): GoogleAppsScript.Spreadsheet.Range =>
  sheet.getRange(block.row, block.column, block.rows, block.columns);

export class AppsScriptSheet implements SheetPort {
  constructor(private readonly sheet: Sheet) {}

  name(): string {
    return this.sheet.getName();
  }

  lastRow(): number {
    return this.sheet.getLastRow();
  }

  maxRows(): number {
    return this.sheet.getMaxRows();
  }

  maxColumns(): number {
    return this.sheet.getMaxColumns();
  }

  readValues(block: CellBlock): SheetCell[][] {
    return rangeOf(this.sheet, block).getValues() as SheetCell[][];
  }

  readFormulas(block: CellBlock): string[][] {
    return rangeOf(this.sheet, block).getFormulas();
  }

  readNumberFormats(block: CellBlock): string[][] {
    return rangeOf(this.sheet, block).getNumberFormats();
  }

  writeBlock(
    row: number,
    column: number,
    values: ReadonlyArray<readonly SheetCell[]>,
    numberFormats: ReadonlyArray<readonly string[]>,
    notes?: ReadonlyArray<readonly string[]>,
  ): void {
    const range = this.sheet.getRange(row, column, values.length, values[0]?.length ?? 0);
    // Formats first: a value is read against the format of the cell it lands in.
    range.setNumberFormats(numberFormats.map((formats) => [...formats]));
    range.setValues(values.map((cells) => [...cells]));
    if (notes) range.setNotes(notes.map((rowNotes) => [...rowNotes]));
  }

  setNumberFormat(block: CellBlock, format: string): void {
    rangeOf(this.sheet, block).setNumberFormat(format);
  }

  appendRow(values: readonly SheetCell[]): void {
    this.sheet.appendRow([...values]);
  }

  clearContents(block: CellBlock): void {
    rangeOf(this.sheet, block).clearContent();
  }

  insertRowsAfter(afterRow: number, count: number): void {
    this.sheet.insertRowsAfter(afterRow, count);
  }

  insertColumnsAfter(afterColumn: number, count: number): void {
    this.sheet.insertColumnsAfter(afterColumn, count);
  }

  deleteRows(row: number, count: number): void {
    this.sheet.deleteRows(row, count);
  }

  deleteColumns(column: number, count: number): void {
    this.sheet.deleteColumns(column, count);
  }

  setBackground(block: CellBlock, colour: string | null): void {
    rangeOf(this.sheet, block).setBackground(colour);
  }

  requireCheckboxes(block: CellBlock): void {
    rangeOf(this.sheet, block).setDataValidation(SpreadsheetApp.newDataValidation().requireCheckbox().build());
  }

  protectWithWarning(description: string): void {
    this.sheet.protect().setDescription(description).setWarningOnly(true);
  }

  frozenRows(): number {
    return this.sheet.getFrozenRows();
  }

  setFrozenRows(count: number): void {
    this.sheet.setFrozenRows(count);
  }

  hide(): void {
    this.sheet.hideSheet();
  }

  charts(): SheetChartsPort {
    return new AppsScriptSheetCharts(this.sheet);
  }
}

/** The active spreadsheet behind the port. */
export class AppsScriptSpreadsheet implements SpreadsheetPort {
  constructor(private readonly spreadsheet: Spreadsheet = SpreadsheetApp.getActive()) {}

  name(): string {
    return this.spreadsheet.getName();
  }

  timeZone(): string {
    return this.spreadsheet.getSpreadsheetTimeZone();
  }

  locale(): string {
    return this.spreadsheet.getSpreadsheetLocale();
  }

  gridSizes(): GridSize[] {
    return this.spreadsheet.getSheets().map((sheet) => ({ sheet: sheet.getName(), rows: sheet.getMaxRows(), columns: sheet.getMaxColumns() }));
  }

  sheetByName(name: string): SheetPort | null {
    const sheet = this.spreadsheet.getSheetByName(name);
    return sheet ? new AppsScriptSheet(sheet) : null;
  }

  insertSheet(name: string): SheetPort {
    // insertSheet makes the new sheet active; the user stays where they were.
    const active = this.spreadsheet.getActiveSheet();
    const sheet = this.spreadsheet.insertSheet(name, this.spreadsheet.getNumSheets());
    active.activate();
    return new AppsScriptSheet(sheet);
  }

  deleteSheet(name: string): void {
    const sheet = this.spreadsheet.getSheetByName(name);
    if (sheet) this.spreadsheet.deleteSheet(sheet);
  }

  showSheet(name: string): boolean {
    const sheet = this.spreadsheet.getSheetByName(name);
    sheet?.activate();
    return sheet !== null;
  }

  activeSheetName(): string {
    return this.spreadsheet.getActiveSheet().getName();
  }

  reenterFormulasContaining(text: string): number {
    return this.spreadsheet.createTextFinder(text).matchFormulaText(true).replaceAllWith(text);
  }

  flush(): void {
    SpreadsheetApp.flush();
  }
}
