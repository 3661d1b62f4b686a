/// <reference lib="dom" />
/**
 * The built page alone, with google.script.run answered by stubs: the page's own behaviour
 * (tabs, keyboard, how a failed call shows) without the emulator.
 */
import type { Page } from 'playwright-core';
import type { SidebarState } from '../../src/app/sidebar/api';
import { sidebarCatalog } from '../../src/entry/sidebar/catalog';
import { saveScreenshot } from './support/artifacts';
import { launchChromium, type Browser } from './support/chromium';
import { buildSidebarPage, serveStubbedSidebar, type StubbedSidebar } from './support/static-sidebar';

const STATE: SidebarState = { connection: { maskedKey: null, region: 'us' }, functions: sidebarCatalog(), timeZone: 'Europe/Berlin' };

let browser: Browser;
let html: string;
let page: Page;
let sidebar: StubbedSidebar | null = null;

beforeAll(async () => {
  html = buildSidebarPage();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});
beforeEach(async () => {
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 300, height: 800 });
});
afterEach(async () => {
  await page.close();
  await sidebar?.close();
  sidebar = null;
});

test('the page loads its state and moves between tabs with the arrow keys', async () => {
  sidebar = await serveStubbedSidebar(page, html, { sidebarLoad: () => STATE });
  await page.goto(sidebar.url);
  await page.locator('body[data-ready="true"]').waitFor();
  await expectText(page, '#connection-summary', 'Not connected. Paste your Everflow API key below.');

  await page.getByRole('tab', { name: 'Connection' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(await page.getByRole('tab', { name: 'Functions' }).getAttribute('aria-selected')).toBe('true');
  expect(await page.locator('#panel-functions').isVisible()).toBe(true);
  expect(await page.locator('#panel-connection').isVisible()).toBe(false);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-functions');

  await page.keyboard.press('End');
  expect(await page.locator('#panel-help').isVisible()).toBe(true);
  const helpNames = await page.locator('#help-functions h3').allTextContents();
  expect(helpNames.map((text) => text.split('(')[0])).toEqual(STATE.functions.map((fn) => `=${fn.name}`));
  await saveScreenshot(page, 'sidebar-help');
  // Passing the Reports tab loaded its list: panels load on first view.
  expect(sidebar.calls.map((call) => call.fn)).toEqual(['sidebarLoad', 'sidebarListReports']);
});

test('a server that cannot be reached shows why in the alert region', async () => {
  sidebar = await serveStubbedSidebar(page, html, {
    sidebarLoad: () => {
      throw new Error('Exception: Authorisation is required to perform that action.');
    },
  });
  await page.goto(sidebar.url);
  await expectText(page, '#connection-error', 'Authorisation is required to perform that action.');
  expect(await page.locator('#connection-error').getAttribute('role')).toBe('alert');
  await expectText(page, '#connection-summary', 'The add-on could not be reached.');
});

async function expectText(target: Page, selector: string, text: string): Promise<void> {
  const locator = target.locator(selector);
  await locator.filter({ hasText: text }).waitFor({ timeout: 10_000 });
  expect((await locator.textContent())?.trim()).toBe(text);
}
