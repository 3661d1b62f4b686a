import { CUSTOM_FUNCTIONS } from '../app/custom-functions';
import { continueStoppedApplies } from '../app/changes/report-changes';
import { removeAllSchedules, reportForSheet, saveReport } from '../app/reports/manage-reports';
import { ConnectionStore } from '../app/connections';
import { connectionChoicesText, dashboardConnection, newDashboard } from '../app/reports/new-dashboard';
import { reportFromFormula } from '../app/reports/report-from-formula';
import { ReportStore } from '../app/reports/report-store';
import { reportAdminDeps, reportsDeps } from '../app/reports/reports-services';
import { runDueReports, runReportsNow } from '../app/reports/run-reports';
import { runSummaryText } from '../app/reports/run-summary-text';
import { appsScriptReportsPlatform, currentUserEmail } from './apps-script-services';
import { MENU_TITLE, menuAction } from './menu-action';
import type { PublicFunction } from './registry-types';
import { runExecution } from './run';

/** The handler of the add-on's one hourly trigger (installed when the first schedule is set). */
export const REPORTS_TRIGGER_HANDLER = 'onReportsTrigger';

/** Hourly: first carries on applies of this user that stopped with changes left, then refreshes the reports that are due. */
const runTrigger = runExecution(({ services, deadline }) => {
  const platform = appsScriptReportsPlatform();
  for (const line of continueStoppedApplies(services, platform, currentUserEmail() ?? '', deadline)) services.log.info(line);
  const summary = runDueReports(reportsDeps(services, platform), deadline);
  services.log.info(runSummaryText(summary));
});

const insertReport = runExecution(({ services, deadline }) => {
  const platform = appsScriptReportsPlatform();
  const admin = reportAdminDeps(services, platform);
  const formula = SpreadsheetApp.getActiveRange()?.getFormula() ?? '';
  const taken = new ReportStore(services.documentProperties).list().reports;
  const sheets = SpreadsheetApp.getActive()
    .getSheets()
    .map((sheet) => sheet.getName());
  const definition = reportFromFormula(formula, taken.map((report) => report.definition.id), sheets);
  const { report } = saveReport(admin, definition, currentUserEmail());
  const summary = runReportsNow(reportsDeps(services, platform), deadline, [report.definition.id]);
  return `Report "${report.definition.name}" inserted on sheet "${report.definition.sheet}", refreshed hourly (change it in the sidebar).\n${runSummaryText(summary)}`;
});

const addDashboard = runExecution(({ services, deadline }) => {
  const platform = appsScriptReportsPlatform();
  const taken = new ReportStore(services.documentProperties).list().reports;
  const sheets = SpreadsheetApp.getActive()
    .getSheets()
    .map((sheet) => sheet.getName());
  const connections = new ConnectionStore(services.userProperties).list();
  let connection = dashboardConnection(connections, null);
  if (connection === null) {
    const ui = SpreadsheetApp.getUi();
    const answer = ui.prompt(
      `${MENU_TITLE}: Add a receivables dashboard`,
      `Which account should the dashboard read? Type its name: ${connectionChoicesText(connections)}.`,
      ui.ButtonSet.OK_CANCEL,
    );
    if (answer.getSelectedButton() !== ui.Button.OK) return 'No dashboard was added.';
    connection = dashboardConnection(connections, answer.getResponseText());
  }
  const definition = newDashboard(taken.map((report) => report.definition.id), sheets, connections, connection);
  const { report } = saveReport(reportAdminDeps(services, platform), definition, currentUserEmail());
  const summary = runReportsNow(reportsDeps(services, platform), deadline, [report.definition.id]);
  return `Receivables dashboard of "${connection.name}" added on sheet "${report.definition.sheet}", refreshed daily at 06:00 (change the schedule in the sidebar's Reports tab).\n${runSummaryText(summary)}`;
});

const refreshAll = runExecution(({ services, deadline }) => runSummaryText(runReportsNow(reportsDeps(services, appsScriptReportsPlatform()), deadline)));

const refreshThisSheet = runExecution(({ services, deadline }) => {
  const platform = appsScriptReportsPlatform();
  const sheetName = platform.spreadsheet.activeSheetName();
  const report = reportForSheet(services.documentProperties, sheetName);
  if (report === null) return `Sheet "${sheetName}" holds no report. Insert one from the menu, or open a report's sheet first.`;
  return runSummaryText(runReportsNow(reportsDeps(services, platform), deadline, [report.definition.id]));
});

const removeSchedules = runExecution(({ services }) => {
  const { unscheduled, trigger } = removeAllSchedules(reportAdminDeps(services, appsScriptReportsPlatform()));
  const triggerText = trigger === 'removed' ? ' The hourly trigger was removed.' : '';
  return `${unscheduled} report schedule${unscheduled === 1 ? '' : 's'} removed; the reports stay and can be refreshed by hand.${triggerText}`;
});

export const reportFunctions: PublicFunction[] = [
  {
    name: REPORTS_TRIGGER_HANDLER,
    kind: 'trigger',
    summary: 'Hourly: carries on a stopped apply of sheet changes, then refreshes the reports whose schedule is due.',
    params: [{ name: 'e', type: 'Object', description: 'The time-driven trigger event.', optional: true }],
    run: () => runTrigger(),
  },
  {
    name: 'menuInsertReport',
    kind: 'menu-action',
    summary: `Inserts a report from the active cell's ${CUSTOM_FUNCTIONS.filter((fn) => fn.report !== undefined)
      .map((fn) => fn.name)
      .join(' or ')} filters.`,
    params: [],
    run: menuAction(insertReport),
  },
  {
    name: 'menuAddDashboard',
    kind: 'menu-action',
    summary: 'Adds a receivables dashboard (aging, what falls due by week, largest overdue, two charts) on a new sheet, refreshed daily.',
    params: [],
    run: menuAction(addDashboard),
  },
  { name: 'menuRefreshAll', kind: 'menu-action', summary: 'Refreshes every report now.', params: [], run: menuAction(refreshAll) },
  { name: 'menuRefreshThisSheet', kind: 'menu-action', summary: "Refreshes the active sheet's report now.", params: [], run: menuAction(refreshThisSheet) },
  { name: 'menuRemoveSchedules', kind: 'menu-action', summary: 'Removes every report schedule and the hourly trigger.', params: [], run: menuAction(removeSchedules) },
];
