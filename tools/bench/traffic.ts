/**
 * What the benchmark measures, from the fake Everflow API's side: requests, serial rounds (batches
 * of requests sent together) and 429s; and the rate-limit floor a measurement is held against.
 */
import { RATE_LIMITS, type RateLimit } from '../../src/provider/everflow/rate-pacer';
import type { FakeEverflowHandle, RequestLogEntry } from '../../test-support/fake-everflow';

/** Everflow's limit for an affiliate key: 5 requests a second, bursts of 20. */
export const AFFILIATE_LIMIT: RateLimit = RATE_LIMITS.affiliate;
/** Everflow's typical latency, as the benchmark simulates it. */
export const LATENCY_MS = 150;

export interface Traffic {
  requests: number;
  /** Batches sent one after another: a new round starts when no request arrived for half a latency. */
  rounds: number;
  rateLimited: number;
}

export interface Measurement extends Traffic {
  name: string;
  seconds: number;
  /** See floorSeconds(). */
  floorSeconds: number;
  /** What to read the row with: targets, calls needed, runs. */
  note: string;
}

/** Seconds the token bucket makes `requests` wait, starting full. */
export function rateFloorSeconds(requests: number, limit: RateLimit = AFFILIATE_LIMIT): number {
  return Math.max(0, (requests - limit.burst) / limit.perSecond);
}

/**
 * The least time the traffic can take: the bucket's wait for the requests it accepted (a request
 * answered 429 takes no token) plus one latency per round that cannot overlap another (the
 * list's first page, its other pages, then details).
 */
export function floorSeconds(traffic: Traffic, inherentRounds: number): number {
  return rateFloorSeconds(traffic.requests - traffic.rateLimited) + (inherentRounds * LATENCY_MS) / 1000;
}

/** Rounds in a request log: a new round starts when no request arrived for half a latency. */
export function countRounds(log: ReadonlyArray<Pick<RequestLogEntry, 'arrivedAtMs'>>): number {
  const arrivals = log.map((entry) => entry.arrivedAtMs).sort((a, b) => a - b);
  return arrivals.filter((at, index) => index === 0 || at - (arrivals[index - 1] ?? at) > LATENCY_MS / 2).length;
}

/** The API's counters from now on. */
export async function startCounting(api: FakeEverflowHandle): Promise<void> {
  await api.resetStats();
}

export async function trafficSince(api: FakeEverflowHandle): Promise<Traffic> {
  const stats = await api.stats();
  return { requests: stats.totalRequests, rounds: countRounds(stats.log), rateLimited: stats.rateLimited };
}

/** Waits until the token bucket is full again, so each measurement starts as after a quiet while. */
export async function refillBucket(limit: RateLimit = AFFILIATE_LIMIT): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.ceil((limit.burst / limit.perSecond) * 1000) + 200));
}

/** "1 request", "2,000 requests". */
export const count = (n: number, unit: string): string => `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;

const times = (ratio: number): string => `${ratio.toFixed(2)}×`;

/** The summary table, in Markdown, ready for the README. */
export function markdownTable(measurements: readonly Measurement[]): string {
  const rows = measurements.map((m) => [
    m.name,
    m.requests.toLocaleString('en-US'),
    m.rounds.toLocaleString('en-US'),
    m.rateLimited.toLocaleString('en-US'),
    m.seconds.toFixed(1),
    m.floorSeconds.toFixed(1),
    m.floorSeconds > 0.05 ? times(m.seconds / m.floorSeconds) : '—',
    m.note,
  ]);
  const header = ['Measurement', 'Requests', 'Serial rounds', '429s', 'Time (s)', 'Floor (s)', 'Time / floor', 'Notes'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
