import { MENU_TITLE } from '../menu';
import type { PublicFunction } from '../registry-types';

/** The built page dist/Sidebar.html (scripts/build-sidebar.mjs), served as HtmlService serves a file. */
export const SIDEBAR_FILE = 'Sidebar';

export const openSidebar: PublicFunction = {
  name: 'openSidebar',
  kind: 'menu-action',
  summary: 'Opens the sidebar: connection, reports, formula builder and help.',
  params: [],
  run: () => {
    const page = HtmlService.createHtmlOutputFromFile(SIDEBAR_FILE).setTitle(MENU_TITLE);
    SpreadsheetApp.getUi().showSidebar(page);
  },
};
