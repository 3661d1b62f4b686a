import { Deadline } from '../../../../src/ports/clock';
import { EverflowClient } from '../../../../src/provider/everflow/client';
import { AuthenticationError } from '../../../../src/provider/everflow/errors';
import { NetworkInvoiceConflictError } from '../../../../src/provider/everflow/network';
import type { KeyType } from '../../../../src/provider/everflow/rate-pacer';
import { SharedClock } from '../../../../test-support/clock';
import { DEMO_AFFILIATE_ID, DEMO_AFFILIATE_KEY, DEMO_NETWORK_KEY, QUIRKS_OFF, invoiceTotals, startFakeEverflow, type FakeEverflowHandle, type FakeInvoice } from '../../../../test-support/fake-everflow';
import { IntlZoneRules } from '../../../../test-support/intl-zone-rules';
import { SyncHttpPort } from '../../../../test-support/sync-http-port';

/** The Everflow client with a network key against the fake API in its worker, over loopback HTTP, on one virtual clock. */
describe('EverflowClient with a network key, against the fake Everflow', () => {
  const clock = SharedClock.virtual();
  const http = new SyncHttpPort(clock);
  let fake: FakeEverflowHandle;
  const client = (apiKey = DEMO_NETWORK_KEY, keyType: KeyType = 'network'): EverflowClient =>
    new EverflowClient({ http, clock, sleeper: clock, apiKey, keyType, baseUrl: fake.baseUrl, zones: new IntlZoneRules(), random: () => 0.5 });
  const deadline = (): Deadline => Deadline.after(clock, 300_000);
  const everyone = { status: null, startDate: null, endDate: null, minBalance: null, maxBalance: null, affiliateIds: null, search: null } as const;

  beforeAll(async () => {
    fake = await startFakeEverflow({ clock, seed: 5, invoiceCount: 300, networkAffiliateIds: [21, 22, 23] });
  });

  afterAll(async () => {
    await fake.close();
    await http.close();
  });

  beforeEach(async () => {
    await fake.configure({ faults: { plan: {}, rates: {} } });
    await fake.resetStats();
  });

  it('tells a network key from a partner key in one request each way, and a wrong key by its 401', async () => {
    const network = client(DEMO_NETWORK_KEY, 'affiliate');
    expect(network.detectKeyRole(deadline())).toBe('network');
    expect(network.stats.requests).toBe(1);
    const partner = client(DEMO_AFFILIATE_KEY, 'affiliate');
    expect(partner.detectKeyRole(deadline())).toBe('affiliate');
    expect(partner.stats.requests).toBe(2);
    expect(() => client('no-such-key', 'affiliate').detectKeyRole(deadline())).toThrow(AuthenticationError);
  });

  it('tells the roles apart just as well where the other side answers 401 instead of 403', async () => {
    await fake.configure({ wrongRealmStatus: 401 });
    try {
      const network = client(DEMO_NETWORK_KEY, 'affiliate');
      expect(network.detectKeyRole(deadline())).toBe('network');
      const partner = client(DEMO_AFFILIATE_KEY, 'network');
      expect(partner.detectKeyRole(deadline())).toBe('affiliate');
      expect(partner.stats.requests).toBe(2);
      expect((await fake.stats()).byStatus).toEqual({ '200': 2, '401': 1 });
      expect(() => client('no-such-key', 'affiliate').detectKeyRole(deadline())).toThrow(AuthenticationError);
    } finally {
      await fake.configure({ wrongRealmStatus: 403 });
    }
  });

  it('lists every partner’s invoices with the network’s fields, in one page of 2000', async () => {
    const records = await fake.networkInvoices();
    const network = client();
    const items = network.listNetworkInvoices(everyone, deadline());
    expect(items.map((item) => item.id).sort()).toEqual(records.map((record) => record.id).sort());
    expect(new Set(items.map((item) => item.network?.affiliateId))).toEqual(new Set([DEMO_AFFILIATE_ID, 21, 22, 23]));
    expect(items.every((item) => item.network?.affiliateName !== null && item.paymentTermsDays !== undefined)).toBe(true);
    const byId = new Map(records.map((record) => [record.id, record]));
    for (const item of items) {
      const record = byId.get(item.id);
      expect(item.network?.internalNotes ?? '').toBe(record?.internalNotes ?? '');
      expect(item.network?.isHiddenAffiliate).toBe(record?.hiddenAffiliate ?? false);
    }
    expect(network.stats).toMatchObject({ requests: 1, rateLimited: 0 });
  });

  it('filters by partners, search and status; the request carries both names of each filter', async () => {
    const network = client();
    const some = network.listNetworkInvoices({ ...everyone, affiliateIds: [21, 23], status: 'unpaid' }, deadline());
    expect(some.length).toBeGreaterThan(0);
    expect(some.every((item) => (item.network?.affiliateId === 21 || item.network?.affiliateId === 23) && item.status === 'unpaid')).toBe(true);
    const target = some[0];
    if (!target) throw new Error('no invoice');
    const found = network.listNetworkInvoices({ ...everyone, search: String(target.id) }, deadline());
    expect(found.map((item) => item.id)).toContain(target.id);
  });

  it('reads any partner’s invoice by id with a network key', async () => {
    const [record] = (await fake.networkInvoices()).filter((invoice) => invoice.affiliateId === 23);
    if (!record) throw new Error('no invoice');
    const details: unknown[] = [];
    client().fetchInvoiceDetails([record.id], deadline(), (detail) => details.push(detail));
    expect(details).toEqual([expect.objectContaining({ id: record.id, affiliateId: 23 })]);
    const log = (await fake.stats()).log;
    expect(log.at(-1)).toMatchObject({ path: `/v1/networks/billings/affiliates/invoices/${record.id}`, query: 'relationship=all', status: 200 });
  });

  it('paces 150 invoices by id through the network bucket (30 a second, burst 50): no 429, rounds of about a second', async () => {
    const ids = (await fake.networkInvoices()).slice(0, 150).map((record) => record.id);
    const network = client();
    const details: number[] = [];
    network.fetchInvoiceDetails(ids, deadline(), (detail) => details.push(detail.id));
    expect(details.sort()).toEqual([...ids].sort());
    expect(network.stats).toMatchObject({ requests: 150, rateLimited: 0 });
    expect((await fake.stats()).rateLimited).toBe(0);
    expect(network.stats.rounds).toBeLessThanOrEqual(8);
  });

  it.each([
    ['20 a second, X-RateLimit-Limit 20', { perSecond: 20, burst: 20 }, 0],
    ['20 a second, X-RateLimit-Limit 50', { perSecond: 20, burst: 50 }, 8],
  ])('paces 300 invoices by id where the network bucket is the older page’s %s: every invoice, at most %i 429s', async (_name, bucket, most429s) => {
    await fake.configure({ rateLimit: { network: bucket } });
    try {
      const ids = (await fake.networkInvoices()).slice(0, 300).map((record) => record.id);
      const network = client();
      const details: number[] = [];
      network.fetchInvoiceDetails(ids, deadline(), (detail) => details.push(detail.id));
      expect(details.sort()).toEqual([...ids].sort());
      expect(network.stats.rateLimited).toBe((await fake.stats()).rateLimited);
      expect(network.stats.rateLimited).toBeLessThanOrEqual(most429s);
      // At 20 a second, 300 requests need about 13 seconds after the burst: rounds of about a second, never one by one.
      expect(network.stats.rounds).toBeLessThanOrEqual(20);
    } finally {
      await fake.configure({ rateLimit: { network: { perSecond: 30, burst: 50 } } });
    }
  });
});

describe('a change to a network invoice (PUT, a full replacement)', () => {
  const clock = SharedClock.virtual();
  const http = new SyncHttpPort(clock);
  let fake: FakeEverflowHandle;
  const client = (): EverflowClient =>
    new EverflowClient({ http, clock, sleeper: clock, apiKey: DEMO_NETWORK_KEY, keyType: 'network', baseUrl: fake.baseUrl, zones: new IntlZoneRules(), random: () => 0.5 });
  const deadline = (): Deadline => Deadline.after(clock, 300_000);

  beforeAll(async () => {
    fake = await startFakeEverflow({ clock, seed: 9, invoiceCount: 60, networkAffiliateIds: [21], quirks: QUIRKS_OFF });
  });

  afterAll(async () => {
    await fake.close();
    await http.close();
  });

  it('never wipes what the invoice by id leaves out: internal notes, the hidden flag, terms and line items survive a change of the public notes', async () => {
    const records = await fake.networkInvoices();
    const target = records.find((record) => (record.internalNotes ?? '') !== '' && record.lines.length > 1 && record.extraPeriods.length === 0);
    if (!target) throw new Error('no invoice with internal notes and lines');
    client().replaceNetworkInvoice(target.id, { publicNotes: 'Paid by wire on the 3rd' }, target.timeSaved, deadline());
    const after = (await fake.networkInvoices()).find((record) => record.id === target.id);
    expect(after).toMatchObject({
      notes: 'Paid by wire on the 3rd',
      internalNotes: target.internalNotes,
      hiddenAffiliate: target.hiddenAffiliate,
      startTime: target.startTime.slice(0, 10) + ' 00:00:00',
      paymentTerms: target.paymentTerms === null ? null : expect.any(String),
    });
    expect(after?.lines.map((line) => [line.id, line.invoiceCurrencyAmountCents])).toEqual(target.lines.map((line) => [line.id, line.invoiceCurrencyAmountCents]));
    expect(invoiceTotals(after as FakeInvoice)).toEqual(invoiceTotals(target));
    const journal = await fake.journal();
    expect(journal.filter((entry) => entry.invoiceIds.includes(target.id))).toEqual([expect.objectContaining({ kind: 'update', method: 'PUT' })]);
    expect(journal.filter((entry) => entry.kind === 'payment')).toEqual([]);
  });

  it('changes many statuses in PATCH batches of 100, with a result per invoice (an unknown id fails alone)', async () => {
    const unpaid = (await fake.networkInvoices()).filter((record) => invoiceTotals(record).status === 'unpaid').slice(0, 249).map((record) => record.id);
    const network = client();
    const results = network.setNetworkStatus([...unpaid, 999_999_999], 'paid', deadline());
    expect(results.filter((result) => result.ok).map((result) => result.invoiceId)).toEqual(unpaid);
    expect(results.at(-1)).toEqual({ invoiceId: 999_999_999, ok: false, answered: true, error: 'Invoice not found' });
    expect(network.stats.requests).toBe(Math.ceil((unpaid.length + 1) / 100));
    const after = new Map((await fake.networkInvoices()).map((record) => [record.id, record]));
    expect(unpaid.every((id) => invoiceTotals(after.get(id) as FakeInvoice).status === 'paid')).toBe(true);
    expect((await fake.journal()).filter((entry) => entry.kind === 'payment')).toEqual([]);
  });

  it('sends nothing when the invoice changed since it was read (time_saved)', async () => {
    const [target] = await fake.networkInvoices();
    if (!target) throw new Error('no invoice');
    const before = (await fake.journal()).length;
    expect(() => client().replaceNetworkInvoice(target.id, { internalNotes: 'x' }, target.timeSaved - 1, deadline())).toThrow(NetworkInvoiceConflictError);
    expect(await fake.journal()).toHaveLength(before);
  });
});
