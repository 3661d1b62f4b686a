import { SharedClock } from '../../../test-support/clock';
import { AppsScriptException } from '../../../test-support/emulator/exception';
import type { CustomFunctionOutcome, EmulatorRuntime, ExecutionMode, ExecutionOutcome, ServiceCallOptions } from '../../../test-support/emulator/runtime';
import { createSpreadsheetGlobals, SpreadsheetState, type SpreadsheetGlobals, type SpreadsheetStateOptions } from '../../../test-support/emulator/spreadsheet';

type ScriptFunction = (...args: never[]) => unknown;

/** Services a custom function may use read-only (the rest of the spreadsheet family is refused). */
const READ_ONLY_IN_CUSTOM_FUNCTIONS = new Set(['SpreadsheetApp', 'Spreadsheet', 'Sheet', 'Range']);

/**
 * A stand-in for the emulator core: "script" functions are plain host functions, run in the mode
 * Apps Script would run them, with the core's permission rule for custom functions.
 */
export class StubRuntime implements EmulatorRuntime {
  readonly spreadsheetTimeZone: string;
  readonly scriptTimeZone: string;
  readonly userEmail = 'user@example.com';
  private readonly calls: { mode: ExecutionMode; trigger: boolean }[] = [];

  constructor(
    readonly clock: SharedClock,
    private readonly functions: Record<string, ScriptFunction>,
    zones: { spreadsheet?: string; script?: string } = {},
  ) {
    this.spreadsheetTimeZone = zones.spreadsheet ?? 'Etc/UTC';
    this.scriptTimeZone = zones.script ?? 'Etc/UTC';
  }

  mode(): ExecutionMode {
    return this.calls[this.calls.length - 1]?.mode ?? 'execution';
  }

  isTrigger(): boolean {
    return this.calls[this.calls.length - 1]?.trigger ?? false;
  }

  isRunning(): boolean {
    return this.calls.length > 0;
  }

  assertAllowed(qualifiedName: string, options: ServiceCallOptions = {}): void {
    const service = qualifiedName.split('.')[0] ?? '';
    if (this.mode() === 'custom-function' && !(READ_ONLY_IN_CUSTOM_FUNCTIONS.has(service) && options.access === 'read')) {
      throw new AppsScriptException(`You do not have permission to call ${qualifiedName}`);
    }
  }

  invoke<T>(qualifiedName: string, body: () => T, options?: ServiceCallOptions): T {
    this.assertAllowed(qualifiedName, options);
    return body();
  }

  checkDeadline(): void {}

  deadline(): null {
    return null;
  }

  exception(message: string): Error {
    return new AppsScriptException(message);
  }

  newDate(epochMs: number): Date {
    return new Date(epochMs);
  }

  intoScript<T>(value: T): T {
    return value;
  }

  callCustomFunction(name: string, args: unknown[]): CustomFunctionOutcome {
    return this.run(name, args, 'custom-function', false, `Unknown function: ${name}`);
  }

  runExecution(name: string, args: unknown[], options: { trigger?: boolean } = {}): ExecutionOutcome {
    return this.run(name, args, 'execution', options.trigger === true, `Script function not found: ${name}`);
  }

  private run(name: string, args: unknown[], mode: ExecutionMode, trigger: boolean, missing: string): ExecutionOutcome {
    const startedAtMs = this.clock.now();
    const fn = this.functions[name];
    if (!fn) return { ok: false, error: missing, elapsedMs: 0 };
    this.calls.push({ mode, trigger });
    try {
      return { ok: true, value: (fn as (...args: unknown[]) => unknown)(...args), elapsedMs: this.clock.now() - startedAtMs };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error), elapsedMs: this.clock.now() - startedAtMs };
    } finally {
      this.calls.pop();
    }
  }
}

export interface Harness {
  clock: SharedClock;
  runtime: StubRuntime;
  state: SpreadsheetState;
  globals: SpreadsheetGlobals;
}

/**
 * A connected spreadsheet state. `functions` builds the "script" (custom functions, menu handlers,
 * trigger handlers) from the globals, as the bundle would use them.
 */
export function harness(
  functions: (globals: SpreadsheetGlobals) => Record<string, ScriptFunction> = () => ({}),
  options: SpreadsheetStateOptions & { spreadsheetTimeZone?: string; scriptTimeZone?: string } = {},
): Harness {
  const clock = SharedClock.virtual();
  const state = new SpreadsheetState(options);
  const registry: Record<string, ScriptFunction> = {};
  const runtime = new StubRuntime(clock, registry, { spreadsheet: options.spreadsheetTimeZone, script: options.scriptTimeZone });
  // Sheets matches custom-function names regardless of case.
  const customFunctionName = (upperName: string): string | null => Object.keys(registry).find((name) => name.toUpperCase() === upperName) ?? null;
  const globals = createSpreadsheetGlobals(runtime, state, { customFunctionName });
  Object.assign(registry, functions(globals));
  return { clock, runtime, state, globals };
}
