import type { HttpOutcome } from '../../../../src/ports/http';
import { RATE_LIMITS, RatePacer } from '../../../../src/provider/everflow/rate-pacer';

const T0 = 1_000_000;

function answer(status: number, remaining: number | null, limit: number | null = 20): HttpOutcome {
  const headers: Record<string, string> = {};
  if (remaining !== null) headers['x-ratelimit-remaining'] = String(remaining);
  if (limit !== null) headers['x-ratelimit-limit'] = String(limit);
  return { kind: 'response', status, body: '{}', headers };
}

describe('RatePacer', () => {
  it('starts by assuming half the bucket is left, keeping a tenth in reserve', () => {
    const pacer = new RatePacer(RATE_LIMITS.affiliate, T0);
    expect(pacer.plan(T0, 100)).toEqual({ count: 8, waitMs: 0 });
    expect(pacer.plan(T0, 3)).toEqual({ count: 3, waitMs: 0 });
  });

  it('resets to the lowest X-RateLimit-Remaining of a round', () => {
    const pacer = new RatePacer(RATE_LIMITS.affiliate, T0);
    pacer.calibrate([answer(200, 19), answer(200, 18), { kind: 'network-failure', message: 'reset' }], T0);
    expect(pacer.plan(T0, 100)).toEqual({ count: 16, waitMs: 0 });
  });

  it('once the burst is spent, waits for about a second of refill above the reserve', () => {
    const pacer = new RatePacer(RATE_LIMITS.affiliate, T0);
    pacer.calibrate([answer(200, 0)], T0);
    expect(pacer.plan(T0, 100)).toEqual({ count: 0, waitMs: 1400 });
    // The last requests of a batch do not wait for a whole second's worth.
    expect(pacer.plan(T0, 1)).toEqual({ count: 0, waitMs: 600 });
    expect(pacer.plan(T0 + 1400, 100)).toEqual({ count: 5, waitMs: 0 });
  });

  it('counts its own spending between answers', () => {
    const pacer = new RatePacer(RATE_LIMITS.affiliate, T0);
    pacer.calibrate([answer(200, 20)], T0);
    expect(pacer.claim(T0, 18)).toEqual({ count: 18, waitMs: 0 });
    expect(pacer.plan(T0, 100)).toEqual({ count: 0, waitMs: 1000 });
  });

  it('claims tokens the bucket has yet to refill, so the next claim queues behind them', () => {
    const pacer = new RatePacer(RATE_LIMITS.affiliate, T0);
    pacer.calibrate([answer(200, 2)], T0);
    expect(pacer.claim(T0, 1)).toEqual({ count: 1, waitMs: 200 });
    expect(pacer.claim(T0, 1)).toEqual({ count: 1, waitMs: 400 });
    expect(pacer.snapshot(T0)).toEqual({ tokens: 0, atMs: T0 });
    expect(pacer.claim(T0, 1)).toEqual({ count: 1, waitMs: 600 });
    expect(pacer.snapshot(T0).tokens).toBe(-1);
  });

  it("adopts another execution's lower count, refilled to now, and keeps its own when that is lower", () => {
    const pacer = new RatePacer(RATE_LIMITS.affiliate, T0);
    pacer.calibrate([answer(200, 20)], T0);
    pacer.adopt({ tokens: -3, atMs: T0 - 200 }, T0);
    expect(pacer.snapshot(T0).tokens).toBe(-2);
    pacer.adopt({ tokens: 15, atMs: T0 }, T0);
    expect(pacer.snapshot(T0).tokens).toBe(-2);
    expect(pacer.plan(T0, 1)).toEqual({ count: 0, waitMs: 1000 });
  });

  it('reads a 429 without headers as an empty bucket', () => {
    const pacer = new RatePacer(RATE_LIMITS.affiliate, T0);
    pacer.calibrate([answer(200, null, null), answer(429, null, null)], T0);
    expect(pacer.plan(T0, 100)).toEqual({ count: 0, waitMs: 1400 });
  });

  it('leaves the model alone when no answer carries the header', () => {
    const pacer = new RatePacer(RATE_LIMITS.affiliate, T0);
    pacer.calibrate([answer(200, null, null)], T0);
    expect(pacer.plan(T0, 100)).toEqual({ count: 8, waitMs: 0 });
  });

  it('takes the bucket size from X-RateLimit-Limit, never below what is left', () => {
    const larger = new RatePacer(RATE_LIMITS.affiliate, T0);
    larger.calibrate([answer(200, 40, 40)], T0);
    expect(larger.plan(T0, 100)).toEqual({ count: 36, waitMs: 0 });
    const perSecondFigure = new RatePacer(RATE_LIMITS.affiliate, T0);
    perSecondFigure.calibrate([answer(200, 19, 5)], T0);
    expect(perSecondFigure.plan(T0, 100)).toEqual({ count: 18, waitMs: 0 });
  });

  it('uses the network key\'s larger bucket', () => {
    const pacer = new RatePacer(RATE_LIMITS.network, T0);
    // 25 assumed, 5 in reserve: before Everflow has told the count, the 20 usable go now (no wait for a full second's batch of 30).
    expect(pacer.plan(T0, 100)).toEqual({ count: 20, waitMs: 0 });
    expect(pacer.plan(T0 + 334, 100)).toEqual({ count: 30, waitMs: 0 });
    expect(pacer.plan(T0 + 334, 12)).toEqual({ count: 12, waitMs: 0 });
    pacer.calibrate([answer(200, 0, 50)], T0 + 334);
    expect(pacer.plan(T0 + 334, 100)).toEqual({ count: 0, waitMs: 1167 });
  });

  it('takes a network bucket Everflow says holds 20 for the older page’s 20 a second, not the documented 30', () => {
    const older = new RatePacer(RATE_LIMITS.network, T0);
    older.calibrate([answer(200, 0, 20)], T0);
    // 2 in reserve and a batch of 18 at 20 a second: a second (at 30 a second it would be 667 ms, and draw 429s).
    expect(older.plan(T0, 100)).toEqual({ count: 0, waitMs: 1000 });
    const documented = new RatePacer(RATE_LIMITS.network, T0);
    documented.calibrate([answer(200, 0, 50)], T0);
    expect(documented.plan(T0, 100)).toEqual({ count: 0, waitMs: 1167 });
    expect(documented.plan(T0 + 1167, 100)).toEqual({ count: 30, waitMs: 0 });
  });

  it('learns that someone else spends tokens, and leaves them that share', () => {
    const pacer = new RatePacer(RATE_LIMITS.affiliate, T0);
    pacer.calibrate([answer(200, 0)], T0);
    // Two seconds later the model expects 10 tokens; Everflow counts 4: someone took 6.
    pacer.calibrate([answer(200, 4)], T0 + 2000);
    const { waitMs } = pacer.plan(T0 + 2000, 100);
    // Without the lesson the 3 missing tokens would take 600 ms at 5 per second.
    expect(waitMs).toBeGreaterThan(600);
  });
});
