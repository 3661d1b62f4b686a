import type http from 'node:http';
import { z } from 'zod';
import type { SharedClock } from '../clock';
import { FaultPicker } from '../fake-http/faults';
import { BodyTooLargeError, LatencySimulator, LoopbackListener, headerValue, readRequestBody, sendText } from '../fake-http/loopback';
import { RequestRecorder, type LoggedRequest, type RequestStats } from '../fake-http/request-log';
import { matchesFilter, parseAffiliateListBody, parseNetworkListBody, type InvoiceFilter, type ParseResult } from './filters';
import { centsToAmount, invoiceTotals, type FakeInvoice } from './model';
import {
  DEFAULT_BEHAVIOUR,
  DEMO_AFFILIATE_ID,
  applyPatch,
  type FakeApiKey,
  type FakeEverflowBehaviour,
  type FakeEverflowConfigPatch,
  type FakeEverflowOptions,
  type FaultKind,
  type Realm,
} from './options';
import { TokenBucket } from './rate-limit';
import { parseInvoiceWrite, parseStatusChange } from './network-writes';
import { InvoiceStore, type MutationOp, type MutationResult, type TouchChanges } from './store';
import { WireFormat, billingJson, type Json, type JsonObject } from './wire';

export type RouteKind = 'list' | 'detail' | 'other';

export type RequestLogEntry = LoggedRequest<RouteKind>;

export type FakeEverflowStats = RequestStats<RouteKind>;

type Answer = { status: number; json: Json } | { status: number; error: string; html?: string };

interface RateHeaders {
  limit: number;
  remaining: number;
}

interface RequestContext {
  apiKey: FakeApiKey;
  query: URLSearchParams;
  body: string;
  /** The request's index (as in the log) and arrival, for the journal. */
  index: number;
  nowMs: number;
}

/** A change the fake accepted (network create, PUT, PATCH) or a payment batch asked for: what tests check happened exactly once. */
export interface JournalEntry {
  requestIndex: number;
  atMs: number;
  kind: 'create' | 'update' | 'status' | 'payment';
  method: string;
  path: string;
  /** The invoices it changed (created: the new id). */
  invoiceIds: number[];
  body: Json;
}

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  pattern: RegExp;
  handle: (context: RequestContext, pathParam: string) => Answer;
}

const MAX_BODY_BYTES = 1_000_000;

const pagingParam = z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1));

/**
 * The fake Everflow API on Node's http, on 127.0.0.1 and a random port. Data, quirks and random
 * faults are seeded; time (rate limit refill, latency) runs on the shared clock.
 */
export class FakeEverflowServer {
  private readonly clock: SharedClock;
  private readonly seed: number;
  private readonly store: InvoiceStore;
  private readonly routes: Route[];
  private behaviour: FakeEverflowBehaviour;
  private wire: WireFormat;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly faults: FaultPicker;
  private readonly requests: RequestRecorder<RouteKind>;
  private readonly latency: LatencySimulator;
  private readonly listener = new LoopbackListener((request, response) => this.serve(request, response));
  private errorCount = 0;
  private journalEntries: JournalEntry[] = [];

  constructor(options: FakeEverflowOptions) {
    const { clock, seed = 1, invoiceCount = 120, invoiceCountByAffiliate = {}, networkId = 1, networkAffiliateIds = [], dataNowMs, ...patch } = options;
    this.clock = clock;
    this.seed = seed;
    this.behaviour = applyPatch(DEFAULT_BEHAVIOUR, patch);
    this.wire = new WireFormat(seed, this.behaviour.quirks);
    this.faults = new FaultPicker(seed, this.behaviour.faults);
    this.requests = new RequestRecorder<RouteKind>(['list', 'detail', 'other'], this.faults, () => this.behaviour.requestLogLimit);
    this.latency = new LatencySimulator(clock);
    this.store = new InvoiceStore({ seed, networkId, invoiceCount, invoiceCountByAffiliate, dataNowMs: dataNowMs ?? clock.now() });
    this.prepareAffiliates(this.behaviour.keys);
    for (const affiliateId of networkAffiliateIds) this.store.ensureAffiliate(affiliateId);
    this.routes = [
      { method: 'POST', pattern: /^\/v1\/affiliates\/billings\/affiliates\/invoicestable$/, handle: (c) => this.affiliateList(c) },
      { method: 'GET', pattern: /^\/v1\/affiliates\/billings\/affiliates\/invoices\/([^/]+)$/, handle: (c, id) => this.affiliateDetail(c, id) },
      { method: 'GET', pattern: /^\/v1\/affiliates\/billing$/, handle: (c) => this.billing(c) },
      { method: 'POST', pattern: /^\/v1\/networks\/billings\/affiliates\/invoicestable$/, handle: (c) => this.networkList(c) },
      { method: 'POST', pattern: /^\/v1\/networks\/billings\/affiliates\/summary$/, handle: (c) => this.networkSummary(c) },
      { method: 'GET', pattern: /^\/v1\/networks\/billings\/affiliates\/invoices\/([^/]+)$/, handle: (c, id) => this.networkDetail(c, id) },
      { method: 'PUT', pattern: /^\/v1\/networks\/billings\/affiliates\/invoices\/([^/]+)$/, handle: (c, id) => this.networkReplace(c, id) },
      { method: 'POST', pattern: /^\/v1\/networks\/billings\/affiliates\/invoices$/, handle: (c) => this.networkCreate(c) },
      { method: 'PATCH', pattern: /^\/v1\/networks\/billings\/affiliates\/invoices$/, handle: (c) => this.networkStatus(c) },
      { method: 'POST', pattern: /^\/v1\/networks\/billings\/affiliates\/payments$/, handle: (c) => this.networkPayments(c) },
    ];
  }

  /** Starts listening on 127.0.0.1; answers the base URL, e.g. `http://127.0.0.1:PORT/v1`. */
  async listen(port = 0): Promise<string> {
    await this.listener.listen(port);
    return this.baseUrl;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.listener.port}/v1`;
  }

  async close(): Promise<void> {
    await this.listener.close();
  }

  /** Changes behaviour at run time; a patch with invalid keys throws and changes nothing. */
  configure(patch: FakeEverflowConfigPatch): void {
    const next = applyPatch(this.behaviour, patch);
    if (patch.keys) this.prepareAffiliates(next.keys);
    this.behaviour = next;
    this.faults.configure(this.behaviour.faults, patch.faults?.storm429 !== undefined);
    if (patch.quirks) this.wire = new WireFormat(this.seed, this.behaviour.quirks);
    if (patch.rateLimit) this.buckets.clear();
  }

  stats(): FakeEverflowStats {
    return this.requests.stats();
  }

  /** Zeroes the counters and the log, and restarts the request index that `faults.plan` uses. */
  resetStats(): void {
    this.requests.reset();
  }

  /** Every change accepted since start (never reset by resetStats): each must appear exactly once. */
  journal(): JournalEntry[] {
    return structuredClone(this.journalEntries);
  }

  /** Every affiliate's invoices as the network sees them (deleted ones included), newest period first. */
  networkInvoices(): FakeInvoice[] {
    return structuredClone(this.store.allInvoices());
  }

  mutate(op: MutationOp): MutationResult {
    return this.store.mutate(op, this.defaultAffiliateId(), this.clock.now());
  }

  /** Bumps `time_saved`; pays or re-opens the invoice (see TouchChanges) keeping totals consistent. */
  touchInvoices(ids: number[], changes?: TouchChanges): number[] {
    return this.mutate({ kind: 'touch', ids, changes }).ids;
  }

  addInvoices(count: number, affiliateId?: number): number[] {
    return this.mutate({ kind: 'add', count, affiliateId }).ids;
  }

  removeInvoices(ids: number[]): number[] {
    return this.mutate({ kind: 'remove', ids }).ids;
  }

  /** Touches a deterministic `fraction` (e.g. 0.01) of the affiliate's invoices. */
  changeFraction(fraction: number, affiliateId?: number, changes?: TouchChanges): number[] {
    return this.mutate({ kind: 'changeFraction', fraction, affiliateId, changes }).ids;
  }

  /** Ids as the list orders them: newest period first. */
  invoiceIds(affiliateId = this.defaultAffiliateId()): number[] {
    return this.store.invoicesOf(affiliateId).map((invoice) => invoice.id);
  }

  /** Copies of the records behind the answers, for tests that compute what a client should show. */
  invoices(affiliateId = this.defaultAffiliateId()): FakeInvoice[] {
    return structuredClone([...this.store.invoicesOf(affiliateId)]);
  }

  private defaultAffiliateId(): number {
    return this.behaviour.keys.find((key) => key.realm === 'affiliate')?.affiliateId ?? DEMO_AFFILIATE_ID;
  }

  /** Generates the datasets of the keys' affiliates (no key text in the error: keys are secrets). */
  private prepareAffiliates(keys: readonly FakeApiKey[]): void {
    const affiliateIds = keys.filter((key) => key.realm === 'affiliate').map((key) => key.affiliateId);
    if (affiliateIds.includes(undefined)) throw new Error('every affiliate key needs an affiliateId');
    for (const affiliateId of affiliateIds) this.store.ensureAffiliate(affiliateId ?? DEMO_AFFILIATE_ID);
  }

  private async serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const arrival = this.latency.arrive(request);
    const { arrivedAtMs } = arrival;
    const url = new URL(request.url ?? '/', 'http://fake-everflow.invalid');
    const method = request.method ?? 'GET';
    const rawKey = headerValue(request.headers['x-eflow-api-key']);
    const entry = this.requests.arrive({ method, url, rawKey, route: routeKind(url.pathname), arrivedAtMs });
    const { index, fault } = entry;
    const apiKey = rawKey === null ? undefined : this.behaviour.keys.find((candidate) => candidate.key === rawKey);
    const bucket = apiKey ? this.bucketFor(apiKey, arrivedAtMs) : null;
    // Requests without a valid key are not metered: they show the affiliate limit, untouched.
    const rateHeaders = (status: number): RateHeaders => {
      const limit = bucket?.spec.burst ?? this.behaviour.rateLimit.affiliate.burst;
      return { limit, remaining: status === 429 ? 0 : (bucket?.remaining(arrivedAtMs) ?? limit) };
    };
    try {
      const body = await readRequestBody(request, MAX_BODY_BYTES);
      await this.latency.takeTime(arrival, this.behaviour.latencyMs + (fault === 'latency' ? this.behaviour.faults.slowMs : 0));
      if (fault === 'drop') {
        request.socket.destroy();
        this.requests.record(entry, 'dropped');
        return;
      }
      const answer = this.faultAnswer(fault) ?? this.answer(method, url, apiKey, bucket, body, arrivedAtMs, index);
      this.send(response, answer, rateHeaders(answer.status), fault === 'truncate');
      this.requests.record(entry, answer.status);
    } catch (error) {
      // A body over the limit, or a bug in the fake (answered like Everflow's own 500).
      const answer = error instanceof BodyTooLargeError ? { status: 413, error: 'Request body too large' } : { status: 500, error: 'Internal Server Error' };
      if (!response.headersSent) this.send(response, answer, rateHeaders(answer.status), false);
      this.requests.record(entry, answer.status);
    } finally {
      this.requests.finish();
    }
  }

  private faultAnswer(fault: FaultKind | null): Answer | null {
    switch (fault) {
      case '500':
        return { status: 500, error: 'Internal Server Error' };
      case '502':
        // Gateways answer in HTML whatever the API's own error format is.
        return { status: 502, error: 'Bad Gateway', html: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>' };
      case '503':
        return { status: 503, error: 'Service Unavailable' };
      case '429':
        return { status: 429, error: 'Too Many Requests' };
      default:
        return null;
    }
  }

  private answer(method: string, url: URL, apiKey: FakeApiKey | undefined, bucket: TokenBucket | null, body: string, nowMs: number, index: number): Answer {
    if (!apiKey || !bucket) return { status: 401, error: 'No Authentication Method Found' };
    if (this.behaviour.rateLimit.enabled && !bucket.take(nowMs)) return { status: 429, error: 'Too Many Requests' };
    const path = url.pathname.replace(/\/+$/, '');
    const realm: Realm | null = path.startsWith('/v1/affiliates/') ? 'affiliate' : path.startsWith('/v1/networks/') ? 'network' : null;
    if (realm !== null && realm !== apiKey.realm) {
      return this.behaviour.wrongRealmStatus === 401 ? { status: 401, error: 'No Authentication Method Found' } : { status: 403, error: 'Out of realm' };
    }
    const matching = this.routes.filter((route) => route.pattern.test(path));
    if (matching.length === 0) return { status: 404, error: 'Not found' };
    const route = matching.find((candidate) => candidate.method === method);
    if (!route) return { status: 405, error: 'Method not allowed' };
    const pathParam = route.pattern.exec(path)?.[1] ?? '';
    return route.handle({ apiKey, query: url.searchParams, body, index, nowMs }, pathParam);
  }

  private affiliateList(context: RequestContext): Answer {
    const affiliateId = affiliateOf(context.apiKey);
    return this.listAnswer(context, parseAffiliateListBody, this.store.invoicesOf(affiliateId), (invoice) => this.wire.listRow(invoice));
  }

  private networkList(context: RequestContext): Answer {
    return this.listAnswer(context, parseNetworkListBody, this.store.allInvoices(), (invoice) =>
      this.wire.networkListRow(invoice, this.store.profileOf(invoice.affiliateId)),
    );
  }

  private listAnswer(
    context: RequestContext,
    parseBody: (body: unknown) => ParseResult,
    invoices: readonly FakeInvoice[],
    toRow: (invoice: FakeInvoice) => JsonObject,
  ): Answer {
    const paging = this.paging(context.query);
    if ('error' in paging) return { status: 400, error: paging.error };
    const filtered = this.filtered(context.body, parseBody, invoices);
    if ('error' in filtered) return { status: 400, error: filtered.error };
    const { page, pageSize } = paging;
    const rows = filtered.invoices.slice((page - 1) * pageSize, page * pageSize).map(toRow);
    return { status: 200, json: { invoices: rows, paging: { page, page_size: pageSize, total_count: filtered.invoices.length } } };
  }

  private networkSummary(context: RequestContext): Answer {
    const filtered = this.filtered(context.body, parseNetworkListBody, this.store.allInvoices());
    if ('error' in filtered) return { status: 400, error: filtered.error };
    const sums = { balance: 0, billed: 0, paid: 0 };
    for (const invoice of filtered.invoices) {
      const totals = invoiceTotals(invoice);
      sums.balance += totals.balanceCents;
      sums.billed += totals.billedCents;
      sums.paid += totals.paidCents;
    }
    return {
      status: 200,
      json: { count: filtered.invoices.length, balance: centsToAmount(sums.balance), billed: centsToAmount(sums.billed), paid: centsToAmount(sums.paid) },
    };
  }

  private filtered(
    rawBody: string,
    parseBody: (body: unknown) => ParseResult,
    invoices: readonly FakeInvoice[],
  ): { invoices: FakeInvoice[] } | { error: string } {
    const body = parseJsonBody(rawBody);
    if (body === INVALID_JSON) return { error: 'Invalid JSON body' };
    const parsed = parseBody(body);
    if (!parsed.ok) return { error: parsed.message };
    const filter: InvoiceFilter = parsed.filter;
    return { invoices: invoices.filter((invoice) => matchesFilter(invoice, filter, this.store.profileOf(invoice.affiliateId).name, this.behaviour.endDateReading)) };
  }

  private paging(query: URLSearchParams): { page: number; pageSize: number } | { error: string } {
    const max = this.behaviour.maxPageSize;
    const pageText = query.get('page');
    const sizeText = query.get('page_size');
    const page = pageText ? pagingParam.safeParse(pageText) : { success: true as const, data: 1 };
    if (!page.success) return { error: 'page must be a positive integer' };
    const pageSize = sizeText ? pagingParam.safeParse(sizeText) : { success: true as const, data: 50 };
    if (!pageSize.success || pageSize.data > max) return { error: `page_size must be an integer from 1 to ${max}` };
    return { page: page.data, pageSize: pageSize.data };
  }

  private affiliateDetail(context: RequestContext, idText: string): Answer {
    const found = this.findInvoice(idText);
    if ('error' in found) return found;
    if (found.invoice.affiliateId !== affiliateOf(context.apiKey) || found.invoice.deleted === true) return { status: 404, error: 'Invoice not found' };
    return { status: 200, json: this.wire.detail(found.invoice) };
  }

  private networkDetail(context: RequestContext, idText: string): Answer {
    const found = this.findInvoice(idText);
    if ('error' in found) return found;
    const include = context.query.get('relationship');
    return { status: 200, json: this.networkDetailJson(found.invoice, include === 'affiliate' || include === 'all') };
  }

  private networkCreate(context: RequestContext): Answer {
    const body = parseJsonBody(context.body);
    if (body === INVALID_JSON) return { status: 400, error: 'Invalid JSON body' };
    const write = parseInvoiceWrite(body, true);
    if (!write.ok) return { status: 400, error: write.message };
    if (!this.store.affiliateIds().includes(write.value.affiliateId)) return { status: 400, error: 'Invalid network_affiliate_id: no such affiliate' };
    const nowSec = Math.floor(context.nowMs / 1000);
    const invoice = this.store.createInvoice(write.value.affiliateId, write.value.spec, nowSec);
    if (write.value.status === 'paid') this.store.setStatus(invoice, 'paid', nowSec);
    this.journalEntry(context, 'create', 'POST', [invoice.id], body);
    return { status: 200, json: this.networkDetailJson(invoice, true) };
  }

  private networkReplace(context: RequestContext, idText: string): Answer {
    const found = this.findInvoice(idText);
    if ('error' in found) return found;
    const body = parseJsonBody(context.body);
    if (body === INVALID_JSON) return { status: 400, error: 'Invalid JSON body' };
    const write = parseInvoiceWrite(body, false);
    if (!write.ok) return { status: 400, error: write.message };
    if (write.value.affiliateId !== found.invoice.affiliateId) return { status: 400, error: 'Invalid network_affiliate_id: an invoice keeps its affiliate' };
    if (this.behaviour.lockedInvoiceIds.includes(found.invoice.id)) return { status: 400, error: 'Invoice has a payment in progress' };
    const ownLineIds = new Set(found.invoice.lines.map((line) => line.id));
    const foreign = write.value.spec.lines.find((line) => line.id !== null && !ownLineIds.has(line.id));
    if (foreign) return { status: 400, error: `Invalid details: line ${foreign.id ?? ''} is not on this invoice` };
    this.store.replaceInvoice(found.invoice, write.value.spec, write.value.status, Math.floor(context.nowMs / 1000));
    this.journalEntry(context, 'update', 'PUT', [found.invoice.id], body);
    return { status: 200, json: this.networkDetailJson(found.invoice, true) };
  }

  /** One status for many invoices; the answer tells each invoice's result (an unknown id fails alone). */
  private networkStatus(context: RequestContext): Answer {
    const body = parseJsonBody(context.body);
    if (body === INVALID_JSON) return { status: 400, error: 'Invalid JSON body' };
    const change = parseStatusChange(body);
    if (!change.ok) return { status: 400, error: change.message };
    const nowSec = Math.floor(context.nowMs / 1000);
    const changed: number[] = [];
    const results = change.value.invoiceIds.map((id): Json => {
      const invoice = this.store.find(id);
      if (!invoice) return { network_affiliate_invoice_id: id, success: false, error: 'Invoice not found' };
      if (this.behaviour.lockedInvoiceIds.includes(id)) return { network_affiliate_invoice_id: id, success: false, error: 'Invoice has a payment in progress' };
      this.store.setStatus(invoice, change.value.status, nowSec);
      changed.push(id);
      return { network_affiliate_invoice_id: id, success: true, status: change.value.status, time_saved: invoice.timeSaved };
    });
    this.journalEntry(context, 'status', 'PATCH', changed, body);
    return { status: 200, json: { results } };
  }

  /** Moves money in the real API: the fake only records that it was asked (tests check it never is). */
  private networkPayments(context: RequestContext): Answer {
    const body = parseJsonBody(context.body);
    this.journalEntry(context, 'payment', 'POST', [], body === INVALID_JSON ? null : (body as Json));
    return { status: 200, json: { result: true } };
  }

  private journalEntry(context: RequestContext, kind: JournalEntry['kind'], method: string, invoiceIds: number[], body: unknown): void {
    const path = kind === 'update' ? `/v1/networks/billings/affiliates/invoices/${invoiceIds[0] ?? ''}` : kind === 'payment' ? '/v1/networks/billings/affiliates/payments' : '/v1/networks/billings/affiliates/invoices';
    this.journalEntries.push({ requestIndex: context.index, atMs: context.nowMs, kind, method, path, invoiceIds, body: body as Json });
  }

  private networkDetailJson(invoice: FakeInvoice, withAffiliate: boolean): JsonObject {
    const detail = this.wire.detail(invoice);
    const relationship = detail.relationship;
    if (withAffiliate && isJsonObject(relationship)) {
      const profile = this.store.profileOf(invoice.affiliateId);
      relationship.affiliate = { network_affiliate_id: profile.affiliateId, network_id: this.store.networkId, name: profile.name, account_status: 'active' };
    }
    return detail;
  }

  private findInvoice(idText: string): { invoice: FakeInvoice } | { status: number; error: string } {
    if (!/^\d+$/.test(idText)) return { status: 400, error: 'Invalid invoice id' };
    const invoice = this.store.find(Number(idText));
    return invoice ? { invoice } : { status: 404, error: 'Invoice not found' };
  }

  private billing(context: RequestContext): Answer {
    return { status: 200, json: billingJson(this.store.profileOf(affiliateOf(context.apiKey)), this.store.networkId) };
  }

  private bucketFor(apiKey: FakeApiKey, nowMs: number): TokenBucket {
    const id = apiKey.realm === 'affiliate' ? `affiliate:${affiliateOf(apiKey)}` : `network:${this.store.networkId}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = new TokenBucket(this.behaviour.rateLimit[apiKey.realm === 'affiliate' ? 'affiliate' : 'network'], nowMs);
      this.buckets.set(id, bucket);
    }
    return bucket;
  }

  private send(response: http.ServerResponse, answer: Answer, rate: RateHeaders, truncate: boolean): void {
    const { contentType, text } = this.render(answer);
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': contentType,
      'X-RateLimit-Limit': String(rate.limit),
      'X-RateLimit-Remaining': String(rate.remaining),
    };
    sendText(response, answer.status, headers, text, truncate);
  }

  private render(answer: Answer): { contentType: string; text: string } {
    if ('json' in answer) return { contentType: 'application/json; charset=utf-8', text: JSON.stringify(answer.json) };
    if (answer.html) return { contentType: 'text/html; charset=utf-8', text: answer.html };
    const style = this.behaviour.errorStyle;
    if (style === 'text') return { contentType: 'text/plain; charset=utf-8', text: answer.error };
    const field = style === 'alternate' ? (this.errorCount++ % 2 === 0 ? 'error' : 'Error') : style;
    return { contentType: 'application/json; charset=utf-8', text: JSON.stringify({ [field]: answer.error }) };
  }
}

function affiliateOf(apiKey: FakeApiKey): number {
  return apiKey.affiliateId ?? DEMO_AFFILIATE_ID;
}

function routeKind(pathname: string): RouteKind {
  if (/\/invoicestable\/?$/.test(pathname)) return 'list';
  if (/\/invoices\/[^/]+\/?$/.test(pathname)) return 'detail';
  return 'other';
}

function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const INVALID_JSON = Symbol('invalid JSON');

/** An empty body means no filters. */
function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}
