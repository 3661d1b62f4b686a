import { connectionsState } from '../../app/sidebar/connection';
import { sidebarCatalog } from './catalog';
import { sidebarCall } from './sidebar-call';

export const sidebarLoad = sidebarCall({ name: 'sidebarLoad', summary: 'Sidebar: the saved connections and the functions, when the page opens.' }, ({ services }) => ({
  connections: connectionsState(services),
  functions: sidebarCatalog(),
  timeZone: services.spreadsheetTimeZone(),
}));
