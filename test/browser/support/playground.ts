import type { FrameLocator, Locator, Page } from 'playwright-core';
import { SharedClock } from '../../../test-support/clock';
import { startPlayground, type Playground, type PlaygroundOptions } from '../../../tools/playground/server';
import { launchChromium, type Browser } from './chromium';

/**
 * Longest wait for something the page shows after a server call: a hang detector, not a speed
 * check, so it holds on a machine running two suites at once (also every Playwright default).
 */
export const UI_TIMEOUT_MS = 60_000;

export interface PlaygroundSession {
  playground: Playground;
  browser: Browser;
  page: Page;
  /** The sidebar, inside the playground's iframe. */
  sidebar: FrameLocator;
  /** Messages of any alert/confirm/prompt the pages opened (there must be none). */
  dialogs: string[];
  /** Every answer of /api/run as the browser received it, for "no secret in the traffic". */
  runAnswers: string[];
  /** Errors thrown by scripts of the pages. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * The playground (the built add-on in the emulator, the fake API, both on one virtual clock) in a
 * fresh Chromium at sidebar width plus grid. ADDON_BUNDLE_DIR points at another build than dist/.
 */
export async function openPlayground(options: PlaygroundOptions = {}): Promise<PlaygroundSession> {
  const playground = await startPlayground({
    port: 0,
    clock: SharedClock.virtual(),
    bundleDir: process.env['ADDON_BUNDLE_DIR'] || undefined,
    ...options,
  });
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  const dialogs: string[] = [];
  const runAnswers: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/run') void response.text().then((text) => runAnswers.push(text));
  });
  await page.goto(playground.url);
  const sidebar = page.frameLocator('#sidebar-frame');
  await sidebar.locator('body[data-ready="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.locator('body[data-version]').waitFor({ timeout: UI_TIMEOUT_MS });
  return {
    playground,
    browser,
    page,
    sidebar,
    dialogs,
    runAnswers,
    pageErrors,
    async close(): Promise<void> {
      await browser.close();
      await playground.close();
    },
  };
}

/** Waits until the element's whole text is `text` (trimmed), or fails with what it showed. */
export async function waitForText(locator: Locator, text: string, timeout = UI_TIMEOUT_MS): Promise<void> {
  try {
    await locator.filter({ hasText: text }).first().waitFor({ timeout });
  } catch (error) {
    const shown = await locator.allTextContents().catch(() => []);
    throw new Error(`Expected ${JSON.stringify(text)}; the page shows ${JSON.stringify(shown)}`, { cause: error });
  }
}

/** A cell of the playground's grid by its A1 address, on the sheet shown. */
export function gridCell(page: Page, a1: string): Locator {
  return page.locator(`#grid td[data-cell="${a1}"]`);
}

/** Shows a sheet's tab in the playground. */
export async function showSheet(page: Page, name: string): Promise<void> {
  const tab = page.locator('#sheet-tabs button').filter({ hasText: name });
  await tab.first().waitFor({ timeout: UI_TIMEOUT_MS });
  await tab.first().click();
  await page.locator(`#sheet-tabs button[aria-selected="true"]`).filter({ hasText: name }).waitFor({ timeout: UI_TIMEOUT_MS });
}
