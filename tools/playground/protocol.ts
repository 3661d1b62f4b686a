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
}

export interface GridSheet {
  name: string;
  hidden: boolean;
  frozenRows: number;
  lastRow: number;
  lastColumn: number;
  /** Non-empty cells of the rows shown. */
  cells: GridCell[];
  /** Rows past this are not sent (a 10,000-row report stays light). */
  rowsShown: number;
}

export interface GridTrigger {
  id: string;
  handler: string;
  schedule: string;
  nextRun: string | null;
}

export interface PlaygroundSnapshot {
  /** Bumped by every change the server makes; the page re-renders when it moves. */
  version: number;
  spreadsheetName: string;
  timeZone: string;
  activeSheet: string;
  current: { row: number; column: number };
  sheets: GridSheet[];
  triggers: GridTrigger[];
  /** "Demo data: the fake Everflow API" or "Your Everflow account". */
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
