import type { BucketSpec } from './options';

/** A token bucket refilled by elapsed clock time (virtual or real): starts full. */
export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;

  constructor(
    readonly spec: BucketSpec,
    nowMs: number,
  ) {
    this.tokens = spec.burst;
    this.lastRefillMs = nowMs;
  }

  /** Takes one token if there is one. */
  take(nowMs: number): boolean {
    this.refill(nowMs);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  remaining(nowMs: number): number {
    this.refill(nowMs);
    return Math.floor(this.tokens);
  }

  private refill(nowMs: number): void {
    if (nowMs <= this.lastRefillMs) return;
    this.tokens = Math.min(this.spec.burst, this.tokens + ((nowMs - this.lastRefillMs) * this.spec.perSecond) / 1000);
    this.lastRefillMs = nowMs;
  }
}
