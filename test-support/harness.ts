import * as path from 'node:path';
import { SharedClock } from './clock';
import { runCellsAtOnce, type Cell, type CellOutcome } from './emulator/concurrent-cells';
import type { AccountKind } from './emulator/daily-quota';
import { AppsScriptEmulator, type CustomFunctionOutcome, type EmulatorStores, type ExecutionOutcome } from './emulator/emulator';
import { createSpreadsheetGlobals, htmlFilesIn, SpreadsheetState } from './emulator/spreadsheet';
import { apiKeyPropertyOf, CONNECTIONS_PROPERTY, devApiRootProperty, LEGACY_API_KEY_PROPERTY, LEGACY_BASE_URL_PROPERTY, LEGACY_PROPERTIES } from './connections';
import { DEMO_AFFISE_KEY, startFakeAffise, type FakeAffiseHandle, type StartFakeAffiseOptions } from './fake-affise';
import { DEMO_AFFILIATE_KEY, startFakeEverflow, type FakeEverflowHandle, type StartFakeEverflowOptions } from './fake-everflow';

export const DIST_DIR = path.resolve(__dirname, '../dist');
/** The user properties of the first version's single connection, which the add-on migrates (test-support/connections.ts). */
export { LEGACY_API_KEY_PROPERTY as API_KEY_PROPERTY, LEGACY_BASE_URL_PROPERTY as BASE_URL_PROPERTY } from './connections';
export const MENU_TITLE = 'Affiliate Billing';

/**
 * The urlFetchWhitelist prefix that lets the bundle reach an API root: its origin and "/". The
 * harness adds it for the API it uses (a loopback fake is in no real manifest), explicitly, so
 * every other host stays blocked as in Sheets.
 */
export function urlFetchPrefixOf(apiRoot: string): string {
  return `${new URL(apiRoot).origin}/`;
}

export interface AddOnHarnessOptions {
  /** Default: a fresh virtual clock. Benchmarks and the demo pass `SharedClock.real()`. */
  clock?: SharedClock;
  /** Start the fake Everflow API with these options (default), or use an API already running. */
  api?: Omit<StartFakeEverflowOptions, 'clock'> | { baseUrl: string };
  /** The key stored in user properties; null stores none. Default: the fake's demo affiliate key. */
  apiKey?: string | null;
  spreadsheetTimeZone?: string;
  bundleDir?: string;
  /** Whose daily quotas apply (default 'consumer'), or the quotas themselves (a smaller limit meets them sooner). */
  account?: AccountKind;
  quotas?: Partial<Pick<EmulatorStores, 'urlFetchQuota' | 'triggerRuntimeQuota'>>;
  /**
   * Also start the fake Affise API with these options (or use one already running), and store an
   * Affise connection for it named "Affise" with the demo key (or `affiseKey`; null stores none).
   * Default: no Affise.
   */
  affise?: Omit<StartFakeAffiseOptions, 'clock'> | { baseUrl: string };
  affiseKey?: string | null;
  /** More API roots the emulated manifest lets the bundle reach (loopback fakes are in no real manifest). */
  allowedApiRoots?: readonly string[];
}

/** A connection as the accounts store writes it. */
export type StoredConnection =
  | { id: string; name: string; provider: 'affise'; host: string }
  | { id: string; name: string; provider: 'everflow'; region: 'us' | 'eu'; baseUrl?: string; role?: 'affiliate' | 'network'; networkId?: number };

/**
 * The built add-on (`dist/`) in the emulator, connected to an Everflow API on loopback, on one
 * shared clock: what end-to-end tests, the runners, the playground and the benchmark drive.
 */
export class AddOnHarness {
  private constructor(
    readonly clock: SharedClock,
    readonly emulator: AppsScriptEmulator,
    readonly sheets: SpreadsheetState,
    /** The fake API when this harness started it; null for an external API. */
    readonly api: FakeEverflowHandle | null,
    readonly baseUrl: string,
    private readonly bundleDir: string,
    /** The fake Affise API when this harness started it. */
    readonly affise: FakeAffiseHandle | null,
    /** The Affise API host the stored Affise connection points at, when there is one. */
    readonly affiseBaseUrl: string | null,
  ) {}

  static async start(options: AddOnHarnessOptions = {}): Promise<AddOnHarness> {
    const clock = options.clock ?? SharedClock.virtual();
    const external = options.api && 'baseUrl' in options.api ? options.api.baseUrl : null;
    const api = external === null ? await startFakeEverflow({ clock, ...(options.api ?? {}) }) : null;
    const baseUrl = external ?? (api as FakeEverflowHandle).baseUrl;
    const externalAffise = options.affise && 'baseUrl' in options.affise ? options.affise.baseUrl : null;
    const affise = options.affise && externalAffise === null ? await startFakeAffise({ clock, ...options.affise }) : null;
    const affiseBaseUrl = externalAffise ?? affise?.baseUrl ?? null;
    const bundleDir = options.bundleDir ?? DIST_DIR;
    const sheets = new SpreadsheetState({ addonMenuTitle: MENU_TITLE, htmlFiles: htmlFilesIn(bundleDir), timeZone: options.spreadsheetTimeZone });
    const emulator = AppsScriptEmulator.load({
      clock,
      bundleDir,
      spreadsheetTimeZone: options.spreadsheetTimeZone ?? 'Etc/UTC',
      account: options.account,
      services: options.quotas,
      extraGlobals: (runtime) => createSpreadsheetGlobals(runtime, sheets),
      extraUrlFetchPrefixes: [baseUrl, ...(affiseBaseUrl === null ? [] : [affiseBaseUrl]), ...(options.allowedApiRoots ?? [])].map(urlFetchPrefixOf),
    });
    const harness = new AddOnHarness(clock, emulator, sheets, api, baseUrl, bundleDir, affise, affiseBaseUrl);
    // The first version's form: every start exercises the migration to the connection store.
    emulator.userProperties.setProperty(LEGACY_BASE_URL_PROPERTY, baseUrl);
    // Connections added later (sidebar, menu) reach the same API, whichever region they choose.
    for (const region of ['us', 'eu'] as const) emulator.userProperties.setProperty(devApiRootProperty(region), baseUrl);
    const apiKey = options.apiKey === undefined ? DEMO_AFFILIATE_KEY : options.apiKey;
    if (apiKey !== null) emulator.userProperties.setProperty(LEGACY_API_KEY_PROPERTY, apiKey);
    const affiseKey = options.affiseKey === undefined ? DEMO_AFFISE_KEY : options.affiseKey;
    if (affiseBaseUrl !== null && affiseKey !== null) harness.addConnection({ name: 'Affise', provider: 'affise', host: affiseBaseUrl }, affiseKey);
    return harness;
  }

  /** The connections stored in user properties (the single Everflow key of old counts as one, named "Everflow"). */
  connections(): StoredConnection[] {
    const stored = this.emulator.userProperties.getProperty(CONNECTIONS_PROPERTY);
    if (stored !== null) return (JSON.parse(stored) as { connections: StoredConnection[] }).connections;
    const legacyKey = this.emulator.userProperties.getProperty(LEGACY_API_KEY_PROPERTY);
    if (legacyKey === null) return [];
    const baseUrl = this.emulator.userProperties.getProperty(LEGACY_BASE_URL_PROPERTY);
    return [{ id: 'c1', name: 'Everflow', provider: 'everflow', region: 'us', ...(baseUrl === null ? {} : { baseUrl }) }];
  }

  /** Stores one more connection with its key, as the sidebar's Connection panel would; answers its id. */
  addConnection(connection: Omit<Extract<StoredConnection, { provider: 'affise' }>, 'id'> | Omit<Extract<StoredConnection, { provider: 'everflow' }>, 'id'>, apiKey: string): string {
    const existing = this.connections();
    const id = `c${1 + Math.max(0, ...existing.map((entry) => Number(entry.id.slice(1))))}`;
    const props = this.emulator.userProperties;
    const legacyKey = props.getProperty(LEGACY_API_KEY_PROPERTY);
    if (props.getProperty(CONNECTIONS_PROPERTY) === null && legacyKey !== null) props.setProperty(apiKeyPropertyOf('c1'), legacyKey);
    props.setProperty(apiKeyPropertyOf(id), apiKey);
    props.setProperty(CONNECTIONS_PROPERTY, JSON.stringify({ version: 1, connections: [...existing, { ...connection, id }] }));
    // As the add-on's own migration does: once the list is written, the first version's properties go.
    for (const name of LEGACY_PROPERTIES) props.deleteProperty(name);
    return id;
  }

  /**
   * Records an Everflow key type with every Everflow connection, as Test connection leaves it
   * (the first version's single key is migrated to the connection store first, as the add-on does).
   */
  recordEverflowRole(role: 'affiliate' | 'network'): void {
    const props = this.emulator.userProperties;
    const legacyKey = props.getProperty(LEGACY_API_KEY_PROPERTY);
    if (props.getProperty(CONNECTIONS_PROPERTY) === null && legacyKey !== null) props.setProperty(apiKeyPropertyOf('c1'), legacyKey);
    const connections = this.connections().map((connection) => (connection.provider === 'everflow' ? { ...connection, role } : connection));
    props.setProperty(CONNECTIONS_PROPERTY, JSON.stringify({ version: 2, connections }));
    for (const name of LEGACY_PROPERTIES) props.deleteProperty(name);
  }

  /** Runs a custom function as Sheets would, arguments as Sheets passes them. */
  formula(name: string, ...args: unknown[]): CustomFunctionOutcome {
    return this.emulator.callCustomFunction(name, args);
  }

  /**
   * Runs cells at once as Sheets recalculates a formula dragged down a column: one execution per
   * cell, at most `lanes` (default 30, Apps Script's per-user limit) at a time, sharing this
   * document's cache, properties and the API's rate limit.
   */
  formulasAtOnce(cells: readonly Cell[], options: { lanes?: number } = {}): Promise<CellOutcome[]> {
    return runCellsAtOnce(cells, {
      bundleDir: this.bundleDir,
      clock: this.clock,
      stores: this.emulator.stores,
      spreadsheetTimeZone: this.sheets.spreadsheet.timeZone,
      lanes: options.lanes,
      extraUrlFetchPrefixes: [urlFetchPrefixOf(this.baseUrl)],
    });
  }

  /** Runs a public function as a menu item, trigger or sidebar call; then Sheets recalculates. */
  execute(name: string, ...args: unknown[]): ExecutionOutcome {
    return this.sheets.execute(name, args);
  }

  async close(): Promise<void> {
    await this.emulator.close();
    await this.api?.close();
    await this.affise?.close();
  }
}
