/**
 * What the playground page and the playground server exchange (types only, shared by both).
 * The sidebar's own calls go through /api/run with the google.script.run shim (bridge-script.ts).
 */

export interface GridCell {
  row: number;
  column: number;
  /** What the cell shows, formatted as Sheets would ("Loading...", "#ERROR!", dates...). */
  display: string;
  /** The formula as typed, '' for a value. */
  formula: string;
  /** The error's message (Sheets' tooltip), '' when the cell is not an error. */
  note: string;
  align: 'left' | 'right' | 'center';
  /** A custom function is still calculating it (Sheets shows "Loading..."). */
  loading: boolean;
  /** The cell has checkbox data validation: drawn as a box, ticked when it holds TRUE. */
  checkbox: boolean;
}

/** One series of a chart: its name (the header cell) and a number per category (null where the cell is not a number). */
export interface GridChartSeries {
  name: string;
  values: Array<number | null>;
}

/** An embedded chart as the page draws it, read from the emulated chart object and the cells of its ranges. */
export interface GridChart {
  chartId: number;
  /** Apps Script's chart type ("COLUMN"...). */
  type: string;
  title: string;
  stacked: boolean;
  /** The chart's colours option, one per series; empty for the default palette. */
  colors: string[];
  /** The cells of the first column under the header, as displayed. */
  categories: string[];
  series: GridChartSeries[];
}

export interface GridSheet {
  name: string;
  hidden: boolean;
  frozenRows: number;
  lastRow: number;
  lastColumn: number;
  /** The sheet's size: the grid goes on to here, so a spill has room, as in Sheets. */
  maxRows: number;
  maxColumns: number;
  /** Non-empty cells of rows 1..rowsSent; only the active sheet's are sent. */
  cells: GridCell[];
  /** The page asks for more rows as the user scrolls (a 10,000-row report stays light). */
  rowsSent: number;
  /** The embedded charts; only the active sheet's are sent. */
  charts: GridChart[];
}

export interface GridTrigger {
  id: string;
  /** What the trigger does, in plain words ("Reports refresh"). */
  purpose: string;
  /** "every hour", "every 2 hours", "daily"... */
  schedule: string;
  /** "18:00" today, else "Tue 1 Dec 2026 18:00" style, in the spreadsheet's zone. */
  nextRun: string | null;
}

export interface PlaygroundSnapshot {
  /** Bumped by every change the server makes; the page re-renders when it moves. */
  version: number;
  spreadsheetName: string;
  timeZone: string;
  /** The spreadsheet's clock, as the footer shows it. */
  now: string;
  activeSheet: string;
  current: { row: number; column: number };
  sheets: GridSheet[];
  triggers: GridTrigger[];
  /** Whether "Run the hourly trigger now" can move the clock (the demo's clock, not a real account's). */
  canAdvanceClock: boolean;
  /** What the last "as if an hour passed" did, '' before any. */
  lastTriggerRun: string;
  /** "Demo data: the fake Everflow and Affise APIs" or "Everflow at <host>". */
  source: string;
}

export interface CellEdit {
  sheet: string;
  row: number;
  column: number;
  /** As typed in the formula bar: "=EFLOW_INVOICES()" or a value. */
  input: string;
}

export interface CellSelection {
  sheet: string;
  row: number;
  column: number;
}

export type RunAnswer = { ok: true; value: unknown } | { ok: false; error: string };
