/**
 * The connection form by keyboard alone: a sensible focus order, the region chosen with arrow
 * keys, the form sent with Enter, and the result reachable without a mouse.
 */
import type { Page } from 'playwright-core';
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

/** The focused element inside the sidebar: its id, or its role and name. */
async function focused(page: Page): Promise<string> {
  const frame = page.frame({ url: /\/sidebar$/ });
  if (!frame) throw new Error('no sidebar frame');
  return frame.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    return element.id || `${element.getAttribute('name') ?? element.tagName}=${(element as HTMLInputElement).value}`;
  });
}

test('connect with the keyboard only', async () => {
  const { page, sidebar, playground } = session;
  await sidebar.locator('#tab-connection').focus();
  expect(await focused(page)).toBe('tab-connection');

  // Tab order: the selected tab, then the form's fields and buttons (disabled Test and Remove are skipped).
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('api-key');
  await page.keyboard.type(DEMO_AFFILIATE_KEY);
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('region=us');
  await page.keyboard.press('ArrowRight');
  expect(await focused(page)).toBe('region=eu');
  await page.keyboard.press('ArrowLeft');
  expect(await focused(page)).toBe('region=us');
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('connection-save');

  // Enter in the key field sends the form, as Enter does in any form.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).toBe('api-key');
  await page.keyboard.press('Enter');

  await waitForText(sidebar.locator('#connection-summary'), `Connected to Everflow US with key ••••${DEMO_AFFILIATE_KEY.slice(-4)}.`);
  // Focus stays where the user was; the now enabled buttons follow in order.
  expect(await focused(page)).toBe('api-key');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('connection-save');
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('connection-test');
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('connection-remove');
  await saveScreenshot(page.locator('aside.sidebar-frame'), 'connection-keyboard');

  // Remove with Enter: focus goes back to the key field, ready for a new key.
  await page.keyboard.press('Enter');
  await waitForText(sidebar.locator('#connection-summary'), 'Not connected. Paste your Everflow API key below.');
  expect(await focused(page)).toBe('api-key');
  expect(playground.harness.emulator.userProperties.getProperty('eflow.apiKey')).toBeNull();

  // The tabs themselves: arrow keys move between them, Tab leaves them for the panel.
  await sidebar.locator('#tab-connection').focus();
  await page.keyboard.press('ArrowLeft');
  expect(await focused(page)).toBe('tab-help');
  expect(await sidebar.locator('#panel-help').isVisible()).toBe(true);
  expect(session.dialogs).toEqual([]);
});
