import type { FaultKind, FaultPicker } from './faults';
import { fingerprint } from './loopback';

/** One request as a fake API logs it. */
export interface LoggedRequest<Route extends string> {
  /** 0-based, counted since start or the last reset: the index `faults.plan` uses. */
  index: number;
  method: string;
  path: string;
  /** The query string without '?'. */
  query: string;
  status: number | 'dropped';
  /** First 8 hex digits of the key's SHA-256 (null without a key): never the key itself. */
  keyFingerprint: string | null;
  route: Route;
  fault: FaultKind | null;
  arrivedAtMs: number;
}

export interface RequestStats<Route extends string> {
  totalRequests: number;
  byRoute: Record<Route, number>;
  /** Responses by status ("200", "429", ...) and "dropped" for sockets destroyed unanswered. */
  byStatus: Record<string, number>;
  /** 429 responses, whether from a rate limit, a storm or a planned fault. */
  rateLimited: number;
  maxInFlight: number;
  log: LoggedRequest<Route>[];
}

export type OpenRequest<Route extends string> = Omit<LoggedRequest<Route>, 'status'>;

/** A fake API's request counters and log: each request's index, its fault, its route and what it was answered. */
export class RequestRecorder<Route extends string> {
  private nextIndex = 0;
  private inFlight = 0;
  private counters: Omit<RequestStats<Route>, 'log'>;
  private log: LoggedRequest<Route>[] = [];

  constructor(
    private readonly routes: readonly Route[],
    private readonly faults: FaultPicker,
    /** How many entries the log keeps (the oldest go first). */
    private readonly logLimit: () => number,
  ) {
    this.counters = this.emptyCounters();
  }

  /** A request arrives: it takes the next index and that index's fault, counts under its route and is in flight until `finish`. */
  arrive(request: { method: string; url: URL; rawKey: string | null; route: Route; arrivedAtMs: number }): OpenRequest<Route> {
    const index = this.nextIndex++;
    this.inFlight++;
    this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.inFlight);
    this.counters.totalRequests++;
    this.counters.byRoute[request.route]++;
    return {
      index,
      method: request.method,
      path: request.url.pathname,
      query: request.url.search.slice(1),
      keyFingerprint: request.rawKey === null ? null : fingerprint(request.rawKey),
      route: request.route,
      fault: this.faults.pick(index),
      arrivedAtMs: request.arrivedAtMs,
    };
  }

  /** How the request was answered. */
  record(entry: OpenRequest<Route>, status: number | 'dropped'): void {
    const key = String(status);
    this.counters.byStatus[key] = (this.counters.byStatus[key] ?? 0) + 1;
    if (status === 429) this.counters.rateLimited++;
    this.log.push({ ...entry, status });
    while (this.log.length > this.logLimit()) this.log.shift();
  }

  finish(): void {
    this.inFlight--;
  }

  stats(): RequestStats<Route> {
    return { ...this.counters, byRoute: { ...this.counters.byRoute }, byStatus: { ...this.counters.byStatus }, log: this.log.map((entry) => ({ ...entry })) };
  }

  /** Zeroes the counters and the log, and restarts the index that `faults.plan` uses. */
  reset(): void {
    this.counters = this.emptyCounters();
    this.counters.maxInFlight = this.inFlight;
    this.log = [];
    this.nextIndex = 0;
  }

  private emptyCounters(): Omit<RequestStats<Route>, 'log'> {
    const byRoute = Object.fromEntries(this.routes.map((route) => [route, 0])) as Record<Route, number>;
    return { totalRequests: 0, byRoute, byStatus: {}, rateLimited: 0, maxInFlight: 0 };
  }
}
