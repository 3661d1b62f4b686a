import type { HttpOutcome, HttpPort, HttpRequest } from '../../../../src/ports/http';
import type { SharedClock } from '../../../../test-support/clock';

export const FAKE_BASE_URL = 'https://api.eflow.test/v1';
const LIST_PATH = '/affiliates/billings/affiliates/invoicestable';
const DETAIL_PREFIX = '/affiliates/billings/affiliates/invoices/';

export interface BucketSettings {
  perSecond: number;
  burst: number;
  /** Tokens at the start; the bucket starts full when omitted. */
  tokens?: number;
}

/** A canned answer: an HTTP response (headers as sent, lower-cased on the way out) or a dropped connection. */
export type ScriptedAnswer = { status: number; body: string; headers?: Record<string, string> } | { networkFailure: string };

export interface ScriptedEverflowOptions {
  clock: SharedClock;
  apiKey: string;
  /** Virtual time one fetch or fetchAll round takes (parallel requests share it). */
  latencyMs?: number;
  bucket?: BucketSettings;
  /** Larger page sizes are refused with 400, as some Everflow endpoints do. */
  maxPageSize?: number;
  /** Another user of the same account spending tokens at this steady rate. */
  foreignRequestsPerSecond?: number;
}

type JsonObject = Record<string, unknown>;

/**
 * An in-memory Everflow affiliate API on a virtual clock: list paging, details, a token bucket
 * shared with an optional other user, and scripted faults that take precedence over it all.
 */
export class ScriptedEverflow implements HttpPort {
  readonly requests: HttpRequest[] = [];
  /** When each of `requests` reached the API (virtual ms). */
  readonly requestTimesMs: number[] = [];
  rounds = 0;
  /** The rows of the invoice list, newest first. */
  invoices: JsonObject[] = [];
  private readonly details = new Map<number, JsonObject>();
  private readonly scripts: Array<{ matches: (request: HttpRequest) => boolean; answers: ScriptedAnswer[] }> = [];
  private readonly bucket: Required<BucketSettings>;
  private tokensAtMs: number;
  private nextForeignMs: number;
  foreignSpent = 0;

  constructor(private readonly options: ScriptedEverflowOptions) {
    const bucket = options.bucket ?? { perSecond: 5, burst: 20 };
    this.bucket = { ...bucket, tokens: bucket.tokens ?? bucket.burst };
    this.tokensAtMs = options.clock.now();
    this.nextForeignMs = options.clock.now();
  }

  /** `count` list rows with ids count..1 (newest first), as Everflow's example row. */
  seedInvoices(count: number): this {
    this.invoices = Array.from({ length: count }, (_, index) => listRow(count - index));
    return this;
  }

  setDetail(id: number, detail: JsonObject): this {
    this.details.set(id, detail);
    return this;
  }

  /** The next requests matching `matches` get these answers, in order, instead of the API's. */
  script(matches: (request: HttpRequest) => boolean, ...answers: ScriptedAnswer[]): this {
    this.scripts.push({ matches, answers });
    return this;
  }

  /** Another user takes `count` tokens now. */
  spendTokens(count: number): void {
    this.refill(this.options.clock.now());
    this.bucket.tokens = Math.max(0, this.bucket.tokens - count);
  }

  fetch(request: HttpRequest): HttpOutcome {
    return this.round([request])[0] as HttpOutcome;
  }

  fetchAll(requests: readonly HttpRequest[]): HttpOutcome[] {
    return this.round(requests);
  }

  private round(requests: readonly HttpRequest[]): HttpOutcome[] {
    this.rounds += 1;
    const atMs = this.options.clock.now();
    const outcomes = requests.map((request) => this.answer(request, atMs));
    this.options.clock.advance(this.options.latencyMs ?? 200);
    return outcomes;
  }

  private answer(request: HttpRequest, atMs: number): HttpOutcome {
    this.requests.push(request);
    this.requestTimesMs.push(atMs);
    const script = this.scripts.find((candidate) => candidate.answers.length > 0 && candidate.matches(request));
    const scripted = script?.answers.shift();
    if (scripted) {
      if ('networkFailure' in scripted) return { kind: 'network-failure', message: scripted.networkFailure };
      return { kind: 'response', status: scripted.status, body: scripted.body, headers: lowerCased(scripted.headers ?? {}) };
    }

    const key = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-eflow-api-key')?.[1];
    if (key !== this.options.apiKey) return this.respond(401, { Error: 'No Authentication Method Found' });

    this.spendForeign(atMs);
    this.refill(atMs);
    if (this.bucket.tokens < 1) return this.respond(429, { error: 'Too many requests' });
    this.bucket.tokens -= 1;
    return this.route(request);
  }

  private route(request: HttpRequest): HttpOutcome {
    const url = new URL(request.url);
    // The network side's paths answer the same data (this fake has one realm: the key's).
    const path = url.pathname.replace(/^\/v1/, '').replace(/^\/networks\//, '/affiliates/');
    if (request.method === 'post' && path === LIST_PATH) {
      const page = Number(url.searchParams.get('page') ?? '1');
      const pageSize = Number(url.searchParams.get('page_size') ?? '50');
      if (this.options.maxPageSize !== undefined && pageSize > this.options.maxPageSize) {
        return this.respond(400, { error: `page_size must be between 1 and ${this.options.maxPageSize}` });
      }
      const rows = this.invoices.slice((page - 1) * pageSize, page * pageSize);
      return this.respond(200, { invoices: rows, paging: { page, page_size: pageSize, total_count: this.invoices.length } });
    }
    if (request.method === 'get' && path.startsWith(DETAIL_PREFIX)) {
      const id = Number(path.slice(DETAIL_PREFIX.length));
      const detail = this.details.get(id) ?? (this.invoices.some((row) => row.network_affiliate_invoice_id === id) ? detailOf(id) : null);
      return detail ? this.respond(200, detail) : this.respond(404, { error: 'Invoice not found' });
    }
    return this.respond(404, { error: 'Not found' });
  }

  private respond(status: number, body: unknown): HttpOutcome {
    return {
      kind: 'response',
      status,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'x-ratelimit-limit': String(this.bucket.burst), 'x-ratelimit-remaining': String(Math.floor(this.bucket.tokens)) },
    };
  }

  private refill(atMs: number): void {
    if (atMs <= this.tokensAtMs) return;
    this.bucket.tokens = Math.min(this.bucket.burst, this.bucket.tokens + (this.bucket.perSecond * (atMs - this.tokensAtMs)) / 1000);
    this.tokensAtMs = atMs;
  }

  /** The other user's requests up to `atMs`, each taking a token when there is one. */
  private spendForeign(atMs: number): void {
    const rate = this.options.foreignRequestsPerSecond;
    if (!rate) return;
    while (this.nextForeignMs <= atMs) {
      this.refill(this.nextForeignMs);
      if (this.bucket.tokens >= 1) {
        this.bucket.tokens -= 1;
        this.foreignSpent += 1;
      }
      this.nextForeignMs += 1000 / rate;
    }
  }
}

export function listRow(id: number): JsonObject {
  return {
    network_affiliate_invoice_id: id,
    network_id: 1,
    affiliate_invoice_status: id % 2 === 0 ? 'paid' : 'unpaid',
    start_time: '2024-10-01 00:00:00',
    end_time: '2024-10-31 23:59:59',
    timezone_id: 80,
    balance: 237.43,
    billed: 237.43,
    paid: 0,
    payment_terms: 'Net 30',
    currency_id: 'USD',
    notes: '',
    time_created: 1667979773,
    time_saved: 1689685995,
  };
}

/** A detail as Everflow's reference example: one referral line, one offer line, one payment. */
export function detailOf(id: number): JsonObject {
  return {
    network_affiliate_invoice_id: id,
    network_id: 1,
    network_affiliate_id: 7,
    status: 'unpaid',
    start_time: '2024-10-01 00:00:00',
    end_time: '2024-10-31 23:59:59',
    notes: 'Invoice for October',
    balance: 130,
    timezone_id: 80,
    currency_id: 'USD',
    time_created: 1731196800,
    time_saved: 1731196800,
    relationship: {
      details: [
        {
          network_affiliate_invoice_detail_id: id * 10 + 1,
          network_affiliate_invoice_id: id,
          network_offer_id: 0,
          network_offer_name: '',
          amount: 20,
          invoice_currency_amount: 20,
          currency_id: 'USD',
          notes: '',
          quantity: 0,
          relationship: { referred_affiliate_id: 100, referred_affiliate_name: 'Referred John Doe' },
          referral_history_id: 31,
          type: 'referral',
        },
        {
          network_affiliate_invoice_detail_id: id * 10 + 2,
          network_affiliate_invoice_id: id,
          network_offer_id: 1265,
          network_offer_name: 'Gaming Offer Example',
          amount: 110,
          invoice_currency_amount: 110,
          currency_id: 'USD',
          notes: '',
          quantity: 0,
          referral_history_id: 0,
          type: 'offer_detail',
        },
      ],
      payments: [
        {
          network_affiliate_payment_id: id * 10 + 3,
          network_id: 1,
          network_affiliate_invoice_id: id,
          status: 'pending',
          notes: '',
          amount: 130,
          currency: 'USD',
          unix_timestamp: 1731715200,
          payment_type: 'pay',
        },
      ],
    },
  };
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** Requests whose path is a detail call. */
export function isDetailRequest(request: HttpRequest): boolean {
  return request.url.includes(DETAIL_PREFIX);
}

export function isListRequest(request: HttpRequest): boolean {
  return request.url.includes(LIST_PATH);
}
