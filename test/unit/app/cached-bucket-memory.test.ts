import { CachedBucketMemory, CLAIM_LOCK_WAIT_MS } from '../../../src/app/cached-bucket-memory';
import type { LockPort } from '../../../src/ports/lock';
import { MemoryCache } from '../../../test-support/memory-ports';

/** Records how the memory uses the lock. */
class RecordingLock implements LockPort {
  readonly calls: string[] = [];

  constructor(private readonly available: boolean | 'refused') {}

  tryLock(timeoutMs: number): boolean {
    this.calls.push(`try ${timeoutMs}`);
    if (this.available === 'refused') throw new Error('You do not have permission to call LockService.getUserLock');
    return this.available;
  }

  release(): void {
    this.calls.push('release');
  }
}

describe('CachedBucketMemory', () => {
  it('changes the shared bucket under the lock, and releases it even when the change throws', () => {
    const lock = new RecordingLock(true);
    const memory = new CachedBucketMemory(new MemoryCache(), 'B:acct', lock);
    memory.update((current) => {
      expect(current).toBeNull();
      return { tokens: -3, atMs: 1_000 };
    });
    expect(memory.recall()).toEqual({ tokens: -3, atMs: 1_000 });
    expect(() =>
      memory.update(() => {
        throw new Error('out of time');
      }),
    ).toThrow('out of time');
    expect(lock.calls).toEqual([`try ${CLAIM_LOCK_WAIT_MS}`, 'release', `try ${CLAIM_LOCK_WAIT_MS}`, 'release']);
    expect(memory.recall()).toEqual({ tokens: -3, atMs: 1_000 });
  });

  it.each([false, 'refused' as const])('goes ahead without the lock when it cannot be had (%s), releasing nothing', (available) => {
    const lock = new RecordingLock(available);
    const memory = new CachedBucketMemory(new MemoryCache(), 'B:acct', lock);
    memory.update(() => ({ tokens: 4, atMs: 2_000 }));
    expect(memory.recall()).toEqual({ tokens: 4, atMs: 2_000 });
    expect(lock.calls).toEqual([`try ${CLAIM_LOCK_WAIT_MS}`]);
  });

  it('reads anything unreadable as no memory', () => {
    const cache = new MemoryCache();
    const memory = new CachedBucketMemory(cache, 'B:acct', new RecordingLock(true));
    cache.put('B:acct', 'not json');
    expect(memory.recall()).toBeNull();
    cache.put('B:acct', JSON.stringify({ tokens: 'many', atMs: 1 }));
    expect(memory.recall()).toBeNull();
  });
});
