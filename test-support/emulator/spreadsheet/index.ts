/**
 * The spreadsheet half of the emulator: SpreadsheetApp, ScriptApp, HtmlService and MailApp over
 * state kept in plain classes (`SpreadsheetState`) that tests read and drive.
 *
 *   const sheets = new SpreadsheetState({ addonMenuTitle: 'Affiliate Billing', htmlFiles: htmlFilesIn(bundleDir) });
 *   const emulator = AppsScriptEmulator.load({ clock, extraGlobals: (runtime) => createSpreadsheetGlobals(runtime, sheets) });
 *   sheets.execute('onOpen', [{}]);
 *   sheets.ui.respond('OK', 'key-123');
 *   sheets.clickMenuItem('Set API key…');
 *   sheets.spreadsheet.recalculate();
 *   sheets.scheduler.runDue(clock.now() + 3 * 3_600_000);
 */
import type { EmulatorRuntime, ExecutionOutcome } from '../runtime';
import type { HtmlFileReader } from './html-service';
import { ChartsFake } from './charts';
import { HtmlServiceFake } from './html-service';
import { MailAppFake, MailOutbox } from './mail-app';
import { FakeSpreadsheet, type SpreadsheetHost, type SpreadsheetOptions } from './model';
import { ScriptAppFake, TriggerScheduler, TriggerStore } from './script-app';
import { ServiceCallCounter, ServiceContext } from './service-context';
import { SpreadsheetAppFake } from './spreadsheet-app';
import { UiFake, UiState } from './ui';

export { htmlFilesIn } from './html-files';
export type { HtmlFileReader } from './html-service';
export { FakeSheet, FakeSpreadsheet, LOADING } from './model';
export { DeveloperMetadataEntry } from './model';
export type { CellLocation, CustomFunctionCall, Toast } from './model';
export { Cell, CellFormula } from './cell';
export type { ChartRecord, ChartRange } from './charts';
export type { CellValue, SheetDate, SheetError } from './cell-value';
export { MailOutbox, type SentMail } from './mail-app';
export { TriggerScheduler, TriggerStore, type TriggerRecord, type TriggerRun } from './script-app';
export { ServiceCallCounter } from './service-context';
export { UiState, type ButtonName, type DialogRecord, type RecordedMenu, type ShownHtml } from './ui';

export interface SpreadsheetStateOptions extends SpreadsheetOptions {
  /** The add-on's name: the title of its menu under Extensions. */
  addonMenuTitle?: string;
  /** Default true: the script is an editor add-on and its triggers obey the add-on limits. */
  addon?: boolean;
  /** Recipients a day; default 100 (a consumer account). */
  mailDailyQuota?: number;
  /** Where HtmlService finds the bundle's HTML files; default: there are none. */
  htmlFiles?: HtmlFileReader;
}

export interface SpreadsheetGlobalsOptions {
  /**
   * The add-on function an upper-cased formula name calls, or null when there is none (#NAME?).
   * Default: the upper-cased name itself, and a name the runtime reports as "Unknown function" is #NAME?.
   */
  customFunctionName?: (upperName: string) => string | null;
}

/** A type (not an interface) so it fits `extraGlobals`' Record<string, unknown>. */
export type SpreadsheetGlobals = {
  SpreadsheetApp: SpreadsheetAppFake;
  ScriptApp: ScriptAppFake;
  HtmlService: HtmlServiceFake;
  MailApp: MailAppFake;
  Charts: typeof ChartsFake;
};

/** Everything the spreadsheet services keep, readable and drivable by tests. */
export class SpreadsheetState {
  readonly spreadsheet: FakeSpreadsheet;
  readonly ui: UiState;
  readonly triggers: TriggerStore;
  readonly outbox: MailOutbox;
  /** Service calls by name ('Range.setValues'), to assert batching. */
  readonly calls = new ServiceCallCounter();
  readonly htmlFiles: HtmlFileReader;
  private connected: { runtime: EmulatorRuntime; scheduler: TriggerScheduler } | null = null;

  constructor(options: SpreadsheetStateOptions = {}) {
    this.spreadsheet = new FakeSpreadsheet(options);
    this.ui = new UiState(options.addonMenuTitle);
    this.triggers = new TriggerStore(options.addon ?? true);
    this.outbox = new MailOutbox(options.mailDailyQuota);
    this.htmlFiles = options.htmlFiles ?? (() => null);
  }

  /** Plugs the state into an emulator runtime (createSpreadsheetGlobals does this). */
  connect(runtime: EmulatorRuntime, options: SpreadsheetGlobalsOptions = {}): void {
    const host: SpreadsheetHost = {
      now: () => runtime.clock.now(),
      customFunctionName: options.customFunctionName ?? ((upperName) => upperName),
      callCustomFunction: (name, args) => {
        const outcome = runtime.callCustomFunction(name, args);
        if (outcome.ok) return { ok: true, value: outcome.value };
        return { ok: false, error: outcome.error, unknownFunction: outcome.error === `Unknown function: ${name}` };
      },
    };
    this.spreadsheet.connect(host, runtime.spreadsheetTimeZone);
    this.connected = { runtime, scheduler: new TriggerScheduler(runtime, this.triggers, () => this.spreadsheet.recalculate()) };
  }

  private get runtime(): EmulatorRuntime {
    if (!this.connected) throw new Error('Connect the state to an emulator first (createSpreadsheetGlobals).');
    return this.connected.runtime;
  }

  /** Fires time-driven triggers on the shared clock. */
  get scheduler(): TriggerScheduler {
    if (!this.connected) throw new Error('Connect the state to an emulator first (createSpreadsheetGlobals).');
    return this.connected.scheduler;
  }

  /**
   * Runs `name` as a full execution (a menu item, a sidebar call) and then lets Sheets recalculate
   * what it changed, as happens when an execution ends.
   */
  execute(name: string, args: unknown[] = []): ExecutionOutcome {
    const outcome = this.runtime.runExecution(name, args);
    this.spreadsheet.recalculate();
    return outcome;
  }

  /** Clicks the menu item with this caption. */
  clickMenuItem(caption: string): ExecutionOutcome {
    return this.execute(this.ui.menuItem(caption).functionName);
  }
}

/** The globals to install in the script's realm (pass as the emulator's `extraGlobals`). */
export function createSpreadsheetGlobals(runtime: EmulatorRuntime, state: SpreadsheetState, options: SpreadsheetGlobalsOptions = {}): SpreadsheetGlobals {
  state.connect(runtime, options);
  const context = new ServiceContext(runtime, state.calls);
  const services = { context, book: state.spreadsheet, ui: new UiFake(context, state.ui) };
  return {
    SpreadsheetApp: new SpreadsheetAppFake(services),
    ScriptApp: new ScriptAppFake({ context, store: state.triggers, documentId: state.spreadsheet.id }),
    HtmlService: new HtmlServiceFake(context, state.htmlFiles),
    MailApp: new MailAppFake(context, state.outbox, runtime.clock),
    Charts: ChartsFake,
  };
}
