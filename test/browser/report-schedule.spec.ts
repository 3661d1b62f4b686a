/**
 * Schedules from the sidebar: the first schedule installs the add-on's one hourly trigger, a
 * second never duplicates it, the trigger refreshes the report when its slot comes, and taking
 * the last schedule away removes the trigger. The spreadsheet is German (de_DE): the sidebar's
 * times, the footer's and the report's dates read as that locale writes them.
 */
import type { FrameLocator } from 'playwright-core';
import { saveScreenshot } from './support/artifacts';
import { gridCell, openPlayground, showSheet, waitForText, type PlaygroundSession } from './support/playground';

let session: PlaygroundSession;

beforeAll(async () => {
  // Virtual time starts at 2026-11-21 12:00 UTC, the spreadsheet's zone.
  session = await openPlayground({ fakeApi: { invoiceCount: 12 } });
  session.playground.harness.sheets.spreadsheet.locale = 'de_DE';
});
afterAll(async () => {
  await session.close();
});

async function createReport(sidebar: FrameLocator, name: string, sheet: string, frequency: string, hour?: string): Promise<void> {
  await sidebar.getByRole('button', { name: 'New report' }).click();
  const form = sidebar.locator('#report-form');
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Target sheet').fill(sheet);
  await form.getByLabel('Refresh').selectOption(frequency);
  if (hour !== undefined) await form.getByLabel('Hour').selectOption(hour);
  await form.getByRole('button', { name: 'Save' }).click();
  await waitForText(sidebar.locator('#reports-notice'), `Saved "${name}".`);
}

test('a schedule installs the trigger, the trigger runs the report, no schedule removes it', async () => {
  const { page, sidebar, playground } = session;
  const triggers = playground.harness.sheets.triggers;
  await sidebar.getByRole('tab', { name: 'Reports' }).click();
  await waitForText(sidebar.locator('#reports-trigger'), 'No report has a schedule, so no trigger is installed.');

  await createReport(sidebar, 'Daily invoices', 'Daily', 'daily', '6');
  await waitForText(sidebar.locator('#reports-trigger'), 'The hourly trigger is installed: scheduled reports refresh when due.');
  const card = sidebar.locator('li[data-report-id="daily-invoices"]');
  await waitForText(card.locator('dd').nth(4), 'Daily at 06:00');
  await waitForText(card.locator('dd').nth(6), '22.11.2026 06:00');
  expect(triggers.triggers.map((trigger) => trigger.handler)).toEqual(['onReportsTrigger']);
  // The footer says it plainly: what refreshes, how often, and when next in the spreadsheet's zone.
  await waitForText(page.locator('#triggers'), 'Reports refresh every hour; next at 13:00.');
  await saveScreenshot(page, 'report-schedule');

  // A second schedule shares the one trigger (editor add-ons may hold one per user and document).
  await createReport(sidebar, 'Hourly invoices', 'Hourly', 'hourly');
  expect(triggers.triggers).toHaveLength(1);

  // "As if an hour passed": the hourly report is due at 13:00 and runs; its sheet appears.
  await page.getByRole('button', { name: 'Run the hourly trigger now' }).click();
  await waitForText(page.locator('#trigger-run'), 'An hour passed; it is now 21.11.2026 13:00. The reports refresh at 13:00 ran.');
  await waitForText(page.locator('#triggers'), 'Reports refresh every hour; next at 14:00.');
  await page.getByRole('tab', { name: 'Hourly' }).waitFor();
  await sidebar.getByRole('button', { name: 'Reload' }).click();
  await waitForText(sidebar.locator('li[data-report-id="hourly-invoices"] .badge'), 'ok');
  await saveScreenshot(page, 'trigger-hour-passed');

  // The trigger fires each hour; at 06:00 the daily report is due and runs.
  playground.harness.sheets.scheduler.runDue(Date.UTC(2026, 10, 22, 6, 5));
  await sidebar.getByRole('button', { name: 'Reload' }).click();
  await waitForText(card.locator('dd').nth(5), '22.11.2026 06:00');
  await waitForText(card.locator('.badge'), 'ok');
  await waitForText(card.locator('dd').nth(6), '23.11.2026 06:00');
  await showSheet(page, 'Daily');
  await waitForText(gridCell(page, 'A1'), 'Invoice ID');
  await waitForText(gridCell(page, 'C1'), 'Period start');
  expect(await gridCell(page, 'C2').textContent()).toMatch(/^\d{2}\.\d{2}\.2026 \d{2}:\d{2}:\d{2}$/);

  // Both schedules off: the trigger goes.
  for (const id of ['daily-invoices', 'hourly-invoices']) {
    await sidebar.locator(`li[data-report-id="${id}"]`).getByRole('button', { name: /^Edit / }).click();
    await sidebar.locator('#report-form').getByLabel('Refresh').selectOption('none');
    await sidebar.locator('#report-form').getByRole('button', { name: 'Save' }).click();
    await sidebar.locator('#report-form').waitFor({ state: 'hidden' });
  }
  await waitForText(sidebar.locator('#reports-trigger'), 'No report has a schedule, so no trigger is installed.');
  await waitForText(page.locator('#triggers'), 'No report refreshes on a schedule.');
  expect(triggers.triggers).toEqual([]);
  expect(session.dialogs).toEqual([]);
});
