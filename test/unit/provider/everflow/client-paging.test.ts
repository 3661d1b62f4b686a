import type { EverflowInvoiceFilters } from '../../../../src/model/invoice';
import { BadRequestError, EverflowDeadlineError } from '../../../../src/provider/everflow/errors';
import { isListRequest, listRow } from './scripted-http';
import { API_KEY, json, range, setup } from './setup';

const NO_FILTERS: EverflowInvoiceFilters = { status: null, startDate: null, endDate: null, minBalance: null, maxBalance: null };
const LIST_URL = 'https://api.eflow.test/v1/affiliates/billings/affiliates/invoicestable';

describe('listInvoices paging', () => {
  it.each([
    // invoices, requests, rounds: page 1 alone, then every other page in one parallel round
    [0, 1, 1],
    [1, 1, 1],
    [2000, 1, 1],
    [2001, 2, 2],
    [10_000, 5, 2],
  ])('%d invoices take %d requests in %d rounds', (count, requests, rounds) => {
    const { client, api, deadline } = setup({ invoices: count });
    const items = client.listInvoices(NO_FILTERS, deadline());
    expect(items.map((item) => item.id)).toEqual(range(1, count).reverse());
    expect(client.stats).toEqual({ requests, rounds, rateLimited: 0, retries: 0, serverErrors: 0 });
    expect(api.requests.map((request) => request.url)).toEqual(range(1, requests).map((page) => `${LIST_URL}?page=${page}&page_size=2000`));
  });

  it('sends the key, a JSON content type and only the filters that are set', () => {
    const { client, api, deadline } = setup({ invoices: 1 });
    client.listInvoices(NO_FILTERS, deadline());
    client.listInvoices({ status: 'unpaid', startDate: '2024-01-01', endDate: '2024-12-31', minBalance: 100, maxBalance: null }, deadline());
    expect(api.requests.map((request) => [request.method, request.headers, request.body])).toEqual([
      ['post', { 'X-Eflow-API-Key': API_KEY, 'content-type': 'application/json' }, '{"filters":{}}'],
      [
        'post',
        { 'X-Eflow-API-Key': API_KEY, 'content-type': 'application/json' },
        // The end date is asked through the next day and filtered exactly here (below).
        '{"filters":{"affiliate_invoice_status":"unpaid","min_start_time":"2024-01-01","max_end_time":"2025-01-01","min_balance":100}}',
      ],
    ]);
    expect(api.requests.every((request) => !request.url.includes(API_KEY))).toBe(true);
  });

  it.each([
    ['2024-02-28', '2024-02-29'],
    ['2023-02-28', '2023-03-01'],
    ['2024-12-31', '2025-01-01'],
    ['0099-12-31', '0100-01-01'],
  ])('asks for periods ending on or before %s through max_end_time %s', (endDate, asked) => {
    const { client, api, deadline } = setup({ invoices: 1 });
    client.listInvoices({ ...NO_FILTERS, endDate }, deadline());
    expect(api.requests.map((request) => request.body)).toEqual([`{"filters":{"max_end_time":"${asked}"}}`]);
  });

  it('keeps exactly the periods ending on or before the end date, whichever way Everflow compared it, in one request', () => {
    const { client, api, deadline } = setup({ invoices: 0 });
    const endingAt = (id: number, endTime: string | null, timezoneId = 80): Record<string, unknown> => ({ ...listRow(id), end_time: endTime, timezone_id: timezoneId });
    // What Everflow may answer for max_end_time 2025-01-01 under either reading.
    api.invoices = [
      endingAt(6, '2025-01-01 23:59:59'),
      endingAt(5, '2025-01-01 00:00:00'),
      endingAt(4, '2024-12-31 23:59:59'),
      endingAt(3, '2024-12-31T23:59:59Z', 16),
      endingAt(2, null),
      endingAt(1, '2024-12-01 00:00:00'),
    ];
    const items = client.listInvoices({ ...NO_FILTERS, endDate: '2024-12-31' }, deadline());
    expect(items.map((item) => item.id)).toEqual([4, 3, 2, 1]);
    expect(client.stats.requests).toBe(1);
  });

  it('maps rows into the model', () => {
    const { client, deadline } = setup({ invoices: 2 });
    const [newest] = client.listInvoices(NO_FILTERS, deadline());
    expect(newest).toMatchObject({ id: 2, status: 'paid', balance: 237.43, paymentTerms: 'Net 30', paymentTermsDays: 30, zone: { iana: 'America/New_York' } });
  });

  it('falls back to smaller page sizes when Everflow refuses one', () => {
    const { client, api, deadline, logLines } = setup({ invoices: 1200, maxPageSize: 500 });
    const items = client.listInvoices(NO_FILTERS, deadline());
    expect(items).toHaveLength(1200);
    expect(api.requests.map((request) => request.url.slice(LIST_URL.length))).toEqual([
      '?page=1&page_size=2000',
      '?page=1&page_size=1000',
      '?page=1&page_size=500',
      '?page=2&page_size=500',
      '?page=3&page_size=500',
    ]);
    expect(client.stats).toEqual({ requests: 5, rounds: 4, rateLimited: 0, retries: 0, serverErrors: 0 });
    expect(logLines).toEqual(['Everflow refused page_size=2000; trying 1000.', 'Everflow refused page_size=1000; trying 500.']);
  });

  it('stops falling back at 50', () => {
    const { client, api, deadline } = setup({ invoices: 10, maxPageSize: 20 });
    expect(() => client.listInvoices(NO_FILTERS, deadline())).toThrow(BadRequestError);
    expect(api.requests.map((request) => new URL(request.url).searchParams.get('page_size'))).toEqual(['2000', '1000', '500', '200', '50']);
  });

  it('does not fall back on other refusals', () => {
    const { client, api, deadline } = setup({ invoices: 10 });
    api.script(isListRequest, { status: 400, body: json({ error: 'Invalid value for min_start_time' }) });
    expect(() => client.listInvoices(NO_FILTERS, deadline())).toThrow('Everflow refused the request for the invoice list (page 1) (400): Invalid value for min_start_time');
    expect(api.requests).toHaveLength(1);
  });

  it('follows a page size Everflow reports, or caps silently, so no invoice is skipped', () => {
    const reported = setup({ invoices: 1200 });
    reported.api.script(isListRequest, {
      status: 200,
      body: json({ invoices: range(701, 1200).reverse().map(listRow), paging: { page: 1, page_size: 500, total_count: 1200 } }),
    });
    expect(reported.client.listInvoices(NO_FILTERS, reported.deadline())).toHaveLength(1200);
    expect(reported.api.requests.map((request) => request.url.slice(LIST_URL.length))).toEqual([
      '?page=1&page_size=2000',
      '?page=2&page_size=500',
      '?page=3&page_size=500',
    ]);

    const silent = setup({ invoices: 1200 });
    silent.api.script(isListRequest, {
      status: 200,
      body: json({ invoices: range(801, 1200).reverse().map(listRow), paging: { page: 1, page_size: 2000, total_count: 1200 } }),
    });
    expect(silent.client.listInvoices(NO_FILTERS, silent.deadline()).map((item) => item.id)).toEqual(range(1, 1200).reverse());
    expect(silent.api.requests).toHaveLength(3);
  });

  it('reads an answer without paging as the only page', () => {
    const { client, api, deadline } = setup({ invoices: 3000 });
    api.script(isListRequest, { status: 200, body: json({ invoices: [listRow(9), listRow(8)] }) });
    expect(client.listInvoices(NO_FILTERS, deadline()).map((item) => item.id)).toEqual([9, 8]);
    expect(client.stats.requests).toBe(1);
  });

  it('keeps one row per invoice when a new invoice shifts the pages', () => {
    const { client, api, deadline } = setup({ invoices: 2001 });
    api.script(
      (request) => request.url.includes('page=2&'),
      { status: 200, body: json({ invoices: [listRow(2), listRow(1)], paging: { page: 2, page_size: 2000, total_count: 2002 } }) },
    );
    const ids = client.listInvoices(NO_FILTERS, deadline()).map((item) => item.id);
    expect(ids).toEqual(range(1, 2001).reverse());
  });

  it('stops at the deadline with the pages it had', () => {
    const { client, deadline, clock } = setup({ invoices: 10_000, latencyMs: 3000 });
    const budget = deadline(4000);
    const error = (() => {
      try {
        client.listInvoices(NO_FILTERS, budget);
        return null;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EverflowDeadlineError);
    expect(error).toMatchObject({ done: 1, total: 5, message: 'Stopped to stay within the time limit after 1 of 5 pages of the invoice list.' });
    expect(clock.now()).toBeLessThanOrEqual(budget.atMs);
    expect(client.stats.requests).toBe(1);
  });
});

describe('countInvoices', () => {
  it('reads total_count from a one-invoice page', () => {
    const { client, api, deadline } = setup({ invoices: 4321 });
    expect(client.countInvoices(NO_FILTERS, deadline())).toBe(4321);
    expect(api.requests.map((request) => [request.url, request.body])).toEqual([[`${LIST_URL}?page=1&page_size=1`, '{"filters":{}}']]);
  });

  it("sends the report's filters, so the total is what the report would list", () => {
    const { client, api, deadline } = setup({ invoices: 10 });
    client.countInvoices({ ...NO_FILTERS, status: 'unpaid', startDate: '2024-01-01' }, deadline());
    expect(api.requests[0]?.body).toBe('{"filters":{"affiliate_invoice_status":"unpaid","min_start_time":"2024-01-01"}}');
    expect(client.stats).toEqual({ requests: 1, rounds: 1, rateLimited: 0, retries: 0, serverErrors: 0 });
  });

  it('counts the rows when paging is missing', () => {
    const { client, api, deadline } = setup();
    api.script(isListRequest, { status: 200, body: json({ invoices: [listRow(1)] }) });
    expect(client.countInvoices(NO_FILTERS, deadline())).toBe(1);
  });

  it('tells a person with a wrong key what to do', () => {
    const { client, api, deadline } = setup();
    api.script(isListRequest, { status: 401, body: json({ Error: 'No Authentication Method Found' }) });
    expect(() => client.countInvoices(NO_FILTERS, deadline())).toThrow(
      'Everflow rejected the API key (401 No Authentication Method Found). Set a valid affiliate API key: Extensions > Affiliate Billing > Open sidebar > Connection.',
    );
  });
});
