/**
 * The measure of issue 12 for Affise, on the built bundle: the receivables dashboard of 10,000
 * invoices, every one owed, costs ceil(10,000 / 100) = 100 list requests and no request for one
 * invoice, on its first run and on every run after; an unchanged refresh writes no cell.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import { SharedClock } from '../../../test-support/clock';
import { AddOnHarness } from '../../../test-support/harness';
import { runReportOnce } from '../../../tools/runner/report-runs';
import { addReport } from '../support-reports/reports-harness';
import { measureAffise, requestsByPath } from './affise-expected';

const PAYMENTS = 10_000;
const OWED = [1, 3, 4];

let harness: AddOnHarness;
let definition: ReportDefinition;

beforeAll(async () => {
  harness = await AddOnHarness.start({ clock: SharedClock.virtual(), affise: { paymentCount: PAYMENTS, partnerCount: 40, latencyMs: 20 } });
  const affise = harness.affise;
  if (!affise) throw new Error('no fake Affise');
  // What is not owed becomes pending: the dashboard lists all 10,000.
  const notOwed = (await affise.payments()).filter((payment) => !OWED.includes(payment.status)).map((payment) => payment.id);
  await affise.mutate({ kind: 'touch', ids: notOwed, status: 4 });
  definition = addReport(harness, { id: 'affise-receivables', name: 'Affise receivables', kind: 'affise-dashboard', mode: 'replace', sheet: 'Affise receivables' });
});
afterAll(async () => {
  await harness?.close();
});

it.each(['first run', 'unchanged refresh'])('%s: ceil(10,000 / 100) list requests, none for one invoice', async (which) => {
  harness.sheets.calls.reset();
  const { value: run, stats } = await measureAffise(harness, () => runReportOnce(harness, definition));
  expect(run.log).toMatchObject({ result: 'ok', requests: Math.ceil(PAYMENTS / 100) });
  expect(requestsByPath(stats)).toEqual({ '/3.1/payments 200': 100 });
  expect(stats.byRoute.get).toBe(0);
  if (which === 'unchanged refresh') {
    expect(run.log?.rowsWritten).toBe(0);
    expect(harness.sheets.calls.count('Range.setValues')).toBe(0);
  }
});
