import type { ChartSpec, SheetChartsPort } from '../src/ports/charts';
import type { CellBlock, GridSize, SheetCell, SheetPort, SpreadsheetPort } from '../src/ports/spreadsheet';

/**
 * An in-memory spreadsheet behind the SpreadsheetPort, for unit tests of the reports alone (the
 * emulator holds the faithful Apps Script fakes). It keeps what matters to reports:
 * - a string written to a cell is read the way Sheets reads typed input, in the part that makes
 *   writing API text dangerous: in a plain-text ("@") cell it is stored verbatim; elsewhere a
 *   leading apostrophe makes the rest text, and "=", "+", "-" or "@" at the start makes a formula;
 * - writes outside the grid fail, and deleting every row below the frozen ones fails, as in Sheets;
 * - every call is counted by method name, so tests can assert how many calls a plan costs.
 */
interface Cell {
  value: SheetCell;
  formula: string;
  format: string;
  note: string;
}

const GENERAL = 'General';
const emptyCell = (): Cell => ({ value: '', formula: '', format: GENERAL, note: '' });

export class MemorySheet implements SheetPort {
  /** rows[r][c], 0-based; only as large as anything written. */
  private rows: Cell[][] = [];
  private frozen = 0;
  private maxRowCount = 1000;
  private maxColumnCount = 26;
  hidden = false;
  /** Cell colours by "row:column"; white when absent. */
  private readonly backgrounds = new Map<string, string>();
  private readonly checkboxes = new Set<string>();
  readonly protections: Array<{ description: string; warningOnly: boolean }> = [];
  /** The next writeBlock throws this (a Sheets service error no check foresees), once. */
  failNextWrite: Error | null = null;
  /** Called before each writeBlock; throws to fail it. */
  beforeWrite: (sheet: MemorySheet) => void = () => undefined;

  constructor(
    private sheetName: string,
    private readonly calls: Map<string, number>,
  ) {}

  name(): string {
    return this.sheetName;
  }

  lastRow(): number {
    this.count('lastRow');
    for (let row = this.rows.length - 1; row >= 0; row -= 1) {
      if ((this.rows[row] ?? []).some((cell) => cell.value !== '' || cell.formula !== '')) return row + 1;
    }
    return 0;
  }

  maxRows(): number {
    this.count('maxRows');
    return this.maxRowCount;
  }

  maxColumns(): number {
    this.count('maxColumns');
    return this.maxColumnCount;
  }

  readValues(block: CellBlock): SheetCell[][] {
    this.count('readValues');
    return this.read(block, (cell) => (cell.value instanceof Date ? new Date(cell.value.getTime()) : cell.value));
  }

  readFormulas(block: CellBlock): string[][] {
    this.count('readFormulas');
    return this.read(block, (cell) => cell.formula);
  }

  readNumberFormats(block: CellBlock): string[][] {
    this.count('readNumberFormats');
    return this.read(block, (cell) => cell.format);
  }

  writeBlock(
    row: number,
    column: number,
    values: ReadonlyArray<readonly SheetCell[]>,
    numberFormats: ReadonlyArray<readonly string[]>,
    notes?: ReadonlyArray<readonly string[]>,
  ): void {
    this.count('writeBlock');
    this.beforeWrite(this);
    const failure = this.failNextWrite;
    this.failNextWrite = null;
    if (failure) throw failure;
    const width = values[0]?.length ?? 0;
    this.checkBlock({ row, column, rows: values.length, columns: width });
    values.forEach((cells, r) => {
      if (cells.length !== width || numberFormats[r]?.length !== width) throw new Error('The number of columns in the data does not match the range.');
      cells.forEach((value, c) => {
        const cell = this.cellAt(row + r, column + c);
        cell.format = numberFormats[r]?.[c] ?? GENERAL;
        if (notes) cell.note = notes[r]?.[c] ?? '';
        this.store(cell, value);
      });
    });
  }

  setNumberFormat(block: CellBlock, format: string): void {
    this.count('setNumberFormat');
    this.checkBlock(block);
    for (let r = 0; r < block.rows; r += 1) {
      for (let c = 0; c < block.columns; c += 1) this.cellAt(block.row + r, block.column + c).format = format;
    }
  }

  appendRow(values: readonly SheetCell[]): void {
    this.count('appendRow');
    const row = this.lastRowQuietly() + 1;
    if (row > this.maxRowCount) this.maxRowCount = row;
    values.forEach((value, c) => this.store(this.cellAt(row, c + 1), value));
  }

  clearContents(block: CellBlock): void {
    this.count('clearContents');
    this.checkBlock(block);
    for (let r = 0; r < block.rows; r += 1) {
      for (let c = 0; c < block.columns; c += 1) {
        const cell = this.rows[block.row - 1 + r]?.[block.column - 1 + c];
        if (cell) {
          cell.value = '';
          cell.formula = '';
        }
      }
    }
  }

  insertRowsAfter(afterRow: number, count: number): void {
    this.count('insertRowsAfter');
    this.rows.splice(afterRow, 0, ...Array.from({ length: count }, () => []));
    this.maxRowCount += count;
  }

  insertColumnsAfter(_afterColumn: number, count: number): void {
    this.count('insertColumnsAfter');
    this.maxColumnCount += count;
  }

  deleteRows(row: number, count: number): void {
    this.count('deleteRows');
    if (row < 1 || row + count - 1 > this.maxRowCount) throw new Error('Those rows are out of bounds.');
    if (row <= this.frozen + 1 && row + count - 1 >= this.maxRowCount) throw new Error('Sorry, it is not possible to delete all non-frozen rows.');
    this.rows.splice(row - 1, count);
    this.maxRowCount -= count;
  }

  deleteColumns(column: number, count: number): void {
    this.count('deleteColumns');
    if (column < 1 || column + count - 1 > this.maxColumnCount) throw new Error('Those columns are out of bounds.');
    if (count >= this.maxColumnCount) throw new Error('Sorry, it is not possible to delete all non-frozen columns.');
    for (const cells of this.rows) cells.splice(column - 1, count);
    this.maxColumnCount -= count;
  }

  frozenRows(): number {
    this.count('frozenRows');
    return this.frozen;
  }

  setFrozenRows(count: number): void {
    this.count('setFrozenRows');
    if (count >= this.maxRowCount) throw new Error("You can't freeze all visible rows on the sheet.");
    this.frozen = count;
  }

  setBackground(block: CellBlock, colour: string | null): void {
    this.count('setBackground');
    this.checkBlock(block);
    for (let r = 0; r < block.rows; r++) for (let c = 0; c < block.columns; c++) this.backgrounds.set(`${block.row + r}:${block.column + c}`, colour ?? '#ffffff');
  }

  requireCheckboxes(block: CellBlock): void {
    this.count('requireCheckboxes');
    this.checkBlock(block);
    for (let r = 0; r < block.rows; r++) for (let c = 0; c < block.columns; c++) this.checkboxes.add(`${block.row + r}:${block.column + c}`);
  }

  isCheckbox(row: number, column: number): boolean {
    return this.checkboxes.has(`${row}:${column}`);
  }

  backgroundAt(row: number, column: number): string {
    return this.backgrounds.get(`${row}:${column}`) ?? '#ffffff';
  }

  protectWithWarning(description: string): void {
    this.count('protectWithWarning');
    this.protections.push({ description, warningOnly: true });
  }

  hide(): void {
    this.count('hide');
    this.hidden = true;
  }

  /** Charts as the port describes them, ids from 1; the emulator models Apps Script's chart objects. */
  readonly chartList: Array<{ id: number } & ChartSpec> = [];

  charts(): SheetChartsPort {
    const list = this.chartList;
    return {
      ids: () => list.map((chart) => chart.id),
      rangesOf: (id) => list.find((chart) => chart.id === id)?.ranges ?? [],
      insert: (spec) => {
        const id = list.length === 0 ? 1 : Math.max(...list.map((chart) => chart.id)) + 1;
        list.push({ id, ...spec });
        return id;
      },
      update: (id, spec) => {
        const chart = list.find((candidate) => candidate.id === id);
        if (!chart) throw new Error(`The chart ${id} is no longer on the sheet.`);
        Object.assign(chart, spec);
      },
    };
  }

  /** Test helpers (not counted). */
  setMaxRows(count: number): void {
    this.maxRowCount = count;
  }

  values(): SheetCell[][] {
    const last = this.lastRowQuietly();
    const width = Math.max(0, ...this.rows.slice(0, last).map((cells) => cells.length));
    return this.read({ row: 1, column: 1, rows: last, columns: width }, (cell) => cell.value, false);
  }

  formulas(): string[][] {
    const last = this.lastRowQuietly();
    const width = Math.max(0, ...this.rows.slice(0, last).map((cells) => cells.length));
    return this.read({ row: 1, column: 1, rows: last, columns: width }, (cell) => cell.formula, false);
  }

  numberFormats(): string[][] {
    const last = this.lastRowQuietly();
    const width = Math.max(0, ...this.rows.slice(0, last).map((cells) => cells.length));
    return this.read({ row: 1, column: 1, rows: last, columns: width }, (cell) => cell.format, false);
  }

  notes(): string[][] {
    const last = this.lastRowQuietly();
    const width = Math.max(0, ...this.rows.slice(0, last).map((cells) => cells.length));
    return this.read({ row: 1, column: 1, rows: last, columns: width }, (cell) => cell.note, false);
  }

  formatAt(row: number, column: number): string {
    return this.rows[row - 1]?.[column - 1]?.format ?? GENERAL;
  }

  /** Types into cells as a user would (for user columns and set-up). */
  type(row: number, column: number, input: string): void {
    this.store(this.cellAt(row, column), input);
  }

  rename(name: string): void {
    this.sheetName = name;
  }

  reenter(text: string): number {
    let touched = 0;
    for (const cells of this.rows) for (const cell of cells) if (cell.formula.toUpperCase().includes(text.toUpperCase())) touched += 1;
    return touched;
  }

  private lastRowQuietly(): number {
    for (let row = this.rows.length - 1; row >= 0; row -= 1) {
      if ((this.rows[row] ?? []).some((cell) => cell.value !== '' || cell.formula !== '')) return row + 1;
    }
    return 0;
  }

  private store(cell: Cell, value: SheetCell): void {
    cell.formula = '';
    if (typeof value !== 'string' || cell.format === '@') {
      cell.value = value instanceof Date ? new Date(value.getTime()) : value;
      return;
    }
    if (value.startsWith("'")) {
      cell.value = value.slice(1);
      return;
    }
    if (/^[=+\-@]/.test(value) && value.length > 1 && Number.isNaN(Number(value))) {
      cell.formula = value.startsWith('=') ? value : `=${value}`;
      cell.value = '#ERROR!';
      return;
    }
    cell.value = value === '' || Number.isNaN(Number(value)) ? value : Number(value);
  }

  private cellAt(row: number, column: number): Cell {
    while (this.rows.length < row) this.rows.push([]);
    const cells = this.rows[row - 1] as Cell[];
    while (cells.length < column) cells.push(emptyCell());
    return cells[column - 1] as Cell;
  }

  private read<T>(block: CellBlock, pick: (cell: Cell) => T, check = true): T[][] {
    if (check) this.checkBlock(block);
    return Array.from({ length: block.rows }, (_, r) =>
      Array.from({ length: block.columns }, (_, c) => pick(this.rows[block.row - 1 + r]?.[block.column - 1 + c] ?? emptyCell())),
    );
  }

  private checkBlock(block: CellBlock): void {
    if (block.rows < 1 || block.columns < 1) throw new Error('The number of rows in the range must be at least 1.');
    if (block.row < 1 || block.column < 1 || block.row + block.rows - 1 > this.maxRowCount || block.column + block.columns - 1 > this.maxColumnCount) {
      throw new Error('Range out of bounds.');
    }
  }

  private count(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
  }
}

export class MemorySpreadsheet implements SpreadsheetPort {
  readonly sheets: MemorySheet[] = [];
  readonly calls = new Map<string, number>();
  active = 'Sheet1';
  flushes = 0;
  /** As getSpreadsheetLocale answers; a new spreadsheet's is en_US. */
  spreadsheetLocale = 'en_US';
  /** Called before each writeBlock of any sheet, those inserted later included; throws to fail it. */
  beforeWrite: (sheet: MemorySheet) => void = () => undefined;

  constructor(private readonly zone = 'Europe/Paris') {}

  name(): string {
    return 'Affiliate finance';
  }

  timeZone(): string {
    return this.zone;
  }

  locale(): string {
    return this.spreadsheetLocale;
  }

  gridSizes(): GridSize[] {
    return this.sheets.map((sheet) => ({ sheet: sheet.name(), rows: sheet.maxRows(), columns: sheet.maxColumns() }));
  }

  sheetByName(name: string): MemorySheet | null {
    return this.sheets.find((sheet) => sheet.name() === name) ?? null;
  }

  insertSheet(name: string): MemorySheet {
    if (this.sheetByName(name)) throw new Error(`A sheet with the name "${name}" already exists.`);
    const sheet = new MemorySheet(name, this.calls);
    sheet.beforeWrite = (written) => this.beforeWrite(written);
    this.sheets.push(sheet);
    return sheet;
  }

  deleteSheet(name: string): void {
    const index = this.sheets.findIndex((sheet) => sheet.name() === name);
    if (index >= 0) this.sheets.splice(index, 1);
  }

  activeSheetName(): string {
    return this.active;
  }

  showSheet(name: string): boolean {
    if (!this.sheetByName(name)) return false;
    this.active = name;
    return true;
  }

  reenterFormulasContaining(text: string): number {
    return this.sheets.reduce((total, sheet) => total + sheet.reenter(text), 0);
  }

  flush(): void {
    this.flushes += 1;
  }

  /** Calls made to sheets since the last reset, by method. */
  callCount(method?: string): number {
    if (method) return this.calls.get(method) ?? 0;
    return [...this.calls.values()].reduce((sum, count) => sum + count, 0);
  }

  resetCalls(): void {
    this.calls.clear();
  }

  /** Every sheet's values, formulas and formats, to compare states whole. */
  snapshot(): string {
    return JSON.stringify(
      this.sheets.map((sheet) => ({ name: sheet.name(), values: sheet.values(), formulas: sheet.formulas(), formats: sheet.numberFormats() })),
      (_key, value: unknown) => (value instanceof Date ? `date:${value.getTime()}` : value),
    );
  }
}
