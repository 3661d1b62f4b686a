import { DAILY_QUOTA_LIMITS } from '../../ports/quota';
import type { ReportKind, Schedule } from './definition';

/**
 * What a report will cost in Google's daily quotas before its first run: URL fetches, trigger
 * minutes and executions. It follows how a run spends them (docs/reports.md): every run lists the
 * matching invoices, ceil(N / page size) requests; lines and payments reports then fetch each
 * invoice once, as fast as the rate limit allows, until the execution's fetch window closes; the
 * hourly trigger carries an unfinished backfill on. The invoice count N comes from one small
 * request, so the estimate costs one URL fetch.
 */

export interface CostModel {
  /** Invoices per page of the list. */
  listPageSize: number;
  /** The provider's steady request rate (the rate pacer's limit). */
  requestsPerSecond: number;
  /** How long one execution works before it stops cleanly. */
  executionBudgetMs: number;
  /** Kept back from fetching, for writing the sheet. */
  writeReserveMs: number;
  /** Reading and writing the sheet, beside the requests: a guess, per execution. */
  sheetWorkMs: number;
}

export interface CostEstimateInput {
  kind: ReportKind;
  schedule: Schedule;
  /** Invoices matching the report's filters. */
  invoices: number;
}

export type QuotaLevel = 'ok' | 'note' | 'warning';

export interface QuotaShare {
  /** Used on the busiest day (the backfill's first day, or a steady day), against a consumer account's quota. */
  perDay: number;
  consumerLimit: number;
  workspaceLimit: number;
  /** Whole percent of a consumer day. */
  percentOfConsumerDay: number;
  level: QuotaLevel;
}

export interface CostEstimate {
  invoices: number;
  /** Until the sheet is complete: the first run and the backfill runs after it. */
  requests: number;
  executions: number;
  /** Minutes the executions run (counted as trigger runtime: the backfill goes on in the hourly trigger). */
  triggerMinutes: number;
  /** Hours from the first run until the sheet is complete, at the trigger's hourly cadence. */
  hoursToComplete: number;
  /** Once complete, a day of runs at the report's schedule when nothing changed. */
  steadyRequestsPerDay: number;
  steadyTriggerMinutesPerDay: number;
  urlFetches: QuotaShare;
  triggerRuntime: QuotaShare;
  /** Person-facing sentences: the estimate, then a warning or note per quota that needs one. */
  lines: string[];
}

const DAY_HOURS = 24;
/** A quota share above this is worth a note: the quotas are shared with everything else the account runs. */
const NOTE_SHARE = 0.5;

const RUNS_PER_DAY: Readonly<Record<Schedule['frequency'], number>> = {
  none: 0,
  hourly: 24,
  'every-2-hours': 12,
  'every-4-hours': 6,
  'every-6-hours': 4,
  'every-12-hours': 2,
  daily: 1,
  weekly: 1 / 7,
};

const fetchesDetails = (kind: ReportKind): boolean => kind === 'lines' || kind === 'payments';
const whole = (n: number): string => Math.round(n).toLocaleString('en-US');
const minutes = (n: number): string => (n < 10 ? (Math.ceil(n * 10) / 10).toLocaleString('en-US') : whole(Math.ceil(n)));
const plural = (n: number, unit: string): string => `${whole(n)} ${unit}${Math.round(n) === 1 ? '' : 's'}`;

function share(perDay: number, limits: { consumer: number; workspace: number }): QuotaShare {
  const fraction = perDay / limits.consumer;
  return {
    perDay,
    consumerLimit: limits.consumer,
    workspaceLimit: limits.workspace,
    percentOfConsumerDay: Math.ceil(fraction * 100),
    level: fraction > 1 ? 'warning' : fraction > NOTE_SHARE ? 'note' : 'ok',
  };
}

export function estimateReportCost(input: CostEstimateInput, model: CostModel): CostEstimate {
  const n = Math.max(0, Math.floor(input.invoices));
  const listRequests = Math.max(1, Math.ceil(n / model.listPageSize));
  const fetchWindowMs = model.executionBudgetMs - model.writeReserveMs;
  // What one execution can send in its fetch window, at the rate limit.
  const requestsPerExecution = Math.max(listRequests + 1, Math.floor((fetchWindowMs / 1000) * model.requestsPerSecond));
  const detailsPerExecution = requestsPerExecution - listRequests;
  const details = fetchesDetails(input.kind) ? n : 0;
  const executions = Math.max(1, Math.ceil(details / detailsPerExecution));
  const requests = executions * listRequests + details;
  // Run time: the requests at the rate limit, and the sheet work of each execution.
  const runMinutes = (sent: number, runs: number): number => sent / model.requestsPerSecond / 60 + (runs * model.sheetWorkMs) / 60_000;
  const triggerMinutes = runMinutes(requests, executions);

  // The busiest day: the backfill's first day (up to 24 hourly executions), or a steady day.
  const backfillDayExecutions = Math.min(executions, DAY_HOURS);
  const backfillDayRequests = backfillDayExecutions * listRequests + Math.min(details, backfillDayExecutions * detailsPerExecution);
  const backfillDayMinutes = runMinutes(backfillDayRequests, backfillDayExecutions);
  const runsPerDay = RUNS_PER_DAY[input.schedule.frequency];
  const steadyRequestsPerDay = runsPerDay * listRequests;
  const steadyTriggerMinutesPerDay = runMinutes(runsPerDay * listRequests, runsPerDay);

  const urlFetches = share(Math.max(backfillDayRequests, steadyRequestsPerDay), DAILY_QUOTA_LIMITS['url-fetches']);
  const triggerRuntime = share(Math.max(backfillDayMinutes, steadyTriggerMinutesPerDay), DAILY_QUOTA_LIMITS['trigger-runtime']);
  const hoursToComplete = executions - 1;

  const lines = [
    `About ${plural(n, 'invoice')} match: the first fill takes about ${plural(requests, 'request')} in ${plural(executions, 'execution')} ` +
      `(${minutes(triggerMinutes)} minutes of run time)` +
      (executions > 1 ? `, one an hour: complete in about ${plural(hoursToComplete, 'hour')}.` : '.'),
  ];
  if (runsPerDay > 0) {
    lines.push(`Then each day at its schedule: about ${plural(steadyRequestsPerDay, 'request')} and ${minutes(steadyTriggerMinutesPerDay)} trigger minutes${fetchesDetails(input.kind) ? ', plus a request per changed invoice' : ''}.`);
  }
  const days = Math.ceil(requests / DAILY_QUOTA_LIMITS['url-fetches'].consumer);
  if (urlFetches.level === 'warning') {
    lines.push(
      `Warning: that is more than a day of Google's URL fetches on a consumer account (${whole(urlFetches.perDay)} of ${whole(urlFetches.consumerLimit)} a day; ` +
        `Workspace: ${whole(urlFetches.workspaceLimit)}). The report stops at the quota and goes on after each reset` +
        (days > 1 ? `, over about ${plural(days, 'day')}` : '') +
        '; formulas using the add-on fail with the quota message until then. Narrow the filters (dates, status) to fetch less.',
    );
  } else if (urlFetches.level === 'note') {
    lines.push(
      `Note: that is about ${urlFetches.percentOfConsumerDay}% of a consumer account's ${whole(urlFetches.consumerLimit)} URL fetches a day, ` +
        'shared with everything else this Google account runs.',
    );
  }
  if (triggerRuntime.level === 'warning') {
    lines.push(
      `Warning: that is more than a day of Google's trigger runtime on a consumer account (${minutes(triggerRuntime.perDay)} of ${whole(triggerRuntime.consumerLimit)} minutes; ` +
        'Workspace: 6 hours). Scheduled runs stop when it is spent and go on after the reset. A less frequent schedule or narrower filters cost less.',
    );
  } else if (triggerRuntime.level === 'note') {
    lines.push(
      `Note: that is about ${triggerRuntime.percentOfConsumerDay}% of a consumer account's ${whole(triggerRuntime.consumerLimit)} minutes of trigger runtime a day.`,
    );
  }
  return {
    invoices: n,
    requests,
    executions,
    triggerMinutes,
    hoursToComplete,
    steadyRequestsPerDay,
    steadyTriggerMinutesPerDay,
    urlFetches,
    triggerRuntime,
    lines,
  };
}
