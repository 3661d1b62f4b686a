/**
 * The Affise functions through the built bundle against the fake Affise: columns and values
 * against the fake's own records, exact sums, status words, affiliate ids, requests per call (100
 * invoices a request, affiliate names once per cache period), a warm call sending nothing, and
 * every wrong argument with the message the user sees.
 */
import { SharedClock } from '../../../test-support/clock';
import { AFFISE_QUIRKS_OFF, DEMO_AFFISE_KEY, startFakeAffise, type FakeAffiseHandle, type FakeAffisePartner, type FakeAffisePayment } from '../../../test-support/fake-affise';
import { AddOnHarness } from '../../../test-support/harness';
import { errorOf, gridOf } from '../support/harness';
import {
  AFFISE_INVOICE_HEADER,
  AFFISE_LINE_HEADER,
  AFFISE_SUMMARY_HEADER,
  affiseInvoiceRow,
  affiseLineRows,
  affiseSummaryRows,
  measureAffise,
  requestsByPath,
  shown,
  statusWord,
} from './affise-expected';

const ZONE = 'America/New_York';
const PAYMENTS = 250;
let harness: AddOnHarness;
/** Another network's API, allowed by the (emulated) manifest: the demo key is not its key. */
let otherNetwork: FakeAffiseHandle;
let payments: FakeAffisePayment[];
let partners: FakeAffisePartner[];

beforeAll(async () => {
  const clock = SharedClock.virtual();
  otherNetwork = await startFakeAffise({ clock, paymentCount: 3, keys: [{ key: 'someone-else', user: { id: 'x', email: 'x@x.test', firstName: 'X', lastName: 'Y', roles: [] } }] });
  harness = await AddOnHarness.start({
    clock,
    spreadsheetTimeZone: ZONE,
    affise: { paymentCount: PAYMENTS, partnerCount: 14, quirks: AFFISE_QUIRKS_OFF, latencyMs: 50 },
    allowedApiRoots: [otherNetwork.baseUrl],
  });
  const affise = harness.affise;
  if (!affise) throw new Error('no fake Affise');
  payments = await affise.payments();
  partners = await affise.partners();
});

afterAll(async () => {
  await harness?.close();
  await otherNetwork?.close();
});

const byId = (a: FakeAffisePayment, b: FakeAffisePayment): number => b.id - a.id;

describe('AFFISE_INVOICES', () => {
  it('shows every invoice with its affiliate name, the wall clocks as Affise shows them, in 3 list requests and 1 of partners', async () => {
    const { value, stats } = await measureAffise(harness, () => harness.formula('AFFISE_INVOICES'));
    const grid = shown(gridOf(value), ZONE);
    expect(grid[0]).toEqual(AFFISE_INVOICE_HEADER);
    const expected = [...payments].sort(byId).map((payment) => affiseInvoiceRow(payment, partners));
    expect([...grid.slice(1)].sort((a, b) => Number(b[0]) - Number(a[0]))).toEqual(expected);
    expect(requestsByPath(stats)).toEqual({ '/3.1/payments 200': Math.ceil(PAYMENTS / 100), '/3.0/admin/partners 200': 1 });
  });

  it('answers a warm call from the cache without a request', async () => {
    harness.formula('AFFISE_INVOICES', 'waiting');
    const { value, stats } = await measureAffise(harness, () => harness.formula('AFFISE_INVOICES', 'waiting'));
    expect(gridOf(value).length).toBeGreaterThan(1);
    expect(stats.totalRequests).toBe(0);
  });

  it('takes status words in any case, several separated by commas', async () => {
    const grid = gridOf(harness.formula('AFFISE_INVOICES', ' Waiting , PARTLY PAID'));
    const ids = grid.slice(1).map((row) => row[0]);
    const expected = payments.filter((payment) => payment.status === 1 || payment.status === 3).map((payment) => payment.id);
    expect(new Set(ids)).toEqual(new Set(expected));
    expect(new Set(grid.slice(1).map((row) => row[3]))).toEqual(new Set(['waiting', 'partly paid']));
  });

  it('filters on the creation date, both days included, and on affiliate ids from a range with a header', async () => {
    const sorted = [...payments].sort((a, b) => (a.postedDate < b.postedDate ? -1 : 1));
    const from = (sorted[50] as FakeAffisePayment).postedDate.slice(0, 10);
    const to = (sorted[120] as FakeAffisePayment).postedDate.slice(0, 10);
    const affiliates = [101, 103];
    const grid = gridOf(harness.formula('AFFISE_INVOICES', '', from, to, [['Affiliate ID'], [101], [''], ['103']]));
    const expected = payments.filter((payment) => payment.postedDate.slice(0, 10) >= from && payment.postedDate.slice(0, 10) <= to && affiliates.includes(payment.affiliateId));
    expect(new Set(grid.slice(1).map((row) => row[0]))).toEqual(new Set(expected.map((payment) => payment.id)));
  });

  it('shows hostile strings from Affise as plain text, never as formulas', () => {
    const grid = gridOf(harness.formula('AFFISE_INVOICES'));
    const names = grid.slice(1).map((row) => row[2]);
    expect(names).toContain('=HYPERLINK("http://evil.test","click")');
    expect(names).toContain('+Plus Traffic');
  });
});

describe('AFFISE_INVOICE_LINES', () => {
  it('gives one row per offer and payout and one per correction, 100 invoices a request; each invoice adds up to its total', async () => {
    const chosen = [...payments].sort(byId).slice(0, 150);
    const withCorrections = chosen.filter((payment) => payment.corrections.length > 0);
    expect(withCorrections.length).toBeGreaterThan(0);
    const ids = chosen.map((payment) => [payment.id]);
    const { value, stats } = await measureAffise(harness, () => harness.formula('AFFISE_INVOICE_LINES', ids));
    const grid = shown(gridOf(value), ZONE);
    expect(grid[0]).toEqual(AFFISE_LINE_HEADER);
    // Offers and payouts are keys of JSON objects: compared in any order.
    const sorted = (rows: unknown[][]): string[] => rows.map((row) => JSON.stringify(row)).sort();
    expect(sorted(grid.slice(1))).toEqual(sorted(chosen.flatMap(affiseLineRows)));
    expect(grid.slice(1).map((row) => row[0])).toEqual(chosen.flatMap((payment) => affiseLineRows(payment).map(() => payment.id)));
    expect(requestsByPath(stats)).toEqual({ '/3.1/payments 200': 2 });
    const warm = await measureAffise(harness, () => harness.formula('AFFISE_INVOICE_LINES', ids));
    expect(warm.stats.totalRequests).toBe(0);
  });

  it('leaves out ids Affise does not have', () => {
    const grid = gridOf(harness.formula('AFFISE_INVOICE_LINES', `${payments[0]?.id ?? 0}, 999999`));
    expect(new Set(grid.slice(1).map((row) => row[0]))).toEqual(new Set([payments[0]?.id]));
  });
});

describe('AFFISE_INVOICE_SUMMARY', () => {
  it('sums exactly per currency and status, never across currencies', () => {
    const grid = gridOf(harness.formula('AFFISE_INVOICE_SUMMARY'));
    expect(grid[0]).toEqual(AFFISE_SUMMARY_HEADER);
    expect(grid.slice(1)).toEqual(affiseSummaryRows(payments));
  });

  it('summarises only the statuses asked for', () => {
    const grid = gridOf(harness.formula('AFFISE_INVOICE_SUMMARY', 'completed'));
    expect(grid.slice(1)).toEqual(affiseSummaryRows(payments.filter((payment) => statusWord(payment.status) === 'completed')));
  });
});

describe('wrong arguments: the message the user sees, and no request', () => {
  it.each<[string, unknown[], string]>([
    ['AFFISE_INVOICES', ['paid'], 'status: "paid" is not an Affise status. Use "waiting", "completed", "partly paid", "pending" or "declined" (any case; several separated by commas, such as "waiting, pending"), or leave it empty for all.'],
    ['AFFISE_INVOICES', ['waiting, done'], 'status: "done" (in "waiting, done") is not an Affise status.'],
    ['AFFISE_INVOICES', [2], 'status: 2 is not an Affise status.'],
    ['AFFISE_INVOICES', ['', '2024-13-01'], 'date_from: "2024-13-01" is not a date.'],
    ['AFFISE_INVOICES', ['', 2024], 'date_from: 2024 is a number, not a date.'],
    ['AFFISE_INVOICES', ['', '', 'tomorrow'], 'date_to: "tomorrow" is not a date.'],
    ['AFFISE_INVOICES', ['', '2024-05-02', '2024-05-01'], 'date_from: "2024-05-02" is after date_to "2024-05-01". Use a date_from on or before date_to.'],
    ['AFFISE_INVOICES', ['', '', '', 'abc'], 'affiliate_ids: "abc" is not an affiliate ID.'],
    ['AFFISE_INVOICES', ['', '', '', [['Affiliate ID'], [101], [-3]]], 'affiliate_ids: -3 in row 3, column 1 of the range is not an affiliate ID.'],
    ['AFFISE_INVOICES', ['', '', '', '', 'Nope'], 'account: no connection is named "Nope". Your Affise connections: "Affise".'],
    ['AFFISE_INVOICES', ['', '', '', '', '', 'extra'], 'AFFISE_INVOICES takes at most 5 arguments (status, date_from, date_to, affiliate_ids, account); it got 6.'],
    ['AFFISE_INVOICE_LINES', [], 'invoice_ids: at least one invoice ID is needed.'],
    ['AFFISE_INVOICE_LINES', ['12, x'], 'invoice_ids: "x" (in "12, x") is not an invoice ID.'],
    ['AFFISE_INVOICE_LINES', [12, 'Everflow'], 'account: "Everflow" is an Everflow connection, and this function reads Affise. Your Affise connections: "Affise".'],
    ['AFFISE_INVOICE_SUMMARY', ['pending', '', '', '', 'x'], 'AFFISE_INVOICE_SUMMARY takes at most 4 arguments (status, date_from, date_to, account); it got 5.'],
  ])('%s(%j)', async (name, args, message) => {
    const { value, stats } = await measureAffise(harness, () => harness.formula(name, ...args));
    expect(errorOf(value)).toContain(message);
    expect(stats.totalRequests).toBe(0);
  });
});

describe('failures say what happened and what to do, never showing the key', () => {
  it('a wrong key: 401 "Token is necessary" names the key and the host as the two suspects', () => {
    harness.addConnection({ name: 'Wrong key', provider: 'affise', host: harness.affiseBaseUrl as string }, 'not-the-right-key-123');
    const message = errorOf(harness.formula('AFFISE_INVOICES', '', '', '', '', 'Wrong key'));
    expect(message).toContain('Affise did not accept the API key');
    expect(message).toContain('Either the key is wrong or the API host is not your network');
    expect(message).not.toContain('not-the-right-key-123');
  });

  it("a wrong host (another network's API): the same 401, naming the host it reached", () => {
    harness.addConnection({ name: 'Wrong host', provider: 'affise', host: otherNetwork.baseUrl }, DEMO_AFFISE_KEY);
    const message = errorOf(harness.formula('AFFISE_INVOICE_SUMMARY', '', '', '', 'wrong HOST'));
    expect(message).toContain(`at ${otherNetwork.baseUrl}`);
    expect(message).toContain('the API host is not your network');
    expect(message).not.toContain(DEMO_AFFISE_KEY);
  });

  it("a host outside the manifest's urlFetchWhitelist: refused at once, saying how a custom domain is added", () => {
    harness.addConnection({ name: 'Custom domain', provider: 'affise', host: 'https://api.billing.example.com' }, DEMO_AFFISE_KEY);
    const before = harness.emulator.urlFetchCount;
    const message = errorOf(harness.formula('AFFISE_INVOICES', '', '', '', '', 'Custom domain'));
    expect(message).toContain('This add-on may not reach https://api.billing.example.com');
    expect(message).toContain('add it to urlFetchWhitelist in appsscript.json');
    expect(harness.emulator.urlFetchCount - before).toBeLessThanOrEqual(1);
  });

  it('a plan without the Billing API: 403 says which plans have it and who can give a key', async () => {
    const affise = harness.affise;
    if (!affise) throw new Error('no fake Affise');
    await affise.configure({ billingEnabled: false });
    try {
      const message = errorOf(harness.formula('AFFISE_INVOICES', 'declined', '', '', '', 'Affise'));
      expect(message).toContain('403');
      expect(message).toContain("Billing API comes only with Affise's Scale and Custom plans");
    } finally {
      await affise.configure({ billingEnabled: true });
    }
  });

  it('with two Affise connections and no account named, the error lists them', () => {
    const message = errorOf(harness.formula('AFFISE_INVOICES'));
    expect(message).toMatch(/^account: there are \d Affise connections \("Affise", "Wrong key", "Wrong host", "Custom domain"/);
  });
});
