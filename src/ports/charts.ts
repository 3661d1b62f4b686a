import type { CellBlock } from './spreadsheet';

/** How a chart draws its series: side by side, or stacked into one column per category. */
export type ChartStyle = 'columns' | 'stacked-columns';

/**
 * A column chart over blocks of one sheet: the first block's first column is the categories, the
 * others are series, the first row of each block holds the series names.
 */
export interface ChartSpec {
  style: ChartStyle;
  ranges: CellBlock[];
  /** Given when the chart is created; afterwards the title is the user's. */
  title: string;
  /** The cell the chart's top-left corner sits on when created; afterwards where the user puts it. */
  anchor: { row: number; column: number };
}

/** The embedded charts of one sheet (Apps Script's Sheet.getCharts/insertChart/updateChart). */
export interface SheetChartsPort {
  /** The stable ids of the charts on the sheet. */
  ids(): number[];
  /** Where chart `id` reads on this sheet (ranges on other sheets left out). */
  rangesOf(id: number): CellBlock[];
  /** Inserts a chart and answers its id. */
  insert(spec: ChartSpec): number;
  /**
   * Points chart `id` at new ranges in its style, in place (same chart object): everything else
   * on it (title, colours, position, size) stays as the user left it.
   */
  update(id: number, spec: Pick<ChartSpec, 'style' | 'ranges'>): void;
}
