/**
 * The playground page's script: draws the emulated spreadsheet (sheets as tabs, values and
 * formulas) and lets a person use it as a sheet: select with the mouse or the keyboard, type to
 * edit, Escape to cancel; more rows load as they scroll. It redraws after every sidebar call.
 * Cell text goes in with textContent only: API data is shown, never parsed.
 */
import type { CellEdit, CellSelection, GridCell, GridSheet, PlaygroundSnapshot } from '../protocol';
import { drawCharts } from './charts';

/** Rows asked for at first, and added each time the user scrolls near the end. */
const ROWS_PER_PAGE = 200;
/** Load more rows when the last one drawn is this close to the bottom of the view (px). */
const SCROLL_MARGIN_PX = 400;
/** While a custom function calculates, ask again this often. */
const LOADING_POLL_MS = 300;

function element<T extends HTMLElement>(id: string, kind: { new (): T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error(`The playground page has no ${kind.name} #${id}.`);
  return found;
}

const grid = element('grid', HTMLTableElement);
const gridScroll = element('grid-scroll', HTMLElement);
const tabs = element('sheet-tabs', HTMLElement);
const formulaInput = element('formula-input', HTMLInputElement);
const nameBox = element('name-box', HTMLElement);
const cellStatus = element('cell-status', HTMLElement);
const rowsStatus = element('rows-status', HTMLElement);
const triggersLine = element('triggers', HTMLElement);
const advanceButton = element('advance-hour', HTMLButtonElement);
const triggerRun = element('trigger-run', HTMLElement);
const errorLine = element('grid-error', HTMLElement);

let snapshot: PlaygroundSnapshot | null = null;
let shownSheet = '';
let selection = { row: 1, column: 1 };
let rowsWanted = ROWS_PER_PAGE;
/** What the grid was drawn from; selection alone never redraws it. */
let drawnKey = '';
let drawnRows = 0;
let drawnColumns = 0;
/** The cell's content before an edit began, restored by Escape; null when not editing. */
let editOriginal: string | null = null;
let loadingTimer: number | undefined;

function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

const a1 = (row: number, column: number): string => `${columnLetters(column)}${row}`;

async function request(path: string, body?: CellEdit | CellSelection | Record<string, never>): Promise<PlaygroundSnapshot> {
  const url = `${path}?rows=${rowsWanted}`;
  const response = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as PlaygroundSnapshot | { error: string };
  if (!response.ok || 'error' in answer) throw new Error('error' in answer ? answer.error : `HTTP ${response.status}`);
  return answer;
}

function showError(error: unknown): void {
  errorLine.textContent = error instanceof Error ? error.message : String(error);
}

function currentSheet(): GridSheet | undefined {
  return snapshot?.sheets.find((sheet) => sheet.name === shownSheet);
}

function cellAt(row: number, column: number): GridCell | undefined {
  return currentSheet()?.cells.find((cell) => cell.row === row && cell.column === column);
}

function tdAt(row: number, column: number): HTMLTableCellElement | null {
  return grid.querySelector<HTMLTableCellElement>(`td[data-cell="${a1(row, column)}"]`);
}

function visibleSheets(): GridSheet[] {
  return snapshot?.sheets.filter((sheet) => !sheet.hidden) ?? [];
}

function renderTabs(): void {
  const sheets = visibleSheets();
  tabs.replaceChildren(
    ...sheets.map((sheet) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.setAttribute('role', 'tab');
      const selected = sheet.name === shownSheet;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      tab.dataset['sheet'] = sheet.name;
      tab.textContent = sheet.name;
      tab.addEventListener('click', () => void showSheet(sheet.name));
      return tab;
    }),
  );
}

// The sheet tabs move with the arrow keys, as the sidebar's tabs do.
tabs.addEventListener('keydown', (event) => {
  const sheets = visibleSheets();
  const at = sheets.findIndex((sheet) => sheet.name === shownSheet);
  const next =
    event.key === 'ArrowRight' ? (at + 1) % sheets.length : event.key === 'ArrowLeft' ? (at - 1 + sheets.length) % sheets.length : event.key === 'Home' ? 0 : event.key === 'End' ? sheets.length - 1 : -1;
  const target = sheets[next];
  if (next < 0 || !target) return;
  event.preventDefault();
  void showSheet(target.name).then(() => tabs.querySelector<HTMLButtonElement>('button[aria-selected="true"]')?.focus());
});

function drawGrid(sheet: GridSheet): void {
  const rows = Math.min(sheet.maxRows, Math.max(rowsWanted, sheet.rowsSent));
  const columns = sheet.maxColumns;
  const byPlace = new Map(sheet.cells.map((cell) => [`${cell.row}:${cell.column}`, cell]));
  grid.setAttribute('aria-rowcount', String(sheet.maxRows + 1));
  grid.setAttribute('aria-colcount', String(columns + 1));
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  const corner = document.createElement('th');
  corner.className = 'row-head';
  headRow.append(corner);
  for (let column = 1; column <= columns; column++) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.setAttribute('role', 'columnheader');
    th.textContent = columnLetters(column);
    headRow.append(th);
  }
  head.append(headRow);
  const body = document.createElement('tbody');
  for (let row = 1; row <= rows; row++) {
    const tr = document.createElement('tr');
    tr.setAttribute('aria-rowindex', String(row + 1));
    if (row === sheet.frozenRows) tr.className = 'frozen';
    const rowHead = document.createElement('th');
    rowHead.className = 'row-head';
    rowHead.scope = 'row';
    rowHead.setAttribute('role', 'rowheader');
    rowHead.textContent = String(row);
    tr.append(rowHead);
    for (let column = 1; column <= columns; column++) {
      const td = document.createElement('td');
      td.setAttribute('role', 'gridcell');
      td.tabIndex = -1;
      const cell = byPlace.get(`${row}:${column}`);
      td.dataset['cell'] = a1(row, column);
      td.dataset['row'] = String(row);
      td.dataset['column'] = String(column);
      if (cell?.checkbox) {
        // A checkbox, as Sheets draws one: ticked when the cell holds TRUE; a click or Space toggles it.
        const ticked = cell.display === 'TRUE';
        td.textContent = ticked ? '☑' : '☐';
        td.title = `Checkbox: ${ticked ? 'TRUE' : cell.display || 'FALSE'}`;
        td.dataset['checked'] = String(ticked);
        td.classList.add('checkbox', cell.align);
      } else if (cell) {
        td.textContent = cell.display;
        td.title = cell.note || cell.formula || cell.display;
        td.classList.add(cell.align);
        if (cell.formula) td.classList.add('formula');
        if (cell.note) td.classList.add('error');
        if (cell.loading) td.classList.add('loading');
      }
      tr.append(td);
    }
    body.append(tr);
  }
  const hadFocus = grid.contains(document.activeElement);
  grid.replaceChildren(head, body);
  drawnRows = rows;
  drawnColumns = columns;
  markSelection(hadFocus);
}

/** Shows the selection: the cell's outline, the name box, the formula bar and the status line. */
function markSelection(focus: boolean): void {
  grid.querySelectorAll('td[aria-selected="true"]').forEach((td) => {
    td.classList.remove('selected');
    td.setAttribute('aria-selected', 'false');
    (td as HTMLElement).tabIndex = -1;
  });
  const td = tdAt(selection.row, selection.column);
  if (td) {
    td.classList.add('selected');
    td.setAttribute('aria-selected', 'true');
    td.tabIndex = 0;
    if (focus) td.focus();
    else td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
  const name = a1(selection.row, selection.column);
  nameBox.textContent = name;
  const cell = cellAt(selection.row, selection.column);
  if (editOriginal === null) formulaInput.value = cell ? cell.formula || cell.display : '';
  cellStatus.classList.toggle('error', Boolean(cell?.note));
  cellStatus.textContent = cell?.note
    ? `${name}: ${cell.display} ${cell.note}`
    : cell?.loading
      ? `${name}: Loading... the custom function is calculating.`
      : '';
}

function renderFooter(next: PlaygroundSnapshot, sheet: GridSheet | undefined): void {
  if (sheet && sheet.lastRow > drawnRows) {
    rowsStatus.replaceChildren(`Rows 1–${drawnRows.toLocaleString('en-US')} of ${sheet.lastRow.toLocaleString('en-US')} shown; scroll down for more, or `, showAllButton(sheet.lastRow));
  } else {
    rowsStatus.textContent = sheet && sheet.lastRow > 0 ? `${sheet.lastRow.toLocaleString('en-US')} row${sheet.lastRow === 1 ? '' : 's'}` : '';
  }
  triggersLine.textContent =
    next.triggers.length === 0
      ? 'No report refreshes on a schedule.'
      : next.triggers.map((trigger) => `${trigger.purpose} ${trigger.schedule}; next at ${trigger.nextRun ?? 'no set time'}.`).join(' ');
  advanceButton.disabled = !next.canAdvanceClock;
  advanceButton.title = next.canAdvanceClock
    ? 'Moves the clock an hour on and runs every trigger due by then, as if an hour passed.'
    : 'A real account runs on real time: triggers run when their hour comes.';
  triggerRun.textContent = next.lastTriggerRun;
}

function showAllButton(lastRow: number): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'show all rows';
  button.addEventListener('click', () => {
    rowsWanted = lastRow;
    void refresh();
  });
  return button;
}

function render(next: PlaygroundSnapshot, options: { follow: boolean }): void {
  snapshot = next;
  if (options.follow || !next.sheets.some((sheet) => sheet.name === shownSheet)) {
    if (next.activeSheet !== shownSheet) rowsWanted = ROWS_PER_PAGE;
    shownSheet = next.activeSheet;
    selection = { ...next.current };
  }
  element('doc-name', HTMLElement).textContent = next.spreadsheetName;
  element('source', HTMLElement).textContent = next.source;
  element('zone', HTMLElement).textContent = `Spreadsheet time zone: ${next.timeZone} · now ${next.now}`;
  const sheet = currentSheet();
  renderTabs();
  if (sheet) {
    const key = `${next.version}|${sheet.name}|${sheet.rowsSent}|${rowsWanted}`;
    if (key !== drawnKey) {
      drawGrid(sheet);
      drawnKey = key;
    } else {
      markSelection(grid.contains(document.activeElement));
    }
  }
  drawCharts(element('charts', HTMLElement), sheet?.charts ?? []);
  renderFooter(next, sheet);
  document.body.dataset['version'] = String(next.version);
  pollWhileLoading(sheet);
}

/** Sheets shows "Loading..." until a custom function answers; so does the grid, asking again until it has. */
function pollWhileLoading(sheet: GridSheet | undefined): void {
  window.clearTimeout(loadingTimer);
  if (sheet?.cells.some((cell) => cell.loading)) loadingTimer = window.setTimeout(() => void refresh(), LOADING_POLL_MS);
}

async function refresh(options: { follow: boolean } = { follow: false }): Promise<void> {
  try {
    render(await request('/api/sheets'), options);
    errorLine.textContent = '';
  } catch (error) {
    showError(error);
  }
}

async function showSheet(name: string): Promise<void> {
  try {
    rowsWanted = ROWS_PER_PAGE;
    render(await request('/api/select', { sheet: name, row: 1, column: 1 }), { follow: true });
  } catch (error) {
    showError(error);
  }
}

/** Moves the selection (the server's active cell follows, for the sidebar's "insert here"). */
function moveTo(row: number, column: number, focus = true): void {
  const sheet = currentSheet();
  if (!sheet) return;
  selection = { row: Math.min(Math.max(row, 1), sheet.maxRows), column: Math.min(Math.max(column, 1), sheet.maxColumns) };
  if (selection.row > drawnRows) {
    rowsWanted = Math.max(rowsWanted, selection.row + ROWS_PER_PAGE);
    void refresh().then(() => markSelection(focus));
  } else {
    markSelection(focus);
  }
  void fetch('/api/select', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sheet: shownSheet, ...selection }) }).catch(showError);
}

function startEditing(initial: string): void {
  const cell = cellAt(selection.row, selection.column);
  editOriginal = cell ? cell.formula || cell.display : '';
  formulaInput.value = initial;
  formulaInput.focus();
  formulaInput.setSelectionRange(initial.length, initial.length);
}

function cancelEditing(): void {
  if (editOriginal !== null) formulaInput.value = editOriginal;
  editOriginal = null;
  markSelection(true);
}

/** Enters the formula bar's text into the selected cell, then moves as Enter or Tab does. */
function commit(input: string, move: { rows: number; columns: number }, focus = true): void {
  const { row, column } = selection;
  const edit: CellEdit = { sheet: shownSheet, row, column, input };
  editOriginal = null;
  moveTo(row + move.rows, column + move.columns, focus);
  void request('/api/cell', edit)
    .then((next) => {
      errorLine.textContent = '';
      render(next, { follow: false });
    })
    .catch(showError);
}

/** Ticks or unticks the selected cell when it is a checkbox; false when it is not one. */
function toggleCheckbox(): boolean {
  const cell = cellAt(selection.row, selection.column);
  if (!cell?.checkbox) return false;
  commit(cell.display === 'TRUE' ? 'FALSE' : 'TRUE', { rows: 0, columns: 0 });
  return true;
}

grid.addEventListener('click', (event) => {
  const td = (event.target as HTMLElement).closest('td');
  if (!td?.dataset['row'] || !td.dataset['column']) return;
  editOriginal = null;
  moveTo(Number(td.dataset['row']), Number(td.dataset['column']));
  toggleCheckbox();
});

grid.addEventListener('dblclick', () => {
  const cell = cellAt(selection.row, selection.column);
  startEditing(cell ? cell.formula || cell.display : '');
});

grid.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const { row, column } = selection;
  const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Enter: [event.shiftKey ? -1 : 1, 0] };
  const move = moves[event.key];
  if (move) {
    event.preventDefault();
    moveTo(row + move[0], column + move[1]);
    return;
  }
  if (event.key === 'Tab') {
    const next = column + (event.shiftKey ? -1 : 1);
    // At the sheet's edge Tab leaves the grid, so the keyboard is never trapped.
    if (next < 1 || next > drawnColumns) return;
    event.preventDefault();
    moveTo(row, next);
  } else if (event.key === 'F2') {
    event.preventDefault();
    const cell = cellAt(row, column);
    startEditing(cell ? cell.formula || cell.display : '');
  } else if (event.key === 'Delete' || event.key === 'Backspace') {
    event.preventDefault();
    if (cellAt(row, column)) commit('', { rows: 0, columns: 0 });
  } else if (event.key === ' ' && cellAt(row, column)?.checkbox) {
    event.preventDefault();
    toggleCheckbox();
  } else if (event.key.length === 1) {
    // Typing into a selected cell replaces its content, as in Sheets.
    event.preventDefault();
    startEditing(event.key);
  }
});

formulaInput.addEventListener('focus', () => {
  if (editOriginal !== null) return;
  const cell = cellAt(selection.row, selection.column);
  editOriginal = cell ? cell.formula || cell.display : '';
});

formulaInput.addEventListener('keydown', (event) => {
  if (!snapshot) return;
  if (event.key === 'Escape') {
    event.preventDefault();
    cancelEditing();
  } else if (event.key === 'Enter') {
    event.preventDefault();
    commit(formulaInput.value, { rows: event.shiftKey ? -1 : 1, columns: 0 });
  } else if (event.key === 'Tab') {
    event.preventDefault();
    commit(formulaInput.value, { rows: 0, columns: event.shiftKey ? -1 : 1 });
  }
});

formulaInput.addEventListener('blur', () => {
  // Leaving the bar (a click elsewhere) keeps what was typed, as Sheets does; focus goes where the user clicked.
  if (editOriginal === null) return;
  if (formulaInput.value !== editOriginal) commit(formulaInput.value, { rows: 0, columns: 0 }, false);
  else editOriginal = null;
});

gridScroll.addEventListener('scroll', () => {
  const sheet = currentSheet();
  if (!sheet || drawnRows >= sheet.maxRows) return;
  if (gridScroll.scrollTop + gridScroll.clientHeight < gridScroll.scrollHeight - SCROLL_MARGIN_PX) return;
  if (rowsWanted > drawnRows) return;
  rowsWanted = drawnRows + ROWS_PER_PAGE;
  void refresh();
});

advanceButton.addEventListener('click', () => {
  advanceButton.disabled = true;
  void request('/api/advance-hour', {})
    .then((next) => render(next, { follow: false }))
    .catch(showError)
    .finally(() => {
      advanceButton.disabled = !snapshot?.canAdvanceClock;
    });
});

// The sidebar's bridge says when one of its calls finished: the spreadsheet may have changed.
window.addEventListener('message', (event) => {
  if (event.origin !== window.location.origin) return;
  if (typeof event.data === 'object' && event.data !== null && (event.data as { type?: unknown }).type === 'playground:changed') void refresh({ follow: true });
});

void refresh({ follow: true });
