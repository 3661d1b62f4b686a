/**
 * The playground page's script: draws the emulated spreadsheet (sheets as tabs, values and
 * formulas), lets a person select a cell and type into it, and redraws after every sidebar call.
 * Cell text goes in with textContent only: API data is shown, never parsed.
 */
import type { CellEdit, CellSelection, GridCell, GridSheet, PlaygroundSnapshot } from '../protocol';

const MIN_ROWS = 30;
const MIN_COLUMNS = 10;

function element<T extends HTMLElement>(id: string, kind: { new (): T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error(`The playground page has no ${kind.name} #${id}.`);
  return found;
}

const grid = element('grid', HTMLTableElement);
const tabs = element('sheet-tabs', HTMLElement);
const formulaInput = element('formula-input', HTMLInputElement);
const nameBox = element('name-box', HTMLElement);
const triggersLine = element('triggers', HTMLElement);
const errorLine = element('grid-error', HTMLElement);

let snapshot: PlaygroundSnapshot | null = null;
let shownSheet = '';

function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

async function request(path: string, body?: CellEdit | CellSelection): Promise<PlaygroundSnapshot> {
  const response = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as PlaygroundSnapshot | { error: string };
  if (!response.ok || 'error' in answer) throw new Error('error' in answer ? answer.error : `HTTP ${response.status}`);
  return answer;
}

function currentSheet(): GridSheet | undefined {
  return snapshot?.sheets.find((sheet) => sheet.name === shownSheet);
}

function cellAt(sheet: GridSheet, row: number, column: number): GridCell | undefined {
  return sheet.cells.find((cell) => cell.row === row && cell.column === column);
}

function renderTabs(next: PlaygroundSnapshot): void {
  tabs.replaceChildren(
    ...next.sheets
      .filter((sheet) => !sheet.hidden)
      .map((sheet) => {
        const tab = document.createElement('button');
        tab.type = 'button';
        tab.setAttribute('role', 'tab');
        tab.setAttribute('aria-selected', String(sheet.name === shownSheet));
        tab.dataset['sheet'] = sheet.name;
        tab.textContent = sheet.name;
        tab.addEventListener('click', () => void select(sheet.name, 1, 1));
        return tab;
      }),
  );
}

function renderGrid(sheet: GridSheet, current: { row: number; column: number }): void {
  const rows = Math.max(MIN_ROWS, sheet.rowsShown + 5);
  const columns = Math.max(MIN_COLUMNS, sheet.lastColumn + 2);
  const byPlace = new Map(sheet.cells.map((cell) => [`${cell.row}:${cell.column}`, cell]));
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  const corner = document.createElement('th');
  corner.className = 'row-head';
  headRow.append(corner);
  for (let column = 1; column <= columns; column++) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = columnLetters(column);
    headRow.append(th);
  }
  head.append(headRow);
  const body = document.createElement('tbody');
  for (let row = 1; row <= rows; row++) {
    const tr = document.createElement('tr');
    if (row === sheet.frozenRows) tr.className = 'frozen';
    const rowHead = document.createElement('th');
    rowHead.className = 'row-head';
    rowHead.scope = 'row';
    rowHead.textContent = String(row);
    tr.append(rowHead);
    for (let column = 1; column <= columns; column++) {
      const td = document.createElement('td');
      const cell = byPlace.get(`${row}:${column}`);
      td.dataset['cell'] = `${columnLetters(column)}${row}`;
      if (cell) {
        td.textContent = cell.display;
        td.title = cell.note || cell.formula || cell.display;
        td.classList.add(cell.align);
        if (cell.formula) td.classList.add('formula');
        if (cell.note) td.classList.add('error');
      }
      if (row === current.row && column === current.column) td.classList.add('selected');
      td.addEventListener('click', () => void select(sheet.name, row, column));
      tr.append(td);
    }
    body.append(tr);
  }
  grid.replaceChildren(head, body);
}

function render(next: PlaygroundSnapshot): void {
  snapshot = next;
  shownSheet = next.activeSheet;
  element('doc-name', HTMLElement).textContent = next.spreadsheetName;
  element('source', HTMLElement).textContent = next.source;
  element('zone', HTMLElement).textContent = `Spreadsheet time zone: ${next.timeZone}`;
  const sheet = currentSheet();
  renderTabs(next);
  if (sheet) {
    renderGrid(sheet, next.current);
    const cell = cellAt(sheet, next.current.row, next.current.column);
    nameBox.textContent = `${columnLetters(next.current.column)}${next.current.row}`;
    if (document.activeElement !== formulaInput) formulaInput.value = cell ? cell.formula || cell.display : '';
  }
  triggersLine.textContent =
    next.triggers.length === 0 ? 'Triggers: none' : `Triggers: ${next.triggers.map((trigger) => `${trigger.handler} (${trigger.schedule}, next ${trigger.nextRun ?? 'never'})`).join('; ')}`;
  document.body.dataset['version'] = String(next.version);
}

async function refresh(): Promise<void> {
  try {
    render(await request('/api/sheets'));
    errorLine.textContent = '';
  } catch (error) {
    errorLine.textContent = error instanceof Error ? error.message : String(error);
  }
}

async function select(sheet: string, row: number, column: number): Promise<void> {
  try {
    render(await request('/api/select', { sheet, row, column }));
  } catch (error) {
    errorLine.textContent = error instanceof Error ? error.message : String(error);
  }
}

formulaInput.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || !snapshot) return;
  event.preventDefault();
  const { row, column } = snapshot.current;
  const edit: CellEdit = { sheet: shownSheet, row, column, input: formulaInput.value };
  formulaInput.blur();
  void request('/api/cell', edit)
    .then((next) => {
      errorLine.textContent = '';
      render(next);
      return select(shownSheet, row + 1, column);
    })
    .catch((error: unknown) => {
      errorLine.textContent = error instanceof Error ? error.message : String(error);
    });
});

// The sidebar's bridge says when one of its calls finished: the spreadsheet may have changed.
window.addEventListener('message', (event) => {
  if (event.origin !== window.location.origin) return;
  if (typeof event.data === 'object' && event.data !== null && (event.data as { type?: unknown }).type === 'playground:changed') void refresh();
});

void refresh();
