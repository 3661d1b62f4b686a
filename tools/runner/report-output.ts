/**
 * What `npm run report` prints: one line per run, then the report's sheet, as a table for people
 * or as one JSON document for scripts.
 */
import type { ReportDefinition } from '../../src/app/reports/definition';
import { progressText } from '../../src/app/reports/definition';
import type { CellValue, FakeSheet } from '../../test-support/emulator/spreadsheet';
import { isSheetDate, isSheetError } from '../../test-support/emulator/spreadsheet/cell-value';
import { wallMsOfSerial } from '../../test-support/emulator/spreadsheet/zone';
import { wallClockIso } from '../../test-support/intl-zone-rules';
import { renderGrid } from './render-grid';
import type { ReportRun } from './report-runs';

export const REPORT_OUTPUT_FORMATS = ['table', 'json'] as const;
export type ReportOutputFormat = (typeof REPORT_OUTPUT_FORMATS)[number];

/** One run as printed. */
export interface RunSummaryRow {
  run: number;
  /** Wall clock in the spreadsheet's zone, "YYYY-MM-DD HH:MM:SS". */
  startedAt: string;
  /** Executions of the trigger until the report's slot came (1 when it was due at once). */
  executions: number;
  result: string;
  requests: number | null;
  rateLimited: number | null;
  rowsWritten: number | null;
  rowsRemoved: number | null;
  durationSeconds: number | null;
  /** "3,000 / 10,000 invoices" while a backfill is under way; null when complete. */
  progress: string | null;
  /** The error, or why the run was skipped. */
  details: string | null;
  /** Invoices the demo API changed just before this run (--change-fraction). */
  changedBefore: number | null;
}


export function summariseRun(run: ReportRun, index: number, timeZone: string, changedBefore: number | null): RunSummaryRow {
  const { log, status } = run;
  // The execution itself failed (e.g. the 6-minute limit) before the report could log its run.
  const executionError = !run.outcome.ok && log === null ? run.outcome.error : null;
  return {
    run: index,
    startedAt: wallClockIso(run.startedAtMs, timeZone).replace('T', ' '),
    executions: run.executions,
    result: executionError !== null ? 'error' : (log?.result ?? status.lastResult ?? 'unknown'),
    requests: log?.requests ?? null,
    rateLimited: log?.rateLimited ?? null,
    rowsWritten: log?.rowsWritten ?? null,
    rowsRemoved: log?.rowsRemoved ?? null,
    durationSeconds: log?.durationSeconds ?? null,
    progress: progressText(status.progress),
    details: executionError ?? (status.lastResult === 'failed' ? status.lastError : null),
    changedBefore,
  };
}

const shown = (value: number | null): string => (value === null ? '' : value.toLocaleString('en-US'));

export function renderRunsTable(rows: readonly RunSummaryRow[], timeZone: string): string {
  const withChanges = rows.some((row) => row.changedBefore !== null);
  const header = ['Run', `Started (${timeZone})`, 'Firings', 'Result', 'Requests', '429s', 'Rows written', 'Rows removed', 'Duration (s)', 'Progress / error'];
  if (withChanges) header.splice(1, 0, 'Changed before');
  const grid = rows.map((row) => {
    const cells = [
      String(row.run),
      row.startedAt,
      String(row.executions),
      row.result,
      shown(row.requests),
      shown(row.rateLimited),
      shown(row.rowsWritten),
      shown(row.rowsRemoved),
      row.durationSeconds === null ? '' : row.durationSeconds.toFixed(1),
      row.details ?? row.progress ?? 'complete',
    ];
    if (withChanges) cells.splice(1, 0, shown(row.changedBefore));
    return cells;
  });
  return renderGrid([header, ...grid], 'table', timeZone);
}

/** The sheet's content area as Sheets shows it (display text), up to `maxRows` data rows. */
export function displayGrid(sheet: FakeSheet, maxRows: number): { grid: string[][]; omittedRows: number } {
  return readSheet(sheet, maxRows, (row, column) => sheet.displayAt(row, column));
}

/** The sheet's values for JSON: numbers, text, booleans, dates as wall-clock "YYYY-MM-DDTHH:MM:SS", errors as their code. */
export function valueGrid(sheet: FakeSheet, maxRows: number): { grid: Array<Array<string | number | boolean>>; omittedRows: number } {
  return readSheet(sheet, maxRows, (row, column) => jsonCell(sheet.typedValueAt(row, column)));
}

function jsonCell(value: CellValue): string | number | boolean {
  if (typeof value !== 'object') return value;
  if (isSheetDate(value)) return new Date(wallMsOfSerial(value.serial)).toISOString().slice(0, 19);
  return isSheetError(value) ? value.code : '';
}

function readSheet<T>(sheet: FakeSheet, maxRows: number, cellAt: (row: number, column: number) => T): { grid: T[][]; omittedRows: number } {
  const lastRow = sheet.lastRow();
  const shownRows = maxRows > 0 ? Math.min(lastRow, maxRows + 1) : lastRow;
  const width = sheet.lastColumn();
  const grid = Array.from({ length: shownRows }, (_, row) => Array.from({ length: width }, (__, column) => cellAt(row + 1, column + 1)));
  return { grid, omittedRows: lastRow - shownRows };
}

export interface ReportRunnerResult {
  report: ReportDefinition;
  spreadsheetTimeZone: string;
  api: string;
  runs: RunSummaryRow[];
  sheet: Array<Array<string | number | boolean>>;
  omittedRows: number;
}
