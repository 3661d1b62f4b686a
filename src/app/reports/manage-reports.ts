import type { Clock } from '../../ports/clock';
import type { PropertiesPort } from '../../ports/properties';
import type { SpreadsheetPort } from '../../ports/spreadsheet';
import type { ZoneRules } from '../../ports/time-zone';
import type { TriggerPort } from '../../ports/triggers';
import { ContinuationStore } from '../changes/continuation';
import { dashboardChartsProperty } from './dashboard';
import { EMPTY_STATUS, isScheduled, parseReportDefinition, ReportDefinitionError, type ReportDefinition } from './definition';
import { ReportStore, type StoredReport } from './report-store';
import { nextSlotAfter } from './schedule';
import { SyncStateStore } from './sync-state';
import { syncReportsTrigger, type TriggerChange } from './trigger-manager';

/** What saving and removing reports touches. */
export interface ReportAdminDeps {
  documentProperties: PropertiesPort;
  spreadsheet: SpreadsheetPort;
  triggers: TriggerPort;
  clock: Clock;
  zones: ZoneRules;
}

export interface SavedReport {
  report: StoredReport;
  trigger: TriggerChange;
}

/**
 * Validates and saves a report (new or changed), plans its next run in the spreadsheet's zone and
 * installs or removes the hourly trigger as schedules require. `ownerEmail` (the user saving it)
 * receives failure notices.
 */
export function saveReport(deps: ReportAdminDeps, input: unknown, ownerEmail: string | null): SavedReport {
  const definition = parseReportDefinition(input);
  const store = new ReportStore(deps.documentProperties);
  const { reports } = store.list();
  const clash = reports.find((other) => other.definition.sheet === definition.sheet && other.definition.id !== definition.id);
  if (clash) {
    throw new ReportDefinitionError(`Report "${clash.definition.name}" already writes to sheet "${definition.sheet}"; give this report its own sheet.`);
  }
  // An unreadable report of the same id is replaced, its status with it.
  const previous = reports.find((other) => other.definition.id === definition.id) ?? null;
  const status = previous?.status ?? EMPTY_STATUS;
  const report: StoredReport = {
    definition,
    status: { ...status, ownerEmail: ownerEmail ?? status.ownerEmail, nextRunMs: plannedRun(deps, definition, previous) },
  };
  store.put(report);
  return { report, trigger: syncReportsTrigger(store, deps.triggers, applyContinues(deps)) };
}

/** Forgets a report and what it remembered; its sheet and data stay. */
export function removeReport(deps: ReportAdminDeps, id: string): TriggerChange {
  const store = new ReportStore(deps.documentProperties);
  store.remove(id);
  new SyncStateStore(deps.spreadsheet).remove(id);
  deps.documentProperties.delete(dashboardChartsProperty(id));
  return syncReportsTrigger(store, deps.triggers, applyContinues(deps));
}

/** Sets every report to "not scheduled" and removes the trigger; reports stay, to refresh by hand. */
export function removeAllSchedules(deps: ReportAdminDeps): { unscheduled: number; trigger: TriggerChange } {
  const store = new ReportStore(deps.documentProperties);
  let unscheduled = 0;
  for (const report of store.list().reports) {
    if (report.definition.schedule.frequency === 'none') continue;
    store.put({ definition: { ...report.definition, schedule: { frequency: 'none' } }, status: { ...report.status, nextRunMs: null } });
    unscheduled += 1;
  }
  return { unscheduled, trigger: syncReportsTrigger(store, deps.triggers, applyContinues(deps)) };
}

/** An apply that stopped with changes left continues in the hourly trigger: it stays until then. */
function applyContinues(deps: ReportAdminDeps): boolean {
  return new ContinuationStore(deps.documentProperties).list().length > 0;
}

/** The report that writes to the sheet, for "refresh this sheet's report". */
export function reportForSheet(documentProperties: PropertiesPort, sheetName: string): StoredReport | null {
  return new ReportStore(documentProperties).list().reports.find((report) => report.definition.sheet === sheetName) ?? null;
}

/** An id for a new report from its name ("Unpaid invoices" -> "unpaid-invoices", "-2" if taken). */
export function newReportId(name: string, takenIds: readonly string[]): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30) || 'report';
  const taken = new Set(takenIds);
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) {
    if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
  }
}

/** The next slot from now, kept when the schedule did not change (saving a report must not delay it). */
function plannedRun(deps: ReportAdminDeps, definition: ReportDefinition, previous: StoredReport | null): number | null {
  if (!isScheduled(definition)) return null;
  const unchanged = previous !== null && isScheduled(previous.definition) && JSON.stringify(previous.definition.schedule) === JSON.stringify(definition.schedule);
  if (unchanged && previous.status.nextRunMs !== null) return previous.status.nextRunMs;
  return nextSlotAfter(definition.schedule, deps.clock.now(), deps.spreadsheet.timeZone(), deps.zones);
}
