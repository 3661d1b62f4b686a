/**
 * Connecting with a good key, then a second Everflow account beside it: the sidebar lists both,
 * shows what each key sees, and no key ever comes back to the page (not in the DOM, not in any
 * answer of the server).
 */
import { DEMO_AFFILIATE_KEY } from '../../test-support/fake-everflow';
import { apiKeyPropertyOf } from '../../test-support/connections';
import { saveScreenshot } from './support/artifacts';
import { openPlayground, waitForText, type PlaygroundSession } from './support/playground';

const EU_KEY = 'browser-eu-affiliate-key';
let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({
    apiKey: null,
    fakeApi: { invoiceCount: 25, keys: [{ key: DEMO_AFFILIATE_KEY, realm: 'affiliate', affiliateId: 7 }, { key: EU_KEY, realm: 'affiliate', affiliateId: 8 }] },
  });
});
afterAll(async () => {
  await session.close();
});

test('a good key is saved, tested, and shown only masked', async () => {
  const { sidebar, page, playground } = session;
  await waitForText(sidebar.locator('#connection-summary'), 'No connection yet. Add your Everflow or Affise account.');

  await sidebar.getByRole('button', { name: 'Add a connection' }).click();
  await sidebar.locator('#connection-name').fill('US network');
  await sidebar.getByLabel('API key').fill(DEMO_AFFILIATE_KEY);
  await sidebar.getByRole('radio', { name: 'US' }).check();
  await sidebar.getByRole('button', { name: 'Save and test' }).click();

  const masked = `••••${DEMO_AFFILIATE_KEY.slice(-4)}`;
  const item = sidebar.locator('li.connection-item', { hasText: 'US network' });
  await waitForText(item.locator('.connection-status'), `Connected to Everflow US at ${playground.harness.baseUrl} with key ${masked}.`);
  await waitForText(sidebar.locator('#connection-summary'), '1 connection saved.');
  const invoices = (await playground.harness.api?.invoices()) ?? [];
  const seen = invoices.filter((invoice) => invoice.affiliateId === 7);
  const currencies = [...new Set(seen.map((invoice) => invoice.currency))].sort();
  expect(await item.locator('dd').allTextContents()).toEqual([masked, 'Affiliate (partner) API key', `Everflow US at ${playground.harness.baseUrl}`, String(seen.length), currencies.join(', ')]);
  expect(await item.locator('.masked-key').textContent()).toBe(masked);
  // The masked key ("••••-key") is one word: it never wraps at its hyphen, even where the line is full.
  const keyInStatus = item.locator('.connection-status .nowrap');
  expect(await keyInStatus.textContent()).toBe(masked);
  for (const key of [keyInStatus, item.locator('.masked-key')]) {
    expect(await key.evaluate((element) => [getComputedStyle(element).whiteSpace, element.getClientRects().length])).toEqual(['nowrap', 1]);
  }
  expect(await sidebar.locator('#connection-form').isHidden()).toBe(true);
  await saveScreenshot(page, 'connection-connected');

  // The key went to the server once (the form) and never came back.
  const sidebarHtml = await page.frame({ url: /\/sidebar$/ })?.content();
  expect(sidebarHtml).toBeDefined();
  expect(sidebarHtml).not.toContain(DEMO_AFFILIATE_KEY);
  expect(await page.content()).not.toContain(DEMO_AFFILIATE_KEY);
  expect(session.runAnswers.length).toBeGreaterThan(1);
  for (const answer of session.runAnswers) expect(answer).not.toContain(DEMO_AFFILIATE_KEY);
  expect(playground.harness.emulator.userProperties.getProperty(apiKeyPropertyOf('c1'))).toBe(DEMO_AFFILIATE_KEY);
  expect(session.dialogs).toEqual([]);
  expect(session.pageErrors).toEqual([]);
});

test('a second Everflow account (EU) is added beside the first; formulas name the one they read', async () => {
  const { sidebar, page, playground } = session;
  await sidebar.getByRole('button', { name: 'Add a connection' }).click();
  await sidebar.locator('#connection-name').fill('EU network');
  await sidebar.getByRole('radio', { name: 'EU' }).check();
  await sidebar.getByLabel('API key').fill(EU_KEY);
  await sidebar.getByRole('button', { name: 'Save and test' }).click();

  const eu = sidebar.locator('li.connection-item', { hasText: 'EU network' });
  await waitForText(eu.locator('.connection-status'), `Connected to Everflow EU at ${playground.harness.baseUrl} with key ••••${EU_KEY.slice(-4)}.`);
  await waitForText(sidebar.locator('#connection-summary'), '2 connections saved. Formulas name the one they read in their last argument, account.');
  expect(await sidebar.locator('li.connection-item h3').allTextContents()).toEqual(['US network', 'EU network']);
  expect(await eu.locator('.where').textContent()).toBe(`Everflow · EU at ${playground.harness.baseUrl} · key ••••${EU_KEY.slice(-4)}`);
  await saveScreenshot(page.locator('aside.sidebar-frame'), 'connection-two-accounts');

  // Each account's formula reads its own invoices (the fake numbers affiliate 8's from 80,000,001).
  // account is the last of EFLOW_INVOICES' eight arguments (after the network filters).
  const ofEu = playground.harness.formula('EFLOW_INVOICES', '', '', '', '', '', '', '', 'EU network');
  const ids = ofEu.ok && Array.isArray(ofEu.value) ? (ofEu.value as unknown[][]).slice(1).map((row) => Number(row[0])) : [];
  expect(ids.length).toBeGreaterThan(0);
  expect(ids.every((id) => id > 80_000_000 && id < 90_000_000)).toBe(true);
  expect(playground.harness.formula('EFLOW_INVOICES')).toMatchObject({ ok: false, error: expect.stringContaining('there are 2 Everflow connections ("US network", "EU network")') });
  for (const answer of session.runAnswers) expect(answer).not.toContain(EU_KEY);
  expect(session.pageErrors).toEqual([]);
});
