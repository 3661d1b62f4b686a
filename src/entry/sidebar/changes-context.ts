import type { SidebarChangesContext } from '../../app/sidebar/changes';
import { appsScriptReportsPlatform, currentUserEmail } from '../apps-script-services';

/** The Apps Script side of the review dialog's calls. */
export function sidebarChangesContext(): SidebarChangesContext {
  return { platform: appsScriptReportsPlatform(), userEmail: currentUserEmail };
}
