import { Prng, hashSeed } from './prng';

/**
 * Faults a fake API injects, shared by the fakes. `'500' | '502' | '503' | '429'`: that status
 * with an error body. `'truncate'`: status 200 and the body cut in half. `'drop'`: the socket is
 * destroyed with no response. `'latency'`: the request takes `slowMs` longer, then answers.
 */
export type FaultKind = '500' | '502' | '503' | '429' | 'truncate' | 'drop' | 'latency';
export const FAULT_KINDS: readonly FaultKind[] = ['500', '502', '503', '429', 'truncate', 'drop', 'latency'];

export interface FaultOptions {
  /** Deterministic faults by 0-based request index (counted since start or the last stats reset). */
  plan: Record<number, FaultKind>;
  /** Random faults, seeded: probability per request of each kind. */
  rates: Partial<Record<FaultKind, number>>;
  /** The next `requests` requests answer 429 (counts down). */
  storm429: { requests: number };
  /** How much longer a `'latency'` fault makes a request take. */
  slowMs: number;
}

export const NO_FAULTS: FaultOptions = { plan: {}, rates: {}, storm429: { requests: 0 }, slowMs: 10_000 };

/** Merges a patch: `plan`, `rates` and `storm429` replace, `slowMs` overrides. */
export function patchFaults(base: FaultOptions, patch: Partial<FaultOptions> | undefined): FaultOptions {
  return {
    plan: patch?.plan ? { ...patch.plan } : base.plan,
    rates: patch?.rates ? { ...patch.rates } : base.rates,
    storm429: patch?.storm429 ? { ...patch.storm429 } : base.storm429,
    slowMs: patch?.slowMs ?? base.slowMs,
  };
}

/** Chooses each request's fault: the plan first, then a 429 storm, then the seeded rates. */
export class FaultPicker {
  private readonly rng: Prng;
  private storm429Remaining: number;

  constructor(
    seed: number,
    private options: FaultOptions,
  ) {
    this.rng = new Prng(hashSeed('faults', seed));
    this.storm429Remaining = options.storm429.requests;
  }

  configure(options: FaultOptions, stormChanged: boolean): void {
    this.options = options;
    if (stormChanged) this.storm429Remaining = options.storm429.requests;
  }

  get slowMs(): number {
    return this.options.slowMs;
  }

  /** One draw per request whatever happens, so random faults depend only on the request count. */
  pick(index: number): FaultKind | null {
    const roll = this.rng.next();
    const planned = this.options.plan[index];
    if (planned) return planned;
    if (this.storm429Remaining > 0) {
      this.storm429Remaining--;
      return '429';
    }
    let cumulative = 0;
    for (const kind of FAULT_KINDS) {
      cumulative += this.options.rates[kind] ?? 0;
      if (roll < cumulative) return kind;
    }
    return null;
  }
}
