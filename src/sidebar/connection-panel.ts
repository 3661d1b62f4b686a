import type { ConnectionCheck, ConnectionInput, ConnectionsState, ConnectionView } from '../app/sidebar/api';
import { callServer, errorMessage } from './bridge';
import { byId, h, keepWhole, replaceChildren, showMessage, whileBusy } from './dom';

/** What the page last learned of a connection in this session. */
type Health = { kind: 'untested' } | { kind: 'ok'; check: ConnectionCheck } | { kind: 'bad'; message: string };

/**
 * The Connection panel: the saved connections (Everflow and Affise, several of each), each with
 * its own test, change and removal; one form to add or change one. A key goes to the server and
 * never comes back; a choice in the form (region, host, name) changes only when saved or cancelled.
 */
export function setUpConnectionPanel(initial: ConnectionsState): void {
  const list = byId('connection-list', HTMLUListElement);
  const summary = byId('connection-summary', HTMLElement);
  const dot = byId('connection-dot', HTMLElement);
  const listError = byId('connection-list-error', HTMLElement);
  const listBusy = byId('connection-list-busy', HTMLElement);
  const addButton = byId('connection-add', HTMLButtonElement);
  const form = byId('connection-form', HTMLFormElement);
  const title = byId('connection-form-title', HTMLElement);
  const nameInput = byId('connection-name', HTMLInputElement);
  const hostField = byId('host-field', HTMLElement);
  const hostInput = byId('affise-host', HTMLInputElement);
  const regionField = byId('region-field', HTMLFieldSetElement);
  const providerField = byId('provider-field', HTMLFieldSetElement);
  const keyInput = byId('api-key', HTMLInputElement);
  const keyHelp = byId('api-key-help', HTMLElement);
  const formError = byId('connection-error', HTMLElement);
  const formBusy = byId('connection-busy', HTMLElement);
  const save = byId('connection-save', HTMLButtonElement);
  const cancel = byId('connection-cancel', HTMLButtonElement);

  let state = initial;
  const health = new Map<string, Health>();
  /** The connection the form changes; null while it adds a new one. */
  let editing: ConnectionView | null = null;

  const radios = (name: string): HTMLInputElement[] => [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)];
  const checked = (name: string): string => radios(name).find((input) => input.checked)?.value ?? '';
  const check = (name: string, value: string): void => {
    for (const input of radios(name)) input.checked = input.value === value;
  };
  const allButtons = (): HTMLButtonElement[] => [addButton, save, cancel, ...list.querySelectorAll('button')];

  const showProvider = (): void => {
    const affise = checked('provider') === 'affise';
    hostField.hidden = !affise;
    regionField.hidden = affise;
    keyHelp.textContent = affise
      ? 'From Affise (only a general manager sees API keys). Kept in your user properties, which only you can read; it is never shown again.'
      : 'From the Everflow partner portal: My Account > API. Kept in your user properties, which only you can read; it is never shown again.';
  };

  /** The save button says which key it tests, so an empty key field is never a surprise. */
  const labelSave = (): void => {
    save.textContent = editing === null ? 'Save and test' : keyInput.value.trim() === '' ? 'Save and test the saved key' : 'Save and test the new key';
  };

  const renderSummary = (): void => {
    const count = state.connections.length;
    const bad = state.connections.some((connection) => health.get(connection.id)?.kind === 'bad');
    const allOk = count > 0 && state.connections.every((connection) => health.get(connection.id)?.kind === 'ok');
    dot.className = `status-dot${bad ? ' bad' : allOk ? ' ok' : ''}`;
    summary.textContent =
      count === 0 ? 'No connection yet. Add your Everflow or Affise account.'
      : count === 1 ? '1 connection saved.'
      : `${count} connections saved. Formulas name the one they read in their last argument, account.`;
    showMessage(listError, state.problem ?? '');
  };

  const renderItem = (connection: ConnectionView): HTMLLIElement => {
    const known = health.get(connection.id) ?? { kind: 'untested' };
    const statusText =
      known.kind === 'ok' ? known.check.summary
      : known.kind === 'bad' ? 'Did not work: see the message below.'
      : connection.maskedKey === null ? 'No key saved: change the connection to paste one.'
      : 'Saved. Test it to see what it reaches.';
    const test = h('button', { attrs: { type: 'button', 'aria-label': `Test ${connection.name} as saved` } }, 'Test saved connection');
    const edit = h('button', { attrs: { type: 'button', 'aria-label': `Change ${connection.name}` } }, 'Change');
    const remove = h('button', { className: 'danger', attrs: { type: 'button', 'aria-label': `Remove ${connection.name}` } }, 'Remove');
    test.disabled = connection.maskedKey === null;
    const item = h(
      'li',
      { className: 'card connection-item', attrs: { 'data-id': connection.id } },
      h('h3', {}, connection.name),
      h('p', { className: 'where' }, `${connection.providerLabel} · ${connection.endpoint} · key `, h('span', { className: 'masked-key' }, connection.maskedKey ?? 'none')),
      connection.keyType === null ? null : h('p', { className: 'key-type' }, connection.keyType),
      h('p', { className: 'status-line' }, h('span', { className: `status-dot${known.kind === 'untested' ? '' : ` ${known.kind}`}`, attrs: { 'aria-hidden': 'true' } }), h('span', { className: 'connection-status' }, statusText)),
      h('div', { className: 'alert', attrs: { role: 'alert' } }, known.kind === 'bad' ? known.message : ''),
      known.kind === 'ok' ? h('dl', { className: 'facts' }, ...known.check.facts.flatMap((fact) => [h('dt', {}, fact.term), h('dd', {}, fact.value)])) : null,
      h('div', { className: 'actions' }, test, edit, remove),
    );
    // A masked key ("••••-key") in any text of the card never wraps at its hyphen.
    if (connection.maskedKey !== null) for (const part of item.querySelectorAll<HTMLElement>('.connection-status, .alert, dd')) keepWhole(part, connection.maskedKey);
    test.addEventListener('click', () => void testSaved(connection));
    edit.addEventListener('click', () => openForm(connection));
    remove.addEventListener('click', () => void confirmRemove(connection, remove));
    return item;
  };

  const render = (): void => {
    replaceChildren(list, ...state.connections.map(renderItem));
    renderSummary();
  };

  const openForm = (connection: ConnectionView | null): void => {
    editing = connection;
    form.hidden = false;
    showMessage(formError, '');
    keyInput.value = '';
    keyInput.removeAttribute('aria-invalid');
    title.textContent = connection === null ? 'New connection' : `Change "${connection.name}"`;
    check('provider', connection?.provider ?? 'everflow');
    for (const input of radios('provider')) input.disabled = connection !== null;
    providerField.disabled = connection !== null;
    nameInput.value = connection?.name ?? '';
    check('region', connection?.region ?? 'us');
    hostInput.value = connection?.host ?? '';
    keyInput.placeholder = connection?.maskedKey ? `Leave empty to keep the saved key ${connection.maskedKey}` : '';
    showProvider();
    labelSave();
    nameInput.focus();
  };

  const closeForm = (): void => {
    form.hidden = true;
    keyInput.value = '';
    editing = null;
    addButton.focus();
  };

  const testSaved = async (connection: ConnectionView): Promise<void> => {
    try {
      const result = await whileBusy(allButtons(), listBusy, `Testing "${connection.name}" as saved…`, () => callServer('sidebarTestConnection', { id: connection.id }));
      health.set(connection.id, { kind: 'ok', check: result });
    } catch (error) {
      health.set(connection.id, { kind: 'bad', message: errorMessage(error) });
    }
    render();
  };

  const confirmRemove = async (connection: ConnectionView, button: HTMLButtonElement): Promise<void> => {
    if (button.dataset['confirm'] !== 'true') {
      button.dataset['confirm'] = 'true';
      button.textContent = `Remove "${connection.name}" and its key`;
      return;
    }
    try {
      state = await whileBusy(allButtons(), listBusy, `Removing "${connection.name}"…`, () => callServer('sidebarRemoveConnection', { id: connection.id }));
      health.delete(connection.id);
      if (editing?.id === connection.id) closeForm();
      render();
      addButton.focus();
    } catch (error) {
      showMessage(listError, errorMessage(error));
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const provider = checked('provider');
    const apiKey = keyInput.value;
    const input: ConnectionInput = {
      ...(editing === null ? {} : { id: editing.id }),
      provider,
      name: nameInput.value,
      ...(provider === 'affise' ? { host: hostInput.value } : { region: checked('region') }),
      apiKey,
    };
    const which = apiKey.trim() === '' && editing?.maskedKey ? `the saved key ${editing.maskedKey}` : 'the new key';
    const providerName = provider === 'affise' ? 'Affise' : 'Everflow';
    showMessage(formError, '');
    void whileBusy(allButtons(), formBusy, `Saving and testing ${which} with ${providerName}…`, () => callServer('sidebarSaveConnection', input)).then(
      (saved) => {
        state = saved.state;
        health.set(saved.check.connection.id, { kind: 'ok', check: saved.check });
        closeForm();
        render();
      },
      (error: unknown) => {
        // The key leaves the page with the call; the other choices stay as typed, to fix or cancel.
        keyInput.value = '';
        labelSave();
        showMessage(formError, errorMessage(error));
        if (editing?.maskedKey) keepWhole(formError, editing.maskedKey);
        keyInput.setAttribute('aria-invalid', 'true');
        keyInput.setAttribute('aria-errormessage', formError.id);
      },
    );
  });

  keyInput.addEventListener('input', () => {
    keyInput.removeAttribute('aria-invalid');
    labelSave();
  });
  for (const input of radios('provider')) input.addEventListener('change', showProvider);
  addButton.addEventListener('click', () => openForm(null));
  cancel.addEventListener('click', closeForm);

  render();
}
