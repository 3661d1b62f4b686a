/**
 * The emulated document seen from Node, for the report runner, the end-to-end tests and the
 * benchmark: install a report the way the add-on saves one, read what the add-on recorded, and
 * act as the user at the keyboard.
 *
 * Installing uses the engine's own `saveReport` (validated, stored in document properties by
 * `ReportStore`, its next run planned in the spreadsheet's zone, the hourly trigger installed
 * through the emulator's ScriptApp, which enforces the add-on trigger rules). No public function
 * of the bundle takes a whole report definition, so this is the one way in from outside; every
 * run still goes through the bundle.
 */
import { SYNC_LOG_SHEET } from '../../src/app/reports/definition';
import { saveReport, type ReportAdminDeps, type SavedReport } from '../../src/app/reports/manage-reports';
import { ReportStore, type StoredReport } from '../../src/app/reports/report-store';
import { SYNC_LOG_HEADERS } from '../../src/app/reports/sync-log';
import { AppsScriptProperties } from '../../src/platform/apps-script/properties';
import { AppsScriptSpreadsheet } from '../../src/platform/apps-script/spreadsheet';
import type { TimeTrigger, TriggerPort } from '../../src/ports/triggers';
import { ServiceCallCounter, UiState, type CellValue, type FakeSheet } from '../../test-support/emulator/spreadsheet';
import { isSheetDate } from '../../test-support/emulator/spreadsheet/cell-value';
import { ScriptAppFake } from '../../test-support/emulator/spreadsheet/script-app';
import { ServiceContext } from '../../test-support/emulator/spreadsheet/service-context';
import { SpreadsheetAppFake, type SpreadsheetFake } from '../../test-support/emulator/spreadsheet/spreadsheet-app';
import { UiFake } from '../../test-support/emulator/spreadsheet/ui';
import { instantOfSerial } from '../../test-support/emulator/spreadsheet/zone';
import type { AddOnHarness } from '../../test-support/harness';
import { IntlZoneRules } from '../../test-support/intl-zone-rules';
import type { SyncLogEntry } from '../../src/app/reports/sync-log';

/** The services the user's own actions go through, counted apart from the bundle's calls (`harness.sheets.calls`). */
function userContext(harness: AddOnHarness): ServiceContext {
  return new ServiceContext(harness.emulator.runtime, new ServiceCallCounter());
}

/** SpreadsheetApp as the user's hands: typing (parsed as typed), formatting, selecting. */
export function userSpreadsheetApp(harness: AddOnHarness): SpreadsheetAppFake {
  const context = userContext(harness);
  return new SpreadsheetAppFake({ context, book: harness.sheets.spreadsheet, ui: new UiFake(context, new UiState()) });
}

/** The user's time triggers on the document, through the emulator's ScriptApp (the twin of AppsScriptTriggers). */
class EmulatorTriggers implements TriggerPort {
  constructor(
    private readonly scriptApp: ScriptAppFake,
    private readonly document: SpreadsheetFake,
  ) {}

  private clockTriggers(): ReturnType<ScriptAppFake['getUserTriggers']> {
    return this.scriptApp.getUserTriggers(this.document).filter((trigger) => String(trigger.getEventType()) === 'CLOCK');
  }

  listTimeTriggers(): TimeTrigger[] {
    return this.clockTriggers().map((trigger) => ({ id: trigger.getUniqueId(), handler: trigger.getHandlerFunction() }));
  }

  createHourlyTrigger(handler: string): TimeTrigger {
    const trigger = this.scriptApp.newTrigger(handler).timeBased().everyHours(1).create();
    return { id: trigger.getUniqueId(), handler: trigger.getHandlerFunction() };
  }

  deleteTrigger(id: string): void {
    const trigger = this.clockTriggers().find((candidate) => candidate.getUniqueId() === id);
    if (trigger) this.scriptApp.deleteTrigger(trigger);
  }
}

/** The add-on's admin dependencies (what saving a report touches) over the harness's emulator. */
export function emulatorReportAdminDeps(harness: AddOnHarness): ReportAdminDeps {
  const document = userSpreadsheetApp(harness).getActive();
  const scriptApp = new ScriptAppFake({ context: userContext(harness), store: harness.sheets.triggers, documentId: harness.sheets.spreadsheet.id });
  return {
    documentProperties: new AppsScriptProperties(harness.emulator.documentProperties),
    // The emulator's Spreadsheet fake stands in for the Apps Script object the platform adapter wraps.
    spreadsheet: new AppsScriptSpreadsheet(document as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet),
    triggers: new EmulatorTriggers(scriptApp, document),
    clock: harness.clock,
    zones: new IntlZoneRules(),
  };
}

/**
 * Saves a report (JSON as in a report file) as the add-on does, owned by the emulator's user
 * unless told otherwise; throws the engine's ReportDefinitionError naming every bad field.
 */
export function installReport(harness: AddOnHarness, input: unknown, ownerEmail: string | null = harness.emulator.runtime.userEmail): SavedReport {
  return saveReport(emulatorReportAdminDeps(harness), input, ownerEmail);
}

export function reportStore(harness: AddOnHarness): ReportStore {
  return new ReportStore(new AppsScriptProperties(harness.emulator.documentProperties));
}

/** The report as stored now (definition and status); throws when it is not there. */
export function storedReport(harness: AddOnHarness, id: string): StoredReport {
  const report = reportStore(harness).get(id);
  if (report === null) throw new Error(`There is no report "${id}" in the document.`);
  return report;
}

/** One line of the `Sync log` sheet as read back: the add-on's entry, with the duration in the sheet's seconds. */
export type SyncLogLine = Omit<SyncLogEntry, 'durationMs'> & { durationSeconds: number };

/** The `Sync log` lines, oldest first; none when the sheet does not exist yet. */
export function syncLogLines(harness: AddOnHarness): SyncLogLine[] {
  const sheet = harness.sheets.spreadsheet.sheetByName(SYNC_LOG_SHEET);
  if (!sheet) return [];
  return Array.from({ length: Math.max(0, sheet.lastRow() - 1) }, (_, index) => syncLogLineAt(harness, sheet, index + 2));
}

/** The latest line of the named report, searching from the bottom; null when it has none. */
export function latestSyncLogLine(harness: AddOnHarness, report: string): SyncLogLine | null {
  const sheet = harness.sheets.spreadsheet.sheetByName(SYNC_LOG_SHEET);
  if (!sheet) return null;
  for (let row = sheet.lastRow(); row >= 2; row -= 1) {
    if (sheet.typedValueAt(row, SYNC_LOG_HEADERS.indexOf('Report') + 1) === report) return syncLogLineAt(harness, sheet, row);
  }
  return null;
}

function syncLogLineAt(harness: AddOnHarness, sheet: FakeSheet, row: number): SyncLogLine {
  const cells = SYNC_LOG_HEADERS.map((_, index) => sheet.typedValueAt(row, index + 1));
  const [time, report, result, rowsWritten, rowsRemoved, requests, rateLimited, duration, details] = cells;
  return {
    atMs: time !== undefined && isSheetDate(time) ? instantOfSerial(time.serial, harness.sheets.spreadsheet.timeZone) : Number.NaN,
    report: String(report ?? ''),
    result: String(result ?? ''),
    rowsWritten: numberIn(rowsWritten),
    rowsRemoved: numberIn(rowsRemoved),
    requests: numberIn(requests),
    rateLimited: numberIn(rateLimited),
    durationSeconds: numberIn(duration),
    details: String(details ?? ''),
  };
}

function numberIn(cell: CellValue | undefined): number {
  return typeof cell === 'number' ? cell : Number.NaN;
}
