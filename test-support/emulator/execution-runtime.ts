import crypto from 'node:crypto';
import type vm from 'node:vm';
import { REAL_HANG_GUARD_MS, type SharedClock } from '../clock';
import { TRIGGER_RUNTIME_QUOTA_MESSAGE, type TriggerRuntimeQuota } from './daily-quota';
import { AppsScriptException } from './exception';
import type { LockOwnership, LockStore } from './lock-service';
import type { LogSink } from './logging';
import type {
  CustomFunctionOutcome,
  DeadlineInfo,
  EmulatorRuntime,
  ExecutionMode,
  ExecutionOutcome,
  ServiceCallOptions,
} from './runtime';
import { ScriptRealm } from './script-realm';
import type { ScriptZone } from './script-time-zone';

export const CUSTOM_FUNCTION_LIMIT_MS = 30_000;
export const EXECUTION_LIMIT_MS = 360_000;
export const EXCEEDED_MESSAGE = 'Exceeded maximum execution time';

/** Services (and the classes they hand out) a custom function may use. */
const CUSTOM_FUNCTION_SERVICES = new Set([
  'UrlFetchApp',
  'HTTPResponse',
  'CacheService',
  'Cache',
  'PropertiesService',
  'Properties',
  'LockService',
  'Lock',
  'Utilities',
  'Blob',
  'XmlService',
  'Session',
  'User',
  'Logger',
  'console',
]);
/** ...and those it may only read from. */
const READ_ONLY_IN_CUSTOM_FUNCTIONS = new Set(['SpreadsheetApp', 'Spreadsheet', 'Sheet', 'Range', 'RangeList', 'NamedRange']);

/** One custom-function call or execution under way. */
interface Call {
  /** Lock owner id: unique across threads, never 0. */
  owner: number;
  mode: ExecutionMode;
  trigger: boolean;
  startedAtMs: number;
  deadlineAtMs: number;
  limitMs: number;
  realm: ScriptRealm;
  heldLocks: Set<LockStore>;
  /** Set once a service call saw the deadline pass: the outcome is a timeout whatever the script does next. */
  timedOut: boolean;
  /** For a trigger: when the day's trigger runtime runs out. */
  quotaEndsAtMs: number;
  /** Set once a service call saw the trigger runtime run out: the execution is over, as Apps Script stops it. */
  quotaSpent: boolean;
}

export interface ExecutionRuntimeOptions {
  clock: SharedClock;
  scripts: readonly vm.Script[];
  /** Null when the script's zone is the host's. */
  scriptZone: ScriptZone | null;
  scriptTimeZone: string;
  spreadsheetTimeZone: string;
  userEmail: string;
  /** The manifest's `oauthScopes`, or null when it declares none (Apps Script then infers them). */
  oauthScopes: readonly string[] | null;
  logs: LogSink;
  /** The user's daily trigger runtime, which trigger executions spend. */
  triggerRuntime: TriggerRuntimeQuota;
}

function newOwnerId(): number {
  return crypto.randomInt(1, 2 ** 31 - 1);
}

function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}

function isWatchdogTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/**
 * Runs custom functions and executions as Apps Script does (fresh globals per call, a deadline on
 * the shared clock, the services a mode allows) and is the `EmulatorRuntime` every fake sees.
 * Calls nest (a fake spreadsheet may recalculate a formula during an execution): the innermost
 * call is the current one.
 */
export class ExecutionRuntime implements EmulatorRuntime, LockOwnership {
  readonly clock: SharedClock;
  readonly scriptTimeZone: string;
  readonly spreadsheetTimeZone: string;
  readonly userEmail: string;
  private readonly calls: Call[] = [];
  private globals: Readonly<Record<string, unknown>> = {};
  /** Owns locks taken by test code outside any call. */
  private readonly hostOwner = newOwnerId();

  constructor(private readonly options: ExecutionRuntimeOptions) {
    this.clock = options.clock;
    this.scriptTimeZone = options.scriptTimeZone;
    this.spreadsheetTimeZone = options.spreadsheetTimeZone;
    this.userEmail = options.userEmail;
  }

  /** The script's globals (services); set once, before the first call. */
  installGlobals(globals: Readonly<Record<string, unknown>>): void {
    this.globals = globals;
  }

  mode(): ExecutionMode {
    return this.current()?.mode ?? 'execution';
  }

  isTrigger(): boolean {
    return this.current()?.trigger ?? false;
  }

  isRunning(): boolean {
    return this.calls.length > 0;
  }

  deadline(): DeadlineInfo | null {
    const call = this.current();
    return call ? { startedAtMs: call.startedAtMs, deadlineAtMs: call.deadlineAtMs, limitMs: call.limitMs } : null;
  }

  checkDeadline(): void {
    const call = this.current();
    if (!call) return;
    if (call.timedOut || this.clock.now() >= call.deadlineAtMs) {
      call.timedOut = true;
      throw this.exception(EXCEEDED_MESSAGE);
    }
    if (call.quotaSpent || this.clock.now() >= call.quotaEndsAtMs) {
      call.quotaSpent = true;
      throw this.exception(TRIGGER_RUNTIME_QUOTA_MESSAGE);
    }
  }

  assertAllowed(qualifiedName: string, options: ServiceCallOptions = {}): void {
    const call = this.current();
    if (!call) return;
    this.checkDeadline();
    const service = qualifiedName.split('.')[0] ?? qualifiedName;
    if (call.mode === 'custom-function') {
      const allowed = CUSTOM_FUNCTION_SERVICES.has(service) || (READ_ONLY_IN_CUSTOM_FUNCTIONS.has(service) && options.access === 'read');
      if (!allowed) throw this.exception(`You do not have permission to call ${qualifiedName}`);
    }
    const declared = this.options.oauthScopes;
    const scopes = options.scopes ?? [];
    if (declared !== null && scopes.length > 0 && !scopes.some((scope) => declared.includes(scope))) {
      const required = scopes.length === 1 ? scopes[0] : `(${scopes.join(' || ')})`;
      throw this.exception(`You do not have permission to call ${qualifiedName}. Required permissions: ${required}`);
    }
  }

  invoke<T>(qualifiedName: string, body: () => T, options?: ServiceCallOptions): T {
    this.assertAllowed(qualifiedName, options);
    let result: T;
    try {
      result = body();
    } catch (error) {
      this.checkDeadline();
      if (error instanceof AppsScriptException) throw this.exception(error.message);
      throw error;
    }
    this.checkDeadline();
    return this.intoScript(result);
  }

  exception(message: string): Error {
    return this.current()?.realm.newError('Exception', message) ?? new AppsScriptException(message);
  }

  newDate(epochMs: number): Date {
    return this.current()?.realm.newDate(epochMs) ?? new Date(epochMs);
  }

  intoScript<T>(value: T): T {
    const realm = this.current()?.realm;
    return realm ? realm.intoRealm(value) : value;
  }

  callCustomFunction(name: string, args: unknown[]): CustomFunctionOutcome {
    return this.run(name, args, 'custom-function', false);
  }

  runExecution(name: string, args: unknown[], options: { trigger?: boolean } = {}): ExecutionOutcome {
    return this.run(name, args, 'execution', options.trigger === true);
  }

  currentOwner(): number {
    return this.current()?.owner ?? this.hostOwner;
  }

  noteAcquired(store: LockStore): void {
    this.current()?.heldLocks.add(store);
  }

  waitLimitMs(): number {
    return this.current()?.deadlineAtMs ?? Infinity;
  }

  private current(): Call | undefined {
    return this.calls[this.calls.length - 1];
  }

  private run(name: string, args: readonly unknown[], mode: ExecutionMode, trigger: boolean): ExecutionOutcome {
    const limitMs = mode === 'custom-function' ? CUSTOM_FUNCTION_LIMIT_MS : EXECUTION_LIMIT_MS;
    // The real-time watchdog only stops endless loops: on the virtual clock the limit is kept in virtual time.
    const watchdogMs = this.clock.isVirtual ? REAL_HANG_GUARD_MS : limitMs;
    const startedAtMs = this.clock.now();
    const triggerRuntime = this.options.triggerRuntime;
    // A trigger with none of the day's runtime left fails before the script runs.
    if (trigger && triggerRuntime.remainingMs(startedAtMs) <= 0) return { ok: false, error: TRIGGER_RUNTIME_QUOTA_MESSAGE, elapsedMs: 0 };
    const call: Call = {
      owner: newOwnerId(),
      mode,
      trigger,
      startedAtMs,
      deadlineAtMs: startedAtMs + limitMs,
      limitMs,
      realm: new ScriptRealm(this.clock, this.options.scriptZone, this.globals),
      heldLocks: new Set(),
      timedOut: false,
      quotaEndsAtMs: trigger ? startedAtMs + triggerRuntime.remainingMs(startedAtMs) : Infinity,
      quotaSpent: false,
    };
    const logs = this.options.logs;
    const outerLoggerLines = logs.executionLines;
    logs.executionLines = [];
    this.calls.push(call);
    let outcome: { ok: true; value: unknown } | { ok: false; error: string };
    try {
      // Like Apps Script, every call evaluates every file's top level first.
      for (const script of this.options.scripts) call.realm.runScript(script, watchdogMs);
      // A name ending in '_' is private: Sheets, menus, triggers and google.script.run cannot reach it.
      if (name.endsWith('_') || call.realm.globalFunction(name) === null) {
        throw this.exception(mode === 'custom-function' ? `Unknown function: ${name}` : `Script function not found: ${name}`);
      }
      outcome = { ok: true, value: call.realm.callGlobal(name, args, watchdogMs) };
    } catch (error) {
      outcome = { ok: false, error: isWatchdogTimeout(error) ? EXCEEDED_MESSAGE : errorMessage(error) };
    } finally {
      // Apps Script releases an execution's locks when it ends.
      for (const lock of call.heldLocks) lock.release(call.owner);
      this.calls.pop();
      logs.executionLines = outerLoggerLines;
    }
    const elapsedMs = this.clock.now() - startedAtMs;
    if (trigger) triggerRuntime.spend(elapsedMs, startedAtMs);
    if (call.quotaSpent) return { ok: false, error: TRIGGER_RUNTIME_QUOTA_MESSAGE, elapsedMs };
    if (call.timedOut || this.clock.now() >= call.deadlineAtMs) return { ok: false, error: EXCEEDED_MESSAGE, elapsedMs };
    return { ...outcome, elapsedMs };
  }
}
