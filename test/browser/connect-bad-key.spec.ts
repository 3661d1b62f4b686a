/**
 * The Connection panel's fixes (issue 8): a refused key is explained in the form, plain words
 * first and Everflow's text after, and says the saved key still works; the save button says which
 * key it tests; a region chosen in the form stays chosen while the saved connection is tested.
 */
import { apiKeyPropertyOf, LEGACY_API_KEY_PROPERTY } from '../../test-support/connections';
import { DEMO_AFFILIATE_KEY } from '../../test-support/fake-everflow';
import { saveScreenshot } from './support/artifacts';
import { openPlayground, waitForText, type PlaygroundSession } from './support/playground';

const BAD_KEY = 'not-a-real-everflow-key';
const MASKED = `••••${DEMO_AFFILIATE_KEY.slice(-4)}`;

let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ fakeApi: { invoiceCount: 5 } });
});
afterAll(async () => {
  await session.close();
});

test('the first version\'s key shows as one connection; a refused new key keeps it, and the form says so', async () => {
  const { sidebar, page, playground } = session;
  const item = sidebar.locator('li.connection-item', { hasText: 'Everflow' });
  await waitForText(item.locator('.connection-status'), 'Saved. Test it to see what it reaches.');
  expect(await item.locator('.masked-key').textContent()).toBe(MASKED);

  await sidebar.getByRole('button', { name: 'Change Everflow' }).click();
  const save = sidebar.locator('#connection-save');
  await waitForText(save, 'Save and test the saved key');
  expect(await sidebar.getByLabel('API key').getAttribute('placeholder')).toBe(`Leave empty to keep the saved key ${MASKED}`);
  await sidebar.getByLabel('API key').fill(BAD_KEY);
  await waitForText(save, 'Save and test the new key');
  await save.click();

  const alert = sidebar.locator('#connection-error');
  await alert.filter({ hasText: 'still works' }).waitFor();
  const message = (await alert.textContent()) ?? '';
  expect(message).toMatch(/^Everflow did not accept this key\. Copy it again from Everflow, the whole key \(a partner key: partner portal, My Account > API; a network key: the API keys of your Control Center\)\. Everflow said: 401 .+\. /);
  expect(message).toMatch(new RegExp(`Your saved key ${MASKED} still works \\(.+\\); the new one was refused, and nothing was changed\\.$`));
  expect(message).not.toContain('Set API key');
  expect(message).not.toContain(BAD_KEY);
  expect(await sidebar.getByLabel('API key').getAttribute('aria-invalid')).toBe('true');
  // No green "Connected" for this connection beside the red error.
  expect(await item.locator('.status-dot.ok').count()).toBe(0);
  await saveScreenshot(page.locator('aside.sidebar-frame'), 'connection-bad-key');

  // Migrated on the first change; the key that worked is the one kept.
  const properties = playground.harness.emulator.userProperties;
  expect(properties.getProperty(apiKeyPropertyOf('c1'))).toBe(DEMO_AFFILIATE_KEY);
  expect(properties.getProperty(LEGACY_API_KEY_PROPERTY)).toBeNull();
  for (const answer of session.runAnswers) expect(answer).not.toContain(BAD_KEY);
  expect(session.dialogs).toEqual([]);
});

test('a key that cannot be an Everflow key is refused before any request', async () => {
  const { sidebar, playground } = session;
  const api = playground.harness.api;
  if (!api) throw new Error('the fake API did not start');
  const before = (await api.stats()).totalRequests;
  await sidebar.getByLabel('API key').fill('short');
  await sidebar.locator('#connection-save').click();
  await sidebar.locator('#connection-error').filter({ hasText: 'too short' }).waitFor();
  expect(await sidebar.locator('#connection-error').textContent()).toBe('That API key is too short to be an Everflow API key. Copy it again from Everflow: My Account > API.');
  expect((await api.stats()).totalRequests).toBe(before);
});

test('a region chosen in the form stays chosen while the saved connection is tested, and sticks once saved', async () => {
  const { sidebar } = session;
  await sidebar.getByRole('radio', { name: 'EU' }).check();
  await sidebar.getByRole('button', { name: 'Test Everflow as saved' }).click();
  const item = sidebar.locator('li.connection-item', { hasText: 'Everflow' });
  await item.locator('.status-dot.ok').waitFor();
  expect(await sidebar.getByRole('radio', { name: 'EU' }).isChecked()).toBe(true);

  // An empty key field saves the region and tests the saved key, and the button said so.
  await waitForText(sidebar.locator('#connection-save'), 'Save and test the saved key');
  await sidebar.locator('#connection-save').click();
  await sidebar.locator('#connection-form').waitFor({ state: 'hidden' });
  await sidebar.getByRole('button', { name: 'Change Everflow' }).click();
  expect(await sidebar.getByRole('radio', { name: 'EU' }).isChecked()).toBe(true);
  await sidebar.getByRole('button', { name: 'Cancel' }).click();
});
