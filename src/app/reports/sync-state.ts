import { z } from 'zod';
import type { EverflowInvoiceListItem } from '../../model/invoice';
import { everflowInvoiceListItemSchema } from '../../model/invoice-schema';
import type { SheetCell, SheetPort, SpreadsheetPort } from '../../ports/spreadsheet';
import { cellPieces } from '../../sheet/columns';
import { hiddenSheet } from '../../sheet/hidden-sheet';
import { STATE_SHEET_PREFIX, type ReportDefinition } from './definition';
import { PLAIN_TEXT } from './number-formats';

/**
 * What a report remembers between runs about each invoice it holds: the version (`time_saved`)
 * whose rows are on the sheet and how many rows that is (lines and payments), or the invoice as
 * last recorded (history). Kept in a hidden sheet per report: properties hold 9 KB a value and a
 * cache may forget, while a report may hold tens of thousands of invoices.
 *
 * Layout: A1 holds a JSON header (format version, definition fingerprint, entry count, the zone
 * the report's sheet was written in, when the last history run was recorded), then one row per
 * invoice: id | updatedMs | rows | invoice JSON (history only). The JSON is split across as many
 * cells to the right as it needs, 50,000 characters each, so memory of any size fits a sheet.
 */
export interface InvoiceSyncEntry {
  invoiceId: number;
  /** `time_saved` of the version on the sheet; null when Everflow sent none. */
  updatedMs: number | null;
  /** Rows of this invoice on the sheet. */
  rows: number;
  /** The invoice as last recorded (history reports); null otherwise. */
  item: EverflowInvoiceListItem | null;
}

export interface SyncState {
  /** In the order of the invoice list. */
  entries: Map<number, InvoiceSyncEntry>;
  /** The spreadsheet zone the report's sheet was written in; null when not known (saved before it was kept). */
  timeZone: string | null;
  /** History reports: "Recorded at" of the last run whose rows and memory were both saved; null before the first. */
  recordedAtMs: number | null;
}

export interface LoadedSyncState {
  state: SyncState;
  /** Why the stored state was not used, when it was not (the run starts over, which is always safe). */
  discarded: string | null;
}

const FORMAT_VERSION = 1;
/** id | updatedMs | rows, then the invoice JSON from this column on. */
const FIXED_COLUMNS = 3;
/** Columns of an entry row that holds no invoice longer than a cell (lines and payments never do). */
export const STATE_ENTRY_WIDTH = FIXED_COLUMNS + 1;
const ENTRY_FORMATS = ['0', '0', '0'];

const headerSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  fingerprint: z.string(),
  count: z.number().int().min(0),
  timeZone: z.string().nullable().default(null),
  recordedAtMs: z.number().nullable().default(null),
  /** Columns of the entry rows (memories saved before it was kept are 4 wide). */
  width: z.number().int().min(4).default(4),
});
const rowSchema = z.tuple([z.number().int().positive(), z.union([z.number(), z.literal('')]), z.number().int().min(0)]).rest(z.union([z.string(), z.number(), z.boolean()]));

export const stateSheetName = (reportId: string): string => `${STATE_SHEET_PREFIX}${reportId}`;

/** Changes whenever a change to the report makes what it remembers meaningless. */
export function stateFingerprint(definition: ReportDefinition): string {
  const { kind, mode, sheet, filters } = definition;
  return JSON.stringify({ kind, mode, sheet, filters });
}

export const emptySyncState = (): SyncState => ({ entries: new Map(), timeZone: null, recordedAtMs: null });

/** What the state sheet holds for `state`: a rectangle, every cell within the cell limit, with each cell's number format. */
export interface StateGrid {
  values: SheetCell[][];
  formats: string[][];
  width: number;
}

export function stateGrid(definition: ReportDefinition, state: SyncState): StateGrid {
  const rows: SheetCell[][] = [];
  for (const entry of state.entries.values()) {
    rows.push([entry.invoiceId, entry.updatedMs ?? '', entry.rows, ...cellPieces(entry.item ? JSON.stringify(entry.item) : '')]);
  }
  const entryWidth = rows.reduce((widest, row) => Math.max(widest, row.length), STATE_ENTRY_WIDTH);
  const header = JSON.stringify({
    version: FORMAT_VERSION,
    fingerprint: stateFingerprint(definition),
    count: state.entries.size,
    timeZone: state.timeZone,
    recordedAtMs: state.recordedAtMs,
    width: entryWidth,
  });
  const headerCells = cellPieces(header);
  const width = Math.max(entryWidth, headerCells.length);
  const pad = (row: SheetCell[]): SheetCell[] => [...row, ...Array<SheetCell>(width - row.length).fill('')];
  return {
    values: [pad(headerCells), ...rows.map(pad)],
    formats: [Array<string>(width).fill(PLAIN_TEXT), ...rows.map(() => [...ENTRY_FORMATS, ...Array<string>(width - FIXED_COLUMNS).fill(PLAIN_TEXT)])],
    width,
  };
}

export class SyncStateStore {
  constructor(private readonly spreadsheet: SpreadsheetPort) {}

  load(definition: ReportDefinition): LoadedSyncState {
    const sheet = this.spreadsheet.sheetByName(stateSheetName(definition.id));
    const lastRow = sheet?.lastRow() ?? 0;
    if (!sheet || lastRow === 0) return { state: emptySyncState(), discarded: null };
    try {
      // The header says how wide the entries are: a memory without long invoices is read 4 columns wide.
      const maxColumns = sheet.maxColumns();
      const header = parseHeader(sheet.readValues({ row: 1, column: 1, rows: 1, columns: maxColumns })[0] ?? [], stateFingerprint(definition));
      if (lastRow < header.count + 1) throw new Error(`it lists ${header.count} invoices but holds ${lastRow - 1}`);
      const rows = header.count === 0 ? [] : sheet.readValues({ row: 2, column: 1, rows: header.count, columns: Math.min(header.width, maxColumns) });
      return { state: parseEntries(header, rows), discarded: null };
    } catch (error) {
      return { state: emptySyncState(), discarded: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The state sheet's grid size now, or null when there is none yet. */
  size(reportId: string): { rows: number; columns: number } | null {
    const sheet = this.spreadsheet.sheetByName(stateSheetName(reportId));
    return sheet ? { rows: sheet.maxRows(), columns: sheet.maxColumns() } : null;
  }

  /**
   * Writes a grid from `stateGrid`: one write, the sheet cut to the grid's width first (a new
   * sheet's 26 columns would hold 6 times the cells a memory needs, against the spreadsheet's
   * limit) and grown to its height, and what the last state left below it cleared.
   */
  save(grid: StateGrid, reportId: string): void {
    const sheet = this.sheetFor(reportId);
    const { values, formats, width } = grid;
    const previousRows = sheet.lastRow();
    const maxColumns = sheet.maxColumns();
    if (maxColumns > width) sheet.deleteColumns(width + 1, maxColumns - width);
    if (maxColumns < width) sheet.insertColumnsAfter(maxColumns, width - maxColumns);
    const maxRows = sheet.maxRows();
    if (maxRows < values.length) sheet.insertRowsAfter(maxRows, values.length - maxRows);
    sheet.writeBlock(1, 1, values, formats);
    if (previousRows > values.length) sheet.clearContents({ row: values.length + 1, column: 1, rows: previousRows - values.length, columns: width });
  }

  remove(reportId: string): void {
    this.spreadsheet.deleteSheet(stateSheetName(reportId));
  }

  private sheetFor(reportId: string): SheetPort {
    return hiddenSheet(this.spreadsheet, stateSheetName(reportId));
  }
}

type StateHeader = z.infer<typeof headerSchema>;

function parseHeader(cells: readonly SheetCell[], fingerprint: string): StateHeader {
  const header = headerSchema.safeParse(safeJson(cells.map(String).join('')));
  if (!header.success) throw new Error('its header is not readable');
  if (header.data.fingerprint !== fingerprint) throw new Error('the report changed since it was saved');
  return header.data;
}

function parseEntries(header: StateHeader, values: SheetCell[][]): SyncState {
  const entries = new Map<number, InvoiceSyncEntry>();
  for (const cells of values) {
    const row = rowSchema.safeParse(cells);
    if (!row.success) throw new Error('a row is not readable');
    const [invoiceId, updatedMs, rows, ...pieces] = row.data;
    const itemJson = pieces.map(String).join('');
    const item = itemJson === '' ? null : everflowInvoiceListItemSchema.safeParse(safeJson(itemJson));
    if (item !== null && !item.success) throw new Error(`invoice ${invoiceId} is not readable`);
    entries.set(invoiceId, { invoiceId, updatedMs: updatedMs === '' ? null : updatedMs, rows, item: item?.data ?? null });
  }
  return { entries, timeZone: header.timeZone, recordedAtMs: header.recordedAtMs };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
