import type { LockPort } from '../../ports/lock';

export class AppsScriptLock implements LockPort {
  constructor(private readonly lock: GoogleAppsScript.Lock.Lock) {}

  tryLock(timeoutMs: number): boolean {
    return this.lock.tryLock(timeoutMs);
  }

  release(): void {
    if (this.lock.hasLock()) this.lock.releaseLock();
  }
}
