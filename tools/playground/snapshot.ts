import { isSheetDate, isSheetError } from '../../test-support/emulator/spreadsheet/cell-value';
import type { FakeSheet, SpreadsheetState } from '../../test-support/emulator/spreadsheet';
import type { GridCell, GridSheet, GridTrigger, PlaygroundSnapshot } from './protocol';

/** Rows sent per sheet: enough to see any report's shape, light for the page. */
export const MAX_ROWS_SHOWN = 300;

function sheetView(sheet: FakeSheet): GridSheet {
  const lastRow = sheet.lastRow();
  const lastColumn = sheet.lastColumn();
  const rowsShown = Math.min(lastRow, MAX_ROWS_SHOWN);
  const cells: GridCell[] = [];
  for (let row = 1; row <= rowsShown; row++) {
    for (let column = 1; column <= lastColumn; column++) {
      const formula = sheet.formulaAt(row, column);
      const value = sheet.typedValueAt(row, column);
      if (formula === '' && value === '') continue;
      const align = typeof value === 'number' || isSheetDate(value) ? 'right' : typeof value === 'boolean' || isSheetError(value) ? 'center' : 'left';
      cells.push({ row, column, display: sheet.displayAt(row, column), formula, note: isSheetError(value) ? value.message : '', align });
    }
  }
  return { name: sheet.name, hidden: sheet.hidden, frozenRows: sheet.frozenRows, lastRow, lastColumn, cells, rowsShown };
}

/** The emulated spreadsheet as the playground page draws it. */
export function takeSnapshot(state: SpreadsheetState, version: number, source: string, formatInstant: (epochMs: number) => string): PlaygroundSnapshot {
  const book = state.spreadsheet;
  const triggers: GridTrigger[] = state.triggers.triggers.map((trigger) => ({
    id: trigger.uniqueId,
    handler: trigger.handler,
    schedule: trigger.schedule === null ? trigger.eventType : `every ${trigger.schedule.interval} ${trigger.schedule.every}`,
    nextRun: trigger.nextRunMs === null ? null : formatInstant(trigger.nextRunMs),
  }));
  return {
    version,
    spreadsheetName: book.name,
    timeZone: book.timeZone,
    activeSheet: book.activeSheet.name,
    current: { ...book.activeSheet.currentCell },
    sheets: book.sheets.map(sheetView),
    triggers,
    source,
  };
}
