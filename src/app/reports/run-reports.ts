import { DeadlineExceededError, type Clock, type Deadline } from '../../ports/clock';
import type { LockPort } from '../../ports/lock';
import type { LogPort } from '../../ports/logger';
import type { MailPort } from '../../ports/mail';
import type { PropertiesPort } from '../../ports/properties';
import { asDailyQuotaError, quotaUsedUpText, type DailyQuota } from '../../ports/quota';
import type { SpreadsheetPort } from '../../ports/spreadsheet';
import type { ZoneRules } from '../../ports/time-zone';
import { startNewDataEpoch } from '../cache-generation';
import type { AffiseReportSource } from '../affise/report-source';
import { messageOf, redactSecrets } from '../user-message';
import { refreshAffiseReport } from './affise-refresh';
import { isAffiseReport, isScheduled, progressText, type Progress, type ReportStatus, type RunResult } from './definition';
import { refreshReport, WRITE_RESERVE_MS, WriteInterruptedError, type RefreshOutcome } from './refresh';
import { ReportStore, type StoredReport, type StoredReportProblem } from './report-store';
import { ReportSheetError } from './report-sheet';
import { RunMarkers, type RunMarker } from './run-marker';
import { isSlotDue, nextSlotAfter, nextSlotAfterRun } from './schedule';
import type { ReportProvider } from './sync';
import { SyncLog } from './sync-log';
import { SyncStateStore } from './sync-state';

/** How long a second run waits for the one holding the document lock before it gives up. */
export const LOCK_WAIT_MS = 10_000;
/** A report is not started with less time than this left: fetching needs time beyond the write reserve. */
export const MIN_TIME_TO_START_MS = WRITE_RESERVE_MS + 30_000;
/** What custom functions' names start with: their formulas are re-entered after a refresh. */
export const CUSTOM_FUNCTION_PREFIXES = ['EFLOW_', 'AFFISE_'] as const;

export interface ReportsDeps {
  spreadsheet: SpreadsheetPort;
  /** Reports, their status and the data epoch live here. */
  documentProperties: PropertiesPort;
  /** LockService's document lock. */
  documentLock: LockPort;
  clock: Clock;
  zones: ZoneRules;
  log: LogPort;
  /** Null when failure e-mails are not available. */
  mail: MailPort | null;
  /** The invoice provider of a connection (by name; null: the only one) of the user the run belongs to; throws (e.g. no key set) and the report fails with its message. */
  openProvider: (account: string | null) => ReportProvider;
  /** The report source of an Affise connection (by name; null: the only one); throws (no Affise connection) and the report fails with its message. */
  openAffise: (account: string | null) => AffiseReportSource;
  /** Texts never to record (the API key): masked in errors, the log and e-mails. */
  secrets: () => ReadonlyArray<string | null>;
  /** Hears a running report's count as it goes (the sidebar shows it); absent, nobody listens. */
  onProgress?: (reportId: string, progress: Progress) => void;
}

export type RunRecordResult = RunResult | 'skipped';

/** Traffic and effect of one report's run. */
export interface RunCounts {
  /** Rows added or changed. */
  rowsWritten: number;
  rowsRemoved: number;
  requests: number;
  /** 429 answers. */
  rateLimited: number;
  durationMs: number;
}

export interface ReportRunRecord extends RunCounts {
  reportId: string;
  name: string;
  result: RunRecordResult;
  /** What went wrong and what to do (failed), how far a backfill came (partial), or why it was skipped. */
  details: string | null;
}

export interface RunSummary {
  /** True when another run held the lock and this one did nothing. */
  lockBusy: boolean;
  runs: ReportRunRecord[];
  /** Stored reports that could not be read. */
  problems: StoredReportProblem[];
  /** EFLOW_ formulas re-entered so they show the fresh data. */
  customFunctionCellsRefreshed: number;
}

/** What the hourly trigger calls: runs every report whose slot has come. */
export function runDueReports(deps: ReportsDeps, deadline: Deadline): RunSummary {
  return withDocumentLock(deps, (store) => {
    const now = deps.clock.now();
    const listing = store.list();
    const due = listing.reports
      .filter((report) => isScheduled(report.definition) && isSlotDue(report.status.nextRunMs, now))
      .sort((a, b) => (a.status.nextRunMs ?? 0) - (b.status.nextRunMs ?? 0));
    return runReports(deps, store, listing.problems, due, 'schedule', deadline);
  });
}

/**
 * "Refresh now": the given reports (every enabled report when none are named), due or not.
 * Unknown ids are reported as problems.
 */
export function runReportsNow(deps: ReportsDeps, deadline: Deadline, reportIds?: readonly string[]): RunSummary {
  return withDocumentLock(deps, (store) => {
    const listing = store.list();
    const problems = [...listing.problems];
    const chosen =
      reportIds === undefined
        ? listing.reports.filter((report) => report.definition.enabled)
        : reportIds.flatMap((id) => {
            const report = listing.reports.find((candidate) => candidate.definition.id === id);
            if (!report && !problems.some((problem) => problem.id === id)) {
              problems.push({ id, property: '', message: `There is no report "${id}" in this spreadsheet.` });
            }
            return report ? [report] : [];
          });
    return runReports(deps, store, problems, chosen, 'manual', deadline);
  });
}

/** Re-enters every formula using the add-on's custom functions, so Sheets runs them again. */
export function refreshCustomFunctionCells(spreadsheet: SpreadsheetPort): number {
  return CUSTOM_FUNCTION_PREFIXES.reduce((count, prefix) => count + spreadsheet.reenterFormulasContaining(prefix), 0);
}

function withDocumentLock(deps: ReportsDeps, body: (store: ReportStore) => RunSummary): RunSummary {
  if (!deps.documentLock.tryLock(LOCK_WAIT_MS)) {
    const message = 'Skipped: another refresh of this spreadsheet is running. This one will run at the next chance.';
    deps.log.warn(message);
    new SyncLog(deps.spreadsheet).appendIfPresent({ ...NOTHING_DONE, atMs: deps.clock.now(), report: '(all reports)', result: 'skipped', details: message });
    return { lockBusy: true, runs: [], problems: [], customFunctionCellsRefreshed: 0 };
  }
  try {
    return body(new ReportStore(deps.documentProperties));
  } finally {
    deps.documentLock.release();
  }
}

function runReports(
  deps: ReportsDeps,
  store: ReportStore,
  problems: StoredReportProblem[],
  reports: readonly StoredReport[],
  trigger: 'schedule' | 'manual',
  deadline: Deadline,
): RunSummary {
  const log = new SyncLog(deps.spreadsheet);
  const runs: ReportRunRecord[] = [];
  for (const problem of problems) {
    log.append({ ...NOTHING_DONE, atMs: deps.clock.now(), report: problem.id, result: 'unreadable', details: problem.message });
  }
  const markers = new RunMarkers(deps.documentProperties);
  const leftover = markers.takeLeftover();
  const stopped = leftover ? recordStoppedRun(deps, store, leftover) : null;
  if (stopped) log.append({ ...NOTHING_DONE, atMs: deps.clock.now(), report: stopped.name, result: 'failed', details: stopped.details });
  const sources: Sources = { everflow: perAccount(deps.openProvider), affise: perAccount(deps.openAffise) };
  const states = new SyncStateStore(deps.spreadsheet);
  for (const report of reports) {
    if (!deadline.isNear(MIN_TIME_TO_START_MS)) markers.mark({ reportId: report.definition.id, startedMs: deps.clock.now(), trigger });
    const record = deadline.isNear(MIN_TIME_TO_START_MS)
      ? skippedForTime(report)
      : runOne(deps, store, states, sources, store.get(report.definition.id) ?? report, trigger, deadline);
    runs.push(record);
    const { reportId: _id, name, details, ...facts } = record;
    log.append({ ...facts, atMs: deps.clock.now(), report: name, details: details ?? '' });
  }
  markers.clear();
  log.trim();
  const refreshed = runs.some((run) => run.result === 'ok' || run.result === 'partial');
  let customFunctionCellsRefreshed = 0;
  if (refreshed) {
    // Custom functions include the epoch in their cache keys; re-entering their formulas makes Sheets call them again.
    startNewDataEpoch(deps.documentProperties, deps.clock.now());
    customFunctionCellsRefreshed = refreshCustomFunctionCells(deps.spreadsheet);
  }
  deps.spreadsheet.flush();
  return { lockBusy: false, runs, problems, customFunctionCellsRefreshed };
}

const NOTHING_DONE: RunCounts = { rowsWritten: 0, rowsRemoved: 0, requests: 0, rateLimited: 0, durationMs: 0 };

function skippedForTime(report: StoredReport): ReportRunRecord {
  return {
    ...NOTHING_DONE,
    reportId: report.definition.id,
    name: report.definition.name,
    result: 'skipped',
    details: 'Not started: this run used its time on the reports before it. It runs at the next chance.',
  };
}

/** Opens each connection's source once, on first use; an opening failure (no key) is the failure of every report on that connection. */
function perAccount<T>(open: (account: string | null) => T): (account: string | null) => T {
  const opened = new Map<string | null, T>();
  return (account) => {
    const key = account === null ? null : account.trim().toLowerCase();
    let source = opened.get(key);
    if (source === undefined) {
      source = open(account);
      opened.set(key, source);
    }
    return source;
  };
}

/** Each provider's sources, opened on first use. */
interface Sources {
  everflow: (account: string | null) => ReportProvider;
  affise: (account: string | null) => AffiseReportSource;
}

function runOne(
  deps: ReportsDeps,
  store: ReportStore,
  states: SyncStateStore,
  sources: Sources,
  report: StoredReport,
  trigger: 'schedule' | 'manual',
  deadline: Deadline,
): ReportRunRecord {
  const { definition } = report;
  const startedMs = deps.clock.now();
  let before: { requests: number; rateLimited: number } | null = null;
  let outcome: RefreshOutcome | null = null;
  let failure: string | null = null;
  let interrupted: WriteInterruptedError | null = null;
  try {
    const common = { spreadsheet: deps.spreadsheet, states, zones: deps.zones, clock: deps.clock, log: deps.log, documentProperties: deps.documentProperties };
    const account = definition.account ?? null;
    if (isAffiseReport(definition)) {
      const source = sources.affise(account);
      before = { requests: source.stats.requests, rateLimited: source.stats.rateLimited };
      outcome = refreshAffiseReport({ ...common, source }, definition, deadline);
    } else {
      const source = sources.everflow(account);
      before = { requests: source.stats.requests, rateLimited: source.stats.rateLimited };
      const { onProgress } = deps;
      const progress = onProgress ? { onProgress: (count: Progress) => onProgress(definition.id, count) } : {};
      outcome = refreshReport({ ...common, provider: source, ...progress }, definition, deadline);
    }
  } catch (error) {
    failure = redactSecrets(describeFailure(error), deps.secrets());
    if (error instanceof WriteInterruptedError) interrupted = error;
    deps.log.warn(`Report "${definition.name}" failed: ${failure}`);
  }
  const endedMs = deps.clock.now();
  const stats = before ? (isAffiseReport(definition) ? sources.affise(definition.account ?? null) : sources.everflow(definition.account ?? null)).stats : null;
  const result: RunResult = outcome === null ? 'failed' : outcome.progress === null ? 'ok' : 'partial';
  const quotaNote = outcome?.stoppedByQuota ? quotaStopText(outcome.stoppedByQuota) : null;
  const status = nextStatus(deps, report, { result, startedMs, failure: failure ?? quotaNote, progress: outcome?.progress ?? null, trigger });
  store.put({ definition, status: notifyIfFailing(deps, report, status) });
  return {
    reportId: definition.id,
    name: definition.name,
    result,
    // A write Sheets interrupted counts what reached the sheet.
    rowsWritten: outcome?.rowsChanged ?? interrupted?.done.rowsWritten ?? 0,
    rowsRemoved: outcome?.rowsRemoved ?? interrupted?.done.rowsRemoved ?? 0,
    requests: stats && before ? stats.requests - before.requests : 0,
    rateLimited: stats && before ? stats.rateLimited - before.rateLimited : 0,
    durationMs: endedMs - startedMs,
    details:
      failure ??
      (outcome?.progress
        ? `Backfill under way: ${progressText(outcome.progress) ?? ''}. ${quotaNote ?? 'The next run continues.'}`
        : null),
  };
}

/** Why a backfill stopped early with its progress kept, and when it goes on. */
function quotaStopText(quota: DailyQuota): string {
  return `Stopped: ${quotaUsedUpText(quota)}. The rows fetched so far are written; the report goes on by itself once the quota resets.`;
}

/**
 * A run that Apps Script stopped from outside left its marker: the report it was on failed, with
 * the likely reason. Its sheet and sync memory are those of its last finished run.
 */
function recordStoppedRun(deps: ReportsDeps, store: ReportStore, marker: RunMarker): { name: string; details: string } | null {
  const report = store.get(marker.reportId);
  if (!report) return null;
  const details =
    marker.trigger === 'schedule'
      ? `The scheduled run was stopped by Google before it finished, most likely because ${quotaUsedUpText('trigger-runtime')} ` +
        '("Service using too much computer time for one day"). The sheet keeps its data; the report goes on by itself once the quota resets.'
      : 'The run was stopped by Google before it finished. The sheet keeps its data; the report goes on at the next run.';
  const status = nextStatus(deps, report, { result: 'failed', startedMs: marker.startedMs, failure: details, progress: null, trigger: marker.trigger });
  store.put({ definition: report.definition, status });
  return { name: report.definition.name, details };
}

/** What went wrong, and what to do; the sheet always keeps its last good data. */
export function describeFailure(error: unknown): string {
  if (error instanceof ReportSheetError || error instanceof WriteInterruptedError) return error.message;
  const quota = asDailyQuotaError(error);
  if (quota) return `${quota.message} Nothing was written this run; the sheet keeps its data and the report goes on by itself once the quota resets.`;
  if (error instanceof DeadlineExceededError) {
    return 'Ran out of time before the invoice list arrived; nothing was written. The next run tries again.';
  }
  return `${messageOf(error)} The sheet keeps the data of the last successful run.`;
}

interface RunFacts {
  result: RunResult;
  startedMs: number;
  failure: string | null;
  progress: Progress | null;
  trigger: 'schedule' | 'manual';
}

function nextStatus(deps: ReportsDeps, report: StoredReport, facts: RunFacts): ReportStatus {
  const { definition, status } = report;
  const timeZone = deps.spreadsheet.timeZone();
  const slot =
    facts.trigger === 'schedule'
      ? nextSlotAfterRun(definition.schedule, facts.startedMs, status.nextRunMs, timeZone, deps.zones)
      : (status.nextRunMs ?? nextSlotAfter(definition.schedule, facts.startedMs, timeZone, deps.zones));
  // An unfinished backfill or a failure does not wait for a daily or weekly slot: the next hourly run continues.
  const nextHour = nextSlotAfter({ frequency: 'hourly' }, facts.startedMs, timeZone, deps.zones);
  const nextRunMs = facts.result === 'ok' || slot === null || nextHour === null ? slot : Math.min(slot, nextHour);
  const failed = facts.result === 'failed';
  return {
    ...status,
    lastRunMs: facts.startedMs,
    lastResult: facts.result,
    lastSuccessMs: failed ? status.lastSuccessMs : facts.startedMs,
    nextRunMs,
    lastError: facts.failure,
    progress: failed ? status.progress : facts.progress,
    consecutiveFailures: failed ? status.consecutiveFailures + 1 : 0,
    failureNoticeSentMs: failed ? status.failureNoticeSentMs : null,
  };
}

/** E-mails the owner once per run of failures, when it reaches the report's threshold. */
function notifyIfFailing(deps: ReportsDeps, report: StoredReport, status: ReportStatus): ReportStatus {
  const threshold = report.definition.notifyAfterFailures;
  const due = threshold > 0 && status.consecutiveFailures >= threshold && status.failureNoticeSentMs === null;
  if (!due || !deps.mail || !status.ownerEmail) return status;
  try {
    if (deps.mail.remainingDailyQuota() < 1) return status;
    deps.mail.send({
      to: status.ownerEmail,
      subject: `Affiliate Billing: report "${report.definition.name}" failed ${status.consecutiveFailures} times in a row`,
      body: [
        `The scheduled report "${report.definition.name}" (sheet "${report.definition.sheet}" of the spreadsheet "${deps.spreadsheet.name()}") could not refresh ${status.consecutiveFailures} times in a row.`,
        '',
        `Last error: ${status.lastError ?? 'unknown'}`,
        '',
        'The sheet keeps the data of the last successful run. Every run is listed in the "Sync log" sheet of the spreadsheet.',
        'You get this e-mail once; the next one comes only after the report has worked again and then fails again.',
      ].join('\n'),
    });
    return { ...status, failureNoticeSentMs: deps.clock.now() };
  } catch (error) {
    deps.log.warn(`Could not e-mail the failure notice of report "${report.definition.name}": ${redactSecrets(messageOf(error), deps.secrets())}`);
    return status;
  }
}
