/**
 * Text from the API and from the user is shown as text, never run: markup stays characters (no
 * element is created, no script runs, no dialog opens) and formula-like strings never become
 * formulas, in the sidebar and in the grid.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { saveScreenshot } from './support/artifacts';
import { gridCell, openPlayground, showSheet, waitForText, type PlaygroundSession } from './support/playground';

const MARKUP = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://x","y")';
const REPORT_NAME = '<img src=x onerror=alert(2)> report';
const REPORT_SHEET = '=HYPERLINK("http://x","sheet")';

let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ fakeApi: { invoiceCount: 6 } });
  const api = session.playground.harness.api;
  if (!api) throw new Error('the fake API did not start');
  const [newest, second] = await api.invoiceIds();
  await api.mutate({ kind: 'touch', ids: [newest ?? 0], changes: { notes: MARKUP } });
  await api.mutate({ kind: 'touch', ids: [second ?? 0], changes: { notes: FORMULA } });
});
afterAll(async () => {
  await session.close();
});

/** Nothing of the hostile text became an element or ran, anywhere on the page. */
async function expectInert(page: Page, sidebar: FrameLocator): Promise<void> {
  expect(await page.locator('img').count()).toBe(0);
  expect(await sidebar.locator('img').count()).toBe(0);
  expect(await page.locator('a').count()).toBe(0);
  expect(session.dialogs).toEqual([]);
  expect(session.pageErrors).toEqual([]);
}

test('API notes show literally in the grid, the preview and a report sheet', async () => {
  const { page, sidebar, playground } = session;

  // Typed into the grid like a user: the formula runs, its notes stay text.
  await gridCell(page, 'A1').click();
  await page.locator('#formula-input').fill('=EFLOW_INVOICES()');
  await page.locator('#formula-input').press('Enter');
  await waitForText(gridCell(page, 'M2'), MARKUP);
  await waitForText(gridCell(page, 'M3'), FORMULA);
  await expectInert(page, sidebar);

  await sidebar.getByRole('tab', { name: 'Functions' }).click();
  await sidebar.locator('#formula-form').getByLabel('Function').selectOption('EFLOW_INVOICES');
  await sidebar.getByRole('button', { name: 'Preview' }).click();
  const notes = sidebar.locator('#formula-preview-table tbody tr td:nth-child(13)');
  await waitForText(notes.nth(0), MARKUP);
  await waitForText(notes.nth(1), FORMULA);
  await expectInert(page, sidebar);

  // A report writes them to its sheet as text: Sheets would otherwise read "=..." as a formula.
  await sidebar.getByRole('tab', { name: 'Reports' }).click();
  await sidebar.getByRole('button', { name: 'New report' }).click();
  const form = sidebar.locator('#report-form');
  await form.getByLabel('Name').fill(REPORT_NAME);
  await form.getByLabel('Target sheet').fill(REPORT_SHEET);
  await form.getByRole('button', { name: 'Save' }).click();
  const card = sidebar.locator('#report-list li.report-card').first();
  await waitForText(card.locator('h3'), REPORT_NAME);
  await waitForText(card.locator('dd').nth(2), REPORT_SHEET);
  await card.getByRole('button', { name: `Run ${REPORT_NAME} now` }).click();
  await waitForText(sidebar.locator('#reports-notice'), `${REPORT_NAME}: ok`);
  await showSheet(page, REPORT_SHEET);
  await waitForText(gridCell(page, 'M2'), MARKUP);
  await waitForText(gridCell(page, 'M3'), FORMULA);
  const sheet = playground.harness.sheets.spreadsheet.sheet(REPORT_SHEET);
  expect([sheet.formulaAt(2, 13), sheet.formulaAt(3, 13)]).toEqual(['', '']);
  expect([sheet.displayAt(2, 13), sheet.displayAt(3, 13)]).toEqual([MARKUP, FORMULA]);
  await gridCell(page, 'N2').scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'hostile-strings');
  await expectInert(page, sidebar);
});

test('what the user types into the builder stays a quoted string', async () => {
  const { page, sidebar } = session;
  await sidebar.getByRole('tab', { name: 'Functions' }).click();
  const form = sidebar.locator('#formula-form');
  await form.getByLabel('Function').selectOption('EFLOW_INVOICE_PAYMENTS');
  await form.getByLabel('invoice_ids').fill(FORMULA);
  await waitForText(form.locator('#formula-text'), '=EFLOW_INVOICE_PAYMENTS("=HYPERLINK(""http://x"",""y"")")');
  await form.getByLabel('invoice_ids').fill(MARKUP);
  await form.getByRole('button', { name: 'Preview' }).click();
  const error = sidebar.locator('#formula-error');
  await error.filter({ hasText: 'is not an invoice ID' }).waitFor();
  // The server's message quotes what was typed: it must arrive as characters.
  expect(await error.textContent()).toMatch(/^invoice_ids: "<img" \(in "<img src=x onerror=alert\(1\)>"\) is not an invoice ID\./);
  expect(await error.locator('*').count()).toBe(0);
  await expectInert(page, sidebar);
});
