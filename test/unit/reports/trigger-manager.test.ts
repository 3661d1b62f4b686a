import { ContinuationStore } from '../../../src/app/changes/continuation';
import { ReportDefinitionError, type ReportDefinitionInput } from '../../../src/app/reports/definition';
import { newReportId, removeAllSchedules, removeReport, reportForSheet, saveReport } from '../../../src/app/reports/manage-reports';
import { ReportStore } from '../../../src/app/reports/report-store';
import { runReportsNow } from '../../../src/app/reports/run-reports';
import { stateSheetName } from '../../../src/app/reports/sync-state';
import { REPORTS_TRIGGER_HANDLER, syncReportsTrigger } from '../../../src/app/reports/trigger-manager';
import { makeInvoice } from './support/fake-provider';
import { Harness } from './support/harness';

const report = (id: string, schedule: ReportDefinitionInput['schedule'] = { frequency: 'hourly' }): ReportDefinitionInput => ({
  id,
  name: id,
  kind: 'invoices',
  sheet: `Sheet ${id}`,
  mode: 'replace',
  schedule,
});

describe('the hourly trigger', () => {
  it('is installed with the first schedule, never duplicated, and removed with the last', () => {
    const h = new Harness();
    expect(saveReport(h.adminDeps(), report('a', { frequency: 'none' }), null).trigger).toBe('unchanged');
    expect(h.triggers.triggers).toEqual([]);
    expect(saveReport(h.adminDeps(), report('b'), null).trigger).toBe('installed');
    expect(saveReport(h.adminDeps(), report('b', { frequency: 'daily', hour: 7 }), null).trigger).toBe('unchanged');
    expect(saveReport(h.adminDeps(), report('c', { frequency: 'weekly', day: 'friday', hour: 7 }), null).trigger).toBe('unchanged');
    expect(h.triggers.triggers).toEqual([{ id: 't1', handler: REPORTS_TRIGGER_HANDLER }]);
    expect(h.triggers.created).toBe(1);
    expect(removeReport(h.adminDeps(), 'b')).toBe('unchanged');
    expect(saveReport(h.adminDeps(), { ...report('c', { frequency: 'weekly', day: 'friday', hour: 7 }), enabled: false }, null).trigger).toBe('removed');
    expect(h.triggers.triggers).toEqual([]);
  });

  it('is idempotent and cleans up extra copies', () => {
    const h = new Harness();
    h.save(report('a'));
    const store = new ReportStore(h.documentProperties);
    expect(syncReportsTrigger(store, h.triggers)).toBe('unchanged');
    expect(syncReportsTrigger(store, h.triggers)).toBe('unchanged');
    h.triggers.triggers.push({ id: 'stray', handler: REPORTS_TRIGGER_HANDLER }, { id: 'other', handler: 'somethingElse' });
    expect(syncReportsTrigger(store, h.triggers)).toBe('unchanged');
    expect(h.triggers.triggers.map((trigger) => trigger.id)).toEqual(['t1', 'other']);
  });

  it('goes away with "remove schedules", leaving the reports to refresh by hand', () => {
    const h = new Harness();
    h.provider.add(makeInvoice(1));
    h.save(report('a'));
    h.save(report('b', { frequency: 'every-4-hours' }));
    h.save(report('c', { frequency: 'none' }));
    expect(removeAllSchedules(h.adminDeps())).toEqual({ unscheduled: 2, trigger: 'removed' });
    const { reports } = new ReportStore(h.documentProperties).list();
    expect(reports.map((stored) => [stored.definition.schedule.frequency, stored.status.nextRunMs])).toEqual([
      ['none', null],
      ['none', null],
      ['none', null],
    ]);
    expect(runReportsNow(h.deps(), h.deadline(), ['a']).runs[0]?.result).toBe('ok');
  });

  it('stays while an apply that stopped waits to continue in it, and goes once it is done', () => {
    const h = new Harness();
    h.save(report('a'));
    const continuations = new ContinuationStore(h.documentProperties);
    continuations.put({ reportId: 'inv', user: 'me@example.com', sinceMs: 0, continueByMs: 3_600_000, stopped: true });
    expect(removeAllSchedules(h.adminDeps())).toEqual({ unscheduled: 1, trigger: 'unchanged' });
    expect(h.triggers.triggers.map((trigger) => trigger.handler)).toEqual([REPORTS_TRIGGER_HANDLER]);
    continuations.remove('inv');
    expect(syncReportsTrigger(new ReportStore(h.documentProperties), h.triggers)).toBe('removed');
    // Keeping one never installs one: that is the stopped apply's job (ensureContinuationTrigger).
    expect(syncReportsTrigger(new ReportStore(h.documentProperties), h.triggers, true)).toBe('unchanged');
    expect(h.triggers.triggers).toEqual([]);
  });
});

describe('saving and removing reports', () => {
  it('keeps the status and the planned run when a report is saved again unchanged in schedule', () => {
    const h = new Harness();
    h.provider.add(makeInvoice(1));
    const first = h.save(report('a', { frequency: 'daily', hour: 6 }), 'first@example.com');
    runReportsNow(h.deps(), h.deadline(), ['a']);
    const again = h.save({ ...report('a', { frequency: 'daily', hour: 6 }), name: 'Renamed' }, null);
    expect(again.status.nextRunMs).toBe(first.status.nextRunMs);
    expect(again.status.ownerEmail).toBe('first@example.com');
    expect(again.status.lastResult).toBe('ok');
    const moved = h.save(report('a', { frequency: 'daily', hour: 9 }), 'second@example.com');
    expect(moved.status.nextRunMs).not.toBe(first.status.nextRunMs);
    expect(moved.status.ownerEmail).toBe('second@example.com');
  });

  it('refuses two reports on one sheet', () => {
    const h = new Harness();
    h.save(report('a'));
    expect(() => h.save({ ...report('b'), sheet: 'Sheet a' })).toThrow(ReportDefinitionError);
    expect(() => h.save({ ...report('b'), sheet: 'Sheet a' })).toThrow('Report "a" already writes to sheet "Sheet a"; give this report its own sheet.');
  });

  it('forgets a report and its sync state, but keeps its sheet', () => {
    const h = new Harness();
    h.provider.add(makeInvoice(1));
    h.save({ ...report('a'), kind: 'lines', mode: 'merge' });
    runReportsNow(h.deps(), h.deadline(), ['a']);
    expect(h.spreadsheet.sheetByName(stateSheetName('a'))).not.toBeNull();
    removeReport(h.adminDeps(), 'a');
    expect(h.spreadsheet.sheetByName(stateSheetName('a'))).toBeNull();
    expect(h.spreadsheet.sheetByName('Sheet a')?.values()).toHaveLength(3);
    expect(new ReportStore(h.documentProperties).list().reports).toEqual([]);
  });

  it('finds the report of a sheet', () => {
    const h = new Harness();
    h.save(report('a'));
    expect(reportForSheet(h.documentProperties, 'Sheet a')?.definition.id).toBe('a');
    expect(reportForSheet(h.documentProperties, 'Elsewhere')).toBeNull();
  });

  it('makes ids from names', () => {
    expect(newReportId('Unpaid invoices (EUR)', [])).toBe('unpaid-invoices-eur');
    expect(newReportId('Unpaid invoices', ['unpaid-invoices', 'unpaid-invoices-2'])).toBe('unpaid-invoices-3');
    expect(newReportId('¡!', [])).toBe('report');
  });
});
