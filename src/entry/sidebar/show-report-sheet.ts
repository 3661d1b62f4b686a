import { showReportSheet } from '../../app/sidebar/reports';
import { sidebarReportsContext } from './reports-context';
import { sidebarCall } from './sidebar-call';

export const sidebarShowReportSheet = sidebarCall(
  { name: 'sidebarShowReportSheet', summary: "Sidebar: brings a report's sheet to the front.", input: '{ id }' },
  (call, input) => showReportSheet(call, sidebarReportsContext(), input),
);
