import type { Locator } from 'playwright-core';
import { userSpreadsheetApp } from '../../../tools/runner/report-document';
import { gridCell, UI_TIMEOUT_MS, waitForText, type PlaygroundSession } from './playground';

/*
 * What the Review changes… specs share: an editable report's sheet as the add-on sees it, typing
 * into the grid as a user does, and the sidebar's Changes panel. Waits on what the page shows.
 */

/** A report's sheet as the add-on sees it now: values by header, addresses by header. */
export function reportSheet(session: PlaygroundSession, name: string) {
  const sheet = userSpreadsheetApp(session.playground.harness).getActive().getSheetByName(name);
  if (!sheet) throw new Error(`No sheet "${name}".`);
  const values = sheet.getDataRange().getValues() as unknown[][];
  const headers = (values[0] ?? []).map(String);
  const index = (header: string): number => {
    const found = headers.indexOf(header);
    if (found < 0) throw new Error(`No column "${header}" in ${headers.join(', ')}.`);
    return found;
  };
  return {
    sheet,
    rows: values.length,
    text: (row: number, header: string): string => String(values[row - 1]?.[index(header)] ?? ''),
    a1: (row: number, header: string): string => `${String.fromCharCode(65 + index(header))}${row}`,
    /** Data rows whose invoice id (first column) is set, top to bottom. */
    invoiceRows: (): number[] => values.map((_, i) => i + 1).filter((row) => row > 1 && String(values[row - 1]?.[0] ?? '') !== ''),
  };
}

export type ReportSheet = ReturnType<typeof reportSheet>;

/** Types into a cell of the grid as a user does, and waits until the grid shows it. */
export async function typeIn(session: PlaygroundSession, a1: string, text: string, shown = text): Promise<void> {
  const { page } = session;
  await gridCell(page, a1).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await waitForText(gridCell(page, a1), shown);
}

/** The sidebar's Changes panel. */
export const changesPanel = (session: PlaygroundSession): Locator => session.sidebar.locator('#panel-changes');

/** "Review changes…" in the Changes panel, until the review shows its confirmation. */
export async function reviewChanges(session: PlaygroundSession): Promise<void> {
  await changesPanel(session).getByRole('button', { name: 'Review changes…' }).click();
  await changesPanel(session).locator('#review-confirm').waitFor({ timeout: UI_TIMEOUT_MS });
}

/** The states of the results shown after an apply ("applied", "conflict", …), in order. */
export async function resultStates(session: PlaygroundSession): Promise<Array<string | null>> {
  const results = changesPanel(session).locator('#review-results li');
  await results.first().waitFor({ timeout: UI_TIMEOUT_MS });
  return results.evaluateAll((items) => items.map((item) => item.getAttribute('data-state')));
}

/** Opens the Audit log from the results and waits until its sheet shows. */
export async function openAuditLog(session: PlaygroundSession): Promise<void> {
  await changesPanel(session).getByRole('button', { name: 'Open the Audit log sheet' }).click();
  await session.page.locator('#sheet-tabs button[aria-selected="true"]').filter({ hasText: 'Audit log' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await waitForText(gridCell(session.page, 'H1'), 'Result');
}
