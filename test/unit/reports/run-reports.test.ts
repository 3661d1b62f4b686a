import { DATA_EPOCH_PROPERTY } from '../../../src/app/cache-generation';
import { SYNC_LOG_SHEET, type ReportDefinitionInput } from '../../../src/app/reports/definition';
import { ReportStore } from '../../../src/app/reports/report-store';
import { RunMarkers } from '../../../src/app/reports/run-marker';
import { LOCK_WAIT_MS, MIN_TIME_TO_START_MS, runDueReports, runReportsNow } from '../../../src/app/reports/run-reports';
import { MAX_SYNC_LOG_ROWS, SYNC_LOG_HEADERS } from '../../../src/app/reports/sync-log';
import { SettingsError } from '../../../src/app/settings';
import { stateSheetName } from '../../../src/app/reports/sync-state';
import { makeInvoice } from './support/fake-provider';
import { API_KEY, Harness } from './support/harness';

const HOUR = 3_600_000;
// 2026-11-21 12:00 UTC is 13:00 in Paris (the harness spreadsheet's zone).
const START = Date.UTC(2026, 10, 21, 12, 0);

const invoicesReport = (overrides: Partial<ReportDefinitionInput> = {}): ReportDefinitionInput => ({
  id: 'invoices',
  name: 'Invoices',
  kind: 'invoices',
  sheet: 'Invoices',
  mode: 'merge',
  schedule: { frequency: 'hourly' },
  ...overrides,
});

function harness(): Harness {
  const created = new Harness({ startMs: START });
  for (let id = 1; id <= 5; id += 1) created.provider.add(makeInvoice(id));
  return created;
}

const statusOf = (h: Harness, id: string) => new ReportStore(h.documentProperties).get(id)?.status;
const logRows = (h: Harness): unknown[][] => h.spreadsheet.sheetByName(SYNC_LOG_SHEET)?.values().slice(1) ?? [];

describe('running due reports', () => {
  it('runs the reports whose slot has come and plans their next slot', () => {
    const h = harness();
    h.save(invoicesReport());
    h.save(invoicesReport({ id: 'daily', name: 'Daily', sheet: 'Daily', schedule: { frequency: 'daily', hour: 6 } }));
    expect(statusOf(h, 'invoices')?.nextRunMs).toBe(Date.UTC(2026, 10, 21, 13)); // 14:00 Paris
    expect(statusOf(h, 'daily')?.nextRunMs).toBe(Date.UTC(2026, 10, 22, 5)); // 06:00 Paris tomorrow

    expect(runDueReports(h.deps(), h.deadline()).runs).toEqual([]);
    h.clock.advanceTo(Date.UTC(2026, 10, 21, 13, 7));
    const summary = runDueReports(h.deps(), h.deadline());
    expect(summary.runs.map((run) => [run.reportId, run.result])).toEqual([['invoices', 'ok']]);
    const status = statusOf(h, 'invoices');
    expect(status?.lastResult).toBe('ok');
    expect(status?.lastRunMs).toBe(Date.UTC(2026, 10, 21, 13, 7));
    expect(status?.nextRunMs).toBe(Date.UTC(2026, 10, 21, 14));
    expect(status?.lastError).toBeNull();
    // The same hour again: nothing is due.
    expect(runDueReports(h.deps(), h.deadline()).runs).toEqual([]);
  });

  it('skips disabled reports and reports without a schedule', () => {
    const h = harness();
    h.save(invoicesReport({ enabled: false }));
    h.save(invoicesReport({ id: 'manual', name: 'Manual', sheet: 'Manual', schedule: { frequency: 'none' } }));
    h.clock.advance(10 * HOUR);
    expect(runDueReports(h.deps(), h.deadline()).runs).toEqual([]);
    expect(runReportsNow(h.deps(), h.deadline(), ['manual']).runs.map((run) => run.result)).toEqual(['ok']);
    expect(statusOf(h, 'manual')?.nextRunMs).toBeNull();
  });

  it('refreshes every enabled report on "refresh all now", and names reports it does not know', () => {
    const h = harness();
    h.save(invoicesReport());
    h.save(invoicesReport({ id: 'summary', name: 'Summary', kind: 'summary', sheet: 'Summary', mode: 'replace' }));
    h.save(invoicesReport({ id: 'off', name: 'Off', sheet: 'Off', enabled: false }));
    expect(runReportsNow(h.deps(), h.deadline()).runs.map((run) => run.reportId).sort()).toEqual(['invoices', 'summary']);
    expect(runReportsNow(h.deps(), h.deadline(), ['nope']).problems.map((problem) => problem.message)).toEqual(['There is no report "nope" in this spreadsheet.']);
  });
});

describe('the document lock', () => {
  it('lets a second run wait briefly, then skip and say so', () => {
    const h = harness();
    h.save(invoicesReport());
    runReportsNow(h.deps(), h.deadline());
    h.lock.heldElsewhere = true;
    const requests = h.provider.stats.requests;
    const summary = runReportsNow(h.deps(), h.deadline());
    expect(summary.lockBusy).toBe(true);
    expect(summary.runs).toEqual([]);
    expect(h.lock.waitedMs).toBe(LOCK_WAIT_MS);
    expect(h.provider.stats.requests).toBe(requests);
    expect(logRows(h).at(-1)?.slice(1, 3)).toEqual(['(all reports)', 'skipped']);
    expect(h.log.lines.at(-1)).toMatch(/another refresh of this spreadsheet is running/);
  });

  it('releases the lock even when something throws', () => {
    const h = harness();
    h.save(invoicesReport());
    h.spreadsheet.reenterFormulasContaining = () => {
      throw new Error('Service Spreadsheets failed');
    };
    expect(() => runReportsNow(h.deps(), h.deadline())).toThrow('Service Spreadsheets failed');
    expect(h.lock.held).toBe(false);
  });
});

describe('failures', () => {
  it('records what went wrong and what to do, keeps the last good data, and retries at the next hour', () => {
    const h = harness();
    h.save(invoicesReport({ schedule: { frequency: 'daily', hour: 6 } }));
    runReportsNow(h.deps(), h.deadline());
    const good = h.spreadsheet.sheetByName('Invoices')?.values();
    h.provider.update(1, (invoice) => {
      invoice.item = { ...invoice.item, status: 'paid' };
    });
    h.provider.failure = { atRequest: h.provider.stats.requests + 1, kind: 'fatal' };
    const run = runReportsNow(h.deps(), h.deadline()).runs[0];
    expect(run?.result).toBe('failed');
    expect(run?.details).toMatch(/^Everflow had a server error .* Try again later\. The sheet keeps the data of the last successful run\.$/);
    expect(h.spreadsheet.sheetByName('Invoices')?.values()).toEqual(good);
    const status = statusOf(h, 'invoices');
    expect(status?.lastError).toBe(run?.details);
    expect(status?.consecutiveFailures).toBe(1);
    expect(status?.nextRunMs).toBe(Date.UTC(2026, 10, 21, 13)); // next hour, not tomorrow's 06:00
    expect(logRows(h).at(-1)?.slice(1, 3)).toEqual(['Invoices', 'failed']);
  });

  it('never records the API key', () => {
    const h = harness();
    h.save(invoicesReport());
    h.openProvider = () => {
      throw new Error(`Everflow refused key ${API_KEY}`);
    };
    const run = runReportsNow(h.deps(), h.deadline()).runs[0];
    expect(run?.details).toBe('Everflow refused key •••• The sheet keeps the data of the last successful run.');
    expect(JSON.stringify([...h.documentProperties.values])).not.toContain(API_KEY);
    expect(JSON.stringify(logRows(h))).not.toContain(API_KEY);
  });

  it('fails every report with the settings message when no key is set', () => {
    const h = harness();
    h.save(invoicesReport());
    h.save(invoicesReport({ id: 'other', name: 'Other', sheet: 'Other' }));
    h.openProvider = () => {
      throw new SettingsError('No Everflow API key is set. Set one with Extensions > Affiliate Billing > Open sidebar > Connection.');
    };
    const summary = runReportsNow(h.deps(), h.deadline());
    expect(summary.runs.map((run) => run.result)).toEqual(['failed', 'failed']);
    expect(summary.runs[0]?.details).toMatch(/^No Everflow API key is set/);
    expect(h.spreadsheet.sheetByName('Invoices')).toBeNull();
  });

  it('tells, at the next run, that Google stopped the run before (the daily trigger runtime), and goes on', () => {
    const h = harness();
    h.save(invoicesReport());
    h.save(invoicesReport({ id: 'other', name: 'Other', sheet: 'Other' }));
    // What a trigger stopped by "Service using too much computer time for one day" leaves behind.
    new RunMarkers(h.documentProperties).mark({ reportId: 'other', startedMs: h.clock.now(), trigger: 'schedule' });
    h.clock.advance(HOUR);
    const summary = runReportsNow(h.deps(), h.deadline());
    expect(summary.runs.map((run) => [run.reportId, run.result])).toEqual([
      ['invoices', 'ok'],
      ['other', 'ok'],
    ]);
    const stoppedLine = logRows(h).find((row) => row.includes('failed'));
    expect(stoppedLine?.join(' ')).toContain(
      "Other failed 0 0 0 0 0 The scheduled run was stopped by Google before it finished, most likely because Google's daily trigger runtime (90 minutes a day, 6 hours on Workspace) is used up",
    );
    expect(statusOf(h, 'other')?.lastError).toBeNull();
    // A run that finishes leaves no marker: the next one reports nothing stopped.
    runReportsNow(h.deps(), h.deadline());
    expect(logRows(h).filter((row) => row.includes('failed'))).toHaveLength(1);
  });

  it("records the stopped run as the report's failure when the report does not run again at once", () => {
    const h = harness();
    h.save(invoicesReport());
    new RunMarkers(h.documentProperties).mark({ reportId: 'invoices', startedMs: h.clock.now(), trigger: 'schedule' });
    h.clock.advance(10 * 60_000);
    expect(runDueReports(h.deps(), h.deadline()).runs).toEqual([]);
    const status = statusOf(h, 'invoices');
    expect(status?.lastResult).toBe('failed');
    expect(status?.lastError).toMatch(/^The scheduled run was stopped by Google .* once the quota resets\.$/);
    expect(status?.consecutiveFailures).toBe(1);
  });

  it('refuses a sheet holding other data and writes nothing there', () => {
    const h = harness();
    h.spreadsheet.insertSheet('Invoices').type(1, 1, 'My budget');
    h.save(invoicesReport());
    const run = runReportsNow(h.deps(), h.deadline()).runs[0];
    expect(run?.result).toBe('failed');
    expect(run?.details).toMatch(/Sheet "Invoices" holds other data.*Nothing was written/);
    expect(run?.requests).toBe(0);
    expect(h.spreadsheet.sheetByName('Invoices')?.values()).toEqual([['My budget']]);
  });

  it('e-mails the owner once when failures reach the threshold, and again only after a success', () => {
    const h = harness();
    h.save(invoicesReport({ notifyAfterFailures: 2 }), 'owner@example.com');
    const failOnce = (): void => {
      h.provider.failure = { atRequest: h.provider.stats.requests + 1, kind: 'fatal' };
      runReportsNow(h.deps(), h.deadline());
    };
    failOnce();
    expect(h.mail.sent).toHaveLength(0);
    failOnce();
    expect(h.mail.sent).toHaveLength(1);
    expect(h.mail.sent[0]?.to).toBe('owner@example.com');
    expect(h.mail.sent[0]?.subject).toBe('Affiliate Billing: report "Invoices" failed 2 times in a row');
    expect(h.mail.sent[0]?.body).toMatch(/sheet "Invoices" of the spreadsheet "Affiliate finance"/);
    expect(h.mail.sent[0]?.body).toMatch(/Last error: Everflow had a server error/);
    failOnce();
    expect(h.mail.sent).toHaveLength(1);
    h.provider.failure = null;
    runReportsNow(h.deps(), h.deadline());
    expect(statusOf(h, 'invoices')?.consecutiveFailures).toBe(0);
    failOnce();
    failOnce();
    expect(h.mail.sent).toHaveLength(2);
  });

  it('sends no e-mail when notices are off, the owner is unknown or the quota is spent', () => {
    for (const setup of [
      (h: Harness) => h.save(invoicesReport({ notifyAfterFailures: 0 })),
      (h: Harness) => h.save(invoicesReport(), null),
      (h: Harness) => {
        h.save(invoicesReport());
        h.mail.quota = 0;
      },
    ]) {
      const h = harness();
      setup(h);
      for (let run = 0; run < 4; run += 1) {
        h.provider.failure = { atRequest: h.provider.stats.requests + 1, kind: 'fatal' };
        runReportsNow(h.deps(), h.deadline());
      }
      expect(h.mail.sent).toHaveLength(0);
    }
  });

  it('does not start a report without enough time left; it stays due', () => {
    const h = harness();
    h.save(invoicesReport());
    h.save(invoicesReport({ id: 'second', name: 'Second', sheet: 'Second' }));
    h.clock.advance(HOUR);
    const summary = runDueReports(h.deps(), h.deadline(MIN_TIME_TO_START_MS - 1));
    expect(summary.runs.map((run) => run.result)).toEqual(['skipped', 'skipped']);
    expect(summary.runs[0]?.details).toMatch(/^Not started/);
    expect(statusOf(h, 'second')?.lastRunMs).toBeNull();
    expect(runDueReports(h.deps(), h.deadline()).runs.map((run) => run.result)).toEqual(['ok', 'ok']);
  });

  it('logs unreadable reports on every run', () => {
    const h = harness();
    h.documentProperties.set('report.broken', 'not json');
    const summary = runDueReports(h.deps(), h.deadline());
    expect(summary.problems.map((problem) => problem.id)).toEqual(['broken']);
    expect(logRows(h).at(-1)?.slice(1, 3)).toEqual(['broken', 'unreadable']);
  });
});

describe('the sync log', () => {
  it('has one line per report run with its counts', () => {
    const h = harness();
    h.save(invoicesReport());
    runReportsNow(h.deps(), h.deadline());
    const sheet = h.spreadsheet.sheetByName(SYNC_LOG_SHEET);
    expect(sheet?.values()[0]).toEqual(SYNC_LOG_HEADERS);
    expect(sheet?.frozenRows()).toBe(1);
    const [time, report, result, rowsWritten, rowsRemoved, requests, rateLimited, duration, details] = logRows(h)[0] ?? [];
    expect(time).toEqual(new Date(START + 300));
    expect([report, result, rowsWritten, rowsRemoved, requests, rateLimited, duration, details]).toEqual(['Invoices', 'ok', 5, 0, 1, 0, 0.3, '']);
  });

  it('keeps report names inert', () => {
    const h = harness();
    h.save(invoicesReport({ name: '=HYPERLINK("https://evil.example")' }));
    runReportsNow(h.deps(), h.deadline());
    const sheet = h.spreadsheet.sheetByName(SYNC_LOG_SHEET);
    expect(sheet?.formulas().flat().filter((formula) => formula !== '')).toEqual([]);
    expect(logRows(h)[0]?.[1]).toBe('=HYPERLINK("https://evil.example")');
  });

  it('never grows beyond its cap', () => {
    const h = harness();
    h.save(invoicesReport());
    for (let run = 0; run < MAX_SYNC_LOG_ROWS + 20; run += 1) runReportsNow(h.deps(), h.deadline());
    const rows = logRows(h);
    expect(rows).toHaveLength(MAX_SYNC_LOG_ROWS);
    // The newest is last.
    expect((rows.at(-1)?.[0] as Date).getTime()).toBeGreaterThan((rows[0]?.[0] as Date).getTime());
  });
});

describe('fresh custom functions', () => {
  it('moves the data epoch and re-enters EFLOW_ formulas after a successful refresh', () => {
    const h = harness();
    h.save(invoicesReport());
    const other = h.spreadsheet.insertSheet('Dashboard');
    other.type(1, 1, '=EFLOW_INVOICES("unpaid")');
    other.type(2, 1, '=SUM(B:B)');
    other.type(3, 1, '=eflow_invoice_lines(A1)');
    expect(h.documentProperties.get(DATA_EPOCH_PROPERTY)).toBeNull();
    const summary = runReportsNow(h.deps(), h.deadline());
    const epoch = h.documentProperties.get(DATA_EPOCH_PROPERTY);
    expect(epoch).not.toBeNull();
    expect(summary.customFunctionCellsRefreshed).toBe(2);
    h.clock.advance(HOUR);
    runReportsNow(h.deps(), h.deadline());
    expect(h.documentProperties.get(DATA_EPOCH_PROPERTY)).not.toBe(epoch);
  });

  it('leaves them alone when every report failed', () => {
    const h = harness();
    h.save(invoicesReport());
    h.provider.failure = { atRequest: 1, kind: 'fatal' };
    expect(runReportsNow(h.deps(), h.deadline()).customFunctionCellsRefreshed).toBe(0);
    expect(h.documentProperties.get(DATA_EPOCH_PROPERTY)).toBeNull();
  });
});

describe('history reports', () => {
  it('records every invoice once, then only changes, then invoices that left the filter', () => {
    const h = harness();
    h.save(invoicesReport({ id: 'history', name: 'History', sheet: 'History', mode: 'history', filters: { status: 'unpaid' } }));
    runReportsNow(h.deps(), h.deadline());
    const sheet = h.spreadsheet.sheetByName('History');
    const changes = (): unknown[] => (sheet?.values() ?? []).slice(1).map((row) => `${String(row[2])}: ${String(row[1])}`);
    expect(changes()).toEqual(['5: new', '4: new', '3: new', '2: new', '1: new']);

    runReportsNow(h.deps(), h.deadline());
    expect(changes()).toHaveLength(5);

    h.provider.update(2, (invoice) => {
      invoice.item = { ...invoice.item, balance: 50, paid: 52 };
    });
    h.provider.update(4, (invoice) => {
      invoice.item = { ...invoice.item, status: 'paid', balance: 0, paid: 104 };
    });
    runReportsNow(h.deps(), h.deadline());
    expect(changes().slice(5)).toEqual(['2: balance 102 → 50, paid 0 → 52', '4: left the filter']);
    // The left row shows the invoice as last recorded.
    expect(sheet?.values().at(-1)?.[3]).toBe('unpaid');
  });

  it('never holds a row twice when Sheets fails between writing the rows and the memory of them', () => {
    const h = harness();
    h.save(invoicesReport({ id: 'history', name: 'History', sheet: 'History', mode: 'history' }));
    runReportsNow(h.deps(), h.deadline());
    const changes = (): unknown[] => (h.spreadsheet.sheetByName('History')?.values() ?? []).slice(1).map((row) => `${String(row[2])}: ${String(row[1])}`);
    h.provider.update(3, (invoice) => {
      invoice.item = { ...invoice.item, status: 'paid', balance: 0, paid: 103 };
    });
    h.clock.advance(HOUR);
    const memory = h.spreadsheet.sheetByName(stateSheetName('history'));
    if (memory) memory.failNextWrite = new Error('Service Spreadsheets failed while accessing document.');
    const interrupted = runReportsNow(h.deps(), h.deadline()).runs[0];
    expect(interrupted).toMatchObject({ result: 'failed', rowsWritten: 1 });
    expect(interrupted?.details).toBe(
      'Sheets stopped partway through writing this report (Service Spreadsheets failed while accessing document.). ' +
        'Some of its rows may already be on the sheet; the next run checks the sheet and completes or corrects them.',
    );
    expect(changes().slice(5)).toEqual(['3: status unpaid → paid, balance 103 → 0, paid 0 → 103']);

    h.clock.advance(HOUR);
    const next = runReportsNow(h.deps(), h.deadline()).runs[0];
    expect(next).toMatchObject({ result: 'ok', rowsWritten: 1, rowsRemoved: 1 });
    expect(changes().slice(5)).toEqual(['3: status unpaid → paid, balance 103 → 0, paid 0 → 103']);
    expect(runReportsNow(h.deps(), h.deadline()).runs[0]).toMatchObject({ result: 'ok', rowsWritten: 0, rowsRemoved: 0 });
  });

  it('tells a first run’s rows from the last saved ones when Sheets fails before its memory is saved', () => {
    const h = harness();
    h.save(invoicesReport({ id: 'history', name: 'History', sheet: 'History', mode: 'history' }));
    let stateWrites = 0;
    h.spreadsheet.beforeWrite = (sheet) => {
      // The memory is saved before the rows (dating the last saved run), then after them: the second save fails.
      if (sheet.name() === stateSheetName('history') && (stateWrites += 1) === 2) throw new Error('Service Spreadsheets timed out.');
    };
    expect(runReportsNow(h.deps(), h.deadline()).runs[0]).toMatchObject({ result: 'failed', rowsWritten: 5 });
    h.spreadsheet.beforeWrite = () => undefined;
    h.clock.advance(HOUR);
    expect(runReportsNow(h.deps(), h.deadline()).runs[0]).toMatchObject({ result: 'ok', rowsWritten: 5, rowsRemoved: 5 });
    const rows = (h.spreadsheet.sheetByName('History')?.values() ?? []).slice(1);
    expect(rows.map((row) => `${String(row[2])}: ${String(row[1])}`)).toEqual(['5: new', '4: new', '3: new', '2: new', '1: new']);
    expect(runReportsNow(h.deps(), h.deadline()).runs[0]).toMatchObject({ result: 'ok', rowsWritten: 0, rowsRemoved: 0 });
  });
});
