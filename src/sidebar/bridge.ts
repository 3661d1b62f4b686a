import type { SidebarApi, SidebarCallName } from '../app/sidebar/api';

type Handler = (value: unknown) => void;

/** The part of google.script.run the page uses: handlers chained, then the server function by name. */
type ScriptRunner = {
  withSuccessHandler(handler: Handler): ScriptRunner;
  withFailureHandler(handler: Handler): ScriptRunner;
} & Record<string, (...args: unknown[]) => void>;

interface GoogleScriptHost {
  /** `host` closes the dialog the page is in. */
  script: { run: ScriptRunner; host?: { close(): void } };
}

declare global {
  interface Window {
    google?: GoogleScriptHost;
  }
}

/** A server call failed; `message` is the server's, ready to show. */
export class ServerCallError extends Error {
  override name = 'ServerCallError';
}

/** Apps Script prefixes what the failure handler receives with the error's type; people need only the message. */
const TYPE_PREFIX = /^(?:Error|Exception|ScriptError|TypeError|RangeError): /;

function failureMessage(failure: unknown): string {
  const raw = failure instanceof Error || (typeof failure === 'object' && failure !== null && 'message' in failure) ? String((failure as { message: unknown }).message) : String(failure);
  const message = raw.replace(TYPE_PREFIX, '').trim();
  return message === '' ? 'The add-on did not answer. Reload the sidebar and try again.' : message;
}

function scriptRunner(): ScriptRunner {
  const run = window.google?.script.run;
  if (!run) throw new ServerCallError('This page must be opened from the spreadsheet (Extensions > Affiliate Billing > Open sidebar).');
  return run;
}

/** Calls a server function of the sidebar's contract and answers a Promise of its typed result. */
export function callServer<K extends SidebarCallName>(name: K, ...args: Parameters<SidebarApi[K]>): Promise<ReturnType<SidebarApi[K]>> {
  return new Promise((resolve, reject) => {
    const runner = scriptRunner()
      .withSuccessHandler((value) => resolve(value as ReturnType<SidebarApi[K]>))
      .withFailureHandler((failure) => reject(new ServerCallError(failureMessage(failure))));
    const fn = runner[name];
    if (typeof fn !== 'function') {
      reject(new ServerCallError(`The add-on has no function ${name}; reload the sidebar.`));
      return;
    }
    fn(...args);
  });
}

/** The message to show for anything a call rejected with. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : failureMessage(error);
}
