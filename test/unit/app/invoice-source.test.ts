import { ChunkedCache } from '../../../src/app/chunked-cache';
import { CachedInvoiceSource, LIST_PAGE_INVOICES, LIST_TTL_SECONDS, NO_FILTERS, PartialFetchError } from '../../../src/app/invoice-source';
import type { EverflowInvoiceDetail, EverflowInvoiceFilters, EverflowInvoiceListItem } from '../../../src/model/invoice';
import { Deadline, DeadlineExceededError } from '../../../src/ports/clock';
import type { EverflowInvoiceProvider, RequestStats } from '../../../src/provider/provider';
import { SharedClock } from '../../../test-support/clock';
import { MemoryCache } from '../../../test-support/memory-ports';
import { NodeCodec } from '../../../test-support/node-codec';

function listItem(id: number, updatedMs: number): EverflowInvoiceListItem {
  return {
    id,
    status: 'unpaid',
    periodStart: null,
    periodEnd: null,
    zone: { iana: 'UTC', label: 'UTC' },
    currency: 'USD',
    balance: 10,
    notes: null,
    createdMs: 0,
    updatedMs,
    billed: 10,
    paid: 0,
    paymentTerms: null,
    paymentTermsDays: null,
  };
}

function detailOf(item: EverflowInvoiceListItem): EverflowInvoiceDetail {
  const { billed: _b, paid: _p, paymentTerms: _t, paymentTermsDays: _d, ...header } = item;
  return { ...header, affiliateId: 1, lines: [], payments: [] };
}

/** Counts what the source asks of the provider; can stop after `budget` details like a deadline would. */
class CountingProvider implements EverflowInvoiceProvider {
  readonly stats: RequestStats = { requests: 0, rounds: 0, rateLimited: 0, retries: 0, serverErrors: 0 };
  listCalls = 0;
  detailIds: number[] = [];
  detailBudget = Infinity;

  constructor(public invoices: EverflowInvoiceListItem[]) {}

  listInvoices(_filters: EverflowInvoiceFilters): EverflowInvoiceListItem[] {
    this.listCalls += 1;
    return this.invoices;
  }

  fetchInvoiceDetails(ids: readonly number[], _deadline: Deadline, onDetail: (detail: EverflowInvoiceDetail) => void): void {
    for (const id of ids) {
      if (this.detailBudget <= 0) throw new DeadlineExceededError('out of time', this.detailIds.length, ids.length);
      this.detailBudget -= 1;
      this.detailIds.push(id);
      const item = this.invoices.find((invoice) => invoice.id === id);
      if (item) onDetail(detailOf(item));
    }
  }

  countInvoices(): number {
    return this.invoices.length;
  }
}

describe('CachedInvoiceSource', () => {
  const clock = SharedClock.virtual();
  const deadline = Deadline.after(clock, 25_000);
  const setup = (invoices: EverflowInvoiceListItem[], listEpoch = 'e1') => {
    const provider = new CountingProvider(invoices);
    const cache = new ChunkedCache(new MemoryCache(), new NodeCodec());
    const source = (epoch = listEpoch) => new CachedInvoiceSource({ provider, cache, namespace: 'acct.0', listEpoch: epoch, clock });
    return { provider, source };
  };

  it('caches lists per filters and data epoch', () => {
    const { provider, source } = setup([listItem(1, 100)]);
    source().listInvoices(NO_FILTERS, deadline);
    source().listInvoices(NO_FILTERS, deadline);
    expect(provider.listCalls).toBe(1);
    source().listInvoices({ ...NO_FILTERS, status: 'paid' }, deadline);
    expect(provider.listCalls).toBe(2);
    source('e2').listInvoices(NO_FILTERS, deadline);
    expect(provider.listCalls).toBe(3);
  });

  it('fetches details directly, without listing every invoice', () => {
    const { provider, source } = setup([listItem(1, 100), listItem(2, 100), listItem(3, 100)]);
    expect(source().invoiceDetails([3, 1, 2], deadline).map((d) => d.id)).toEqual([3, 1, 2]);
    expect(provider.detailIds).toEqual([3, 1, 2]);
    expect(provider.listCalls).toBe(0);
    provider.detailIds = [];
    // Within the list's time to live and the same data epoch, the cached details stand.
    source().invoiceDetails([1, 2], deadline);
    expect(provider.detailIds).toEqual([]);
    // A refresh (new epoch) or the time a list would expire makes a cached detail be checked again: one is fetched directly.
    source('e2').invoiceDetails([1], deadline);
    expect(provider.detailIds).toEqual([1]);
    clock.advance(LIST_TTL_SECONDS * 1000);
    source('e2').invoiceDetails([2], deadline);
    expect(provider.detailIds).toEqual([1, 2]);
    expect(provider.listCalls).toBe(0);
  });

  it('checks cached details against the list when they outnumber its pages, and fetches only those whose time_saved moved', () => {
    const { provider, source } = setup([listItem(1, 100), listItem(2, 100), listItem(3, 100)]);
    source().invoiceDetails([1, 2, 3], deadline);
    provider.detailIds = [];
    provider.invoices = [listItem(1, 100), listItem(2, 200), listItem(3, 100)];
    source('e2').invoiceDetails([1, 2, 3], deadline);
    expect(provider.listCalls).toBe(1);
    expect(provider.detailIds).toEqual([2]);
    // With the list cached, a single id is checked against it too.
    provider.invoices = provider.invoices.map((item) => (item.id === 3 ? listItem(3, 300) : item));
    source('e2').invoiceDetails([3], deadline);
    expect(provider.detailIds).toEqual([2]);
  });

  it('knows from the last count that a long list costs more pages than checking two details directly', () => {
    const invoices = Array.from({ length: LIST_PAGE_INVOICES + 1 }, (_, i) => listItem(i + 1, 100));
    const { provider, source } = setup(invoices);
    source().listInvoices(NO_FILTERS, deadline);
    source().invoiceDetails([1, 2, 3], deadline);
    provider.detailIds = [];
    source('e2').invoiceDetails([1, 2], deadline);
    expect(provider.listCalls).toBe(1);
    expect(provider.detailIds).toEqual([1, 2]);
    source('e3').invoiceDetails([1, 2, 3], deadline);
    expect(provider.listCalls).toBe(2);
  });

  it('keeps what it fetched when time runs out, so the next call continues', () => {
    const { provider, source } = setup(Array.from({ length: 10 }, (_, i) => listItem(i + 1, 100)));
    provider.detailBudget = 4;
    const ids = provider.invoices.map((invoice) => invoice.id);
    expect(() => source().invoiceDetails(ids, deadline)).toThrow(new PartialFetchError(4, 10));
    provider.detailBudget = Infinity;
    provider.detailIds = [];
    expect(source().invoiceDetails(ids, deadline)).toHaveLength(10);
    expect(provider.detailIds).toEqual([5, 6, 7, 8, 9, 10]);
  });
});
