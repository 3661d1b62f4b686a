import { Deadline } from '../../../../src/ports/clock';
import { EverflowClient } from '../../../../src/provider/everflow/client';
import { AuthenticationError } from '../../../../src/provider/everflow/errors';
import type { KeyType } from '../../../../src/provider/everflow/rate-pacer';
import { SharedClock } from '../../../../test-support/clock';
import { DEMO_AFFILIATE_ID, DEMO_AFFILIATE_KEY, DEMO_NETWORK_KEY, invoiceTotals, startFakeEverflow, type FakeEverflowHandle } from '../../../../test-support/fake-everflow';
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

  it('answers the summary in one request, equal to the list’s totals for one currency', async () => {
    const records = (await fake.networkInvoices()).filter((record) => record.affiliateId === 22 && invoiceTotals(record).status === 'unpaid');
    const network = client();
    const summary = network.networkSummary({ ...everyone, affiliateIds: [22], status: 'unpaid' }, deadline());
    expect(summary.count).toBe(records.length);
    expect(Math.round((summary.balance ?? NaN) * 100)).toBe(records.reduce((sum, record) => sum + invoiceTotals(record).balanceCents, 0));
    expect(network.stats.requests).toBe(1);
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
});
