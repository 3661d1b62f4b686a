import { clearCachedData, describeConnection } from '../app/connection';
import { ConnectionSettings } from '../app/settings';
import { helpText } from './help';
import type { PublicFunction } from './registry-types';
import { MENU_TITLE, menuAction } from './menu-action';

export { MENU_TITLE };
import { runExecution } from './run';

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
    .addItem('Refresh all reports now', 'menuRefreshAll')
    .addItem("Refresh this sheet's report", 'menuRefreshThisSheet')
    .addItem('Remove report schedules', 'menuRemoveSchedules')
    .addSeparator()
    .addItem('Help', 'menuHelp')
    .addToUi();
}

const askForKey = runExecution(({ services }) => {
  const ui = SpreadsheetApp.getUi();
  const answer = ui.prompt(
    `${MENU_TITLE}: Everflow API key`,
    'Paste your Everflow affiliate API key (Everflow: My Account > API). It is kept in your user properties, which only you can read.',
    ui.ButtonSet.OK_CANCEL,
  );
  if (answer.getSelectedButton() !== ui.Button.OK) return 'No change: the API key was not set.';
  const settings = new ConnectionSettings(services.userProperties);
  settings.setApiKey(answer.getResponseText());
  return `API key ${settings.maskedKey() ?? ''} saved. Use "Test connection" to check it.`;
});

const testConnection = runExecution((call) => {
  const connection = describeConnection(call);
  const currencies = connection.currencies.length > 0 ? ` in ${connection.currencies.join(', ')}` : '';
  return `Connected to Everflow (${connection.endpoint}) with key ${connection.maskedKey}. This key sees ${connection.invoiceCount.toLocaleString('en-US')} invoices${currencies}.`;
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
  { name: 'menuSetApiKey', kind: 'menu-action', summary: 'Asks for the Everflow API key and stores it in user properties.', params: [], run: menuAction(askForKey) },
  { name: 'menuTestConnection', kind: 'menu-action', summary: 'Reports how many invoices the key sees, or the precise error.', params: [], run: menuAction(testConnection) },
  { name: 'menuClearCache', kind: 'menu-action', summary: 'Forgets cached invoice data for this document.', params: [], run: menuAction(clearCache) },
  {
    name: 'menuHelp',
    kind: 'menu-action',
    summary: 'Shows what each function returns.',
    params: [],
    run: menuAction(() => helpText()),
  },
];
