/**
 * SpreadsheetApp and the Spreadsheet, Sheet, Range, TextFinder and DeveloperMetadata objects it
 * hands out: thin views over model.ts with Apps Script's signatures, checks and messages. Every
 * method goes through the runtime (permissions, deadline, scopes) and is counted by name
 * ('Range.setValues'), so tests can assert that the add-on writes in blocks.
 */
import { areaA1, parseA1, resolveA1, type GridArea } from './a1';
import { DEFAULT_BACKGROUND, type CellEntry } from './cell';
import { AppsScriptException } from '../exception';
import { SheetCharts, type ChartHost, type EmbeddedChartBuilderFake, type EmbeddedChartFake } from './charts';
import { DataValidationBuilderFake, DataValidationCriteria, DataValidationFake, ruleOf } from './data-validation';
import { cellsOf, DEFAULT_MAX_COLUMNS, DEFAULT_MAX_ROWS, type DeveloperMetadataEntry, type FakeSheet, type FakeSpreadsheet, type MetadataVisibility } from './model';
import { entryOfScriptValue, scriptValueOf, type ScriptCellValue } from './script-values';
import { enumName, enumOf, EnumValue, SCOPES, type ServiceContext } from './service-context';
import { findCells, replaceAll, type SearchOptions, type SearchScope } from './text-finder';
import type { UiFake } from './ui';
import { isKnownTimeZone } from '../../intl-zone-rules';

/** Sheets' limit for a whole spreadsheet. */
export const MAX_CELLS = 10_000_000;

export const DeveloperMetadataVisibility = enumOf(['DOCUMENT', 'PROJECT'] as const);

/** Java-style type names for Apps Script's "parameters don't match" message. */
function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return Array.isArray(value[0]) ? 'Object[][]' : 'Object[]';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'Boolean';
  return 'Object';
}

function signatureMismatch(method: string, args: readonly unknown[]): AppsScriptException {
  return new AppsScriptException(`The parameters (${args.map(typeName).join(',')}) don't match the method signature for SpreadsheetApp.${method}.`);
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** Shared by every view: the runtime, the model and the recorded state. */
export interface SpreadsheetServices {
  context: ServiceContext;
  book: FakeSpreadsheet;
  ui: UiFake;
}

abstract class SpreadsheetView {
  constructor(protected readonly services: SpreadsheetServices) {}

  protected get book(): FakeSpreadsheet {
    return this.services.book;
  }

  protected read<T>(name: string, body: () => T): T {
    return this.services.context.call(name, 'read', SCOPES.spreadsheetRead, body);
  }

  protected write<T>(name: string, body: () => T): T {
    return this.services.context.call(name, 'write', SCOPES.spreadsheetWrite, body);
  }

  protected sheetView(sheet: FakeSheet): SheetFake {
    return new SheetFake(this.services, sheet);
  }

  protected rangeView(sheet: FakeSheet, area: GridArea): RangeFake {
    return new RangeFake(this.services, sheet, area);
  }

  /** The sheet a view passed back by the script stands for. */
  protected sheetOf(value: unknown, method: string): FakeSheet {
    if (!(value instanceof SheetFake)) throw signatureMismatch(method, [value]);
    return value.model;
  }

  protected checkedArea(sheet: FakeSheet, area: GridArea): GridArea {
    if (area.row < 1) throw new AppsScriptException('The starting row of the range is too small.');
    if (area.column < 1) throw new AppsScriptException('The starting column of the range is too small.');
    if (area.numRows < 1) throw new AppsScriptException('The number of rows in the range must be at least 1.');
    if (area.numColumns < 1) throw new AppsScriptException('The number of columns in the range must be at least 1.');
    if (area.row + area.numRows - 1 > sheet.maxRows || area.column + area.numColumns - 1 > sheet.maxColumns) {
      throw new AppsScriptException('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return area;
  }

  /** A range from A1 notation, on `home` unless the notation names a sheet. */
  protected rangeFromA1(a1: unknown, home: FakeSheet, method: string): RangeFake {
    if (typeof a1 !== 'string') throw signatureMismatch(method, [a1]);
    const reference = parseA1(a1);
    const sheet = reference?.sheetName ? this.book.sheetByName(reference.sheetName) : home;
    if (!reference || !sheet) throw new AppsScriptException('Range not found');
    return this.rangeView(sheet, this.checkedArea(sheet, resolveA1(reference, sheet.maxRows, sheet.maxColumns)));
  }

  protected metadataViews(entries: readonly DeveloperMetadataEntry[]): DeveloperMetadataFake[] {
    return entries.map((entry) => new DeveloperMetadataFake(this.services, entry));
  }

  /** addDeveloperMetadata(key), (key, visibility), (key, value), (key, value, visibility). */
  protected addMetadata(list: DeveloperMetadataEntry[], method: string, args: readonly unknown[]): void {
    const [key, second, third] = args;
    if (typeof key !== 'string' || key === '') throw signatureMismatch(method, args);
    const secondIsVisibility = args.length === 2 && second instanceof EnumValue;
    const value = secondIsVisibility || second === undefined ? null : String(second);
    const visibility = enumName(secondIsVisibility ? second : third) ?? 'DOCUMENT';
    if (visibility !== 'DOCUMENT' && visibility !== 'PROJECT') throw signatureMismatch(method, args);
    this.book.addMetadata(list, key, value, visibility as MetadataVisibility);
  }

  protected checkCellLimit(extraCells: number): void {
    const total = this.book.sheets.reduce((sum, sheet) => sum + sheet.maxRows * sheet.maxColumns, 0);
    if (total + extraCells > MAX_CELLS) {
      throw new AppsScriptException(`This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`);
    }
  }
}

export class SpreadsheetAppFake extends SpreadsheetView {
  readonly DeveloperMetadataVisibility = DeveloperMetadataVisibility;
  readonly DataValidationCriteria = DataValidationCriteria;

  newDataValidation(): DataValidationBuilderFake {
    return new DataValidationBuilderFake();
  }

  getActive(): SpreadsheetFake {
    return this.read('SpreadsheetApp.getActive', () => new SpreadsheetFake(this.services));
  }

  getActiveSpreadsheet(): SpreadsheetFake {
    return this.read('SpreadsheetApp.getActiveSpreadsheet', () => new SpreadsheetFake(this.services));
  }

  getActiveSheet(): SheetFake {
    return this.read('SpreadsheetApp.getActiveSheet', () => this.sheetView(activeSheetOf(this.book)));
  }

  getActiveRange(): RangeFake {
    return this.read('SpreadsheetApp.getActiveRange', () => activeRangeOf(this.services));
  }

  getCurrentCell(): RangeFake {
    return this.read('SpreadsheetApp.getCurrentCell', () => currentCellOf(this.services));
  }

  getActiveCell(): RangeFake {
    return this.read('SpreadsheetApp.getActiveCell', () => currentCellOf(this.services));
  }

  setActiveSheet(sheet: unknown): SheetFake {
    return this.write('SpreadsheetApp.setActiveSheet', () => {
      this.book.activeSheet = this.sheetOf(sheet, 'setActiveSheet');
      return this.sheetView(this.book.activeSheet);
    });
  }

  getUi(): UiFake {
    return this.services.context.call('SpreadsheetApp.getUi', 'write', SCOPES.containerUi, () => {
      // A trigger runs with nobody at the keyboard.
      if (this.services.context.runtime.isTrigger()) throw new AppsScriptException('Cannot call SpreadsheetApp.getUi() from this context.');
      return this.services.ui;
    });
  }

  /** Changes reach the spreadsheet at once here; flush only counts. */
  flush(): void {
    this.write('SpreadsheetApp.flush', () => undefined);
  }
}

function validationView(rule: DataValidationFake['rule'] | null): DataValidationFake | null {
  return rule === null ? null : new DataValidationFake(rule);
}

/** Inside a custom function the "active" sheet and range are the formula's own cell, as in Sheets. */
function activeSheetOf(book: FakeSpreadsheet): FakeSheet {
  return book.evaluating?.sheet ?? book.activeSheet;
}

function activeRangeOf(services: SpreadsheetServices): RangeFake {
  const evaluating = services.book.evaluating;
  if (evaluating) return new RangeFake(services, evaluating.sheet, { row: evaluating.row, column: evaluating.column, numRows: 1, numColumns: 1 });
  const sheet = services.book.activeSheet;
  return new RangeFake(services, sheet, { ...sheet.activeRange });
}

function currentCellOf(services: SpreadsheetServices): RangeFake {
  const evaluating = services.book.evaluating;
  const sheet = evaluating?.sheet ?? services.book.activeSheet;
  const cell = evaluating ?? sheet.currentCell;
  return new RangeFake(services, sheet, { row: cell.row, column: cell.column, numRows: 1, numColumns: 1 });
}

export class SpreadsheetFake extends SpreadsheetView {
  getId(): string {
    return this.read('Spreadsheet.getId', () => this.book.id);
  }

  getName(): string {
    return this.read('Spreadsheet.getName', () => this.book.name);
  }

  rename(name: unknown): void {
    this.write('Spreadsheet.rename', () => {
      if (typeof name !== 'string') throw signatureMismatch('Spreadsheet.rename', [name]);
      this.book.name = name;
    });
  }

  getSpreadsheetTimeZone(): string {
    return this.read('Spreadsheet.getSpreadsheetTimeZone', () => this.book.timeZone);
  }

  setSpreadsheetTimeZone(timeZone: unknown): void {
    this.write('Spreadsheet.setSpreadsheetTimeZone', () => {
      if (typeof timeZone !== 'string' || !isKnownTimeZone(timeZone)) throw new AppsScriptException('Invalid argument: timeZone');
      this.book.setTimeZone(timeZone);
    });
  }

  getSpreadsheetLocale(): string {
    return this.read('Spreadsheet.getSpreadsheetLocale', () => this.book.locale);
  }

  /** Sheets' locale codes: a language, then a region ("de_DE", "es_419"); anything else is refused. */
  setSpreadsheetLocale(locale: unknown): void {
    this.write('Spreadsheet.setSpreadsheetLocale', () => {
      if (typeof locale !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2}|_\d{3})?$/.test(locale)) throw new AppsScriptException('Invalid argument: locale');
      this.book.locale = locale;
    });
  }

  getSheets(): SheetFake[] {
    return this.read('Spreadsheet.getSheets', () => this.book.sheets.map((sheet) => this.sheetView(sheet)));
  }

  getNumSheets(): number {
    return this.read('Spreadsheet.getNumSheets', () => this.book.sheets.length);
  }

  getSheetByName(name: unknown): SheetFake | null {
    return this.read('Spreadsheet.getSheetByName', () => {
      if (typeof name !== 'string') throw signatureMismatch('Spreadsheet.getSheetByName', [name]);
      const sheet = this.book.sheetByName(name);
      return sheet ? this.sheetView(sheet) : null;
    });
  }

  /** insertSheet(), (index), (name), (name, index); the new sheet becomes the active one. */
  insertSheet(...args: unknown[]): SheetFake {
    return this.write('Spreadsheet.insertSheet', () => {
      const [first, second] = args;
      const name = typeof first === 'string' ? first : undefined;
      const index = typeof first === 'number' ? first : second;
      if ((first !== undefined && name === undefined && !isWholeNumber(first)) || (index !== undefined && !isWholeNumber(index))) {
        throw signatureMismatch('Spreadsheet.insertSheet', args);
      }
      this.checkCellLimit(DEFAULT_MAX_ROWS * DEFAULT_MAX_COLUMNS);
      return this.sheetView(this.book.insertSheet(name, index));
    });
  }

  deleteSheet(sheet: unknown): void {
    this.write('Spreadsheet.deleteSheet', () => this.book.deleteSheet(this.sheetOf(sheet, 'Spreadsheet.deleteSheet')));
  }

  getActiveSheet(): SheetFake {
    return this.read('Spreadsheet.getActiveSheet', () => this.sheetView(activeSheetOf(this.book)));
  }

  setActiveSheet(sheet: unknown): SheetFake {
    return this.write('Spreadsheet.setActiveSheet', () => {
      this.book.activeSheet = this.sheetOf(sheet, 'Spreadsheet.setActiveSheet');
      return this.sheetView(this.book.activeSheet);
    });
  }

  getActiveRange(): RangeFake {
    return this.read('Spreadsheet.getActiveRange', () => activeRangeOf(this.services));
  }

  getCurrentCell(): RangeFake {
    return this.read('Spreadsheet.getCurrentCell', () => currentCellOf(this.services));
  }

  getActiveCell(): RangeFake {
    return this.read('Spreadsheet.getActiveCell', () => currentCellOf(this.services));
  }

  /** A1 notation; without a sheet name, on the active sheet. */
  getRange(a1: unknown): RangeFake {
    return this.read('Spreadsheet.getRange', () => this.rangeFromA1(a1, this.book.activeSheet, 'Spreadsheet.getRange'));
  }

  getRangeByName(name: unknown): RangeFake | null {
    return this.read('Spreadsheet.getRangeByName', () => {
      if (typeof name !== 'string') throw signatureMismatch('Spreadsheet.getRangeByName', [name]);
      const named = this.book.namedRange(name);
      return named ? this.rangeView(named.sheet, named.area) : null;
    });
  }

  setNamedRange(name: unknown, range: unknown): void {
    this.write('Spreadsheet.setNamedRange', () => {
      if (typeof name !== 'string' || !(range instanceof RangeFake)) throw signatureMismatch('Spreadsheet.setNamedRange', [name, range]);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || parseA1(name)) throw new AppsScriptException(`Invalid name: ${name}`);
      this.book.namedRanges.set(name, { sheet: range.model, area: range.area });
    });
  }

  getDeveloperMetadata(): DeveloperMetadataFake[] {
    return this.read('Spreadsheet.getDeveloperMetadata', () => this.metadataViews(this.book.developerMetadata));
  }

  addDeveloperMetadata(...args: unknown[]): SpreadsheetFake {
    return this.write('Spreadsheet.addDeveloperMetadata', () => {
      this.addMetadata(this.book.developerMetadata, 'Spreadsheet.addDeveloperMetadata', args);
      return this;
    });
  }

  createTextFinder(text: unknown): TextFinderFake {
    return this.read('Spreadsheet.createTextFinder', () => {
      if (typeof text !== 'string') throw signatureMismatch('Spreadsheet.createTextFinder', [text]);
      return new TextFinderFake(this.services, this.book.sheets.map((sheet) => ({ sheet, area: null })), text);
    });
  }

  /** toast(message, title?, timeoutSeconds?): recorded in the model's `toasts`. */
  toast(message: unknown, title: unknown = '', timeoutSeconds: unknown = 5): void {
    this.write('Spreadsheet.toast', () => {
      this.book.toasts.push({ message: String(message), title: String(title), timeoutSeconds: Number(timeoutSeconds) });
    });
  }
}

export class SheetFake extends SpreadsheetView {
  constructor(
    services: SpreadsheetServices,
    /** The model sheet behind this view. */
    readonly model: FakeSheet,
  ) {
    super(services);
  }

  getName(): string {
    return this.read('Sheet.getName', () => this.model.name);
  }

  setName(name: unknown): SheetFake {
    return this.write('Sheet.setName', () => {
      if (typeof name !== 'string') throw signatureMismatch('Sheet.setName', [name]);
      this.book.renameSheet(this.model, name);
      return this;
    });
  }

  getSheetId(): number {
    return this.read('Sheet.getSheetId', () => this.model.sheetId);
  }

  newChart(): EmbeddedChartBuilderFake {
    return this.read('Sheet.newChart', () => this.charts().newChart());
  }

  getCharts(): EmbeddedChartFake[] {
    return this.read('Sheet.getCharts', () => this.charts().getCharts());
  }

  insertChart(chart: unknown): void {
    this.write('Sheet.insertChart', () => this.charts().insertChart(chart));
  }

  updateChart(chart: unknown): void {
    this.write('Sheet.updateChart', () => this.charts().updateChart(chart));
  }

  removeChart(chart: unknown): void {
    this.write('Sheet.removeChart', () => this.charts().removeChart(chart));
  }

  private charts(): SheetCharts {
    const host: ChartHost = {
      rangeView: (range) => this.rangeView(range.sheet, range.area),
      rangeModel: (value) => (value instanceof RangeFake ? { sheet: value.model, area: value.area } : null),
      nextChartId: () => this.book.nextChartId(),
    };
    return new SheetCharts(host, this.model);
  }

  /** 1-based position among the sheets. */
  getIndex(): number {
    return this.read('Sheet.getIndex', () => this.book.sheets.indexOf(this.model) + 1);
  }

  getParent(): SpreadsheetFake {
    return this.read('Sheet.getParent', () => new SpreadsheetFake(this.services));
  }

  /** getRange(a1), (row, column), (row, column, numRows), (row, column, numRows, numColumns). */
  getRange(...args: unknown[]): RangeFake {
    return this.read('Sheet.getRange', () => {
      if (args.length === 1) return this.rangeFromA1(args[0], this.model, 'Sheet.getRange');
      const [row, column, numRows = 1, numColumns = 1] = args;
      if (args.length < 2 || args.length > 4 || ![row, column, numRows, numColumns].every(isWholeNumber)) throw signatureMismatch('Sheet.getRange', args);
      const area = { row, column, numRows, numColumns } as GridArea;
      return this.rangeView(this.model, this.checkedArea(this.model, area));
    });
  }

  getDataRange(): RangeFake {
    return this.read('Sheet.getDataRange', () => {
      const area = { row: 1, column: 1, numRows: Math.max(1, this.model.lastRow()), numColumns: Math.max(1, this.model.lastColumn()) };
      return this.rangeView(this.model, area);
    });
  }

  getLastRow(): number {
    return this.read('Sheet.getLastRow', () => this.model.lastRow());
  }

  getLastColumn(): number {
    return this.read('Sheet.getLastColumn', () => this.model.lastColumn());
  }

  getMaxRows(): number {
    return this.read('Sheet.getMaxRows', () => this.model.maxRows);
  }

  getMaxColumns(): number {
    return this.read('Sheet.getMaxColumns', () => this.model.maxColumns);
  }

  insertRowsAfter(afterPosition: unknown, howMany: unknown): SheetFake {
    return this.write('Sheet.insertRowsAfter', () => this.insert('row', afterPosition, howMany, 1, 'Sheet.insertRowsAfter'));
  }

  insertRowsBefore(beforePosition: unknown, howMany: unknown): SheetFake {
    return this.write('Sheet.insertRowsBefore', () => this.insert('row', beforePosition, howMany, 0, 'Sheet.insertRowsBefore'));
  }

  insertColumnsAfter(afterPosition: unknown, howMany: unknown): SheetFake {
    return this.write('Sheet.insertColumnsAfter', () => this.insert('column', afterPosition, howMany, 1, 'Sheet.insertColumnsAfter'));
  }

  insertColumnsBefore(beforePosition: unknown, howMany: unknown): SheetFake {
    return this.write('Sheet.insertColumnsBefore', () => this.insert('column', beforePosition, howMany, 0, 'Sheet.insertColumnsBefore'));
  }

  deleteRows(rowPosition: unknown, howMany: unknown): void {
    this.write('Sheet.deleteRows', () => this.remove('row', rowPosition, howMany, 'Sheet.deleteRows'));
  }

  deleteRow(rowPosition: unknown): SheetFake {
    return this.write('Sheet.deleteRow', () => {
      this.remove('row', rowPosition, 1, 'Sheet.deleteRow');
      return this;
    });
  }

  deleteColumns(columnPosition: unknown, howMany: unknown): void {
    this.write('Sheet.deleteColumns', () => this.remove('column', columnPosition, howMany, 'Sheet.deleteColumns'));
  }

  /** Inserts `howMany` rows or columns next to `position` (`after` 1: after it, 0: before it). */
  private insert(axis: 'row' | 'column', position: unknown, howMany: unknown, after: 0 | 1, method: string): SheetFake {
    const max = axis === 'row' ? this.model.maxRows : this.model.maxColumns;
    if (!isWholeNumber(position) || !isWholeNumber(howMany)) throw signatureMismatch(method, [position, howMany]);
    if (position < 1 || position > max) throw new AppsScriptException(`Those ${axis}s are out of bounds.`);
    if (howMany < 1) throw new AppsScriptException(`The number of ${axis}s to insert must be at least 1.`);
    this.checkCellLimit(howMany * (axis === 'row' ? this.model.maxColumns : this.model.maxRows));
    this.book.shift(this.model, axis, position + after, howMany);
    return this;
  }

  private remove(axis: 'row' | 'column', position: unknown, howMany: unknown, method: string): void {
    const max = axis === 'row' ? this.model.maxRows : this.model.maxColumns;
    const frozen = axis === 'row' ? this.model.frozenRows : this.model.frozenColumns;
    if (!isWholeNumber(position) || !isWholeNumber(howMany)) throw signatureMismatch(method, [position, howMany]);
    if (position < 1 || howMany < 1 || position + howMany - 1 > max) throw new AppsScriptException(`Those ${axis}s are out of bounds.`);
    if (max - howMany <= frozen) throw new AppsScriptException(`Sorry, it is not possible to delete all non-frozen ${axis}s.`);
    this.book.shift(this.model, axis, position, -howMany);
  }

  /** Adds a row of values after the last row with content, growing the sheet when it is full. */
  appendRow(rowContents: unknown): SheetFake {
    return this.write('Sheet.appendRow', () => {
      if (!Array.isArray(rowContents) || rowContents.length === 0) throw signatureMismatch('Sheet.appendRow', [rowContents]);
      const row = this.model.lastRow() + 1;
      if (row > this.model.maxRows) {
        this.checkCellLimit(this.model.maxColumns);
        this.model.maxRows = row;
      }
      if (rowContents.length > this.model.maxColumns) {
        this.checkCellLimit((rowContents.length - this.model.maxColumns) * this.model.maxRows);
        this.model.maxColumns = rowContents.length;
      }
      const area = { row, column: 1, numRows: 1, numColumns: rowContents.length };
      const entries = rowContents.map((value, index) => entryOfScriptValue(value, this.model.numberFormatAt(row, index + 1), this.book.timeZone));
      this.book.enter(this.model, area, (_cell, _rowOffset, columnOffset) => entries[columnOffset] as CellEntry);
      return this;
    });
  }

  clear(): SheetFake {
    return this.write('Sheet.clear', () => {
      const stored = this.model.storedCells();
      this.book.edit(this.model, stored, (cell) => {
        cell.clearContent();
        cell.clearFormat();
      });
      return this;
    });
  }

  clearContents(): SheetFake {
    return this.write('Sheet.clearContents', () => {
      this.book.edit(this.model, this.model.storedCells(), (cell) => cell.clearContent());
      return this;
    });
  }

  setFrozenRows(rows: unknown): void {
    this.write('Sheet.setFrozenRows', () => {
      if (!isWholeNumber(rows) || rows < 0) throw signatureMismatch('Sheet.setFrozenRows', [rows]);
      if (rows >= this.model.maxRows) throw new AppsScriptException("You can't freeze all visible rows on the sheet.");
      this.model.frozenRows = rows;
    });
  }

  getFrozenRows(): number {
    return this.read('Sheet.getFrozenRows', () => this.model.frozenRows);
  }

  setFrozenColumns(columns: unknown): void {
    this.write('Sheet.setFrozenColumns', () => {
      if (!isWholeNumber(columns) || columns < 0) throw signatureMismatch('Sheet.setFrozenColumns', [columns]);
      if (columns >= this.model.maxColumns) throw new AppsScriptException("You can't freeze all visible columns on the sheet.");
      this.model.frozenColumns = columns;
    });
  }

  getFrozenColumns(): number {
    return this.read('Sheet.getFrozenColumns', () => this.model.frozenColumns);
  }

  /** Protects the whole sheet; the protection starts as editors-only, then setWarningOnly(true) makes edits warn instead. */
  protect(): ProtectionFake {
    return this.write('Sheet.protect', () => {
      const protection = { description: '', warningOnly: false, removed: false };
      this.model.protections.push(protection);
      return new ProtectionFake(this.services, protection);
    });
  }

  /** The sheet's protections (the type argument is not checked: the emulator models sheet protections only). */
  getProtections(type?: unknown): ProtectionFake[] {
    void type;
    return this.read('Sheet.getProtections', () => this.model.protections.filter((protection) => !protection.removed).map((protection) => new ProtectionFake(this.services, protection)));
  }

  hideSheet(): SheetFake {
    return this.write('Sheet.hideSheet', () => {
      this.book.hideSheet(this.model);
      return this;
    });
  }

  showSheet(): SheetFake {
    return this.write('Sheet.showSheet', () => {
      this.model.hidden = false;
      return this;
    });
  }

  isSheetHidden(): boolean {
    return this.read('Sheet.isSheetHidden', () => this.model.hidden);
  }

  activate(): SheetFake {
    return this.write('Sheet.activate', () => {
      this.book.activeSheet = this.model;
      return this;
    });
  }

  getDeveloperMetadata(): DeveloperMetadataFake[] {
    return this.read('Sheet.getDeveloperMetadata', () => this.metadataViews(this.model.developerMetadata));
  }

  addDeveloperMetadata(...args: unknown[]): SheetFake {
    return this.write('Sheet.addDeveloperMetadata', () => {
      this.addMetadata(this.model.developerMetadata, 'Sheet.addDeveloperMetadata', args);
      return this;
    });
  }

  createTextFinder(text: unknown): TextFinderFake {
    return this.read('Sheet.createTextFinder', () => {
      if (typeof text !== 'string') throw signatureMismatch('Sheet.createTextFinder', [text]);
      return new TextFinderFake(this.services, [{ sheet: this.model, area: null }], text);
    });
  }
}

/** A sheet's protection (Protection): description, warning-only, remove. */
export class ProtectionFake extends SpreadsheetView {
  constructor(
    services: SpreadsheetServices,
    private readonly protection: { description: string; warningOnly: boolean; removed: boolean },
  ) {
    super(services);
  }

  getDescription(): string {
    return this.read('Protection.getDescription', () => this.protection.description);
  }

  setDescription(description: unknown): ProtectionFake {
    return this.write('Protection.setDescription', () => {
      if (typeof description !== 'string') throw signatureMismatch('Protection.setDescription', [description]);
      this.protection.description = description;
      return this;
    });
  }

  isWarningOnly(): boolean {
    return this.read('Protection.isWarningOnly', () => this.protection.warningOnly);
  }

  setWarningOnly(warningOnly: unknown): ProtectionFake {
    return this.write('Protection.setWarningOnly', () => {
      if (typeof warningOnly !== 'boolean') throw signatureMismatch('Protection.setWarningOnly', [warningOnly]);
      this.protection.warningOnly = warningOnly;
      return this;
    });
  }

  remove(): void {
    this.write('Protection.remove', () => {
      this.protection.removed = true;
    });
  }
}

export class RangeFake extends SpreadsheetView {
  constructor(
    services: SpreadsheetServices,
    /** The model sheet the range is on. */
    readonly model: FakeSheet,
    readonly area: GridArea,
  ) {
    super(services);
  }

  private grid<T>(cellValue: (row: number, column: number) => T): T[][] {
    return Array.from({ length: this.area.numRows }, (_, rowOffset) =>
      Array.from({ length: this.area.numColumns }, (_, columnOffset) => cellValue(this.area.row + rowOffset, this.area.column + columnOffset)),
    );
  }

  /** Checks a 2D array against the range's size with Apps Script's messages. */
  private checkedGrid(data: unknown, method: string): unknown[][] {
    if (!Array.isArray(data) || !data.every((row) => Array.isArray(row))) throw signatureMismatch(method, [data]);
    const rows = data as unknown[][];
    if (rows.length !== this.area.numRows) {
      throw new AppsScriptException(
        `The number of rows in the data does not match the number of rows in the range. The data has ${rows.length} but the range has ${this.area.numRows}.`,
      );
    }
    const badRow = rows.find((row) => row.length !== this.area.numColumns);
    if (badRow) {
      throw new AppsScriptException(
        `The number of columns in the data does not match the number of columns in the range. The data has ${badRow.length} but the range has ${this.area.numColumns}.`,
      );
    }
    return rows;
  }

  private scriptValue(row: number, column: number): ScriptCellValue {
    return scriptValueOf(this.model.typedValueAt(row, column), this.book.timeZone);
  }

  /** Enters one script value per cell, read as typed against each cell's number format. */
  private enterValues(valueAt: (rowOffset: number, columnOffset: number) => unknown): void {
    const zone = this.book.timeZone;
    this.book.enter(this.model, this.area, (cell, rowOffset, columnOffset) => entryOfScriptValue(valueAt(rowOffset, columnOffset), cell.numberFormat, zone));
  }

  getValues(): ScriptCellValue[][] {
    return this.read('Range.getValues', () => this.grid((row, column) => this.scriptValue(row, column)));
  }

  getValue(): ScriptCellValue {
    return this.read('Range.getValue', () => this.scriptValue(this.area.row, this.area.column));
  }

  setValues(values: unknown): RangeFake {
    return this.write('Range.setValues', () => {
      const rows = this.checkedGrid(values, 'Range.setValues');
      this.enterValues((rowOffset, columnOffset) => rows[rowOffset]?.[columnOffset]);
      return this;
    });
  }

  /** Sets every cell of the range to the value. */
  setValue(value: unknown): RangeFake {
    return this.write('Range.setValue', () => {
      this.enterValues(() => value);
      return this;
    });
  }

  getDisplayValues(): string[][] {
    return this.read('Range.getDisplayValues', () => this.grid((row, column) => this.model.displayAt(row, column)));
  }

  getDisplayValue(): string {
    return this.read('Range.getDisplayValue', () => this.model.displayAt(this.area.row, this.area.column));
  }

  getFormulas(): string[][] {
    return this.read('Range.getFormulas', () => this.grid((row, column) => this.model.formulaAt(row, column)));
  }

  getFormula(): string {
    return this.read('Range.getFormula', () => this.model.formulaAt(this.area.row, this.area.column));
  }

  /** Formulas are entered as typed: text without "=" is read as a value, "" empties the cell. */
  setFormulas(formulas: unknown): RangeFake {
    return this.write('Range.setFormulas', () => {
      const rows = this.checkedGrid(formulas, 'Range.setFormulas');
      if (!rows.every((row) => row.every((formula) => typeof formula === 'string'))) throw signatureMismatch('Range.setFormulas', [formulas]);
      this.enterValues((rowOffset, columnOffset) => rows[rowOffset]?.[columnOffset]);
      return this;
    });
  }

  /** The same formula in every cell (references are not shifted cell by cell as Sheets does). */
  setFormula(formula: unknown): RangeFake {
    return this.write('Range.setFormula', () => {
      if (typeof formula !== 'string') throw signatureMismatch('Range.setFormula', [formula]);
      this.enterValues(() => formula);
      return this;
    });
  }

  getNumberFormats(): string[][] {
    return this.read('Range.getNumberFormats', () => this.grid((row, column) => this.model.numberFormatAt(row, column)));
  }

  getNumberFormat(): string {
    return this.read('Range.getNumberFormat', () => this.model.numberFormatAt(this.area.row, this.area.column));
  }

  setNumberFormat(numberFormat: unknown): RangeFake {
    return this.write('Range.setNumberFormat', () => {
      if (typeof numberFormat !== 'string') throw signatureMismatch('Range.setNumberFormat', [numberFormat]);
      this.book.edit(this.model, cellsOf(this.area), (cell) => {
        cell.numberFormat = numberFormat;
      });
      return this;
    });
  }

  setNumberFormats(numberFormats: unknown): RangeFake {
    return this.write('Range.setNumberFormats', () => {
      const rows = this.checkedGrid(numberFormats, 'Range.setNumberFormats');
      if (!rows.every((row) => row.every((format) => typeof format === 'string'))) throw signatureMismatch('Range.setNumberFormats', [numberFormats]);
      this.book.edit(this.model, cellsOf(this.area), (cell, row, column) => {
        cell.numberFormat = rows[row - this.area.row]?.[column - this.area.column] as string;
      });
      return this;
    });
  }

  getNotes(): string[][] {
    return this.read('Range.getNotes', () => this.grid((row, column) => this.model.cellAt(row, column)?.note ?? ''));
  }

  getNote(): string {
    return this.read('Range.getNote', () => this.model.cellAt(this.area.row, this.area.column)?.note ?? '');
  }

  setNote(note: unknown): RangeFake {
    return this.write('Range.setNote', () => {
      const text = note === null || note === undefined ? '' : String(note);
      this.book.edit(this.model, cellsOf(this.area), (cell) => {
        cell.note = text;
      });
      return this;
    });
  }

  setNotes(notes: unknown): RangeFake {
    return this.write('Range.setNotes', () => {
      const rows = this.checkedGrid(notes, 'Range.setNotes');
      this.book.edit(this.model, cellsOf(this.area), (cell, row, column) => {
        const note = rows[row - this.area.row]?.[column - this.area.column];
        cell.note = note === null || note === undefined ? '' : String(note);
      });
      return this;
    });
  }

  getBackground(): string {
    return this.read('Range.getBackground', () => this.model.cellAt(this.area.row, this.area.column)?.background ?? DEFAULT_BACKGROUND);
  }

  getBackgrounds(): string[][] {
    return this.read('Range.getBackgrounds', () => this.grid((row, column) => this.model.cellAt(row, column)?.background ?? DEFAULT_BACKGROUND));
  }

  /** A CSS colour ('#f4cccc', 'red'), or null to reset to white. */
  setBackground(colour: unknown): RangeFake {
    return this.write('Range.setBackground', () => {
      if (colour !== null && typeof colour !== 'string') throw signatureMismatch('Range.setBackground', [colour]);
      this.book.edit(this.model, cellsOf(this.area), (cell) => {
        cell.background = colour === null || colour === '' ? DEFAULT_BACKGROUND : colour.toLowerCase();
      });
      return this;
    });
  }

  /** The top-left cell's rule, or null. */
  getDataValidation(): DataValidationFake | null {
    return this.read('Range.getDataValidation', () => validationView(this.model.cellAt(this.area.row, this.area.column)?.validation ?? null));
  }

  getDataValidations(): Array<Array<DataValidationFake | null>> {
    return this.read('Range.getDataValidations', () => this.grid((row, column) => validationView(this.model.cellAt(row, column)?.validation ?? null)));
  }

  /** Puts the rule on every cell of the range; null clears it. */
  setDataValidation(rule: unknown): RangeFake {
    return this.write('Range.setDataValidation', () => {
      const validation = ruleOf(rule);
      if (validation === undefined) throw signatureMismatch('Range.setDataValidation', [rule]);
      this.book.edit(this.model, cellsOf(this.area), (cell) => {
        cell.validation = validation;
      });
      return this;
    });
  }

  clearDataValidations(): RangeFake {
    return this.write('Range.clearDataValidations', () => {
      this.book.edit(this.model, cellsOf(this.area), (cell) => {
        cell.validation = null;
      });
      return this;
    });
  }

  getFontWeight(): string {
    return this.read('Range.getFontWeight', () => this.model.cellAt(this.area.row, this.area.column)?.fontWeight ?? 'normal');
  }

  /** 'bold', 'normal', or null to reset. */
  setFontWeight(fontWeight: unknown): RangeFake {
    return this.write('Range.setFontWeight', () => {
      if (fontWeight !== null && fontWeight !== 'bold' && fontWeight !== 'normal') throw signatureMismatch('Range.setFontWeight', [fontWeight]);
      this.book.edit(this.model, cellsOf(this.area), (cell) => {
        cell.fontWeight = fontWeight ?? 'normal';
      });
      return this;
    });
  }

  getRow(): number {
    return this.read('Range.getRow', () => this.area.row);
  }

  getColumn(): number {
    return this.read('Range.getColumn', () => this.area.column);
  }

  getLastRow(): number {
    return this.read('Range.getLastRow', () => this.area.row + this.area.numRows - 1);
  }

  getLastColumn(): number {
    return this.read('Range.getLastColumn', () => this.area.column + this.area.numColumns - 1);
  }

  getNumRows(): number {
    return this.read('Range.getNumRows', () => this.area.numRows);
  }

  getNumColumns(): number {
    return this.read('Range.getNumColumns', () => this.area.numColumns);
  }

  getA1Notation(): string {
    return this.read('Range.getA1Notation', () => areaA1(this.area));
  }

  getSheet(): SheetFake {
    return this.read('Range.getSheet', () => this.sheetView(this.model));
  }

  /** Contents and formats (notes stay). */
  clear(): RangeFake {
    return this.write('Range.clear', () => {
      this.book.edit(this.model, cellsOf(this.area), (cell) => {
        cell.clearContent();
        cell.clearFormat();
      });
      return this;
    });
  }

  clearContent(): RangeFake {
    return this.write('Range.clearContent', () => {
      this.book.edit(this.model, cellsOf(this.area), (cell) => cell.clearContent());
      return this;
    });
  }

  clearFormat(): RangeFake {
    return this.write('Range.clearFormat', () => {
      this.book.edit(this.model, cellsOf(this.area), (cell) => cell.clearFormat());
      return this;
    });
  }

  offset(rowOffset: unknown, columnOffset: unknown, numRows: unknown = this.area.numRows, numColumns: unknown = this.area.numColumns): RangeFake {
    return this.read('Range.offset', () => {
      if (![rowOffset, columnOffset, numRows, numColumns].every(isWholeNumber)) throw signatureMismatch('Range.offset', [rowOffset, columnOffset, numRows, numColumns]);
      const area = {
        row: this.area.row + (rowOffset as number),
        column: this.area.column + (columnOffset as number),
        numRows: numRows as number,
        numColumns: numColumns as number,
      };
      return this.rangeView(this.model, this.checkedArea(this.model, area));
    });
  }

  /** The cell at (row, column) inside the range, 1-based. */
  getCell(row: unknown, column: unknown): RangeFake {
    return this.read('Range.getCell', () => {
      if (!isWholeNumber(row) || !isWholeNumber(column)) throw signatureMismatch('Range.getCell', [row, column]);
      if (row < 1 || column < 1 || row > this.area.numRows || column > this.area.numColumns) {
        throw new AppsScriptException('The coordinates of the range are outside the dimensions of the sheet.');
      }
      return this.rangeView(this.model, { row: this.area.row + row - 1, column: this.area.column + column - 1, numRows: 1, numColumns: 1 });
    });
  }

  /** Selects the range (its sheet becomes active, its top-left cell current). */
  activate(): RangeFake {
    return this.write('Range.activate', () => {
      this.book.activeSheet = this.model;
      this.model.activeRange = { ...this.area };
      this.model.currentCell = { row: this.area.row, column: this.area.column };
      return this;
    });
  }

  createTextFinder(text: unknown): TextFinderFake {
    return this.read('Range.createTextFinder', () => {
      if (typeof text !== 'string') throw signatureMismatch('Range.createTextFinder', [text]);
      return new TextFinderFake(this.services, [{ sheet: this.model, area: this.area }], text);
    });
  }
}

export class DeveloperMetadataFake extends SpreadsheetView {
  constructor(
    services: SpreadsheetServices,
    private readonly entry: DeveloperMetadataEntry,
  ) {
    super(services);
  }

  getId(): number {
    return this.read('DeveloperMetadata.getId', () => this.entry.id);
  }

  getKey(): string {
    return this.read('DeveloperMetadata.getKey', () => this.entry.key);
  }

  getValue(): string | null {
    return this.read('DeveloperMetadata.getValue', () => this.entry.value);
  }

  getVisibility(): unknown {
    return this.read('DeveloperMetadata.getVisibility', () => DeveloperMetadataVisibility[this.entry.visibility]);
  }

  setKey(key: unknown): DeveloperMetadataFake {
    return this.write('DeveloperMetadata.setKey', () => {
      if (typeof key !== 'string' || key === '') throw signatureMismatch('DeveloperMetadata.setKey', [key]);
      this.entry.key = key;
      return this;
    });
  }

  setValue(value: unknown): DeveloperMetadataFake {
    return this.write('DeveloperMetadata.setValue', () => {
      this.entry.value = value === null || value === undefined ? null : String(value);
      return this;
    });
  }

  setVisibility(visibility: unknown): DeveloperMetadataFake {
    return this.write('DeveloperMetadata.setVisibility', () => {
      const name = enumName(visibility);
      if (name !== 'DOCUMENT' && name !== 'PROJECT') throw signatureMismatch('DeveloperMetadata.setVisibility', [visibility]);
      this.entry.visibility = name;
      return this;
    });
  }

  remove(): void {
    this.write('DeveloperMetadata.remove', () => this.book.removeMetadata(this.entry));
  }
}

/** Spreadsheet/Sheet/Range.createTextFinder(text). */
export class TextFinderFake extends SpreadsheetView {
  private readonly options: SearchOptions = { matchCase: false, matchEntireCell: false, matchFormulaText: false, useRegularExpression: false };
  /** Index of the match findNext returned last. */
  private position = -1;

  constructor(
    services: SpreadsheetServices,
    private readonly scopes: readonly SearchScope[],
    private readonly text: string,
  ) {
    super(services);
    if (text === '') throw new AppsScriptException('Invalid argument: findText');
  }

  private option(name: keyof SearchOptions, value: unknown): TextFinderFake {
    return this.read(`TextFinder.${name}`, () => {
      if (typeof value !== 'boolean') throw signatureMismatch(`TextFinder.${name}`, [value]);
      this.options[name] = value;
      return this;
    });
  }

  matchCase(matchCase: unknown): TextFinderFake {
    return this.option('matchCase', matchCase);
  }

  matchEntireCell(entireCell: unknown): TextFinderFake {
    return this.option('matchEntireCell', entireCell);
  }

  matchFormulaText(matchFormulaText: unknown): TextFinderFake {
    return this.option('matchFormulaText', matchFormulaText);
  }

  useRegularExpression(useRegEx: unknown): TextFinderFake {
    return this.option('useRegularExpression', useRegEx);
  }

  findAll(): RangeFake[] {
    return this.read('TextFinder.findAll', () => findCells(this.scopes, this.text, this.options).map((cell) => this.cellView(cell)));
  }

  findNext(): RangeFake | null {
    return this.read('TextFinder.findNext', () => {
      const match = findCells(this.scopes, this.text, this.options)[this.position + 1];
      if (!match) return null;
      this.position++;
      return this.cellView(match);
    });
  }

  /** Returns the number of cells replaced. */
  replaceAllWith(replaceText: unknown): number {
    return this.write('TextFinder.replaceAllWith', () => {
      if (typeof replaceText !== 'string') throw signatureMismatch('TextFinder.replaceAllWith', [replaceText]);
      return replaceAll(this.book, this.scopes, this.text, replaceText, this.options);
    });
  }

  private cellView(cell: { sheet: FakeSheet; row: number; column: number }): RangeFake {
    return this.rangeView(cell.sheet, { row: cell.row, column: cell.column, numRows: 1, numColumns: 1 });
  }
}
