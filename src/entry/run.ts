import { Deadline } from '../ports/clock';
import type { AppServices, Call } from '../app/services';
import { ConnectionStore } from '../app/connections';
import { messageOf, redactSecrets } from '../app/user-message';
import { appsScriptServices } from './apps-script-services';

/** Sheets stops a custom function at 30 s; stop starting work at 25 s so a clear message can still be returned. */
export const CUSTOM_FUNCTION_BUDGET_MS = 25_000;
/** An execution (menu, trigger, sidebar call) may run 6 minutes; finish cleanly before 5. */
export const EXECUTION_BUDGET_MS = 5 * 60_000;

/** Re-throws any error with a message safe to show: every stored API key masked wherever it appears. */
export function safeError(services: AppServices, error: unknown): Error {
  return new Error(redactSecrets(messageOf(error), new ConnectionStore(services.userProperties).allKeys()));
}

function withCall<T>(budgetMs: number, body: (call: Call) => T): T {
  const services = appsScriptServices();
  const deadline = Deadline.after(services.clock, budgetMs);
  try {
    return body({ services, deadline });
  } catch (error) {
    throw safeError(services, error);
  }
}

export function runCustomFunction<T>(impl: (call: Call, args: unknown[]) => T): (...args: unknown[]) => T {
  return (...args) => withCall(CUSTOM_FUNCTION_BUDGET_MS, (call) => impl(call, args));
}

export function runExecution<T>(impl: (call: Call, args: unknown[]) => T): (...args: unknown[]) => T {
  return (...args) => withCall(EXECUTION_BUDGET_MS, (call) => impl(call, args));
}
