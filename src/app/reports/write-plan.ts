import type { SheetCell, SheetPort } from '../../ports/spreadsheet';
import { toSafeCell } from '../../sheet/safe-values';
import { PLAIN_TEXT } from './number-formats';
import { notesOf, type ReportRow } from './report-table';

/**
 * What an output mode wants done to the sheet, computed from what the sheet holds and what the
 * report should show, before anything is written. Row numbers are 1-based and read in order:
 * each step sees the sheet as the steps before it left it.
 */
export type PlanStep =
  /** Writes whole report rows (every report column) from `row` down. */
  | { kind: 'write'; row: number; rows: ReportRow[] }
  /** Empties the report's columns of `count` rows, formatting and user columns untouched. */
  | { kind: 'clear'; row: number; count: number }
  /** Deletes `count` whole rows: user columns go with their row. */
  | { kind: 'delete'; row: number; count: number };

export interface WritePlan {
  steps: PlanStep[];
  /** Data rows added or changed (unchanged rows rewritten to save a call are not counted). */
  rowsChanged: number;
  rowsRemoved: number;
}

/**
 * Unchanged rows between two changed ones are rewritten as they are when the gap is this short:
 * a write call costs more than a few rows of cells.
 */
export const MAX_REWRITTEN_GAP = 10;

/**
 * Write steps for the `changed` sheet rows (ascending), merging neighbours into one block. A gap
 * is bridged only when every row in it has a known content in `known` to write back.
 */
export function writeSteps(changed: readonly number[], known: ReadonlyMap<number, ReportRow>): PlanStep[] {
  const steps: Array<{ kind: 'write'; row: number; rows: ReportRow[] }> = [];
  for (const row of changed) {
    const content = known.get(row);
    if (!content) throw new Error(`No content for row ${row} of the write plan.`);
    const last = steps[steps.length - 1];
    const end = last ? last.row + last.rows.length : -1;
    const gap = last ? bridge(end, row, known) : null;
    if (last && gap) last.rows.push(...gap, content);
    else steps.push({ kind: 'write', row, rows: [content] });
  }
  return steps;
}

/** The known rows from `from` to just before `to`, or null when the gap is too long or not all known. */
function bridge(from: number, to: number, known: ReadonlyMap<number, ReportRow>): ReportRow[] | null {
  if (to - from > MAX_REWRITTEN_GAP) return null;
  const rows: ReportRow[] = [];
  for (let row = from; row < to; row += 1) {
    const content = known.get(row);
    if (!content) return null;
    rows.push(content);
  }
  return rows;
}

/** Consecutive sheet rows (ascending) as delete steps, bottom run first so no step moves another. */
export function deleteSteps(rows: readonly number[]): PlanStep[] {
  const runs: Array<{ kind: 'delete'; row: number; count: number }> = [];
  for (const row of rows) {
    const last = runs[runs.length - 1];
    if (last && last.row + last.count === row) last.count += 1;
    else runs.push({ kind: 'delete', row, count: 1 });
  }
  return runs.reverse();
}

/**
 * The cells as setValues must receive them. A plain-text cell stores a string verbatim (Sheets
 * parses nothing there, and would keep an apostrophe as part of the text); anywhere else a
 * string that Sheets would read as a formula, number, date or boolean gets the apostrophe.
 */
export function sheetCellsOf(row: ReportRow): SheetCell[] {
  return row.cells.map((cell, index) => (row.formats[index] === PLAIN_TEXT ? cell : toSafeCell(cell)));
}

/**
 * Carries a plan out: grows the sheet where a write needs it, freezes the header row, then one
 * call per step.
 */
export function applyPlan(sheet: SheetPort, plan: WritePlan, width: number, onStepDone: (step: PlanStep) => void = () => undefined): void {
  if (plan.steps.length === 0) return;
  const maxColumns = sheet.maxColumns();
  if (maxColumns < width) sheet.insertColumnsAfter(maxColumns, width - maxColumns);
  // The header row stays in view; a user who froze more rows keeps them.
  const frozenByUser = sheet.frozenRows();
  let maxRows = sheet.maxRows();
  // Sheets refuses to freeze every row of a sheet: a one-row sheet gets its second row first.
  if (frozenByUser === 0 && maxRows < 2) {
    sheet.insertRowsAfter(maxRows, 2 - maxRows);
    maxRows = 2;
  }
  if (frozenByUser === 0) sheet.setFrozenRows(1);
  const frozenRows = Math.max(frozenByUser, 1);
  for (const step of plan.steps) {
    switch (step.kind) {
      case 'write': {
        const end = step.row + step.rows.length - 1;
        if (end > maxRows) {
          sheet.insertRowsAfter(maxRows, end - maxRows);
          maxRows = end;
        }
        sheet.writeBlock(step.row, 1, step.rows.map(sheetCellsOf), step.rows.map((row) => row.formats), notesOf(step.rows));
        break;
      }
      case 'clear':
        sheet.clearContents({ row: step.row, column: 1, rows: step.count, columns: width });
        break;
      case 'delete':
        // Sheets refuses to delete every row below the frozen ones: keep one blank row.
        if (step.row <= frozenRows + 1 && step.row + step.count - 1 >= maxRows) {
          sheet.insertRowsAfter(maxRows, 1);
          maxRows += 1;
        }
        sheet.deleteRows(step.row, step.count);
        maxRows -= step.count;
        break;
    }
    onStepDone(step);
  }
}

/**
 * The grid `applyPlan` leaves and the most rows it has on the way (rows are inserted before
 * deletes take them away), from the sheet's size now: what a plan needs of the spreadsheet's
 * cell limit before anything is written.
 */
export function gridOfPlan(plan: WritePlan, sheet: { rows: number; columns: number; frozenRows: number }, width: number): { peakRows: number; columns: number } {
  const columns = plan.steps.length === 0 ? sheet.columns : Math.max(sheet.columns, width);
  const frozenRows = Math.max(sheet.frozenRows, 1);
  let maxRows = sheet.frozenRows === 0 && plan.steps.length > 0 ? Math.max(sheet.rows, 2) : sheet.rows;
  let peakRows = maxRows;
  for (const step of plan.steps) {
    if (step.kind === 'write') maxRows = Math.max(maxRows, step.row + step.rows.length - 1);
    if (step.kind === 'delete') {
      if (step.row <= frozenRows + 1 && step.row + step.count - 1 >= maxRows) maxRows += 1;
      peakRows = Math.max(peakRows, maxRows);
      maxRows -= step.count;
    }
    peakRows = Math.max(peakRows, maxRows);
  }
  return { peakRows, columns };
}
