import { AppsScriptException } from './exception';

/** Google's quotas differ by account: a consumer (gmail.com) account, or Google Workspace. */
export type AccountKind = 'consumer' | 'workspace';

const DAY_MS = 86_400_000;

/** Apps Script's daily limits per user (guides/services/quotas). */
export const DAILY_LIMITS: Readonly<Record<AccountKind, { urlFetches: number; triggerRuntimeMs: number }>> = {
  consumer: { urlFetches: 20_000, triggerRuntimeMs: 90 * 60_000 },
  workspace: { urlFetches: 100_000, triggerRuntimeMs: 6 * 3_600_000 },
};

export const URL_FETCH_QUOTA_MESSAGE = 'Service invoked too many times for one day: urlfetch.';
export const TRIGGER_RUNTIME_QUOTA_MESSAGE = 'Service using too much computer time for one day';

/**
 * A count that starts again at each day boundary of the shared clock (midnight UTC plus
 * `resetOffsetMs`): Google refreshes daily quotas once a day, at a time that varies by user.
 */
class DailyMeter {
  private day: number | null = null;
  private usedToday = 0;

  constructor(
    readonly dailyLimit: number,
    private readonly resetOffsetMs: number,
  ) {}

  used(nowMs: number): number {
    this.roll(nowMs);
    return this.usedToday;
  }

  remaining(nowMs: number): number {
    return Math.max(0, this.dailyLimit - this.used(nowMs));
  }

  add(amount: number, nowMs: number): void {
    this.roll(nowMs);
    this.usedToday += amount;
  }

  /** The next reset after `nowMs`. */
  nextResetMs(nowMs: number): number {
    return (Math.floor((nowMs - this.resetOffsetMs) / DAY_MS) + 1) * DAY_MS + this.resetOffsetMs;
  }

  private roll(nowMs: number): void {
    const day = Math.floor((nowMs - this.resetOffsetMs) / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.usedToday = 0;
    }
  }
}

export interface DailyQuotaOptions {
  /** Default 'consumer'. */
  account?: AccountKind;
  /** Overrides the account's limit (tests meet it sooner). */
  dailyLimit?: number;
  /** When the day turns, after midnight UTC; default 0. */
  resetOffsetMs?: number;
}

/** The daily UrlFetch quota of one user. Share it between emulators of the same user. */
export class UrlFetchQuota {
  private readonly meter: DailyMeter;
  /** fetch and fetchAll calls refused for the quota: a script that retries them shows here. */
  refusals = 0;

  /** A number is the daily limit (older form); options choose the account. */
  constructor(options: number | DailyQuotaOptions = {}) {
    const given = typeof options === 'number' ? { dailyLimit: options } : options;
    this.meter = new DailyMeter(given.dailyLimit ?? DAILY_LIMITS[given.account ?? 'consumer'].urlFetches, given.resetOffsetMs ?? 0);
  }

  get dailyLimit(): number {
    return this.meter.dailyLimit;
  }

  /** Counts `requests` more, or throws (counting none) when they would exceed the day's quota. */
  take(requests: number, nowMs: number): void {
    if (this.meter.used(nowMs) + requests > this.meter.dailyLimit) {
      this.refusals += 1;
      throw new AppsScriptException(URL_FETCH_QUOTA_MESSAGE);
    }
    this.meter.add(requests, nowMs);
  }

  used(nowMs: number): number {
    return this.meter.used(nowMs);
  }

  nextResetMs(nowMs: number): number {
    return this.meter.nextResetMs(nowMs);
  }
}

/**
 * The daily runtime of one user's triggers. A trigger that starts with none left fails at once;
 * one that runs out of it is stopped at its next service call, as Apps Script stops it.
 */
export class TriggerRuntimeQuota {
  private readonly meter: DailyMeter;

  constructor(options: DailyQuotaOptions = {}) {
    this.meter = new DailyMeter(options.dailyLimit ?? DAILY_LIMITS[options.account ?? 'consumer'].triggerRuntimeMs, options.resetOffsetMs ?? 0);
  }

  get dailyLimitMs(): number {
    return this.meter.dailyLimit;
  }

  remainingMs(nowMs: number): number {
    return this.meter.remaining(nowMs);
  }

  usedMs(nowMs: number): number {
    return this.meter.used(nowMs);
  }

  /** Books a trigger execution's runtime on the day it started. */
  spend(ms: number, startedAtMs: number): void {
    this.meter.add(ms, startedAtMs);
  }

  nextResetMs(nowMs: number): number {
    return this.meter.nextResetMs(nowMs);
  }
}
