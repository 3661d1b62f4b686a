import type { FormulaPreview, FunctionInfo, FunctionParameterInfo } from '../app/sidebar/api';
import { formulaText } from '../app/sidebar/formula-text';
import { callServer, errorMessage } from './bridge';
import { byId, h, replaceChildren, setOptions, showMessage, whileBusy } from './dom';

type ArgumentField = HTMLInputElement | HTMLSelectElement;

function argumentField(fn: FunctionInfo, param: FunctionParameterInfo): { wrapper: HTMLElement; field: ArgumentField } {
  const id = `formula-arg-${param.name}`;
  const hintId = `${id}-hint`;
  const input = param.input;
  let field: ArgumentField;
  if (input.kind === 'choice') {
    field = h('select', { id, attrs: { name: param.name } });
    setOptions(field, [{ value: '', label: 'Any' }, ...input.choices.map((choice) => ({ value: choice, label: choice }))]);
  } else {
    const type = input.kind === 'date' ? 'date' : input.kind === 'amount' ? 'number' : 'text';
    field = h('input', { id, attrs: { type, name: param.name, autocomplete: 'off', spellcheck: 'false' } });
    if (input.kind === 'amount') field.step = 'any';
    if (input.kind === 'invoice-id') field.inputMode = 'numeric';
  }
  field.setAttribute('aria-describedby', hintId);
  if (!param.optional) field.required = true;
  const label = h('label', { attrs: { for: id } }, param.name, param.optional ? ' (optional)' : '');
  const wrapper = h('div', { className: 'field', attrs: { 'data-function': fn.name } }, label, field, h('p', { className: 'hint', id: hintId }, param.description));
  return { wrapper, field };
}

function previewTable(preview: FormulaPreview): HTMLTableElement {
  const table = h('table', { className: 'preview-table', id: 'formula-preview-table' });
  table.appendChild(h('thead', {}, h('tr', {}, ...preview.columns.map((column) => h('th', { attrs: { scope: 'col' } }, column)))));
  table.appendChild(h('tbody', {}, ...preview.rows.map((row) => h('tr', {}, ...row.map((cell) => h('td', { attrs: { title: cell } }, cell))))));
  return table;
}

/** The Functions panel: a formula builder that previews the first rows and inserts into the active cell. */
export function setUpFunctionsPanel(functions: readonly FunctionInfo[]): void {
  const form = byId('formula-form', HTMLFormElement);
  const select = byId('formula-function', HTMLSelectElement);
  const summary = byId('formula-summary', HTMLElement);
  const argumentsBox = byId('formula-arguments', HTMLElement);
  const formulaOutput = byId('formula-text', HTMLOutputElement);
  const errorRegion = byId('formula-error', HTMLElement);
  const notice = byId('formula-notice', HTMLElement);
  const busy = byId('formula-busy', HTMLElement);
  const insert = byId('formula-insert', HTMLButtonElement);
  const preview = byId('formula-preview', HTMLButtonElement);
  const previewCard = byId('formula-preview-card', HTMLElement);
  const caption = byId('formula-preview-caption', HTMLElement);
  const buttons = [insert, preview];

  let fields: ArgumentField[] = [];
  const current = (): FunctionInfo | undefined => functions.find((fn) => fn.name === select.value);
  const request = (): { name: string; args: string[] } => ({ name: select.value, args: fields.map((field) => field.value) });

  const updateFormula = (): void => {
    const fn = current();
    formulaOutput.value = fn ? formulaText(fn.name, fn.params.map((param) => param.input), fields.map((field) => field.value)) : '';
  };

  const showFunction = (): void => {
    const fn = current();
    summary.textContent = fn ? `${fn.summary} Columns: ${fn.returns}` : '';
    const built = fn ? fn.params.map((param) => argumentField(fn, param)) : [];
    fields = built.map((item) => item.field);
    replaceChildren(argumentsBox, ...built.map((item) => item.wrapper));
    previewCard.hidden = true;
    showMessage(errorRegion, '');
    showMessage(notice, '');
    updateFormula();
  };

  const run = async (busyText: string, action: () => Promise<void>): Promise<void> => {
    showMessage(errorRegion, '');
    showMessage(notice, '');
    try {
      await whileBusy(buttons, busy, busyText, action);
    } catch (error) {
      showMessage(errorRegion, errorMessage(error));
    }
  };

  setOptions(select, functions.map((fn) => ({ value: fn.name, label: fn.name })));
  select.addEventListener('change', showFunction);
  argumentsBox.addEventListener('input', updateFormula);
  argumentsBox.addEventListener('change', updateFormula);

  preview.addEventListener('click', () => {
    void run('Fetching the first rows…', async () => {
      const result = await callServer('sidebarPreviewFormula', request());
      formulaOutput.value = result.formula;
      caption.textContent =
        result.totalRows === 0 ? 'No rows match: the result is the header row alone.'
        : `First ${result.rows.length} of ${result.totalRows.toLocaleString('en-US')} row${result.totalRows === 1 ? '' : 's'}.`;
      byId('formula-preview-table', HTMLTableElement).replaceWith(previewTable(result));
      previewCard.hidden = false;
    });
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run('Inserting…', async () => {
      const inserted = await callServer('sidebarInsertFormula', request());
      showMessage(notice, `Inserted ${inserted.formula} into ${inserted.cell}.`);
    });
  });

  showFunction();
}
