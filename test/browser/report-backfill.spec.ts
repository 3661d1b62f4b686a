/**
 * "Run now" on a backfill longer than one call: the built add-on stops each call at its time
 * slice with the progress kept, the page shows how far it came and calls again until the report
 * is complete. The card says "Running" once, with the count; the run ends with a link to its sheet.
 */
import { saveScreenshot } from './support/artifacts';
import { gridCell, openPlayground, waitForText, type PlaygroundSession } from './support/playground';

/** More invoices than one slice fetches at Everflow's 5 requests a second (about 540). */
const INVOICE_COUNT = 700;

let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ fakeApi: { invoiceCount: INVOICE_COUNT } });
});
afterAll(async () => {
  await session.close();
});

test('a backfill runs over several calls with its progress shown', async () => {
  const { page, sidebar, playground } = session;
  const total = ((await playground.harness.api?.invoiceIds()) ?? []).length;
  expect(total).toBeGreaterThan(600);

  await sidebar.getByRole('tab', { name: 'Reports' }).click();
  await sidebar.getByRole('button', { name: 'New report' }).click();
  const form = sidebar.locator('#report-form');
  await form.getByLabel('Name').fill('All lines');
  await form.getByLabel('Kind').selectOption('lines');
  await form.getByLabel('Target sheet').fill('Lines');
  await form.getByRole('button', { name: 'Save' }).click();
  const card = sidebar.locator('li[data-report-id="all-lines"]');
  await card.waitFor();

  // Every value the progress bar takes is recorded as it happens.
  const frame = page.frame({ url: /\/sidebar$/ });
  if (!frame) throw new Error('no sidebar frame');
  await frame.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver((records) => {
      for (const record of records) {
        const bar = record.target;
        if (bar instanceof HTMLProgressElement && bar.hasAttribute('value')) seen.push(`${bar.value}/${bar.max}`);
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['value', 'max'] });
  });

  // The second slice is held back until the page has been looked at between slices.
  let runCalls = 0;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/run', async (route) => {
    const call = route.request().postDataJSON() as { fn?: string };
    if (call.fn === 'sidebarRunReport' && ++runCalls === 2) await held;
    await route.continue();
  });
  await card.getByRole('button', { name: 'Run All lines now' }).click();
  // While the next slice runs, the card shows the count so far; "Running" appears once on the page.
  const runStatus = card.locator('p.busy[role="status"]');
  await waitForText(runStatus, `/ ${total.toLocaleString('en-US')} invoices`);
  expect(await runStatus.textContent()).toMatch(new RegExp(`^Running "All lines"… [\\d,]+ / ${total.toLocaleString('en-US')} invoices$`));
  expect(await sidebar.locator('body').evaluate((body) => ((body as HTMLElement).innerText.match(/Running/g) ?? []).length)).toBe(1);
  await saveScreenshot(page.locator('aside.sidebar-frame'), 'report-run-progress');
  release();
  await waitForText(sidebar.locator('#reports-notice'), 'All lines: ok');

  const slices = session.runAnswers.map((text) => JSON.parse(text) as { ok: boolean; value?: { complete?: boolean; done?: number | null; total?: number | null } }).filter((answer) => answer.value?.complete !== undefined);
  expect(slices.length).toBeGreaterThanOrEqual(2);
  expect(slices.at(-1)?.value?.complete).toBe(true);
  const partial = slices.filter((answer) => answer.value?.complete === false).map((answer) => `${answer.value?.done}/${answer.value?.total}`);
  expect(partial.length).toBe(slices.length - 1);
  expect(partial.every((step) => step.endsWith(`/${total}`))).toBe(true);
  const seen = await frame.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  expect(seen).toEqual(expect.arrayContaining(partial));

  // The run ends with a link that brings the report's sheet to the front.
  await sidebar.locator('#reports-notice').getByRole('button', { name: 'Open sheet "Lines"' }).click();
  await page.getByRole('tab', { name: 'Lines', selected: true }).waitFor();
  await saveScreenshot(page, 'report-run-open-sheet');
  await waitForText(gridCell(page, 'A1'), 'Invoice ID');
  await waitForText(gridCell(page, 'B1'), 'Line ID');
  expect(session.dialogs).toEqual([]);
});
