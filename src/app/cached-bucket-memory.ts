import { z } from 'zod';
import type { CachePort } from '../ports/cache';
import type { BucketMemory, BucketSnapshot } from '../provider/everflow/rate-pacer';

const snapshotSchema = z.object({ tokens: z.number(), atMs: z.number() });
/** A bucket refills completely within seconds: after a minute, the opening guess is as good. */
const TTL_SECONDS = 60;

/** The rate-limit bucket of one account, kept in the document cache between and across executions. */
export class CachedBucketMemory implements BucketMemory {
  constructor(
    private readonly cache: CachePort,
    private readonly key: string,
  ) {}

  recall(): BucketSnapshot | null {
    try {
      const parsed = snapshotSchema.safeParse(JSON.parse(this.cache.get(this.key) ?? 'null'));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  remember(snapshot: BucketSnapshot): void {
    this.cache.put(this.key, JSON.stringify(snapshot), TTL_SECONDS);
  }
}
