/**
 * A key Everflow refuses: the 401 message reaches the page in its alert region, and nothing is
 * saved (a typo never replaces a key that worked).
 */
import { DEMO_AFFILIATE_KEY } from '../../test-support/fake-everflow';
import { saveScreenshot } from './support/artifacts';
import { openPlayground, waitForText, type PlaygroundSession } from './support/playground';

const BAD_KEY = 'not-a-real-everflow-key';

let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ fakeApi: { invoiceCount: 5 } });
});
afterAll(async () => {
  await session.close();
});

test('a refused key shows the 401 message and keeps the key that worked', async () => {
  const { sidebar, page, playground } = session;
  const masked = `••••${DEMO_AFFILIATE_KEY.slice(-4)}`;
  await waitForText(sidebar.locator('#connection-summary'), `Key ${masked} is set (US). Test it to see what it reaches.`);

  await sidebar.getByLabel('API key').fill(BAD_KEY);
  await sidebar.getByRole('button', { name: 'Save and test' }).click();

  const alert = sidebar.getByRole('alert').filter({ hasText: '401' });
  await alert.waitFor();
  const message = (await alert.textContent()) ?? '';
  expect(message).toMatch(/^Everflow rejected the API key \(401 .+\)\. Set a valid affiliate API key/);
  expect(message).toContain(`Your previous key ${masked} is kept.`);
  expect(message).not.toContain(BAD_KEY);
  expect(await sidebar.getByLabel('API key').getAttribute('aria-invalid')).toBe('true');
  expect(await sidebar.locator('#connection-result').isHidden()).toBe(true);
  await saveScreenshot(page.locator('aside.sidebar-frame'), 'connection-bad-key');

  expect(playground.harness.emulator.userProperties.getProperty('eflow.apiKey')).toBe(DEMO_AFFILIATE_KEY);
  for (const answer of session.runAnswers) expect(answer).not.toContain(BAD_KEY);
  expect(session.dialogs).toEqual([]);
  expect(page.isClosed()).toBe(false);
});

test('a key that cannot be an Everflow key is refused before any request', async () => {
  const { sidebar, playground } = session;
  const api = playground.harness.api;
  if (!api) throw new Error('the fake API did not start');
  const before = (await api.stats()).totalRequests;
  expect(before).toBeGreaterThan(0);
  await sidebar.getByLabel('API key').fill('short');
  await sidebar.getByRole('button', { name: 'Save and test' }).click();
  await sidebar.getByRole('alert').filter({ hasText: 'too short' }).waitFor();
  expect(await sidebar.getByRole('alert').first().textContent()).toBe('That API key is too short to be an Everflow API key. Copy it again from Everflow: My Account > API.');
  expect((await api.stats()).totalRequests).toBe(before);
});
