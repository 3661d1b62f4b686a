/**
 * An editable Affise invoices report (merge) through the built bundle against the fake Affise:
 * its refresh adds the columns to act with, keeps the change engine's memory of exactly what it
 * wrote (so a review compares the sheet with it), forgets deleted invoices, and writes an invoice
 * Affise created from a typed new row into that row instead of adding a second one.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import { AFFISE_QUIRKS_OFF } from '../../../test-support/fake-affise';
import { AFFISE_CURRENCIES } from '../../../test-support/fake-affise/data';
import { DEMO_AFFISE_KEY } from '../../../test-support/fake-affise/options';
import { AddOnHarness } from '../../../test-support/harness';
import { userSpreadsheetApp } from '../../../tools/runner/report-document';
import { runReportOnce } from '../../../tools/runner/report-runs';
import { addReport, sheetValues } from '../support-reports/reports-harness';
import { AFFISE_INVOICE_HEADER } from '../affise/affise-expected';

const HOUR_MS = 3_600_000;
const ACTION_HEADERS = ['Correction', 'Correction comment', 'Delete', 'Apply result'];
let harness: AddOnHarness;
let definition: ReportDefinition;

beforeAll(async () => {
  harness = await AddOnHarness.start({ spreadsheetTimeZone: 'UTC', affise: { paymentCount: 40, quirks: AFFISE_QUIRKS_OFF, latencyMs: 5, creationDelayMs: 120_000 } });
  definition = addReport(harness, { id: 'editable', name: 'Editable', kind: 'affise-invoices', mode: 'merge', sheet: 'Invoices', editable: true });
});
afterAll(async () => {
  await harness?.close();
});

const affise = () => {
  if (!harness.affise) throw new Error('no fake Affise');
  return harness.affise;
};
const memory = (): Map<string, { version: string | null; currency: string; fields: Record<string, string> }> =>
  new Map(sheetValues(harness, `_changes_memory_${definition.id}`).map(([id, json]) => [String(id), JSON.parse(String(json)) as never]));
const refresh = async (): Promise<void> => {
  const run = await runReportOnce(harness, definition);
  expect(run.log?.result).toBe('ok');
};

describe('an editable Affise invoices report', () => {
  it('writes the report, the columns to act with, and remembers each invoice as written', async () => {
    await refresh();
    const grid = sheetValues(harness, definition.sheet);
    expect(grid[0]).toEqual([...AFFISE_INVOICE_HEADER, ...ACTION_HEADERS]);
    const payments = await affise().payments();
    const remembered = memory();
    expect([...remembered.keys()].sort()).toEqual(payments.map((payment) => String(payment.id)).sort());
    const column = (header: string): number => AFFISE_INVOICE_HEADER.indexOf(header);
    for (const row of grid.slice(1)) {
      const entry = remembered.get(String(row[0]));
      expect(entry?.fields).toEqual({ status: row[column('Status')], comment: row[column('Comment')], notes: row[column('Notes')], paymentAccount: row[column('Payment account')] });
      expect(entry?.currency).toBe(row[column('Currency')]);
    }
    // Delete is a checkbox on every invoice row, and only there.
    const sheet = userSpreadsheetApp(harness).getActive().getSheetByName(definition.sheet);
    const deleteColumn = AFFISE_INVOICE_HEADER.length + ACTION_HEADERS.indexOf('Delete') + 1;
    const types = sheet?.getRange(1, deleteColumn, grid.length + 1, 1).getDataValidations().map(([rule]) => (rule ? String(rule.getCriteriaType()) : null));
    expect(types).toEqual([null, ...grid.slice(1).map(() => 'CHECKBOX'), null]);
  });

  it('forgets an invoice deleted in Affise and remembers one changed there as it now is', async () => {
    const payments = await affise().payments();
    const [gone, touched] = [payments[3]?.id ?? 0, payments[5]?.id ?? 0];
    await affise().mutate({ kind: 'remove', ids: [gone] });
    await affise().mutate({ kind: 'touch', ids: [touched], status: -1 });
    harness.clock.advance(7 * HOUR_MS);
    await refresh();
    const remembered = memory();
    expect(remembered.has(String(gone))).toBe(false);
    expect(remembered.get(String(touched))?.fields.status).toBe('declined');
    expect(remembered.size).toBe(payments.length - 1);
  });

  it('writes an invoice Affise created from a typed new row into that row, not as a second row', async () => {
    const sheet = userSpreadsheetApp(harness).getActive().getSheetByName(definition.sheet);
    if (!sheet) throw new Error('no report sheet');
    const partner = (await affise().partners())[0];
    const currency = AFFISE_CURRENCIES.find((candidate) => candidate.code === 'EUR');
    if (!partner || !currency) throw new Error('no partner or currency');
    const column = (header: string): number => AFFISE_INVOICE_HEADER.indexOf(header) + 1;
    const typedRow = sheet.getLastRow() + 1;
    sheet.getRange(typedRow, column('Affiliate ID')).setValue(String(partner.id));
    sheet.getRange(typedRow, column('Currency')).setValue('EUR');
    sheet.getRange(typedRow, column('Amount')).setValue('120.00');
    sheet.getRange(typedRow, column('Notes')).setValue('bonus [ref:tok1]');
    // What an apply sends for that row (the change engine's own tests cover the sending).
    const answer = await fetch(`${harness.affiseBaseUrl ?? ''}/3.1/payments/create-for-affiliate`, {
      method: 'POST',
      headers: { 'API-Key': DEMO_AFFISE_KEY, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ aid: String(partner.id), sum: '120.00', currency: currency.id, note: 'bonus [ref:tok1]' }).toString(),
    });
    expect(answer.status).toBe(200);
    // Before Affise has created it, a refresh leaves the typed row where it is, as typed.
    await refresh();
    const typed = sheetValues(harness, definition.sheet).slice(1).map((row, index) => ({ row, at: index + 2 })).filter(({ row }) => String(row[column('Notes') - 1]).includes('[ref:tok1]'));
    expect(typed.map(({ row, at }) => [at, row[0], String(row[column('Affiliate ID') - 1])])).toEqual([[typedRow, '', String(partner.id)]]);
    harness.clock.advance(HOUR_MS);
    await refresh();
    const created = (await affise().payments()).find((payment) => payment.notes === 'bonus [ref:tok1]');
    expect(created).toBeDefined();
    const rows = sheetValues(harness, definition.sheet).slice(1);
    const withToken = rows.filter((row) => String(row[column('Notes') - 1]).includes('[ref:tok1]'));
    expect(withToken).toHaveLength(1);
    expect(rows.indexOf(withToken[0] ?? [])).toBe(typedRow - 2);
    expect(Number(withToken[0]?.[0])).toBe(created?.id);
    expect(memory().get(String(created?.id))?.fields.notes).toBe('bonus [ref:tok1]');
  });
});
