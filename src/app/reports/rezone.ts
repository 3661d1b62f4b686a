import type { ZoneRules } from '../../ports/time-zone';
import { instantOfWallClock } from '../../sheet/wall-clock';
import { FIRST_DATA_ROW, isBlankRow, isDate, rowFromSheet, type ReportBlock, type SheetRow } from './report-sheet';
import { invoiceIdOfCells, type ReportLayout, type ReportRow } from './report-table';
import { writeSteps, type PlanStep } from './write-plan';

/**
 * After the spreadsheet's time zone changes, Sheets keeps what each date cell shows, so a Date
 * written for a real moment (Created, Paid on, Recorded at) now reads as another moment. The
 * moment is still on the sheet: the wall clock it shows, read in the zone it was written in.
 * Re-rendering from there costs no request, whatever the report (rows of unchanged invoices
 * included). Wall-clock and date columns show what Everflow shows in any zone and stay as they are.
 */
export interface Rezoned {
  /** The sheet as it will read once `steps` are applied: later planning starts from it. */
  block: ReportBlock;
  /** Rewrites of the rows whose moments moved, in place (no row moves). */
  steps: PlanStep[];
  rowsRewritten: number;
}

export function rezoneBlock(block: ReportBlock, layout: ReportLayout, writtenIn: string, nowIn: string, zones: ZoneRules): Rezoned {
  const known = new Map<number, ReportRow>();
  const changed: number[] = [];
  const rows = block.rows.map((row, index): SheetRow => {
    const invoiceId = invoiceIdOfCells(row.cells, layout);
    if (invoiceId === null || isBlankRow(row)) return row;
    const cells = [...row.cells];
    let moved = false;
    for (const column of layout.instantColumns) {
      const cell = cells[column];
      if (!isDate(cell)) continue;
      const instant = instantOfWallClock(zones.wallClockAt(cell.getTime(), nowIn), writtenIn, zones);
      if (instant === cell.getTime()) continue;
      cells[column] = new Date(instant);
      moved = true;
    }
    const sheetRow = index + FIRST_DATA_ROW;
    const fixed = { ...row, cells };
    known.set(sheetRow, rowFromSheet(fixed, layout, invoiceId));
    if (moved) changed.push(sheetRow);
    return fixed;
  });
  return { block: { ...block, rows }, steps: writeSteps(changed, known), rowsRewritten: changed.length };
}
