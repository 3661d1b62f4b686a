import { z } from 'zod';
import type { CachePort } from '../ports/cache';
import type { LockPort } from '../ports/lock';
import type { BucketMemory, BucketSnapshot } from '../provider/everflow/rate-pacer';

const snapshotSchema = z.object({ tokens: z.number(), atMs: z.number() });
/** A bucket refills completely within seconds: after a minute, the opening guess is as good. */
const TTL_SECONDS = 60;
/**
 * How long a claim waits for another execution's claim to finish (each holds the lock for two
 * cache calls). Past that, it goes ahead unlocked: a double claim costs at most a 429 and a retry.
 */
export const CLAIM_LOCK_WAIT_MS = 2_000;

/**
 * The rate-limit bucket of one account, kept in the document cache between and across
 * executions. Changes go under the lock, when the platform gives one: cells of a formula dragged down a
 * column claim tokens at the same moments, and a read-then-write without it loses claims.
 */
export class CachedBucketMemory implements BucketMemory {
  constructor(
    private readonly cache: CachePort,
    private readonly key: string,
    private readonly lock: LockPort,
  ) {}

  recall(): BucketSnapshot | null {
    try {
      const parsed = snapshotSchema.safeParse(JSON.parse(this.cache.get(this.key) ?? 'null'));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  update(change: (current: BucketSnapshot | null) => BucketSnapshot): void {
    const locked = this.tryLock();
    try {
      this.cache.put(this.key, JSON.stringify(change(this.recall())), TTL_SECONDS);
    } finally {
      if (locked) this.lock.release();
    }
  }

  /** A platform that refuses the lock here (a custom function's user lock is the least documented) leaves claims unlocked, never the call failed. */
  private tryLock(): boolean {
    try {
      return this.lock.tryLock(CLAIM_LOCK_WAIT_MS);
    } catch {
      return false;
    }
  }
}
