import type { ConnectionCheck, ConnectionState } from '../app/sidebar/api';
import { callServer, errorMessage } from './bridge';
import { byId, keepWhole, showMessage, whileBusy } from './dom';

const REGION_NAMES: Record<string, string> = { us: 'US', eu: 'EU' };

/** The Connection panel: paste a key, pick a region, test it, remove it. The key never comes back from the server. */
export function setUpConnectionPanel(initial: ConnectionState): void {
  const form = byId('connection-form', HTMLFormElement);
  const keyInput = byId('api-key', HTMLInputElement);
  const save = byId('connection-save', HTMLButtonElement);
  const test = byId('connection-test', HTMLButtonElement);
  const remove = byId('connection-remove', HTMLButtonElement);
  const errorRegion = byId('connection-error', HTMLElement);
  const busy = byId('connection-busy', HTMLElement);
  const summary = byId('connection-summary', HTMLElement);
  const dot = byId('connection-dot', HTMLElement);
  const resultCard = byId('connection-result', HTMLElement);
  const buttons = [save, test, remove];

  const regionInputs = (): HTMLInputElement[] => [...form.querySelectorAll<HTMLInputElement>('input[name="region"]')];
  const selectedRegion = (): string => regionInputs().find((input) => input.checked)?.value ?? 'us';

  let current = initial;
  const showState = (state: ConnectionState, health: 'ok' | 'bad' | 'unknown'): void => {
    current = state;
    for (const input of regionInputs()) input.checked = input.value === state.region;
    dot.className = `status-dot${health === 'unknown' ? '' : ` ${health}`}`;
    if (state.maskedKey === null) {
      summary.textContent = 'Not connected. Paste your Everflow API key below.';
      keyInput.placeholder = '';
    } else {
      const region = REGION_NAMES[state.region] ?? state.region;
      summary.textContent =
        health === 'ok' ? `Connected to Everflow ${region} with key ${state.maskedKey}.`
        : health === 'bad' ? `Key ${state.maskedKey} (${region}) did not work: see the message below.`
        : `Key ${state.maskedKey} is set (${region}). Test it to see what it reaches.`;
      keepWhole(summary, state.maskedKey);
      keyInput.placeholder = `${state.maskedKey} saved; paste a new key to replace it`;
    }
    test.disabled = state.maskedKey === null;
    remove.disabled = state.maskedKey === null;
  };

  const showCheck = (check: ConnectionCheck): void => {
    showState(check, 'ok');
    byId('result-key', HTMLElement).textContent = check.maskedKey;
    byId('result-key-type', HTMLElement).textContent = check.keyType;
    byId('result-region', HTMLElement).textContent = REGION_NAMES[check.region] ?? check.region;
    byId('result-invoices', HTMLElement).textContent = check.invoiceCount.toLocaleString('en-US');
    byId('result-currencies', HTMLElement).textContent = check.currencies.length > 0 ? check.currencies.join(', ') : 'none yet';
    resultCard.hidden = false;
  };

  /** Runs a call, showing its error in the alert region; answers null when it failed. */
  const attempt = async <T>(busyText: string, action: () => Promise<T>): Promise<T | null> => {
    showMessage(errorRegion, '');
    try {
      return await whileBusy(buttons, busy, busyText, action);
    } catch (error) {
      showMessage(errorRegion, errorMessage(error));
      return null;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const apiKey = keyInput.value;
    void attempt('Checking the key with Everflow…', () => callServer('sidebarConnect', { apiKey, region: selectedRegion() })).then((check) => {
      // The field is cleared either way: the key stays on the page no longer than the call.
      keyInput.value = '';
      if (check) showCheck(check);
      else {
        resultCard.hidden = true;
        keyInput.setAttribute('aria-invalid', 'true');
        keyInput.setAttribute('aria-errormessage', errorRegion.id);
      }
    });
  });

  keyInput.addEventListener('input', () => keyInput.removeAttribute('aria-invalid'));

  test.addEventListener('click', () => {
    void attempt('Testing the saved key…', () => callServer('sidebarTestConnection')).then((check) => {
      if (check) showCheck(check);
      else {
        resultCard.hidden = true;
        showState(current, 'bad');
      }
    });
  });

  remove.addEventListener('click', () => {
    void attempt('Removing the key…', () => callServer('sidebarRemoveKey')).then((state) => {
      if (!state) return;
      showState(state, 'unknown');
      resultCard.hidden = true;
      keyInput.focus();
    });
  });

  showState(initial, 'unknown');
}
