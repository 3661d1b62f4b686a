import type { LockPort } from '../../ports/lock';

/** A LockService lock, fetched on first use (a public function that never locks makes no call for it). */
export class AppsScriptLock implements LockPort {
  private lock: GoogleAppsScript.Lock.Lock | null = null;

  constructor(private readonly open: () => GoogleAppsScript.Lock.Lock | null) {}

  /** False when the platform gives no such lock here (getDocumentLock outside a document answers null). */
  tryLock(timeoutMs: number): boolean {
    this.lock ??= this.open();
    return this.lock?.tryLock(timeoutMs) ?? false;
  }

  release(): void {
    if (this.lock?.hasLock()) this.lock.releaseLock();
  }
}
