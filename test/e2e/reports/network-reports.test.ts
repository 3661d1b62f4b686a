/**
 * Reports with an Everflow network key, through the built bundle against the fake's network side:
 * every kind and mode shows what the custom function of its kind shows with that key (the partner
 * columns after Invoice ID, the network's own fields on invoices), incremental lines and payments
 * fetch only what changed, and a connection saved before roles were kept learns its role in the
 * first run and records it, so later runs send no probe.
 */
import type { ReportDefinition, ReportDefinitionInput } from '../../../src/app/reports/definition';
import { storeConnections } from '../../../test-support/connections';
import { toPlainGrid } from '../../../test-support/emulator/emulator';
import { DEMO_NETWORK_KEY, QUIRKS_OFF } from '../../../test-support/fake-everflow';
import { userSpreadsheetApp } from '../../../tools/runner/report-document';
import { runReportOnce } from '../../../tools/runner/report-runs';
import { requestsByRouteAndStatus } from '../support/harness';
import { addReport, apiOf, plainResult, sheetValues, snapshotSheet, type PlainValue } from '../support-reports/reports-harness';
import { AddOnHarness } from '../../../test-support/harness';

const ZONE = 'Europe/Berlin';
const PARTNERS = [21, 22];

let harness: AddOnHarness;
beforeAll(async () => {
  harness = await AddOnHarness.start({ api: { invoiceCount: 6, networkAffiliateIds: PARTNERS, quirks: QUIRKS_OFF }, apiKey: null, affiseKey: null, spreadsheetTimeZone: ZONE });
  // A connection list of version 1: a record without a role.
  storeConnections(harness.emulator.userProperties, [{ name: 'Everflow', apiKey: DEMO_NETWORK_KEY, baseUrl: harness.baseUrl }]);
});
afterAll(async () => {
  await harness?.close();
});

function formulaGrid(name: string, ...args: unknown[]): PlainValue[][] {
  const outcome = harness.formula(name, ...args);
  if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error}`);
  return toPlainGrid(outcome.value).map((row) => row.map((cell) => plainResult(cell, ZONE)));
}

function report(kind: ReportDefinition['kind'], mode: ReportDefinition['mode'], filters: Record<string, unknown> = {}, id = `${kind}-${mode}`): ReportDefinition {
  const input = { id, name: id, kind, mode, filters, sheet: id, schedule: { frequency: 'none' } } as ReportDefinitionInput;
  return addReport(harness, input);
}

async function run(definition: ReportDefinition) {
  const api = apiOf(harness);
  await api.resetStats();
  const outcome = runReportOnce(harness, definition);
  if (!outcome.outcome.ok) throw new Error(outcome.outcome.error);
  return { log: outcome.log, stats: await api.stats() };
}

const NETWORK_INVOICE_HEADER = [
  'Invoice ID', 'Affiliate ID', 'Affiliate', 'Status', 'Period start', 'Period end', 'Time zone', 'Currency', 'Billed', 'Paid', 'Balance',
  'Payment terms', 'Due date', 'Days overdue', 'Notes', 'Internal notes', 'Payment status', 'Paid date', 'Hidden affiliate', 'Created', 'Updated',
];

const ids = (): number[] => formulaGrid('EFLOW_INVOICES').slice(1).map((row) => Number(row[0]));

describe('a network connection saved before roles were kept', () => {
  it('learns its role in its first run (one 403, one probe), records it, and shows every partner with the network’s columns', async () => {
    expect(harness.connections()[0]).not.toHaveProperty('role');
    const definition = report('invoices', 'replace');
    const first = await run(definition);
    expect(requestsByRouteAndStatus(first.stats)).toEqual({ 'list 403': 1, 'list 200': 2 });
    // Its network too (the `network_id` of its invoices), for the rate limit its keys share.
    expect(harness.connections()[0]).toMatchObject({ role: 'network', networkId: 1 });
    const values = sheetValues(harness, definition.sheet);
    expect(values[0]).toEqual(NETWORK_INVOICE_HEADER);
    expect(values).toEqual(formulaGrid('EFLOW_INVOICES'));
    expect(new Set(values.slice(1).map((row) => row[1]))).toEqual(new Set([7, ...PARTNERS]));
    const again = await run(definition);
    expect(requestsByRouteAndStatus(again.stats)).toEqual({ 'list 200': 1 });
    expect(again.log).toMatchObject({ result: 'ok', rateLimited: 0 });
  });
});

describe('every kind and mode with a network key', () => {
  it.each<[ReportDefinition['kind'], ReportDefinition['mode'], string, () => unknown[]]>([
    ['invoices', 'merge', 'EFLOW_INVOICES', () => []],
    ['summary', 'replace', 'EFLOW_INVOICE_SUMMARY', () => []],
    ['lines', 'replace', 'EFLOW_INVOICE_LINES', () => [ids().join(',')]],
    ['payments', 'replace', 'EFLOW_INVOICE_PAYMENTS', () => [ids().join(',')]],
  ])('%s %s shows what %s shows with the key', async (kind, mode, name, args) => {
    const definition = report(kind, mode);
    const { log } = await run(definition);
    expect(log).toMatchObject({ result: 'ok', rateLimited: 0 });
    const sheet = sheetValues(harness, definition.sheet);
    const expected = formulaGrid(name, ...args());
    // A report lists invoices newest first as the list does; the functions of ids follow the ids given, in the same order.
    expect(sheet).toEqual(expected);
    if (kind !== 'summary') expect(sheet[0]?.slice(0, 3)).toEqual(['Invoice ID', 'Affiliate ID', 'Affiliate']);
  });

  it('lines merge is incremental: the second run fetches only the invoice that changed', async () => {
    const definition = report('lines', 'merge', { affiliate_ids: '21, 22' });
    const first = await run(definition);
    const partnerInvoices = (await apiOf(harness).networkInvoices()).filter((invoice) => PARTNERS.includes(invoice.affiliateId) && invoice.deleted !== true);
    expect(first.stats.byRoute).toMatchObject({ list: 1, detail: partnerInvoices.length });
    const header = sheetValues(harness, definition.sheet)[0] ?? [];
    expect(header.slice(0, 3)).toEqual(['Invoice ID', 'Affiliate ID', 'Affiliate']);
    expect(new Set(sheetValues(harness, definition.sheet).slice(1).map((row) => row[1]))).toEqual(new Set(PARTNERS));
    const [changed] = partnerInvoices;
    if (!changed) throw new Error('no partner invoice');
    await apiOf(harness).mutate({ kind: 'touch', ids: [changed.id] });
    const second = await run(definition);
    expect(second.stats.byRoute).toMatchObject({ list: 1, detail: 1 });
    expect(second.log).toMatchObject({ result: 'ok' });
  });

  it('history records each invoice with its partner, and only changes after', async () => {
    const definition = report('invoices', 'history', { status: 'unpaid' });
    await run(definition);
    const values = sheetValues(harness, definition.sheet);
    expect(values[0]).toEqual(['Recorded at', 'Change', ...NETWORK_INVOICE_HEADER]);
    expect(values.slice(1).every((row) => row[1] === 'new')).toBe(true);
    const rows = values.length;
    await run(definition);
    expect(sheetValues(harness, definition.sheet)).toHaveLength(rows);
  });

  it('refuses, writing nothing, a sheet holding the report’s partner-key columns', async () => {
    const definition = report('payments', 'merge');
    const partnerHeader = ['Invoice ID', 'Payment ID', 'Status', 'Method', 'Amount', 'Currency', 'Paid on', 'Payee amount', 'Payee fee', 'Payee currency', 'Approved', 'Completed', 'Notes'];
    userSpreadsheetApp(harness).getActive().insertSheet(definition.sheet).getRange(1, 1, 1, partnerHeader.length).setValues([partnerHeader]);
    const before = snapshotSheet(harness, definition.sheet);
    const { log } = await run(definition);
    expect(log?.result).toBe('failed');
    expect(log?.details).toContain('holds this report\'s columns for a partner (affiliate) key, but the connection\'s key is now a network key');
    expect(snapshotSheet(harness, definition.sheet)).toEqual(before);
  });

  it('a key refused on the side its recorded type names fails the run saying the key changed, with no probe, writing nothing', async () => {
    harness.recordEverflowRole('affiliate');
    try {
      const definition = report('invoices', 'replace', {}, 'role-changed');
      const { log, stats } = await run(definition);
      expect(log?.result).toBe('failed');
      expect(log?.details).toContain('refused this connection\'s key on its partner (affiliate) endpoints (403 Out of realm), though it was a partner (affiliate) key when last tested');
      expect(log?.details).toContain('Test the connection again');
      expect(requestsByRouteAndStatus(stats)).toEqual({ 'list 403': 1 });
      expect(harness.sheets.spreadsheet.sheetByName(definition.sheet)?.lastRow() ?? 0).toBe(0);
      // The key replaced by a partner's: a sheet of the network's columns is refused before any request.
      const networkSheet = report('invoices', 'replace');
      const refused = await run(networkSheet);
      expect(refused.log?.details).toContain('holds this report\'s columns for a network key, but the connection\'s key is now a partner (affiliate) key');
      expect(refused.stats.totalRequests).toBe(0);
    } finally {
      harness.recordEverflowRole('network');
    }
  });
});
