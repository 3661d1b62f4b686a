import { removeConnection } from '../../app/sidebar/connection';
import { sidebarCall } from './sidebar-call';

export const sidebarRemoveConnection = sidebarCall(
  { name: 'sidebarRemoveConnection', summary: 'Sidebar: forgets a connection and its key.', input: '{ id }' },
  ({ services }, input) => removeConnection(services, input),
);
