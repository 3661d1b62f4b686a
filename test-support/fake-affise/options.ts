import type { SharedClock } from '../clock';
import { NO_FAULTS, patchFaults, type FaultOptions } from '../fake-http/faults';

/**
 * Options of the fake Affise API. Everything except the clock is plain data, so the same
 * settings cross into the worker thread that hosts the server.
 */

/** Demo credentials: fake keys, printed by the CLI and used by tests. Not secrets. */
export const DEMO_AFFISE_KEY = 'demo-affise-key';

export interface FakeAffiseKey {
  key: string;
  /** Who `GET /3.1/user/me` says the key belongs to. */
  user: { id: string; email: string; firstName: string; lastName: string; roles: string[] };
}

export const DEFAULT_AFFISE_KEYS: readonly FakeAffiseKey[] = [
  { key: DEMO_AFFISE_KEY, user: { id: '5f1a2b3c4d5e6f7a8b9c0d1e', email: 'finance@demo-network.test', firstName: 'Dana', lastName: 'Finance', roles: ['ROLE_ADMIN'] } },
];

/** Probability, per record, of each deviation from the documented shapes (0 turns one off). */
export interface AffiseQuirkRates {
  /** Ids, affiliate ids and counts sent as strings ("123"). */
  numbersAsStrings: number;
  /** Empty optional fields (comment, notes, pay_acc, pay_sys_name, ref_revenue, manager_id) sent as null or left out. */
  nullOptionals: number;
  /** Fields no documentation mentions. */
  extraFields: number;
}

export const AFFISE_QUIRKS_OFF: AffiseQuirkRates = { numbersAsStrings: 0, nullOptionals: 0, extraFields: 0 };

/** What can change while the server runs. */
export interface FakeAffiseBehaviour {
  keys: FakeAffiseKey[];
  /** False: the plan has no Billing API; every `/3.1/payments` call answers 403 "Auth Denied". */
  billingEnabled: boolean;
  /** `limit` over 100: `'refuse'` answers 400; `'cap'` serves 100 and says so in `pagination.limit`. */
  overLimit: 'refuse' | 'cap';
  /** Every request takes this long (virtual or real, as the clock is). */
  latencyMs: number;
  quirks: AffiseQuirkRates;
  /**
   * Faults. On write calls, `5xx` and `429` answer before anything is changed; `truncate` and
   * `drop` happen after the change is made (the worst case for a client: it landed, no answer).
   */
  faults: FaultOptions;
  /** bulk-delete answers `false` for these ids (and leaves them) besides ids it does not know. */
  bulkDeleteRefusedIds: number[];
  /** How long after `create-for-affiliate` the invoice appears in list and get (virtual or real ms). */
  creationDelayMs: number;
  /** The request log keeps this many latest entries. */
  requestLogLimit: number;
}

export interface FakeAffiseConfigPatch {
  keys?: FakeAffiseKey[];
  billingEnabled?: boolean;
  overLimit?: 'refuse' | 'cap';
  latencyMs?: number;
  quirks?: Partial<AffiseQuirkRates>;
  faults?: Partial<FaultOptions>;
  bulkDeleteRefusedIds?: number[];
  creationDelayMs?: number;
  requestLogLimit?: number;
}

/** Everything but the clock: structured-cloneable, handed to the worker as is. */
export interface FakeAffiseSettings extends FakeAffiseConfigPatch {
  /** Seeds the data, quirks and random faults. Default 1. */
  seed?: number;
  /** Invoices ("payments") generated. Default 150. */
  paymentCount?: number;
  /** Affiliates ("partners"). Default 12. */
  partnerCount?: number;
  /** "Now" for generating data. Default: the clock's time at start. */
  dataNowMs?: number;
}

export interface FakeAffiseOptions extends FakeAffiseSettings {
  clock: SharedClock;
}

export const DEFAULT_AFFISE_BEHAVIOUR: FakeAffiseBehaviour = {
  keys: [...DEFAULT_AFFISE_KEYS],
  billingEnabled: true,
  overLimit: 'refuse',
  latencyMs: 0,
  quirks: { numbersAsStrings: 0.05, nullOptionals: 0.05, extraFields: 0.1 },
  faults: NO_FAULTS,
  bulkDeleteRefusedIds: [],
  creationDelayMs: 120_000,
  requestLogLimit: 5_000,
};

export function applyAffisePatch(base: FakeAffiseBehaviour, patch: FakeAffiseConfigPatch): FakeAffiseBehaviour {
  return {
    keys: patch.keys ? structuredClone(patch.keys) : base.keys,
    billingEnabled: patch.billingEnabled ?? base.billingEnabled,
    overLimit: patch.overLimit ?? base.overLimit,
    latencyMs: patch.latencyMs ?? base.latencyMs,
    quirks: { ...base.quirks, ...patch.quirks },
    faults: patchFaults(base.faults, patch.faults),
    bulkDeleteRefusedIds: patch.bulkDeleteRefusedIds ? [...patch.bulkDeleteRefusedIds] : base.bulkDeleteRefusedIds,
    creationDelayMs: patch.creationDelayMs ?? base.creationDelayMs,
    requestLogLimit: patch.requestLogLimit ?? base.requestLogLimit,
  };
}
