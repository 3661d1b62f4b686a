import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..', '..');
export const ARTIFACTS_DIR = join(ROOT, 'test-artifacts', 'browser');
export const DOCS_SCREENSHOTS_DIR = join(ROOT, 'docs', 'screenshots');

/**
 * Saves a screenshot as a test artifact. With UPDATE_SCREENSHOTS=1 it also replaces the copy in
 * docs/screenshots/ that the README shows (kept out of ordinary runs so tests never dirty the tree).
 */
export async function saveScreenshot(target: Page | Locator, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${name}.png`);
  await target.screenshot({ path: file });
  if (process.env['UPDATE_SCREENSHOTS'] === '1') {
    mkdirSync(DOCS_SCREENSHOTS_DIR, { recursive: true });
    copyFileSync(file, join(DOCS_SCREENSHOTS_DIR, `${name}.png`));
  }
  return file;
}
