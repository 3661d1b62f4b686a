import type { ReportDefinitionInput, Schedule } from './definition';
import { newReportId } from './manage-reports';
import { uniqueName } from './report-from-formula';

/** A fresh dashboard refreshes every morning, before the working day, in the spreadsheet's zone. */
export const NEW_DASHBOARD_SCHEDULE: Schedule = { frequency: 'daily', hour: 6 };

/** "Add a receivables dashboard": a dashboard report on a sheet of its own, validated by saveReport like any other. */
export function newDashboard(takenIds: readonly string[], takenSheets: readonly string[]): ReportDefinitionInput {
  const name = uniqueName('Receivables dashboard', takenSheets);
  return { id: newReportId(name, takenIds), name, kind: 'dashboard', sheet: name, mode: 'replace', schedule: NEW_DASHBOARD_SCHEDULE };
}
