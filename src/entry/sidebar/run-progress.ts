import { runProgress } from '../../app/sidebar/reports';
import { sidebarCall } from './sidebar-call';

export const sidebarRunProgress = sidebarCall(
  { name: 'sidebarRunProgress', summary: "Sidebar: a running report's count so far, asked while its run call is in flight.", input: '{ id }' },
  (call, input) => runProgress(call, input),
);
