import type { z } from 'zod';
import type { EverflowInvoiceDetail, EverflowInvoiceFilters, EverflowInvoiceListItem } from '../../model/invoice';
import type { Clock, Deadline, Sleeper } from '../../ports/clock';
import type { HttpOutcome, HttpPort, HttpRequest } from '../../ports/http';
import type { LogPort } from '../../ports/logger';
import type { ZoneRules } from '../../ports/time-zone';
import type { EverflowInvoiceProvider, RequestStats } from '../provider';
import {
  BadRequestError,
  EverflowDeadlineError,
  EverflowOutcomeUnknownError,
  type EverflowError,
  isKeyRefusal,
  type KeyRefusal,
  errorForNetworkFailure,
  errorForResponse,
  type FailureContext,
  InvalidResponseError,
} from './errors';
import { normalizeDetail, normalizeListItem } from './normalize';
import { type BucketMemory, type BucketSnapshot, type KeyType, type PacerPlan, RATE_LIMITS, RatePacer } from './rate-pacer';
import { clip, redact } from '../outside-text';
import { isRetryableStatus, parseRetryAfter, RetryPolicy } from '../retry-policy';
import {
  NETWORK_DETAIL_PATH,
  NETWORK_DETAIL_QUERY,
  NETWORK_LIST_PATH,
  networkDetailAffiliateSchema,
  NetworkInvoiceConflictError,
  NetworkInvoiceUnreadableError,
  networkReplacementBody,
  networkCreateBody,
  createdInvoiceSchema,
  type NetworkInvoiceReading,
  type NetworkNewInvoice,
  type NetworkInvoiceChange,
  type NetworkStatusResult,
  statusBatchResponseSchema,
  statusResultsOf,
  type RawNetworkListInvoice,
  refuseNetworkOnlyFilters,
  networkListBody,
  networkListResponseSchema,
  normalizeNetworkListItem,
} from './network';
import {
  type BodyProblem,
  type BodyReading,
  invoiceDetailResponseSchema,
  invoiceListResponseSchema,
  type RawInvoiceDetail,
  type RawInvoiceList,
  readBody,
} from './schemas';

export interface EverflowClientOptions {
  http: HttpPort;
  clock: Clock;
  sleeper: Sleeper;
  apiKey: string;
  /** e.g. https://api.eflow.team/v1 (EU accounts: https://api-eu.eflow.team/v1). */
  baseUrl: string;
  zones: ZoneRules;
  /** Uniform in [0, 1) for backoff jitter; Math.random by default. */
  random?: () => number;
  keyType?: KeyType;
  log?: LogPort;
  /** Keeps the rate-limit bucket between executions; without it each starts from a guess. */
  bucketMemory?: BucketMemory;
}

const LIST_PATH = '/affiliates/billings/affiliates/invoicestable';
const DETAIL_PATH = '/affiliates/billings/affiliates/invoices/';
/** Everflow's maximum is "typically 2000", lower on some endpoints: smaller sizes are tried when one is refused. */
const PAGE_SIZES = [2000, 1000, 500, 200, 50] as const;

/** A request in flight through `run`: sent, retried and read until it is done or fails for good. */
interface Job {
  request: HttpRequest;
  subject: string;
  invoiceId: number | null;
  /** Reads a 2xx body and hands the value on; answers the problem when the body cannot be read. */
  consume(body: string): BodyProblem | null;
  attempts: number;
  readyAtMs: number;
  lastFailure: EverflowError | null;
  /** A change (create, PUT, PATCH): sent once; only a 429 (refused unprocessed) is sent again. */
  write: boolean;
}

type Settlement = { state: 'done' } | { state: 'retry'; error: EverflowError; retryAfterMs: number | null } | { state: 'failed'; error: EverflowError };

/**
 * The Everflow affiliate API, synchronous (UrlFetchApp blocks). Paging runs in parallel once the
 * first page tells the total; details go in parallel batches sized by the rate pacer; failures
 * worth it are retried with backoff; nothing waits past the caller's deadline.
 */
export class EverflowClient implements EverflowInvoiceProvider {
  readonly stats: RequestStats = { requests: 0, rounds: 0, rateLimited: 0, retries: 0, serverErrors: 0 };

  private readonly baseUrl: string;
  private readonly keyType: KeyType;
  private readonly pacer: RatePacer;
  private readonly retryPolicy: RetryPolicy;
  /** Smoothed duration of a round trip: no round starts, and no wait begins, that could not end before the deadline. */
  private roundMs = 0;

  constructor(private readonly options: EverflowClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.keyType = options.keyType ?? 'affiliate';
    this.pacer = new RatePacer(RATE_LIMITS[this.keyType], options.clock.now(), options.bucketMemory?.recall() ?? null);
    this.retryPolicy = new RetryPolicy({ random: options.random });
  }

  /**
   * Every invoice matching `filters`, in Everflow's order (newest first). A network key lists every
   * partner's invoices (the network's fields are kept: see `listNetworkInvoices`).
   */
  listInvoices(filters: EverflowInvoiceFilters, deadline: Deadline): EverflowInvoiceListItem[] {
    if (this.keyType === 'network') return this.listNetworkInvoices(filters, deadline);
    refuseNetworkOnlyFilters(filters);
    const body = JSON.stringify({ filters: filtersBody(filters) });
    return this.listPages(LIST_PATH, body, invoiceListResponseSchema, deadline)
      .map((raw) => normalizeListItem(raw, this.options.zones))
      .filter((item) => endsOnOrBefore(item, filters.endDate));
  }

  /** Every partner's invoices matching `filters` (a network key): the list's network fields included. */
  listNetworkInvoices(filters: EverflowInvoiceFilters, deadline: Deadline): EverflowInvoiceListItem[] {
    // As on the partner side: asked through the day after the end date, then filtered exactly.
    const body = networkListBody({ ...filters, endDate: filters.endDate === null ? null : nextDay(filters.endDate) });
    return this.listPages(NETWORK_LIST_PATH, body, networkListResponseSchema, deadline)
      .map((raw) => normalizeNetworkListItem(raw, this.options.zones))
      .filter((item) => endsOnOrBefore(item, filters.endDate));
  }

  /**
   * Which kind of key this is, from one small request (two at most): a network endpoint refuses a
   * partner key (403 "Out of realm", or 401), and an affiliate endpoint a network key. A key both
   * sides refuse throws the partner side's refusal (an invalid key: its 401).
   */
  detectKeyRole(deadline: Deadline): KeyType {
    if (this.refusalBy('network', deadline) === null) return 'network';
    const partner = this.refusalBy('affiliate', deadline);
    if (partner !== null) throw partner;
    return 'affiliate';
  }

  /**
   * What a full replacement of a network's invoice starts from: the invoice by id (its line items,
   * affiliate and period) and its row in the network's list (what the invoice by id leaves out:
   * internal notes, the hidden-affiliate flag, the integer terms). Reads, retried as reads are; a
   * row already read is used again when its time_saved is the invoice's.
   */
  readNetworkInvoice(id: number, deadline: Deadline, knownRow?: RawNetworkListInvoice): NetworkInvoiceReading {
    const detailUrl = `${this.baseUrl}${NETWORK_DETAIL_PATH}${id}${NETWORK_DETAIL_QUERY}`;
    const detail = this.runOne(
      (deliver: (raw: RawInvoiceDetail) => void) =>
        this.job({ url: detailUrl, method: 'get', headers: this.headers(false) }, `invoice ${id}`, id, (text) => accept(readBody(invoiceDetailResponseSchema, text), deliver)),
      deadline,
      'requests',
    );
    // A row read earlier is enough: the invoice's time_saved (above) tells whether it moved since.
    const row = knownRow?.time_saved === detail.time_saved && knownRow !== undefined ? knownRow : this.networkRows([id], deadline).get(id);
    if (!row) throw new NetworkInvoiceUnreadableError(`Invoice ${id} is not in the network's list: its internal notes and hidden-affiliate flag cannot be read, and a full replacement would wipe them. Nothing was sent.`);
    return { detail, row };
  }

  /**
   * `PUT` of a network's invoice: `reading` (from readNetworkInvoice) sent back whole with only
   * `change` applied. Sent once (a 429, refused unprocessed, is waited out and sent again); an
   * unclear answer throws EverflowOutcomeUnknownError. Answers the invoice as Everflow saved it.
   */
  putNetworkInvoice(id: number, reading: NetworkInvoiceReading, change: NetworkInvoiceChange, deadline: Deadline): RawInvoiceDetail {
    const body = JSON.stringify(networkReplacementBody(reading.detail, reading.row, change));
    const request: HttpRequest = { url: `${this.baseUrl}${NETWORK_DETAIL_PATH}${id}`, method: 'put', headers: this.headers(true), body };
    return this.runOne(
      (deliver: (raw: RawInvoiceDetail) => void) => this.writeJob(request, `the change of invoice ${id}`, id, (text) => accept(readBody(invoiceDetailResponseSchema, text), deliver)),
      deadline,
      'changes',
    );
  }

  /**
   * Reads the invoice, checks `time_saved` is still `expectedTimeSaved` when one is given
   * (NetworkInvoiceConflictError otherwise, nothing sent), then PUTs it back with only `change`
   * applied. Answers the new time_saved.
   */
  replaceNetworkInvoice(id: number, change: NetworkInvoiceChange, expectedTimeSaved: number | null, deadline: Deadline): number | null {
    const reading = this.readNetworkInvoice(id, deadline);
    if (expectedTimeSaved !== null && reading.detail.time_saved !== expectedTimeSaved) throw new NetworkInvoiceConflictError(id, expectedTimeSaved, reading.detail.time_saved);
    return this.putNetworkInvoice(id, reading, change, deadline).time_saved;
  }

  /**
   * `POST` of a new invoice for a partner. Sent once, never again blind (a 429 excepted): an
   * unclear answer throws EverflowOutcomeUnknownError, and the caller finds out by listing the
   * partner's invoices of that period. Answers the new invoice's id when Everflow names it.
   */
  createNetworkInvoice(invoice: NetworkNewInvoice, deadline: Deadline): number | null {
    const request: HttpRequest = { url: `${this.baseUrl}${NETWORK_INVOICES_PATH}`, method: 'post', headers: this.headers(true), body: JSON.stringify(networkCreateBody(invoice)) };
    const created = this.runOne(
      (deliver: (raw: { id: number | null }) => void) =>
        this.writeJob(request, `a new invoice for partner ${invoice.affiliateId}`, null, (text) => accept(readBody(createdInvoiceSchema, text), deliver)),
      deadline,
      'changes',
    );
    return created.id;
  }

  /**
   * One status for many invoices (`PATCH`, Everflow's batch status change), at most
   * `NETWORK_STATUS_BATCH` ids a request; each invoice's result as Everflow answers it. Each batch
   * is sent once (a 429 excepted): an unclear answer throws EverflowOutcomeUnknownError, so a
   * caller should pass one batch at a time to know which ids are in doubt.
   */
  setNetworkStatus(ids: readonly number[], status: 'paid' | 'unpaid' | 'deleted', deadline: Deadline): NetworkStatusResult[] {
    const results: NetworkStatusResult[] = [];
    for (let start = 0; start < ids.length; start += NETWORK_STATUS_BATCH) {
      const batch = ids.slice(start, start + NETWORK_STATUS_BATCH);
      const request: HttpRequest = {
        url: `${this.baseUrl}${NETWORK_INVOICES_PATH}`,
        method: 'patch',
        headers: this.headers(true),
        body: JSON.stringify({ invoice_ids: batch, status }),
      };
      const answer = this.runOne(
        (deliver: (raw: z.output<typeof statusBatchResponseSchema>) => void) =>
          this.writeJob(request, `the status of ${batch.length} invoices`, null, (text) => accept(readBody(statusBatchResponseSchema, text), deliver)),
        deadline,
        'changes',
      );
      results.push(...statusResultsOf(batch, answer));
    }
    return results;
  }

  /**
   * The network list's rows of these invoices (deleted ones too); an id absent from the result is
   * not in Everflow. Few ids: Everflow's search on each id, in parallel; more: the whole list (and
   * its deleted invoices) when that is fewer requests (its size asked first, in one request).
   */
  networkRows(ids: readonly number[], deadline: Deadline): Map<number, RawNetworkListInvoice> {
    const wanted = new Set(ids);
    const found = new Map<number, RawNetworkListInvoice>();
    const keep = (rows: readonly RawNetworkListInvoice[]): void => {
      for (const row of rows) if (wanted.has(row.network_affiliate_invoice_id)) found.set(row.network_affiliate_invoice_id, row);
    };
    // The list's pages at the largest size, and one more for its deleted invoices.
    const listRequests = (): number => Math.ceil(this.countInvoices(NO_LIST_FILTERS, deadline) / PAGE_SIZES[0]) + 1;
    if (wanted.size > SEARCH_BY_ID_LIMIT && wanted.size > listRequests()) {
      for (const status of [null, 'deleted'] as const) keep(this.listPages(NETWORK_LIST_PATH, networkListBody({ ...NO_LIST_FILTERS, status }), networkListResponseSchema, deadline));
      return found;
    }
    // A deleted invoice is listed only under a `deleted` filter: those not found are searched again there.
    for (const status of [null, 'deleted'] as const) {
      const missing = [...wanted].filter((id) => !found.has(id));
      if (missing.length === 0) break;
      const jobs = missing.map((id) =>
        this.listJob(NETWORK_LIST_PATH, 1, SEARCH_PAGE_SIZE, networkListBody({ ...NO_LIST_FILTERS, status, search: String(id) }), networkListResponseSchema, (list) => keep(list.invoices)),
      );
      this.run(jobs, deadline, { doneBefore: 0, unit: 'invoices' });
    }
    return found;
  }

  /** Every invoice of these partners whose period starts and ends within these days (a creation looked for). */
  networkInvoicesOf(affiliateIds: readonly number[], startDate: string, endDate: string, deadline: Deadline): RawNetworkListInvoice[] {
    const body = networkListBody({ ...NO_LIST_FILTERS, affiliateIds: [...affiliateIds], startDate, endDate: nextDay(endDate) });
    return this.listPages(NETWORK_LIST_PATH, body, networkListResponseSchema, deadline);
  }

  /**
   * How one side of the API (the network's or the partner's endpoints) refuses this key, its 403 or
   * its 401; null when it answers. One request; any other failure is thrown.
   */
  refusalBy(side: KeyType, deadline: Deadline): KeyRefusal | null {
    try {
      if (side === 'network') this.probe(NETWORK_LIST_PATH, networkListBody(NO_LIST_FILTERS), deadline);
      else this.probe(LIST_PATH, JSON.stringify({ filters: {} }), deadline);
      return null;
    } catch (error) {
      if (isKeyRefusal(error)) return error;
      throw error;
    }
  }

  /** A list page of one invoice: the cheapest call a side of the API answers. */
  private probe(path: string, body: string, deadline: Deadline): void {
    this.runOne((deliver: (list: RawInvoiceList) => void) => this.listJob(path, 1, 1, body, invoiceListResponseSchema, deliver), deadline, 'requests');
  }

  /** Every page of a list: page 1 tells the total, the others go in paced parallel rounds; rows deduplicated by id. */
  private listPages<Row extends { network_affiliate_invoice_id: number }>(
    path: string,
    body: string,
    schema: ListResponseSchema<Row>,
    deadline: Deadline,
  ): Row[] {
    const { list: first, pageSize } = this.firstListPage(path, body, schema, deadline);
    const pages: Row[][] = [first.invoices];
    const total = first.paging?.total_count ?? null;
    const pageCount = total === null ? 1 : Math.max(1, Math.ceil(total / pageSize));

    const jobs: Job[] = [];
    for (let page = 2; page <= pageCount; page++) {
      jobs.push(this.listJob(path, page, pageSize, body, schema, (list) => (pages[page - 1] = list.invoices)));
    }
    this.run(jobs, deadline, { doneBefore: 1, unit: 'pages of the invoice list' });

    // An invoice created while paging shifts the pages by one: the same invoice can come twice.
    const seen = new Set<number>();
    const rows: Row[] = [];
    for (const raw of pages.flat()) {
      if (seen.has(raw.network_affiliate_invoice_id)) continue;
      seen.add(raw.network_affiliate_invoice_id);
      rows.push(raw);
    }
    return rows;
  }

  /** Fetches each invoice once; `onDetail` runs as each arrives, so a caller keeps what came before a failure or the deadline. */
  fetchInvoiceDetails(ids: readonly number[], deadline: Deadline, onDetail: (detail: EverflowInvoiceDetail) => void): void {
    const jobs = [...new Set(ids)].map((id) => this.detailJob(id, onDetail));
    this.run(jobs, deadline, { doneBefore: 0, unit: 'invoices' });
  }

  /** The number of invoices matching `filters`, from the cheapest call there is (one invoice per page): for a report's cost estimate. */
  countInvoices(filters: EverflowInvoiceFilters, deadline: Deadline): number {
    if (this.keyType !== 'network') refuseNetworkOnlyFilters(filters);
    const [path, body] = this.keyType === 'network' ? [NETWORK_LIST_PATH, networkListBody(filters)] : [LIST_PATH, JSON.stringify({ filters: filtersBody(filters) })];
    const list = this.runOne(
      (deliver: (list: RawInvoiceList) => void) => this.listJob(path, 1, 1, body, invoiceListResponseSchema, deliver),
      deadline,
      'requests',
    );
    return list.paging?.total_count ?? list.invoices.length;
  }

  /** Page 1 at the largest page size Everflow accepts. */
  private firstListPage<Row>(path: string, body: string, schema: ListResponseSchema<Row>, deadline: Deadline): { list: ListResponse<Row>; pageSize: number } {
    for (const [index, size] of PAGE_SIZES.entries()) {
      try {
        const list = this.runOne(
          (deliver: (list: ListResponse<Row>) => void) => this.listJob(path, 1, size, body, schema, deliver),
          deadline,
          'pages of the invoice list',
        );
        return { list, pageSize: effectivePageSize(list, size) };
      } catch (error) {
        const smaller = PAGE_SIZES[index + 1];
        if (smaller === undefined || !(error instanceof BadRequestError) || !/page[\s_-]?size/i.test(error.everflowMessage)) throw error;
        this.options.log?.info(`Everflow refused page_size=${size}; trying ${smaller}.`);
      }
    }
    throw new Error('unreachable: the last page size either answers or throws');
  }

  /** Runs one job and returns what it delivered. */
  private runOne<T>(makeJob: (deliver: (value: T) => void) => Job, deadline: Deadline, unit: string): T {
    const delivered: T[] = [];
    this.run([makeJob((value) => delivered.push(value))], deadline, { doneBefore: 0, unit });
    const value = delivered.pop();
    // `run` returns only once every job is done, and a done job has delivered.
    if (value === undefined) throw new Error('unreachable: the request finished without a value');
    return value;
  }

  private listJob<Row>(path: string, page: number, pageSize: number, body: string, schema: ListResponseSchema<Row>, onList: (list: ListResponse<Row>) => void): Job {
    const request: HttpRequest = {
      url: `${this.baseUrl}${path}?page=${page}&page_size=${pageSize}`,
      method: 'post',
      headers: this.headers(true),
      body,
    };
    return this.job(request, `the invoice list (page ${page})`, null, (text) => accept(readBody(schema, text), onList));
  }

  private detailJob(id: number, onDetail: (detail: EverflowInvoiceDetail) => void): Job {
    if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`An invoice id is a whole number, not ${String(id)}.`);
    const url = this.keyType === 'network' ? `${this.baseUrl}${NETWORK_DETAIL_PATH}${id}${NETWORK_DETAIL_QUERY}` : `${this.baseUrl}${DETAIL_PATH}${id}`;
    const request: HttpRequest = { url, method: 'get', headers: this.headers(false) };
    const network = this.keyType === 'network';
    return this.job(request, `invoice ${id}`, id, (text) =>
      accept(readBody(invoiceDetailResponseSchema, text), (raw) => {
        const detail = normalizeDetail(raw, this.options.zones);
        // A network's answer names the partner (relationship=all); the body has just been read, so this parse cannot fail on syntax.
        const affiliate = network ? readBody(networkDetailAffiliateSchema, text) : null;
        const partner = affiliate?.ok ? affiliate.value.relationship.affiliate : null;
        onDetail(partner ? { ...detail, affiliateId: detail.affiliateId ?? partner.network_affiliate_id, affiliateName: partner.name } : detail);
      }),
    );
  }

  private job(request: HttpRequest, subject: string, invoiceId: number | null, consume: Job['consume']): Job {
    return { request, subject, invoiceId, consume, attempts: 0, readyAtMs: 0, lastFailure: null, write: false };
  }

  private writeJob(request: HttpRequest, subject: string, invoiceId: number | null, consume: Job['consume']): Job {
    return { ...this.job(request, subject, invoiceId, consume), write: true };
  }

  private headers(withJsonBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { 'X-Eflow-API-Key': this.options.apiKey };
    if (withJsonBody) headers['content-type'] = 'application/json';
    return headers;
  }

  /**
   * Sends the jobs in paced parallel rounds until each is done. Waits (pacing, backoff) never run
   * past the deadline: when the next wait or round could not end in time, it stops with a
   * deadline error telling how far it got. On a failure that no retry can mend, what the round
   * brought is handed on first, then the error is thrown.
   */
  private run(jobs: readonly Job[], deadline: Deadline, progress: { doneBefore: number; unit: string }): void {
    const pending = [...jobs];
    const stop = (): EverflowDeadlineError =>
      new EverflowDeadlineError(
        { done: progress.doneBefore + jobs.length - pending.length, total: progress.doneBefore + jobs.length, unit: progress.unit },
        pending.find((job) => job.lastFailure !== null)?.lastFailure ?? null,
      );

    while (pending.length > 0) {
      const now = this.options.clock.now();
      const ready = pending.filter((job) => job.readyAtMs <= now);
      if (ready.length === 0) {
        const waitMs = earliestReadyMs(pending) - now;
        if (deadline.remainingMs() < waitMs + this.roundMs) throw stop();
        this.options.sleeper.sleep(waitMs);
        continue;
      }
      const claim = this.claimTokens(ready.length, deadline);
      if (claim === null) throw stop();
      this.options.sleeper.sleep(claim.waitMs);

      const batch = ready.slice(0, claim.count);
      let failure: EverflowError | null = null;
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
    // A spent daily quota throws here (DailyQuotaExceededError): nothing was sent, nothing is counted or retried.
    const [only] = batch;
    const outcomes = batch.length === 1 && only ? [http.fetch(only.request)] : http.fetchAll(batch.map((job) => job.request));
    this.stats.rounds += 1;
    this.stats.requests += batch.length;
    this.stats.retries += batch.filter((job) => job.attempts > 0).length;
    const endedMs = clock.now();
    this.roundMs = this.roundMs === 0 ? endedMs - startedMs : 0.7 * this.roundMs + 0.3 * (endedMs - startedMs);
    this.pacer.calibrate(outcomes, (startedMs + endedMs) / 2);
    this.shareBucket();

    return batch.map((job, index): [Job, Settlement] => {
      job.attempts += 1;
      // fetchAll answers every request by contract; a missing answer is treated like a dropped connection.
      const outcome = outcomes[index] ?? { kind: 'network-failure', message: 'no answer came back for this request' };
      const settlement = this.settle(job, outcome, endedMs);
      if (settlement.state !== 'retry') return [job, settlement];
      job.lastFailure = settlement.error;
      if (!this.retryPolicy.mayRetry(job.attempts)) return [job, { state: 'failed', error: settlement.error }];
      this.scheduleRetry(job, settlement, endedMs);
      return [job, settlement];
    });
  }

  /**
   * Takes the tokens of the next batch, in the shared memory too, before waiting for them, so
   * executions running at once queue behind one another; null when the wait could not end in time
   * (then nothing is claimed).
   */
  private claimTokens(wanted: number, deadline: Deadline): PacerPlan | null {
    let claim: PacerPlan | null = null;
    const claimFrom = (shared: BucketSnapshot | null): void => {
      // Read the clock only now: waiting for the lock takes time.
      const nowMs = this.options.clock.now();
      this.pacer.adopt(shared, nowMs);
      const plan = this.pacer.plan(nowMs, wanted);
      const inTime = plan.waitMs > 0 ? deadline.remainingMs() >= plan.waitMs + this.roundMs : deadline.remainingMs() > this.roundMs;
      if (inTime) claim = this.pacer.claim(nowMs, wanted);
    };
    const memory = this.options.bucketMemory;
    if (memory) {
      memory.update((shared) => {
        claimFrom(shared);
        return this.pacer.snapshot(this.options.clock.now());
      });
    } else {
      claimFrom(null);
    }
    return claim;
  }

  /** After a round, a count lower than the shared one (others spent) is written back for executions at once. */
  private shareBucket(): void {
    const memory = this.options.bucketMemory;
    if (!memory || !this.pacer.knowsLessThan(memory.recall(), this.options.clock.now())) return;
    memory.update((shared) => {
      const nowMs = this.options.clock.now();
      this.pacer.adopt(shared, nowMs);
      return this.pacer.snapshot(nowMs);
    });
  }

  private settle(job: Job, outcome: HttpOutcome, nowMs: number): Settlement {
    const context: FailureContext = {
      subject: job.subject,
      invoiceId: job.invoiceId,
      attempts: job.attempts,
      keyType: this.keyType,
      secret: this.options.apiKey,
    };
    // A change whose answer is unclear may have landed: it is never resent blind (see writeJob).
    const unknown = (reason: string, status: number | null): Settlement => ({
      state: 'failed',
      error: new EverflowOutcomeUnknownError(job.subject, clip(redact(reason, this.options.apiKey)), status),
    });
    if (outcome.kind === 'network-failure') {
      if (job.write) return unknown(`the connection failed before an answer came (${outcome.message})`, null);
      return { state: 'retry', error: errorForNetworkFailure(outcome, context), retryAfterMs: null };
    }

    const { status } = outcome;
    if (status >= 200 && status < 300) {
      const problem = job.consume(outcome.body);
      if (problem === null) return { state: 'done' };
      if (job.write) return unknown(`its answer could not be read (${problem.detail})`, status);
      const error = new InvalidResponseError(problem.detail, job.subject, problem.problem === 'unreadable', status);
      return problem.problem === 'unreadable' ? { state: 'retry', error, retryAfterMs: null } : { state: 'failed', error };
    }
    if (status === 429) this.stats.rateLimited += 1;
    if (status >= 500) this.stats.serverErrors += 1;
    const error = errorForResponse(outcome, context);
    // Everflow's 429 comes from its rate limiter, before the request is processed: waited out and sent again.
    if (job.write && status >= 500) return unknown(`Everflow answered ${status}`, status);
    if (!isRetryableStatus(status)) return { state: 'failed', error };
    return { state: 'retry', error, retryAfterMs: parseRetryAfter(outcome.headers['retry-after'], nowMs) };
  }

  private scheduleRetry(job: Job, retry: Extract<Settlement, { state: 'retry' }>, nowMs: number): void {
    const delayMs = this.retryPolicy.delayMs(job.attempts, retry.retryAfterMs);
    job.readyAtMs = nowMs + delayMs;
    this.options.log?.warn(
      `Everflow: ${job.subject} failed (${retry.error.name}); retry ${job.attempts} of ${this.retryPolicy.maxAttempts - 1} in ${delayMs} ms.`,
    );
  }
}

/** A list answer's shape whatever its rows: the affiliate's or the network's. */
interface ListResponse<Row> {
  invoices: Row[];
  paging: RawInvoiceList['paging'];
}
type ListResponseSchema<Row> = z.ZodType<ListResponse<Row>, unknown>;

/** Invoices per batch status change: the reference names no limit; a round 100 keeps each request small. */
export const NETWORK_STATUS_BATCH = 100;
/** Up to this many invoices are found by searching each id, without asking the list's size first. */
const SEARCH_BY_ID_LIMIT = 8;
/** Everflow's search matches ids, partner ids and names as text: one id's search can bring many rows. */
const SEARCH_PAGE_SIZE = 2000;
const NETWORK_INVOICES_PATH = '/networks/billings/affiliates/invoices';

const NO_LIST_FILTERS: EverflowInvoiceFilters = { status: null, startDate: null, endDate: null, minBalance: null, maxBalance: null };

/** The JSON body of the list call: only the filters that are set. */
function filtersBody(filters: EverflowInvoiceFilters): Record<string, string | number> {
  const body: Record<string, string | number> = {};
  if (filters.status !== null) body.affiliate_invoice_status = filters.status;
  if (filters.startDate !== null) body.min_start_time = filters.startDate;
  // The docs' "ends on or before this date" may compare against that day's midnight, which would
  // leave out a period ending 23:59:59 on it: ask through the next day, then filter exactly (endsOnOrBefore).
  if (filters.endDate !== null) body.max_end_time = nextDay(filters.endDate);
  if (filters.minBalance !== null) body.min_balance = filters.minBalance;
  if (filters.maxBalance !== null) body.max_balance = filters.maxBalance;
  return body;
}

/** "YYYY-MM-DD" of the day after `date` ("2024-12-31" -> "2025-01-01"). */
function nextDay(date: string): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const next = new Date(0);
  next.setUTCFullYear(year, month - 1, day + 1); // not Date.UTC: that reads years 0-99 as 1900-1999
  return isoDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The exact end-date filter: the period end's own calendar day is on or before `endDate`. An
 * invoice whose period end cannot be read is kept, as Everflow chose it.
 */
function endsOnOrBefore(item: EverflowInvoiceListItem, endDate: string | null): boolean {
  if (endDate === null || item.periodEnd === null) return true;
  return isoDate(item.periodEnd.year, item.periodEnd.month, item.periodEnd.day) <= endDate;
}

/**
 * The page size the next pages must use: what Everflow says it used, else what was asked. A first
 * page shorter than that while more invoices exist means Everflow capped the size silently; asking
 * for page 2 at the larger size would skip invoices, so the rows it gave are the size.
 */
function effectivePageSize(first: ListResponse<unknown>, requested: number): number {
  const reported = first.paging?.page_size;
  const size = reported !== null && reported !== undefined && reported > 0 ? reported : requested;
  const total = first.paging?.total_count ?? 0;
  const rows = first.invoices.length;
  return rows > 0 && rows < size && rows < total ? rows : size;
}

function accept<T>(reading: BodyReading<T>, use: (value: T) => void): BodyProblem | null {
  if (!reading.ok) return reading;
  use(reading.value);
  return null;
}

function earliestReadyMs(jobs: readonly Job[]): number {
  return jobs.reduce((earliest, job) => Math.min(earliest, job.readyAtMs), Number.POSITIVE_INFINITY);
}
