/**
 * The measure of issue 12: a dashboard over 10,000 invoices costs the list requests only
 * (2,000 invoices a page, unpaid ones only), no detail request, whatever the sheet holds.
 */
import type { AddOnHarness } from '../../../test-support/harness';
import { addReport, apiOf, runByTrigger, startReportsHarness } from '../support-reports/reports-harness';

const INVOICES = 10_000;
const PAGE = 2_000;

let harness: AddOnHarness;
beforeAll(async () => {
  harness = await startReportsHarness({ api: { invoiceCount: INVOICES } });
});
afterAll(async () => {
  await harness.close();
});

it('lists the unpaid invoices in ceil(N / 2000) requests and fetches no invoice details, first run and after', async () => {
  const definition = addReport(harness, { id: 'receivables', name: 'Receivables', kind: 'dashboard', mode: 'replace', sheet: 'Receivables', schedule: { frequency: 'hourly' } });
  const api = apiOf(harness);
  // Enough unpaid invoices to span several pages of the list.
  await api.mutate({ kind: 'changeFraction', fraction: 0.25, changes: { status: 'unpaid' } });
  const unpaid = harness.formula('EFLOW_INVOICES', 'unpaid');
  if (!unpaid.ok) throw new Error(unpaid.error);
  const unpaidCount = (unpaid.value as unknown[]).length - 1;
  expect(unpaidCount).toBeGreaterThan(PAGE);

  for (let run = 0; run < 2; run += 1) {
    await api.resetStats();
    expect(runByTrigger(harness, definition).log).toMatchObject({ result: 'ok', requests: Math.ceil(unpaidCount / PAGE) });
    const stats = await api.stats();
    expect(stats.byRoute.detail).toBe(0);
    expect(stats.byRoute.list).toBe(Math.ceil(unpaidCount / PAGE));
    expect(stats.byRoute.list).toBeLessThanOrEqual(Math.ceil(INVOICES / PAGE));
  }
});
