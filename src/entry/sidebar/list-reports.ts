import { reportsOverview } from '../../app/sidebar/reports';
import { sidebarReportsContext } from './reports-context';
import { sidebarCall } from './sidebar-call';

export const sidebarListReports = sidebarCall(
  { name: 'sidebarListReports', summary: 'Sidebar: the reports with their schedule, last and next run, last error; the sheets; the trigger.' },
  ({ services }) => reportsOverview(services, sidebarReportsContext()),
);
