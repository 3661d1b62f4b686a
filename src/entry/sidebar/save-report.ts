import { saveReportFromForm } from '../../app/sidebar/reports';
import { sidebarReportsContext } from './reports-context';
import { sidebarCall } from './sidebar-call';

export const sidebarSaveReport = sidebarCall(
  { name: 'sidebarSaveReport', summary: 'Sidebar: creates or changes a report and installs or removes the hourly trigger.', input: 'The report form: { id, name, kind, filters…, sheet, mode, frequency, hour, day, enabled }' },
  (call, input) => saveReportFromForm(call, sidebarReportsContext(), input),
);
