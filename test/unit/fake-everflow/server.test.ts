import { SharedClock, VIRTUAL_SENT_AT_HEADER } from '../../../test-support/clock';
import {
  DEMO_AFFILIATE_ID,
  DEMO_AFFILIATE_KEY,
  DEMO_NETWORK_KEY,
  FakeEverflowServer,
  HOSTILE_AFFILIATE_NAMES,
  QUIRKS_OFF,
  SETTLED_PAYMENT_STATUSES,
  invoiceTotals,
  type FakeEverflowOptions,
  type FakeInvoice,
} from '../../../test-support/fake-everflow';
import { LIST_PATH, cents, detail, json, list, records, request, type Reply } from './http';

const OTHER_AFFILIATE_KEY = 'other-affiliate-key';
const SECOND_DEMO_KEY = 'second-key-of-affiliate-7';
const KEYS: FakeEverflowOptions['keys'] = [
  { key: DEMO_AFFILIATE_KEY, realm: 'affiliate', affiliateId: DEMO_AFFILIATE_ID },
  { key: SECOND_DEMO_KEY, realm: 'affiliate', affiliateId: DEMO_AFFILIATE_ID },
  { key: OTHER_AFFILIATE_KEY, realm: 'affiliate', affiliateId: 8 },
  { key: DEMO_NETWORK_KEY, realm: 'network' },
];

const servers: FakeEverflowServer[] = [];

/** A server on a virtual clock; plain by default (no quirks, no rate limit) unless a test says. */
async function start(options: Partial<FakeEverflowOptions> = {}): Promise<{ server: FakeEverflowServer; baseUrl: string; clock: SharedClock }> {
  const clock = options.clock ?? SharedClock.virtual();
  const server = new FakeEverflowServer({
    invoiceCount: 120,
    invoiceCountByAffiliate: { 8: 10 },
    keys: KEYS,
    quirks: QUIRKS_OFF,
    rateLimit: { enabled: false },
    ...options,
    clock,
  });
  servers.push(server);
  return { server, baseUrl: await server.listen(), clock };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function rowIds(reply: Reply): number[] {
  return records(json(reply).invoices).map((row) => Number(row.network_affiliate_invoice_id));
}

function totalCount(reply: Reply): number {
  const paging = json(reply).paging as Record<string, unknown>;
  return Number(paging.total_count);
}

function errorText(reply: Reply): string {
  const body = json(reply);
  return String(body.error ?? body.Error);
}

describe('invoice list paging', () => {
  it('pages with page and page_size from the query and tells total_count', async () => {
    const { server, baseUrl } = await start();
    const first = await list(baseUrl);
    expect(json(first).paging).toEqual({ page: 1, page_size: 50, total_count: 120 });
    const pages = await Promise.all([1, 2, 3, 4].map((page) => list(baseUrl, {}, { page, page_size: 50 })));
    expect(pages.map((reply) => rowIds(reply).length)).toEqual([50, 50, 20, 0]);
    expect(pages.flatMap(rowIds)).toEqual(server.invoiceIds());
    expect(pages.every((reply) => totalCount(reply) === 120)).toBe(true);
  });

  it('ignores paging put in the body (only the query counts)', async () => {
    const { baseUrl } = await start();
    const reply = await request(baseUrl, LIST_PATH, { method: 'POST', body: JSON.stringify({ filters: {}, page: 2, page_size: 5 }) });
    expect(json(reply).paging).toEqual({ page: 1, page_size: 50, total_count: 120 });
  });

  it('refuses a page_size over the maximum (configurable) with an error naming page_size', async () => {
    const { server, baseUrl } = await start();
    expect((await list(baseUrl, {}, { page_size: 2000 })).status).toBe(200);
    const tooBig = await list(baseUrl, {}, { page_size: 2001 });
    expect(tooBig.status).toBe(400);
    expect(errorText(tooBig)).toContain('page_size');
    server.configure({ maxPageSize: 100 });
    expect((await list(baseUrl, {}, { page_size: 100 })).status).toBe(200);
    expect((await list(baseUrl, {}, { page_size: 101 })).status).toBe(400);
    expect((await list(baseUrl, {}, { page: 0 })).status).toBe(400);
    expect((await list(baseUrl, {}, { page_size: 'ten' })).status).toBe(400);
  });
});

describe('invoice list filters', () => {
  let baseUrl: string;
  let invoices: FakeInvoice[];
  beforeEach(async () => {
    const started = await start({ invoiceCount: 300 });
    baseUrl = started.baseUrl;
    invoices = started.server.invoices();
  });

  async function idsFor(filters: Record<string, unknown>): Promise<number[]> {
    const reply = await list(baseUrl, filters, { page_size: 2000 });
    expect(reply.status).toBe(200);
    return rowIds(reply);
  }

  const expected = (keep: (invoice: FakeInvoice) => boolean): number[] => invoices.filter(keep).map((invoice) => invoice.id);

  it('filters by status', async () => {
    const paid = await idsFor({ affiliate_invoice_status: 'paid' });
    const unpaid = await idsFor({ affiliate_invoice_status: 'unpaid' });
    expect(paid).toEqual(expected((invoice) => invoiceTotals(invoice).status === 'paid'));
    expect(unpaid).toEqual(expected((invoice) => invoiceTotals(invoice).status === 'unpaid'));
    expect(paid.length).toBeGreaterThan(0);
    expect(unpaid.length).toBeGreaterThan(0);
  });

  it('filters by the date part of the period start and end', async () => {
    const middle = invoices[Math.floor(invoices.length / 2)]!;
    const day = middle.startTime.slice(0, 10);
    expect(await idsFor({ min_start_time: day })).toEqual(expected((invoice) => invoice.startTime.slice(0, 10) >= day));
    expect(await idsFor({ max_end_time: day })).toEqual(expected((invoice) => invoice.endTime.slice(0, 10) <= day));
    const both = await idsFor({ min_start_time: '2025-01-01', max_end_time: '2025-12-31' });
    expect(both).toEqual(expected((invoice) => invoice.startTime >= '2025-01-01' && invoice.endTime.slice(0, 10) <= '2025-12-31'));
    expect(both.length).toBeGreaterThan(0);
  });

  it('filters by balance, accepting numeric strings', async () => {
    const balance = (invoice: FakeInvoice): number => invoiceTotals(invoice).balanceCents / 100;
    expect(await idsFor({ min_balance: 100 })).toEqual(expected((invoice) => balance(invoice) >= 100));
    expect(await idsFor({ min_balance: '100.50' })).toEqual(expected((invoice) => balance(invoice) >= 100.5));
    expect(await idsFor({ max_balance: '0' })).toEqual(expected((invoice) => balance(invoice) <= 0));
    const someUnpaid = invoices.find((invoice) => balance(invoice) > 0)!;
    expect(await idsFor({ min_balance: balance(someUnpaid), max_balance: balance(someUnpaid) })).toContain(someUnpaid.id);
  });

  it('answers an empty list with paging when nothing matches', async () => {
    const reply = await list(baseUrl, { min_start_time: '2099-01-01' });
    expect(json(reply)).toEqual({ invoices: [], paging: { page: 1, page_size: 50, total_count: 0 } });
  });

  it('treats an empty body or empty filters as no filter', async () => {
    expect(totalCount(await request(baseUrl, LIST_PATH, { method: 'POST' }))).toBe(300);
    expect(totalCount(await list(baseUrl, { affiliate_invoice_status: '', min_balance: null }))).toBe(300);
  });

  it('answers 400 to a bad JSON body or a malformed filter', async () => {
    const badJson = await request(baseUrl, LIST_PATH, { method: 'POST', body: '{"filters": ' });
    expect(badJson.status).toBe(400);
    const badDate = await list(baseUrl, { min_start_time: '01/02/2025' });
    expect(badDate.status).toBe(400);
    expect(errorText(badDate)).toContain('min_start_time');
    expect((await list(baseUrl, { max_balance: 'lots' })).status).toBe(400);
  });
});

describe('records on the wire', () => {
  it('names the status affiliate_invoice_status in the list and status in the detail', async () => {
    const { baseUrl } = await start();
    const row = records(json(await list(baseUrl, {}, { page_size: 1 })).invoices)[0]!;
    expect(Object.keys(row).sort()).toEqual(
      [
        'affiliate_invoice_status', 'balance', 'billed', 'currency_id', 'end_time', 'network_affiliate_invoice_id', 'network_id',
        'notes', 'paid', 'payment_terms', 'start_time', 'time_created', 'time_saved', 'timezone_id',
      ].sort(),
    );
    const invoice = json(await detail(baseUrl, Number(row.network_affiliate_invoice_id)));
    expect(invoice.status).toBe(row.affiliate_invoice_status);
    expect(invoice.network_affiliate_id).toBe(DEMO_AFFILIATE_ID);
    expect(invoice).not.toHaveProperty('affiliate_invoice_status');
    expect(invoice).not.toHaveProperty('billed');
    expect(invoice).not.toHaveProperty('paid');
    const relationship = invoice.relationship as Record<string, unknown>;
    expect(Object.keys(relationship).sort()).toEqual(['details', 'extra_periods', 'payments']);
  });

  it('shows extra periods with their own lines, referral relationships and payee fields', async () => {
    const { server, baseUrl } = await start({ invoiceCount: 200 });
    const source = server.invoices();
    const withExtra = source.find((invoice) => invoice.extraPeriods.length > 0)!;
    const extra = records((json(await detail(baseUrl, withExtra.id)).relationship as Record<string, unknown>).extra_periods);
    expect(extra).toHaveLength(withExtra.extraPeriods.length);
    for (const period of extra) {
      const lines = records((period.relationship as Record<string, unknown>).associated_details);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line.relationship).toEqual({ extra_period_id: period.network_affiliate_invoice_extra_period_id });
    }
    const withReferral = source.find((invoice) => invoice.lines.some((line) => line.type === 'referral'))!;
    const details = records((json(await detail(baseUrl, withReferral.id)).relationship as Record<string, unknown>).details);
    const referral = details.find((line) => line.type === 'referral')!;
    expect(referral.relationship).toEqual({ referred_affiliate_id: expect.any(Number), referred_affiliate_name: expect.any(String) });
    const withPayment = source.find((invoice) => invoice.payments.length > 0)!;
    const payment = records((json(await detail(baseUrl, withPayment.id)).relationship as Record<string, unknown>).payments)[0]!;
    for (const field of ['payment_type', 'payee_original_amount', 'payee_fee_amount', 'payee_currency', 'time_approved', 'time_completed', 'unix_timestamp']) {
      expect(payment).toHaveProperty(field);
    }
  });

  it('keeps money exact over the wire: billed = sum of lines, paid = settled payments, balance = billed - paid', async () => {
    const { baseUrl } = await start({ invoiceCount: 60 });
    const rows = records(json(await list(baseUrl, {}, { page_size: 100 })).invoices);
    for (const row of rows) {
      const invoice = json(await detail(baseUrl, Number(row.network_affiliate_invoice_id)));
      const relationship = invoice.relationship as Record<string, unknown>;
      const lines = [
        ...records(relationship.details),
        ...records(relationship.extra_periods).flatMap((period) => records((period.relationship as Record<string, unknown>).associated_details)),
      ];
      const settled = records(relationship.payments).filter((payment) => SETTLED_PAYMENT_STATUSES.includes(String(payment.status)));
      const billed = lines.reduce((sum, line) => sum + cents(line.invoice_currency_amount), 0);
      const paid = settled.reduce((sum, payment) => sum + cents(payment.amount), 0);
      expect(cents(row.billed)).toBe(billed);
      expect(cents(row.paid)).toBe(paid);
      expect(cents(row.balance)).toBe(billed - paid);
      expect(cents(invoice.balance)).toBe(billed - paid);
      expect(row.affiliate_invoice_status).toBe(billed === paid ? 'paid' : 'unpaid');
    }
  });

  it('answers the affiliate billing settings', async () => {
    const { baseUrl } = await start();
    const billing = json(await request(baseUrl, '/affiliates/billing'));
    expect(billing).toMatchObject({ network_affiliate_id: DEMO_AFFILIATE_ID, payment_type: expect.any(String), payment_terms: expect.stringMatching(/^Net \d+$/) });
    expect(typeof billing.minimum_payout).toBe('number');
    expect(billing.currency_id).toMatch(/^[A-Z]{3}$/);
  });

  it('is deterministic per seed', async () => {
    const one = await start({ seed: 5, quirks: {} });
    const two = await start({ seed: 5, quirks: {} });
    const three = await start({ seed: 6, quirks: {} });
    const [a, b, c] = await Promise.all([one, two, three].map(({ baseUrl }) => list(baseUrl, {}, { page_size: 120 })));
    expect(a!.text).toBe(b!.text);
    expect(a!.text).not.toBe(c!.text);
  });
});

describe('authentication and errors', () => {
  it('answers 401 without a key or with an unknown one, whatever the header casing', async () => {
    const { baseUrl } = await start();
    const missing = await list(baseUrl, {}, {}, null);
    expect(missing.status).toBe(401);
    expect(json(missing)).toEqual({ error: 'No Authentication Method Found' });
    expect((await list(baseUrl, {}, {}, 'not-a-key')).status).toBe(401);
    const reply = await fetch(`${baseUrl}${LIST_PATH}`, { method: 'POST', headers: { 'x-eflow-api-key': DEMO_AFFILIATE_KEY }, body: '{}' });
    expect(reply.status).toBe(200);
  });

  it('answers 403 Out of realm for the wrong kind of key', async () => {
    const { baseUrl } = await start();
    const affiliateOnNetwork = await request(baseUrl, '/networks/billings/affiliates/invoicestable', { method: 'POST', body: '{}' });
    expect(affiliateOnNetwork.status).toBe(403);
    expect(errorText(affiliateOnNetwork)).toBe('Out of realm');
    expect((await list(baseUrl, {}, {}, DEMO_NETWORK_KEY)).status).toBe(403);
  });

  it('answers 404 for another affiliate’s invoice or an unknown id, 400 for a non-numeric id', async () => {
    const { server, baseUrl } = await start();
    const othersId = server.invoiceIds(8)[0]!;
    expect((await detail(baseUrl, othersId)).status).toBe(404);
    expect((await detail(baseUrl, othersId, OTHER_AFFILIATE_KEY)).status).toBe(200);
    expect((await detail(baseUrl, 999)).status).toBe(404);
    expect((await detail(baseUrl, 'abc')).status).toBe(400);
    expect((await request(baseUrl, '/affiliates/nothing-here')).status).toBe(404);
  });

  it('writes error bodies as error, Error, alternating, or plain text', async () => {
    const { server, baseUrl } = await start({ errorStyle: 'Error' });
    expect(json(await detail(baseUrl, 999))).toEqual({ Error: 'Invoice not found' });
    server.configure({ errorStyle: 'alternate' });
    const alternating = await Promise.all([1, 2].map(async () => Object.keys(json(await detail(baseUrl, 999)))[0]));
    expect(alternating.sort()).toEqual(['Error', 'error']);
    server.configure({ errorStyle: 'text' });
    const text = await detail(baseUrl, 999);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text.text).toBe('Invoice not found');
  });
});

describe('rate limit', () => {
  it('shares a token bucket per affiliate, refilled by the virtual clock, with X-RateLimit headers', async () => {
    const { server, baseUrl, clock } = await start({ rateLimit: { enabled: true } });
    const remaining: string[] = [];
    for (let index = 0; index < 20; index++) {
      const reply = await detail(baseUrl, 1, index % 2 === 0 ? DEMO_AFFILIATE_KEY : SECOND_DEMO_KEY);
      expect(reply.status).toBe(404);
      expect(reply.headers.get('x-ratelimit-limit')).toBe('20');
      remaining.push(reply.headers.get('x-ratelimit-remaining') ?? '');
    }
    expect(remaining).toEqual(Array.from({ length: 20 }, (_, index) => String(19 - index)));
    const limited = await detail(baseUrl, 1, SECOND_DEMO_KEY);
    expect(limited.status).toBe(429);
    expect(errorText(limited)).toMatch(/too many/i);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');

    // Other affiliates and the network have their own buckets.
    expect((await detail(baseUrl, 1, OTHER_AFFILIATE_KEY)).status).toBe(404);
    const network = await request(baseUrl, '/networks/billings/affiliates/summary', { method: 'POST', body: '{}', key: DEMO_NETWORK_KEY });
    expect(network.status).toBe(200);
    expect(network.headers.get('x-ratelimit-limit')).toBe('50');

    clock.advance(1000); // 5 tokens a second
    const afterRefill = [];
    for (let index = 0; index < 6; index++) afterRefill.push((await detail(baseUrl, 1)).status);
    expect(afterRefill).toEqual([404, 404, 404, 404, 404, 429]);
    expect(server.stats().rateLimited).toBe(2);
  });

  it('takes configured limits', async () => {
    const { baseUrl } = await start({ rateLimit: { enabled: true, affiliate: { perSecond: 1, burst: 2 } } });
    const statuses = [];
    for (let index = 0; index < 3; index++) statuses.push((await detail(baseUrl, 1)).status);
    expect(statuses).toEqual([404, 404, 429]);
  });
});

describe('faults', () => {
  it('answers error statuses by request index', async () => {
    const { server, baseUrl } = await start({ faults: { plan: { 0: '500', 1: '502', 2: '503', 3: '429' } } });
    expect((await list(baseUrl)).status).toBe(500);
    const badGateway = await list(baseUrl);
    expect(badGateway.status).toBe(502);
    expect(badGateway.text).toContain('502 Bad Gateway');
    expect((await list(baseUrl)).status).toBe(503);
    const limited = await list(baseUrl);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await list(baseUrl)).status).toBe(200);
    expect(server.stats().byStatus).toEqual({ '500': 1, '502': 1, '503': 1, '429': 1, '200': 1 });
  });

  it('drops the socket, slows down, and truncates to half', async () => {
    const { server, baseUrl, clock } = await start({ faults: { plan: { 0: 'drop', 1: 'latency', 2: 'truncate' }, slowMs: 30_000 } });
    await expect(list(baseUrl)).rejects.toThrow();
    const before = clock.now();
    expect((await list(baseUrl)).status).toBe(200);
    expect(clock.now() - before).toBe(30_000);
    const truncated = await list(baseUrl);
    const whole = await list(baseUrl);
    expect(truncated.status).toBe(200);
    expect(() => JSON.parse(truncated.text)).toThrow();
    expect(whole.text.startsWith(truncated.text)).toBe(true);
    expect(Buffer.byteLength(truncated.text)).toBeLessThanOrEqual(Buffer.byteLength(whole.text) / 2 + 1);
    const stats = server.stats();
    expect(stats.byStatus).toEqual({ dropped: 1, '200': 3 });
    expect(stats.log.map((entry) => entry.fault)).toEqual(['drop', 'latency', 'truncate', null]);
  });

  it('answers a storm of 429s, then recovers', async () => {
    const { server, baseUrl } = await start({ faults: { storm429: { requests: 3 } } });
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await detail(baseUrl, 1)).status);
    expect(statuses).toEqual([429, 429, 429, 404]);
    server.configure({ faults: { storm429: { requests: 1 } } });
    expect((await detail(baseUrl, 1)).status).toBe(429);
    expect(server.stats().rateLimited).toBe(4);
  });

  it('injects random faults at seeded rates, the same for the same seed', async () => {
    const statusesOf = async (seed: number): Promise<number[]> => {
      const { baseUrl } = await start({ seed, invoiceCount: 5, faults: { rates: { '503': 0.3, '500': 0.2 } } });
      const statuses = [];
      for (let index = 0; index < 30; index++) statuses.push((await detail(baseUrl, 1)).status);
      return statuses;
    };
    const first = await statusesOf(3);
    expect(await statusesOf(3)).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(500);
    expect(first).toContain(404);
  });

  it('restarts the plan index on resetStats and takes plans at run time', async () => {
    const { server, baseUrl } = await start();
    await list(baseUrl);
    server.resetStats();
    server.configure({ faults: { plan: { 0: '503' } } });
    expect((await list(baseUrl)).status).toBe(503);
    expect((await list(baseUrl)).status).toBe(200);
    expect(server.stats().totalRequests).toBe(2);
  });
});

describe('latency on the virtual clock', () => {
  it('overlaps requests sent together (one stamp) and adds up sequential ones', async () => {
    const { baseUrl, clock } = await start({ latencyMs: 150 });
    const start0 = clock.now();
    const together = { headers: { [VIRTUAL_SENT_AT_HEADER]: String(start0) } };
    const replies = await Promise.all([1, 2, 3].map((page) => request(baseUrl, LIST_PATH, { method: 'POST', body: '{}', query: { page }, ...together })));
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
    expect(clock.now() - start0).toBe(150);
    // Unstamped requests arrive when they are read: one after another, each takes its own 150 ms.
    await list(baseUrl);
    await list(baseUrl);
    expect(clock.now() - start0).toBe(450);
  });

  it('takes a stamped request as sent at its stamp, however late it really arrives (a busy machine)', async () => {
    const { server, baseUrl, clock } = await start({ latencyMs: 150, rateLimit: { enabled: true } });
    const sentAt = clock.now();
    const stamped = { headers: { [VIRTUAL_SENT_AT_HEADER]: String(sentAt) } };
    await request(baseUrl, LIST_PATH, { method: 'POST', body: '{}', ...stamped });
    // The second request of the same batch reaches the server only after the first was answered.
    await request(baseUrl, LIST_PATH, { method: 'POST', body: '{}', query: { page: 2 }, ...stamped });
    expect(clock.now() - sentAt).toBe(150);
    const log = server.stats().log;
    expect(log.map((entry) => entry.arrivedAtMs)).toEqual([sentAt, sentAt]);
    expect(log.map((entry) => entry.status)).toEqual([200, 200]);
  });
});

describe('quirks', () => {
  it('sends numbers as strings, nulls, unknown fields and ISO period times, stable per record', async () => {
    const { server, baseUrl } = await start({ quirks: { numbersAsStrings: 1, nullOptionals: 1, extraFields: 1, isoPeriodTimes: 1 } });
    const rows = records(json(await list(baseUrl, {}, { page_size: 120 })).invoices);
    const source = new Map(server.invoices().map((invoice) => [invoice.id, invoice]));
    expect(rows.some((row) => typeof row.balance === 'string')).toBe(true);
    expect(rows.some((row) => !('notes' in row) || row.notes === null)).toBe(true);
    expect(rows.every((row) => ['is_locked', 'internal_reference', 'metadata', 'tags', 'deprecated_field'].some((field) => field in row))).toBe(true);
    for (const row of rows) {
      const invoice = source.get(Number(row.network_affiliate_invoice_id))!;
      expect(cents(row.balance)).toBe(invoiceTotals(invoice).balanceCents);
    }
    const id = Number(rows[0]!.network_affiliate_invoice_id);
    const first = await detail(baseUrl, id);
    expect(json(first).start_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect((await detail(baseUrl, id)).text).toBe(first.text);
  });

  it('are on at modest rates by default and off with QUIRKS_OFF', async () => {
    const quirky = await start({ quirks: undefined });
    const plain = await start();
    const quirkyRows = records(json(await list(quirky.baseUrl, {}, { page_size: 120 })).invoices);
    const plainRows = records(json(await list(plain.baseUrl, {}, { page_size: 120 })).invoices);
    const bent = quirkyRows.filter((row, index) => JSON.stringify(row) !== JSON.stringify(plainRows[index]));
    expect(bent.length).toBeGreaterThan(0);
    expect(bent.length).toBeLessThan(quirkyRows.length / 2);
    expect(plainRows.every((row) => typeof row.balance === 'number' && typeof row.timezone_id === 'number')).toBe(true);
  });
});

describe('mutations', () => {
  it('touches invoices: bumps time_saved and pays or re-opens them consistently', async () => {
    const { server, baseUrl, clock } = await start();
    const invoices = server.invoices();
    const unpaid = invoices.find((invoice) => invoiceTotals(invoice).status === 'unpaid')!;
    const paid = invoices.find((invoice) => invoiceTotals(invoice).status === 'paid')!;
    clock.advance(60_000);
    expect(server.touchInvoices([unpaid.id, paid.id])).toEqual([unpaid.id, paid.id]);
    const nowSec = Math.floor(clock.now() / 1000);

    const nowPaid = json(await detail(baseUrl, unpaid.id));
    expect(nowPaid.status).toBe('paid');
    expect(nowPaid.balance).toBe(0);
    expect(nowPaid.time_saved).toBe(nowSec);
    expect(records((nowPaid.relationship as Record<string, unknown>).payments)).toHaveLength(unpaid.payments.length + 1);

    const reopened = server.invoices().find((invoice) => invoice.id === paid.id)!;
    const totals = invoiceTotals(reopened);
    expect(totals.status).toBe('unpaid');
    expect(totals.billedCents).toBeGreaterThan(invoiceTotals(paid).billedCents);
    expect(totals.balanceCents).toBe(totals.billedCents - totals.paidCents);
    expect(reopened.lines.at(-1)?.type).toBe('adjustment');

    server.touchInvoices([paid.id], { status: 'unpaid', notes: 'changed' });
    const again = server.invoices().find((invoice) => invoice.id === paid.id)!;
    expect(again.notes).toBe('changed');
    expect(again.timeSaved).toBe(reopened.timeSaved + 1);
    expect(invoiceTotals(again)).toEqual(totals);
  });

  it('adds invoices on top and removes others', async () => {
    const { server, baseUrl, clock } = await start();
    const before = server.invoiceIds();
    const added = server.addInvoices(3);
    expect(added).toHaveLength(3);
    expect(Math.min(...added)).toBeGreaterThan(Math.max(...before));
    const rows = records(json(await list(baseUrl, {}, { page_size: 5 })).invoices);
    expect(rows.slice(0, 3).map((row) => row.network_affiliate_invoice_id).sort()).toEqual([...added].sort());
    expect(rows[0]!.time_created).toBe(Math.floor(clock.now() / 1000));
    expect(rows[0]!.affiliate_invoice_status).toBe('unpaid');

    expect(server.removeInvoices([before[0]!, 12345])).toEqual([before[0]]);
    expect((await detail(baseUrl, before[0]!)).status).toBe(404);
    expect(totalCount(await list(baseUrl))).toBe(122);
  });

  it('changes a fraction of invoices deterministically', async () => {
    const one = await start({ invoiceCount: 200 });
    const two = await start({ invoiceCount: 200 });
    const changed = one.server.changeFraction(0.01);
    expect(changed).toHaveLength(2);
    expect(two.server.mutate({ kind: 'changeFraction', fraction: 0.01 }).ids).toEqual(changed);
    const nowSec = Math.floor(one.clock.now() / 1000);
    const touched = one.server.invoices().filter((invoice) => changed.includes(invoice.id));
    expect(touched.every((invoice) => invoice.timeSaved >= nowSec)).toBe(true);
  });
});

describe('network endpoints', () => {
  it('lists every affiliate’s invoices with network fields, and sums them', async () => {
    const { baseUrl } = await start();
    const reply = await request(baseUrl, '/networks/billings/affiliates/invoicestable', {
      method: 'POST',
      key: DEMO_NETWORK_KEY,
      body: JSON.stringify({ filters: { status: 'unpaid' } }),
      query: { page_size: 500 },
    });
    const rows = records(json(reply).invoices);
    expect(new Set(rows.map((row) => row.network_affiliate_id))).toEqual(new Set([DEMO_AFFILIATE_ID, 8]));
    expect(rows.every((row) => row.affiliate_invoice_status === 'unpaid' && typeof row.payment_terms === 'number' && 'network_affiliate_name' in row)).toBe(true);

    const summary = json(
      await request(baseUrl, '/networks/billings/affiliates/summary', { method: 'POST', key: DEMO_NETWORK_KEY, body: JSON.stringify({ filters: { affiliate_invoice_status: 'unpaid' } }) }),
    );
    expect(summary.count).toBe(rows.length);
    expect(cents(summary.balance)).toBe(rows.reduce((sum, row) => sum + cents(row.balance), 0));

    const byAffiliate = json(
      await request(baseUrl, '/networks/billings/affiliates/summary', { method: 'POST', key: DEMO_NETWORK_KEY, body: JSON.stringify({ filters: { network_affiliate_ids: [8] } }) }),
    );
    expect(byAffiliate.count).toBe(10);
  });

  it('accepts the other filter names and search terms', async () => {
    const { server, baseUrl } = await start();
    const target = server.invoices(8)[3]!;
    const ids = async (body: Record<string, unknown>): Promise<number[]> =>
      rowIds(await request(baseUrl, '/networks/billings/affiliates/invoicestable', { method: 'POST', key: DEMO_NETWORK_KEY, body: JSON.stringify(body), query: { page_size: 500 } }));
    expect(await ids({ search_terms: [{ search_type: 'id', value: String(target.id) }] })).toEqual([target.id]);
    const day = target.startTime.slice(0, 10);
    const byDate = await ids({ filters: { date_from: day, date_to: target.endTime.slice(0, 10), affiliate_ids: [8] } });
    expect(byDate).toContain(target.id);
    expect(byDate).toEqual(await ids({ filters: { min_start_time: day, max_end_time: target.endTime.slice(0, 10), network_affiliate_ids: ['8'] } }));
  });

  it('shows any invoice of the network, with the affiliate when asked', async () => {
    const { server, baseUrl } = await start();
    const id = server.invoiceIds(8)[0]!;
    const invoice = json(await request(baseUrl, `/networks/billings/affiliates/invoices/${id}`, { key: DEMO_NETWORK_KEY, query: { relationship: 'all' } }));
    expect(invoice.network_affiliate_id).toBe(8);
    expect((invoice.relationship as Record<string, unknown>).affiliate).toMatchObject({ network_affiliate_id: 8 });
  });
});

describe('network side: the shared bucket, the other realm, partner names', () => {
  const SECOND_NETWORK_KEY = 'second-network-key';
  const summary = (baseUrl: string, key: string): Promise<Reply> => request(baseUrl, '/networks/billings/affiliates/summary', { method: 'POST', body: '{}', key });

  it('every key of a network draws on one bucket of 50, refilled 30 a second', async () => {
    const { baseUrl, clock } = await start({ keys: [...KEYS, { key: SECOND_NETWORK_KEY, realm: 'network' }], rateLimit: { enabled: true } });
    const statuses: number[] = [];
    for (let index = 0; index < 51; index++) statuses.push((await summary(baseUrl, index % 2 === 0 ? DEMO_NETWORK_KEY : SECOND_NETWORK_KEY)).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(50);
    expect(statuses.at(-1)).toBe(429);
    clock.advance(1000);
    const refilled: number[] = [];
    for (let index = 0; index < 31; index++) refilled.push((await summary(baseUrl, SECOND_NETWORK_KEY)).status);
    expect(refilled.filter((status) => status === 200)).toHaveLength(30);
  });

  it.each([403, 401] as const)('answers a key of the other realm %i, both ways round', async (wrongRealmStatus) => {
    const { baseUrl } = await start({ wrongRealmStatus });
    expect((await summary(baseUrl, DEMO_AFFILIATE_KEY)).status).toBe(wrongRealmStatus);
    expect((await list(baseUrl, {}, {}, DEMO_NETWORK_KEY)).status).toBe(wrongRealmStatus);
    expect((await summary(baseUrl, DEMO_NETWORK_KEY)).status).toBe(200);
  });

  it('names partners whose id ends in 3 with hostile names (23: a formula) in the list and the invoice by id', async () => {
    const { server, baseUrl } = await start({ networkAffiliateIds: [23] });
    const rows = records(json(await request(baseUrl, '/networks/billings/affiliates/invoicestable', { method: 'POST', key: DEMO_NETWORK_KEY, body: '{"filters":{"affiliate_ids":[23]}}' })).invoices);
    expect(new Set(rows.map((row) => row.network_affiliate_name))).toEqual(new Set([HOSTILE_AFFILIATE_NAMES[2]]));
    expect(HOSTILE_AFFILIATE_NAMES[2]?.startsWith('=')).toBe(true);
    const id = server.invoiceIds(23)[0] ?? 0;
    const invoice = json(await request(baseUrl, `/networks/billings/affiliates/invoices/${id}`, { key: DEMO_NETWORK_KEY, query: { relationship: 'all' } }));
    expect((invoice.relationship as Record<string, unknown>).affiliate).toMatchObject({ name: HOSTILE_AFFILIATE_NAMES[2] });
  });
});

describe('stats', () => {
  it('counts requests by route and status, and logs a key fingerprint, never the key', async () => {
    const { server, baseUrl } = await start();
    await list(baseUrl);
    await detail(baseUrl, server.invoiceIds()[0]!);
    await request(baseUrl, '/affiliates/billing');
    await list(baseUrl, {}, {}, null);
    const stats = server.stats();
    expect(stats.totalRequests).toBe(4);
    expect(stats.byRoute).toEqual({ list: 2, detail: 1, other: 1 });
    expect(stats.byStatus).toEqual({ '200': 3, '401': 1 });
    expect(stats.log.map((entry) => [entry.method, entry.route, entry.status])).toEqual([
      ['POST', 'list', 200],
      ['GET', 'detail', 200],
      ['GET', 'other', 200],
      ['POST', 'list', 401],
    ]);
    expect(stats.log[0]!.keyFingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(stats.log[3]!.keyFingerprint).toBeNull();
    expect(JSON.stringify(stats)).not.toContain(DEMO_AFFILIATE_KEY);
    server.resetStats();
    expect(server.stats()).toMatchObject({ totalRequests: 0, log: [], byStatus: {} });
  });
});
