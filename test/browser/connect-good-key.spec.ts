/**
 * Connecting with a good key: the sidebar shows what the key sees, and the key never comes back
 * to the page (not in the DOM, not in any answer of the server).
 */
import { DEMO_AFFILIATE_KEY } from '../../test-support/fake-everflow';
import { saveScreenshot } from './support/artifacts';
import { openPlayground, waitForText, type PlaygroundSession } from './support/playground';

let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ apiKey: null, fakeApi: { invoiceCount: 25 } });
});
afterAll(async () => {
  await session.close();
});

test('a good key is saved, tested, and shown only masked', async () => {
  const { sidebar, page, playground } = session;
  await waitForText(sidebar.locator('#connection-summary'), 'Not connected. Paste your Everflow API key below.');

  await sidebar.getByLabel('API key').fill(DEMO_AFFILIATE_KEY);
  await sidebar.getByRole('radio', { name: 'US' }).check();
  await sidebar.getByRole('button', { name: 'Save and test' }).click();

  const masked = `••••${DEMO_AFFILIATE_KEY.slice(-4)}`;
  await waitForText(sidebar.locator('#connection-summary'), `Connected to Everflow US with key ${masked}.`);
  const invoices = await playground.harness.api?.invoices();
  const currencies = [...new Set((invoices ?? []).map((invoice) => invoice.currency))].sort();
  expect(await sidebar.locator('#result-key-type').textContent()).toBe('Affiliate (partner) API key');
  expect(await sidebar.locator('#result-invoices').textContent()).toBe(String(invoices?.length));
  expect(await sidebar.locator('#result-currencies').textContent()).toBe(currencies.join(', '));
  expect(await sidebar.locator('#result-key').textContent()).toBe(masked);
  // The masked key ("••••-key") is one word: it never wraps at its hyphen, even where the line is full.
  const keyInSummary = sidebar.locator('#connection-summary .nowrap');
  expect(await keyInSummary.textContent()).toBe(masked);
  for (const key of [keyInSummary, sidebar.locator('#result-key')]) {
    expect(await key.evaluate((element) => [getComputedStyle(element).whiteSpace, element.getClientRects().length])).toEqual(['nowrap', 1]);
  }
  expect(await sidebar.getByLabel('API key').inputValue()).toBe('');
  expect(await sidebar.locator('#connection-error').textContent()).toBe('');
  await saveScreenshot(page, 'connection-connected');

  // The key went to the server once (the form) and never came back.
  const sidebarHtml = await page.frame({ url: /\/sidebar$/ })?.content();
  expect(sidebarHtml).toBeDefined();
  expect(sidebarHtml).not.toContain(DEMO_AFFILIATE_KEY);
  expect(await page.content()).not.toContain(DEMO_AFFILIATE_KEY);
  expect(session.runAnswers.length).toBeGreaterThan(1);
  for (const answer of session.runAnswers) expect(answer).not.toContain(DEMO_AFFILIATE_KEY);
  expect(playground.harness.emulator.userProperties.getProperty('eflow.apiKey')).toBe(DEMO_AFFILIATE_KEY);
  expect(session.dialogs).toEqual([]);
  expect(session.pageErrors).toEqual([]);
});
