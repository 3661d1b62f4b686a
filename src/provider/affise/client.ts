import type { z } from 'zod';
import type { Clock, Deadline, Sleeper } from '../../ports/clock';
import type { HttpOutcome, HttpPort, HttpRequest } from '../../ports/http';
import type { LogPort } from '../../ports/logger';
import { isRecord, readBody, type BodyProblem } from '../json-body';
import { clip, redact } from '../outside-text';
import type { RequestStats } from '../provider';
import { isRetryableStatus, parseRetryAfter, RetryPolicy, type RetryPolicyOptions } from '../retry-policy';
import {
  AffiseBadRequestError,
  AffiseDeadlineError,
  AffiseHostNotAllowedError,
  isHostNotAllowed,
  type AffiseError,
  AffiseInvalidResponseError,
  AffiseOutcomeUnknownError,
  type AffiseWriteOperation,
  affiseMessageOf,
  errorForNetworkFailure,
  errorForResponse,
  type FailureContext,
} from './errors';
import {
  type AffiseCurrency,
  type AffisePartner,
  type AffisePayment,
  type AffiseUser,
  normalizeCurrency,
  normalizePartner,
  normalizePayment,
  normalizeUser,
} from './normalize';
import { type AffisePaymentQuery, allTimeRange, checkQuery, formEncode, MAX_PAGE_SIZE, queryString } from './query';
import {
  bulkDeleteResponseSchema,
  correctionAnswerSchema,
  currencyListResponseSchema,
  envelopeSchema,
  partnerListResponseSchema,
  paymentListResponseSchema,
  paymentResponseSchema,
  type RawPagination,
  type RawPartner,
  type RawPayment,
  resultResponseSchema,
  userResponseSchema,
} from './schemas';

export interface AffiseClientOptions {
  http: HttpPort;
  clock: Clock;
  sleeper: Sleeper;
  apiKey: string;
  /** The network's API host: `https://api-<company>.affise.com` or a custom API domain (no path). */
  baseUrl: string;
  /** Uniform in [0, 1) for backoff jitter; Math.random by default. */
  random?: () => number;
  log?: LogPort;
  /** The most requests sent together in one fetchAll. Default 50 (Affise publishes no limit; 429s halve it). */
  maxParallel?: number;
  retry?: RetryPolicyOptions;
}

/** Fields `POST /3.1/payments/{id}` changes; only those given are sent. The read side's `notes` is written `note`. */
export interface AffisePaymentUpdate {
  paymentAccount?: string;
  /** A status code (1 waiting, 2 completed, 3 partly paid, 4 pending, -1 declined). */
  status?: number;
  comment?: string;
  note?: string;
}

export interface AffiseNewPayment {
  affiliateId: number;
  /** Decimal text ("120.50"): amounts never pass through binary floats. */
  sum: string;
  /** Affise's numeric currency id (see listCurrencies), not the ISO code. */
  currencyId: string;
  note: string;
}

export interface AffiseCorrectionResult {
  payment: AffisePayment | null;
  /** The new correction's id (`correction_id` or `id` in the answer), null when Affise does not say. */
  correctionId: string | null;
}

export interface AffiseBulkDeleteResult {
  deleted: number[];
  /** Ids Affise answered `false` for: not deleted. */
  refused: number[];
  /** Ids missing from Affise's map: whether they were deleted is unknown; read them to find out. */
  unanswered: number[];
}

/** Partners come a page at a time; Affise's clients in the wild ask for 500. */
const PARTNER_PAGE_SIZE = 500;
/** `id[]` per list request: one page of 100 answers them all. */
const IDS_PER_REQUEST = MAX_PAGE_SIZE;

/** Whether a job may be sent again: reads on any transient failure; idempotent writes only on 429 (refused, not done); others never. */
type RetryRule = 'transient' | 'refused-only' | 'never';

interface Job {
  request: HttpRequest;
  subject: string;
  paymentId: number | null;
  /** Set for writes: a failure after sending is then "outcome unknown", not retried. */
  operation: AffiseWriteOperation | null;
  retry: RetryRule;
  /** Reads a 2xx body and hands the value on; answers the problem when the body cannot be read. */
  consume(body: string): BodyProblem | null;
  attempts: number;
  readyAtMs: number;
  lastFailure: AffiseError | null;
}

type Settlement = { state: 'done' } | { state: 'retry'; error: AffiseError; retryAfterMs: number | null } | { state: 'failed'; error: AffiseError };

/** One page of a listing as read. */
interface Page<Row> {
  rows: Row[];
  pagination: RawPagination | null;
}

/** One paged listing in progress: a query string without paging, and what each page brought. */
interface Listing<Row> {
  describe: (page: number) => string;
  url: (page: number, limit: number) => string;
  limit: number;
  pages: Row[][];
  pageCount: number;
  pageSize: number;
}

/**
 * The Affise Billing API (affiliate invoices are "payments"), synchronous like UrlFetchApp. Lists
 * page by `page`/`limit`; once page 1 tells the total, the other pages go in parallel batches.
 * Reads are retried with backoff on 429, 5xx, dropped connections and cut bodies. Writes are
 * form-encoded and never sent twice blind: an idempotent one is repeated only after a 429 (Affise
 * refused it unprocessed); any other unclear answer is an AffiseOutcomeUnknownError for the
 * caller to resolve by reading. Nothing waits past the caller's deadline.
 */
export class AffiseClient {
  readonly stats: RequestStats = { requests: 0, rounds: 0, rateLimited: 0, retries: 0, serverErrors: 0 };

  private readonly baseUrl: string;
  private readonly retryPolicy: RetryPolicy;
  private readonly maxParallel: number;
  /** Requests per round now: halved by a round with a 429, doubled back by a clean one. */
  private parallel: number;
  /** Smoothed duration of a round trip: no round starts, and no wait begins, that could not end before the deadline. */
  private roundMs = 0;

  constructor(private readonly options: AffiseClientOptions) {
    this.baseUrl = options.baseUrl.trim().replace(/\/+$/, '');
    this.retryPolicy = new RetryPolicy({ random: options.random, ...options.retry });
    this.maxParallel = Math.max(1, Math.floor(options.maxParallel ?? 50));
    this.parallel = this.maxParallel;
  }

  /** Every invoice matching `query`, in Affise's order, each once (a page shift while paging can repeat one). */
  listPayments(query: AffisePaymentQuery, deadline: Deadline): AffisePayment[] {
    checkQuery(query);
    return this.listPaymentQueries([query], deadline);
  }

  /**
   * The invoices with these ids, 100 per request (`id[]`), all requests in parallel. `range`
   * defaults to all time (the list requires dates). Ids Affise does not return are simply absent.
   */
  listPaymentsByIds(ids: readonly number[], deadline: Deadline, range = allTimeRange(this.options.clock.now())): AffisePayment[] {
    const unique = [...new Set(ids)];
    const queries: AffisePaymentQuery[] = [];
    for (let start = 0; start < unique.length; start += IDS_PER_REQUEST) queries.push({ ...range, ids: unique.slice(start, start + IDS_PER_REQUEST) });
    queries.forEach(checkQuery);
    return this.listPaymentQueries(queries, deadline);
  }

  /** How many invoices match, from one one-row page. */
  countPayments(query: AffisePaymentQuery, deadline: Deadline): number {
    checkQuery(query);
    const url = `${this.baseUrl}/3.1/payments?${queryString(query, 1, 1)}`;
    const page = this.runOne((deliver: (page: Page<RawPayment>) => void) => this.pageJob(url, 'the invoice list', (body) => readPaymentPage(body, deliver)), deadline, 'requests');
    return page.pagination?.total ?? page.pagination?.total_count ?? page.rows.length;
  }

  getPayment(id: number, deadline: Deadline): AffisePayment {
    checkId('invoice id', id);
    const request = this.get(`/3.1/payments/${id}`);
    const raw = this.runOne(
      (deliver: (payment: RawPayment) => void) =>
        this.job(request, `invoice ${id}`, id, null, 'transient', (body) => acceptEnvelope(body, paymentResponseSchema, (value) => deliver(value.payment))),
      deadline,
      'invoices',
    );
    return normalizePayment(raw);
  }

  /** `GET /3.1/user/me`: who the key belongs to, for "Test connection". */
  getCurrentUser(deadline: Deadline): AffiseUser {
    return this.runOne(
      (deliver: (user: AffiseUser) => void) =>
        this.job(this.get('/3.1/user/me'), 'the API key owner (user/me)', null, null, 'transient', (body) =>
          acceptEnvelope(body, userResponseSchema, (value) => deliver(normalizeUser(value.user))),
        ),
      deadline,
      'requests',
    );
  }

  /** Every affiliate (`GET /3.0/admin/partners`, paged), for names by id. */
  listPartners(deadline: Deadline): AffisePartner[] {
    const listing = this.newListing<RawPartner>(
      (page) => `the affiliate list (page ${page})`,
      (page, limit) => `${this.baseUrl}/3.0/admin/partners?page=${page}&limit=${limit}`,
      PARTNER_PAGE_SIZE,
    );
    const rows = this.runListings([listing], deadline, 'pages of the affiliate list', (body, deliver) =>
      acceptEnvelope(body, partnerListResponseSchema, (value) => deliver({ rows: value.partners, pagination: value.pagination })),
    );
    const seen = new Set<number>();
    return rows.filter((row) => !seen.has(row.id) && seen.add(row.id)).map(normalizePartner);
  }

  /** `GET /3.0/admin/currency?extended=1`: numeric ids and ISO codes. */
  listCurrencies(deadline: Deadline): AffiseCurrency[] {
    return this.runOne(
      (deliver: (currencies: AffiseCurrency[]) => void) =>
        this.job(this.get('/3.0/admin/currency?extended=1'), 'the currency list', null, null, 'transient', (body) =>
          acceptEnvelope(body, currencyListResponseSchema, (value) =>
            deliver(
              [...value.quotes, ...value.currencies]
                .map(({ key, value: raw }) => normalizeCurrency(raw, key))
                .filter((currency): currency is AffiseCurrency => currency !== null),
            ),
          ),
        ),
      deadline,
      'requests',
    );
  }

  /** `POST /3.1/payments/{id}`: sets the given fields. Answers the invoice when Affise sends it back. */
  updatePayment(id: number, update: AffisePaymentUpdate, deadline: Deadline): AffisePayment | null {
    checkId('invoice id', id);
    const pairs: Array<[string, string]> = [];
    if (update.paymentAccount !== undefined) pairs.push(['payment_account', update.paymentAccount]);
    if (update.status !== undefined) {
      if (!Number.isSafeInteger(update.status)) throw new RangeError(`status is a status code, not ${String(update.status)}.`);
      pairs.push(['status', String(update.status)]);
    }
    if (update.comment !== undefined) pairs.push(['comment', update.comment]);
    if (update.note !== undefined) pairs.push(['note', update.note]);
    if (pairs.length === 0) throw new RangeError('An update needs at least one field.');
    return this.write('update', id, `invoice ${id}`, this.form('post', `/3.1/payments/${id}`, pairs), 'refused-only', deadline, readOptionalPayment);
  }

  /**
   * `POST /3.1/payments/{id}/add-correction`. Not idempotent: never repeated by the client,
   * whatever happens. Answers the invoice and the new correction's id when Affise sends them.
   */
  addCorrection(id: number, correction: { revenue: string; comment: string }, deadline: Deadline): AffiseCorrectionResult {
    checkId('invoice id', id);
    checkDecimal('revenue', correction.revenue);
    if (correction.comment.trim() === '') throw new RangeError('A correction needs a comment (Affise requires one).');
    const request = this.form('post', `/3.1/payments/${id}/add-correction`, [
      ['revenue', correction.revenue.trim()],
      ['comment', correction.comment],
    ]);
    return this.write('add-correction', id, `invoice ${id}`, request, 'never', deadline, (body, deliver: (result: AffiseCorrectionResult) => void) =>
      readOptionalPayment(body, (payment) => {
        const reading = readBody(correctionAnswerSchema, body);
        deliver({ payment, correctionId: reading.ok ? (reading.value.correction_id ?? reading.value.id) : null });
      }),
    );
  }

  /** `DELETE /3.1/payments/del-correction/{correctionId}`. */
  deleteCorrection(correctionId: string, deadline: Deadline): void {
    if (!/^[A-Za-z0-9_-]+$/.test(correctionId)) throw new RangeError(`A correction id is letters and digits, not ${JSON.stringify(correctionId)}.`);
    const request: HttpRequest = { url: `${this.baseUrl}/3.1/payments/del-correction/${correctionId}`, method: 'delete', headers: this.headers() };
    const subject = `correction ${correctionId}`;
    if (!this.write('delete-correction', null, subject, request, 'refused-only', deadline, readResult)) throw notDone(subject);
  }

  /** `DELETE /3.1/payments/delete/{id}`. */
  deletePayment(id: number, deadline: Deadline): void {
    checkId('invoice id', id);
    const request: HttpRequest = { url: `${this.baseUrl}/3.1/payments/delete/${id}`, method: 'delete', headers: this.headers() };
    if (!this.write('delete', id, `invoice ${id}`, request, 'refused-only', deadline, readResult)) throw notDone(`invoice ${id}`);
  }

  /** `POST /3.1/payments/bulk-delete` with `ids[]`, one request: Affise answers true/false per id. */
  bulkDeletePayments(ids: readonly number[], deadline: Deadline): AffiseBulkDeleteResult {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return { deleted: [], refused: [], unanswered: [] };
    unique.forEach((id) => checkId('invoice id', id));
    const request = this.form('post', '/3.1/payments/bulk-delete', unique.map((id): [string, string] => ['ids[]', String(id)]));
    const answer = this.write('bulk-delete', null, `${unique.length} invoices`, request, 'refused-only', deadline, readBulkMap);
    const result: AffiseBulkDeleteResult = { deleted: [], refused: [], unanswered: [] };
    for (const id of unique) {
      const value = answer.get(String(id));
      (value === true ? result.deleted : value === false ? result.refused : result.unanswered).push(id);
    }
    return result;
  }

  /**
   * `POST /3.1/payments/create-for-affiliate`. Asynchronous ("a few minutes") and answers no id, so
   * it is sent exactly once per call, never retried, even after a 429: find the invoice by listing
   * the affiliate's invoices later (put a token of your own in `note` to recognise it).
   */
  createPaymentForAffiliate(payment: AffiseNewPayment, deadline: Deadline): void {
    checkId('affiliate id', payment.affiliateId);
    checkDecimal('sum', payment.sum);
    if (!/^\d+$/.test(payment.currencyId)) throw new RangeError(`currency is Affise's numeric currency id, not ${JSON.stringify(payment.currencyId)}.`);
    const request = this.form('post', '/3.1/payments/create-for-affiliate', [
      ['aid', String(payment.affiliateId)],
      ['sum', payment.sum.trim()],
      ['currency', payment.currencyId],
      ['note', payment.note],
    ]);
    const subject = `a new invoice for affiliate ${payment.affiliateId}`;
    if (!this.write('create-for-affiliate', null, subject, request, 'never', deadline, readResult)) throw notDone(subject);
  }

  private listPaymentQueries(queries: readonly AffisePaymentQuery[], deadline: Deadline): AffisePayment[] {
    const listings = queries.map((query) =>
      this.newListing<RawPayment>(
        (page) => `the invoice list (page ${page})`,
        (page, limit) => `${this.baseUrl}/3.1/payments?${queryString(query, page, limit)}`,
        MAX_PAGE_SIZE,
      ),
    );
    const rows = this.runListings(listings, deadline, 'pages of the invoice list', readPaymentPage);
    const seen = new Set<number>();
    return rows.filter((row) => !seen.has(row.id) && seen.add(row.id)).map(normalizePayment);
  }

  private newListing<Row>(describe: (page: number) => string, url: (page: number, limit: number) => string, limit: number): Listing<Row> {
    return { describe, url, limit, pages: [], pageCount: 1, pageSize: limit };
  }

  /**
   * Page 1 of every listing in parallel; then, with the totals known, every other page in
   * parallel batches. The rows in listing and page order.
   */
  private runListings<Row>(
    listings: ReadonlyArray<Listing<Row>>,
    deadline: Deadline,
    unit: string,
    read: (body: string, deliver: (page: Page<Row>) => void) => BodyProblem | null,
  ): Row[] {
    const firstJobs = listings.map((listing) =>
      this.pageJob(listing.url(1, listing.limit), listing.describe(1), (body) =>
        read(body, ({ rows, pagination }) => {
          listing.pages[0] = rows;
          listing.pageSize = effectivePageSize(rows.length, pagination, listing.limit);
          const total = pagination?.total ?? pagination?.total_count ?? null;
          listing.pageCount = total === null ? 1 : Math.max(1, Math.ceil(total / listing.pageSize));
        }),
      ),
    );
    this.run(firstJobs, deadline, { doneBefore: 0, total: null, unit });

    const laterJobs: Job[] = [];
    for (const listing of listings) {
      for (let page = 2; page <= listing.pageCount; page++) {
        laterJobs.push(this.pageJob(listing.url(page, listing.pageSize), listing.describe(page), (body) => read(body, ({ rows }) => (listing.pages[page - 1] = rows))));
      }
    }
    this.run(laterJobs, deadline, { doneBefore: firstJobs.length, total: null, unit });
    return listings.flatMap((listing) => listing.pages.flat());
  }

  private pageJob(url: string, subject: string, consume: Job['consume']): Job {
    return this.job({ url, method: 'get', headers: this.headers() }, subject, null, null, 'transient', consume);
  }

  /** Sends one write and reads its answer; see the class comment for what is retried. */
  private write<T>(
    operation: AffiseWriteOperation,
    paymentId: number | null,
    subject: string,
    request: HttpRequest,
    retry: RetryRule,
    deadline: Deadline,
    read: (body: string, deliver: (value: T) => void) => BodyProblem | null,
  ): T {
    return this.runOne((deliver: (value: T) => void) => this.job(request, subject, paymentId, operation, retry, (body) => read(body, deliver)), deadline, 'changes');
  }

  /** Runs one job and returns what it delivered. */
  private runOne<T>(makeJob: (deliver: (value: T) => void) => Job, deadline: Deadline, unit: string): T {
    const delivered: T[] = [];
    this.run([makeJob((value) => delivered.push(value))], deadline, { doneBefore: 0, total: null, unit });
    if (delivered.length === 0) throw new Error('unreachable: the request finished without a value');
    return delivered[delivered.length - 1] as T;
  }

  private job(request: HttpRequest, subject: string, paymentId: number | null, operation: AffiseWriteOperation | null, retry: RetryRule, consume: Job['consume']): Job {
    return { request, subject, paymentId, operation, retry, consume, attempts: 0, readyAtMs: 0, lastFailure: null };
  }

  private get(path: string): HttpRequest {
    return { url: this.baseUrl + path, method: 'get', headers: this.headers() };
  }

  private form(method: 'post', path: string, pairs: ReadonlyArray<readonly [string, string]>): HttpRequest {
    return {
      url: this.baseUrl + path,
      method,
      headers: { ...this.headers(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formEncode(pairs),
    };
  }

  private headers(): Record<string, string> {
    return { 'API-Key': this.options.apiKey, Accept: 'application/json' };
  }

  /**
   * Sends the jobs in parallel rounds of at most `parallel` until each is done. Waits (backoff)
   * never run past the deadline: when the next wait or round could not end in time, it stops with
   * a deadline error telling how far it got. A failure no retry can mend is thrown after the round.
   */
  private run(jobs: readonly Job[], deadline: Deadline, progress: { doneBefore: number; total: number | null; unit: string }): void {
    const pending = [...jobs];
    const stop = (): AffiseDeadlineError =>
      new AffiseDeadlineError(
        { done: progress.doneBefore + jobs.length - pending.length, total: progress.total ?? progress.doneBefore + jobs.length, unit: progress.unit },
        pending.find((job) => job.lastFailure !== null)?.lastFailure ?? null,
      );

    while (pending.length > 0) {
      const now = this.options.clock.now();
      const ready = pending.filter((job) => job.readyAtMs <= now);
      if (ready.length === 0) {
        const waitMs = Math.min(...pending.map((job) => job.readyAtMs)) - now;
        if (deadline.remainingMs() < waitMs + this.roundMs) throw stop();
        this.options.sleeper.sleep(waitMs);
        continue;
      }
      if (deadline.remainingMs() <= this.roundMs) throw stop();

      const batch = ready.slice(0, this.parallel);
      let failure: AffiseError | null = null;
      for (const [job, settlement] of this.sendRound(batch)) {
        if (settlement.state === 'done') pending.splice(pending.indexOf(job), 1);
        else if (settlement.state === 'failed') failure ??= settlement.error;
      }
      if (failure) throw failure;
    }
  }

  /** One fetch or fetchAll: every job of the batch is sent once and settled. */
  private sendRound(batch: readonly Job[]): Array<[Job, Settlement]> {
    const { clock, http } = this.options;
    const startedMs = clock.now();
    this.stats.rounds += 1;
    this.stats.requests += batch.length;
    this.stats.retries += batch.filter((job) => job.attempts > 0).length;

    const [only] = batch;
    const outcomes = batch.length === 1 && only ? [http.fetch(only.request)] : http.fetchAll(batch.map((job) => job.request));
    const endedMs = clock.now();
    this.roundMs = this.roundMs === 0 ? endedMs - startedMs : 0.7 * this.roundMs + 0.3 * (endedMs - startedMs);
    const refused = outcomes.some((outcome) => outcome.kind === 'response' && outcome.status === 429);
    this.parallel = refused ? Math.max(1, Math.floor(batch.length / 2)) : Math.min(this.maxParallel, this.parallel * 2);

    return batch.map((job, index): [Job, Settlement] => {
      job.attempts += 1;
      // fetchAll answers every request by contract; a missing answer is treated like a dropped connection.
      const outcome = outcomes[index] ?? { kind: 'network-failure', message: 'no answer came back for this request' };
      const settlement = this.settle(job, outcome, endedMs);
      if (settlement.state !== 'retry') return [job, settlement];
      job.lastFailure = settlement.error;
      if (!this.retryPolicy.mayRetry(job.attempts)) return [job, { state: 'failed', error: settlement.error }];
      const delayMs = this.retryPolicy.delayMs(job.attempts, settlement.retryAfterMs);
      job.readyAtMs = endedMs + delayMs;
      this.options.log?.warn(`Affise: ${job.subject} failed (${settlement.error.name}); retry ${job.attempts} of ${this.retryPolicy.maxAttempts - 1} in ${delayMs} ms.`);
      return [job, settlement];
    });
  }

  private settle(job: Job, outcome: HttpOutcome, nowMs: number): Settlement {
    const context: FailureContext = { subject: job.subject, paymentId: job.paymentId, attempts: job.attempts, host: this.baseUrl, secret: this.options.apiKey };
    const unknown = (reason: string, status: number | null): Settlement => ({
      state: 'failed',
      error: new AffiseOutcomeUnknownError(job.operation ?? 'update', job.paymentId, job.subject, clip(redact(reason, this.options.apiKey)), status),
    });

    if (outcome.kind === 'network-failure') {
      // Refused before sending: no retry helps, and a write did not happen.
      if (isHostNotAllowed(outcome)) return { state: 'failed', error: new AffiseHostNotAllowedError(this.baseUrl) };
      if (job.operation !== null) return unknown(`the connection failed before an answer came (${outcome.message})`, null);
      return { state: 'retry', error: errorForNetworkFailure(outcome, context), retryAfterMs: null };
    }

    const { status } = outcome;
    if (status >= 200 && status < 300) {
      const refusal = envelopeRefusal(outcome.body);
      if (refusal !== null) return { state: 'failed', error: new AffiseBadRequestError(status, affiseMessageOf(outcome, this.options.apiKey), job.subject) };
      const problem = job.consume(outcome.body);
      if (problem === null) return { state: 'done' };
      if (job.operation !== null) return unknown(`its answer could not be read (${problem.detail})`, status);
      const error = new AffiseInvalidResponseError(problem.detail, job.subject, problem.problem === 'unreadable', status);
      return problem.problem === 'unreadable' ? { state: 'retry', error, retryAfterMs: null } : { state: 'failed', error };
    }
    if (status === 429) this.stats.rateLimited += 1;
    if (status >= 500) this.stats.serverErrors += 1;
    const error = errorForResponse(outcome, context);
    if (job.operation !== null && status >= 500) return unknown(`Affise answered ${status} ${affiseMessageOf(outcome, this.options.apiKey)}`, status);
    const retryable = job.retry === 'transient' ? isRetryableStatus(status) : job.retry === 'refused-only' && status === 429;
    if (!retryable) return { state: 'failed', error };
    return { state: 'retry', error, retryAfterMs: parseRetryAfter(outcome.headers['retry-after'], nowMs) };
  }
}

/**
 * The page size the next pages must use: what Affise says it used, else what was asked. A first
 * page shorter than that while more rows exist means the size was capped silently; asking page 2
 * at the larger size would skip rows, so the rows it gave are the size.
 */
function effectivePageSize(rowCount: number, pagination: RawPagination | null, requested: number): number {
  const reported = pagination?.limit ?? pagination?.per_page ?? null;
  const size = reported !== null && Number.isInteger(reported) && reported > 0 ? reported : requested;
  const total = pagination?.total ?? pagination?.total_count ?? null;
  return total !== null && rowCount > 0 && rowCount < size && rowCount < total ? rowCount : size;
}

/** A 2xx whose envelope says `"status": 2` is a refusal. */
function envelopeRefusal(body: string): string | null {
  const reading = readBody(envelopeSchema, body);
  return reading.ok && reading.value.status === 2 ? (reading.value.message ?? reading.value.error ?? '') : null;
}

function acceptEnvelope<S extends z.ZodType>(body: string, schema: S, deliver: (value: z.output<S>) => void): BodyProblem | null {
  const reading = readBody(schema, body);
  if (!reading.ok) return reading;
  deliver(reading.value);
  return null;
}

function readPaymentPage(body: string, deliver: (page: Page<RawPayment>) => void): BodyProblem | null {
  return acceptEnvelope(body, paymentListResponseSchema, (value) => deliver({ rows: value.payments, pagination: value.pagination }));
}

/** Write answers: the envelope (status 1), with the invoice when Affise sends it back. */
function readOptionalPayment(body: string, deliver: (payment: AffisePayment | null) => void): BodyProblem | null {
  return acceptEnvelope(body, envelopeSchema, () => {
    const reading = readBody(paymentResponseSchema, body);
    deliver(reading.ok ? normalizePayment(reading.value.payment) : null);
  });
}

/** `{"status":1,"result":true}`: true unless Affise says `result: false`. */
function readResult(body: string, deliver: (done: boolean) => void): BodyProblem | null {
  return acceptEnvelope(body, resultResponseSchema, (value) => deliver(value.result !== false && value.result !== 0));
}

/** The id -> true/false map: under `result` or `data`, or beside `status` at the top. */
function readBulkMap(body: string, deliver: (map: Map<string, boolean>) => void): BodyProblem | null {
  return acceptEnvelope(body, bulkDeleteResponseSchema, (value) => {
    const holder = [value.result, value.data, value].find((candidate) => isRecord(candidate) && Object.keys(candidate).some((key) => /^\d+$/.test(key)));
    const map = new Map<string, boolean>();
    if (isRecord(holder)) {
      for (const [key, flag] of Object.entries(holder)) if (/^\d+$/.test(key)) map.set(key, flag === true || flag === 1 || flag === '1' || flag === 'true');
    }
    deliver(map);
  });
}

/** Affise answered `result: false`: the change was not made. */
function notDone(subject: string): AffiseBadRequestError {
  return new AffiseBadRequestError(200, 'Affise answered "result": false (nothing was changed)', subject);
}

function checkId(name: string, id: number): void {
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`An ${name} is a whole number, not ${String(id)}.`);
}

function checkDecimal(name: string, text: string): void {
  if (!/^\s*[+-]?\d+(?:\.\d+)?\s*$/.test(text)) throw new RangeError(`${name} is a decimal amount such as 120.50, not ${JSON.stringify(text)}.`);
}
