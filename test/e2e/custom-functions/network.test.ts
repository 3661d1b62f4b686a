/**
 * The custom functions with an Everflow network key, through the built bundle against the fake
 * API: every partner's invoices, the network's columns, the new filters and their wrong forms, the
 * key's role found from Everflow's 403 without a request for a partner key.
 */
import { DEMO_AFFILIATE_KEY, DEMO_NETWORK_KEY, QUIRKS_OFF, invoiceTotals, type FakeInvoice } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { agingRows, table } from '../support/expected';
import { clearCachedData, errorOf, fakeApi, gridOf, measure, requestsByRouteAndStatus, useApiKey } from '../support/harness';

const PARTNERS = [21, 22, 23];
let harness: AddOnHarness;
let records: FakeInvoice[];

beforeAll(async () => {
  harness = await AddOnHarness.start({
    api: { invoiceCount: 40, networkAffiliateIds: PARTNERS, quirks: QUIRKS_OFF },
    apiKey: DEMO_NETWORK_KEY,
    spreadsheetTimeZone: 'UTC',
  });
  records = (await fakeApi(harness).networkInvoices()).filter((invoice) => invoice.deleted !== true);
});

afterAll(async () => {
  await harness?.close();
});

const header = (grid: unknown[][]): unknown[] => grid[0] ?? [];
const column = (grid: unknown[][], name: string): unknown[] => {
  const index = header(grid).indexOf(name);
  if (index < 0) throw new Error(`no column ${name}`);
  return grid.slice(1).map((row) => row[index]);
};

describe('EFLOW_INVOICES with a network key', () => {
  it('finds the role from one 403 and one request, then lists every partner’s invoices with the network’s columns', async () => {
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES'));
    const grid = gridOf(value);
    expect(header(grid)).toEqual([
      'Invoice ID', 'Affiliate ID', 'Affiliate', 'Status', 'Period start', 'Period end', 'Time zone', 'Currency', 'Billed', 'Paid', 'Balance',
      'Payment terms', 'Due date', 'Days overdue', 'Notes', 'Internal notes', 'Payment status', 'Paid date', 'Hidden affiliate', 'Created', 'Updated',
    ]);
    expect(column(grid, 'Invoice ID').sort()).toEqual(records.map((invoice) => invoice.id).sort());
    expect(new Set(column(grid, 'Affiliate ID'))).toEqual(new Set([7, ...PARTNERS]));
    const byId = new Map(records.map((invoice) => [invoice.id, invoice]));
    const ids = column(grid, 'Invoice ID');
    // Hostile notes longer than a cell holds are shortened by the sheet layer: their start is compared.
    column(grid, 'Internal notes').forEach((notes, index) => expect(String(notes).slice(0, 1000)).toBe((byId.get(Number(ids[index]))?.internalNotes ?? '').slice(0, 1000)));
    column(grid, 'Hidden affiliate').forEach((hidden, index) => expect(hidden).toBe(byId.get(Number(ids[index]))?.hiddenAffiliate ? 'Yes' : 'No'));
    // The affiliate list refused the key (403), the network probe answered, then the list: no 429, nothing else.
    expect(requestsByRouteAndStatus(stats)).toEqual({ 'list 403': 1, 'list 200': 2 });
  });

  it('knows the role on the next call: one request for new filters', async () => {
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES', 'unpaid', '', '', '', '', '21, 23'));
    const grid = gridOf(value);
    const expected = records.filter((invoice) => [21, 23].includes(invoice.affiliateId) && invoiceTotals(invoice).status === 'unpaid');
    expect(column(grid, 'Invoice ID').sort()).toEqual(expected.map((invoice) => invoice.id).sort());
    expect(stats.totalRequests).toBe(1);
    expect(stats.log[0]?.path).toBe('/v1/networks/billings/affiliates/invoicestable');
  });

  it('takes affiliate_ids as one id, a range (header and blanks skipped) or a comma list: one request each, those partners only', async () => {
    const ofPartners = (partners: number[]) => records.filter((invoice) => partners.includes(invoice.affiliateId)).map((invoice) => invoice.id).sort();
    for (const [given, partners] of [[22, [22]], [[['Affiliate ID'], [21], [''], ['23']], [21, 23]], ['23; 7', [7, 23]]] as const) {
      const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES', '', '', '', '', '', given));
      expect(column(gridOf(value), 'Invoice ID').sort()).toEqual(ofPartners([...partners]));
      expect(stats.totalRequests).toBeLessThanOrEqual(1);
    }
  });

  it('searches by invoice id', async () => {
    const target = records[3];
    if (!target) throw new Error('no invoice');
    const grid = gridOf(harness.formula('EFLOW_INVOICES', '', '', '', '', '', '', target.id));
    expect(column(grid, 'Invoice ID')).toContain(target.id);
  });

  it.each<[string, unknown[], string]>([
    ['affiliate_ids "7, x"', ['', '', '', '', '', '7, x'], 'affiliate_ids: "x" (in "7, x") is not an affiliate ID. Use whole numbers above 0 such as 123'],
    ['affiliate_ids -3', ['', '', '', '', '', -3], 'affiliate_ids: -3 is not an affiliate ID.'],
    ['affiliate_ids TRUE', ['', '', '', '', '', true], 'affiliate_ids: TRUE is not an affiliate ID.'],
    ['search TRUE', ['', '', '', '', '', '', true], 'search: TRUE is not search text. Use text of at most 200 characters'],
    ['search of 201 characters', ['', '', '', '', '', '', 'x'.repeat(201)], 'search: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" is 201 characters long.'],
    ['status "removed"', ['removed'], 'status: "removed" is not a status. Use "paid", "unpaid", "deleted" (network keys only) or leave it empty.'],
  ])('refuses %s with a message, sending nothing', async (_name, args, message) => {
    const { value, fetches } = await measure(harness, () => harness.formula('EFLOW_INVOICES', ...args));
    expect(errorOf(value)).toContain(message);
    expect(fetches).toBe(0);
  });
});

describe('the other functions with a network key', () => {
  it('EFLOW_INVOICE_LINES and EFLOW_INVOICE_PAYMENTS put the partner after the invoice id', () => {
    const ids = records.filter((invoice) => invoice.payments.length > 0).slice(0, 3).map((invoice) => invoice.id);
    const lines = gridOf(harness.formula('EFLOW_INVOICE_LINES', ids.join(',')));
    expect(header(lines).slice(0, 4)).toEqual(['Invoice ID', 'Affiliate ID', 'Affiliate', 'Line ID']);
    const payments = gridOf(harness.formula('EFLOW_INVOICE_PAYMENTS', ids.join(',')));
    expect(header(payments).slice(0, 4)).toEqual(['Invoice ID', 'Affiliate ID', 'Affiliate', 'Payment ID']);
    const byId = new Map(records.map((invoice) => [invoice.id, invoice]));
    const invoiceIds = column(payments, 'Invoice ID');
    column(payments, 'Affiliate ID').forEach((affiliate, index) => expect(affiliate).toBe(byId.get(Number(invoiceIds[index]))?.affiliateId));
    expect(column(payments, 'Affiliate').every((name) => typeof name === 'string' && name !== '')).toBe(true);
  });

  it.each(['unpaid', 'paid'])('EFLOW_INVOICE_SUMMARY totals every partner’s %s invoices per currency from the list, never the network summary’s one figure across currencies', async (status) => {
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICE_SUMMARY', status, '', '', '22'));
    expect(new Set(stats.log.map((entry) => entry.path))).toEqual(new Set(['/v1/networks/billings/affiliates/invoicestable']));
    const grid = gridOf(value);
    const expected = new Map<string, { count: number; balance: number }>();
    for (const invoice of records.filter((record) => record.affiliateId === 22 && invoiceTotals(record).status === status)) {
      const entry = expected.get(invoice.currency) ?? { count: 0, balance: 0 };
      expected.set(invoice.currency, { count: entry.count + 1, balance: entry.balance + invoiceTotals(invoice).balanceCents });
    }
    const rows = grid.slice(1).map((row) => [row[0], row[1], Math.round(Number(row[4]) * 100)]);
    expect(rows.sort()).toEqual([...expected.entries()].map(([currency, { count, balance }]) => [currency, count, balance]).sort());
  });
});

describe('EFLOW_INVOICE_AGING with a network key', () => {
  // The network list sends payment_terms as whole days (the fake: the terms' number, 0 without one): due that many days after the period end.
  const asNetworkSends = (invoices: FakeInvoice[]): FakeInvoice[] =>
    invoices.map((invoice) => ({ ...invoice, paymentTerms: `Net ${/(\d+)/.exec(invoice.paymentTerms ?? '')?.[1] ?? 0}` }));

  it.each(['2026-01-31', '2027-03-01'])('buckets every partner’s unpaid balances as of %s, per currency, exact, from the network list alone', async (asOf) => {
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICE_AGING', asOf));
    expect(new Set(records.map((invoice) => invoice.affiliateId)).size).toBeGreaterThan(1);
    expect(gridOf(value)).toEqual(table('EFLOW_INVOICE_AGING', agingRows(asNetworkSends(records), asOf)));
    // The network's unpaid list (once; cached after); never a request for one invoice.
    expect(new Set(stats.log.filter((entry) => entry.status === 200).map((entry) => entry.path))).toEqual(new Set(asOf === '2026-01-31' ? ['/v1/networks/billings/affiliates/invoicestable'] : []));
    expect(stats.byRoute.detail).toBe(0);
  });

  it('counts to today in each invoice’s own zone when as_of is empty, and its totals reconcile with EFLOW_INVOICE_SUMMARY', () => {
    const grid = gridOf(harness.formula('EFLOW_INVOICE_AGING'));
    expect(grid).toEqual(table('EFLOW_INVOICE_AGING', agingRows(asNetworkSends(records), harness.clock.now())));
    const summary = gridOf(harness.formula('EFLOW_INVOICE_SUMMARY', 'unpaid')).slice(1);
    expect(grid.slice(1).map((row) => [row[0], row[7]])).toEqual(summary.filter((row) => Number(row[4]) > 0).map((row) => [row[0], row[4]]));
  });
});

describe('a partner key', () => {
  beforeAll(() => {
    useApiKey(harness, DEMO_AFFILIATE_KEY);
    clearCachedData(harness);
  });

  afterAll(() => {
    useApiKey(harness, DEMO_NETWORK_KEY);
  });

  it('refuses a network-only filter of a key never tested after asking the network side once', async () => {
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES', 'deleted'));
    expect(errorOf(value)).toContain('status "deleted" works only with an Everflow network key');
    // The role was never stored (no Test connection): the network endpoint is asked, and refuses.
    expect(requestsByRouteAndStatus(stats)).toEqual({ 'list 403': 1 });
    expect(stats.log[0]?.path).toBe('/v1/networks/billings/affiliates/invoicestable');
  });

  it('keeps its columns and costs no request to find its role', async () => {
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES'));
    expect(header(gridOf(value))).not.toContain('Affiliate');
    expect(requestsByRouteAndStatus(stats)).toEqual({ 'list 200': 1 });
  });

  it.each<[string, unknown[], string]>([
    ['status "deleted"', ['deleted'], 'status "deleted" works only with an Everflow network key'],
    ['affiliate_ids', ['', '', '', '', '', '21'], 'affiliate_ids works only with an Everflow network key'],
    ['search', ['', '', '', '', '', '', 'Acme'], 'search works only with an Everflow network key'],
  ])('refuses %s, which only a network key has, without a request once the partner side answered', async (_name, args, message) => {
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES', ...args));
    expect(errorOf(value)).toContain(message);
    // The partner list answered the call before: the role is known (in the document cache, as a custom function may not write the record).
    expect(stats.totalRequests).toBe(0);
  });
});

/** Where Everflow answers a key of the other kind 401 instead of 403 "Out of realm": the same, on the built bundle. */
describe('an Everflow that answers the other kind of key 401', () => {
  const SECOND_NETWORK_KEY = 'second-network-key';
  const SECOND_PARTNER_KEY = 'second-partner-key';

  beforeAll(async () => {
    await fakeApi(harness).configure({
      keys: [
        { key: DEMO_NETWORK_KEY, realm: 'network' },
        { key: DEMO_AFFILIATE_KEY, realm: 'affiliate', affiliateId: 7 },
        { key: SECOND_NETWORK_KEY, realm: 'network' },
        { key: SECOND_PARTNER_KEY, realm: 'affiliate', affiliateId: 7 },
      ],
      wrongRealmStatus: 401,
    });
  });

  afterAll(async () => {
    await fakeApi(harness).configure({ wrongRealmStatus: 403 });
    useApiKey(harness, DEMO_NETWORK_KEY);
  });

  it('a network key never tested: the partner side’s 401, the network probe, the list with the network’s columns', async () => {
    useApiKey(harness, SECOND_NETWORK_KEY);
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES'));
    const grid = gridOf(value);
    expect(header(grid).slice(0, 3)).toEqual(['Invoice ID', 'Affiliate ID', 'Affiliate']);
    expect(column(grid, 'Invoice ID').sort()).toEqual(records.map((invoice) => invoice.id).sort());
    expect(requestsByRouteAndStatus(stats)).toEqual({ 'list 401': 1, 'list 200': 2 });
  });

  it('a partner key never tested, asked for search: the filter’s message, not a rejected key', async () => {
    useApiKey(harness, SECOND_PARTNER_KEY);
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES', '', '', '', '', '', '', 'Acme'));
    expect(errorOf(value)).toContain('search works only with an Everflow network key');
    expect(requestsByRouteAndStatus(stats)).toEqual({ 'list 401': 1, 'list 200': 1 });
    const columns = await measure(harness, () => harness.formula('EFLOW_INVOICES'));
    expect(header(gridOf(columns.value))).not.toContain('Affiliate');
    expect(columns.stats.totalRequests).toBe(1);
  });

  it('a key Everflow does not know: rejected, after both sides said 401', async () => {
    useApiKey(harness, 'no-such-key');
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES'));
    expect(errorOf(value)).toContain('Everflow rejected the API key (401');
    expect(requestsByRouteAndStatus(stats)).toEqual({ 'list 401': 2 });
  });

  it('a key tested as a network’s that now draws a 401 there: may have changed type, test the connection again; no probe', async () => {
    useApiKey(harness, SECOND_PARTNER_KEY);
    harness.recordEverflowRole('network');
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES', 'paid'));
    expect(errorOf(value)).toMatch(
      /^Everflow rejected this connection's key on its network endpoints \(401 .*\), though it was a network key when last tested: .*changed type.*Test the connection again to find out what the key is now: .*> Test\./,
    );
    expect(requestsByRouteAndStatus(stats)).toEqual({ 'list 401': 1 });
  });
});
