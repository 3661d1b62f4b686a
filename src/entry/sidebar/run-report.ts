import { runReportSlice } from '../../app/sidebar/reports';
import { sidebarReportsContext } from './reports-context';
import { sidebarCall } from './sidebar-call';

export const sidebarRunReport = sidebarCall(
  { name: 'sidebarRunReport', summary: 'Sidebar: runs one report now, for a slice of time; answers its progress.', input: '{ id }' },
  (call, input) => runReportSlice(call, sidebarReportsContext(), input),
);
