import { deleteReport } from '../../app/sidebar/reports';
import { sidebarReportsContext } from './reports-context';
import { sidebarCall } from './sidebar-call';

export const sidebarDeleteReport = sidebarCall(
  { name: 'sidebarDeleteReport', summary: 'Sidebar: removes a report (its sheet stays) and the trigger when no schedule is left.', input: '{ id }' },
  (call, input) => deleteReport(call, sidebarReportsContext(), input),
);
