import { z } from 'zod';
import type { InvoiceListItem } from '../../model/invoice';
import { invoiceListItemSchema } from '../../model/invoice-schema';
import type { SheetCell, SheetPort, SpreadsheetPort } from '../../ports/spreadsheet';
import { STATE_SHEET_PREFIX, type ReportDefinition } from './definition';
import { PLAIN_TEXT } from './number-formats';

/**
 * What a report remembers between runs about each invoice it holds: the version (`time_saved`)
 * whose rows are on the sheet and how many rows that is (lines and payments), or the invoice as
 * last recorded (history). Kept in a hidden sheet per report: properties hold 9 KB a value and a
 * cache may forget, while a report may hold tens of thousands of invoices.
 *
 * Layout: A1 holds a JSON header (format version, definition fingerprint, entry count), then one
 * row per invoice: id | updatedMs | rows | invoice JSON (history only).
 */
export interface InvoiceSyncEntry {
  invoiceId: number;
  /** `time_saved` of the version on the sheet; null when Everflow sent none. */
  updatedMs: number | null;
  /** Rows of this invoice on the sheet. */
  rows: number;
  /** The invoice as last recorded (history reports); null otherwise. */
  item: InvoiceListItem | null;
}

export interface SyncState {
  /** In the order of the invoice list. */
  entries: Map<number, InvoiceSyncEntry>;
}

export interface LoadedSyncState {
  state: SyncState;
  /** Why the stored state was not used, when it was not (the run starts over, which is always safe). */
  discarded: string | null;
}

const FORMAT_VERSION = 1;
const COLUMNS = 4;
const HEADER_FORMATS = [PLAIN_TEXT, PLAIN_TEXT, PLAIN_TEXT, PLAIN_TEXT];
const ENTRY_FORMATS = ['0', '0', '0', PLAIN_TEXT];

const headerSchema = z.object({ version: z.literal(FORMAT_VERSION), fingerprint: z.string(), count: z.number().int().min(0) });
const rowSchema = z.tuple([
  z.number().int().positive(),
  z.union([z.number(), z.literal('')]),
  z.number().int().min(0),
  z.string(),
]);

export const stateSheetName = (reportId: string): string => `${STATE_SHEET_PREFIX}${reportId}`;

/** Changes whenever a change to the report makes what it remembers meaningless. */
export function stateFingerprint(definition: ReportDefinition): string {
  const { kind, mode, sheet, filters } = definition;
  return JSON.stringify({ kind, mode, sheet, filters });
}

export const emptySyncState = (): SyncState => ({ entries: new Map() });

export class SyncStateStore {
  constructor(private readonly spreadsheet: SpreadsheetPort) {}

  load(definition: ReportDefinition): LoadedSyncState {
    const sheet = this.spreadsheet.sheetByName(stateSheetName(definition.id));
    const lastRow = sheet?.lastRow() ?? 0;
    if (!sheet || lastRow === 0) return { state: emptySyncState(), discarded: null };
    const values = sheet.readValues({ row: 1, column: 1, rows: lastRow, columns: COLUMNS });
    try {
      return { state: parseState(values, stateFingerprint(definition)), discarded: null };
    } catch (error) {
      return { state: emptySyncState(), discarded: error instanceof Error ? error.message : String(error) };
    }
  }

  save(definition: ReportDefinition, state: SyncState): void {
    const sheet = this.sheetFor(definition.id);
    const header = JSON.stringify({ version: FORMAT_VERSION, fingerprint: stateFingerprint(definition), count: state.entries.size });
    const rows: SheetCell[][] = [[header, '', '', '']];
    for (const entry of state.entries.values()) {
      rows.push([entry.invoiceId, entry.updatedMs ?? '', entry.rows, entry.item ? JSON.stringify(entry.item) : '']);
    }
    const previousRows = sheet.lastRow();
    const maxRows = sheet.maxRows();
    if (maxRows < rows.length) sheet.insertRowsAfter(maxRows, rows.length - maxRows);
    sheet.writeBlock(
      1,
      1,
      rows,
      rows.map((_, index) => (index === 0 ? HEADER_FORMATS : ENTRY_FORMATS)),
    );
    if (previousRows > rows.length) sheet.clearContents({ row: rows.length + 1, column: 1, rows: previousRows - rows.length, columns: COLUMNS });
  }

  remove(reportId: string): void {
    this.spreadsheet.deleteSheet(stateSheetName(reportId));
  }

  private sheetFor(reportId: string): SheetPort {
    const existing = this.spreadsheet.sheetByName(stateSheetName(reportId));
    if (existing) return existing;
    const created = this.spreadsheet.insertSheet(stateSheetName(reportId));
    created.hide();
    return created;
  }
}

function parseState(values: SheetCell[][], fingerprint: string): SyncState {
  const headerCell = values[0]?.[0];
  const header = headerSchema.safeParse(typeof headerCell === 'string' ? safeJson(headerCell) : null);
  if (!header.success) throw new Error('its header is not readable');
  if (header.data.fingerprint !== fingerprint) throw new Error('the report changed since it was saved');
  if (values.length < header.data.count + 1) throw new Error(`it lists ${header.data.count} invoices but holds ${values.length - 1}`);
  const entries = new Map<number, InvoiceSyncEntry>();
  for (const cells of values.slice(1, header.data.count + 1)) {
    const row = rowSchema.safeParse(cells);
    if (!row.success) throw new Error('a row is not readable');
    const [invoiceId, updatedMs, rows, itemJson] = row.data;
    const item = itemJson === '' ? null : invoiceListItemSchema.safeParse(safeJson(itemJson));
    if (item !== null && !item.success) throw new Error(`invoice ${invoiceId} is not readable`);
    entries.set(invoiceId, { invoiceId, updatedMs: updatedMs === '' ? null : updatedMs, rows, item: item?.data ?? null });
  }
  return { entries };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
