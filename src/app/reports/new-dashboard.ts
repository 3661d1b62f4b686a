import { ADD_CONNECTION_HINT, quoteNames, type Connection } from '../connections';
import type { ReportDefinitionInput, Schedule } from './definition';
import { newReportId } from './manage-reports';
import { uniqueName } from './report-from-formula';

/** A fresh dashboard refreshes every morning, before the working day, in the spreadsheet's zone. */
export const NEW_DASHBOARD_SCHEDULE: Schedule = { frequency: 'daily', hour: 6 };

export class NewDashboardError extends Error {
  override name = 'NewDashboardError';
}

/**
 * "Add a receivables dashboard" from the menu: a dashboard report on a sheet of its own, reading
 * the only Everflow connection, validated by saveReport like any other. With several connections
 * the menu cannot ask which one: the sidebar's form can, and the message says so.
 */
export function newDashboard(takenIds: readonly string[], takenSheets: readonly string[], connections: readonly Connection[]): ReportDefinitionInput {
  const everflow = connections.filter((connection) => connection.provider === 'everflow');
  if (everflow.length === 0) throw new NewDashboardError(`No Everflow connection is set up. ${ADD_CONNECTION_HINT}`);
  if (everflow.length > 1) {
    throw new NewDashboardError(
      `There are ${everflow.length} Everflow connections (${quoteNames(everflow)}). Add the dashboard from the sidebar (Reports > Add a receivables dashboard) to choose the one it reads.`,
    );
  }
  const name = uniqueName('Receivables dashboard', takenSheets);
  return { id: newReportId(name, takenIds), name, kind: 'dashboard', sheet: name, mode: 'replace', schedule: NEW_DASHBOARD_SCHEDULE };
}
