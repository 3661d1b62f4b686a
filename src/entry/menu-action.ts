import { appsScriptServices } from './apps-script-services';
import { safeError } from './run';

export const MENU_TITLE = 'Affiliate Billing';

export function alert(message: string): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(MENU_TITLE, message, ui.ButtonSet.OK);
}

/** Runs a menu action and shows its result; any failure becomes an alert instead of a red banner with a stack. */
export function menuAction(body: () => string): () => void {
  return () => {
    try {
      alert(body());
    } catch (error) {
      alert(safeError(appsScriptServices(), error).message);
    }
  };
}
