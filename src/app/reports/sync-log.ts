import type { SheetCell, SheetPort, SpreadsheetPort } from '../../ports/spreadsheet';
import { dateFormatsOf } from '../../sheet/date-formats';
import { toSafeCell } from '../../sheet/safe-values';
import { SYNC_LOG_SHEET } from './definition';
import { numberFormatFor, PLAIN_TEXT } from './number-formats';

/** One line of the `Sync log` sheet. */
export interface SyncLogEntry {
  atMs: number;
  report: string;
  /** ok, partial, failed, skipped, unreadable. */
  result: string;
  rowsWritten: number;
  rowsRemoved: number;
  requests: number;
  rateLimited: number;
  durationMs: number;
  /** The error, the backfill's progress, or why the run was skipped. */
  details: string;
}

export const SYNC_LOG_HEADERS = ['Time', 'Report', 'Result', 'Rows written', 'Rows removed', 'Requests', '429s', 'Duration (s)', 'Details'];
/** The log keeps this many lines, newest last; older ones are deleted. */
export const MAX_SYNC_LOG_ROWS = 500;

/**
 * The run history every user of the document can see (Apps Script sends no e-mail when an add-on
 * trigger fails). Lines are appended with appendRow, which Sheets makes atomic, so a run that
 * could not take the lock can still say so without colliding with the one that holds it.
 */
export class SyncLog {
  constructor(private readonly spreadsheet: SpreadsheetPort) {}

  /**
   * Appends a line, creating the sheet first (only under the document lock: two creators would
   * collide). The Time column is then formatted to its end, so this line and any appended without
   * the lock read as every date and time of the add-on does (in the spreadsheet's locale).
   */
  append(entry: SyncLogEntry): void {
    const sheet = this.sheet();
    this.appendTo(sheet, entry);
    sheet.setNumberFormat({ row: 2, column: 1, rows: sheet.maxRows() - 1, columns: 1 }, numberFormatFor('instant', null, dateFormatsOf(this.spreadsheet.locale())));
  }

  /** Appends a line only if the sheet exists: for runs that do not hold the lock. */
  appendIfPresent(entry: SyncLogEntry): void {
    const sheet = this.spreadsheet.sheetByName(SYNC_LOG_SHEET);
    if (sheet) this.appendTo(sheet, entry);
  }

  /** Deletes the oldest lines beyond the cap, in one call (under the lock). */
  trim(): void {
    const sheet = this.spreadsheet.sheetByName(SYNC_LOG_SHEET);
    if (!sheet) return;
    const excess = sheet.lastRow() - 1 - MAX_SYNC_LOG_ROWS;
    if (excess > 0) sheet.deleteRows(2, excess);
  }

  private appendTo(sheet: SheetPort, entry: SyncLogEntry): void {
    const cells: SheetCell[] = [
      new Date(entry.atMs),
      entry.report,
      entry.result,
      entry.rowsWritten,
      entry.rowsRemoved,
      entry.requests,
      entry.rateLimited,
      Math.round(entry.durationMs / 100) / 10,
      entry.details,
    ];
    // Report names and error texts may hold anything, Everflow's words included.
    sheet.appendRow(cells.map(toSafeCell));
  }

  private sheet(): SheetPort {
    const existing = this.spreadsheet.sheetByName(SYNC_LOG_SHEET);
    if (existing) return existing;
    const sheet = this.spreadsheet.insertSheet(SYNC_LOG_SHEET);
    sheet.writeBlock(
      1,
      1,
      [SYNC_LOG_HEADERS],
      [SYNC_LOG_HEADERS.map(() => PLAIN_TEXT)],
    );
    sheet.setFrozenRows(1);
    return sheet;
  }
}
