/**
 * Google's daily quotas, shared by everything the add-on does for one user. When one is spent,
 * Apps Script throws and keeps throwing until the quota resets (within 24 hours); retrying is
 * useless, so every layer stops, keeps its progress and says which limit it met.
 */
export type DailyQuota = 'url-fetches' | 'trigger-runtime';

/** The platform's limits (guides/services/quotas), for messages and the cost estimate. */
export const DAILY_QUOTA_LIMITS: Readonly<Record<DailyQuota, { consumer: number; workspace: number; unit: string }>> = {
  'url-fetches': { consumer: 20_000, workspace: 100_000, unit: 'URL fetches' },
  'trigger-runtime': { consumer: 90, workspace: 360, unit: 'minutes of trigger runtime' },
};

/** The exact texts Apps Script throws, and which quota each means. */
const QUOTA_MESSAGES: ReadonlyArray<[RegExp, DailyQuota]> = [
  [/Service invoked too many times for one day: urlfetch/i, 'url-fetches'],
  [/Service using too much computer time for one day/i, 'trigger-runtime'],
];

const QUOTA_NAMES: Readonly<Record<DailyQuota, string>> = {
  'url-fetches': "Google's daily quota of URL fetches (20,000 a day, 100,000 on Workspace)",
  'trigger-runtime': "Google's daily trigger runtime (90 minutes a day, 6 hours on Workspace)",
};

export class DailyQuotaExceededError extends Error {
  override name = 'DailyQuotaExceededError';

  constructor(
    readonly quota: DailyQuota,
    /** Apps Script's own words. */
    readonly platformMessage: string,
  ) {
    super(`${quotaUsedUpText(quota)} ("${platformMessage.trim()}"). It resets within 24 hours.`);
  }
}

/** "Google's daily quota of URL fetches (…) is used up for this Google account". */
export function quotaUsedUpText(quota: DailyQuota): string {
  return `${QUOTA_NAMES[quota]} is used up for this Google account`;
}

/** The quota a platform error means, or null when it is not a daily-quota error. */
export function dailyQuotaOf(message: string): DailyQuota | null {
  return QUOTA_MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

/** The error as a DailyQuotaExceededError when it is one Apps Script throws; else null. */
export function asDailyQuotaError(error: unknown): DailyQuotaExceededError | null {
  if (error instanceof DailyQuotaExceededError) return error;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const quota = dailyQuotaOf(message);
  return quota === null ? null : new DailyQuotaExceededError(quota, message);
}
