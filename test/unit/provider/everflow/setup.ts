import type { EverflowInvoiceDetail } from '../../../../src/model/invoice';
import { Deadline } from '../../../../src/ports/clock';
import { EverflowClient } from '../../../../src/provider/everflow/client';
import type { KeyType } from '../../../../src/provider/everflow/rate-pacer';
import { SharedClock } from '../../../../test-support/clock';
import { IntlZoneRules } from '../../../../test-support/intl-zone-rules';
import { FAKE_BASE_URL, ScriptedEverflow, type ScriptedEverflowOptions } from './scripted-http';

/** Looks like a key, but too short and hyphenated to pass for a real one. */
export const API_KEY = 'test-key-Zq81-secret';

export interface SetupOptions extends Partial<Omit<ScriptedEverflowOptions, 'clock' | 'apiKey'>> {
  invoices?: number;
  keyType?: KeyType;
  random?: () => number;
}

/** A client on a fresh virtual clock against the scripted API, with its log lines kept. */
export function setup(options: SetupOptions = {}) {
  const clock = SharedClock.virtual();
  const { invoices = 0, keyType, random = () => 0.5, ...fakeOptions } = options;
  const api = new ScriptedEverflow({ clock, apiKey: API_KEY, ...fakeOptions }).seedInvoices(invoices);
  const logLines: string[] = [];
  const client = new EverflowClient({
    http: api,
    clock,
    sleeper: clock,
    apiKey: API_KEY,
    baseUrl: `${FAKE_BASE_URL}/`,
    zones: new IntlZoneRules(),
    random,
    keyType,
    log: { info: (line) => logLines.push(line), warn: (line) => logLines.push(line) },
  });
  const deadline = (budgetMs = 30_000): Deadline => Deadline.after(clock, budgetMs);
  /** Fetches details, keeping what arrived even when the call throws. */
  const fetchDetails = (ids: readonly number[], budgetMs = 600_000): { details: EverflowInvoiceDetail[]; error: unknown } => {
    const details: EverflowInvoiceDetail[] = [];
    try {
      client.fetchInvoiceDetails(ids, deadline(budgetMs), (detail) => details.push(detail));
      return { details, error: null };
    } catch (error) {
      return { details, error };
    }
  };
  return { clock, api, client, deadline, fetchDetails, logLines };
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

export function json(body: unknown): string {
  return JSON.stringify(body);
}

/** One invoice through `fetchInvoiceDetails`, as a caller of a single id gets it. */
export function fetchOne(client: EverflowClient, id: number, deadline: Deadline): EverflowInvoiceDetail {
  const delivered: EverflowInvoiceDetail[] = [];
  client.fetchInvoiceDetails([id], deadline, (detail) => delivered.push(detail));
  const [detail] = delivered;
  if (detail === undefined) throw new Error(`invoice ${id} was not delivered`);
  return detail;
}
