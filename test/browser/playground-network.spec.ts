/**
 * The playground's network demo account (`npm start -- --role network`): the fake Everflow's
 * network key, recorded as a network key, shown so in the Connection panel; =EFLOW_INVOICES typed
 * into the grid lists every partner's invoices with `Affiliate ID | Affiliate` after `Invoice ID`,
 * the partners' names as text (hostile ones too), the key never in the page.
 */
import { DEMO_NETWORK_KEY, HOSTILE_AFFILIATE_NAMES } from '../../test-support/fake-everflow';
import { saveScreenshot } from './support/artifacts';
import { gridCell, openPlayground, showSheet, waitForText, type PlaygroundSession } from './support/playground';

/** 23 and 33 carry the fake's hostile names: a formula and markup. */
const PARTNERS = [21, 22, 23, 33];
let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ role: 'network', fakeApi: { invoiceCount: 4, networkAffiliateIds: PARTNERS } });
});
afterAll(async () => {
  await session.close();
});

test('=EFLOW_INVOICES with the network account shows every partner after the invoice id', async () => {
  const { sidebar, page, playground } = session;
  const item = sidebar.locator('li.connection-item').first();
  await waitForText(item.locator('.key-type'), 'Network API key (every partner’s invoices)');

  await showSheet(page, 'Sheet1');
  await gridCell(page, 'A1').click();
  await page.keyboard.type('=EFLOW_INVOICES()');
  await page.keyboard.press('Enter');
  await waitForText(gridCell(page, 'A1'), 'Invoice ID');
  await waitForText(gridCell(page, 'B1'), 'Affiliate ID');
  await waitForText(gridCell(page, 'C1'), 'Affiliate');
  await waitForText(gridCell(page, 'D1'), 'Status');

  // Every partner of the network is listed, its name as the fake sent it (shown as text, never run).
  const invoices = (await playground.harness.api?.networkInvoices()) ?? [];
  const listed = invoices.filter((invoice) => invoice.deleted !== true);
  const sheet = playground.harness.sheets.spreadsheet.sheetByName('Sheet1');
  const rows = sheet ? sheet.lastRow() - 1 : 0;
  expect(rows).toBe(listed.length);
  const partnersShown = new Set(Array.from({ length: rows }, (_, index) => sheet?.typedValueAt(index + 2, 2)));
  expect(partnersShown).toEqual(new Set([7, ...PARTNERS]));
  const names = new Set(Array.from({ length: rows }, (_, index) => sheet?.typedValueAt(index + 2, 3)));
  for (const hostile of [HOSTILE_AFFILIATE_NAMES[2], HOSTILE_AFFILIATE_NAMES[3]]) expect(names).toContain(hostile);
  expect(sheet?.formulaCells().filter(({ row }) => row > 1)).toEqual([]);
  expect(await page.locator('#grid-scroll img').count()).toBe(0);
  await waitForText(page.locator('#grid-scroll'), 'Hidden affiliate');
  await saveScreenshot(page, 'network-invoices');

  expect(await page.content()).not.toContain(DEMO_NETWORK_KEY);
  for (const answer of session.runAnswers) expect(answer).not.toContain(DEMO_NETWORK_KEY);
  expect(session.pageErrors).toEqual([]);
  expect(session.dialogs).toEqual([]);
});
