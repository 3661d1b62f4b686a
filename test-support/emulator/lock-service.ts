import type { SharedClock } from '../clock';
import { AppsScriptException } from './exception';
import type { EmulatorRuntime } from './runtime';

const FREE = 0;
/** An execution that takes turns waits in this many sleeps of its timeout, so a holder gets turns to release. */
const VIRTUAL_WAIT_SLICES = 50;

const LOCK_TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';

/**
 * One lock (document, script or user scope). Its state is a SharedArrayBuffer, so emulators in
 * different worker threads can share it through `buffer` (`LockStore.fromBuffer`), as well as two
 * emulators in one thread (pass the same instance). The holder is an execution's owner id.
 */
export class LockStore {
  private readonly cell: Int32Array;

  private constructor(readonly buffer: SharedArrayBuffer) {
    this.cell = new Int32Array(buffer);
  }

  static create(): LockStore {
    return new LockStore(new SharedArrayBuffer(4));
  }

  static fromBuffer(buffer: SharedArrayBuffer): LockStore {
    return new LockStore(buffer);
  }

  /** The owner id holding the lock, or null. */
  holder(): number | null {
    const owner = Atomics.load(this.cell, 0);
    return owner === FREE ? null : owner;
  }

  /** Takes the lock at once if free (or already held by `owner`). */
  tryAcquire(owner: number): boolean {
    const previous = Atomics.compareExchange(this.cell, 0, FREE, owner);
    return previous === FREE || previous === owner;
  }

  /**
   * Waits for the lock until `untilMs` on the clock. On a virtual clock the wait moves time
   * forward, as a real wait would pass it: in sleeps when executions take turns (the holder runs
   * meanwhile), else at once, since nothing else runs then (a holder in the same thread cannot
   * release, and waiting real time for one in another would make the outcome depend on how busy
   * the machine is).
   */
  acquire(owner: number, clock: SharedClock, untilMs: number): boolean {
    const startMs = clock.now();
    const sliceMs = Math.max(1, Math.ceil((untilMs - startMs) / VIRTUAL_WAIT_SLICES));
    for (;;) {
      if (this.tryAcquire(owner)) return true;
      const remainingMs = untilMs - clock.now();
      if (remainingMs <= 0) return false;
      const current = Atomics.load(this.cell, 0);
      if (clock.takesTurns) {
        // The holder is another execution waiting for its turn: sleeping gives it one.
        clock.sleep(Math.min(sliceMs, remainingMs));
      } else if (clock.isVirtual) {
        clock.advanceTo(untilMs);
      } else {
        Atomics.wait(this.cell, 0, current, remainingMs);
      }
    }
  }

  /** Frees the lock if `owner` holds it. */
  release(owner: number): void {
    if (Atomics.compareExchange(this.cell, 0, owner, FREE) === owner) Atomics.notify(this.cell, 0);
  }
}

export interface LockStores {
  user: LockStore;
  document: LockStore;
  script: LockStore;
}

/** What a lock needs from the running execution. */
export interface LockOwnership {
  /** The id of the execution under way (or of the test's set-up code when none is). */
  currentOwner(): number;
  /** Remembers a lock taken by the current execution, so it is released when the execution ends. */
  noteAcquired(store: LockStore): void;
  /** The latest instant a wait may reach: the running call's deadline. */
  waitLimitMs(): number;
}

/** The `Lock` object the script sees. */
class LockFacade {
  private readonly owner: number;

  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly ownership: LockOwnership,
    private readonly store: LockStore,
  ) {
    this.owner = ownership.currentOwner();
  }

  tryLock(timeoutInMillis: number): boolean {
    return this.runtime.invoke('Lock.tryLock', () => this.acquire(timeoutInMillis));
  }

  waitLock(timeoutInMillis: number): void {
    this.runtime.invoke('Lock.waitLock', () => {
      if (!this.acquire(timeoutInMillis)) throw new AppsScriptException(LOCK_TIMEOUT_MESSAGE);
    });
  }

  releaseLock(): void {
    this.runtime.invoke('Lock.releaseLock', () => this.store.release(this.owner));
  }

  hasLock(): boolean {
    return this.runtime.invoke('Lock.hasLock', () => this.store.holder() === this.owner);
  }

  private acquire(timeoutInMillis: number): boolean {
    const clock = this.runtime.clock;
    const untilMs = Math.min(clock.now() + Math.max(0, Number(timeoutInMillis) || 0), this.ownership.waitLimitMs());
    const acquired = this.store.acquire(this.owner, clock, untilMs);
    if (acquired) this.ownership.noteAcquired(this.store);
    return acquired;
  }
}

/** The `LockService` global. */
export class LockServiceFake {
  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly ownership: LockOwnership,
    private readonly stores: LockStores,
  ) {}

  getDocumentLock(): LockFacade {
    return this.runtime.invoke('LockService.getDocumentLock', () => new LockFacade(this.runtime, this.ownership, this.stores.document));
  }

  getScriptLock(): LockFacade {
    return this.runtime.invoke('LockService.getScriptLock', () => new LockFacade(this.runtime, this.ownership, this.stores.script));
  }

  getUserLock(): LockFacade {
    return this.runtime.invoke('LockService.getUserLock', () => new LockFacade(this.runtime, this.ownership, this.stores.user));
  }
}
