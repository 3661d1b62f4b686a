/**
 * The formula builder: the formula shown as it is built, a preview of the first rows computed by
 * the custom function itself, insertion into the active cell of the grid; a wrong argument is
 * refused with the message the cell would show.
 */
import { invoiceTotals } from '../../test-support/fake-everflow';
import { saveScreenshot } from './support/artifacts';
import { gridCell, openPlayground, waitForText, type PlaygroundSession } from './support/playground';

let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ fakeApi: { invoiceCount: 40 } });
});
afterAll(async () => {
  await session.close();
});

test('build, preview and insert a formula into the active cell', async () => {
  const { page, sidebar, playground } = session;
  await sidebar.getByRole('tab', { name: 'Functions' }).click();
  const form = sidebar.locator('#formula-form');
  await form.getByLabel('Function').selectOption('EFLOW_INVOICES');
  await form.getByLabel('status (optional)').selectOption('unpaid');
  await form.getByLabel('min_balance (optional)').fill('0.01');
  await waitForText(form.locator('#formula-text'), '=EFLOW_INVOICES("unpaid", , , 0.01)');

  await form.getByRole('button', { name: 'Preview' }).click();
  const previewCard = sidebar.locator('#formula-preview-card');
  await previewCard.waitFor();
  const invoices = (await playground.harness.api?.invoices()) ?? [];
  const unpaid = invoices.filter((invoice) => invoiceTotals(invoice).status === 'unpaid' && invoiceTotals(invoice).balanceCents > 0);
  const shown = Math.min(5, unpaid.length);
  await waitForText(sidebar.locator('#formula-preview-caption'), `First ${shown} of ${unpaid.length} row${unpaid.length === 1 ? '' : 's'}.`);
  const headers = await previewCard.locator('th').allTextContents();
  expect(headers.slice(0, 3)).toEqual(['Invoice ID', 'Status', 'Period start']);
  expect(await previewCard.locator('tbody tr').count()).toBe(shown);
  expect(await previewCard.locator('tbody tr').first().locator('td').first().textContent()).toBe(String(unpaid[0]?.id));
  await previewCard.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'formula-preview');

  // The user picks a cell in the grid; the builder writes there.
  await gridCell(page, 'C3').click();
  await waitForText(page.locator('#name-box'), 'C3');
  await form.getByRole('button', { name: 'Insert in active cell' }).click();
  await waitForText(sidebar.locator('#formula-notice'), 'Inserted =EFLOW_INVOICES("unpaid", , , 0.01) into Sheet1!C3.');
  await waitForText(gridCell(page, 'C3'), 'Invoice ID');
  await waitForText(gridCell(page, 'C4'), String(unpaid[0]?.id));
  await waitForText(gridCell(page, 'D4'), 'unpaid');
  await gridCell(page, 'C3').click();
  expect(await page.locator('#formula-input').inputValue()).toBe('=EFLOW_INVOICES("unpaid", , , 0.01)');
  await saveScreenshot(page, 'formula-inserted');
  expect(session.dialogs).toEqual([]);
});

test('a wrong argument is refused with the message a cell would show, and nothing is inserted', async () => {
  const { page, sidebar } = session;
  const form = sidebar.locator('#formula-form');
  await form.getByLabel('Function').selectOption('EFLOW_INVOICE');
  await form.getByLabel('invoice_id').fill('12abc');
  await waitForText(form.locator('#formula-text'), '=EFLOW_INVOICE("12abc")');
  await form.getByRole('button', { name: 'Preview' }).click();
  await waitForText(sidebar.locator('#formula-error'), 'invoice_id: "12abc" is not an invoice ID. Use a whole number above 0 such as 12345.');

  await gridCell(page, 'A1').click();
  await waitForText(page.locator('#name-box'), 'A1');
  await form.getByRole('button', { name: 'Insert in active cell' }).click();
  await waitForText(sidebar.locator('#formula-error'), 'invoice_id: "12abc" is not an invoice ID. Use a whole number above 0 such as 12345.');
  expect(await gridCell(page, 'A1').textContent()).toBe('');
  expect(session.playground.harness.sheets.spreadsheet.sheet('Sheet1').formulaAt(1, 1)).toBe('');
});
