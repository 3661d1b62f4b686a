import type { SharedClock } from '../clock';
import { patchFaults, type FaultOptions } from '../fake-http/faults';

/**
 * Options of the fake Everflow API. Everything except the clock is plain data, so the same
 * settings cross into the worker thread that hosts the server.
 */

/** Demo credentials: fake keys, printed by the CLI and used by tests. Not secrets. */
export const DEMO_AFFILIATE_KEY = 'demo-affiliate-key';
export const DEMO_NETWORK_KEY = 'demo-network-key';
export const DEMO_AFFILIATE_ID = 7;

/** `none`: a key every billing endpoint refuses (403 Out of realm), as a key without invoice permissions. */
export type Realm = 'affiliate' | 'network' | 'none';

export interface FakeApiKey {
  key: string;
  realm: Realm;
  /** Whose invoices an affiliate key sees; ignored for network keys. */
  affiliateId?: number;
}

export { FAULT_KINDS, type FaultKind } from '../fake-http/faults';

/** `'alternate'` switches between `{"error"}` and `{"Error"}` on each error; `'text'` is plain text. */
export type ErrorStyle = 'error' | 'Error' | 'alternate' | 'text';

export interface BucketSpec {
  perSecond: number;
  burst: number;
}

export interface RateLimitOptions {
  enabled: boolean;
  /** One bucket per affiliate, shared by all its keys. */
  affiliate: BucketSpec;
  /** One bucket per network, shared by all its keys. */
  network: BucketSpec;
}

/** Probability, per record, of each deviation from the documented shapes (0 turns one off). */
export interface QuirkRates {
  /** Some numeric fields sent as strings ("120.00", "80"). */
  numbersAsStrings: number;
  /** Some optional fields sent as null or left out. */
  nullOptionals: number;
  /** Fields no documentation mentions. */
  extraFields: number;
  /** Period times on invoice details as "YYYY-MM-DDTHH:MM:SSZ" (same wall clock digits). */
  isoPeriodTimes: number;
  /** Lines whose `invoice_currency_amount` is left out, null, or text ("n/a"): off unless asked for. */
  lineAmountGaps?: number;
}

export const QUIRKS_OFF: QuirkRates = { numbersAsStrings: 0, nullOptionals: 0, extraFields: 0, isoPeriodTimes: 0 };

/**
 * How the list's `max_end_time` ("periods ending on or before this date") compares. `'date'`: the
 * period end's date part, so a period ending 23:59:59 on that day is in. `'midnight'`: the period
 * end against 00:00:00 of that day, so it is out. The docs allow both readings.
 */
export type EndDateReading = 'date' | 'midnight';

/** What can change while the server runs. */
export interface FakeEverflowBehaviour {
  keys: FakeApiKey[];
  maxPageSize: number;
  errorStyle: ErrorStyle;
  /** Every request takes this long (virtual or real, as the clock is). */
  latencyMs: number;
  rateLimit: RateLimitOptions;
  quirks: QuirkRates;
  faults: FaultOptions;
  /** The request log keeps this many latest entries. */
  requestLogLimit: number;
  endDateReading: EndDateReading;
  /**
   * Network invoices Everflow refuses to change (as it may one with a payment in progress): a
   * PATCH answers `success: false` for each of them alone, a PUT answers 400.
   */
  lockedInvoiceIds: number[];
  /**
   * What a key of the other realm gets (a partner key on a network endpoint, or the reverse): the
   * reference says 403 "Out of realm"; the issue allows 401 as well, so clients must take both.
   */
  wrongRealmStatus: WrongRealmStatus;
}

export type WrongRealmStatus = 401 | 403;

/** A partial behaviour for `configure`: nested objects merge field by field; `plan` and `rates` replace. */
export interface FakeEverflowConfigPatch {
  keys?: FakeApiKey[];
  maxPageSize?: number;
  errorStyle?: ErrorStyle;
  latencyMs?: number;
  rateLimit?: { enabled?: boolean; affiliate?: Partial<BucketSpec>; network?: Partial<BucketSpec> };
  quirks?: Partial<QuirkRates>;
  faults?: Partial<FaultOptions>;
  requestLogLimit?: number;
  endDateReading?: EndDateReading;
  lockedInvoiceIds?: number[];
  wrongRealmStatus?: WrongRealmStatus;
}

/** Everything but the clock: structured-cloneable, handed to the worker as is. */
export interface FakeEverflowSettings extends FakeEverflowConfigPatch {
  /** Seeds the data, quirks and random faults. Default 1. */
  seed?: number;
  /** Invoices per affiliate. Default 120. */
  invoiceCount?: number;
  /** Overrides `invoiceCount` for some affiliates. */
  invoiceCountByAffiliate?: Record<number, number>;
  /** Default 1. */
  networkId?: number;
  /** Partners of the network besides the affiliate keys' own (they have no key; a network key sees them). */
  networkAffiliateIds?: number[];
  /** "Now" for generating data. Default: the clock's time at start. */
  dataNowMs?: number;
}

export interface FakeEverflowOptions extends FakeEverflowSettings {
  clock: SharedClock;
}

export const DEFAULT_KEYS: readonly FakeApiKey[] = [
  { key: DEMO_AFFILIATE_KEY, realm: 'affiliate', affiliateId: DEMO_AFFILIATE_ID },
  { key: DEMO_NETWORK_KEY, realm: 'network' },
];

export const DEFAULT_BEHAVIOUR: FakeEverflowBehaviour = {
  keys: [...DEFAULT_KEYS],
  maxPageSize: 2000,
  errorStyle: 'error',
  latencyMs: 0,
  rateLimit: { enabled: true, affiliate: { perSecond: 5, burst: 20 }, network: { perSecond: 30, burst: 50 } },
  quirks: { numbersAsStrings: 0.05, nullOptionals: 0.05, extraFields: 0.1, isoPeriodTimes: 0.1 },
  faults: { plan: {}, rates: {}, storm429: { requests: 0 }, slowMs: 10_000 },
  requestLogLimit: 5_000,
  endDateReading: 'date',
  lockedInvoiceIds: [],
  wrongRealmStatus: 403,
};

export function applyPatch(base: FakeEverflowBehaviour, patch: FakeEverflowConfigPatch): FakeEverflowBehaviour {
  return {
    keys: patch.keys ? patch.keys.map((key) => ({ ...key })) : base.keys,
    maxPageSize: patch.maxPageSize ?? base.maxPageSize,
    errorStyle: patch.errorStyle ?? base.errorStyle,
    latencyMs: patch.latencyMs ?? base.latencyMs,
    rateLimit: {
      enabled: patch.rateLimit?.enabled ?? base.rateLimit.enabled,
      affiliate: { ...base.rateLimit.affiliate, ...patch.rateLimit?.affiliate },
      network: { ...base.rateLimit.network, ...patch.rateLimit?.network },
    },
    quirks: { ...base.quirks, ...patch.quirks },
    faults: patchFaults(base.faults, patch.faults),
    requestLogLimit: patch.requestLogLimit ?? base.requestLogLimit,
    endDateReading: patch.endDateReading ?? base.endDateReading,
    lockedInvoiceIds: patch.lockedInvoiceIds ? [...patch.lockedInvoiceIds] : base.lockedInvoiceIds,
    wrongRealmStatus: patch.wrongRealmStatus ?? base.wrongRealmStatus,
  };
}
