import {
  AffiseAuthenticationError,
  AffiseBadRequestError,
  AffiseDeadlineError,
  AffiseForbiddenError,
  AffiseInvalidResponseError,
  AffiseNotFoundError,
  AffiseOutcomeUnknownError,
  AffiseRateLimitedError,
  AffiseServerError,
} from '../../../../src/provider/affise/errors';
import { ALL, AFFISE_KEY, answer, caught, setup } from './scripted-affise';

const isList = (request: { url: string }): boolean => new URL(request.url).pathname === '/3.1/payments';
const anyRequest = (): boolean => true;

describe('AffiseClient: the list', () => {
  it('reads page 1, then fetches every other page in one parallel round', () => {
    const { api, client, deadline } = setup({ payments: 1_000 });
    const payments = client.listPayments(ALL, deadline());
    expect(payments.map((payment) => payment.id)).toEqual(Array.from({ length: 1_000 }, (_, index) => 1_000 - index));
    expect(api.roundSizes).toEqual([1, 9]);
    expect(client.stats).toMatchObject({ requests: 10, rounds: 2, rateLimited: 0, retries: 0 });
    const first = new URL(api.requests[0]?.url ?? '');
    expect(first.searchParams.get('date_from')).toBe('2000-01-01');
    expect(first.searchParams.get('limit')).toBe('100');
  });

  it('10,000 invoices take 100 requests in 3 rounds at the default parallelism (50)', () => {
    const { client, deadline } = setup({ payments: 10_000 });
    expect(client.listPayments(ALL, deadline(600_000))).toHaveLength(10_000);
    expect(client.stats).toMatchObject({ requests: 100, rounds: 3 });
  });

  it('sends the filters as arrays written name[] and the incremental bounds', () => {
    const { api, client, deadline } = setup({ payments: 3 });
    client.listPayments({ ...ALL, ids: [1, 2], statuses: [1, -1], affiliateIds: [40], updateFromDate: '2026-10-01', updateFromHour: 7 }, deadline());
    const url = api.requests[0]?.url ?? '';
    expect(url).toContain('id[]=1&id[]=2&status[]=1&status[]=-1&aid[]=40');
    expect(url).toContain('update_from_date=2026-10-01&update_from_hour=7');
  });

  it('refuses wrong parameters before sending anything', () => {
    const { api, client, deadline } = setup();
    expect(() => client.listPayments({ dateFrom: '2026-13-01', dateTo: '2026-12-01' }, deadline())).toThrow(/dateFrom is a date written YYYY-MM-DD/);
    expect(() => client.listPayments({ dateFrom: '2026-12-02', dateTo: '2026-12-01' }, deadline())).toThrow(/after dateTo/);
    expect(() => client.listPayments({ ...ALL, updateFromHour: 24 }, deadline())).toThrow(/hour 0-23/);
    expect(() => client.listPayments({ ...ALL, affiliateIds: [1.5] }, deadline())).toThrow(/whole numbers/);
    expect(api.requests).toHaveLength(0);
  });

  it('follows a page size capped silently, so no invoice is skipped', () => {
    const { api, client, deadline } = setup({ payments: 250 });
    api.silentLimitCap = 50;
    expect(client.listPayments(ALL, deadline())).toHaveLength(250);
    expect(api.requests.slice(1).every((request) => request.url.includes('limit=50'))).toBe(true);
  });

  it('keeps each invoice once when a page shift repeats one', () => {
    const { api, client, deadline } = setup({ payments: 150 });
    api.script((request) => request.url.includes('page=2'), answer(200, { status: 1, payments: api.payments.slice(99, 150), pagination: { page: 2, limit: 100, total: 151 } }));
    expect(client.listPayments(ALL, deadline())).toHaveLength(150);
  });

  it('fetches lines of 500 invoices with id[] in 5 requests, one round', () => {
    const { api, client, deadline } = setup({ payments: 600 });
    const ids = Array.from({ length: 500 }, (_, index) => index + 1);
    const payments = client.listPaymentsByIds([...ids, ...ids.slice(0, 10)], deadline());
    expect(payments).toHaveLength(500);
    expect(api.roundSizes).toEqual([5]);
    expect(api.requests.every((request) => (request.url.match(/id\[\]=/g) ?? []).length === 100)).toBe(true);
  });

  it('counts with one one-row page', () => {
    const { api, client, deadline } = setup({ payments: 42 });
    expect(client.countPayments(ALL, deadline())).toBe(42);
    expect(api.requests[0]?.url).toContain('limit=1');
  });
});

describe('AffiseClient: retries and backoff on reads', () => {
  it('backs off on 429 and 5xx and carries on; 429s halve the parallelism', () => {
    const { api, client, deadline } = setup({ payments: 1_000 });
    api.script(
      (request) => isList(request) && !request.url.includes('page=1&'),
      answer(429, { status: 2, message: 'Too many requests' }),
      answer(429, { status: 2, message: 'Too many requests' }),
      answer(503, { status: 2, message: 'Service unavailable' }),
    );
    expect(client.listPayments(ALL, deadline(120_000))).toHaveLength(1_000);
    expect(client.stats.rateLimited).toBe(2);
    expect(client.stats.serverErrors).toBe(1);
    expect(client.stats.retries).toBe(3);
    // Round 2 held 9 pages; 3 failed and were retried in the next round, at most half the size.
    expect(api.roundSizes[1]).toBe(9);
    expect(api.roundSizes[2]).toBeLessThanOrEqual(4);
  });

  it('retries a dropped connection and a cut body on a read', () => {
    const { api, client, deadline } = setup({ payments: 5 });
    api.script(anyRequest, { networkFailure: 'socket hang up' }, answer(200, '{"status":1,"payments":[{"id":'));
    expect(client.listPayments(ALL, deadline())).toHaveLength(5);
    expect(client.stats.retries).toBe(2);
  });

  it('respects Retry-After', () => {
    const { api, client, clock, deadline } = setup({ payments: 5, latencyMs: 0 });
    api.script(anyRequest, answer(429, { status: 2, message: 'slow down' }, { 'retry-after': '7' }));
    const start = clock.now();
    client.listPayments(ALL, deadline());
    expect(clock.now() - start).toBeGreaterThanOrEqual(7_000);
  });

  it('never retries a 4xx', () => {
    const { api, client, deadline } = setup({ payments: 5 });
    api.script(anyRequest, answer(400, { status: 2, message: 'date_to is required' }));
    const error = caught(() => client.listPayments(ALL, deadline()));
    expect(error).toBeInstanceOf(AffiseBadRequestError);
    expect((error as Error).message).toContain('date_to is required');
    expect(api.requests).toHaveLength(1);
  });

  it('stops at the deadline with the progress, never sleeping past it', () => {
    const { api, client, clock, deadline } = setup({ payments: 5 });
    api.script(anyRequest, ...Array.from({ length: 10 }, () => answer(503, { status: 2, message: 'down' })));
    const limit = deadline(3_000);
    const error = caught(() => client.listPayments(ALL, limit));
    expect(error).toBeInstanceOf(AffiseDeadlineError);
    expect((error as Error).message).toMatch(/after 0 of 1 pages of the invoice list; the last attempt failed: Affise had a server error/);
    expect(clock.now()).toBeLessThanOrEqual(limit.atMs);
  });

  it('gives up after the retry budget with a typed error', () => {
    const { api, client, deadline } = setup({ payments: 5 });
    api.script(anyRequest, ...Array.from({ length: 6 }, () => answer(429, { status: 2, message: 'Too many requests' })));
    expect(caught(() => client.listPayments(ALL, deadline(600_000)))).toBeInstanceOf(AffiseRateLimitedError);
    expect(api.requests).toHaveLength(6);
  });
});

describe('AffiseClient: errors a person reads', () => {
  it('401 "Token is necessary" names both causes (key, host) and never the key', () => {
    const { client: wrongKey, deadline } = setup({ payments: 1, apiKey: 'wrong-key' });
    const error = caught(() => wrongKey.getCurrentUser(deadline()));
    expect(error).toBeInstanceOf(AffiseAuthenticationError);
    expect((error as Error).message).toMatch(/401 Token is necessary.*key is wrong or the API host is not your network's/);
    expect((error as Error).message).not.toContain('wrong-key');
  });

  it('403 explains the plan and the role; 404 names the invoice', () => {
    const { api, client, deadline } = setup({ payments: 3 });
    api.script(anyRequest, answer(403, { status: 2, message: 'Auth Denied' }));
    const forbidden = caught(() => client.listPayments(ALL, deadline()));
    expect(forbidden).toBeInstanceOf(AffiseForbiddenError);
    expect((forbidden as Error).message).toMatch(/403 Auth Denied.*Scale and Custom plans/);
    const missing = caught(() => client.getPayment(999, deadline()));
    expect(missing).toBeInstanceOf(AffiseNotFoundError);
    expect((missing as Error).message).toContain('Affise has no invoice 999');
  });

  it('masks the key wherever Affise echoes it; a 2xx with status 2 is a refusal', () => {
    const { api, client, deadline } = setup({ payments: 3 });
    api.script(anyRequest, answer(400, { status: 2, message: `bad key ${AFFISE_KEY} here` }), answer(200, { status: 2, message: 'Access restricted' }));
    const echoed = caught(() => client.listPayments(ALL, deadline()));
    expect((echoed as Error).message).toContain('bad key [redacted] here');
    expect((echoed as Error).message).not.toContain(AFFISE_KEY);
    const refused = caught(() => client.getPayment(1, deadline()));
    expect(refused).toBeInstanceOf(AffiseBadRequestError);
    expect((refused as Error).message).toContain('Access restricted');
  });

  it('a 500 with an HTML page is a server error after the retries', () => {
    const { api, client, deadline } = setup({ payments: 3 });
    api.script(anyRequest, ...Array.from({ length: 6 }, () => answer(502, '<html><h1>502 Bad Gateway</h1></html>')));
    const error = caught(() => client.getPayment(1, deadline(600_000)));
    expect(error).toBeInstanceOf(AffiseServerError);
  });

  it('a payment without an id is an invalid answer, not retried', () => {
    const { api, client, deadline } = setup();
    api.script(anyRequest, answer(200, { status: 1, payments: [{ pid: 3 }], pagination: { page: 1, limit: 100, total: 1 } }));
    const error = caught(() => client.listPayments(ALL, deadline()));
    expect(error).toBeInstanceOf(AffiseInvalidResponseError);
    expect((error as Error).message).toContain('payments[0].id: missing');
    expect(api.requests).toHaveLength(1);
  });
});

describe('AffiseClient: writes', () => {
  const ok = answer(200, { status: 1, result: true });

  it('sends form-encoded bodies; the read side notes is written note', () => {
    const { api, client, deadline } = setup();
    api.script(anyRequest, answer(200, { status: 1 }), ok, ok, ok, answer(200, { status: 1, result: { '5': true, '6': false } }), answer(200, { status: 1, message: 'started' }));
    expect(client.updatePayment(5, { status: 2, comment: 'paid & done', note: 'n=1', paymentAccount: 'ACC 9' }, deadline())).toBeNull();
    client.addCorrection(5, { revenue: '-15.00', comment: 'chargeback' }, deadline());
    client.deleteCorrection('77', deadline());
    client.deletePayment(6, deadline());
    expect(client.bulkDeletePayments([5, 6, 7], deadline())).toEqual({ deleted: [5], refused: [6], unanswered: [7] });
    client.createPaymentForAffiliate({ affiliateId: 45, sum: '120.00', currencyId: '2', note: 'token:abc' }, deadline());
    const sent = api.requests.map((request) => [request.method, new URL(request.url).pathname, request.body ?? null, request.headers['Content-Type'] ?? null]);
    const form = 'application/x-www-form-urlencoded';
    expect(sent).toEqual([
      ['post', '/3.1/payments/5', 'payment_account=ACC+9&status=2&comment=paid+%26+done&note=n%3D1', form],
      ['post', '/3.1/payments/5/add-correction', 'revenue=-15.00&comment=chargeback', form],
      ['delete', '/3.1/payments/del-correction/77', null, null],
      ['delete', '/3.1/payments/delete/6', null, null],
      ['post', '/3.1/payments/bulk-delete', 'ids[]=5&ids[]=6&ids[]=7', form],
      ['post', '/3.1/payments/create-for-affiliate', 'aid=45&sum=120.00&currency=2&note=token%3Aabc', form],
    ]);
  });

  it.each([
    ['a dropped connection', { networkFailure: 'socket hang up' }],
    ['a 500', answer(500, { status: 2, message: 'Internal server error' })],
    ['a 502 page', answer(502, '<html>Bad Gateway</html>')],
    ['a cut body', answer(200, '{"status":1,"res')],
  ] as const)('create-for-affiliate after %s: outcome unknown, sent once', (_name, failure) => {
    const { api, client, deadline } = setup();
    api.script(anyRequest, failure, answer(200, { status: 1 }));
    const error = caught(() => client.createPaymentForAffiliate({ affiliateId: 45, sum: '120', currencyId: '2', note: 'x' }, deadline()));
    expect(error).toBeInstanceOf(AffiseOutcomeUnknownError);
    expect(error).toMatchObject({ kind: 'outcome-unknown', operation: 'create-for-affiliate', retryable: false });
    expect((error as Error).message).toMatch(/may or may not have created the invoice for a new invoice for affiliate 45.*not sent again/);
    expect(api.requests).toHaveLength(1);
  });

  it('create-for-affiliate and add-correction are not repeated even after a 429', () => {
    const { api, client, deadline } = setup();
    api.script(anyRequest, answer(429, { status: 2, message: 'Too many requests' }), answer(429, { status: 2, message: 'Too many requests' }));
    expect(caught(() => client.createPaymentForAffiliate({ affiliateId: 45, sum: '1', currencyId: '1', note: '' }, deadline()))).toBeInstanceOf(AffiseRateLimitedError);
    expect(caught(() => client.addCorrection(5, { revenue: '1', comment: 'c' }, deadline()))).toBeInstanceOf(AffiseRateLimitedError);
    expect(api.requests).toHaveLength(2);
  });

  it('idempotent writes are repeated after a 429 only (refused unprocessed), never after an unclear answer', () => {
    const { api, client, deadline } = setup();
    api.script(anyRequest, answer(429, { status: 2, message: 'Too many requests' }), answer(200, { status: 1, result: true }), answer(503, { status: 2, message: 'down' }));
    client.deletePayment(6, deadline());
    expect(api.requests).toHaveLength(2);
    const error = caught(() => client.updatePayment(6, { status: 2 }, deadline()));
    expect(error).toMatchObject({ kind: 'outcome-unknown', operation: 'update', paymentId: 6, status: 503 });
    expect(api.requests).toHaveLength(3);
  });

  it('a refused write (4xx, result false) is a definite error: nothing changed', () => {
    const { api, client, deadline } = setup();
    api.script(anyRequest, answer(400, { status: 2, message: 'Invalid status' }), answer(200, { status: 1, result: false }));
    expect(caught(() => client.updatePayment(5, { status: 9 }, deadline()))).toBeInstanceOf(AffiseBadRequestError);
    expect((caught(() => client.deletePayment(5, deadline())) as Error).message).toContain('"result": false');
  });

  it('a write never starts when the deadline is too near', () => {
    const { api, client, deadline } = setup();
    expect(caught(() => client.deletePayment(5, deadline(0)))).toBeInstanceOf(AffiseDeadlineError);
    expect(api.requests).toHaveLength(0);
  });

  it('checks write arguments before sending', () => {
    const { api, client, deadline } = setup();
    expect(() => client.updatePayment(5, {}, deadline())).toThrow(/at least one field/);
    expect(() => client.addCorrection(5, { revenue: '1,5', comment: 'x' }, deadline())).toThrow(/decimal amount/);
    expect(() => client.addCorrection(5, { revenue: '1', comment: ' ' }, deadline())).toThrow(/needs a comment/);
    expect(() => client.createPaymentForAffiliate({ affiliateId: 1, sum: '1', currencyId: 'EUR', note: '' }, deadline())).toThrow(/numeric currency id/);
    expect(() => client.deleteCorrection('../x', deadline())).toThrow(/correction id/);
    expect(api.requests).toHaveLength(0);
  });
});

describe('AffiseClient: user, partners, currencies', () => {
  it('says who the key belongs to', () => {
    const { api, client, deadline } = setup();
    api.script(anyRequest, answer(200, { status: 1, user: { id: 'u1', email: 'dana@network.test', first_name: 'Dana', last_name: 'F' } }));
    expect(client.getCurrentUser(deadline())).toEqual({ id: 'u1', email: 'dana@network.test', name: 'Dana F', roles: [] });
    expect(api.requests[0]?.url).toBe('https://api-acme.affise.test/3.1/user/me');
  });

  it('pages the partners (per_page, total_count) in parallel and reads the extended currency list', () => {
    const { api, client, deadline } = setup();
    const partner = (id: number) => ({ id, name: `P${id}`, login: `p${id}` });
    const page = (number: number, ids: number[]) => answer(200, { status: 1, partners: ids.map(partner), pagination: { per_page: 2, total_count: 5, page: number } });
    api.script((request) => request.url.includes('/3.0/admin/partners?page=1&'), page(1, [1, 2]));
    api.script((request) => request.url.includes('/3.0/admin/partners?page=2&'), page(2, [3, 4]));
    api.script((request) => request.url.includes('/3.0/admin/partners?page=3&'), page(3, [5]));
    expect(client.listPartners(deadline()).map((entry) => entry.name)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
    expect(api.roundSizes).toEqual([1, 2]);
    expect(api.requests[1]?.url).toContain('limit=2');
    api.script((request) => request.url.includes('/3.0/admin/currency?extended=1'), answer(200, { status: 1, quotes: [{ _id: 1, code: 'USD' }, { _id: 5, code: 'JPY' }] }));
    expect(client.listCurrencies(deadline()).map((currency) => [currency.id, currency.code])).toEqual([['1', 'USD'], ['5', 'JPY']]);
  });
});
