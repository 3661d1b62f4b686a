import { z } from 'zod';
import type { SheetCell, SheetPort, SpreadsheetPort } from '../../ports/spreadsheet';
import { cellPieces } from '../../sheet/columns';
import { hiddenSheet } from '../../sheet/hidden-sheet';
import { PLAIN_TEXT } from '../reports/number-formats';
import { cellRoom, NEW_SHEET_GRID } from '../reports/plan-check';
import type { PlannedChange } from './change';

/*
 * The durable apply journal: one row per change in a hidden sheet beside the change memory
 * (`_changes_journal_<report>`), written and flushed before its request goes out and written again
 * after its answer comes back. It survives a timeout, a crash and the 6-minute limit, so the next
 * apply knows what was sent, what is unclear, and what is left. A sheet, not document properties:
 * those hold 500 KB for everything (about 700 changes), while a sheet holds thousands of rows.
 * A row is the change key | its state (for a person looking) | the entry's JSON over as many
 * cells as it needs (a cell holds 50,000 characters).
 */

/** Hidden sheets (the report state's prefix family, like the change memory) holding each report's journal. */
export const JOURNAL_SHEET_PREFIX = '_changes_journal_';

const fieldChangeSchema = z.object({ field: z.string(), label: z.string(), before: z.string(), after: z.string() });

const plannedChangeSchema = z.object({
  key: z.string(),
  action: z.enum(['update', 'correction', 'delete', 'create']),
  invoiceId: z.string().nullable(),
  rowKey: z.string(),
  fields: z.array(fieldChangeSchema),
  amount: z.object({ text: z.string(), currency: z.string() }).nullable(),
  comment: z.string(),
  affiliateId: z.string().nullable(),
  token: z.string().nullable(),
  baseVersion: z.string().nullable(),
  newInvoice: z
    .object({
      startDate: z.string(),
      endDate: z.string(),
      paymentTermsDays: z.number().int().nullable(),
      internalNotes: z.string(),
      lines: z.array(z.object({ offerId: z.string().nullable(), type: z.string(), amount: z.string(), quantity: z.number().int(), notes: z.string() })),
    })
    .optional(),
});

const journalEntrySchema = z.object({
  planId: z.string(),
  /** The change's place in its plan. */
  seq: z.number().int(),
  change: plannedChangeSchema,
  state: z.enum(['queued', 'under-way', 'applied', 'refused', 'conflict', 'awaiting']),
  /** Evidence taken before sending, for the "did it land?" check (ChangeProvider.baseline). */
  baseline: z.string(),
  /** The audit log's "before" for this change. */
  before: z.string(),
  /** The last result in words. */
  message: z.string(),
  /** When the state was last set. */
  atMs: z.number(),
  /** A creation's invoice id once found. */
  createdId: z.string().nullable(),
  /** A creation the provider accepted (audited as such): finding it later only adds its id. */
  accepted: z.boolean().default(false),
});

export type JournalEntry = z.infer<typeof journalEntrySchema>;

export type EntryPatch = Partial<Pick<JournalEntry, 'state' | 'baseline' | 'before' | 'message' | 'atMs' | 'createdId' | 'accepted'>>;

/** A change's journal entry as a plan is confirmed. */
export function queuedEntry(planId: string, seq: number, change: PlannedChange, atMs: number): JournalEntry {
  return { planId, seq, change, state: 'queued', baseline: '', before: '', message: 'Confirmed; not sent yet.', atMs, createdId: null, accepted: false };
}

/** What the journal sheet holds, read once per journal: later reads answer from it, every write goes through to the sheet. */
interface JournalRows {
  entries: Map<string, JournalEntry>;
  rowOf: Map<string, number>;
  /** The next free row. */
  nextRow: number;
  /** JSON cells of the widest row ever written: a narrower row clears the rest. */
  width: number;
}

/**
 * The most changes one apply takes. The journal sheet would hold more, but the review dialog lists
 * every change and sends the plan's change keys back to be applied (200,000 characters at most),
 * and each row's result is written on its row: 5,000 keep all of that well inside its limits.
 */
export const MAX_CHANGES_PER_APPLY = 5_000;

/** Key and state come before the JSON cells. */
const LEADING_COLUMNS = 2;

export class ChangeJournal {
  private rows: JournalRows | null = null;

  /** `scope` separates journals (one per editable report). */
  constructor(
    private readonly spreadsheet: SpreadsheetPort,
    private readonly scope: string,
  ) {}

  sheetName(): string {
    return `${JOURNAL_SHEET_PREFIX}${this.scope}`;
  }

  /** Every entry, in plan and sequence order. Entries that cannot be read are reported, never dropped silently. */
  entries(): JournalEntry[] {
    return [...this.load().entries.values()].sort((a, b) => (a.planId === b.planId ? a.seq - b.seq : a.planId < b.planId ? -1 : 1));
  }

  /**
   * How many entries the journal can hold: MAX_CHANGES_PER_APPLY, or fewer when the spreadsheet
   * is near Sheets' 10 million cells (each entry takes a row of the journal sheet's grid).
   */
  capacity(): number {
    const sheet = this.spreadsheet.sheetByName(this.sheetName());
    const cellsPerRow = Math.max(NEW_SHEET_GRID.columns, sheet?.maxColumns() ?? 0);
    return Math.max(0, Math.min(MAX_CHANGES_PER_APPLY, Math.floor(cellRoom(this.spreadsheet, [this.sheetName()]) / cellsPerRow)));
  }

  /** Writes one entry and flushes it. */
  put(entry: JournalEntry): void {
    this.write([entry]);
    this.spreadsheet.flush();
  }

  update(entry: JournalEntry, patch: EntryPatch): JournalEntry {
    return this.updateAll([entry], () => patch)[0] ?? { ...entry, ...patch };
  }

  /** Updates several entries in one write and one flush (a batch recorded under way before its request). */
  updateAll(entries: readonly JournalEntry[], patchOf: (entry: JournalEntry) => EntryPatch): JournalEntry[] {
    const next = entries.map((entry) => ({ ...entry, ...patchOf(entry) }));
    this.write(next);
    this.spreadsheet.flush();
    return next;
  }

  /** The journal becomes exactly `entries` (others go), in one write and one flush. */
  replace(entries: readonly JournalEntry[]): void {
    const rows = this.load();
    const oldLast = rows.nextRow - 1;
    rows.entries.clear();
    rows.rowOf.clear();
    rows.nextRow = 1;
    this.write(entries);
    const sheet = this.spreadsheet.sheetByName(this.sheetName());
    if (sheet && oldLast >= rows.nextRow) sheet.clearContents({ row: rows.nextRow, column: 1, rows: oldLast - rows.nextRow + 1, columns: LEADING_COLUMNS + rows.width });
    this.spreadsheet.flush();
  }

  private load(): JournalRows {
    if (this.rows !== null) return this.rows;
    const rows: JournalRows = { entries: new Map(), rowOf: new Map(), nextRow: 1, width: 1 };
    const sheet = this.spreadsheet.sheetByName(this.sheetName());
    const last = sheet?.lastRow() ?? 0;
    if (sheet && last > 0) {
      const columns = Math.max(LEADING_COLUMNS + 1, sheet.maxColumns());
      sheet.readValues({ row: 1, column: 1, rows: last, columns }).forEach((cells, index) => {
        const key = String(cells[0] ?? '');
        if (key === '') return;
        const pieces = cells.slice(LEADING_COLUMNS).map((cell) => String(cell ?? ''));
        while (pieces.length > 1 && pieces[pieces.length - 1] === '') pieces.pop();
        rows.width = Math.max(rows.width, pieces.length);
        rows.entries.set(key, parseEntry(key, pieces.join('')));
        rows.rowOf.set(key, index + 1);
      });
      rows.nextRow = last + 1;
    }
    this.rows = rows;
    return rows;
  }

  /** Writes entries to their rows (new ones after the last), contiguous rows as one block. Callers flush: durable before any request. */
  private write(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return;
    const rows = this.load();
    const pending = entries.map((entry) => {
      const key = entry.change.key;
      let row = rows.rowOf.get(key);
      if (row === undefined) {
        row = rows.nextRow++;
        rows.rowOf.set(key, row);
      }
      rows.entries.set(key, entry);
      const pieces = cellPieces(JSON.stringify(entry));
      rows.width = Math.max(rows.width, pieces.length);
      return { row, key, state: entry.state, pieces };
    });
    const sheet = this.sheet();
    const width = LEADING_COLUMNS + rows.width;
    if (sheet.maxColumns() < width) sheet.insertColumnsAfter(sheet.maxColumns(), width - sheet.maxColumns());
    const lastRow = Math.max(...pending.map((line) => line.row));
    if (sheet.maxRows() < lastRow) sheet.insertRowsAfter(sheet.maxRows(), lastRow - sheet.maxRows());
    pending.sort((a, b) => a.row - b.row);
    const formats = Array<string>(width).fill(PLAIN_TEXT);
    for (let start = 0; start < pending.length; ) {
      let end = start + 1;
      while (end < pending.length && pending[end]?.row === (pending[end - 1]?.row ?? 0) + 1) end++;
      const run = pending.slice(start, end);
      const values: SheetCell[][] = run.map((line) => [line.key, line.state, ...line.pieces, ...Array<string>(rows.width - line.pieces.length).fill('')]);
      sheet.writeBlock(run[0]?.row ?? 1, 1, values, values.map(() => formats));
      start = end;
    }
  }

  private sheet(): SheetPort {
    return hiddenSheet(this.spreadsheet, this.sheetName());
  }
}

function parseEntry(key: string, text: string): JournalEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`The apply journal entry ${key} cannot be read; nothing is sent until it is checked.`);
  }
  const reading = journalEntrySchema.safeParse(parsed);
  if (!reading.success) throw new Error(`The apply journal entry ${key} is not in the expected shape; nothing is sent until it is checked.`);
  return reading.data;
}
