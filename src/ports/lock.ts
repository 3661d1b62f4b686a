/** A mutual-exclusion lock (Apps Script LockService). */
export interface LockPort {
  /** Waits up to `timeoutMs` for the lock; true when held. */
  tryLock(timeoutMs: number): boolean;
  release(): void;
}
