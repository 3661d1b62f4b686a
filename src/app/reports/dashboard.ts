import { z } from 'zod';
import type { Deadline } from '../../ports/clock';
import type { ChartSpec, SheetChartsPort } from '../../ports/charts';
import type { PropertiesPort } from '../../ports/properties';
import type { CellBlock, SheetCell, SheetPort } from '../../ports/spreadsheet';
import { totalOf } from '../../model/money';
import { BLANK, dateCell, totalColumn, type CellValue, type ColumnSpec } from '../../sheet/columns';
import { dateFormatsOf } from '../../sheet/date-formats';
import { AGING_BUCKETS, AGING_COLUMNS, agingByCurrency, dueByWeek, LARGEST_OVERDUE_COLUMNS, LARGEST_OVERDUE_PER_CURRENCY, largestOverdue, shownAsOfDay, UNPAID_INVOICES, type AsOf, type DueWeek, type Receivable } from '../tables/aging';
import type { ReportDefinition } from './definition';
import { numberFormatFor, PLAIN_TEXT } from './number-formats';
import type { ReportShapeContext } from './report-table';
import { fetchDeadlineOf, type RefreshContext, type RefreshOutcome } from './refresh';
import { ReportSheetError } from './report-sheet';

/**
 * The receivables dashboard: one sheet the report owns, holding the aging table, what falls due
 * by week, the largest overdue invoices, and two embedded charts over the first two tables.
 *
 * A refresh computes the whole grid first (a failed fetch writes nothing), then writes only the
 * cells whose value or number format differ from what the sheet holds (runs of neighbouring
 * changed cells in a row go in one call), then points the same two charts at the tables' new
 * ranges. Charts are found again by the ids remembered in a document property; only ranges,
 * type and stacking are the add-on's: a title, colours or a position the user set stay.
 */

export const DASHBOARD_TITLE = 'Receivables dashboard';
export const NO_CURRENCY_LABEL = '(no currency)';
const LATER_LABEL = 'Later';
const WEEK_HEADER = 'Week of';

/** One cell of the dashboard as it should be: null format for a blank the add-on does not format. */
interface DashboardCell {
  value: CellValue;
  format: string | null;
}

export interface DashboardGrid {
  rows: DashboardCell[][];
  /** The aging table's categories and bucket columns (not its total), header row included. */
  agingChartRange: CellBlock;
  /** The weeks and one column per currency, header row included. */
  dueChartRange: CellBlock;
  /** The widest table: charts sit to its right. */
  width: number;
}

const BLANK_CELL: DashboardCell = { value: '', format: null };
const text = (value: string): DashboardCell => ({ value, format: PLAIN_TEXT });

/** A column's cell as the functions show it: a total left blank says why in the cell (a function's cell has no note to carry it). */
function cellOf<Row>(column: ColumnSpec<Row>, row: Row, ctx: ReportShapeContext): DashboardCell {
  const value = column.value(row, ctx);
  const note = value === BLANK ? (column.note?.(row) ?? null) : null;
  if (note !== null) return text(note);
  return { value, format: numberFormatFor(column.kind, column.currency?.(row) ?? null, ctx.dateFormats, value) };
}

function tableRows<Row>(columns: ReadonlyArray<ColumnSpec<Row>>, rows: readonly Row[], ctx: ReportShapeContext): DashboardCell[][] {
  return [columns.map((column) => text(column.header)), ...rows.map((row) => columns.map((column) => cellOf(column, row, ctx)))];
}

/** The dashboard's cells, top to bottom, and where its charts read. */
export function dashboardGrid(receivables: readonly Receivable[], asOf: AsOf, ctx: ReportShapeContext): DashboardGrid {
  const rows: DashboardCell[][] = [[text(DASHBOARD_TITLE), text('As of'), { value: dateCell(shownAsOfDay(asOf), ctx), format: numberFormatFor('date', null, ctx.dateFormats) }], []];

  rows.push([text('Aging: unpaid balances by days past due, per currency')]);
  const agingHeaderRow = rows.length + 1;
  const aging = tableRows(AGING_COLUMNS, agingByCurrency(receivables, asOf), ctx);
  rows.push(...aging, []);

  rows.push([text('What falls due when: not yet due, by week of the due date (weeks start on Monday)')]);
  const dueHeaderRow = rows.length + 1;
  const due = dueByWeek(receivables, asOf);
  rows.push([text(WEEK_HEADER), ...due.currencies.map((currency) => text(currency ?? NO_CURRENCY_LABEL))]);
  const weekColumns = due.currencies.map((currency, index) => totalColumn<DueWeek>(currency ?? NO_CURRENCY_LABEL, (week) => week.amounts[index] ?? totalOf([]), () => currency, UNPAID_INVOICES));
  for (const week of due.weeks) {
    const label: DashboardCell = week.start === null ? text(LATER_LABEL) : { value: dateCell(week.start, ctx), format: numberFormatFor('date', null, ctx.dateFormats) };
    rows.push([label, ...weekColumns.map((column) => cellOf(column, week, ctx))]);
  }
  rows.push([]);

  rows.push([text(`Largest overdue invoices (${LARGEST_OVERDUE_PER_CURRENCY} per currency)`)]);
  rows.push(...tableRows(LARGEST_OVERDUE_COLUMNS, largestOverdue(receivables, asOf), ctx));

  const width = Math.max(...rows.map((row) => row.length));
  return {
    rows: rows.map((row) => [...row, ...Array.from({ length: width - row.length }, () => BLANK_CELL)]),
    agingChartRange: { row: agingHeaderRow, column: 1, rows: aging.length, columns: 1 + AGING_BUCKETS.length },
    dueChartRange: { row: dueHeaderRow, column: 1, rows: 1 + due.weeks.length, columns: 1 + due.currencies.length },
    width,
  };
}

/** One write call: a run of neighbouring changed cells in one row. */
export interface CellWrite {
  row: number;
  column: number;
  values: SheetCell[];
  formats: string[];
}

/** True when the sheet's cell already shows what the dashboard wants there. */
function sameCell(current: SheetCell | undefined, currentFormat: string | undefined, wanted: DashboardCell): boolean {
  const value = current ?? '';
  const sameValue = isDate(value) && isDate(wanted.value) ? value.getTime() === wanted.value.getTime() : value === wanted.value;
  return sameValue && (wanted.format === null || currentFormat === wanted.format);
}

const isDate = (value: unknown): value is Date => Object.prototype.toString.call(value) === '[object Date]';

/**
 * The writes that turn `values`/`formats` (what the sheet holds, from A1) into the grid: every
 * cell whose value or format differs, old cells beyond the grid emptied (their format kept).
 */
export function planCellWrites(values: readonly SheetCell[][], formats: readonly string[][], grid: readonly DashboardCell[][]): CellWrite[] {
  const rowCount = Math.max(values.length, grid.length);
  const writes: CellWrite[] = [];
  for (let r = 0; r < rowCount; r += 1) {
    const have = values[r] ?? [];
    const haveFormats = formats[r] ?? [];
    const want = grid[r] ?? [];
    const width = Math.max(have.length, want.length);
    let run: CellWrite | null = null;
    for (let c = 0; c < width; c += 1) {
      const wanted = want[c] ?? BLANK_CELL;
      if (sameCell(have[c], haveFormats[c], wanted)) {
        run = null;
        continue;
      }
      const format = wanted.format ?? haveFormats[c] ?? '';
      if (run) {
        run.values.push(wanted.value);
        run.formats.push(format);
      } else {
        run = { row: r + 1, column: c + 1, values: [wanted.value], formats: [format] };
        writes.push(run);
      }
    }
  }
  return writes;
}

/** The charts' ids, remembered per report so a refresh finds the same chart objects again. */
const chartIdsSchema = z.object({ aging: z.number().int().optional(), due: z.number().int().optional() });
type ChartIds = z.infer<typeof chartIdsSchema>;
export const dashboardChartsProperty = (reportId: string): string => `dashboard.charts.${reportId}`;

function loadChartIds(properties: PropertiesPort, reportId: string): ChartIds {
  const stored = properties.get(dashboardChartsProperty(reportId));
  if (stored === null) return {};
  try {
    const parsed = chartIdsSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The header cell a chart's first range starts on: what tells the dashboard's own charts apart when their ids were not remembered. */
const CHART_HEADERS: Record<keyof ChartIds, string> = { aging: AGING_COLUMNS[0]?.header ?? 'Currency', due: WEEK_HEADER };

/**
 * A chart of this dashboard sheet that no id remembers (the report was removed and added again on
 * its sheet, or its document property was lost): one whose first range starts on the table's
 * header as the sheet holds it before this refresh. Adopting it keeps one chart of each kind.
 */
function unrememberedChart(charts: SheetChartsPort, values: readonly SheetCell[][], key: keyof ChartIds, claimed: ReadonlySet<number>): number | undefined {
  return charts.ids().find((id) => {
    if (claimed.has(id)) return false;
    const [first] = charts.rangesOf(id);
    return first !== undefined && values[first.row - 1]?.[first.column - 1] === CHART_HEADERS[key];
  });
}

/**
 * Each chart updated in place when it is still on the sheet (found by its remembered id, else as
 * the chart over its table), inserted when it is not (first run, or the user deleted it).
 */
function syncCharts(charts: SheetChartsPort, properties: PropertiesPort, reportId: string, grid: DashboardGrid, values: readonly SheetCell[][]): void {
  const stored = loadChartIds(properties, reportId);
  const onSheet = new Set(charts.ids());
  const remembered: ChartIds = { ...stored };
  for (const key of ['aging', 'due'] as const) {
    const id = remembered[key];
    if (id !== undefined && onSheet.has(id)) continue;
    const claimed = new Set(Object.values(remembered).filter((other): other is number => other !== undefined && onSheet.has(other)));
    remembered[key] = unrememberedChart(charts, values, key, claimed);
  }
  const column = grid.width + 2;
  const wanted: Record<keyof ChartIds, ChartSpec> = {
    aging: { style: 'stacked-columns', ranges: [grid.agingChartRange], title: 'Aging per currency', anchor: { row: 1, column } },
    due: { style: 'columns', ranges: [grid.dueChartRange], title: 'Falling due by week, per currency', anchor: { row: 22, column } },
  };
  const ids: ChartIds = {};
  for (const key of ['aging', 'due'] as const) {
    const id = remembered[key];
    if (id !== undefined && onSheet.has(id)) {
      charts.update(id, wanted[key]);
      ids[key] = id;
    } else {
      ids[key] = charts.insert(wanted[key]);
    }
  }
  if (ids.aging !== stored.aging || ids.due !== stored.due) properties.set(dashboardChartsProperty(reportId), JSON.stringify(ids));
}

/** The sheet is the dashboard's: empty, or a dashboard already (its title in A1). */
function assertDashboardSheet(values: readonly SheetCell[][], sheetName: string): void {
  const hasContent = values.some((row) => row.some((cell) => cell !== ''));
  if (hasContent && values[0]?.[0] !== DASHBOARD_TITLE) {
    throw new ReportSheetError(
      `The sheet "${sheetName}" holds other data, and a dashboard owns its whole sheet. Nothing was written: choose a new sheet name for the dashboard, or empty that sheet.`,
    );
  }
}

function readAll(sheet: SheetPort): { values: SheetCell[][]; formats: string[][] } {
  const rows = sheet.lastRow();
  if (rows === 0) return { values: [], formats: [] };
  const block = { row: 1, column: 1, rows, columns: sheet.maxColumns() };
  return { values: sheet.readValues(block), formats: sheet.readNumberFormats(block) };
}

/** What a dashboard refresh uses of a report run's context, whichever provider it reads. */
export type DashboardContext = Pick<RefreshContext, 'spreadsheet' | 'zones' | 'clock' | 'documentProperties'>;

/**
 * A dashboard refresh: the provider's receivables from its list alone (`receivablesOf`, given the
 * fetch deadline: Everflow's unpaid invoices, Affise's owed ones; no detail requests), then only
 * the changed cells, then the charts.
 */
export function refreshDashboard(context: DashboardContext, definition: ReportDefinition, deadline: Deadline, receivablesOf: (fetchDeadline: Deadline) => readonly Receivable[]): RefreshOutcome {
  const existing = context.spreadsheet.sheetByName(definition.sheet);
  const current = existing ? readAll(existing) : { values: [], formats: [] };
  assertDashboardSheet(current.values, definition.sheet);

  const sheetTimeZone = context.spreadsheet.timeZone();
  const ctx: ReportShapeContext = { sheetTimeZone, zones: context.zones, nowMs: context.clock.now(), dateFormats: dateFormatsOf(context.spreadsheet.locale()) };
  // Today: shown in the spreadsheet's zone, counted in each invoice's own (the due-date rule).
  const asOf: AsOf = ctx;
  const fetchDeadline = fetchDeadlineOf(context, deadline);
  const grid = dashboardGrid(receivablesOf(fetchDeadline), asOf, ctx);
  const writes = planCellWrites(current.values, current.formats, grid.rows);

  // Nothing is created or written before this point.
  const sheet = existing ?? context.spreadsheet.insertSheet(definition.sheet);
  const maxRows = sheet.maxRows();
  if (maxRows < grid.rows.length) sheet.insertRowsAfter(maxRows, grid.rows.length - maxRows);
  const maxColumns = sheet.maxColumns();
  if (maxColumns < grid.width) sheet.insertColumnsAfter(maxColumns, grid.width - maxColumns);
  for (const write of writes) sheet.writeBlock(write.row, write.column, [write.values], [write.formats]);
  syncCharts(sheet.charts(), context.documentProperties, definition.id, grid, current.values);

  const touchedRows = new Set(writes.map((write) => write.row));
  const rowsRemoved = [...touchedRows].filter((row) => row > grid.rows.length).length;
  return { rowsChanged: touchedRows.size - rowsRemoved, rowsRemoved, progress: null, stoppedByQuota: null };
}
