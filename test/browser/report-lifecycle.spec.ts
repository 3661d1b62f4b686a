/**
 * A report from the sidebar, end to end on the built add-on: create it (the form's validation
 * first), run it and see its sheet appear in the grid, then delete it (its sheet stays).
 */
import { invoiceTotals } from '../../test-support/fake-everflow';
import { saveScreenshot } from './support/artifacts';
import { gridCell, openPlayground, showSheet, waitForText, type PlaygroundSession } from './support/playground';

let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ fakeApi: { invoiceCount: 30 } });
});
afterAll(async () => {
  await session.close();
});

test('create, run and delete a report', async () => {
  const { page, sidebar, playground } = session;
  await sidebar.getByRole('tab', { name: 'Reports' }).click();
  await waitForText(sidebar.locator('#report-list'), 'No reports yet. A report writes invoices, lines or payments to a sheet and can refresh on a schedule.');

  await sidebar.getByRole('button', { name: 'New report' }).click();
  const form = sidebar.locator('#report-form');
  await form.waitFor();
  await form.getByLabel('Name').fill('Unpaid invoices');
  await form.getByLabel('Status').selectOption('unpaid');
  await form.getByLabel('Period from').fill('2026-01-01');
  await form.getByLabel('Period to').fill('2025-01-01');
  await form.getByLabel('Target sheet').fill('Unpaid');
  await form.getByRole('button', { name: 'Save' }).click();

  // Checked in the page before anything is sent: the field is marked and named.
  await waitForText(sidebar.locator('#report-start-error'), 'Period from must be on or before Period to.');
  expect(await form.getByLabel('Period from').getAttribute('aria-invalid')).toBe('true');
  expect(session.runAnswers.some((answer) => answer.includes('Unpaid invoices'))).toBe(false);
  await saveScreenshot(page.locator('aside.sidebar-frame'), 'report-form-invalid');

  await form.getByLabel('Period from').fill('');
  await form.getByLabel('Period to').fill('');
  await form.getByRole('button', { name: 'Save' }).click();
  const card = sidebar.locator('#report-list li[data-report-id="unpaid-invoices"]');
  await card.waitFor();
  await waitForText(card.locator('h3'), 'Unpaid invoices');
  await waitForText(card.locator('dd').nth(1), 'Status unpaid');
  await waitForText(card.locator('dd').nth(5), 'Never');

  await card.getByRole('button', { name: 'Run Unpaid invoices now' }).click();
  await waitForText(sidebar.locator('#reports-notice'), 'Unpaid invoices: ok');

  const invoices = (await playground.harness.api?.invoices()) ?? [];
  const unpaid = invoices.filter((invoice) => invoiceTotals(invoice).status === 'unpaid').map((invoice) => invoice.id);
  expect(unpaid.length).toBeGreaterThan(0);
  await showSheet(page, 'Unpaid');
  await waitForText(gridCell(page, 'A1'), 'Invoice ID');
  await waitForText(gridCell(page, 'B2'), 'unpaid');
  const ids = await page.locator('#grid td[data-cell^="A"]').allTextContents();
  expect(ids.filter((text) => /^\d+$/.test(text)).map(Number).sort()).toEqual([...unpaid].sort());
  const updatedCard = sidebar.locator('#report-list li[data-report-id="unpaid-invoices"]');
  await waitForText(updatedCard.locator('.badge'), 'ok');
  await saveScreenshot(page, 'report-run');
  expect(await page.locator('#sheet-tabs button').allTextContents()).toEqual(expect.arrayContaining(['Sheet1', 'Unpaid', 'Sync log']));

  await updatedCard.getByRole('button', { name: 'Delete Unpaid invoices' }).click();
  await updatedCard.getByRole('group', { name: 'Delete Unpaid invoices?' }).getByRole('button', { name: 'Delete' }).click();
  await waitForText(sidebar.locator('#reports-notice'), 'Deleted "Unpaid invoices". No report has a schedule, so no trigger is installed.');
  await waitForText(sidebar.locator('#report-list'), 'No reports yet. A report writes invoices, lines or payments to a sheet and can refresh on a schedule.');
  // The data stays: deleting a report forgets the definition, not the sheet.
  await waitForText(gridCell(page, 'A1'), 'Invoice ID');
  expect(playground.harness.emulator.documentProperties.getKeys().filter((key) => key.startsWith('report.'))).toEqual([]);
  expect(session.dialogs).toEqual([]);
  expect(session.pageErrors).toEqual([]);
});
