import { affiseUserProbe, clearCachedData, connectionReportText, describeConnection } from '../app/connection';
import { ADD_CONNECTION_HINT, ConnectionStore, MIGRATED_NAME, quoteNames } from '../app/connections';
import { refusalText } from '../app/sidebar/connection';

import { helpText } from './help';
import type { PublicFunction } from './registry-types';
import { MENU_TITLE, menuAction } from './menu-action';

export { MENU_TITLE };
import { runExecution } from './run';
import { showReviewDialog } from './sidebar/open-review-dialog';

function buildMenu(): void {
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Open sidebar', 'openSidebar')
    .addSeparator()
    .addItem('Set API key…', 'menuSetApiKey')
    .addItem('Test connection', 'menuTestConnection')
    .addItem('Clear cached data', 'menuClearCache')
    .addSeparator()
    .addItem('Insert report from this cell', 'menuInsertReport')
    .addItem('Add a receivables dashboard', 'menuAddDashboard')
    .addItem('Refresh all reports now', 'menuRefreshAll')
    .addItem("Refresh this sheet's report", 'menuRefreshThisSheet')
    .addItem('Review changes…', 'menuReviewChanges')
    .addItem('Remove report schedules', 'menuRemoveSchedules')
    .addSeparator()
    .addItem('Help', 'menuHelp')
    .addToUi();
}

/** The menu's quick path for one Everflow account; several connections are managed in the sidebar. */
const askForKey = runExecution(({ services }) => {
  const store = new ConnectionStore(services.userProperties);
  const everflow = store.list().filter((connection) => connection.provider === 'everflow');
  const [only] = everflow;
  if (everflow.length > 1) {
    return `You have ${everflow.length} Everflow connections (${quoteNames(everflow)}): change their keys in the sidebar (Open sidebar > Connection).`;
  }
  const ui = SpreadsheetApp.getUi();
  const answer = ui.prompt(
    `${MENU_TITLE}: Everflow API key`,
    'Paste your Everflow affiliate API key (Everflow: My Account > API). It is kept in your user properties, which only you can read.',
    ui.ButtonSet.OK_CANCEL,
  );
  if (answer.getSelectedButton() !== ui.Button.OK) return 'No change: the API key was not set.';
  const saved = only ? store.update(only.id, {}, answer.getResponseText()) : store.add({ provider: 'everflow', name: MIGRATED_NAME, region: 'us' }, answer.getResponseText());
  return `API key ${store.maskedKey(saved.id) ?? ''} saved for the connection "${saved.name}". Use "Test connection" to check it.`;
});

/** Tests every connection; one line each, failures included. */
const testConnection = runExecution((call) => {
  const store = new ConnectionStore(call.services.userProperties);
  const connections = store.list();
  if (connections.length === 0) return `No connection is set up. ${ADD_CONNECTION_HINT}`;
  const named = connections.length > 1;
  return connections
    .map((connection) => {
      try {
        return connectionReportText(describeConnection(call, store.withKey(connection, call.services.codec), affiseUserProbe(call.services)), named);
      } catch (error) {
        return `${named ? `"${connection.name}" did not work: ` : ''}${refusalText(error)} To change it: Extensions > Affiliate Billing > Open sidebar > Connection.`;
      }
    })
    .join('\n');
});

const clearCache = runExecution(({ services }) => {
  clearCachedData(services);
  return 'Cached invoice data cleared. Formulas fetch fresh data the next time they recalculate.';
});

export const menuFunctions: PublicFunction[] = [
  {
    name: 'onOpen',
    kind: 'simple-trigger',
    summary: 'Adds the add-on menu when the spreadsheet opens.',
    params: [{ name: 'e', type: 'Object', description: 'The open event.', optional: true }],
    run: () => buildMenu(),
  },
  {
    name: 'onInstall',
    kind: 'simple-trigger',
    summary: 'Adds the add-on menu right after installation.',
    params: [{ name: 'e', type: 'Object', description: 'The install event.', optional: true }],
    run: () => buildMenu(),
  },
  { name: 'menuSetApiKey', kind: 'menu-action', summary: 'Asks for the key of your Everflow connection (one account) and stores it in user properties.', params: [], run: menuAction(askForKey) },
  { name: 'menuTestConnection', kind: 'menu-action', summary: 'Tests every connection: what each one reaches and sees, or the precise error.', params: [], run: menuAction(testConnection) },
  {
    name: 'menuReviewChanges',
    kind: 'menu-action',
    summary: "Opens the review dialog: the changes typed into the active sheet's editable Affise report in words, applied once confirmed.",
    params: [],
    run: showReviewDialog,
  },
  { name: 'menuClearCache', kind: 'menu-action', summary: 'Forgets cached invoice data for this document.', params: [], run: menuAction(clearCache) },
  {
    name: 'menuHelp',
    kind: 'menu-action',
    summary: 'Shows what each function returns.',
    params: [],
    run: menuAction(() => helpText()),
  },
];
