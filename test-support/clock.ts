import type { Clock, Sleeper } from '../src/ports/clock';

/** Where virtual time starts unless a test says otherwise: a fixed instant keeps runs repeatable. */
export const DEFAULT_VIRTUAL_START_MS = Date.UTC(2026, 10, 21, 12, 0, 0);

/**
 * On a virtual clock real time decides no outcome: Apps Script's limits (30 s, 6 min, UrlFetch's
 * timeout) are kept on the virtual clock, and the emulator's real-time guards only stop a hang (an
 * endless loop, a server that never answers), after this long. A busy machine, or an execution
 * waiting for its turn among cells at once, can take many times its virtual duration in real time.
 * As long as Jest's testTimeout (jest.config.js), so no guard fails a test Jest would still let run.
 */
export const REAL_HANG_GUARD_MS = 180_000;

/**
 * The request header in which the emulator's UrlFetchApp stamps the virtual instant a request was
 * sent. A fake API takes it as the arrival time, so requests sent together by `fetchAll` arrive
 * together however the OS schedules their sockets: virtual timings, rate-limit refills and rounds
 * never depend on how busy the machine is. Absent on a real clock.
 */
export const VIRTUAL_SENT_AT_HEADER = 'x-emulator-sent-at-ms';

/** The virtual instant a request was sent, from its `VIRTUAL_SENT_AT_HEADER`; null when absent. */
export function virtualSentAtMs(header: string | string[] | undefined): number | null {
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined || !/^\d+$/.test(text)) return null;
  return Number(text);
}

/**
 * One clock shared by the emulator, the fake Everflow API and the tests, across worker threads.
 *
 * Virtual: time is a number in a SharedArrayBuffer that only moves when someone sleeps or a
 * simulated latency passes, so rate limits, backoff and deadlines are tested without real waiting.
 * Real: the wall clock, for benchmarks and the demo.
 */
export class SharedClock implements Clock, Sleeper {
  private readonly cell: BigInt64Array | null;

  private constructor(
    readonly buffer: SharedArrayBuffer | null,
    /** Takes over virtual sleeps when executions take turns (test-support/emulator/concurrent-cells.ts). */
    private readonly virtualSleep: ((ms: number) => void) | null = null,
  ) {
    this.cell = buffer ? new BigInt64Array(buffer) : null;
  }

  static virtual(startMs: number = DEFAULT_VIRTUAL_START_MS): SharedClock {
    const clock = new SharedClock(new SharedArrayBuffer(8));
    Atomics.store(clock.cell as BigInt64Array, 0, BigInt(Math.floor(startMs)));
    return clock;
  }

  static real(): SharedClock {
    return new SharedClock(null);
  }

  /**
   * Rebuilds a clock in another thread from `clock.buffer` (null for a real clock). With
   * `virtualSleep`, a sleep on the virtual clock is handed to it instead of moving time itself.
   */
  static fromBuffer(buffer: SharedArrayBuffer | null, virtualSleep: ((ms: number) => void) | null = null): SharedClock {
    return new SharedClock(buffer, virtualSleep);
  }

  get isVirtual(): boolean {
    return this.cell !== null;
  }

  /** True in an execution that takes turns with others on the virtual clock: its waits must sleep to let them run. */
  get takesTurns(): boolean {
    return this.cell !== null && this.virtualSleep !== null;
  }

  now(): number {
    return this.cell ? Number(Atomics.load(this.cell, 0)) : Date.now();
  }

  /** Moves virtual time forward by `ms`. */
  advance(ms: number): void {
    if (!this.cell || ms <= 0) return;
    Atomics.add(this.cell, 0, BigInt(Math.ceil(ms)));
  }

  /**
   * Moves virtual time to `targetMs` unless it is already later. Parallel requests that each
   * "take" 150 ms from the same start therefore advance the clock by 150 ms, not by their sum.
   */
  advanceTo(targetMs: number): void {
    if (!this.cell) return;
    const target = BigInt(Math.ceil(targetMs));
    for (;;) {
      const current = Atomics.load(this.cell, 0);
      if (current >= target) return;
      if (Atomics.compareExchange(this.cell, 0, current, target) === current) return;
    }
  }

  /** Blocks for `ms`: virtual time jumps, real time waits. */
  sleep(ms: number): void {
    if (ms <= 0) return;
    if (this.cell) {
      if (this.virtualSleep) this.virtualSleep(ms);
      else this.advance(ms);
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  }

  /** The same for async code (servers): virtual time jumps at once. */
  async sleepAsync(ms: number): Promise<void> {
    if (ms <= 0) return;
    if (this.cell) {
      this.advance(ms);
      return;
    }
    await new Promise<void>((resolve) => setTimeout(resolve, ms));
  }
}
