/**
 * The spreadsheet's state as plain classes that tests (and a browser playground) can read and
 * drive directly: sheets, cells ({ value, formula, numberFormat, note }), spilled array results,
 * frozen rows, developer metadata, named ranges, toasts and a log of custom-function calls.
 *
 * Formulas are evaluated only when Sheets would: a formula calling only built-ins as soon as it is
 * entered or an input changes; one calling an add-on custom function (a server round trip in
 * Sheets) shows "Loading..." until `recalculate()` - run when an execution ends (by
 * `SpreadsheetState.execute` and the trigger scheduler) and by tests at will. Nothing is ever
 * evaluated spontaneously.
 */
import { cellKey, locationOfKey, resolveA1, type A1Reference, type GridArea } from './a1';
import { Cell, type CellEntry } from './cell';
import type { ChartRecord } from './charts';
import { isSheetDate, sheetDate, type CellValue } from './cell-value';
import { AppsScriptException } from '../exception';
import { displayText, GENERAL_FORMAT, isDateTimeFormat, isGeneralFormat, isPlainTextFormat } from './number-format';
import { Recalculator } from './recalc';

/** What Sheets shows in a cell whose custom function has not answered yet. */
export const LOADING = 'Loading...';
export const DEFAULT_MAX_ROWS = 1000;
export const DEFAULT_MAX_COLUMNS = 26;

/** What the spreadsheet needs from the emulator to evaluate custom functions. */
export interface SpreadsheetHost {
  now(): number;
  /** The add-on function an upper-cased formula name calls, or null (the cell shows #NAME?). */
  customFunctionName(upperName: string): string | null;
  /** `unknownFunction`: the add-on has no such function (the cell shows #NAME?). */
  callCustomFunction(name: string, args: unknown[]): { ok: true; value: unknown } | { ok: false; error: string; unknownFunction?: boolean };
}

export interface CellLocation {
  sheet: FakeSheet;
  row: number;
  column: number;
}

/** One custom-function call made while recalculating, for tests to count. */
export interface CustomFunctionCall {
  name: string;
  args: unknown[];
  /** "Sheet1!B2" */
  cell: string;
  atMs: number;
}

export type MetadataVisibility = 'DOCUMENT' | 'PROJECT';

export class DeveloperMetadataEntry {
  constructor(
    readonly id: number,
    public key: string,
    public value: string | null,
    public visibility: MetadataVisibility,
  ) {}
}

export interface Toast {
  message: string;
  title: string;
  timeoutSeconds: number;
}

/** The cells of an area, row by row. */
export function* cellsOf(area: GridArea): Iterable<{ row: number; column: number }> {
  for (let row = area.row; row < area.row + area.numRows; row++) {
    for (let column = area.column; column < area.column + area.numColumns; column++) yield { row, column };
  }
}

export class FakeSheet {
  private cells = new Map<number, Cell>();
  private formulaKeys = new Set<number>();
  /** Values array results spill into, by cell key (maintained by the recalculator). */
  spilled = new Map<number, CellValue>();
  frozenRows = 0;
  frozenColumns = 0;
  hidden = false;
  /** Sheet protections (Sheet.protect()): a description, and whether edits only warn. */
  readonly protections: Array<{ description: string; warningOnly: boolean; removed: boolean }> = [];
  readonly developerMetadata: DeveloperMetadataEntry[] = [];
  /** Embedded charts, in insertion order (charts.ts). */
  readonly charts: ChartRecord[] = [];
  /** The user's selection: the active range and, inside it, the current cell. */
  activeRange: GridArea = { row: 1, column: 1, numRows: 1, numColumns: 1 };
  currentCell = { row: 1, column: 1 };

  constructor(
    public name: string,
    readonly sheetId: number,
    public maxRows = DEFAULT_MAX_ROWS,
    public maxColumns = DEFAULT_MAX_COLUMNS,
  ) {}

  cellAt(row: number, column: number): Cell | undefined {
    return this.cells.get(cellKey(row, column));
  }

  /** The cell, created when it does not exist yet. */
  cellFor(row: number, column: number): Cell {
    const key = cellKey(row, column);
    let cell = this.cells.get(key);
    if (!cell) {
      cell = new Cell();
      this.cells.set(key, cell);
    }
    return cell;
  }

  /** Keeps the formula index in step with a cell after an edit and drops blank cells. */
  settleCell(row: number, column: number): void {
    const key = cellKey(row, column);
    const cell = this.cells.get(key);
    if (cell?.formula) this.formulaKeys.add(key);
    else this.formulaKeys.delete(key);
    if (cell?.isBlank()) this.cells.delete(key);
  }

  /** Formula cells in row-major order. */
  formulaCells(): { row: number; column: number; cell: Cell }[] {
    return [...this.formulaKeys].sort((a, b) => a - b).map((key) => ({ ...locationOfKey(key), cell: this.cells.get(key) as Cell }));
  }

  spilledAt(row: number, column: number): CellValue | undefined {
    return this.spilled.get(cellKey(row, column));
  }

  /** What the cell shows, before its number format decides between number and date. */
  valueAt(row: number, column: number): CellValue {
    const cell = this.cellAt(row, column);
    const formula = cell?.formula;
    if (formula) {
      if (formula.dirty || !formula.result) return LOADING;
      return formula.spillError ?? (formula.result[0]?.[0] as CellValue);
    }
    if (cell && cell.value !== '') return cell.value;
    return this.spilledAt(row, column) ?? '';
  }

  numberFormatAt(row: number, column: number): string {
    return this.cellAt(row, column)?.numberFormat ?? GENERAL_FORMAT;
  }

  /**
   * The value as scripts and formulas read it: a number in a date-formatted cell is a date, a
   * date in a number-formatted cell is its serial number.
   */
  typedValueAt(row: number, column: number): CellValue {
    const value = this.valueAt(row, column);
    const format = this.numberFormatAt(row, column);
    if (typeof value === 'number' && isDateTimeFormat(format)) return sheetDate(value);
    if (isSheetDate(value) && !isGeneralFormat(format) && !isPlainTextFormat(format) && !isDateTimeFormat(format)) return value.serial;
    return value;
  }

  displayAt(row: number, column: number): string {
    return displayText(this.valueAt(row, column), this.numberFormatAt(row, column));
  }

  formulaAt(row: number, column: number): string {
    return this.cellAt(row, column)?.formula?.text ?? '';
  }

  /** The last row with a value, a formula or a spilled value; 0 for an empty sheet. */
  lastRow(): number {
    let last = 0;
    for (const key of this.contentKeys()) last = Math.max(last, locationOfKey(key).row);
    return last;
  }

  lastColumn(): number {
    let last = 0;
    for (const key of this.contentKeys()) last = Math.max(last, locationOfKey(key).column);
    return last;
  }

  private *contentKeys(): Iterable<number> {
    for (const [key, cell] of this.cells) if (cell.hasContent()) yield key;
    for (const [key, value] of this.spilled) if (value !== '') yield key;
  }

  /** Moves cells at and after `from` along one axis by `shift` (negative: those in the gap are dropped). */
  shiftCells(axis: 'row' | 'column', from: number, shift: number): void {
    const moved = new Map<number, Cell>();
    for (const [key, cell] of this.cells) {
      const location = locationOfKey(key);
      const position = location[axis];
      if (shift < 0 && position >= from && position < from - shift) continue;
      const next = position >= from ? { ...location, [axis]: position + shift } : location;
      moved.set(cellKey(next.row, next.column), cell);
    }
    this.cells = moved;
    this.formulaKeys = new Set([...moved].filter(([, cell]) => cell.formula).map(([key]) => key));
  }

  /** Every stored cell (for clear and text search), in row-major order. */
  storedCells(): { row: number; column: number; cell: Cell }[] {
    return [...this.cells.keys()].sort((a, b) => a - b).map((key) => ({ ...locationOfKey(key), cell: this.cells.get(key) as Cell }));
  }
}

export interface SpreadsheetOptions {
  id?: string;
  name?: string;
  /** Default: the emulator's spreadsheet zone when connected, else Etc/UTC. */
  timeZone?: string;
  /** Default: one sheet, "Sheet1". */
  sheetNames?: readonly string[];
  /** Default: en_US, a new spreadsheet's locale for a US account. */
  locale?: string;
}

const DISCONNECTED: SpreadsheetHost = {
  now: () => Date.now(),
  customFunctionName: () => null,
  callCustomFunction: () => {
    throw new Error('The spreadsheet is not connected to an emulator runtime: nothing can run custom functions.');
  },
};

export class FakeSpreadsheet {
  readonly id: string;
  name: string;
  timeZone: string;
  /** getSpreadsheetLocale: "en_US", "de_DE". It decides nothing in the emulator's display of General cells (always en_US). */
  locale: string;
  /** True once the zone was chosen (by options or setSpreadsheetTimeZone), so connecting keeps it. */
  private timeZoneChosen: boolean;
  readonly sheets: FakeSheet[] = [];
  activeSheet: FakeSheet;
  readonly namedRanges = new Map<string, { sheet: FakeSheet; area: GridArea }>();
  readonly developerMetadata: DeveloperMetadataEntry[] = [];
  readonly toasts: Toast[] = [];
  readonly customFunctionCalls: CustomFunctionCall[] = [];
  /** The formula cell whose custom function is running: SpreadsheetApp's active range inside it. */
  evaluating: CellLocation | null = null;
  host: SpreadsheetHost = DISCONNECTED;
  private nextSheetId = 0;
  private lastChartId = 0;
  private nextMetadataId = 1;
  private readonly recalculator = new Recalculator(this);

  constructor(options: SpreadsheetOptions = {}) {
    this.id = options.id ?? '1FakeSpreadsheetId0000000000000000000000000';
    this.name = options.name ?? 'Untitled spreadsheet';
    this.timeZone = options.timeZone ?? 'Etc/UTC';
    this.timeZoneChosen = options.timeZone !== undefined;
    this.locale = options.locale ?? 'en_US';
    for (const name of options.sheetNames ?? ['Sheet1']) this.sheets.push(new FakeSheet(name, this.nextSheetId++));
    if (this.sheets.length === 0) throw new Error('A spreadsheet needs at least one sheet.');
    this.activeSheet = this.sheets[0] as FakeSheet;
  }

  /** A chart id unique across the spreadsheet's sheets, never reused. */
  nextChartId(): number {
    this.lastChartId += 1;
    return this.lastChartId;
  }

  /** Every embedded chart with its sheet, in sheet order (what tests and the playground draw). */
  allCharts(): { sheet: FakeSheet; chart: ChartRecord }[] {
    return this.sheets.flatMap((sheet) => sheet.charts.map((chart) => ({ sheet, chart })));
  }

  /** Plugs in the emulator; the zone follows the emulator's unless one was chosen. */
  connect(host: SpreadsheetHost, defaultTimeZone: string): void {
    this.host = host;
    if (!this.timeZoneChosen) this.timeZone = defaultTimeZone;
  }

  setTimeZone(timeZone: string): void {
    this.timeZone = timeZone;
    this.timeZoneChosen = true;
  }

  /** Sheet names are unique regardless of case, and looked up that way. */
  sheetByName(name: string): FakeSheet | null {
    return this.sheets.find((sheet) => sheet.name.toLowerCase() === name.toLowerCase()) ?? null;
  }

  sheet(name: string): FakeSheet {
    const sheet = this.sheetByName(name);
    if (!sheet) throw new Error(`No sheet named "${name}".`);
    return sheet;
  }

  /** Inserts a sheet at `index` (0-based; default last) and makes it active, as Apps Script does. */
  insertSheet(name: string | undefined, index = this.sheets.length): FakeSheet {
    const sheetName = name ?? this.freeSheetName();
    this.assertNameFree(sheetName);
    if (index < 0 || index > this.sheets.length) throw new AppsScriptException(`The sheet index ${index} is out of range.`);
    const sheet = new FakeSheet(sheetName, this.nextSheetId++);
    this.sheets.splice(index, 0, sheet);
    this.activeSheet = sheet;
    return sheet;
  }

  deleteSheet(sheet: FakeSheet): void {
    const index = this.sheets.indexOf(sheet);
    if (index < 0) throw new AppsScriptException('The sheet does not exist.');
    if (this.sheets.length === 1) throw new AppsScriptException("You can't remove all the sheets in a document.");
    this.sheets.splice(index, 1);
    for (const [name, named] of this.namedRanges) if (named.sheet === sheet) this.namedRanges.delete(name);
    if (this.activeSheet === sheet) this.activeSheet = this.sheets[Math.max(0, index - 1)] as FakeSheet;
    this.recalculator.structureChanged();
  }

  renameSheet(sheet: FakeSheet, name: string): void {
    this.assertNameFree(name, sheet);
    sheet.name = name;
  }

  hideSheet(sheet: FakeSheet): void {
    if (this.sheets.every((other) => other === sheet || other.hidden)) throw new AppsScriptException("You can't hide all the sheets in a document.");
    sheet.hidden = true;
  }

  private assertNameFree(name: string, renamed?: FakeSheet): void {
    if (name.trim() === '') throw new AppsScriptException('Sheet name cannot be empty.');
    const holder = this.sheetByName(name);
    if (holder && holder !== renamed) {
      throw new AppsScriptException(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
  }

  private freeSheetName(): string {
    for (let number = this.sheets.length + 1; ; number++) {
      const candidate = `Sheet${number}`;
      if (!this.sheetByName(candidate)) return candidate;
    }
  }

  /** The sheet and area a reference names (no sheet name: `home`); null for an unknown sheet. */
  resolveReference(reference: A1Reference, home: FakeSheet): { sheet: FakeSheet; area: GridArea } | null {
    const sheet = reference.sheetName === null ? home : this.sheetByName(reference.sheetName);
    return sheet ? { sheet, area: resolveA1(reference, sheet.maxRows, sheet.maxColumns) } : null;
  }

  namedRange(name: string): { sheet: FakeSheet; area: GridArea } | null {
    for (const [candidate, named] of this.namedRanges) if (candidate.toLowerCase() === name.toLowerCase()) return named;
    return null;
  }

  /**
   * Changes the entered content of every cell of `area` through `entryAt` (null leaves a cell
   * alone), then lets dependent formulas recalculate. Entering a formula always (re)evaluates it,
   * even with the same text; a value only counts as a change when it differs.
   */
  enter(sheet: FakeSheet, area: GridArea, entryAt: (cell: Cell, rowOffset: number, columnOffset: number) => CellEntry | null): void {
    // Apps Script checks every value before writing any: a rejected value leaves the whole range as it was.
    const entries = [...cellsOf(area)].map(({ row, column }) => entryAt(sheet.cellFor(row, column), row - area.row, column - area.column));
    let index = 0;
    this.edit(sheet, cellsOf(area), (cell) => {
      const entry = entries[index++];
      if (entry) cell.enter(entry);
    });
  }

  /** Applies `change` to each listed cell, then recalculates what depends on changed content. */
  edit(sheet: FakeSheet, locations: Iterable<{ row: number; column: number }>, change: (cell: Cell, row: number, column: number) => void): void {
    const changed: CellLocation[] = [];
    for (const { row, column } of locations) {
      const cell = sheet.cellFor(row, column);
      const before = cell.contentKey();
      change(cell, row, column);
      if (cell.contentKey() !== before) changed.push({ sheet, row, column });
      sheet.settleCell(row, column);
    }
    this.recalculator.contentChanged(changed);
  }

  /** Rows or columns inserted or deleted: cells move (formula references are not rewritten). */
  shift(sheet: FakeSheet, axis: 'row' | 'column', from: number, count: number): void {
    sheet.shiftCells(axis, from, count);
    if (axis === 'row') sheet.maxRows += count;
    else sheet.maxColumns += count;
    this.recalculator.structureChanged();
  }

  /**
   * Evaluates every formula waiting for a custom function (and whatever depends on them), as
   * Sheets does after a script's changes reach it. Returns how many formulas were evaluated.
   */
  recalculate(): number {
    return this.recalculator.recalculate();
  }

  addMetadata(list: DeveloperMetadataEntry[], key: string, value: string | null, visibility: MetadataVisibility): DeveloperMetadataEntry {
    const entry = new DeveloperMetadataEntry(this.nextMetadataId++, key, value, visibility);
    list.push(entry);
    return entry;
  }

  /** Removes a metadata entry wherever it is attached. */
  removeMetadata(entry: DeveloperMetadataEntry): void {
    for (const list of [this.developerMetadata, ...this.sheets.map((sheet) => sheet.developerMetadata)]) {
      const index = list.indexOf(entry);
      if (index >= 0) list.splice(index, 1);
    }
  }
}
