/**
 * The receivables dashboard of an Everflow network key, through the built bundle: every partner's
 * unpaid invoices from the network list alone, the aging EFLOW_INVOICE_AGING shows with that key,
 * and its two charts kept (one of each kind) over refreshes.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import { toPlainGrid } from '../../../test-support/emulator/emulator';
import { DEMO_NETWORK_KEY, QUIRKS_OFF } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { requestsByRouteAndStatus } from '../support/harness';
import { addReport, apiOf, plainResult, runByTrigger, sheetValues, type PlainValue } from '../support-reports/reports-harness';

const ZONE = 'Asia/Kolkata';
const SHEET = 'Network receivables';

let harness: AddOnHarness;
beforeAll(async () => {
  harness = await AddOnHarness.start({ api: { invoiceCount: 60, networkAffiliateIds: [21, 22, 23], quirks: QUIRKS_OFF }, apiKey: DEMO_NETWORK_KEY, spreadsheetTimeZone: ZONE });
});
afterAll(async () => {
  await harness?.close();
});

function agingFormula(): PlainValue[][] {
  const outcome = harness.formula('EFLOW_INVOICE_AGING');
  if (!outcome.ok) throw new Error(`EFLOW_INVOICE_AGING failed: ${outcome.error}`);
  return toPlainGrid(outcome.value).map((row) => row.map((cell) => plainResult(cell, ZONE)));
}

it('shows every partner’s receivables from the network’s unpaid list alone, as EFLOW_INVOICE_AGING does, with one chart of each kind', async () => {
  const definition: ReportDefinition = addReport(harness, { id: 'network-receivables', name: 'Network receivables', kind: 'dashboard', mode: 'replace', sheet: SHEET, schedule: { frequency: 'hourly' } });
  const api = apiOf(harness);
  const unpaid = (await api.networkInvoices()).filter((invoice) => invoice.deleted !== true);
  expect(new Set(unpaid.map((invoice) => invoice.affiliateId)).size).toBeGreaterThan(1);

  await api.resetStats();
  expect(runByTrigger(harness, definition).log).toMatchObject({ result: 'ok' });
  const stats = await api.stats();
  // The role is found once (one 403 from the partner side, the network side answers), then one list page: never a detail.
  expect(stats.byRoute.detail).toBe(0);
  expect(new Set(stats.log.filter((entry) => entry.status === 200).map((entry) => entry.path))).toEqual(new Set(['/v1/networks/billings/affiliates/invoicestable']));

  const values = sheetValues(harness, SHEET);
  const start = values.findIndex((row) => row[0] === 'Currency');
  const end = values.findIndex((row, index) => index > start && row[0] === '');
  expect(values.slice(start, end).map((row) => row.slice(0, 8))).toEqual(agingFormula());

  for (let refresh = 0; refresh < 3; refresh += 1) runByTrigger(harness, definition);
  expect(harness.sheets.spreadsheet.sheet(SHEET).charts.map((chart) => chart.options.get('isStacked'))).toEqual([true, false]);
  await api.resetStats();
  runByTrigger(harness, definition);
  expect(requestsByRouteAndStatus(await api.stats())).toEqual({ 'list 200': 1 });
});
