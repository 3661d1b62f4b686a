/**
 * The sidebar page's entry (bundled and inlined into dist/Sidebar.html by scripts/build-sidebar.mjs).
 * It loads the state once, then each panel talks to the server through the typed bridge.
 */
import { callServer, errorMessage } from './bridge';
import { setUpConnectionPanel } from './connection-panel';
import { byId, showMessage } from './dom';
import { setUpFunctionsPanel } from './functions-panel';
import { setUpHelpPanel } from './help-panel';
import { setUpReportsPanel } from './reports-panel';
import { setUpReviewView } from './review-view';
import { setUpTabs } from './tabs';

async function start(): Promise<void> {
  const reports = setUpReportsPanel();
  setUpReviewView(byId('review-root', HTMLElement), { onCancel: () => undefined, alwaysShowStart: true });
  setUpTabs(byId('sidebar-tabs', HTMLElement), (panelId) => {
    if (panelId === 'panel-reports') reports.activate();
  });
  try {
    const state = await callServer('sidebarLoad');
    setUpConnectionPanel(state.connections);
    setUpFunctionsPanel(state.functions);
    setUpHelpPanel(state);
    document.body.dataset['ready'] = 'true';
  } catch (error) {
    byId('connection-summary', HTMLElement).textContent = 'The add-on could not be reached.';
    showMessage(byId('connection-list-error', HTMLElement), errorMessage(error));
  }
}

void start();
