import { z } from 'zod';
import type { SheetPort, SpreadsheetPort } from '../../ports/spreadsheet';
import { PLAIN_TEXT } from '../reports/number-formats';
import type { EditableMemory, RememberedInvoice } from './review';

/** Hidden sheets (the report state's prefix family) holding what the last refresh wrote. */
export const MEMORY_SHEET_PREFIX = '_changes_memory_';

const rememberedSchema = z.object({ version: z.string().nullable(), currency: z.string(), fields: z.record(z.string(), z.string()) });

/**
 * The editable report's memory, one hidden-sheet row per invoice (id | JSON): properties hold 9 KB
 * a value, while a report may hold thousands of invoices. Written after each refresh and after an
 * apply reads changed invoices back; read by review.
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
    for (const [id, json] of sheet.readValues({ row: 1, column: 1, rows: sheet.lastRow(), columns: 2 })) {
      const reading = rememberedSchema.safeParse(safeJson(String(json ?? '')));
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
      else memory[id] = remembered;
    }
    const sheet = this.sheet();
    const rows = Object.entries(memory).map(([id, remembered]) => [id, JSON.stringify(remembered)]);
    const old = sheet.lastRow();
    if (rows.length > 0) sheet.writeBlock(1, 1, rows, rows.map(() => [PLAIN_TEXT, PLAIN_TEXT]));
    if (old > rows.length) sheet.clearContents({ row: rows.length + 1, column: 1, rows: old - rows.length, columns: 2 });
  }

  private sheetName(): string {
    return `${MEMORY_SHEET_PREFIX}${this.reportId}`;
  }

  private sheet(): SheetPort {
    const existing = this.spreadsheet.sheetByName(this.sheetName());
    if (existing) return existing;
    const sheet = this.spreadsheet.insertSheet(this.sheetName());
    sheet.hide();
    return sheet;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
