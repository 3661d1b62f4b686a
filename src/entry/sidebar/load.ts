import { connectionsState } from '../../app/sidebar/connection';
import { dateFormatsOf } from '../../sheet/date-formats';
import { sidebarCatalog } from './catalog';
import { sidebarCall } from './sidebar-call';

export const sidebarLoad = sidebarCall({ name: 'sidebarLoad', summary: 'Sidebar: the saved connections and the functions, when the page opens.' }, ({ services }) => ({
  connections: connectionsState(services),
  functions: sidebarCatalog(),
  timeZone: services.spreadsheetTimeZone(),
  locale: services.spreadsheetLocale(),
  dateFormats: dateFormatsOf(services.spreadsheetLocale()),
}));
