import { connectionState } from '../../app/sidebar/connection';
import { sidebarCatalog } from './catalog';
import { sidebarCall } from './sidebar-call';

export const sidebarLoad = sidebarCall({ name: 'sidebarLoad', summary: 'Sidebar: the connection state and the functions, when the page opens.' }, ({ services }) => ({
  connection: connectionState(services),
  functions: sidebarCatalog(),
  timeZone: services.spreadsheetTimeZone(),
}));
