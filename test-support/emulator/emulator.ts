import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { z } from 'zod';
import { REAL_HANG_GUARD_MS, type SharedClock } from '../clock';
import { CacheServiceFake } from './cache-service';
import { type AccountKind, TriggerRuntimeQuota, UrlFetchQuota } from './daily-quota';
import { ExecutionRuntime } from './execution-runtime';
import { LockServiceFake } from './lock-service';
import { ConsoleFake, LoggerFake, LogSink } from './logging';
import type { LogRecord } from './logging';
import { PropertiesServiceFake } from './properties-service';
import type { CustomFunctionOutcome, EmulatorRuntime, ExecutionOutcome } from './runtime';
import { isDate } from './script-realm';
import { hostTimeZone, ScriptZone } from './script-time-zone';
import { SessionFake } from './session';
import { createEmulatorStores } from './stores';
import type { EmulatorStores } from './stores';
import { SyncHttpClient } from './sync-http-client';
import { REQUEST_TIMEOUT_MS, RESPONSE_MAX_BYTES, UrlFetchAppFake } from './url-fetch';
import type { UrlFetchCounter } from './url-fetch';
import { UrlAllowlist } from './url-allowlist';
import { UtilitiesFake } from './utilities';

export type { CustomFunctionOutcome, EmulatorRuntime, ExecutionOutcome } from './runtime';
export type { EmulatorStores } from './stores';

const DEFAULT_BUNDLE_DIR = path.resolve(__dirname, '../../dist');

export interface EmulatorOptions {
  /** The pushed project: every `*.js` (loaded in name order into one global scope) and `appsscript.json`. Default `<repo>/dist`. */
  bundleDir?: string;
  clock: SharedClock;
  /** Default 'Etc/UTC'. */
  spreadsheetTimeZone?: string;
  /** Default: the manifest's `timeZone`. `Date`'s local-time methods use it, as in Apps Script. */
  scriptTimeZone?: string;
  /** Default 'user@example.com'. */
  userEmail?: string;
  /** Session.getActiveUserLocale(); default 'en'. */
  locale?: string;
  /** Stores to share with another emulator (another user of the document, or a concurrent execution). */
  services?: Partial<EmulatorStores>;
  /** Whose daily quotas (URL fetches, trigger runtime) apply when `services` gives none; default 'consumer'. */
  account?: AccountKind;
  /**
   * More globals for the script (SpreadsheetApp, ScriptApp, HtmlService, MailApp fakes). Called
   * once, when the emulator loads; the objects it returns are installed in every call's fresh
   * global scope, so state they keep lasts across calls. They override built-in globals of the same name.
   */
  extraGlobals?: (runtime: EmulatorRuntime) => Record<string, unknown>;
  /** The HTTP worker's code, already bundled (concurrent-cells.ts starts thirty emulators at once). */
  httpWorkerCode?: string;
  /**
   * URL prefixes added to the manifest's `urlFetchWhitelist`, e.g. a fake API on loopback
   * (`http://127.0.0.1:PORT/`), which a real manifest may not list. Ignored when the manifest has
   * no whitelist (nothing is enforced then, as for a test deployment).
   */
  extraUrlFetchPrefixes?: readonly string[];
}

const manifestSchema = z.object({
  timeZone: z.string().optional(),
  oauthScopes: z.array(z.string()).optional(),
  urlFetchWhitelist: z.array(z.string().regex(/^https:\/\//, 'must use https://, not http://')).optional(),
});

export type PlainCell = string | number | boolean | Date | null;

/**
 * A custom function's result as Sheets lays it out: a scalar is one cell, a 1-D array a column,
 * ragged rows are padded with empty cells; Dates become host Dates.
 */
export function toPlainGrid(value: unknown): PlainCell[][] {
  if (!Array.isArray(value)) return [[plainCell(value)]];
  const rows = value.map((row: unknown) => (Array.isArray(row) ? row.map(plainCell) : [plainCell(row)]));
  const width = Math.max(0, ...rows.map((row) => row.length));
  return rows.map((row) => [...row, ...new Array<PlainCell>(width - row.length).fill(null)]);
}

function plainCell(value: unknown): PlainCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (isDate(value)) return new Date(value.getTime());
  throw new TypeError(`Sheets cannot show ${Object.prototype.toString.call(value)} in a cell`);
}

function loadScripts(bundleDir: string): vm.Script[] {
  const files = fs
    .readdirSync(bundleDir)
    .filter((name) => name.endsWith('.js'))
    .sort();
  if (files.length === 0) throw new Error(`No .js files in ${bundleDir}: build the bundle first`);
  return files.map((name) => {
    const filename = path.join(bundleDir, name);
    return new vm.Script(fs.readFileSync(filename, 'utf8'), { filename });
  });
}

function loadManifest(bundleDir: string): z.infer<typeof manifestSchema> {
  const file = path.join(bundleDir, 'appsscript.json');
  return manifestSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/**
 * Runs a built add-on (`dist/`) in Node as Apps Script would: one `vm` realm per call with the
 * service fakes as globals, `Date` on the shared clock, Apps Script's limits and messages.
 */
export class AppsScriptEmulator {
  readonly stores: EmulatorStores;
  readonly runtime: EmulatorRuntime;
  private readonly logSink = new LogSink();
  private readonly fetchCounter: UrlFetchCounter = { requests: 0, rateLimited: 0 };
  private readonly http: SyncHttpClient;
  /** The manifest's urlFetchWhitelist; null when it has none. */
  private readonly urlAllowlist: UrlAllowlist | null;

  private constructor(options: EmulatorOptions) {
    // On the virtual clock a fake's latency passes in virtual time: the real timeout only catches a server that hangs.
    const requestTimeoutMs = options.clock.isVirtual ? REAL_HANG_GUARD_MS : REQUEST_TIMEOUT_MS;
    this.http = new SyncHttpClient({ requestTimeoutMs, maxResponseBytes: RESPONSE_MAX_BYTES, workerCode: options.httpWorkerCode });
    const bundleDir = options.bundleDir ?? DEFAULT_BUNDLE_DIR;
    const scripts = loadScripts(bundleDir);
    const manifest = loadManifest(bundleDir);
    const scriptTimeZone = options.scriptTimeZone ?? manifest.timeZone ?? 'Etc/UTC';
    this.urlAllowlist = manifest.urlFetchWhitelist === undefined ? null : new UrlAllowlist([...manifest.urlFetchWhitelist, ...(options.extraUrlFetchPrefixes ?? [])]);
    const account = options.account ?? 'consumer';
    this.stores = createEmulatorStores(options.clock, {
      urlFetchQuota: new UrlFetchQuota({ account }),
      triggerRuntimeQuota: new TriggerRuntimeQuota({ account }),
      ...options.services,
    });
    const runtime = new ExecutionRuntime({
      clock: options.clock,
      scripts,
      scriptZone: scriptTimeZone === hostTimeZone() ? null : new ScriptZone(scriptTimeZone),
      scriptTimeZone,
      spreadsheetTimeZone: options.spreadsheetTimeZone ?? 'Etc/UTC',
      userEmail: options.userEmail ?? 'user@example.com',
      oauthScopes: manifest.oauthScopes ?? null,
      logs: this.logSink,
      triggerRuntime: this.stores.triggerRuntimeQuota,
    });
    this.runtime = runtime;
    const stores = this.stores;
    const builtIn: Record<string, unknown> = {
      UrlFetchApp: new UrlFetchAppFake(runtime, this.http, stores.urlFetchQuota, this.fetchCounter, this.urlAllowlist),
      CacheService: new CacheServiceFake(runtime, { user: stores.userCache, document: stores.documentCache, script: stores.scriptCache }),
      PropertiesService: new PropertiesServiceFake(runtime, {
        user: stores.userProperties,
        document: stores.documentProperties,
        script: stores.scriptProperties,
        spreadsheetOwner: stores.spreadsheetOwnerProperties,
      }),
      LockService: new LockServiceFake(runtime, runtime, { user: stores.userLock, document: stores.documentLock, script: stores.scriptLock }),
      Utilities: new UtilitiesFake(runtime),
      Session: new SessionFake(runtime, options.locale ?? 'en'),
      Logger: new LoggerFake(runtime, this.logSink),
      console: new ConsoleFake(runtime, this.logSink),
    };
    runtime.installGlobals({ ...builtIn, ...(options.extraGlobals?.(runtime) ?? {}) });
  }

  /** Reads and compiles the bundle (a syntax error throws here); nothing runs until a call. */
  static load(options: EmulatorOptions): AppsScriptEmulator {
    return new AppsScriptEmulator(options);
  }

  /** Runs `name` as Sheets runs a custom function: 30 s, custom-function services only. */
  callCustomFunction(name: string, args: unknown[]): CustomFunctionOutcome {
    return this.runtime.callCustomFunction(name, args);
  }

  /** Runs `name` as a menu item, trigger or sidebar call does: 6 minutes, every service. */
  runExecution(name: string, args: unknown[], options?: { trigger?: boolean }): ExecutionOutcome {
    return this.runtime.runExecution(name, args, options);
  }

  /** Allows one more URL prefix beside the manifest's whitelist (a fake API started later); no effect without a whitelist. */
  allowUrlFetchPrefix(prefix: string): void {
    this.urlAllowlist?.add(prefix);
  }

  /** Every Logger and console line so far, oldest first. */
  get logs(): string[] {
    return this.logSink.lines;
  }

  /** The same with source, level and time. */
  get logRecords(): readonly LogRecord[] {
    return this.logSink.records;
  }

  /** HTTP requests this emulator has sent (every fetch, every request of a fetchAll). */
  get urlFetchCount(): number {
    return this.fetchCounter.requests;
  }

  /** Of those, the answers with status 429. */
  get urlFetchRateLimitedCount(): number {
    return this.fetchCounter.rateLimited;
  }

  get userProperties(): EmulatorStores['userProperties'] {
    return this.stores.userProperties;
  }

  get documentProperties(): EmulatorStores['documentProperties'] {
    return this.stores.documentProperties;
  }

  get scriptProperties(): EmulatorStores['scriptProperties'] {
    return this.stores.scriptProperties;
  }

  get userCache(): EmulatorStores['userCache'] {
    return this.stores.userCache;
  }

  get documentCache(): EmulatorStores['documentCache'] {
    return this.stores.documentCache;
  }

  get scriptCache(): EmulatorStores['scriptCache'] {
    return this.stores.scriptCache;
  }

  /** Starts the HTTP worker thread now, not at the first fetch (lanes of executions at once load in parallel, then take turns). */
  prepareHttp(): void {
    this.http.prepare();
  }

  /** Stops the HTTP worker thread. */
  async close(): Promise<void> {
    await this.http.close();
  }
}
