import { SharedClock } from '../../../test-support/clock';
import {
  AFFISE_CURRENCIES,
  AFFISE_QUIRKS_OFF,
  DEMO_AFFISE_KEY,
  FakeAffiseServer,
  revenueUnits,
  totalUnits,
  unitsToText,
  type FakeAffiseOptions,
} from '../../../test-support/fake-affise';

/** Parsed JSON, read field by field in assertions: its shape is what is under test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const servers: FakeAffiseServer[] = [];

async function start(options: Partial<FakeAffiseOptions> = {}) {
  const clock = options.clock ?? SharedClock.virtual();
  const server = new FakeAffiseServer({ paymentCount: 250, quirks: AFFISE_QUIRKS_OFF, ...options, clock });
  servers.push(server);
  const baseUrl = await server.listen();
  const call = async (method: string, path: string, init: { query?: string; form?: string; key?: string | null; contentType?: string } = {}) => {
    const headers: Record<string, string> = {};
    const key = init.key === undefined ? DEMO_AFFISE_KEY : init.key;
    if (key !== null) headers['API-Key'] = key;
    if (init.form !== undefined) headers['content-type'] = init.contentType ?? 'application/x-www-form-urlencoded';
    const response = await fetch(`${baseUrl}${path}${init.query ? `?${init.query}` : ''}`, { method, headers, body: init.form });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) as Record<string, Loose> };
  };
  const list = (query: string, key?: string | null) => call('GET', '/3.1/payments', { query: `date_from=2000-01-01&date_to=2100-01-01&${query}`, key });
  return { server, baseUrl, clock, call, list };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const ids = (body: Record<string, Loose>): number[] => (body.payments as Array<{ id: number }>).map((payment) => Number(payment.id));

describe('fake Affise: the list', () => {
  it('pages by page and limit (at most 100) with pagination.total, newest id first', async () => {
    const { server, list } = await start();
    const pages = await Promise.all([1, 2, 3].map((page) => list(`page=${page}&limit=100`)));
    expect(pages.map((reply) => ids(reply.json()).length)).toEqual([100, 100, 50]);
    expect(pages.flatMap((reply) => ids(reply.json()))).toEqual(server.payments().map((payment) => payment.id));
    expect(pages[0]?.json().pagination).toEqual({ page: 1, limit: 100, total: 250 });
    const tooBig = await list('limit=101');
    expect(tooBig.status).toBe(400);
    expect(tooBig.json()).toEqual({ status: 2, message: 'limit must not be greater than 100' });
    server.configure({ overLimit: 'cap' });
    expect((await list('limit=500')).json().pagination).toEqual({ page: 1, limit: 100, total: 250 });
  });

  it('requires date_from and date_to, with the error envelope', async () => {
    const { call } = await start();
    const missing = await call('GET', '/3.1/payments', { query: 'date_to=2026-01-01' });
    expect(missing.status).toBe(400);
    expect(missing.json()).toEqual({ status: 2, message: 'date_from is required' });
    expect((await call('GET', '/3.1/payments', { query: 'date_from=2026-01-01' })).json().message).toBe('date_to is required');
    expect((await call('GET', '/3.1/payments', { query: 'date_from=2026-13-01&date_to=2026-12-01' })).status).toBe(400);
  });

  it('filters the dates on posted_date, both days included', async () => {
    const { server, call } = await start();
    const sample = server.payments()[40];
    const day = sample?.postedDate.slice(0, 10) ?? '';
    const reply = await call('GET', '/3.1/payments', { query: `date_from=${day}&date_to=${day}` });
    const expected = server.payments().filter((payment) => payment.postedDate.startsWith(day)).map((payment) => payment.id);
    expect(ids(reply.json())).toEqual(expected);
    expect(expected).toContain(sample?.id);
  });

  it('reads id[], aid[] and status[] written both as name[]= and as name[0]=', async () => {
    const { server, list } = await start();
    const [first, second] = server.partners();
    const expected = server.payments().filter((payment) => [first?.id, second?.id].includes(payment.affiliateId) && [1, 2].includes(payment.status)).map((payment) => payment.id);
    const brackets = await list(`aid[]=${first?.id}&aid[]=${second?.id}&status[]=1&status[]=2`);
    const indexed = await list(`aid[0]=${first?.id}&aid[1]=${second?.id}&status[0]=1&status[1]=2`);
    expect(ids(brackets.json())).toEqual(expected);
    expect(ids(indexed.json())).toEqual(expected);
    expect(ids((await list('id[0]=1005&id[1]=1007')).json())).toEqual([1007, 1005]);
    expect((await list('aid[]=abc')).status).toBe(400);
  });

  it('filters update_from_date / update_from_hour on updated_at', async () => {
    const { server, clock, list } = await start();
    clock.advance(86_400_000);
    const touched = server.mutate({ kind: 'touch', ids: [1010, 1020] }).ids;
    const now = new Date(clock.now());
    const day = now.toISOString().slice(0, 10);
    const hour = now.getUTCHours();
    expect(ids((await list(`update_from_date=${day}&update_from_hour=${hour}`)).json()).sort()).toEqual(touched.sort());
    // The virtual clock starts at noon: nothing was updated from the next hour on.
    expect(hour).toBe(12);
    expect(ids((await list(`update_from_date=${day}&update_from_hour=13`)).json())).toEqual([]);
    expect(ids((await list(`update_from_date=${day}&update_from_hour=12&update_to_date=${day}&update_to_hour=12`)).json()).sort()).toEqual(touched.sort());
    expect((await list(`update_from_date=${day}&update_from_hour=24`)).status).toBe(400);
  });

  it('sends the documented shapes: revenue with 8 decimals, currency id with its code, [] for no corrections', async () => {
    const { server, list } = await start();
    const rows = (await list('limit=100')).json().payments as Array<Record<string, Loose>>;
    const records = server.payments();
    for (const row of rows) {
      const record = records.find((payment) => payment.id === row.id);
      if (!record) throw new Error(`no record ${row.id}`);
      expect(row.revenue).toMatch(/^\d+\.\d{8}$/);
      expect(row.revenue).toBe(unitsToText(revenueUnits(record)));
      expect(AFFISE_CURRENCIES.find((currency) => currency.id === row.currency)?.code).toBe(row.currency_code);
      expect(row.posted_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      if (record.corrections.length === 0) expect(row.additional_payments).toEqual([]);
      else expect(Object.keys(row.additional_payments)).toEqual(record.corrections.map((correction) => correction.id));
    }
  });

  it('seeds demo data with several currencies (a 3-decimal and a 0-decimal one), corrections, offers, hostile strings', async () => {
    const { server } = await start();
    const payments = server.payments();
    const codes = new Set(payments.map((payment) => AFFISE_CURRENCIES.find((currency) => currency.id === payment.currencyId)?.code));
    expect([...codes].sort()).toEqual(['EUR', 'GBP', 'JPY', 'KWD', 'USD']);
    expect(payments.some((payment) => payment.corrections.length > 0)).toBe(true);
    expect(payments.some((payment) => payment.offers.length > 1)).toBe(true);
    expect(payments.some((payment) => payment.offers.some((offer) => offer.costs.length > 1))).toBe(true);
    expect(payments.some((payment) => /^[=+\-@]|<script|<img/.test(payment.comment) || /^[=+\-@]|<script|<img/.test(payment.notes))).toBe(true);
    expect(server.partners().some((partner) => partner.name.startsWith('='))).toBe(true);
    expect(new Set(payments.map((payment) => payment.status))).toContain(5);
  });

  it('bends records with quirks when asked: numbers as strings, nulls, extra fields', async () => {
    const { list } = await start({ quirks: { numbersAsStrings: 1, nullOptionals: 1, extraFields: 1 } });
    const row = ((await list('limit=1')).json().payments as Array<Record<string, unknown>>)[0] ?? {};
    expect(typeof row.id).toBe('string');
    expect(typeof row.pid).toBe('string');
    expect(Object.keys(row).some((key) => ['invoice_number', 'tipalti_status', 'is_locked'].includes(key))).toBe(true);
  });
});

describe('fake Affise: auth, plan and errors', () => {
  it('answers 401 "Token is necessary" without a key or with a wrong one; the key also works as a query parameter', async () => {
    const { list, call } = await start();
    for (const key of [null, 'wrong']) {
      const reply = await list('', key);
      expect(reply.status).toBe(401);
      expect(reply.json()).toEqual({ status: 2, message: 'Token is necessary' });
    }
    expect((await call('GET', '/3.1/user/me', { key: null, query: `API-Key=${DEMO_AFFISE_KEY}` })).status).toBe(200);
  });

  it('a plan without the Billing API: 403 "Auth Denied" on payments, user/me still answers', async () => {
    const { list, call, server } = await start({ billingEnabled: false });
    const reply = await list('');
    expect(reply.status).toBe(403);
    expect(reply.json()).toEqual({ status: 2, message: 'Auth Denied' });
    expect((await call('GET', '/3.1/user/me')).json().user.email).toBe('finance@demo-network.test');
    server.configure({ billingEnabled: true });
    expect((await list('')).status).toBe(200);
  });

  it('404 for unknown invoices and paths, 405 for a wrong method', async () => {
    const { call } = await start();
    expect((await call('GET', '/3.1/payments/99999')).json()).toEqual({ status: 2, message: 'Payment not found' });
    expect((await call('GET', '/3.1/nothing')).status).toBe(404);
    expect((await call('DELETE', '/3.1/payments')).status).toBe(405);
  });

  it('user/me, partners (paged) and currencies (plain and extended)', async () => {
    const { call } = await start({ partnerCount: 12 });
    const me = (await call('GET', '/3.1/user/me')).json();
    expect(me.user).toMatchObject({ email: 'finance@demo-network.test', first_name: 'Dana' });
    expect(JSON.stringify(me)).not.toContain(DEMO_AFFISE_KEY);
    const partners = (await call('GET', '/3.0/admin/partners', { query: 'page=2&limit=5' })).json();
    expect(partners.pagination).toEqual({ per_page: 5, total_count: 12, page: 2, next_page: 3 });
    expect((partners.partners as unknown[]).length).toBe(5);
    const extended = (await call('GET', '/3.0/admin/currency', { query: 'extended=1' })).json();
    expect(extended.quotes).toContainEqual({ _id: 5, code: 'JPY', active: true, default: false, rate: 149.5 });
    expect((await call('GET', '/3.0/admin/currency')).json().quotes.USD).toBe(1);
  });
});

describe('fake Affise: faults', () => {
  it('5xx, 429 (and storms), truncated bodies, dropped connections and latency, by request index', async () => {
    const { list, server, clock } = await start({ faults: { plan: { 0: '500', 1: '502', 2: '429', 3: 'truncate', 5: 'latency' }, slowMs: 4_000 } });
    expect((await list('')).json()).toEqual({ status: 2, message: 'Internal server error' });
    expect((await list('')).text).toContain('502 Bad Gateway');
    expect((await list('')).status).toBe(429);
    const cut = await list('');
    expect(cut.status).toBe(200);
    expect(() => cut.json()).toThrow();
    server.configure({ faults: { plan: { 4: 'drop' } } });
    await expect(list('')).rejects.toThrow();
    const before = clock.now();
    server.configure({ faults: { plan: { 5: 'latency' } } });
    expect((await list('')).status).toBe(200);
    expect(clock.now() - before).toBe(4_000);
    server.configure({ faults: { plan: {}, storm429: { requests: 2 } } });
    expect([(await list('')).status, (await list('')).status, (await list('')).status]).toEqual([429, 429, 200]);
    expect(server.stats().rateLimited).toBe(3);
  });
});

describe('fake Affise: writes', () => {
  it('update is form-encoded; notes is written note; updated_at moves on every change', async () => {
    const { server, call } = await start();
    const before = server.payments().find((payment) => payment.id === 1010);
    const first = await call('POST', '/3.1/payments/1010', { form: 'status=2&comment=paid+%3D1&note=%3Cb%3E&payment_account=ACC-9' });
    expect(first.status).toBe(200);
    expect(first.json().payment).toMatchObject({ id: 1010, status: 2, comment: 'paid =1', notes: '<b>', pay_acc: 'ACC-9' });
    const second = await call('POST', '/3.1/payments/1010', { form: 'comment=again' });
    expect(second.json().payment.updated_at > first.json().payment.updated_at).toBe(true);
    expect(first.json().payment.updated_at > (before?.updatedAt ?? '')).toBe(true);
    expect((await call('POST', '/3.1/payments/1010', { form: 'status=9' })).json()).toEqual({ status: 2, message: 'Invalid status' });
    // A JSON body is not a form: nothing is read, nothing changes.
    expect((await call('POST', '/3.1/payments/1010', { form: '{"status":2}', contentType: 'application/json' })).status).toBe(400);
  });

  it('add-correction and del-correction change additional_payments and the total', async () => {
    const { server, call } = await start();
    const id = server.payments().find((payment) => payment.corrections.length === 0)?.id ?? 0;
    expect((await call('POST', `/3.1/payments/${id}/add-correction`, { form: 'revenue=-15.5' })).json()).toEqual({ status: 2, message: 'comment is required' });
    const added = (await call('POST', `/3.1/payments/${id}/add-correction`, { form: 'revenue=-15.5&comment=chargeback' })).json();
    const correctionId = added.correction_id as string;
    expect(added.payment.additional_payments[correctionId]).toMatchObject({ revenue: '-15.50000000', comment: 'chargeback' });
    const record = server.payments().find((payment) => payment.id === id);
    expect(record && totalUnits(record) - revenueUnits(record)).toBe(-1_550_000_000);
    expect((await call('DELETE', `/3.1/payments/del-correction/${correctionId}`)).json()).toEqual({ status: 1, result: true });
    expect((await call('DELETE', `/3.1/payments/del-correction/${correctionId}`)).status).toBe(404);
    expect((await call('GET', `/3.1/payments/${id}`)).json().payment.additional_payments).toEqual([]);
  });

  it('delete and bulk-delete (a per-id map that can partly fail, ids[] or ids[0])', async () => {
    const { server, call } = await start({ bulkDeleteRefusedIds: [1003] });
    expect((await call('DELETE', '/3.1/payments/delete/1001')).json()).toEqual({ status: 1, result: true });
    expect((await call('DELETE', '/3.1/payments/delete/1001')).status).toBe(404);
    const bulk = await call('POST', '/3.1/payments/bulk-delete', { form: 'ids[0]=1002&ids[1]=1003&ids[2]=1001&ids[3]=1004' });
    expect(bulk.json()).toEqual({ status: 1, result: { '1002': true, '1003': false, '1001': false, '1004': true } });
    expect(server.payments().map((payment) => payment.id)).not.toEqual(expect.arrayContaining([1001, 1002, 1004]));
    expect(server.payments().some((payment) => payment.id === 1003)).toBe(true);
  });

  it('create-for-affiliate answers no id; the invoice appears only after the delay on the shared clock', async () => {
    const { server, call, list, clock } = await start({ creationDelayMs: 180_000 });
    const partner = server.partners()[0];
    const refused = await call('POST', '/3.1/payments/create-for-affiliate', { form: `aid=${partner?.id}&sum=120.00&currency=EUR&note=x` });
    expect(refused.json()).toEqual({ status: 2, message: 'Invalid currency' });
    const created = await call('POST', '/3.1/payments/create-for-affiliate', { form: `aid=${partner?.id}&sum=120.00&currency=4&note=token%3Aabc` });
    expect(created.json()).toEqual({ status: 1, message: 'Payment creation started. It will take a few minutes.' });
    const findNew = async () => ((await list(`aid[]=${partner?.id}`)).json().payments as Array<Record<string, Loose>>).filter((row) => row.notes === 'token:abc');
    expect(await findNew()).toEqual([]);
    clock.advance(180_000);
    const [row] = await findNew();
    expect(row).toMatchObject({ revenue: '120.00000000', currency: '4', currency_code: 'KWD', status: 1, details: [], additional_payments: [] });
  });

  it('journals every write request as parsed, with whether it was applied; faults before and after the change', async () => {
    const { server, call } = await start({ faults: { plan: { 1: '503', 2: 'drop' } } });
    await call('POST', '/3.1/payments/1010', { form: 'status=4' });
    await call('POST', '/3.1/payments/1010/add-correction', { form: 'revenue=5&comment=bonus' });
    await expect(call('POST', '/3.1/payments/bulk-delete', { form: 'ids[]=1011&ids[]=1012' })).rejects.toThrow();
    await call('GET', '/3.1/payments/1010');
    const journal = server.journal();
    expect(journal.map((entry) => [entry.operation, entry.paymentId, entry.fields, entry.applied, entry.status])).toEqual([
      ['update', 1010, { status: '4' }, true, 200],
      ['add-correction', 1010, { revenue: '5', comment: 'bonus' }, false, 503],
      ['bulk-delete', null, { ids: ['1011', '1012'] }, true, 'dropped'],
    ]);
    expect(server.payments().some((payment) => payment.id === 1011)).toBe(false);
    expect(JSON.stringify(journal)).not.toContain(DEMO_AFFISE_KEY);
  });
});
