import type { HttpOutcome } from '../../ports/http';

export type KeyType = 'affiliate' | 'network';

export interface RateLimit {
  /** Tokens added back per second. */
  perSecond: number;
  /** Bucket size: the most requests that may go at once. */
  burst: number;
}

/** Everflow's documented token buckets, shared by every key and user of the same account. */
export const RATE_LIMITS: Readonly<Record<KeyType, RateLimit>> = {
  affiliate: { perSecond: 5, burst: 20 },
  network: { perSecond: 30, burst: 50 },
};

/**
 * What the bucket held at a moment: kept between executions so the next one starts from it, and
 * shared by executions running at once. Below zero, tokens are promised to requests that wait
 * for the bucket to refill.
 */
export interface BucketSnapshot {
  tokens: number;
  atMs: number;
}

/**
 * Somewhere to keep the bucket between executions (each Apps Script call starts afresh) and to
 * share it with executions running at the same time (a formula dragged down a column runs one
 * per cell): a recalculation right after one that emptied the bucket starts from that, and
 * executions at once take turns instead of learning the limit from 429s.
 */
export interface BucketMemory {
  recall(): BucketSnapshot | null;
  /**
   * Reads, changes and writes the bucket as one step as far as the platform allows (under a
   * lock), so that two executions claiming at once do not both spend the same tokens.
   */
  update(change: (current: BucketSnapshot | null) => BucketSnapshot): void;
}

export interface PacerPlan {
  /** Requests that may start now; 0 means sleep `waitMs` first. */
  count: number;
  waitMs: number;
}

/**
 * A client-side copy of Everflow's token bucket, so batches of requests stay under the limit
 * instead of learning it from 429s.
 *
 * The bucket is shared with everyone using the same account, so the local model drifts: every
 * response's `X-RateLimit-Remaining` (and `X-RateLimit-Limit`) resets it to what Everflow counts,
 * and the gaps between model and count teach how fast other users spend, which the model then
 * leaves to them. A small reserve is never spent, for what they take between two counts. Once the
 * burst is spent, requests go in batches of about a second's refill rather than one by one, so a
 * long run needs few round trips.
 */
export class RatePacer {
  private capacity: number;
  private tokens: number;
  private tokensAtMs: number;
  /** When Everflow last told the count; null while the bucket is still the opening guess. */
  private calibratedAtMs: number | null = null;
  /** Estimated spending of other users of the account, learnt from the gaps between model and count. */
  private othersPerSecond = 0;
  /** True while the bucket is the opening guess: neither remembered nor told by Everflow. */
  private guessing = false;

  constructor(
    private readonly limit: RateLimit,
    nowMs: number,
    remembered: BucketSnapshot | null = null,
  ) {
    this.capacity = limit.burst;
    if (remembered !== null && remembered.atMs <= nowMs) {
      this.tokens = Math.min(limit.burst, remembered.tokens);
      this.tokensAtMs = remembered.atMs;
      this.refill(nowMs);
    } else {
      // Until Everflow's first answer tells, assume another user may have spent half the bucket.
      this.tokens = limit.burst / 2;
      this.tokensAtMs = nowMs;
      this.guessing = true;
    }
  }

  /** The bucket now, for the next execution's pacer. */
  snapshot(nowMs: number): BucketSnapshot {
    this.refill(nowMs);
    return { tokens: this.tokens, atMs: this.tokensAtMs };
  }

  /** How many of `wanted` requests may start now, or how long to sleep before the next batch. */
  plan(nowMs: number, wanted: number): PacerPlan {
    this.refill(nowMs);
    const reserve = this.reserve();
    const usable = Math.floor(this.tokens) - reserve;
    // While the bucket is the opening guess (its size and rate too: an older page gives networks
    // 20 a second), what is usable goes now rather than waiting to make a full batch.
    const need = this.guessing && usable > 0 ? Math.min(wanted, usable) : Math.min(wanted, this.batchFloor());
    if (usable >= need) return { count: Math.min(usable, wanted), waitMs: 0 };
    return { count: 0, waitMs: Math.ceil(((reserve + need - this.tokens) * 1000) / this.refillPerSecond()) };
  }

  /**
   * Takes the tokens of the next batch now, even ones the bucket has yet to refill (the
   * snapshot then goes below zero), and says how long to wait before sending it. Other
   * executions see the claim in the shared memory and queue behind it instead of waking together.
   */
  claim(nowMs: number, wanted: number): PacerPlan {
    const plan = this.plan(nowMs, wanted);
    const count = plan.count > 0 ? plan.count : Math.min(wanted, this.batchFloor());
    this.tokens -= count;
    return { count, waitMs: plan.waitMs };
  }

  /** True when the shared memory holds more tokens than this model: it has news for the others. */
  knowsLessThan(shared: BucketSnapshot | null, nowMs: number): boolean {
    this.refill(nowMs);
    return shared === null || this.sharedTokensAt(shared, nowMs) > this.tokens;
  }

  /** What another execution left in the shared memory: the lower count stands, as it holds claims this model has not seen. */
  adopt(shared: BucketSnapshot | null, nowMs: number): void {
    this.refill(nowMs);
    if (shared === null) return;
    this.tokens = Math.min(this.tokens, this.sharedTokensAt(shared, nowMs));
  }

  /** The shared count refilled to now; one written a moment "later" (clocks of executions differ) counts as written now. */
  private sharedTokensAt(shared: BucketSnapshot, nowMs: number): number {
    return Math.min(this.capacity, shared.tokens + (this.refillPerSecond() * Math.max(0, nowMs - shared.atMs)) / 1000);
  }

  /**
   * Resets the bucket from a round's answers. `atMs` is when Everflow counted them (about the
   * middle of the round); the lowest remaining is the latest count. A 429 without the header
   * still says the bucket is empty.
   */
  calibrate(outcomes: readonly HttpOutcome[], atMs: number): void {
    let remaining: number | null = null;
    let refused = 0;
    for (const outcome of outcomes) {
      if (outcome.kind !== 'response') continue;
      if (outcome.status === 429) refused += 1;
      const limit = headerNumber(outcome.headers['x-ratelimit-limit']);
      const left = headerNumber(outcome.headers['x-ratelimit-remaining']) ?? (outcome.status === 429 ? 0 : null);
      // A limit below what Everflow says is left would be a per-second figure, not the bucket size.
      if (limit !== null && limit > 0) this.capacity = Math.max(limit, left ?? 0);
      if (left !== null) remaining = remaining === null ? left : Math.min(remaining, left);
    }
    if (remaining === null) return;
    this.refill(atMs);
    if (this.calibratedAtMs !== null && atMs > this.calibratedAtMs) this.learnOthersRate(this.tokens + refused - remaining, atMs - this.calibratedAtMs);
    this.tokens = Math.min(this.capacity, remaining);
    this.calibratedAtMs = atMs;
    this.guessing = false;
  }

  /**
   * `gap` is what the model expected minus what Everflow counts (refused requests included, as the
   * model spent them): tokens someone else took since the last count, beyond what the model
   * already allowed for. The header is rounded down and the counting moment is an estimate, so a
   * gap of up to one token is noise.
   */
  private learnOthersRate(gap: number, elapsedMs: number): void {
    const surprise = gap > 1 ? gap - 1 : Math.min(0, gap);
    const adjusted = this.othersPerSecond + (0.5 * surprise * 1000) / elapsedMs;
    this.othersPerSecond = Math.min(0.9 * this.limit.perSecond, Math.max(0, adjusted));
  }

  private refill(nowMs: number): void {
    if (nowMs <= this.tokensAtMs) return;
    this.tokens = Math.min(this.capacity, this.tokens + (this.refillPerSecond() * (nowMs - this.tokensAtMs)) / 1000);
    this.tokensAtMs = nowMs;
  }

  /**
   * What the bucket gains per second for this client: the documented rate less what others spend.
   * A bucket Everflow says holds fewer than that rate is taken to refill at most its size a second:
   * the older page's network limit (20 a second) against the documented 30.
   */
  private refillPerSecond(): number {
    return Math.min(this.limit.perSecond, this.capacity) - this.othersPerSecond;
  }

  /** Tokens left unspent for other users of the account: a tenth of the bucket. */
  private reserve(): number {
    return Math.floor(this.capacity / 10);
  }

  /** The smallest batch worth a round trip once the burst is gone: about one second of refill. */
  private batchFloor(): number {
    return Math.max(1, Math.min(Math.round(this.limit.perSecond), this.capacity - this.reserve()));
  }
}

function headerNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return null;
  return Number(value);
}
