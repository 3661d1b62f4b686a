import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from './chromium';
import { UI_TIMEOUT_MS } from './playground';
import { buildSidebarPage, serveStubbedSidebar, type StubbedSidebar, type StubHandlers } from './static-sidebar';

export interface StubbedSidebarSession {
  /** The running test's browser page (a fresh one each test). */
  readonly page: Page;
  /** The running test's sidebar, once `serve` was called. */
  readonly sidebar: StubbedSidebar | null;
  /** Serves the built page to this test with the server calls answered by `handlers`; it closes after the test. */
  serve(handlers: StubHandlers): Promise<StubbedSidebar>;
}

/**
 * Registers the hooks of a spec of a built sidebar page (`pageName`: Sidebar, or the Review dialog)
 * with stubbed server calls: the page is built and Chromium launched once, each test gets a fresh
 * page of `viewport` and closes what it served.
 */
export function useStubbedSidebar(viewport: { width: number; height: number }, pageName = 'Sidebar'): StubbedSidebarSession {
  let browser: Browser;
  let html: string;
  let page: Page | null = null;
  let sidebar: StubbedSidebar | null = null;

  beforeAll(async () => {
    html = buildSidebarPage(pageName);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });
  beforeEach(async () => {
    page = await browser.context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.setViewportSize(viewport);
  });
  afterEach(async () => {
    await page?.close();
    page = null;
    await sidebar?.close();
    sidebar = null;
  });

  const currentPage = (): Page => {
    if (!page) throw new Error('the stubbed sidebar page exists only while a test runs');
    return page;
  };
  return {
    get page() {
      return currentPage();
    },
    get sidebar() {
      return sidebar;
    },
    async serve(handlers) {
      sidebar = await serveStubbedSidebar(currentPage(), html, handlers);
      return sidebar;
    },
  };
}
