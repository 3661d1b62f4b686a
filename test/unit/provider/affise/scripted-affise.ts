import type { HttpOutcome, HttpPort, HttpRequest } from '../../../../src/ports/http';
import { AffiseClient } from '../../../../src/provider/affise/client';
import { Deadline } from '../../../../src/ports/clock';
import { SharedClock } from '../../../../test-support/clock';

export const AFFISE_HOST = 'https://api-acme.affise.test';
/** Looks like a key, but too short to pass for a real one. */
export const AFFISE_KEY = 'affise-test-key-Qx7-secret';

export type ScriptedAnswer = { status: number; body: string; headers?: Record<string, string> } | { networkFailure: string };

type JsonObject = Record<string, unknown>;

/**
 * An in-memory Affise on a virtual clock for client tests: the list pages by page/limit over
 * `payments`, get by id, and scripted answers that take precedence. Every request is kept.
 */
export class ScriptedAffise implements HttpPort {
  readonly requests: HttpRequest[] = [];
  /** Sizes of each fetch/fetchAll call, in order. */
  readonly roundSizes: number[] = [];
  payments: JsonObject[] = [];
  /** Caps `limit` silently (as some hosts might), reporting what it used. */
  silentLimitCap: number | null = null;
  private readonly scripts: Array<{ matches: (request: HttpRequest) => boolean; answers: ScriptedAnswer[] }> = [];

  constructor(
    private readonly clock: SharedClock,
    private readonly latencyMs = 200,
  ) {}

  seed(count: number): this {
    this.payments = Array.from({ length: count }, (_, index) => paymentJson(count - index));
    return this;
  }

  script(matches: (request: HttpRequest) => boolean, ...answers: ScriptedAnswer[]): this {
    this.scripts.push({ matches, answers });
    return this;
  }

  fetch(request: HttpRequest): HttpOutcome {
    return this.round([request])[0] as HttpOutcome;
  }

  fetchAll(requests: readonly HttpRequest[]): HttpOutcome[] {
    return this.round(requests);
  }

  private round(requests: readonly HttpRequest[]): HttpOutcome[] {
    this.roundSizes.push(requests.length);
    const outcomes = requests.map((request) => this.answer(request));
    this.clock.advance(this.latencyMs);
    return outcomes;
  }

  private answer(request: HttpRequest): HttpOutcome {
    this.requests.push(request);
    const script = this.scripts.find((candidate) => candidate.answers.length > 0 && candidate.matches(request));
    const scripted = script?.answers.shift();
    if (scripted) {
      if ('networkFailure' in scripted) return { kind: 'network-failure', message: scripted.networkFailure };
      return { kind: 'response', status: scripted.status, body: scripted.body, headers: scripted.headers ?? {} };
    }
    if (request.headers['API-Key'] !== AFFISE_KEY) return respond(401, { status: 2, message: 'Token is necessary' });
    const url = new URL(request.url);
    if (request.method === 'get' && url.pathname === '/3.1/payments') {
      if (!url.searchParams.get('date_from') || !url.searchParams.get('date_to')) return respond(400, { status: 2, message: 'date_from is required' });
      const ids = url.searchParams.getAll('id[]');
      const rows = ids.length > 0 ? this.payments.filter((row) => ids.includes(String(row.id))) : this.payments;
      const page = Number(url.searchParams.get('page') ?? '1');
      const asked = Number(url.searchParams.get('limit') ?? '100');
      const limit = this.silentLimitCap === null ? asked : Math.min(asked, this.silentLimitCap);
      return respond(200, { status: 1, payments: rows.slice((page - 1) * limit, page * limit), pagination: { page, limit: this.silentLimitCap === null ? limit : null, total: rows.length } });
    }
    const single = /^\/3\.1\/payments\/(\d+)$/.exec(url.pathname);
    if (request.method === 'get' && single) {
      const row = this.payments.find((candidate) => String(candidate.id) === single[1]);
      return row ? respond(200, { status: 1, payment: row }) : respond(404, { status: 2, message: 'Payment not found' });
    }
    return respond(404, { status: 2, message: 'Not found' });
  }
}

export function respond(status: number, body: unknown): HttpOutcome {
  return { kind: 'response', status, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

export function answer(status: number, body: unknown, headers?: Record<string, string>): ScriptedAnswer {
  return { status, body: typeof body === 'string' ? body : JSON.stringify(body), headers };
}

/** A payment as Affise's reference describes it. */
export function paymentJson(id: number): JsonObject {
  return {
    id,
    pid: 40 + (id % 3),
    manager_id: '5a0b1c2d3e4f5a6b7c8d9e0f',
    posted_date: '2026-10-01 12:30:00',
    pay_sys: '2',
    pay_sys_name: 'Wire transfer',
    pay_acc: 'ACC-1',
    status: 1,
    revenue: '120.50000000',
    ref_revenue: '0.00000000',
    currency: '1',
    currency_code: 'USD',
    comment: '',
    notes: '',
    cpa_actions: ['a1', 'a2'],
    ref_ids: [],
    details: { details: { '7': { title: 'Offer 7', cost: { '2.41': { count: 50, currency: 'USD' } } } }, count: 50 },
    additional_payments: [],
    updated_at: '2026-10-02 08:00:00',
  };
}

export function setup(options: { payments?: number; latencyMs?: number; maxParallel?: number; apiKey?: string } = {}) {
  const clock = SharedClock.virtual();
  const api = new ScriptedAffise(clock, options.latencyMs).seed(options.payments ?? 0);
  const logLines: string[] = [];
  const client = new AffiseClient({
    http: api,
    clock,
    sleeper: clock,
    apiKey: options.apiKey ?? AFFISE_KEY,
    baseUrl: `${AFFISE_HOST}/`,
    random: () => 0.5,
    maxParallel: options.maxParallel,
    log: { info: (line) => logLines.push(line), warn: (line) => logLines.push(line) },
  });
  const deadline = (budgetMs = 30_000): Deadline => Deadline.after(clock, budgetMs);
  return { clock, api, client, deadline, logLines };
}

export const ALL = { dateFrom: '2000-01-01', dateTo: '2030-01-01' };

export function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
