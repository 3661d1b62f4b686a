/**
 * What a user sees of the runs: the `Sync log` sheet (one line per report per run, capped), the
 * report's status, and an e-mail to the owner after repeated failures; the API key in none of it.
 */
import { MAX_SYNC_LOG_ROWS, SYNC_LOG_HEADERS } from '../../../src/app/reports/sync-log';
import { SYNC_LOG_SHEET } from '../../../src/app/reports/definition';
import type { AddOnHarness } from '../../../test-support/harness';
import { API_KEY_PROPERTY } from '../../../test-support/harness';
import { DEMO_AFFILIATE_KEY } from '../../../test-support/fake-everflow';
import { storedReport, syncLogLines, userSpreadsheetApp } from '../../../tools/runner/report-document';
import { addReport, apiOf, runByTrigger, sheetValues, snapshotSheet, startReportsHarness } from '../support-reports/reports-harness';

let harness: AddOnHarness;
beforeEach(async () => {
  harness = await startReportsHarness({ api: { invoiceCount: 10 } });
});
afterEach(async () => {
  await harness.close();
});

describe('the Sync log', () => {
  it('gets one line per report per run: time, report, result, rows, requests, 429s, duration, details', async () => {
    const invoices = addReport(harness, { id: 'invoices', name: 'Invoices', kind: 'invoices', mode: 'replace', sheet: 'Invoices', schedule: { frequency: 'hourly' } });
    // A sheet holding the user's own data: that report refuses to write there.
    userSpreadsheetApp(harness).getActive().insertSheet('Taken').getRange('A1').setValue('my budget');
    addReport(harness, { id: 'taken', name: 'Summary', kind: 'summary', mode: 'replace', sheet: 'Taken', schedule: { frequency: 'hourly' } });
    await apiOf(harness).configure({ faults: { plan: { 0: '429' } } });
    await apiOf(harness).resetStats();

    const run = runByTrigger(harness, invoices);
    const invoiceRows = sheetValues(harness, 'Invoices').length - 1;
    expect(sheetValues(harness, SYNC_LOG_SHEET)[0]).toEqual(SYNC_LOG_HEADERS);
    expect(harness.sheets.spreadsheet.sheet(SYNC_LOG_SHEET).frozenRows).toBe(1);
    expect(syncLogLines(harness)).toEqual([
      // Reports run in the order of their names: "Invoices", then "Summary".
      {
        atMs: expect.any(Number),
        report: 'Invoices',
        result: 'ok',
        rowsWritten: invoiceRows,
        rowsRemoved: 0,
        requests: 2,
        rateLimited: 1,
        durationSeconds: expect.any(Number),
        details: '',
      },
      expect.objectContaining({
        report: 'Summary',
        result: 'failed',
        requests: 0,
        details: expect.stringMatching(/^Sheet "Taken" holds other data: .* Nothing was written\./),
      }),
    ]);
    // The line is stamped when the run ends; the log keeps its duration to a tenth of a second.
    const invoicesLine = syncLogLines(harness)[0];
    expect(Math.abs((invoicesLine?.atMs ?? 0) - run.startedAtMs - (invoicesLine?.durationSeconds ?? 0) * 1000)).toBeLessThanOrEqual(50);
    expect(sheetValues(harness, 'Taken')).toEqual([['my budget']]);
    // Times read as every date and time of the add-on does (reports, sidebar), in the locale (en_US), e.g. 11/21/2026 12:00:03.
    const log = harness.sheets.spreadsheet.sheet(SYNC_LOG_SHEET);
    expect([log.displayAt(2, 1), log.displayAt(3, 1)]).toEqual([expect.stringMatching(/^\d{1,2}\/\d{1,2}\/\d{4} \d{2}:\d{2}:\d{2}$/), expect.stringMatching(/^\d{1,2}\/\d{1,2}\/\d{4} \d{2}:\d{2}:\d{2}$/)]);
    expect(storedReport(harness, 'taken').status).toMatchObject({ lastResult: 'failed', consecutiveFailures: 1, lastError: expect.stringMatching(/^Sheet "Taken" holds other data/) });
  });

  it(`keeps the last ${MAX_SYNC_LOG_ROWS} lines`, () => {
    const invoices = addReport(harness, { id: 'invoices', name: 'Invoices', kind: 'invoices', mode: 'replace', sheet: 'Invoices', schedule: { frequency: 'hourly' } });
    runByTrigger(harness, invoices);
    // Months of earlier runs, as the log would hold them.
    const earlier = Array.from({ length: MAX_SYNC_LOG_ROWS - 1 }, (_, index) => [new Date(Date.UTC(2026, 0, 1) + index * 3_600_000), `Earlier ${index + 1}`, 'ok', 0, 0, 1, 0, 0.1, '']);
    userSpreadsheetApp(harness).getActive().getSheetByName(SYNC_LOG_SHEET)?.getRange(2, 1, earlier.length, SYNC_LOG_HEADERS.length).setValues(earlier);
    expect(harness.sheets.spreadsheet.sheet(SYNC_LOG_SHEET).lastRow()).toBe(MAX_SYNC_LOG_ROWS);

    runByTrigger(harness, invoices);
    runByTrigger(harness, invoices);
    const lines = syncLogLines(harness);
    expect(lines).toHaveLength(MAX_SYNC_LOG_ROWS);
    expect(lines[0]?.report).toBe('Earlier 2');
    expect(lines.slice(-2).map((line) => [line.report, line.result])).toEqual([
      ['Invoices', 'ok'],
      ['Invoices', 'ok'],
    ]);
  });
});

describe('failures', () => {
  const WRONG_KEY = 'wrong-key-7f3a9c51d2';

  it('e-mails the owner once after the set number of failures in a row, again only after a success; the sheet keeps its data; the key appears nowhere', () => {
    const invoices = addReport(harness, {
      id: 'invoices',
      name: 'Invoices',
      kind: 'invoices',
      mode: 'replace',
      sheet: 'Invoices',
      schedule: { frequency: 'hourly' },
      notifyAfterFailures: 2,
    });
    runByTrigger(harness, invoices);
    const good = snapshotSheet(harness, 'Invoices');
    const outbox = harness.sheets.outbox.sent;

    harness.emulator.userProperties.setProperty(API_KEY_PROPERTY, WRONG_KEY);
    const failed = [runByTrigger(harness, invoices), runByTrigger(harness, invoices), runByTrigger(harness, invoices)];
    expect(failed.map((run) => run.log?.result)).toEqual(['failed', 'failed', 'failed']);
    expect(failed.map((run) => run.status.consecutiveFailures)).toEqual([1, 2, 3]);
    expect(failed[0]?.status.lastError).toMatch(/^Everflow rejected the API key \(401 .*\)\. Set a valid affiliate API key: .*The sheet keeps the data of the last successful run\.$/);
    expect(snapshotSheet(harness, 'Invoices')).toEqual(good);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      to: 'user@example.com',
      subject: 'Affiliate Billing: report "Invoices" failed 2 times in a row',
      body: expect.stringContaining(`Last error: ${failed[1]?.status.lastError ?? ''}`),
      sentAtMs: failed[1]?.startedAtMs,
    });

    harness.emulator.userProperties.setProperty(API_KEY_PROPERTY, DEMO_AFFILIATE_KEY);
    expect(runByTrigger(harness, invoices).status).toMatchObject({ lastResult: 'ok', consecutiveFailures: 0, lastError: null });
    harness.emulator.userProperties.setProperty(API_KEY_PROPERTY, WRONG_KEY);
    runByTrigger(harness, invoices);
    expect(outbox).toHaveLength(1);
    runByTrigger(harness, invoices);
    expect(outbox).toHaveLength(2);

    const everything = JSON.stringify({
      log: syncLogLines(harness),
      properties: harness.emulator.documentProperties.getProperties(),
      mail: outbox,
      logs: harness.emulator.logs,
      sheets: harness.sheets.spreadsheet.sheets.map((sheet) => sheet.storedCells().map(({ cell }) => cell.contentKey())),
    });
    expect(everything).toContain('Everflow rejected the API key');
    for (let start = 0; start + 6 <= WRONG_KEY.length; start += 1) expect(everything).not.toContain(WRONG_KEY.slice(start, start + 6));
  });
});
