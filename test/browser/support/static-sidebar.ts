import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { SidebarApi, SidebarCallName } from '../../../src/app/sidebar/api';
import { googleScriptRunShim, injectHeadScript } from '../../../tools/playground/bridge-script';

const ROOT = join(__dirname, '..', '..', '..');

/** Builds src/sidebar into a temporary folder exactly as `npm run build` does, leaving dist/ alone; answers one page (Sidebar.html, Review.html). */
export function buildSidebarPage(name = 'Sidebar'): string {
  const out = mkdtempSync(join(tmpdir(), 'sidebar-page-'));
  try {
    execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `import { buildSidebarPages } from './scripts/build-sidebar.mjs'; await buildSidebarPages(process.cwd(), ${JSON.stringify(out)});`],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    return readFileSync(join(out, `${name}.html`), 'utf8');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Server answers for the page, per call; a handler that throws is a failed call with its message. */
export type StubHandlers = {
  [K in SidebarCallName]?: (...args: Parameters<SidebarApi[K]>) => ReturnType<SidebarApi[K]> | Promise<ReturnType<SidebarApi[K]>>;
};

export interface StubbedSidebar {
  url: string;
  /** Every call the page made, in order. */
  calls: Array<{ fn: string; args: unknown[] }>;
  close(): Promise<void>;
}

const BINDING = '__sidebarServer';

/** Serves the built page on loopback with google.script.run answered by `handlers` in this process. */
export async function serveStubbedSidebar(page: Page, html: string, handlers: StubHandlers): Promise<StubbedSidebar> {
  const calls: Array<{ fn: string; args: unknown[] }> = [];
  await page.exposeFunction(BINDING, async (fn: string, args: unknown[]) => {
    calls.push({ fn, args });
    const handler = (handlers as Record<string, ((...input: unknown[]) => unknown) | undefined>)[fn];
    if (!handler) return { ok: false, error: `No stub for ${fn}.` };
    try {
      return { ok: true, value: await handler(...args) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  });
  const body = injectHeadScript(html, googleScriptRunShim(`function (fn, args) { return window.${BINDING}(fn, args); }`));
  const server: Server = createServer((request, response) => {
    if (request.url === '/' || request.url === '/Sidebar.html') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(body);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The browser keeps connections alive; close() alone would wait for them.
        server.closeAllConnections();
      }),
  };
}
