/**
 * When to try a failed request again and how long to wait first: exponential backoff with full
 * jitter (a random wait between 0 and the ceiling, so clients that failed together do not retry
 * together), and at least what a `Retry-After` header asks.
 *
 * Only rate limits (429), server errors (5xx), network failures and 2xx bodies that were not JSON
 * are retried; any other 4xx means the request itself must change. The caller never sleeps past
 * its deadline. Shared by the providers: each client decides which of its calls may be retried at all.
 */
export interface RetryPolicyOptions {
  /** Ceiling of the first wait. */
  baseDelayMs?: number;
  /** No ceiling grows beyond this. */
  maxDelayMs?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  /** Uniform in [0, 1); injected so tests are repeatable. */
  random?: () => number;
}

export class RetryPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
  private readonly random: () => number;

  constructor(options: RetryPolicyOptions = {}) {
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.random = options.random ?? Math.random;
  }

  /** True when a request that has been sent `attempts` times may be sent again. */
  mayRetry(attempts: number): boolean {
    return attempts < this.maxAttempts;
  }

  /** The wait before the next attempt, after `attempts` failed ones; `retryAfterMs` is a floor when the server sent one. */
  delayMs(attempts: number, retryAfterMs: number | null): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    const jittered = Math.floor(this.random() * ceiling);
    return retryAfterMs === null ? jittered : Math.max(retryAfterMs, jittered);
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** `Retry-After` as milliseconds from `nowMs`: delta seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // An HTTP date names its weekday or month; bare numbers (e.g. "-5") are not dates here.
  const dateMs = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(dateMs) ? null : Math.max(0, dateMs - nowMs);
}
