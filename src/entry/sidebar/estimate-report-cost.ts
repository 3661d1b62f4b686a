import { estimateReportCostFromForm } from '../../app/sidebar/report-cost';
import { EXECUTION_BUDGET_MS } from '../run';
import { sidebarCall } from './sidebar-call';

export const sidebarEstimateReportCost = sidebarCall(
  {
    name: 'sidebarEstimateReportCost',
    summary: "Sidebar: estimates a report's cost in Google's daily quotas (URL fetches, trigger minutes, executions) from the form, with one request.",
    input: 'The report form: { id, name, kind, filters…, sheet, mode, frequency, hour, day, enabled }',
  },
  (call, input) => estimateReportCostFromForm(call, input, EXECUTION_BUDGET_MS),
);
