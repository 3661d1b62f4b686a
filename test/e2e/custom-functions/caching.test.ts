/**
 * The cache through the built bundle: what a repeated, changed or interrupted call costs in
 * requests to the fake API.
 */
import { DATA_EPOCH_PROPERTY } from '../../../src/app/cache-generation';
import { invoiceTotals, QUIRKS_OFF, type FakeInvoice } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { comparable, invoicesRow, lineRows, table } from '../support/expected';
import { clearCachedData, column, detailRequestIds, errorOf, fakeApi, gridOf, measure, requestsByRouteAndStatus } from '../support/harness';


/** Lists live 600 s in the cache. */
const LIST_EXPIRY_MS = 601_000;
const SHEET_ZONE = 'UTC';

let harness: AddOnHarness;
let records: FakeInvoice[];

beforeAll(async () => {
  harness = await AddOnHarness.start({ api: { invoiceCount: 520, quirks: QUIRKS_OFF } });
  records = await fakeApi(harness).invoices();
});

afterAll(async () => {
  await harness?.close();
});

/** The fake's records of these invoices as they are now, in the order given. */
async function currentRecords(ids: readonly number[]): Promise<FakeInvoice[]> {
  records = await fakeApi(harness).invoices();
  return ids.map((id) => {
    const found = records.find((invoice) => invoice.id === id);
    if (!found) throw new Error(`the fake has no invoice ${id}`);
    return found;
  });
}

/** The first `count` invoices of a status, in list order. */
function invoicesWith(status: 'paid' | 'unpaid', count: number, skip = 0): FakeInvoice[] {
  const found = records.filter((invoice) => invoiceTotals(invoice).status === status).slice(skip, skip + count);
  if (found.length < count) throw new Error(`the data has fewer than ${count + skip} ${status} invoices`);
  return found;
}

describe('invoice lists', () => {
  it('a second identical call, or the same filters typed differently, costs no request', async () => {
    const first = await measure(harness, () => harness.formula('EFLOW_INVOICES', 'paid', '2025-01-01'));
    expect(first.stats.totalRequests).toBe(1);
    const again = await measure(harness, () => [
      harness.formula('EFLOW_INVOICES', 'paid', '2025-01-01'),
      harness.formula('EFLOW_INVOICES', ' PAID ', '2025-01-01', '', undefined),
      harness.formula('EFLOW_INVOICES', [['paid']], '2025-01-01'),
    ]);
    expect(again.fetches).toBe(0);
    for (const outcome of again.value) expect(gridOf(outcome)).toEqual(gridOf(first.value));
  });

  it('the summary reads the list the same filters already fetched', async () => {
    harness.formula('EFLOW_INVOICES', 'unpaid');
    const { value, fetches } = await measure(harness, () => harness.formula('EFLOW_INVOICE_SUMMARY', 'unpaid'));
    expect(gridOf(value).length).toBeGreaterThan(1);
    expect(fetches).toBe(0);
  });

  it('is fetched again once it expires, showing what changed meanwhile', async () => {
    const [changed] = invoicesWith('unpaid', 1, 5);
    if (!changed) throw new Error('no invoice to change');
    harness.formula('EFLOW_INVOICES');
    await fakeApi(harness).mutate({ kind: 'touch', ids: [changed.id], changes: { status: 'paid' } });
    expect((await measure(harness, () => harness.formula('EFLOW_INVOICES'))).fetches).toBe(0);

    harness.clock.advance(LIST_EXPIRY_MS);
    const nowMs = harness.clock.now();
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICES'));
    expect(stats.byRoute).toEqual({ list: 1, detail: 0, other: 0 });
    records = await fakeApi(harness).invoices();
    const rows = comparable(gridOf(value), SHEET_ZONE);
    expect(rows).toEqual(table('EFLOW_INVOICES', records.map((invoice) => invoicesRow(invoice, nowMs))));
    expect(rows.find((row) => row[0] === changed.id)?.[1]).toBe('paid');
  });
});

describe('invoice details', () => {
  it('EFLOW_INVOICE_LINES fetches each invoice once; payments and single invoices then cost nothing', async () => {
    const chosen = invoicesWith('paid', 6);
    const ids = chosen.map((invoice) => invoice.id);
    const first = await measure(harness, () => harness.formula('EFLOW_INVOICE_LINES', column(ids)));
    expect(comparable(gridOf(first.value), SHEET_ZONE)).toEqual(table('EFLOW_INVOICE_LINES', chosen.flatMap(lineRows)));
    expect(detailRequestIds(first.stats).sort()).toEqual([...ids].sort());
    expect(first.stats.byRoute.list).toBeLessThanOrEqual(1);

    const again = await measure(harness, () => {
      harness.formula('EFLOW_INVOICE_LINES', column(ids));
      harness.formula('EFLOW_INVOICE_LINES', ids.join(','), 'offer_detail');
      harness.formula('EFLOW_INVOICE_PAYMENTS', column(ids));
      for (const id of ids) harness.formula('EFLOW_INVOICE', id);
    });
    expect(again.fetches).toBe(0);
  });

  it.each([
    {
      how: 'the list expires',
      renew: () => harness.clock.advance(LIST_EXPIRY_MS),
    },
    {
      how: 'a refresh starts a new data epoch',
      renew: () => harness.emulator.documentProperties.setProperty(DATA_EPOCH_PROPERTY, `e2e-${harness.clock.now()}`),
    },
  ])('after one invoice changes and $how, only that invoice is fetched again', async ({ renew }) => {
    const [unchanged, changed] = [invoicesWith('paid', 4, 10), invoicesWith('paid', 1, 14)];
    const ids = [...unchanged, ...changed].map((invoice) => invoice.id);
    const changedId = ids[ids.length - 1] as number;
    harness.formula('EFLOW_INVOICE_LINES', column(ids));

    // Re-opening a paid invoice bills late conversions: one more line, a newer time_saved.
    await fakeApi(harness).mutate({ kind: 'touch', ids: [changedId], changes: { status: 'unpaid' } });
    renew();
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICE_LINES', column(ids)));
    expect(requestsByRouteAndStatus(stats)).toEqual({ 'list 200': 1, 'detail 200': 1 });
    expect(detailRequestIds(stats)).toEqual([changedId]);

    const now = await currentRecords(ids);
    expect(comparable(gridOf(value), SHEET_ZONE)).toEqual(table('EFLOW_INVOICE_LINES', now.flatMap(lineRows)));
    expect(now.flatMap(lineRows).length).toBe([...unchanged, ...changed].flatMap(lineRows).length + 1);
  });

  it('an invoice newer than the cached list is fetched once, not on every call', async () => {
    harness.formula('EFLOW_INVOICES');
    const { ids: [added] } = await fakeApi(harness).mutate({ kind: 'add', count: 1 });
    const first = await measure(harness, () => harness.formula('EFLOW_INVOICE', added));
    expect(first.value.ok).toBe(true);
    expect(first.stats.byRoute.detail).toBe(1);
    const again = await measure(harness, () => [harness.formula('EFLOW_INVOICE', added), harness.formula('EFLOW_INVOICE_LINES', added)]);
    expect(again.fetches).toBe(0);
  });

  it('a range with blanks, header text and duplicates fetches each invoice once', async () => {
    const [a, b] = invoicesWith('unpaid', 2, 20);
    if (!a || !b) throw new Error('no invoices');
    harness.clock.advance(LIST_EXPIRY_MS);
    const range = [['Invoice ID', ''], [a.id, ''], ['', null], [String(b.id), a.id], [` ${b.id} `, ''], [a.id, b.id]];
    const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICE_LINES', range));
    expect(detailRequestIds(stats).sort()).toEqual([a.id, b.id].sort());
    expect(stats.byRoute.detail).toBe(2);
    expect(comparable(gridOf(value), SHEET_ZONE)).toEqual(table('EFLOW_INVOICE_LINES', [a, b].flatMap(lineRows)));
  });
});

describe('a call that cannot finish within the custom-function budget', () => {
  // The most ids one call takes (MAX_INVOICE_IDS): their details must also all fit the cache's ~1,000 entries.
  const PARTIAL = /^Fetched (\d+) of 500 invoices before the time limit\. The ones fetched are cached: recalculate \(edit the formula or an argument\) to continue where this stopped\. For thousands of invoices, a scheduled report is faster\.$/;

  it('500 invoices at 5 requests/s: each call says how far it got, the next continues, the last succeeds, and a repeat costs nothing', async () => {
    const chosenIds = records.slice(0, 500).map((invoice) => invoice.id);
    const ids = column(chosenIds);
    // Nothing cached, and a full bucket to start from: 20 requests at once, then 5 a second.
    clearCachedData(harness);
    harness.clock.advance(LIST_EXPIRY_MS);
    harness.formula('EFLOW_INVOICES');

    const fetchedPerCall: number[][] = [];
    const progress: number[] = [];
    for (let call = 1; call <= 8; call++) {
      const { value, stats } = await measure(harness, () => harness.formula('EFLOW_INVOICE_LINES', ids));
      fetchedPerCall.push(stats.log.filter((entry) => entry.route === 'detail' && entry.status === 200).map((entry) => Number(entry.path.split('/').pop())));
      if (value.ok) {
        expect(comparable(gridOf(value), SHEET_ZONE)).toEqual(table('EFLOW_INVOICE_LINES', (await currentRecords(chosenIds)).flatMap(lineRows)));
        break;
      }
      const match = PARTIAL.exec(errorOf(value));
      expect(match).not.toBeNull();
      progress.push(Number(match?.[1]));
    }

    // It did not fit in one call, and each call fetched only what the calls before it had not.
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(fetchedPerCall).toHaveLength(progress.length + 1);
    const reached = [0, ...progress, 500];
    fetchedPerCall.forEach((fetched, call) => expect(fetched.length).toBe((reached[call + 1] ?? 0) - (reached[call] ?? 0)));
    // No invoice was fetched twice: every call continued where the one before stopped.
    const all = fetchedPerCall.flat();
    expect(all).toHaveLength(500);
    expect(new Set(all).size).toBe(500);

    const afterwards = await measure(harness, () => harness.formula('EFLOW_INVOICE_PAYMENTS', ids));
    expect(afterwards.value.ok).toBe(true);
    expect(afterwards.fetches).toBe(0);
  });
});
