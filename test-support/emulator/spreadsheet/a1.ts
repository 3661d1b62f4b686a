/** A1 notation: "B2", "A1:C3", "A:A", "2:5", "A2:B" (to the last row), optionally "Sheet1!" or "'My sheet'!" first. */

/** A rectangle of cells, 1-based like Apps Script. */
export interface GridArea {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

/** A parsed A1 reference; a null end runs to the sheet's last row or column. */
export interface A1Reference {
  sheetName: string | null;
  startRow: number;
  startColumn: number;
  endRow: number | null;
  endColumn: number | null;
}

/** Sheets' largest column, ZZZ. */
export const MAX_COLUMNS = 18_278;

/** One number per cell, ordered row by row (sorting keys sorts cells row-major). */
export function cellKey(row: number, column: number): number {
  return (row - 1) * MAX_COLUMNS + (column - 1);
}

export function locationOfKey(key: number): { row: number; column: number } {
  return { row: Math.floor(key / MAX_COLUMNS) + 1, column: (key % MAX_COLUMNS) + 1 };
}

export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

export function columnNumber(letters: string): number {
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column;
}

export function cellA1(row: number, column: number): string {
  return `${columnLetters(column)}${row}`;
}

export function areaA1(area: GridArea): string {
  const start = cellA1(area.row, area.column);
  if (area.numRows === 1 && area.numColumns === 1) return start;
  return `${start}:${cellA1(area.row + area.numRows - 1, area.column + area.numColumns - 1)}`;
}

interface Corner {
  row: number | null;
  column: number | null;
}

const CORNER = /^\$?([A-Za-z]{1,3})?\$?([1-9]\d*)?$/;

function parseCorner(text: string): Corner | null {
  const match = CORNER.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  return { column: match[1] === undefined ? null : columnNumber(match[1]), row: match[2] === undefined ? null : Number(match[2]) };
}

/** Splits "Sheet!A1" / "'It''s'!A1" into sheet name and the rest; null when the quoting is broken. */
function splitSheetName(text: string): { sheetName: string | null; rest: string } | null {
  if (text.startsWith("'")) {
    const match = /^'((?:[^']|'')+)'!(.*)$/.exec(text);
    return match ? { sheetName: (match[1] as string).replace(/''/g, "'"), rest: match[2] as string } : null;
  }
  const bang = text.lastIndexOf('!');
  return bang < 0 ? { sheetName: null, rest: text } : { sheetName: text.slice(0, bang), rest: text.slice(bang + 1) };
}

/** Parses A1 notation; null when it is not a reference. */
export function parseA1(text: string): A1Reference | null {
  const split = splitSheetName(text.trim());
  if (!split || split.sheetName === '') return null;
  const [startText, endText, extra] = split.rest.split(':');
  if (startText === undefined || extra !== undefined) return null;
  const start = parseCorner(startText);
  if (!start) return null;
  if (endText === undefined) {
    if (start.row === null || start.column === null) return null;
    return { sheetName: split.sheetName, startRow: start.row, startColumn: start.column, endRow: start.row, endColumn: start.column };
  }
  const end = parseCorner(endText);
  if (!end) return null;
  // "A:B" are whole columns and "2:3" whole rows; "A2:B" runs down to the last row.
  const wholeColumns = start.row === null && end.row === null;
  const wholeRows = start.column === null && end.column === null;
  if ((start.row === null || start.column === null) && !wholeColumns && !wholeRows) return null;
  if (wholeColumns && (start.column === null || end.column === null)) return null;
  if (wholeRows && (start.row === null || end.row === null)) return null;
  const rows = [start.row ?? 1, end.row];
  const columns = [start.column ?? 1, end.column];
  return {
    sheetName: split.sheetName,
    startRow: Math.min(rows[0] as number, rows[1] ?? Infinity),
    startColumn: Math.min(columns[0] as number, columns[1] ?? Infinity),
    endRow: end.row === null ? null : Math.max(rows[0] as number, end.row),
    endColumn: end.column === null ? null : Math.max(columns[0] as number, end.column),
  };
}

/** The area a reference covers on a sheet of the given size. */
export function resolveA1(reference: A1Reference, maxRows: number, maxColumns: number): GridArea {
  const endRow = reference.endRow ?? maxRows;
  const endColumn = reference.endColumn ?? maxColumns;
  return {
    row: reference.startRow,
    column: reference.startColumn,
    numRows: endRow - reference.startRow + 1,
    numColumns: endColumn - reference.startColumn + 1,
  };
}

export function areaContains(area: GridArea, row: number, column: number): boolean {
  return row >= area.row && row < area.row + area.numRows && column >= area.column && column < area.column + area.numColumns;
}
