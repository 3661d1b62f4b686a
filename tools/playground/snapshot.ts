import { isSheetDate, isSheetError } from '../../test-support/emulator/spreadsheet/cell-value';
import { isCheckboxRule } from '../../test-support/emulator/spreadsheet/data-validation';
import { LOADING, type FakeSheet, type SpreadsheetState } from '../../test-support/emulator/spreadsheet';
import type { ChartRecord } from '../../test-support/emulator/spreadsheet/charts';
import type { GridCell, GridChart, GridSheet, GridTrigger, PlaygroundSnapshot } from './protocol';
import { REPORTS_TRIGGER_HANDLER } from '../../src/app/reports/trigger-manager';

/** Rows sent when the page has not asked for more: a screenful and then some. */
export const DEFAULT_ROWS_SENT = 200;

function cellsOf(sheet: FakeSheet, rowsSent: number): GridCell[] {
  const cells: GridCell[] = [];
  const lastColumn = sheet.lastColumn();
  for (let row = 1; row <= rowsSent; row++) {
    for (let column = 1; column <= lastColumn; column++) {
      const formula = sheet.formulaAt(row, column);
      const value = sheet.typedValueAt(row, column);
      const checkbox = isCheckboxRule(sheet.cellAt(row, column)?.validation ?? null);
      if (formula === '' && value === '' && !checkbox) continue;
      const align = checkbox || typeof value === 'boolean' || isSheetError(value) ? 'center' : typeof value === 'number' || isSheetDate(value) ? 'right' : 'left';
      const loading = formula !== '' && value === LOADING;
      cells.push({ row, column, display: sheet.displayAt(row, column), formula, note: isSheetError(value) ? value.message : '', align, loading, checkbox });
    }
  }
  return cells;
}

/**
 * A chart's data as Google Sheets reads it with one header row and columns as series: the first
 * column of the first range is the categories, every other column of its ranges a series.
 */
function chartView(record: ChartRecord): GridChart {
  const columns = record.ranges.flatMap(({ sheet, area }) =>
    Array.from({ length: area.numColumns }, (_, index) => ({ sheet, column: area.column + index, firstRow: area.row, rows: area.numRows })),
  );
  const [categoryColumn, ...seriesColumns] = columns;
  const dataRows = (column: { firstRow: number; rows: number }): number[] => Array.from({ length: Math.max(0, column.rows - 1) }, (_, index) => column.firstRow + 1 + index);
  const option = (name: string): unknown => record.options.get(name);
  const colors = option('colors');
  return {
    chartId: record.chartId,
    type: record.type,
    title: typeof option('title') === 'string' ? (option('title') as string) : '',
    stacked: option('isStacked') === true,
    colors: Array.isArray(colors) ? colors.filter((color): color is string => typeof color === 'string') : [],
    categories: categoryColumn ? dataRows(categoryColumn).map((row) => categoryColumn.sheet.displayAt(row, categoryColumn.column)) : [],
    series: seriesColumns.map((column) => ({
      name: column.sheet.displayAt(column.firstRow, column.column),
      values: dataRows(column).map((row) => {
        const value = column.sheet.typedValueAt(row, column.column);
        return typeof value === 'number' ? value : null;
      }),
    })),
  };
}

/** Every sheet's shape; the cells of the active one, rows 1..rowsWanted (as far as it has content). */
function sheetView(sheet: FakeSheet, active: boolean, rowsWanted: number): GridSheet {
  const lastRow = sheet.lastRow();
  const rowsSent = active ? Math.min(lastRow, rowsWanted) : 0;
  return {
    name: sheet.name,
    hidden: sheet.hidden,
    frozenRows: sheet.frozenRows,
    lastRow,
    lastColumn: sheet.lastColumn(),
    maxRows: sheet.maxRows,
    maxColumns: sheet.maxColumns,
    cells: active ? cellsOf(sheet, rowsSent) : [],
    rowsSent,
    charts: active ? sheet.charts.map(chartView) : [],
  };
}

/** What a trigger does, as a person says it. */
function purposeOf(handler: string): string {
  return handler === REPORTS_TRIGGER_HANDLER ? 'Reports refresh' : `${handler} runs`;
}

function scheduleText(schedule: { every: string; interval: number }): string {
  const unit = schedule.every.replace(/s$/, '');
  const plain: Record<string, string> = { hour: 'every hour', day: 'every day', week: 'every week', minute: 'every minute' };
  return schedule.interval === 1 ? (plain[unit] ?? `every ${unit}`) : `every ${schedule.interval} ${schedule.every}`;
}

export interface SnapshotContext {
  version: number;
  source: string;
  rowsWanted: number;
  canAdvanceClock: boolean;
  lastTriggerRun: string;
  nowMs: number;
  /** An instant as the page shows it: "18:00" when it is today, else "2026-11-22 06:00". */
  formatInstant: (epochMs: number, relativeToMs: number) => string;
}

/** The emulated spreadsheet as the playground page draws it. */
export function takeSnapshot(state: SpreadsheetState, context: SnapshotContext): PlaygroundSnapshot {
  const book = state.spreadsheet;
  const triggers: GridTrigger[] = state.triggers.triggers.map((trigger) => ({
    id: trigger.uniqueId,
    purpose: purposeOf(trigger.handler),
    schedule: trigger.schedule === null ? `on ${trigger.eventType}` : scheduleText(trigger.schedule),
    nextRun: trigger.nextRunMs === null ? null : context.formatInstant(trigger.nextRunMs, context.nowMs),
  }));
  return {
    version: context.version,
    spreadsheetName: book.name,
    timeZone: book.timeZone,
    now: context.formatInstant(context.nowMs, Number.NaN),
    activeSheet: book.activeSheet.name,
    current: { ...book.activeSheet.currentCell },
    sheets: book.sheets.map((sheet) => sheetView(sheet, sheet === book.activeSheet, context.rowsWanted)),
    triggers,
    canAdvanceClock: context.canAdvanceClock,
    lastTriggerRun: context.lastTriggerRun,
    source: context.source,
  };
}
