/**
 * Adding an Affise connection in the sidebar: provider, name, API host and key; Test connection
 * says who the key belongs to (`GET /3.1/user/me`), the key is shown only masked, and AFFISE_
 * formulas then read it. A wrong key is refused with Affise's 401, naming key and host.
 */
import { DEMO_AFFISE_KEY } from '../../test-support/fake-affise';
import { saveScreenshot } from './support/artifacts';
import { gridCell, openPlayground, showSheet, waitForText, type PlaygroundSession } from './support/playground';

let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ apiKey: null });
});
afterAll(async () => {
  await session.close();
});

async function addAffise(name: string, key: string): Promise<void> {
  const { sidebar, playground } = session;
  await sidebar.getByRole('button', { name: 'Add a connection' }).click();
  await sidebar.getByRole('radio', { name: 'Affise' }).check();
  await sidebar.locator('#connection-name').fill(name);
  await sidebar.getByLabel('API host').fill(playground.harness.affiseBaseUrl ?? '');
  await sidebar.getByLabel('API key').fill(key);
  await sidebar.getByRole('button', { name: 'Save and test' }).click();
}

test('an Affise connection is saved, tested as the user behind the key, and read by AFFISE_ formulas', async () => {
  const { sidebar, playground, page } = session;
  await addAffise('Affise network', DEMO_AFFISE_KEY);
  const masked = `••••${DEMO_AFFISE_KEY.slice(-4)}`;
  const item = sidebar.locator('li.connection-item', { hasText: 'Affise network' });
  await waitForText(item.locator('.connection-status'), `Connected to Affise at ${playground.harness.affiseBaseUrl ?? ''} as Dana Finance, with key ${masked}.`);
  await waitForText(sidebar.locator('#connection-summary'), '1 connection saved.');

  const summary = playground.harness.formula('AFFISE_INVOICE_SUMMARY');
  expect(summary.ok).toBe(true);

  // Typed into the grid as a user would: the list spills from A1 with its header.
  await showSheet(page, 'Sheet1');
  await gridCell(page, 'A1').click();
  await page.keyboard.type('=AFFISE_INVOICES("waiting")');
  await page.keyboard.press('Enter');
  await waitForText(gridCell(page, 'A1'), 'Invoice ID');
  await waitForText(gridCell(page, 'C1'), 'Affiliate');
  await saveScreenshot(page, 'affise-invoices');
  expect(await page.content()).not.toContain(DEMO_AFFISE_KEY);
  for (const answer of session.runAnswers) expect(answer).not.toContain(DEMO_AFFISE_KEY);
  expect(session.pageErrors).toEqual([]);
});

test('a wrong Affise key is refused with the 401 that names key and host, and the key is not kept', async () => {
  const { sidebar } = session;
  const wrong = 'browser-wrong-affise-key';
  await addAffise('Second network', wrong);
  await waitForText(sidebar.locator('#connection-form'), 'Either the key is wrong or the API host is not your network');
  expect(await sidebar.locator('li.connection-item h3').allTextContents()).toEqual(['Affise network']);
  for (const answer of session.runAnswers) expect(answer).not.toContain(wrong);
});
