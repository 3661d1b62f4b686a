import { isRetryableStatus, parseRetryAfter, RetryPolicy } from '../../../../src/provider/retry-policy';

describe('RetryPolicy', () => {
  it('draws each wait uniformly below a ceiling that doubles from 500 ms up to 10 s (full jitter)', () => {
    const almostOne = new RetryPolicy({ random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6, 7].map((attempts) => almostOne.delayMs(attempts, null))).toEqual([499, 999, 1999, 3999, 7999, 9999, 9999]);
    const zero = new RetryPolicy({ random: () => 0 });
    expect(zero.delayMs(5, null)).toBe(0);
    const half = new RetryPolicy({ random: () => 0.5 });
    expect(half.delayMs(3, null)).toBe(1000);
  });

  it('spreads clients that failed together', () => {
    const draws = [0.1, 0.7, 0.4];
    const policy = new RetryPolicy({ random: () => draws.shift() ?? 0 });
    expect([policy.delayMs(4, null), policy.delayMs(4, null), policy.delayMs(4, null)]).toEqual([400, 2800, 1600]);
  });

  it('waits at least what Retry-After asks', () => {
    const policy = new RetryPolicy({ random: () => 0.5 });
    expect(policy.delayMs(1, 7000)).toBe(7000);
    expect(policy.delayMs(6, 100)).toBe(5000);
  });

  it('allows six attempts by default', () => {
    const policy = new RetryPolicy();
    expect([1, 5, 6, 7].map((attempts) => policy.mayRetry(attempts))).toEqual([true, true, false, false]);
    expect(new RetryPolicy({ maxAttempts: 2 }).mayRetry(2)).toBe(false);
  });
});

describe('isRetryableStatus', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 422].some(isRetryableStatus)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 21, 12, 0, 0);

  it('reads delta seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date, a past one as no wait', () => {
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unreadable header', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});
