import { z } from 'zod';
import type { SheetPort, SpreadsheetPort } from '../../ports/spreadsheet';
import { cellPieces, textCell } from '../../sheet/columns';
import { hiddenSheet } from '../../sheet/hidden-sheet';
import { PLAIN_TEXT } from '../reports/number-formats';
import type { EditableMemory, RememberedInvoice } from './review';

/** Hidden sheets (the report state's prefix family) holding what the last refresh wrote. */
export const MEMORY_SHEET_PREFIX = '_changes_memory_';

const rememberedSchema = z.object({ version: z.string().nullable(), currency: z.string(), fields: z.record(z.string(), z.string()) });

/**
 * The editable report's memory, one hidden-sheet row per invoice (id | JSON, the JSON over as many
 * cells as it needs: a cell holds 50,000 characters): properties hold 9 KB a value, while a report
 * may hold thousands of invoices. Written after each refresh and after an apply reads changed
 * invoices back; read by review. Fields are remembered as their cells show them (an overlong note
 * is cut in the sheet), so an untouched row never looks changed.
 */
export class EditableMemoryStore {
  constructor(
    private readonly spreadsheet: SpreadsheetPort,
    private readonly reportId: string,
  ) {}

  load(): EditableMemory {
    const sheet = this.spreadsheet.sheetByName(this.sheetName());
    const memory: EditableMemory = {};
    if (!sheet || sheet.lastRow() === 0) return memory;
    for (const [id, ...pieces] of sheet.readValues({ row: 1, column: 1, rows: sheet.lastRow(), columns: Math.max(2, sheet.maxColumns()) })) {
      const reading = rememberedSchema.safeParse(safeJson(pieces.map((piece) => String(piece ?? '')).join('')));
      // A damaged row makes its invoice unknown: review then asks for a refresh instead of guessing.
      if (reading.success) memory[String(id)] = reading.data;
    }
    return memory;
  }

  /** Replaces what is remembered of these invoices (others stay); `null` forgets one (deleted). */
  save(updates: ReadonlyMap<string, RememberedInvoice | null>): void {
    const memory = this.load();
    for (const [id, remembered] of updates) {
      if (remembered === null) delete memory[id];
      else memory[id] = { ...remembered, fields: Object.fromEntries(Object.entries(remembered.fields).map(([field, text]) => [field, String(textCell(text))])) };
    }
    const sheet = this.sheet();
    const split = Object.entries(memory).map(([id, remembered]) => [id, ...cellPieces(JSON.stringify(remembered))]);
    const width = Math.max(2, ...split.map((row) => row.length));
    const rows = split.map((row) => [...row, ...Array<string>(width - row.length).fill('')]);
    const old = { rows: sheet.lastRow(), columns: sheet.maxColumns() };
    if (sheet.maxColumns() < width) sheet.insertColumnsAfter(sheet.maxColumns(), width - sheet.maxColumns());
    // A report of more invoices than a new sheet's 1,000 rows.
    if (sheet.maxRows() < rows.length) sheet.insertRowsAfter(sheet.maxRows(), rows.length - sheet.maxRows());
    if (rows.length > 0) sheet.writeBlock(1, 1, rows, rows.map(() => rows[0]?.map(() => PLAIN_TEXT) ?? []));
    if (old.rows > rows.length) sheet.clearContents({ row: rows.length + 1, column: 1, rows: old.rows - rows.length, columns: Math.max(2, old.columns) });
    if (old.columns > width && rows.length > 0) sheet.clearContents({ row: 1, column: width + 1, rows: rows.length, columns: old.columns - width });
  }

  private sheetName(): string {
    return `${MEMORY_SHEET_PREFIX}${this.reportId}`;
  }

  private sheet(): SheetPort {
    return hiddenSheet(this.spreadsheet, this.sheetName());
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
