/**
 * Failures between the add-on and Everflow, through the built bundle: what is retried (and still
 * gives the right rows), and the message a person reads when something must be fixed first.
 */
import {
  DEFAULT_KEYS,
  DEMO_AFFILIATE_ID,
  DEMO_AFFILIATE_KEY,
  QUIRKS_OFF,
  type ErrorStyle,
  type FakeEverflowConfigPatch,
  type FakeInvoice,
} from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { comparable, invoicesRow, lineRows, table } from '../support/expected';
import { clearCachedData, column, errorOf, fakeApi, gridOf, measure, requestsByRouteAndStatus, useApiKey } from '../support/harness';


const PAGING_AFFILIATE = 42;
const PAGING_KEY = 'e2e-paging-affiliate-key';
const WRONG_KEY = 'e2e-wrong-key-0000';
/** A key both the partner and the network endpoints refuse (403 Out of realm). */
const REFUSED_KEY = 'e2e-refused-key-0000';
const SHEET_ZONE = 'UTC';

const SET_KEY = 'Extensions > Affiliate Billing > Open sidebar > Connection';
const MESSAGES = {
  noKey: 'No Everflow connection is set up. Add one in the sidebar: Extensions > Affiliate Billing > Open sidebar > Connection.',
  wrongKey: `Everflow rejected the API key (401 No Authentication Method Found). Set a valid affiliate API key: ${SET_KEY}.`,
  refusedKey:
    'Everflow refused this API key on its partner and its network endpoints alike (403 Out of realm): the key may lack the permission to read invoices, or belong to another kind of account. ' +
    `Check the key in Everflow (partner portal: My Account > API; network: the API keys of your Control Center), then set it again: ${SET_KEY}.`,
  unknownInvoice: (id: number) =>
    `Everflow has no invoice ${id} for this API key (404 Invoice not found): the id does not exist or the invoice belongs to another affiliate.`,
  storm: 'Everflow kept answering 429 Too Many Requests for the invoice list (page 1) (6 attempts). The request limit is shared by everyone using the same Everflow account; try again in a minute.',
};

/** What every test starts from: no faults, the documented answers, the demo key, an empty cache. */
const NORMAL: FakeEverflowConfigPatch = { faults: { plan: {}, rates: {}, storm429: { requests: 0 } }, errorStyle: 'error', maxPageSize: 2000, latencyMs: 0 };

let harness: AddOnHarness;
let records: FakeInvoice[];
let ids: number[];

beforeAll(async () => {
  harness = await AddOnHarness.start({
    api: {
      invoiceCount: 30,
      invoiceCountByAffiliate: { [PAGING_AFFILIATE]: 1200 },
      keys: [...DEFAULT_KEYS, { key: PAGING_KEY, realm: 'affiliate', affiliateId: PAGING_AFFILIATE }, { key: REFUSED_KEY, realm: 'none' }],
      quirks: QUIRKS_OFF,
    },
  });
  records = await fakeApi(harness).invoices(DEMO_AFFILIATE_ID);
  ids = records.map((invoice) => invoice.id);
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(async () => {
  await fakeApi(harness).configure(NORMAL);
  useApiKey(harness, DEMO_AFFILIATE_KEY);
  clearCachedData(harness);
  // A full rate-limit bucket, whatever the test before spent.
  harness.clock.advance(10_000);
});

/** EFLOW_INVOICES with these faults: its rows must still equal the fake's records. */
async function listDespite(patch: FakeEverflowConfigPatch) {
  await fakeApi(harness).configure(patch);
  const nowMs = harness.clock.now();
  const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES'));
  expect(comparable(gridOf(value), SHEET_ZONE)).toEqual(table('EFLOW_INVOICES', records.map((invoice) => invoicesRow(invoice, nowMs))));
  return requestsByRouteAndStatus(stats);
}

describe('retried until the answer is right', () => {
  it('a storm of 429s', async () => {
    expect(await listDespite({ faults: { storm429: { requests: 5 } } })).toEqual({ 'list 429': 5, 'list 200': 1 });
    expect(harness.emulator.logs.filter((line) => /the invoice list \(page 1\) failed \(RateLimitedError\); retry \d of 5/.test(line)).length).toBeGreaterThanOrEqual(5);
  });

  it('server errors, whatever their body (a gateway answers HTML)', async () => {
    expect(await listDespite({ faults: { plan: { 0: '500', 1: '502', 2: '503' } } })).toEqual({ 'list 500': 1, 'list 502': 1, 'list 503': 1, 'list 200': 1 });
  });

  it('JSON cut short', async () => {
    expect(await listDespite({ faults: { plan: { 0: 'truncate', 1: 'truncate' } } })).toEqual({ 'list 200': 3 });
  });

  it('a dropped connection', async () => {
    expect(await listDespite({ faults: { plan: { 0: 'drop' } } })).toEqual({ 'list dropped': 1, 'list 200': 1 });
  });

  it('faults among parallel detail requests', async () => {
    const chosen = records.slice(0, 8);
    // Details not cached are fetched directly: requests 0-7, sent together.
    await fakeApi(harness).configure({ faults: { plan: { 0: '500', 1: 'truncate', 2: '429', 3: '503', 4: 'drop', 11: '502' } } });
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICE_LINES', column(chosen.map((invoice) => invoice.id))));
    expect(comparable(gridOf(value), SHEET_ZONE)).toEqual(table('EFLOW_INVOICE_LINES', chosen.flatMap(lineRows)));
    const byStatus = requestsByRouteAndStatus(stats);
    expect(byStatus).toMatchObject({ 'detail 500': 1, 'detail 429': 1, 'detail 503': 1, 'detail dropped': 1, 'detail 502': 1 });
    expect(stats.byRoute.list).toBe(0);
    expect(stats.byRoute.detail).toBeGreaterThan(8);
  });

  it('a page size Everflow refuses: smaller pages, every invoice still there', async () => {
    useApiKey(harness, PAGING_KEY);
    await fakeApi(harness).configure({ maxPageSize: 500 });
    const paging = await fakeApi(harness).invoices(PAGING_AFFILIATE);
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES'));
    expect(gridOf(value).slice(1).map((row) => row[0])).toEqual(paging.map((invoice) => invoice.id));
    expect(stats.log.map((entry) => `${entry.query} ${entry.status}`).sort()).toEqual([
      'page=1&page_size=1000 400',
      'page=1&page_size=2000 400',
      'page=1&page_size=500 200',
      'page=2&page_size=500 200',
      'page=3&page_size=500 200',
    ]);
  });
});

describe('failing with a message that says what to do', () => {
  it('a 429 storm outlasting the retries', async () => {
    await fakeApi(harness).configure({ faults: { storm429: { requests: 1000 } } });
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES'));
    expect(errorOf(value)).toBe(MESSAGES.storm);
    expect(requestsByRouteAndStatus(stats)).toEqual({ 'list 429': 6 });
  });

  it('a 429 storm outlasting the time budget (slow answers)', async () => {
    // Six-second answers: at most four attempts fit in 25 s, whatever the backoff drew.
    await fakeApi(harness).configure({ latencyMs: 6000, faults: { storm429: { requests: 1000 } } });
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES'));
    const message = errorOf(value);
    const match =
      /^Stopped to stay within the time limit after 0 of 1 pages of the invoice list; the last attempt failed: Everflow kept answering 429 Too Many Requests for the invoice list \(page 1\) \((\d) attempts\)\. The request limit is shared by everyone using the same Everflow account; try again in a minute\.$/.exec(
        message,
      );
    expect(match).not.toBeNull();
    expect(requestsByRouteAndStatus(stats)).toEqual({ 'list 429': Number(match?.[1]) });
    expect(Number(match?.[1])).toBeLessThan(6);
  });

  it.each<{ name: string; args: unknown[] }>([
    { name: 'EFLOW_INVOICES', args: [] },
    { name: 'EFLOW_INVOICE_SUMMARY', args: ['unpaid'] },
    { name: 'EFLOW_INVOICE', args: ['$first'] },
    { name: 'EFLOW_INVOICE_LINES', args: ['$first'] },
    { name: 'EFLOW_INVOICE_PAYMENTS', args: ['$first'] },
  ])('$name: wrong key (401, not retried), a key both realms refuse (403), no key (nothing sent)', async ({ name, args }) => {
    const callArgs = args.map((arg) => (arg === '$first' ? ids[0] : arg));
    useApiKey(harness, WRONG_KEY);
    const wrong = await measure(harness, () => harness.formula(name, ...callArgs));
    expect(errorOf(wrong.value)).toBe(MESSAGES.wrongKey);
    // A key of unknown type: a 401 from the partner side may be a network key's (Everflow may answer the other kind 401), so the network side is asked once; its 401 too. Never retried.
    expect(wrong.stats.log.map((entry) => [entry.path.startsWith('/v1/networks/') ? 'network' : 'partner', entry.status])).toEqual([
      ['partner', 401],
      ['network', 401],
    ]);

    useApiKey(harness, REFUSED_KEY);
    const refused = await measure(harness, () => harness.formula(name, ...callArgs));
    expect(errorOf(refused.value)).toBe(MESSAGES.refusedKey);
    // The partner endpoint's 403, then the network side asked once: its 403 too. Never retried.
    expect(refused.stats.totalRequests).toBe(2);

    useApiKey(harness, null);
    const none = await measure(harness, () => harness.formula(name, ...callArgs));
    expect(errorOf(none.value)).toBe(MESSAGES.noKey);
    expect(none.fetches).toBe(0);
  });

  it('an invoice id Everflow does not know, named in the message and not retried', async () => {
    const unknown = 123_456;
    const single = await measure(harness, () => harness.formula('EFLOW_INVOICE', unknown));
    expect(errorOf(single.value)).toBe(MESSAGES.unknownInvoice(unknown));
    expect(requestsByRouteAndStatus(single.stats)).toEqual({ 'detail 404': 1 });

    const mixed = await measure(harness, () => harness.formula('EFLOW_INVOICE_PAYMENTS', `${ids[0]}, ${unknown}`));
    expect(errorOf(mixed.value)).toBe(MESSAGES.unknownInvoice(unknown));
    expect(mixed.stats.log.filter((entry) => entry.status === 404)).toHaveLength(1);
  });

  it('an invoice of another affiliate is "not found" for this key', async () => {
    const [otherAffiliates] = await fakeApi(harness).invoiceIds(PAGING_AFFILIATE);
    expect(errorOf(harness.formula('EFLOW_INVOICE', otherAffiliates))).toBe(MESSAGES.unknownInvoice(otherAffiliates as number));
  });

  describe.each<ErrorStyle>(['error', 'Error', 'alternate', 'text'])('error bodies as %s', (errorStyle) => {
    beforeEach(async () => {
      await fakeApi(harness).configure({ errorStyle });
    });

    it('still quote Everflow\'s words', () => {
      useApiKey(harness, WRONG_KEY);
      expect(errorOf(harness.formula('EFLOW_INVOICES'))).toBe(MESSAGES.wrongKey);
      useApiKey(harness, REFUSED_KEY);
      expect(errorOf(harness.formula('EFLOW_INVOICES'))).toBe(MESSAGES.refusedKey);
      useApiKey(harness, DEMO_AFFILIATE_KEY);
      expect(errorOf(harness.formula('EFLOW_INVOICE', 98_765))).toBe(MESSAGES.unknownInvoice(98_765));
    });
  });
});
