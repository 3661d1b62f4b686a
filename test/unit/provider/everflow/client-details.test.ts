import { DeadlineExceededError } from '../../../../src/ports/clock';
import type { HttpRequest } from '../../../../src/ports/http';
import { DailyQuotaExceededError } from '../../../../src/ports/quota';
import {
  AuthenticationError,
  BadRequestError,
  EverflowDeadlineError,
  ForbiddenError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
} from '../../../../src/provider/everflow/errors';
import { detailOf, isDetailRequest, type ScriptedAnswer } from './scripted-http';
import { API_KEY, fetchOne, json, range, setup } from './setup';

const tooMany: ScriptedAnswer = { status: 429, body: json({ error: 'Too many requests' }), headers: { 'X-RateLimit-Remaining': '0' } };
const unavailable: ScriptedAnswer = { status: 503, body: '<html>Service Unavailable</html>' };

function times<T>(count: number, value: T): T[] {
  return Array.from({ length: count }, () => value);
}

describe('fetchInvoiceDetails', () => {
  it('fetches every invoice once and hands each on as it arrives', () => {
    const { client, api, fetchDetails } = setup({ invoices: 30 });
    const { details, error } = fetchDetails([...range(1, 30), 5, 7]);
    expect(error).toBeNull();
    expect(details.map((detail) => detail.id).sort((a, b) => a - b)).toEqual(range(1, 30));
    expect(details[0]?.lines).toHaveLength(2);
    expect(client.stats.requests).toBe(30);
    expect(api.requests[0]).toEqual({
      url: 'https://api.eflow.test/v1/affiliates/billings/affiliates/invoices/1',
      method: 'get',
      headers: { 'X-Eflow-API-Key': API_KEY },
    });
  });

  it('sends nothing for no ids', () => {
    const { client, fetchDetails } = setup();
    expect(fetchDetails([])).toEqual({ details: [], error: null });
    expect(client.stats.rounds).toBe(0);
  });

  it('refuses an id that is not a whole number before sending anything', () => {
    const { client, fetchDetails } = setup({ invoices: 3 });
    expect(fetchDetails([1, 2.5]).error).toBeInstanceOf(RangeError);
    expect(fetchDetails([-1]).error).toBeInstanceOf(RangeError);
    expect(client.stats.requests).toBe(0);
  });

  it('fetches one invoice, mapped', () => {
    const { client, deadline } = setup({ invoices: 3 });
    expect(fetchOne(client, 2, deadline())).toMatchObject({ id: 2, affiliateId: 7, payments: [{ id: 23, currency: 'USD' }] });
  });

  it('keeps statistics across calls', () => {
    const { client, fetchDetails } = setup({ invoices: 3 });
    fetchDetails([1]);
    fetchDetails([2, 3]);
    expect(client.stats).toEqual({ requests: 3, rounds: 2, rateLimited: 0, retries: 0, serverErrors: 0 });
  });
});

describe('retries', () => {
  it('retries a 429 storm with backoff until it passes', () => {
    const { client, api, deadline, logLines } = setup({ invoices: 1 });
    api.script(isDetailRequest, ...times(3, tooMany));
    expect(fetchOne(client, 1, deadline()).id).toBe(1);
    expect(client.stats).toEqual({ requests: 4, rounds: 4, rateLimited: 3, retries: 3, serverErrors: 0 });
    expect(logLines).toHaveLength(3);
    expect(logLines[0]).toMatch(/^Everflow: invoice 1 failed \(RateLimitedError\); retry 1 of 5 in \d+ ms\.$/);
  });

  it('gives up after six attempts with a rate-limit error', () => {
    const { client, api, deadline } = setup({ invoices: 1 });
    api.script(isDetailRequest, ...times(10, tooMany));
    expect(() => fetchOne(client, 1, deadline(120_000))).toThrow(RateLimitedError);
    expect(client.stats).toEqual({ requests: 6, rounds: 6, rateLimited: 6, retries: 5, serverErrors: 0 });
  });

  it('retries server errors, then reports Everflow\'s answer', () => {
    const passing = setup({ invoices: 1 });
    passing.api.script(isDetailRequest, unavailable, { status: 500, body: '' });
    expect(fetchOne(passing.client, 1, passing.deadline()).id).toBe(1);
    expect(passing.client.stats).toEqual({ requests: 3, rounds: 3, rateLimited: 0, retries: 2, serverErrors: 2 });

    const failing = setup({ invoices: 1 });
    failing.api.script(isDetailRequest, ...times(6, unavailable));
    expect(() => fetchOne(failing.client, 1, failing.deadline(120_000))).toThrow(
      new ServerError(503, '<html>Service Unavailable</html>', 'invoice 1', 6),
    );
  });

  it('waits with jitter: different draws, different waits', () => {
    const waitsWith = (random: () => number): number[] => {
      const { client, api, deadline } = setup({ invoices: 1, random });
      api.script(isDetailRequest, ...times(3, { status: 500, body: '' }));
      fetchOne(client, 1, deadline());
      return api.requestTimesMs.slice(1).map((atMs, index) => atMs - (api.requestTimesMs[index] ?? 0));
    };
    // Each wait is the round itself (200 ms) plus a draw below a doubling ceiling: 500, 1000, 2000 ms.
    expect(waitsWith(() => 0)).toEqual([200, 200, 200]);
    expect(waitsWith(() => 0.5)).toEqual([450, 700, 1200]);
  });

  it('honours Retry-After in seconds and as an HTTP date', () => {
    const seconds = setup({ invoices: 1 });
    seconds.api.script(isDetailRequest, { ...tooMany, headers: { 'Retry-After': '7' } });
    fetchOne(seconds.client, 1, seconds.deadline());
    const [first = 0, second = 0] = seconds.api.requestTimesMs;
    expect(second - first).toBe(7200);

    const date = setup({ invoices: 1 });
    const retryAt = new Date(date.clock.now() + 12_000).toUTCString();
    date.api.script(isDetailRequest, { status: 503, body: '', headers: { 'Retry-After': retryAt } });
    fetchOne(date.client, 1, date.deadline());
    const [start = 0, retried = 0] = date.api.requestTimesMs;
    expect(retried - start).toBe(12_000);
  });

  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, ForbiddenError],
    [404, NotFoundError],
  ])('never retries a %d', (status, type) => {
    const { client, api, deadline } = setup({ invoices: 1 });
    api.script(isDetailRequest, { status, body: json({ error: 'No' }) });
    expect(() => fetchOne(client, 1, deadline())).toThrow(type);
    expect(client.stats).toEqual({ requests: 1, rounds: 1, rateLimited: 0, retries: 0, serverErrors: 0 });
  });

  it('names the invoice that is not found, after handing on the others of its round', () => {
    const { api, fetchDetails } = setup({ invoices: 5 });
    const { details, error } = fetchDetails([1, 2, 99, 3]);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain('Everflow has no invoice 99 for this API key (404 Invoice not found)');
    expect(details.map((detail) => detail.id)).toEqual([1, 2, 3]);
    expect(api.requests).toHaveLength(4);
  });

  it('retries network failures, then reports them', () => {
    const passing = setup({ invoices: 1 });
    passing.api.script(isDetailRequest, { networkFailure: 'Connection reset' }, { networkFailure: 'DNS error' });
    expect(fetchOne(passing.client, 1, passing.deadline()).id).toBe(1);
    expect(passing.client.stats).toMatchObject({ requests: 3, retries: 2 });

    const failing = setup({ invoices: 1 });
    failing.api.script(isDetailRequest, ...times(6, { networkFailure: 'Connection refused' }));
    expect(() => fetchOne(failing.client, 1, failing.deadline(120_000))).toThrow(NetworkError);
    expect(failing.client.stats.requests).toBe(6);
  });

  it('retries a truncated body, but not JSON of the wrong shape', () => {
    const truncated = json(detailOf(1)).slice(0, 120);
    const passing = setup({ invoices: 1 });
    passing.api.script(isDetailRequest, { status: 200, body: truncated });
    expect(fetchOne(passing.client, 1, passing.deadline()).lines).toHaveLength(2);
    expect(passing.client.stats).toMatchObject({ requests: 2, retries: 1 });

    const failing = setup({ invoices: 1 });
    failing.api.script(isDetailRequest, ...times(6, { status: 200, body: truncated }));
    expect(() => fetchOne(failing.client, 1, failing.deadline(120_000))).toThrow(
      new InvalidResponseError('the body was not complete JSON', 'invoice 1', true, 200),
    );

    const wrongShape = setup({ invoices: 1 });
    wrongShape.api.script(isDetailRequest, { status: 200, body: json({ network_affiliate_invoice_id: 'ten' }) });
    let error: unknown = null;
    try {
      fetchOne(wrongShape.client, 1, wrongShape.deadline());
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      kind: 'invalid-response',
      retryable: false,
      message: 'Everflow sent an answer for invoice 1 that could not be read: network_affiliate_invoice_id: not a number ("ten").',
    });
    expect(wrongShape.client.stats.requests).toBe(1);
  });
});

describe('deadlines', () => {
  it('stops in time, tells how far it got, and has handed on everything fetched', () => {
    const { client, clock, api, fetchDetails } = setup({ invoices: 100 });
    const startMs = clock.now();
    const { details, error } = fetchDetails(range(1, 100), 5000);
    expect(error).toBeInstanceOf(EverflowDeadlineError);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error).toMatchObject({ done: details.length, total: 100, lastFailure: null });
    expect((error as Error).message).toBe(`Stopped to stay within the time limit after ${details.length} of 100 invoices.`);
    expect(details.length).toBeGreaterThan(20);
    expect(details.length).toBe(api.requests.length);
    expect(clock.now()).toBeLessThanOrEqual(startMs + 5000);
    expect(client.stats.rateLimited).toBe(0);
  });

  it('does not sleep past the deadline for a backoff, and names the failure it was waiting out', () => {
    const { client, clock, api, deadline } = setup({ invoices: 1 });
    api.script(isDetailRequest, { ...tooMany, headers: { 'Retry-After': '60' } });
    const budget = deadline(10_000);
    let error: unknown = null;
    try {
      fetchOne(client, 1, budget);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EverflowDeadlineError);
    expect(error).toMatchObject({ done: 0, total: 1, lastFailure: expect.any(RateLimitedError) });
    expect((error as Error).message).toMatch(/^Stopped to stay within the time limit after 0 of 1 invoices; the last attempt failed: Everflow kept answering 429/);
    expect(clock.now()).toBeLessThan(budget.atMs);
    expect(api.requests).toHaveLength(1);
  });

  it('sends nothing when the time is already up', () => {
    const { client, fetchDetails } = setup({ invoices: 3 });
    expect(fetchDetails([1, 2, 3], 0).error).toMatchObject({ kind: 'deadline', done: 0, total: 3 });
    expect(client.stats.requests).toBe(0);
  });
});

describe("Google's daily URL-fetch quota", () => {
  it('stops at the first refusal: no retry, the details before it handed on, only what was sent counted', () => {
    const { client, api, fetchDetails } = setup({ invoices: 60 });
    const sendAll = api.fetchAll.bind(api);
    let left = 25;
    let refusals = 0;
    api.fetchAll = (requests: readonly HttpRequest[]) => {
      if (requests.length > left) {
        refusals += 1;
        throw new DailyQuotaExceededError('url-fetches', 'Service invoked too many times for one day: urlfetch.');
      }
      left -= requests.length;
      return sendAll(requests);
    };
    const { details, error } = fetchDetails(range(1, 60));
    expect(error).toBeInstanceOf(DailyQuotaExceededError);
    expect(refusals).toBe(1);
    expect(details).toHaveLength(api.requests.length);
    expect(client.stats).toMatchObject({ requests: api.requests.length, retries: 0 });
    expect(api.requests.length).toBeLessThanOrEqual(25);
  });
});
