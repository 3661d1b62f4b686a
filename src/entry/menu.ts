import { affiseUserProbe, clearCachedData, connectionReportText, describeConnection } from '../app/connection';
import { ADD_CONNECTION_HINT, ConnectionStore, MIGRATED_NAME, quoteNames } from '../app/connections';
import { refusalText } from '../app/sidebar/connection';
import { applyText, reviewText, sheetChangesFor } from '../app/changes/report-changes';
import { applySheet, NOTHING_CONFIRMED, reviewSheet } from '../app/changes/sheet-changes';

import { helpText } from './help';
import type { PublicFunction } from './registry-types';
import { MENU_TITLE, menuAction } from './menu-action';

export { MENU_TITLE };
import { runExecution } from './run';
import { appsScriptReportsPlatform, currentUserEmail } from './apps-script-services';

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

/** Review the active sheet's editable report; "Apply N changes" (YES) applies under the document lock, NO sends nothing. */
const reviewChanges = runExecution(({ services, deadline }) => {
  const platform = appsScriptReportsPlatform();
  const sheetName = platform.spreadsheet.activeSheetName();
  const changes = sheetChangesFor(services, platform, sheetName, currentUserEmail() ?? '');
  if (typeof changes === 'string') return changes;
  const review = reviewSheet(changes, deadline);
  const found = reviewText(review);
  if (review.confirmed.count === 0 && review.unfinished === 0) {
    // Nothing new to send: only creations confirmed earlier are looked for, to bind them to their rows.
    if (review.awaiting > 0) return `${found}\n${applyText(applySheet(changes, NOTHING_CONFIRMED, deadline))}`;
    return `${found}\nNothing to send.`;
  }
  const ui = SpreadsheetApp.getUi();
  const label = review.confirmed.count > 0 ? review.summary.confirmLabel : 'Finish the earlier apply';
  const question = review.confirmed.count > 0 ? review.confirmText : `${label}?`;
  const answer = ui.alert(`${MENU_TITLE}: ${label}?`, `${found}\n\n${question}`, ui.ButtonSet.YES_NO);
  if (answer !== ui.Button.YES) return 'Nothing was sent.';
  return applyText(applySheet(changes, review.confirmed, deadline));
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
    summary: "Lists the changes typed into the active sheet's editable Affise report, and applies them once confirmed.",
    params: [],
    run: menuAction(reviewChanges),
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
