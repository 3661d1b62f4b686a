/** Milliseconds since the Unix epoch. Injected so tests and the emulator can run on a virtual clock. */
export interface Clock {
  now(): number;
}

/** Apps Script is synchronous: waiting blocks the execution (Utilities.sleep). */
export interface Sleeper {
  sleep(ms: number): void;
}

/** A point in time after which work must stop; callers pass one down instead of a timeout number. */
export class Deadline {
  constructor(
    private readonly clock: Clock,
    readonly atMs: number,
  ) {}

  static after(clock: Clock, budgetMs: number): Deadline {
    return new Deadline(clock, clock.now() + budgetMs);
  }

  remainingMs(): number {
    return this.atMs - this.clock.now();
  }

  /** True when less than `marginMs` is left: stop starting new work. */
  isNear(marginMs = 0): boolean {
    return this.remainingMs() <= marginMs;
  }
}

/**
 * Thrown by any layer that stops because its Deadline came: provider-neutral, so the app layer
 * can tell "ran out of time, progress kept" from a real failure whatever the provider.
 */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';

  constructor(
    message: string,
    /** Units of work finished (e.g. invoices fetched) and the total, when known. */
    readonly done: number | null = null,
    readonly total: number | null = null,
  ) {
    super(message);
  }
}
