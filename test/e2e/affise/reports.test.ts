/**
 * Affise reports through the built bundle against the fake Affise: the first run lists every
 * invoice, a refresh costs ceil(K/100) + 1 requests for K changed (1 with nothing changed),
 * deleted invoices leave at the count check, a status leaving the filter takes the invoice's rows
 * with it, and a failed run leaves the last good data and says so.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import { AFFISE_QUIRKS_OFF, type FakeAffisePayment } from '../../../test-support/fake-affise';
import { AddOnHarness } from '../../../test-support/harness';
import { runReportOnce, type ReportRun } from '../../../tools/runner/report-runs';
import { addReport, sheetValues, snapshotSheet } from '../support-reports/reports-harness';
import { AFFISE_INVOICE_HEADER, AFFISE_LINE_HEADER, measureAffise, requestsByPath } from './affise-expected';

const PAYMENTS = 450;
const LIST_PAGES = Math.ceil(PAYMENTS / 100);
const HOUR_MS = 3_600_000;
let harness: AddOnHarness;

beforeAll(async () => {
  harness = await AddOnHarness.start({ spreadsheetTimeZone: 'Europe/Paris', affise: { paymentCount: PAYMENTS, quirks: AFFISE_QUIRKS_OFF, latencyMs: 20 } });
});
afterAll(async () => {
  await harness?.close();
});

const affise = () => {
  if (!harness.affise) throw new Error('no fake Affise');
  return harness.affise;
};
const idsOn = (sheet: string): number[] => sheetValues(harness, sheet).slice(1).map((row) => Number(row[0]));
const run = async (definition: ReportDefinition): Promise<{ run: ReportRun; requests: Record<string, number> }> => {
  const { value, stats } = await measureAffise(harness, () => runReportOnce(harness, definition));
  return { run: value, requests: requestsByPath(stats) };
};

describe('an Affise invoices report (merge)', () => {
  let definition: ReportDefinition;
  let payments: FakeAffisePayment[];

  beforeAll(async () => {
    definition = addReport(harness, { id: 'affise-inv', name: 'Affise invoices', kind: 'affise-invoices', mode: 'merge', sheet: 'Affise invoices' });
    payments = await affise().payments();
  });

  it('first lists every invoice: ceil(N/100) list requests and one of affiliate names', async () => {
    const { run: first, requests } = await run(definition);
    expect(first.log?.result).toBe('ok');
    expect(requests).toEqual({ '/3.1/payments 200': LIST_PAGES, '/3.0/admin/partners 200': 1 });
    expect(first.log?.requests).toBe(LIST_PAGES + 1);
    const grid = sheetValues(harness, definition.sheet);
    expect(grid[0]).toEqual(AFFISE_INVOICE_HEADER);
    expect(idsOn(definition.sheet)).toEqual(payments.map((payment) => payment.id).sort((a, b) => b - a));
  });

  it('writes hostile strings from Affise as plain text, never as formulas', () => {
    const grid = sheetValues(harness, definition.sheet);
    const affiliate = AFFISE_INVOICE_HEADER.indexOf('Affiliate');
    const row = grid.findIndex((cells) => cells[affiliate] === '=HYPERLINK("http://evil.test","click")');
    expect(row).toBeGreaterThan(0);
    expect(harness.sheets.spreadsheet.sheet(definition.sheet).formulaAt(row + 1, affiliate + 1)).toBe('');
  });

  it('with nothing changed, a refresh costs 1 request and writes nothing', async () => {
    harness.clock.advance(HOUR_MS);
    const { run: again, requests } = await run(definition);
    expect(requests).toEqual({ '/3.1/payments 200': 1 });
    expect(again.log?.rowsWritten).toBe(0);
  });

  it('with K changed, ceil(K/100) + 1 requests, and their rows show the change', async () => {
    const touched = payments.slice(10, 13).map((payment) => payment.id);
    await affise().mutate({ kind: 'touch', ids: touched, status: -1 });
    harness.clock.advance(HOUR_MS);
    const { run: after, requests } = await run(definition);
    expect(requests).toEqual({ '/3.1/payments 200': 2 });
    expect(after.log?.rowsWritten).toBe(3);
    const statusColumn = AFFISE_INVOICE_HEADER.indexOf('Status');
    const rows = sheetValues(harness, definition.sheet).filter((row) => touched.includes(Number(row[0])));
    expect(rows.map((row) => row[statusColumn])).toEqual(['declined', 'declined', 'declined']);
  });

  it('deleted invoices leave at the next count check (within 6 hours), with one sweep of the list', async () => {
    const removed = payments.slice(20, 22).map((payment) => payment.id);
    await affise().mutate({ kind: 'remove', ids: removed });
    harness.clock.advance(HOUR_MS);
    const quiet = await run(definition);
    expect(quiet.requests).toEqual({ '/3.1/payments 200': 1 });
    harness.clock.advance(6 * HOUR_MS);
    const { run: swept, requests } = await run(definition);
    // Affiliate names are read once per 6 hours: this run's fresh rows need them again.
    expect(requests).toEqual({ '/3.1/payments 200': 2 + LIST_PAGES, '/3.0/admin/partners 200': 1 });
    expect(swept.log?.rowsRemoved).toBe(2);
    expect(idsOn(definition.sheet)).not.toEqual(expect.arrayContaining(removed));
    expect(idsOn(definition.sheet)).toHaveLength(PAYMENTS - 2);
  });

  it('a failed run leaves the last good data and says what happened', async () => {
    const before = snapshotSheet(harness, definition.sheet);
    await affise().mutate({ kind: 'touch', ids: [payments[5]?.id ?? 0], status: 2 });
    await affise().configure({ faults: { rates: { '500': 1 } } });
    try {
      harness.clock.advance(HOUR_MS);
      const { run: failed } = await run(definition);
      expect(failed.log?.result).toBe('failed');
      expect(failed.status.lastError).toContain('The sheet keeps the data of the last successful run.');
      expect(snapshotSheet(harness, definition.sheet)).toEqual(before);
    } finally {
      await affise().configure({ faults: { rates: {} } });
    }
    const { run: recovered } = await run(definition);
    expect(recovered.log?.result).toBe('ok');
    expect(recovered.log?.rowsWritten).toBe(1);
  });
});

describe('an Affise lines report (replace) filtered on a status', () => {
  it('holds the lines of waiting invoices; an invoice that stops waiting takes its lines with it', async () => {
    const definition = addReport(harness, { id: 'affise-lines', name: 'Waiting lines', kind: 'affise-lines', mode: 'replace', sheet: 'Waiting lines', filters: { status: 'Waiting' } });
    const first = await run(definition);
    expect(first.run.log?.result).toBe('ok');
    const grid = sheetValues(harness, definition.sheet);
    expect(grid[0]).toEqual(AFFISE_LINE_HEADER);
    const waiting = (await affise().payments()).filter((payment) => payment.status === 1);
    expect(new Set(idsOn(definition.sheet))).toEqual(new Set(waiting.map((payment) => payment.id)));

    const leaving = waiting[0]?.id ?? 0;
    await affise().mutate({ kind: 'touch', ids: [leaving], status: 2 });
    harness.clock.advance(HOUR_MS);
    const { requests } = await run(definition);
    expect(requests).toEqual({ '/3.1/payments 200': 2 });
    expect(idsOn(definition.sheet)).not.toContain(leaving);
  });
});
