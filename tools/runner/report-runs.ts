/**
 * Running a report in the emulated document as Apps Script would: its hourly trigger fired
 * through the emulator's TriggerScheduler, or the "Refresh this sheet's report" menu item for a
 * report without a schedule. What a run did is read from what the add-on recorded (its status and
 * its `Sync log` line), which is what a user sees.
 */
import { isScheduled, type ReportDefinition, type ReportStatus } from '../../src/app/reports/definition';
import { REPORTS_TRIGGER_HANDLER } from '../../src/app/reports/trigger-manager';
import type { ExecutionOutcome } from '../../test-support/emulator/emulator';
import type { TriggerRecord } from '../../test-support/emulator/spreadsheet';
import type { AddOnHarness } from '../../test-support/harness';
import { latestSyncLogLine, reportStore, storedReport, userSpreadsheetApp, type SyncLogLine } from './report-document';

/** A weekly slot is at most a week of hourly firings away. */
export const MAX_FIRINGS_PER_RUN = 7 * 24 + 1;

export interface ReportRun {
  /** Executions started until the report ran: hourly firings before its slot came, and the one that ran it. */
  executions: number;
  /** When the execution that ran the report started. */
  startedAtMs: number;
  /** The execution that ran the report (its own failure, e.g. the 6-minute limit, shows here). */
  outcome: ExecutionOutcome;
  /** The report's line in the Sync log; null when the execution ended before writing one. */
  log: SyncLogLine | null;
  status: ReportStatus;
}

/** The add-on's hourly trigger in the document, or null. */
export function reportsTrigger(harness: AddOnHarness): TriggerRecord | null {
  return harness.sheets.triggers.triggers.find((trigger) => trigger.handler === REPORTS_TRIGGER_HANDLER) ?? null;
}

/**
 * Makes the report's slot come now. Real time cannot jump to the next slot, so on the real clock
 * the slot moves instead, before the trigger fires.
 */
function makeDueNow(harness: AddOnHarness, id: string): void {
  const report = storedReport(harness, id);
  reportStore(harness).put({ ...report, status: { ...report.status, nextRunMs: harness.clock.now() } });
}

/** The latest Sync log line of the report, if it was written at or after `sinceMs`. */
function latestLogLine(harness: AddOnHarness, name: string, sinceMs: number): SyncLogLine | null {
  const line = latestSyncLogLine(harness, name);
  return line && line.atMs >= sinceMs ? line : null;
}

/**
 * Fires the hourly trigger until it runs the report once. On a virtual clock every firing moves
 * time to the trigger's next hour, so a daily or weekly report runs at its slot in the
 * spreadsheet's zone; on the real clock the report is made due and the trigger fires now.
 */
export function fireTriggerUntilReportRuns(harness: AddOnHarness, definition: ReportDefinition, maxFirings = MAX_FIRINGS_PER_RUN): ReportRun {
  const trigger = reportsTrigger(harness);
  if (trigger === null) throw new Error('The document has no reports trigger: no report has a schedule.');
  const before = storedReport(harness, definition.id).status.lastRunMs;
  for (let executions = 1; executions <= maxFirings; executions += 1) {
    if (!harness.clock.isVirtual) makeDueNow(harness, definition.id);
    const [firing] = harness.sheets.scheduler.runDue(trigger.nextRunMs ?? harness.clock.now());
    if (!firing) throw new Error('The reports trigger did not fire.');
    const status = storedReport(harness, definition.id).status;
    if (status.lastRunMs !== before || !firing.outcome.ok) {
      return { executions, startedAtMs: firing.atMs, outcome: firing.outcome, log: latestLogLine(harness, definition.name, firing.atMs), status };
    }
  }
  throw new Error(`The report did not run in ${maxFirings} hourly firings.`);
}

/** "Refresh this sheet's report" from the menu, with the report's sheet active (created empty when missing, as a user would). */
export function refreshReportFromMenu(harness: AddOnHarness, definition: ReportDefinition): ReportRun {
  const book = userSpreadsheetApp(harness).getActive();
  const sheet = book.getSheetByName(definition.sheet) ?? book.insertSheet(definition.sheet);
  sheet.activate();
  const startedAtMs = harness.clock.now();
  const outcome = harness.execute('menuRefreshThisSheet');
  return { executions: 1, startedAtMs, outcome, log: latestLogLine(harness, definition.name, startedAtMs), status: storedReport(harness, definition.id).status };
}

/** One run of the report as it would run in Sheets: by its trigger when scheduled, else by hand. */
export function runReportOnce(harness: AddOnHarness, definition: ReportDefinition): ReportRun {
  return isScheduled(definition) ? fireTriggerUntilReportRuns(harness, definition) : refreshReportFromMenu(harness, definition);
}
