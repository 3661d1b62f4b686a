import type { SharedClock } from '../clock';

/** How Apps Script is running the current call: a spreadsheet formula, or a full execution (menu, trigger, sidebar). */
export type ExecutionMode = 'custom-function' | 'execution';

/** Whether a call only reads (allowed in custom functions for Spreadsheet) or changes something. */
export type ServiceAccess = 'read' | 'write';

export interface ServiceCallOptions {
  /** Default 'write'. Services allowed read-only in custom functions (Spreadsheet) pass 'read' for getters. */
  access?: ServiceAccess;
  /**
   * OAuth scopes of which the manifest must declare at least one (when it declares `oauthScopes`
   * at all), as Apps Script demands, e.g. ['https://www.googleapis.com/auth/script.send_mail'].
   */
  scopes?: readonly string[];
}

/** The time budget of the running call, on the shared clock. */
export interface DeadlineInfo {
  startedAtMs: number;
  deadlineAtMs: number;
  /** 30 000 for a custom function, 360 000 for an execution. */
  limitMs: number;
}

export type CustomFunctionOutcome =
  | { ok: true; value: unknown; elapsedMs: number }
  | { ok: false; error: string; elapsedMs: number };

export type ExecutionOutcome =
  | { ok: true; value: unknown; elapsedMs: number }
  | { ok: false; error: string; elapsedMs: number };

/**
 * What the emulator gives to service fakes (its own and those plugged in through
 * `EmulatorOptions.extraGlobals`, e.g. SpreadsheetApp, ScriptApp, HtmlService, MailApp).
 *
 * Wrap the body of every public method of a service fake in
 * `runtime.invoke('SpreadsheetApp.getUi', () => ..., { access: 'read' })` (the dotted name Apps
 * Script prints in its messages): it throws the permission error when the current mode forbids
 * the call, "Exceeded maximum execution time" once the deadline passed, turns an
 * `AppsScriptException` into the script's own Error, and copies the result into the script's realm.
 */
export interface EmulatorRuntime {
  readonly clock: SharedClock;
  /** The zone of the spreadsheet (Sheets shows dates in it). */
  readonly spreadsheetTimeZone: string;
  /** The script's zone (manifest `timeZone`); `Date`'s local-time methods use it. */
  readonly scriptTimeZone: string;
  /** The effective user's e-mail (Session). */
  readonly userEmail: string;

  /** The mode of the call under way; 'execution' when none is (test set-up code). */
  mode(): ExecutionMode;
  /** True when the execution under way was started by a trigger (no user at the keyboard: no Ui). */
  isTrigger(): boolean;
  /** True while a custom function or an execution is running. */
  isRunning(): boolean;
  /**
   * Throws (inside the script's realm) when `qualifiedName` (e.g. 'MailApp.sendEmail',
   * 'SpreadsheetApp.getActiveSheet') may not be called now, or when the deadline has passed.
   * Custom functions may use only UrlFetchApp, CacheService, PropertiesService, LockService,
   * Utilities, XmlService, Session, Logger, console (and the classes they hand out: HTTPResponse,
   * Cache, Properties, Lock, Blob, User), and with `access: 'read'` only: SpreadsheetApp,
   * Spreadsheet, Sheet, Range, RangeList, NamedRange. The service is the name's first segment.
   */
  assertAllowed(qualifiedName: string, options?: ServiceCallOptions): void;
  /**
   * Runs the body of one service method as Apps Script does: `assertAllowed` first, the deadline
   * again after it (a slow call can overrun), an `AppsScriptException` (exception.ts) thrown by the
   * body becomes `exception(message)`, and the result is copied into the script's realm.
   */
  invoke<T>(qualifiedName: string, body: () => T, options?: ServiceCallOptions): T;
  /** Throws "Exceeded maximum execution time" once the running call's deadline has passed. */
  checkDeadline(): void;
  /** The running call's deadline; null when no call is under way. */
  deadline(): DeadlineInfo | null;

  /** An Apps Script service exception: an Error of the script's realm named 'Exception'. */
  exception(message: string): Error;
  /** A Date of the script's realm (so `instanceof Date` holds in the bundle). */
  newDate(epochMs: number): Date;
  /**
   * Copies a host value into the script's realm: arrays, Dates and plain objects are rebuilt
   * there, recursively; primitives pass through. Use it for everything a fake returns.
   */
  intoScript<T>(value: T): T;

  /** Runs a custom function as Sheets does (used by a fake spreadsheet to recalculate formulas). */
  callCustomFunction(name: string, args: unknown[]): CustomFunctionOutcome;
  /** Runs a function as a full execution (menu item, trigger, sidebar call). */
  runExecution(name: string, args: unknown[], options?: { trigger?: boolean }): ExecutionOutcome;
}
