import { MENU_TITLE } from '../menu-action';

/** The built page dist/Review.html (scripts/build-sidebar.mjs): the review dialog, the same view as the sidebar's Changes panel. */
export const REVIEW_FILE = 'Review';

/** Opens the review dialog over the spreadsheet; it reviews the active sheet (a modal dialog keeps it active). */
export function showReviewDialog(): void {
  const page = HtmlService.createHtmlOutputFromFile(REVIEW_FILE).setWidth(720).setHeight(600);
  SpreadsheetApp.getUi().showModalDialog(page, `${MENU_TITLE}: Review changes`);
}
