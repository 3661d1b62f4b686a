/**
 * The Connection panel by keyboard alone: the form opens on Enter with focus on its first field,
 * the region is chosen with arrow keys, Enter sends the form, focus comes back to "Add a
 * connection", and each connection's buttons are reachable in order.
 */
import type { Page } from 'playwright-core';
import { apiKeyPropertyOf } from '../../test-support/connections';
import { DEMO_AFFILIATE_KEY } from '../../test-support/fake-everflow';
import { saveScreenshot } from './support/artifacts';
import { openPlayground, waitForText, type PlaygroundSession } from './support/playground';

let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ apiKey: null, fakeApi: { invoiceCount: 8 } });
});
afterAll(async () => {
  await session.close();
});

/** The focused element inside the sidebar: its id, or its name and value, or its label. */
async function focused(page: Page): Promise<string> {
  const frame = page.frame({ url: /\/sidebar$/ });
  if (!frame) throw new Error('no sidebar frame');
  return frame.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    return element.id || element.getAttribute('aria-label') || `${element.getAttribute('name') ?? element.tagName}=${(element as HTMLInputElement).value}`;
  });
}

test('add a connection with the keyboard only, then reach its buttons', async () => {
  const { page, sidebar, playground } = session;
  await sidebar.locator('#tab-connection').focus();
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('connection-add');
  await page.keyboard.press('Enter');
  expect(await focused(page)).toBe('connection-name');
  await page.keyboard.type('Main');
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('region=us');
  await page.keyboard.press('ArrowRight');
  expect(await focused(page)).toBe('region=eu');
  await page.keyboard.press('ArrowLeft');
  expect(await focused(page)).toBe('region=us');
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('api-key');
  await page.keyboard.type(DEMO_AFFILIATE_KEY);
  await page.keyboard.press('Enter');

  const item = sidebar.locator('li.connection-item', { hasText: 'Main' });
  await waitForText(item.locator('.connection-status'), `Connected to Everflow US at ${playground.harness.baseUrl} with key ••••${DEMO_AFFILIATE_KEY.slice(-4)}.`);
  expect(await focused(page)).toBe('connection-add');
  // The connection's own buttons come before "Add a connection".
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).toBe('Remove Main');
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).toBe('Change Main');
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).toBe('Test Main as saved');
  await saveScreenshot(page.locator('aside.sidebar-frame'), 'connection-keyboard');

  // Remove takes a second press to confirm; focus goes back to "Add a connection".
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitForText(sidebar.getByRole('button', { name: 'Remove Main' }), 'Remove "Main" and its key');
  await page.keyboard.press('Enter');
  await waitForText(sidebar.locator('#connection-summary'), 'No connection yet. Add your Everflow or Affise account.');
  expect(await focused(page)).toBe('connection-add');
  expect(playground.harness.emulator.userProperties.getProperty(apiKeyPropertyOf('c1'))).toBeNull();

  // The tabs themselves: arrow keys move between them.
  await sidebar.locator('#tab-connection').focus();
  await page.keyboard.press('ArrowLeft');
  expect(await focused(page)).toBe('tab-help');
  expect(session.dialogs).toEqual([]);
});
