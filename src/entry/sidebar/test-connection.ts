import { checkConnection } from '../../app/sidebar/connection';
import { affiseUserProbe } from '../../app/connection';
import { sidebarCall } from './sidebar-call';

export const sidebarTestConnection = sidebarCall(
  { name: 'sidebarTestConnection', summary: 'Sidebar: tests a saved connection as saved: what it reaches and sees.', input: '{ id }' },
  (call, input) => checkConnection(call, affiseUserProbe(call.services), input),
);
