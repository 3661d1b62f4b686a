import { AUDIT_LOG_HEADERS, AUDIT_LOG_SHEET } from '../../src/app/changes/audit-sheet';
import type { AddOnHarness } from '../../test-support/harness';
import { renderGrid } from './render-grid';
import { valueGrid } from './report-output';

/** What `npm run apply` prints, Affise and Everflow alike: lines for people, one JSON document for scripts. */
export interface ApplyPrintout {
  text: string[];
  json: Record<string, unknown>;
}

/** The Audit log after the applies (its rows as text). */
export function printAuditLog(harness: AddOnHarness, out: ApplyPrintout): void {
  const log = harness.sheets.spreadsheet.sheetByName(AUDIT_LOG_SHEET);
  const audit = log ? valueGrid(log, 0).grid.slice(1).map((row) => row.map(String)) : [];
  out.text.push('', 'Audit log:', renderGrid([AUDIT_LOG_HEADERS, ...audit], 'table', 'UTC'));
  out.json.audit = audit;
}

/** The report's sheet as the run leaves it. */
export function printReportSheet(harness: AddOnHarness, sheetName: string, out: ApplyPrintout): void {
  const sheet = harness.sheets.spreadsheet.sheetByName(sheetName);
  const grid = sheet ? valueGrid(sheet, 0).grid : [];
  out.text.push('', `Sheet "${sheetName}":`, renderGrid(grid, 'table', 'UTC'));
  out.json.sheet = grid;
}
