import type { SheetPort, SpreadsheetPort } from '../../ports/spreadsheet';
import { MAX_CELL_CHARS } from '../../sheet/columns';
import { SYNC_LOG_SHEET } from './definition';
import { ReportSheetError } from './report-sheet';
import type { StateGrid } from './sync-state';
import { gridOfPlan, sheetCellsOf, type WritePlan } from './write-plan';

/**
 * A run's whole write (report rows and the memory of them) is checked against the limits Sheets
 * enforces before any of it is written, so a write Sheets would refuse halfway is refused whole.
 */

/** Sheets holds at most this many cells in a spreadsheet, across all its sheets, empty or not. */
export const MAX_SPREADSHEET_CELLS = 10_000_000;
/** The grid of a sheet Sheets inserts. */
export const NEW_SHEET_GRID = { rows: 1_000, columns: 26 } as const;

export class PlanRefusedError extends ReportSheetError {
  override name = 'PlanRefusedError';
}

export interface PlannedWrite {
  /** Cells the report's sheets may take: from `cellRoom`. */
  room: number;
  /** The report's sheet; null when the run creates it. */
  sheet: SheetPort | null;
  sheetName: string;
  plan: WritePlan;
  width: number;
  /** The memory to save, and the grid size of its sheet now (null when the run creates it). */
  state: { grid: StateGrid; size: { rows: number; columns: number } | null } | null;
}

/** "11.2M" from a million on, "52K" below. */
function cellsText(cells: number): string {
  const count = Math.max(0, cells);
  return count >= 999_950 ? `${(count / 1_000_000).toFixed(1)}M` : `${Math.round(count / 1_000)}K`;
}

export function checkPlanFits(write: PlannedWrite): void {
  checkCellTexts(write);
  checkCellLimit(write);
}

function checkCellTexts({ plan, sheetName, state }: PlannedWrite): void {
  const tooLong = (text: unknown): boolean => typeof text === 'string' && text.length > MAX_CELL_CHARS;
  for (const step of plan.steps) {
    if (step.kind !== 'write') continue;
    step.rows.forEach((row, offset) => {
      if (sheetCellsOf(row).some(tooLong)) {
        throw new PlanRefusedError(
          `Row ${step.row + offset} of sheet "${sheetName}" would hold more than the ${MAX_CELL_CHARS.toLocaleString('en-US')} characters Sheets allows in a cell. Nothing was written.`,
        );
      }
    });
  }
  if (state?.grid.values.some((row) => row.some(tooLong))) {
    throw new PlanRefusedError(`The report's memory would not fit Sheets' cells. Nothing was written.`);
  }
}

function checkCellLimit({ room, sheet, plan, width, state }: PlannedWrite): void {
  const current = sheet ? { rows: sheet.maxRows(), columns: sheet.maxColumns(), frozenRows: sheet.frozenRows() } : { ...NEW_SHEET_GRID, frozenRows: 0 };
  const report = gridOfPlan(plan, current, width);
  let needed = report.peakRows * report.columns;
  if (state) needed += memoryCells(state.size, state.grid.values.length, state.grid.width);
  refuseOverLimit(needed, room);
}

/** A whole report (every matching invoice) projected from its rows per invoice, before fetching what it would take. */
export interface ProjectedReport {
  /** Cells the report's sheets may take: from `cellRoom`. */
  room: number;
  sheet: SheetPort | null;
  width: number;
  /** Data rows the report would hold. */
  rows: number;
  /** Its memory: entry rows and columns, and its sheet's grid now (null when there is none yet). */
  state: { size: { rows: number; columns: number } | null; rows: number; width: number };
}

/**
 * Refuses a lines or payments report whose full size, projected from the rows per invoice seen so
 * far, would pass the limit: a backfill that can never be written whole is stopped before it
 * spends requests on details, run after run.
 */
export function checkProjectedReport({ room, sheet, width, rows, state }: ProjectedReport): void {
  const grid = sheet ? { rows: sheet.maxRows(), columns: sheet.maxColumns() } : NEW_SHEET_GRID;
  const needed = Math.max(grid.rows, rows + 1) * Math.max(grid.columns, width) + memoryCells(state.size, state.rows + 1, state.width);
  refuseOverLimit(needed, room);
}

/** The memory sheet is cut to its width (after a new one arrives at 26 columns) and grown to its rows. */
function memoryCells(size: { rows: number; columns: number } | null, rows: number, width: number): number {
  const kept = Math.max((size ?? NEW_SHEET_GRID).rows, rows) * width;
  return size === null ? Math.max(kept, NEW_SHEET_GRID.rows * NEW_SHEET_GRID.columns) : kept;
}

/**
 * Cells a report's own sheets (`ownSheets`: its sheet and its memory's) may take: 10 million less
 * every other sheet's grid, and less a Sync log sheet still to be created (the run's log line
 * needs it). Read once a run: each sheet's size is a call.
 */
export function cellRoom(spreadsheet: SpreadsheetPort, ownSheets: readonly string[]): number {
  const own = new Set(ownSheets);
  const sizes = spreadsheet.gridSizes();
  const logToCreate = sizes.some((size) => size.sheet === SYNC_LOG_SHEET) ? 0 : NEW_SHEET_GRID.rows * NEW_SHEET_GRID.columns;
  return MAX_SPREADSHEET_CELLS - sizes.filter((size) => !own.has(size.sheet)).reduce((sum, size) => sum + size.rows * size.columns, logToCreate);
}

function refuseOverLimit(needed: number, room: number): void {
  if (needed > room) {
    throw new PlanRefusedError(
      `This report needs about ${cellsText(needed)} cells; this spreadsheet has room for ${cellsText(room)} ` +
        `(Sheets holds at most 10 million cells in a spreadsheet, empty ones included). Nothing was written. ` +
        'Narrow the report with filters, or delete sheets, rows or columns this spreadsheet does not need.',
    );
  }
}
