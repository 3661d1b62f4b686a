/**
 * The local playground: the built add-on (dist/) running in the Apps Script emulator, its sidebar
 * served in a page beside a grid of the emulated spreadsheet, on demo data from the fake Everflow
 * API (or a real account with EFLOW_API_KEY).
 *
 *   npx tsx tools/playground/server.ts [--port N] [--no-open] [--base-url URL] [--role affiliate|network]
 *
 * `--role network` connects the demo's Everflow with the fake's network key (every partner's
 * invoices: partner names, hidden affiliates, hostile strings), recorded as Test connection would,
 * and installs the editable "Network invoices" report (statuses, notes, terms, new invoices).
 *
 * It builds nothing of the add-on: run `npm run build` first (npm start does).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { z } from 'zod';
import { REPORTS_TRIGGER_HANDLER } from '../../src/app/reports/trigger-manager';
import { REGIONS } from '../../src/app/settings';
import { wallClockText } from '../../src/sheet/date-formats';
import { SharedClock } from '../../test-support/clock';
import { parseTypedInput } from '../../test-support/emulator/spreadsheet/typed-input';
import { AddOnHarness, DIST_DIR } from '../../test-support/harness';
import { IntlZoneRules } from '../../test-support/intl-zone-rules';
import { DEMO_NETWORK_KEY, type StartFakeEverflowOptions } from '../../test-support/fake-everflow';
import type { StartFakeAffiseOptions } from '../../test-support/fake-affise';
import type { KeyRole } from '../../src/app/key-role';
import { DEMO_NETWORK_PARTNERS, roleOption } from '../runner/everflow-role';
import { installReport } from '../runner/report-document';
import { runReportOnce } from '../runner/report-runs';
import { googleScriptRunShim, injectHeadScript, PLAYGROUND_TRANSPORT } from './bridge-script';
import { playgroundPage } from './page';
import type { RunAnswer } from './protocol';
import { DEFAULT_ROWS_SENT, takeSnapshot } from './snapshot';
import { stopWithLauncher } from './stop-with-launcher';

export const DEFAULT_PORT = 8080;
/** The menu action that shows the sidebar (src/entry/sidebar/open-sidebar.ts). */
const OPEN_SIDEBAR = 'openSidebar';
const MAX_BODY_BYTES = 1_000_000;
/** The demo's editable sheet: edit it in the grid, then Changes > Review changes… in the sidebar. */
export const EDITABLE_AFFISE_REPORT = { id: 'affise-editable', name: 'Affise invoices (editable)', kind: 'affise-invoices', mode: 'merge', sheet: 'Affise invoices', editable: true } as const;
/** With the network key (`--role network`), the demo's editable Everflow sheet: statuses, notes, terms, new invoices on its lines sheet. */
export const EDITABLE_NETWORK_REPORT = { id: 'network-editable', name: 'Network invoices (editable)', kind: 'invoices', mode: 'merge', sheet: 'Network invoices', editable: true } as const;
const HOUR_MS = 3_600_000;

export interface PlaygroundOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Default: the real clock (the demo); tests pass a virtual one. */
  clock?: SharedClock;
  /** A real account's key (EFLOW_API_KEY); null starts unconnected; default: the demo key of the fake API. */
  apiKey?: string | null;
  /** An Everflow API root; with apiKey and no baseUrl, Everflow's US host. */
  baseUrl?: string;
  /** Settings of the fake API when no base URL is given (tests seed their own data). */
  fakeApi?: Omit<StartFakeEverflowOptions, 'clock'>;
  /** Settings of the fake Affise API on demo data. */
  fakeAffise?: Omit<StartFakeAffiseOptions, 'clock'>;
  /** On demo data, install the editable Affise invoices report and run it once (npm start does), so Review changes… has a sheet to work on. */
  editableAffiseReport?: boolean;
  bundleDir?: string;
  spreadsheetTimeZone?: string;
  /** The Everflow key's type, recorded with the connection; on demo data `network` picks the fake's network key. */
  role?: KeyRole;
  /** With `role: 'network'`, install the editable Everflow network invoices report and run it once (npm start does), for Review changes…. */
  editableNetworkReport?: boolean;
}

export interface Playground {
  url: string;
  harness: AddOnHarness;
  close(): Promise<void>;
}

const runRequestSchema = z.object({ fn: z.string().regex(/^[A-Za-z_$][\w$]*$/, 'is not a function name'), args: z.array(z.unknown()).max(10) }).strict();
const cellEditSchema = z.object({ sheet: z.string(), row: z.number().int().min(1), column: z.number().int().min(1), input: z.string().max(50_000) }).strict();
const selectionSchema = z.object({ sheet: z.string(), row: z.number().int().min(1), column: z.number().int().min(1) }).strict();
const rowsWantedSchema = z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_ROWS_SENT);

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new RequestError(413, 'The request is too large.');
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new RequestError(400, 'The request is not JSON.');
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RequestError(400, parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  return parsed.data;
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    // The pages load nothing from elsewhere; inline scripts are the built page's own.
    'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'",
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(body);
}

const sendJson = (response: ServerResponse, value: unknown): void => send(response, 200, 'application/json; charset=utf-8', JSON.stringify(value));

async function bundleClient(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, 'client', 'playground.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'warning',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no playground script.');
  return file.text;
}

/** Starts the emulator, the API (fake unless a base URL is given) and the page server on 127.0.0.1. */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const bundleDir = options.bundleDir ?? DIST_DIR;
  if (!existsSync(join(bundleDir, 'Code.js')) || !existsSync(join(bundleDir, 'Sidebar.html'))) {
    throw new Error(`${bundleDir} holds no built add-on: run \`npm run build\` first.`);
  }
  const clock = options.clock ?? SharedClock.real();
  // A real key without a base URL means Everflow itself; no base URL and no key, the fake API.
  const externalApi = options.apiKey !== undefined && options.apiKey !== null && options.baseUrl === undefined ? REGIONS.us : options.baseUrl;
  // On demo data the network has partners without keys besides the demo partner; its key sees them.
  const demoApi = options.fakeApi ?? { networkAffiliateIds: DEMO_NETWORK_PARTNERS };
  const apiKey = options.apiKey === undefined && externalApi === undefined && options.role === 'network' ? DEMO_NETWORK_KEY : options.apiKey;
  const harness = await AddOnHarness.start({
    clock,
    bundleDir,
    api: externalApi !== undefined ? { baseUrl: externalApi } : demoApi,
    apiKey,
    // On demo data both providers: the fake Affise too, connected with its demo key unless no key is wanted.
    ...(externalApi === undefined ? { affise: options.fakeAffise ?? {}, ...(options.apiKey === null ? { affiseKey: null } : {}) } : {}),
    spreadsheetTimeZone: options.spreadsheetTimeZone,
  });
  if (options.role !== undefined && apiKey !== null) harness.recordEverflowRole(options.role);
  const source = externalApi !== undefined ? `Everflow at ${externalApi}` : `Demo data: the fake Everflow${options.role === 'network' ? ' (network key)' : ''} and Affise APIs`;
  harness.sheets.spreadsheet.name = externalApi !== undefined ? 'Affiliate invoices' : 'Affiliate invoices (demo)';

  const editable = [
    ...(options.editableAffiseReport === true && harness.affise !== null ? [{ report: EDITABLE_AFFISE_REPORT, what: 'Affise' }] : []),
    ...(options.editableNetworkReport === true && options.role === 'network' && externalApi === undefined ? [{ report: EDITABLE_NETWORK_REPORT, what: 'Everflow network' }] : []),
  ];
  for (const { report, what } of editable) {
    const run = runReportOnce(harness, installReport(harness, report).report.definition);
    if (!run.outcome.ok) {
      await harness.close();
      throw new Error(`The demo's editable ${what} report did not run: ${run.outcome.error}`);
    }
  }
  const opened = harness.execute(OPEN_SIDEBAR);
  const sidebar = harness.sheets.ui.sidebar;
  if (!opened.ok || sidebar === null) {
    await harness.close();
    throw new Error(`The add-on did not show its sidebar (${opened.ok ? 'no sidebar shown' : opened.error}). Is ${OPEN_SIDEBAR} in the registry?`);
  }
  const sidebarPage = injectHeadScript(sidebar.html, googleScriptRunShim(PLAYGROUND_TRANSPORT));
  const page = playgroundPage(await bundleClient(), sidebar.title);
  const zones = new IntlZoneRules();
  /** "18:00" on the same day as `relativeToMs`, else "11/22/2026 06:00": the add-on's own way of writing instants, in the spreadsheet's locale. */
  const formatInstant = (epochMs: number, relativeToMs: number): string => {
    const { timeZone, locale } = harness.sheets.spreadsheet;
    const wall = zones.wallClockAt(epochMs, timeZone);
    const full = wallClockText(wall, locale, 'minute');
    if (Number.isNaN(relativeToMs)) return full;
    const other = zones.wallClockAt(relativeToMs, timeZone);
    return other.year === wall.year && other.month === wall.month && other.day === wall.day ? full.slice(wallClockText(wall, locale, 'date').length + 1) : full;
  };
  let version = 0;
  let lastTriggerRun = '';
  const snapshot = (rowsWanted: number = DEFAULT_ROWS_SENT) =>
    takeSnapshot(harness.sheets, { version, source, rowsWanted, canAdvanceClock: clock.isVirtual, lastTriggerRun, nowMs: clock.now(), formatInstant });

  /** "As if an hour passed": the clock moves an hour on, and every trigger due by then runs. */
  const advanceAnHour = (): void => {
    const runs = harness.sheets.scheduler.runDue(clock.now() + HOUR_MS);
    const now = formatInstant(clock.now(), Number.NaN);
    const outcomes = runs.map((run) => `${run.handler === REPORTS_TRIGGER_HANDLER ? 'the reports refresh' : run.handler} at ${formatInstant(run.atMs, clock.now())} ${run.outcome.ok ? 'ran' : `failed: ${run.outcome.error}`}`);
    lastTriggerRun = runs.length === 0 ? `An hour passed; it is now ${now}. No trigger was due.` : `An hour passed; it is now ${now}. ${capitalise(outcomes.join('; '))}.`;
    version += 1;
  };

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://playground');
    const path = url.pathname;
    const rowsWanted = parse(rowsWantedSchema, url.searchParams.get('rows') ?? undefined);
    const method = request.method ?? 'GET';
    if (method === 'GET' && path === '/') return send(response, 200, 'text/html; charset=utf-8', page);
    if (method === 'GET' && path === '/sidebar') return send(response, 200, 'text/html; charset=utf-8', sidebarPage);
    if (method === 'GET' && path === '/api/sheets') return sendJson(response, snapshot(rowsWanted));
    if (method === 'GET' && path === '/favicon.ico') return send(response, 204, 'image/x-icon', '');
    if (method === 'POST' && path === '/api/run') {
      const { fn, args } = parse(runRequestSchema, await readJson(request));
      // As google.script.run does: one execution, then Sheets recalculates what it changed.
      const outcome = harness.execute(fn, ...args);
      version += 1;
      const answer: RunAnswer = outcome.ok ? { ok: true, value: outcome.value ?? null } : { ok: false, error: outcome.error };
      return sendJson(response, answer);
    }
    if (method === 'POST' && path === '/api/cell') {
      const edit = parse(cellEditSchema, await readJson(request));
      const book = harness.sheets.spreadsheet;
      const sheet = book.sheetByName(edit.sheet);
      if (!sheet) throw new RequestError(404, `No sheet named "${edit.sheet}".`);
      // Typed by a person: read exactly as Sheets reads typing (a leading "=" is a formula).
      const entry = parseTypedInput(edit.input, sheet.numberFormatAt(edit.row, edit.column));
      book.enter(sheet, { row: edit.row, column: edit.column, numRows: 1, numColumns: 1 }, () => entry);
      version += 1;
      // Answered first, so the page shows "Loading..." while custom functions calculate, as Sheets does.
      sendJson(response, snapshot(rowsWanted));
      setImmediate(() => {
        if (book.recalculate() > 0) version += 1;
      });
      return;
    }
    if (method === 'POST' && path === '/api/select') {
      const selection = parse(selectionSchema, await readJson(request));
      const book = harness.sheets.spreadsheet;
      const sheet = book.sheetByName(selection.sheet);
      if (!sheet) throw new RequestError(404, `No sheet named "${selection.sheet}".`);
      book.activeSheet = sheet;
      sheet.activeRange = { row: selection.row, column: selection.column, numRows: 1, numColumns: 1 };
      sheet.currentCell = { row: selection.row, column: selection.column };
      // Selecting changes no cell: the version stays, so the page redraws nothing it already shows.
      return sendJson(response, snapshot(rowsWanted));
    }
    if (method === 'POST' && path === '/api/advance-hour') {
      if (!clock.isVirtual) throw new RequestError(409, 'Connected to a real account, the playground runs on real time; triggers run when their hour comes.');
      advanceAnHour();
      return sendJson(response, snapshot(rowsWanted));
    }
    throw new RequestError(404, `Nothing at ${method} ${path}.`);
  };

  const server: Server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const status = error instanceof RequestError ? error.status : 500;
      send(response, status, 'application/json; charset=utf-8', JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await harness.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    harness,
    async close(): Promise<void> {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await harness.close();
    },
  };
}

const capitalise = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The demo's clock: virtual, so "as if an hour passed" can move it, and kept in step with real time. */
function followingClock(): { clock: SharedClock; stop(): void } {
  const clock = SharedClock.virtual(Date.now());
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    clock.advance(now - last);
    last = now;
  }, 250);
  timer.unref();
  return { clock, stop: () => clearInterval(timer) };
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  // No desktop (CI, a container): the printed address is enough.
  child.on('error', () => undefined);
  child.unref();
}

const cliSchema = z.object({
  port: z
    .string()
    .regex(/^\d+$/, '--port takes a whole number')
    .transform(Number)
    .pipe(z.number().max(65_535, '--port is at most 65535'))
    .default(DEFAULT_PORT),
  'base-url': z.string().url('--base-url takes a URL such as http://127.0.0.1:8081/v1').optional(),
  'no-open': z.boolean().default(false),
  role: roleOption,
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, 'base-url': { type: 'string' }, 'no-open': { type: 'boolean' }, role: { type: 'string' } } });
  const parsed = cliSchema.safeParse(values);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((issue) => issue.message).join('\n'));
    console.error('usage: npm start -- [--port N] [--no-open] [--base-url URL] [--role affiliate|network]   (EFLOW_API_KEY=... for a real account)');
    process.exit(2);
  }
  const apiKey = process.env['EFLOW_API_KEY'];
  const realAccount = (apiKey !== undefined && apiKey !== '') || parsed.data['base-url'] !== undefined;
  // A real account waits real time (rate limits, backoff); the demo's fake API may jump an hour.
  const demoClock = realAccount ? null : followingClock();
  const playground = await startPlayground({
    clock: demoClock?.clock ?? SharedClock.real(),
    port: parsed.data.port,
    apiKey: apiKey === undefined || apiKey === '' ? undefined : apiKey,
    baseUrl: parsed.data['base-url'],
    editableAffiseReport: true,
    editableNetworkReport: true,
    role: parsed.data.role,
  });
  const demoKeys = parsed.data.role === 'network' ? 'keys preset, the Everflow one a network key: every partner' : 'keys preset';
  const editableSheets = [EDITABLE_AFFISE_REPORT, ...(parsed.data.role === 'network' ? [EDITABLE_NETWORK_REPORT] : [])].map((report) => `"${report.sheet}"`).join(' or the ');
  const source = apiKey ? 'your Everflow account (EFLOW_API_KEY)' : `demo data from the built-in fake Everflow and Affise APIs (${demoKeys}). Edit the ${editableSheets} sheet, then Changes > Review changes… in the sidebar`;
  console.log(`Affiliate Billing playground: ${playground.url}`);
  console.log(`The sidebar and the spreadsheet run the built add-on (dist/) in the Apps Script emulator, on ${source}.`);
  console.log('Ctrl-C (or killing npm start) stops it.');
  if (!parsed.data['no-open']) openInBrowser(playground.url);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    demoClock?.stop();
    void playground.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
  stopWithLauncher(stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
