import type { SheetCell, SheetPort, SpreadsheetPort } from '../../ports/spreadsheet';
import { dateFormatsOf } from '../../sheet/date-formats';
import { toSafeCell } from '../../sheet/safe-values';
import { numberFormatFor, PLAIN_TEXT } from '../reports/number-formats';
import type { AuditRow, AuditSink } from './audit';

export const AUDIT_LOG_SHEET = 'Audit log';
export const AUDIT_LOG_HEADERS = ['Time', 'User', 'Account', 'Invoice', 'Action', 'Before', 'After', 'Result', 'Message'];
/** A log sheet holds this many rows; then a new sheet continues it (never trimmed). */
export const MAX_AUDIT_ROWS_PER_SHEET = 20_000;

/**
 * The `Audit log` sheet(s): one row per change sent and per outcome found out later, appended
 * (atomically) as it happens. Nothing is ever deleted: a full sheet ends with a row naming the
 * sheet that continues it (`Audit log 2`, ...), which starts with a row naming the one before.
 */
export class AuditLogSheet implements AuditSink {
  constructor(
    private readonly spreadsheet: SpreadsheetPort,
    private readonly maxRows = MAX_AUDIT_ROWS_PER_SHEET,
  ) {}

  append(rows: readonly AuditRow[]): void {
    for (const row of rows) {
      const sheet = this.current(row.atMs);
      sheet.appendRow(cellsOf(row).map(toSafeCell));
    }
  }

  /** The name of the sheet written last (`Audit log`, or the one that continues it), or null before any change was logged. */
  latestSheetName(): string | null {
    let name: string | null = null;
    for (let index = 1; this.spreadsheet.sheetByName(index === 1 ? AUDIT_LOG_SHEET : `${AUDIT_LOG_SHEET} ${index}`); index++) {
      name = index === 1 ? AUDIT_LOG_SHEET : `${AUDIT_LOG_SHEET} ${index}`;
    }
    return name;
  }

  /** The sheet written now, rolled over when full (under the document lock, as every apply is). */
  private current(atMs: number): SheetPort {
    let index = 1;
    let sheet = this.spreadsheet.sheetByName(AUDIT_LOG_SHEET);
    if (!sheet) return this.create(AUDIT_LOG_SHEET, null, atMs);
    for (;;) {
      const next = this.spreadsheet.sheetByName(`${AUDIT_LOG_SHEET} ${index + 1}`);
      if (!next) break;
      sheet = next;
      index += 1;
    }
    if (sheet.lastRow() - 1 < this.maxRows) return sheet;
    const nextName = `${AUDIT_LOG_SHEET} ${index + 1}`;
    sheet.appendRow(cellsOf(notice(atMs, `This sheet is full; the audit log continues in "${nextName}". Nothing was removed.`)).map(toSafeCell));
    return this.create(nextName, sheet.name(), atMs);
  }

  private create(name: string, previous: string | null, atMs: number): SheetPort {
    const sheet = this.spreadsheet.insertSheet(name);
    sheet.writeBlock(1, 1, [AUDIT_LOG_HEADERS], [AUDIT_LOG_HEADERS.map(() => PLAIN_TEXT)]);
    sheet.setFrozenRows(1);
    sheet.protectWithWarning('Audit log of changes sent from this document. Written by the add-on: do not edit it by hand.');
    sheet.setNumberFormat({ row: 2, column: 1, rows: sheet.maxRows() - 1, columns: 1 }, numberFormatFor('instant', null, dateFormatsOf(this.spreadsheet.locale())));
    if (previous !== null) sheet.appendRow(cellsOf(notice(atMs, `Continues "${previous}".`)).map(toSafeCell));
    return sheet;
  }
}

function notice(atMs: number, message: string): AuditRow {
  return { atMs, user: '', account: '', invoice: '', action: 'log', before: '', after: '', result: 'note', message };
}

function cellsOf(row: AuditRow): SheetCell[] {
  return [new Date(row.atMs), row.user, row.account, row.invoice, row.action, row.before, row.after, row.result, row.message];
}
