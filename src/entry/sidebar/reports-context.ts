import type { SidebarReportsContext } from '../../app/sidebar/reports';
import { appsScriptReportsPlatform, currentUserEmail } from '../apps-script-services';

/** The Apps Script side of the sidebar's report calls. */
export function sidebarReportsContext(): SidebarReportsContext {
  return {
    platform: appsScriptReportsPlatform(),
    sheetNames: () =>
      SpreadsheetApp.getActive()
        .getSheets()
        .map((sheet) => sheet.getName()),
    userEmail: currentUserEmail,
  };
}
