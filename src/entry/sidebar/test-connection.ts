import { checkConnection } from '../../app/sidebar/connection';
import { sidebarCall } from './sidebar-call';

export const sidebarTestConnection = sidebarCall(
  { name: 'sidebarTestConnection', summary: 'Sidebar: tests the stored key: key type, invoices and currencies it sees.' },
  (call) => checkConnection(call),
);
