import type { EverflowInvoiceDetail, EverflowInvoiceFilters, EverflowInvoiceLine, EverflowInvoiceListItem, EverflowInvoicePayment } from '../../../../src/model/invoice';
import { DeadlineExceededError, type Deadline } from '../../../../src/ports/clock';
import { DailyQuotaExceededError } from '../../../../src/ports/quota';
import type { RequestStats } from '../../../../src/provider/provider';
import type { ReportProvider } from '../../../../src/app/reports/sync';
import type { SharedClock } from '../../../../test-support/clock';

/** Everflow's largest page of the invoice list. */
export const PAGE_SIZE = 2000;
/** Affiliate keys may send 5 requests a second: each detail costs this much virtual time. */
export const DETAIL_REQUEST_MS = 200;
export const LIST_REQUEST_MS = 300;

/** An invoice of the fake account: its list row and its details. */
export interface FakeInvoice {
  item: EverflowInvoiceListItem;
  lines: EverflowInvoiceLine[];
  payments: EverflowInvoicePayment[];
}

export class InjectedFailure extends Error {
  override name = 'InjectedFailure';
}

/**
 * The two provider calls reports use, over an in-memory account, counting requests as the
 * Everflow client does: ceil(N / 2000) for a list (at least one), one per invoice's details. Time
 * passes on the shared virtual clock; a request that would end past the deadline is not sent and
 * the call throws a DeadlineExceededError after delivering what it got, as the client does.
 * Failures can be injected at a request index: fatal (the client gave up) or transient (the
 * client retried after a 429 and succeeded).
 */
export class FakeProvider implements ReportProvider {
  readonly stats: RequestStats = { requests: 0, rounds: 0, rateLimited: 0, retries: 0, serverErrors: 0 };
  readonly invoices = new Map<number, FakeInvoice>();
  /** 1-based index (over this provider's life) of a request to fail, and how. */
  failure: { atRequest: number; kind: 'fatal' | 'transient' } | null = null;
  detailRequests: number[] = [];
  /** Requests Google's daily URL-fetch quota still allows; past it every request throws, as UrlFetchApp does. */
  urlFetchesLeft = Number.POSITIVE_INFINITY;

  constructor(private readonly clock: SharedClock) {}

  add(...invoices: FakeInvoice[]): void {
    for (const invoice of invoices) this.invoices.set(invoice.item.id, invoice);
  }

  remove(id: number): void {
    this.invoices.delete(id);
  }

  /** Changes an invoice as Everflow would: new content, a later time_saved. */
  update(id: number, change: (invoice: FakeInvoice) => void): void {
    const invoice = this.invoices.get(id);
    if (!invoice) throw new Error(`no invoice ${id}`);
    change(invoice);
    invoice.item = { ...invoice.item, updatedMs: (invoice.item.updatedMs ?? 0) + 1000 };
  }

  listInvoices(filters: EverflowInvoiceFilters, deadline: Deadline): EverflowInvoiceListItem[] {
    const matching = [...this.invoices.values()]
      .map((invoice) => invoice.item)
      .filter((item) => filters.status === null || item.status === filters.status)
      .filter((item) => filters.minBalance === null || (typeof item.balance === 'number' ? item.balance : 0) >= filters.minBalance)
      .filter((item) => filters.maxBalance === null || (typeof item.balance === 'number' ? item.balance : 0) <= filters.maxBalance)
      // Newest first, as Everflow sorts.
      .sort((a, b) => b.id - a.id);
    const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    for (let page = 0; page < pages; page += 1) this.request(deadline, LIST_REQUEST_MS, matching.length, 0);
    return matching.map((item) => ({ ...item }));
  }

  fetchInvoiceDetails(ids: readonly number[], deadline: Deadline, onDetail: (detail: EverflowInvoiceDetail) => void): void {
    const unique = [...new Set(ids)];
    unique.forEach((id, index) => {
      this.request(deadline, DETAIL_REQUEST_MS, unique.length, index);
      this.detailRequests.push(id);
      const invoice = this.invoices.get(id);
      if (!invoice) throw new InjectedFailure(`Everflow has no invoice ${id}.`);
      onDetail(detailOf(invoice));
    });
  }

  private request(deadline: Deadline, costMs: number, total: number, done: number): void {
    if (deadline.remainingMs() < costMs) throw new DeadlineExceededError('Stopped to stay within the time limit.', done, total);
    if (this.urlFetchesLeft <= 0) throw new DailyQuotaExceededError('url-fetches', 'Service invoked too many times for one day: urlfetch.');
    this.urlFetchesLeft -= 1;
    this.stats.requests += 1;
    this.stats.rounds += 1;
    this.clock.advance(costMs);
    if (this.failure?.atRequest !== this.stats.requests) return;
    if (this.failure.kind === 'fatal') throw new InjectedFailure(`Everflow had a server error (request ${this.stats.requests}). Try again later.`);
    // The client's retry: one more request, one 429 counted.
    this.stats.rateLimited += 1;
    this.stats.retries += 1;
    this.stats.requests += 1;
    this.clock.advance(costMs);
  }
}

export function detailOf(invoice: FakeInvoice): EverflowInvoiceDetail {
  const { billed: _billed, paid: _paid, paymentTerms: _terms, paymentTermsDays: _days, ...header } = invoice.item;
  return { ...header, affiliateId: 7, lines: invoice.lines.map((line) => ({ ...line })), payments: invoice.payments.map((payment) => ({ ...payment })) };
}

const BASE_MS = Date.UTC(2026, 0, 1);

/** A plain invoice with `lineCount` lines and one payment, ids derived from the invoice id. */
export function makeInvoice(id: number, options: { lineCount?: number; status?: string; currency?: string; notes?: string | null } = {}): FakeInvoice {
  const { lineCount = 2, status = 'unpaid', currency = 'USD', notes = null } = options;
  const item: EverflowInvoiceListItem = {
    id,
    status,
    periodStart: { year: 2025, month: 12, day: 1, hour: 0, minute: 0, second: 0 },
    periodEnd: { year: 2025, month: 12, day: 31, hour: 23, minute: 59, second: 59 },
    zone: { iana: 'America/New_York', label: 'America/New_York' },
    currency,
    balance: 100 + id,
    notes,
    createdMs: BASE_MS + id * 1000,
    updatedMs: BASE_MS + id * 1000,
    billed: 100 + id,
    paid: 0,
    paymentTerms: 'Net 30',
    paymentTermsDays: 30,
  };
  const lines = Array.from({ length: lineCount }, (_, index) => makeLine(id, id * 100 + index));
  const payments: EverflowInvoicePayment[] = [
    {
      id: id * 10,
      invoiceId: id,
      status: 'pending',
      method: 'wire',
      amount: 50,
      currency,
      paidOnMs: BASE_MS,
      payeeAmount: 49,
      payeeFee: 1,
      payeeCurrency: currency,
      approvedMs: null,
      completedMs: null,
      notes: null,
    },
  ];
  return { item, lines, payments };
}

export function makeLine(invoiceId: number, lineId: number | null, type = 'offer_detail'): EverflowInvoiceLine {
  return {
    id: lineId,
    invoiceId,
    type,
    offerId: 5,
    offerName: `Offer ${lineId ?? 'x'}`,
    quantity: 3,
    amount: 12.5,
    currency: 'USD',
    invoiceCurrencyAmount: 12.5,
    referredAffiliateId: null,
    referredAffiliateName: null,
    extraPeriodId: null,
    notes: null,
    createdMs: BASE_MS,
  };
}
