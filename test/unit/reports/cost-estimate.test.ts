import { estimateReportCost, type CostModel } from '../../../src/app/reports/cost-estimate';
import { WRITE_RESERVE_MS } from '../../../src/app/reports/refresh';
import { reportCostModel } from '../../../src/app/sidebar/report-cost';
import { EXECUTION_BUDGET_MS } from '../../../src/entry/run';

const model: CostModel = reportCostModel(EXECUTION_BUDGET_MS);
const hourly = { frequency: 'hourly' } as const;

describe("a report's cost in Google's daily quotas", () => {
  it('uses the platform facts: 2,000 invoices a list page, 5 requests a second, 5-minute executions less the write reserve', () => {
    expect(model).toEqual({ listPageSize: 2000, requestsPerSecond: 5, executionBudgetMs: 300_000, writeReserveMs: WRITE_RESERVE_MS, sheetWorkMs: 15_000 });
  });

  it('costs a lines backfill of 10,000 invoices half a consumer day of URL fetches, in 8 hourly executions', () => {
    const estimate = estimateReportCost({ kind: 'lines', schedule: hourly, invoices: 10_000 }, model);
    // 255 s of fetching at 5 a second: 1,275 requests an execution, 5 of them the list.
    expect(estimate.executions).toBe(Math.ceil(10_000 / 1270));
    expect(estimate.requests).toBe(8 * 5 + 10_000);
    expect(estimate.hoursToComplete).toBe(7);
    expect(estimate.triggerMinutes).toBeCloseTo(10_040 / 5 / 60 + 8 * 0.25, 6);
    expect(estimate.urlFetches).toEqual({ perDay: 10_040, consumerLimit: 20_000, workspaceLimit: 100_000, percentOfConsumerDay: 51, level: 'note' });
    expect(estimate.triggerRuntime.level).toBe('ok');
    expect(estimate.lines).toEqual([
      'About 10,000 invoices match: the first fill takes about 10,040 requests in 8 executions (36 minutes of run time), one an hour: complete in about 7 hours.',
      'Then each day at its schedule: about 120 requests and 6.4 trigger minutes, plus a request per changed invoice.',
      "Note: that is about 51% of a consumer account's 20,000 URL fetches a day, shared with everything else this Google account runs.",
    ]);
  });

  it('costs an Affise dashboard of 10,000 owed invoices its list alone each run: 100 requests of 100 invoices', () => {
    const estimate = estimateReportCost({ kind: 'affise-dashboard', schedule: { frequency: 'daily', hour: 6 }, invoices: 10_000 }, reportCostModel(EXECUTION_BUDGET_MS, 100));
    expect(estimate).toMatchObject({ requests: 100, executions: 1, steadyRequestsPerDay: 100 });
    expect(estimate.lines).toEqual([
      'About 10,000 invoices match: the first fill takes about 100 requests in 1 execution (0.6 minutes of run time).',
      'Then each day at its schedule: about 100 requests and 0.6 trigger minutes.',
    ]);
  });

  it('warns when a day of the backfill needs more than a day of either quota', () => {
    const estimate = estimateReportCost({ kind: 'payments', schedule: { frequency: 'daily', hour: 6 }, invoices: 50_000 }, model);
    expect(estimate.executions).toBe(40);
    expect(estimate.requests).toBe(40 * 25 + 50_000);
    // The first day: 24 hourly executions of 1,275 requests.
    expect(estimate.urlFetches).toMatchObject({ perDay: 24 * 1275, level: 'warning' });
    expect(estimate.triggerRuntime).toMatchObject({ level: 'warning', consumerLimit: 90, workspaceLimit: 360 });
    expect(estimate.triggerRuntime.perDay).toBeCloseTo((24 * 1275) / 5 / 60 + 24 * 0.25, 6);
    expect(estimate.lines[2]).toBe(
      "Warning: that is more than a day of Google's URL fetches on a consumer account (30,600 of 20,000 a day; Workspace: 100,000). " +
        'The report stops at the quota and goes on after each reset, over about 3 days; formulas using the add-on fail with the quota message until then. ' +
        'Narrow the filters (dates, status) to fetch less.',
    );
    expect(estimate.lines[3]).toMatch(/^Warning: that is more than a day of Google's trigger runtime on a consumer account \(108 of 90 minutes; Workspace: 6 hours\)/);
  });

  it('counts list pages only for invoice and summary reports, each run of the schedule', () => {
    const invoices = estimateReportCost({ kind: 'invoices', schedule: hourly, invoices: 4001 }, model);
    expect(invoices).toMatchObject({ requests: 3, executions: 1, hoursToComplete: 0, steadyRequestsPerDay: 72 });
    expect(invoices.urlFetches.level).toBe('ok');
    expect(invoices.lines[0]).toBe('About 4,001 invoices match: the first fill takes about 3 requests in 1 execution (0.3 minutes of run time).');
    const none = estimateReportCost({ kind: 'summary', schedule: { frequency: 'none' }, invoices: 0 }, model);
    expect(none).toMatchObject({ requests: 1, executions: 1, steadyRequestsPerDay: 0 });
    expect(none.lines).toHaveLength(1);
    const weekly = estimateReportCost({ kind: 'invoices', schedule: { frequency: 'weekly', day: 'monday', hour: 6 }, invoices: 10 }, model);
    expect(weekly.steadyRequestsPerDay).toBeCloseTo(1 / 7, 6);
  });

  it('counts the runtime of a steady schedule: list pages and sheet work, every run', () => {
    // 200,000 invoices: 100 list pages every hour, 2,400 requests and 24 × (20 s + 15 s) of runtime a day.
    const estimate = estimateReportCost({ kind: 'invoices', schedule: hourly, invoices: 200_000 }, model);
    expect(estimate.steadyRequestsPerDay).toBe(2400);
    expect(estimate.triggerRuntime.level).toBe('ok');
    expect(estimate.steadyTriggerMinutesPerDay).toBeCloseTo(24 * (100 / 5 / 60 + 0.25), 6);
  });
});
