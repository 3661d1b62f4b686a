/**
 * A formula dragged down a column: Sheets runs one execution per cell, many at once, all sharing
 * the document's cache and the account's rate limit (5 requests a second, bursts of 20). Each
 * cell of one id costs about one request, with no listing of every invoice and no 429s, and
 * every cell answers within its 30 seconds.
 */
import { QUIRKS_OFF } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { comparable, lineRows, table } from '../support/expected';
import { fakeApi } from '../support/harness';

/** The stand-in the problem was measured on. */
const INVOICES = 2_345;

let harness: AddOnHarness;
beforeEach(async () => {
  harness = await AddOnHarness.start({ api: { invoiceCount: INVOICES, quirks: QUIRKS_OFF, requestLogLimit: 10_000 } });
});
afterEach(async () => {
  await harness?.close();
});

async function dragDown(count: number) {
  const api = fakeApi(harness);
  const ids = (await api.invoiceIds()).slice(0, count);
  await api.resetStats();
  const outcomes = await harness.formulasAtOnce(ids.map((id) => ({ name: 'EFLOW_INVOICE_LINES', args: [id] })));
  return { ids, outcomes, stats: await api.stats() };
}

it.each([10, 50, 200])('%i cells of one id each: one detail request per cell, no listing, no 429, every cell answers', async (count) => {
  const { ids, outcomes, stats } = await dragDown(count);
  expect(outcomes.filter((outcome) => !outcome.ok).map((outcome) => (outcome.ok ? '' : outcome.error))).toEqual([]);
  expect(stats.byRoute).toMatchObject({ list: 0, detail: count });
  expect(stats.totalRequests).toBe(count);
  expect(stats.log.filter((entry) => entry.status === 429)).toHaveLength(0);
  // Each cell shows its own invoice's lines.
  const records = await fakeApi(harness).invoices();
  outcomes.forEach((outcome, index) => {
    const record = records.find((invoice) => invoice.id === ids[index]);
    if (!outcome.ok || !record) throw new Error('unreachable');
    expect(comparable(outcome.value, 'UTC')).toEqual(table('EFLOW_INVOICE_LINES', lineRows(record)));
  });
});
