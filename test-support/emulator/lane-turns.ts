import type { SharedClock } from '../clock';

const NOBODY = -1;
/** A lane that has left: it takes no more turns. */
const GONE = -1n;

/**
 * Concurrent executions on the virtual clock, each in its own thread (a "lane"), taking turns:
 * one lane runs at a time, until it sleeps or ends; then the lane due first (earliest wake-up,
 * first come first served) runs, and the clock moves to its wake-up. Work between sleeps
 * (scripts, cache, requests to a fake without latency) takes no virtual time, so this is
 * executions running at once as seen by the clock: sleeps overlap instead of adding up, and
 * every run of a test interleaves the same way. State lives in a SharedArrayBuffer.
 */
export class LaneTurns {
  /** [lane holding the turn, sequence of sleeps]. */
  private readonly control: Int32Array;
  /** Per lane: when it wants its next turn, or GONE. */
  private readonly wakeAt: BigInt64Array;
  /** Per lane: when it went to sleep (the sequence number), breaking ties first come first served. */
  private readonly queuedAs: Int32Array;

  private constructor(
    readonly buffer: SharedArrayBuffer,
    readonly lanes: number,
  ) {
    this.wakeAt = new BigInt64Array(buffer, 0, lanes);
    this.queuedAs = new Int32Array(buffer, 8 * lanes, lanes);
    this.control = new Int32Array(buffer, 12 * lanes, 2);
  }

  /** Every lane wants a turn at `startMs`, in lane order; nobody runs until `begin`. */
  static create(lanes: number, startMs: number): LaneTurns {
    const turns = new LaneTurns(new SharedArrayBuffer(12 * lanes + 8), lanes);
    for (let lane = 0; lane < lanes; lane += 1) {
      turns.wakeAt[lane] = BigInt(startMs);
      turns.queuedAs[lane] = lane;
    }
    Atomics.store(turns.control, 0, NOBODY);
    Atomics.store(turns.control, 1, lanes);
    return turns;
  }

  static fromBuffer(buffer: SharedArrayBuffer, lanes: number): LaneTurns {
    return new LaneTurns(buffer, lanes);
  }

  /** Gives the first turn. */
  begin(clock: SharedClock): void {
    this.passTurn(clock);
  }

  /** Blocks the calling thread until `lane` holds the turn. */
  awaitTurn(lane: number): void {
    for (;;) {
      const holder = Atomics.load(this.control, 0);
      if (holder === lane) return;
      Atomics.wait(this.control, 0, holder);
    }
  }

  /** The lane sleeps `ms` on the virtual clock: others run meanwhile. Zero lets the others due now go first. */
  sleep(lane: number, clock: SharedClock, ms: number): void {
    Atomics.store(this.wakeAt, lane, BigInt(Math.ceil(clock.now() + Math.max(0, ms))));
    Atomics.store(this.queuedAs, lane, Atomics.add(this.control, 1, 1));
    this.passTurn(clock);
    this.awaitTurn(lane);
  }

  /** The lane is done; the next one runs. */
  leave(lane: number, clock: SharedClock): void {
    Atomics.store(this.wakeAt, lane, GONE);
    this.passTurn(clock);
  }

  private passTurn(clock: SharedClock): void {
    let next = NOBODY;
    for (let lane = 0; lane < this.lanes; lane += 1) {
      const wake = Atomics.load(this.wakeAt, lane);
      if (wake === GONE) continue;
      const best = next === NOBODY ? null : Atomics.load(this.wakeAt, next);
      if (best === null || wake < best || (wake === best && Atomics.load(this.queuedAs, lane) < Atomics.load(this.queuedAs, next))) next = lane;
    }
    if (next !== NOBODY) clock.advanceTo(Number(Atomics.load(this.wakeAt, next)));
    Atomics.store(this.control, 0, next);
    Atomics.notify(this.control, 0);
  }
}
