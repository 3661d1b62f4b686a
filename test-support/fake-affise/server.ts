import type http from 'node:http';
import type { SharedClock } from '../clock';
import type { Json, JsonObject } from '../fake-http/json';
import { FaultPicker, type FaultKind } from '../fake-http/faults';
import { BodyTooLargeError, LatencySimulator, LoopbackListener, headerValue, readRequestBody, sendText } from '../fake-http/loopback';
import { RequestRecorder, type LoggedRequest, type RequestStats } from '../fake-http/request-log';
import { AFFISE_CURRENCIES, type FakeAffisePartner, type FakeAffisePayment } from './data';
import { applyAffisePatch, DEFAULT_AFFISE_BEHAVIOUR, type FakeAffiseBehaviour, type FakeAffiseConfigPatch, type FakeAffiseKey, type FakeAffiseOptions } from './options';
import { AffiseStore, type AffiseMutationOp, type AffiseMutationResult, type WriteAnswer } from './store';
import { AffiseWire } from './wire';

export type AffiseRouteKind = 'list' | 'get' | 'write' | 'other';

export type AffiseWriteKind = 'update' | 'add-correction' | 'delete-correction' | 'delete' | 'bulk-delete' | 'create-for-affiliate';

export type AffiseRequestLogEntry = LoggedRequest<AffiseRouteKind>;

/** One write request as the fake received and parsed it. */
export interface AffiseJournalEntry {
  /** The request's index (as in the request log). */
  index: number;
  atMs: number;
  method: string;
  path: string;
  operation: AffiseWriteKind;
  paymentId: number | null;
  correctionId: string | null;
  /** The form fields; repeated fields (`ids[]`) as lists, under their name without brackets. */
  fields: Record<string, string | string[]>;
  /** Whether the change was made: false when refused (4xx, auth, a fault answered first). */
  applied: boolean;
  /** What the client received: a status, or `dropped` (the change may still have been made). */
  status: number | 'dropped';
  fault: FaultKind | null;
  /** Affise's answer as sent (before any truncation). */
  answer: JsonObject | null;
}

export type FakeAffiseStats = RequestStats<AffiseRouteKind>;

type Answer = { status: number; json: JsonObject; applied?: boolean } | { status: number; html: string };

interface Context {
  key: FakeAffiseKey;
  query: URLSearchParams;
  form: URLSearchParams;
  nowMs: number;
}

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  kind: AffiseRouteKind;
  write?: AffiseWriteKind;
  billing: boolean;
  handle: (context: Context, param: string) => Answer;
}

const MAX_LIMIT = 100;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const envelope = (status: number, message: string): Answer => ({ status, json: { status: 2, message } });

/**
 * The fake Affise Billing API on Node's http, on 127.0.0.1 and a random port: payments (list,
 * get and the write calls), user/me, partners and currencies. Data, quirks and random faults are
 * seeded; time (latency, the delay of created invoices, updated_at) runs on the shared clock.
 */
export class FakeAffiseServer {
  private readonly clock: SharedClock;
  private readonly seed: number;
  private readonly store: AffiseStore;
  private readonly routes: Route[];
  private readonly latency: LatencySimulator;
  private readonly faults: FaultPicker;
  private readonly requests: RequestRecorder<AffiseRouteKind>;
  private readonly listener = new LoopbackListener((request, response) => this.serve(request, response));
  private behaviour: FakeAffiseBehaviour;
  private wire: AffiseWire;
  private journalEntries: AffiseJournalEntry[] = [];

  constructor(options: FakeAffiseOptions) {
    const { clock, seed = 1, paymentCount = 150, partnerCount = 12, dataNowMs, ...patch } = options;
    this.clock = clock;
    this.seed = seed;
    this.behaviour = applyAffisePatch(DEFAULT_AFFISE_BEHAVIOUR, patch);
    this.wire = new AffiseWire(seed, this.behaviour.quirks);
    this.latency = new LatencySimulator(clock);
    this.faults = new FaultPicker(seed, this.behaviour.faults);
    this.requests = new RequestRecorder<AffiseRouteKind>(['list', 'get', 'write', 'other'], this.faults, () => this.behaviour.requestLogLimit);
    this.store = new AffiseStore({ seed, paymentCount, partnerCount, nowMs: dataNowMs ?? clock.now() });
    const id = '([^/]+)';
    this.routes = [
      { method: 'GET', pattern: /^\/3\.1\/payments$/, kind: 'list', billing: true, handle: (c) => this.list(c) },
      { method: 'POST', pattern: /^\/3\.1\/payments\/bulk-delete$/, kind: 'write', write: 'bulk-delete', billing: true, handle: (c) => this.bulkDelete(c) },
      { method: 'POST', pattern: /^\/3\.1\/payments\/create-for-affiliate$/, kind: 'write', write: 'create-for-affiliate', billing: true, handle: (c) => this.written(this.store.createForAffiliate(formFields(c.form), c.nowMs, this.behaviour.creationDelayMs)) },
      { method: 'DELETE', pattern: new RegExp(`^/3\\.1/payments/del-correction/${id}$`), kind: 'write', write: 'delete-correction', billing: true, handle: (c, p) => this.written(this.store.deleteCorrection(p, c.nowMs)) },
      { method: 'DELETE', pattern: new RegExp(`^/3\\.1/payments/delete/${id}$`), kind: 'write', write: 'delete', billing: true, handle: (c, p) => this.withId(p, (n) => this.written(this.store.delete(n, c.nowMs))) },
      { method: 'POST', pattern: new RegExp(`^/3\\.1/payments/${id}/add-correction$`), kind: 'write', write: 'add-correction', billing: true, handle: (c, p) => this.withId(p, (n) => this.written(this.store.addCorrection(n, formFields(c.form), c.nowMs))) },
      { method: 'GET', pattern: new RegExp(`^/3\\.1/payments/${id}$`), kind: 'get', billing: true, handle: (c, p) => this.withId(p, (n) => this.getOne(n, c.nowMs)) },
      { method: 'POST', pattern: new RegExp(`^/3\\.1/payments/${id}$`), kind: 'write', write: 'update', billing: true, handle: (c, p) => this.withId(p, (n) => this.written(this.store.update(n, formFields(c.form), c.nowMs))) },
      { method: 'GET', pattern: /^\/3\.1\/user\/me$/, kind: 'other', billing: false, handle: (c) => this.me(c) },
      { method: 'GET', pattern: /^\/3\.0\/admin\/partners$/, kind: 'other', billing: false, handle: (c) => this.partnerList(c) },
      { method: 'GET', pattern: /^\/3\.0\/admin\/partner\/(\d+)$/, kind: 'other', billing: false, handle: (_c, p) => this.partner(Number(p)) },
      { method: 'GET', pattern: /^\/3\.0\/admin\/currency$/, kind: 'other', billing: false, handle: (c) => this.currencies(c) },
    ];
  }

  /** Starts listening on 127.0.0.1; answers the base URL (the API host), e.g. `http://127.0.0.1:PORT`. */
  async listen(port = 0): Promise<string> {
    await this.listener.listen(port);
    return this.baseUrl;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.listener.port}`;
  }

  async close(): Promise<void> {
    await this.listener.close();
  }

  configure(patch: FakeAffiseConfigPatch): void {
    this.behaviour = applyAffisePatch(this.behaviour, patch);
    this.faults.configure(this.behaviour.faults, patch.faults?.storm429 !== undefined);
    if (patch.quirks) this.wire = new AffiseWire(this.seed, this.behaviour.quirks);
  }

  stats(): FakeAffiseStats {
    return this.requests.stats();
  }

  /** Zeroes the counters and the log, and restarts the request index that `faults.plan` uses. The journal stays. */
  resetStats(): void {
    this.requests.reset();
  }

  /** Every write request received, oldest first. */
  journal(): AffiseJournalEntry[] {
    return structuredClone(this.journalEntries);
  }

  clearJournal(): void {
    this.journalEntries = [];
  }

  mutate(op: AffiseMutationOp): AffiseMutationResult {
    return this.store.mutate(op, this.clock.now());
  }

  /** Copies of the records, newest id first; `pending` includes created invoices not yet visible. */
  payments(options: { pending?: boolean } = {}): FakeAffisePayment[] {
    return structuredClone(options.pending ? this.store.all() : this.store.visible(this.clock.now()));
  }

  partners(): FakeAffisePartner[] {
    return structuredClone(this.store.partners);
  }

  private async serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const arrival = this.latency.arrive(request);
    const url = new URL(request.url ?? '/', 'http://fake-affise.invalid');
    const method = request.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    const rawKey = headerValue(request.headers['api-key']) ?? url.searchParams.get('API-Key');
    const route = this.routes.find((candidate) => candidate.pattern.test(path) && candidate.method === method) ?? null;
    const entry = this.requests.arrive({ method, url, rawKey, route: route?.kind ?? 'other', arrivedAtMs: arrival.arrivedAtMs });
    const { index, fault } = entry;
    try {
      const body = await readRequestBody(request);
      // The request's own answer time, not the clock's: another request of its batch may have moved the clock further.
      const nowMs = await this.latency.takeTime(arrival, this.behaviour.latencyMs + (fault === 'latency' ? this.faults.slowMs : 0));
      const form = isForm(request.headers['content-type']) ? new URLSearchParams(body) : new URLSearchParams();
      const faultFirst = faultAnswer(fault);
      // Writes: 5xx and 429 come before the change; a cut body or a dropped connection after it.
      const answer = faultFirst ?? this.answer(method, path, route, rawKey, url.searchParams, form, nowMs);
      if (route?.write) this.journalWrite(index, nowMs, method, url.pathname, route, path, form, answer, fault);
      if (fault === 'drop') {
        request.socket.destroy();
        this.requests.record(entry, 'dropped');
        return;
      }
      this.send(response, answer, fault === 'truncate');
      this.requests.record(entry, answer.status);
    } catch (error) {
      const answer = error instanceof BodyTooLargeError ? envelope(413, 'Request body too large') : envelope(500, 'Internal server error');
      if (!response.headersSent) this.send(response, answer, false);
      this.requests.record(entry, answer.status);
    } finally {
      this.requests.finish();
    }
  }

  private answer(method: string, path: string, route: Route | null, rawKey: string | null, query: URLSearchParams, form: URLSearchParams, nowMs: number): Answer {
    const key = rawKey === null ? undefined : this.behaviour.keys.find((candidate) => candidate.key === rawKey);
    if (!key) return envelope(401, 'Token is necessary');
    if (!route) {
      const known = this.routes.some((candidate) => candidate.pattern.test(path));
      return known ? envelope(405, 'Method not allowed') : envelope(404, 'Not found');
    }
    if (route.billing && !this.behaviour.billingEnabled) return envelope(403, 'Auth Denied');
    const param = route.pattern.exec(path)?.[1] ?? '';
    return route.handle({ key, query, form, nowMs }, decodeURIComponent(param));
  }

  private journalWrite(index: number, atMs: number, method: string, rawPath: string, route: Route, path: string, form: URLSearchParams, answer: Answer, fault: FaultKind | null): void {
    const param = decodeURIComponent(route.pattern.exec(path)?.[1] ?? '');
    const operation = route.write as AffiseWriteKind;
    const paymentId = operation === 'delete' || operation === 'update' || operation === 'add-correction' ? (/^\d+$/.test(param) ? Number(param) : null) : null;
    this.journalEntries.push({
      index,
      atMs,
      method,
      path: rawPath,
      operation,
      paymentId,
      correctionId: operation === 'delete-correction' ? param : null,
      fields: formFieldsWithLists(form),
      applied: 'json' in answer && answer.applied === true,
      status: fault === 'drop' ? 'dropped' : answer.status,
      fault,
      answer: 'json' in answer ? structuredClone(answer.json) : null,
    });
  }

  private written(result: WriteAnswer): Answer {
    const json: JsonObject = { ...result.json };
    if (result.paymentId !== undefined) {
      const payment = this.store.find(result.paymentId, this.clock.now());
      if (payment) json.payment = this.wire.payment(payment);
    }
    return { status: result.status, json, applied: result.applied };
  }

  private withId(text: string, then: (id: number) => Answer): Answer {
    return /^\d+$/.test(text) ? then(Number(text)) : envelope(404, 'Payment not found');
  }

  private getOne(id: number, nowMs: number): Answer {
    const payment = this.store.find(id, nowMs);
    return payment ? { status: 200, json: { status: 1, payment: this.wire.payment(payment) } } : envelope(404, 'Payment not found');
  }

  private list(context: Context): Answer {
    const { query, nowMs } = context;
    const dateFrom = query.get('date_from');
    const dateTo = query.get('date_to');
    if (dateFrom === null || dateFrom === '') return envelope(400, 'date_from is required');
    if (dateTo === null || dateTo === '') return envelope(400, 'date_to is required');
    if (!isDate(dateFrom) || !isDate(dateTo)) return envelope(400, 'Invalid date format, expected YYYY-MM-DD');
    const paging = this.paging(query);
    if ('error' in paging) return envelope(400, paging.error);
    const filters: Array<[string, (payment: FakeAffisePayment) => string]> = [
      ['id', (payment) => String(payment.id)],
      ['status', (payment) => String(payment.status)],
      ['aid', (payment) => String(payment.affiliateId)],
      ['manager_id', (payment) => payment.managerId],
      ['payment_system', (payment) => String(payment.paySys)],
      ['payment_account', (payment) => payment.payAcc],
    ];
    const wanted: Array<[Set<string>, (payment: FakeAffisePayment) => string]> = [];
    for (const [name, field] of filters) {
      const values = arrayParam(query, name);
      if (values.length === 0) continue;
      if (['id', 'aid', 'status'].includes(name) && values.some((value) => !/^-?\d+$/.test(value))) return envelope(400, `Invalid ${name}`);
      wanted.push([new Set(values), field]);
    }
    const updatedFrom = updateBound(query, 'update_from_date', 'update_from_hour', '00:00');
    const updatedTo = updateBound(query, 'update_to_date', 'update_to_hour', '59:59');
    if (updatedFrom === 'invalid' || updatedTo === 'invalid') return envelope(400, 'Invalid update date or hour');

    const matching = this.store.visible(nowMs).filter((payment) => {
      const day = payment.postedDate.slice(0, 10);
      if (day < dateFrom || day > dateTo) return false;
      if (updatedFrom !== null && payment.updatedAt < updatedFrom) return false;
      if (updatedTo !== null && payment.updatedAt > updatedTo) return false;
      return wanted.every(([values, field]) => values.has(field(payment)));
    });
    const { page, limit } = paging;
    const rows = matching.slice((page - 1) * limit, page * limit).map((payment) => this.wire.payment(payment));
    return { status: 200, json: { status: 1, payments: rows, pagination: { page, limit, total: matching.length } } };
  }

  private paging(query: URLSearchParams): { page: number; limit: number } | { error: string } {
    const page = positiveInt(query.get('page'), 1);
    const limit = positiveInt(query.get('limit'), MAX_LIMIT);
    if (page === null) return { error: 'page must be a positive integer' };
    if (limit === null) return { error: 'limit must be a positive integer' };
    if (limit > MAX_LIMIT && this.behaviour.overLimit === 'refuse') return { error: `limit must not be greater than ${MAX_LIMIT}` };
    return { page, limit: Math.min(limit, MAX_LIMIT) };
  }

  private bulkDelete(context: Context): Answer {
    const ids = arrayParam(context.form, 'ids');
    if (ids.some((id) => !/^\d+$/.test(id))) return envelope(400, 'Invalid ids');
    return this.written(this.store.bulkDelete(ids.map(Number), this.behaviour.bulkDeleteRefusedIds, context.nowMs));
  }

  private me(context: Context): Answer {
    const { user } = context.key;
    return { status: 200, json: { status: 1, user: { id: user.id, email: user.email, first_name: user.firstName, last_name: user.lastName, roles: [...user.roles] } } };
  }

  private partnerList(context: Context): Answer {
    const page = positiveInt(context.query.get('page'), 1);
    const limit = positiveInt(context.query.get('limit'), 100);
    if (page === null || limit === null) return envelope(400, 'page and limit must be positive integers');
    const perPage = Math.min(limit, 500);
    const partners = this.store.partners;
    const rows = partners.slice((page - 1) * perPage, page * perPage).map((partner) => this.wire.partner(partner));
    const nextPage = page * perPage < partners.length ? page + 1 : null;
    return { status: 200, json: { status: 1, partners: rows, pagination: { per_page: perPage, total_count: partners.length, page, next_page: nextPage } } };
  }

  private partner(id: number): Answer {
    const partner = this.store.partners.find((candidate) => candidate.id === id);
    return partner ? { status: 200, json: { status: 1, partner: this.wire.partner(partner) } } : envelope(404, 'Partner not found');
  }

  private currencies(context: Context): Answer {
    if (context.query.get('extended') === '1') {
      const quotes: Json[] = AFFISE_CURRENCIES.map((currency) => ({ _id: Number(currency.id), code: currency.code, active: true, default: currency.code === 'USD', rate: currency.rate }));
      return { status: 200, json: { status: 1, quotes } };
    }
    return { status: 200, json: { status: 1, quotes: Object.fromEntries(AFFISE_CURRENCIES.map((currency) => [currency.code, currency.rate])) } };
  }

  private send(response: http.ServerResponse, answer: Answer, truncate: boolean): void {
    if ('html' in answer) {
      sendText(response, answer.status, { 'Content-Type': 'text/html; charset=utf-8' }, answer.html, false);
      return;
    }
    sendText(response, answer.status, { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify(answer.json), truncate);
  }
}

function faultAnswer(fault: FaultKind | null): Answer | null {
  switch (fault) {
    case '500':
      return envelope(500, 'Internal server error');
    case '502':
      return { status: 502, html: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>' };
    case '503':
      return envelope(503, 'Service temporarily unavailable');
    case '429':
      return envelope(429, 'Too many requests');
    default:
      return null;
  }
}

function isForm(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** Values of `name[]`, `name[0]`, `name[1]`... and plain `name`, in order. */
export function arrayParam(params: URLSearchParams, name: string): string[] {
  const pattern = new RegExp(`^${name}(?:\\[\\d*\\])?$`);
  const values: string[] = [];
  for (const [key, value] of params) if (pattern.test(key)) values.push(value);
  return values;
}

/** Single form fields (the last of each name). */
function formFields(form: URLSearchParams): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of form) fields[key] = value;
  return fields;
}

/** Every field; `ids[]` / `ids[0]` gathered under `ids` as a list. */
function formFieldsWithLists(form: URLSearchParams): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of form) {
    const list = /^(.+?)\[\d*\]$/.exec(key);
    if (list?.[1]) {
      const existing = fields[list[1]];
      fields[list[1]] = Array.isArray(existing) ? [...existing, value] : [value];
    } else {
      fields[key] = value;
    }
  }
  return fields;
}

function isDate(text: string): boolean {
  const [year = 0, month = 0, day = 0] = text.split('-').map(Number);
  return DATE.test(text) && month >= 1 && month <= 12 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

function positiveInt(text: string | null, fallback: number): number | null {
  if (text === null || text === '') return fallback;
  return /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : null;
}

/** `update_from_date` (+ hour) as the `updated_at` text it bounds; null when absent. */
function updateBound(query: URLSearchParams, dateName: string, hourName: string, minutesSeconds: string): string | null | 'invalid' {
  const date = query.get(dateName);
  const hourText = query.get(hourName);
  if (date === null || date === '') return null;
  if (!isDate(date)) return 'invalid';
  const defaultHour = minutesSeconds === '00:00' ? 0 : 23;
  const hour = hourText === null || hourText === '' ? defaultHour : /^\d{1,2}$/.test(hourText) && Number(hourText) <= 23 ? Number(hourText) : null;
  if (hour === null) return 'invalid';
  return `${date} ${String(hour).padStart(2, '0')}:${minutesSeconds}`;
}
