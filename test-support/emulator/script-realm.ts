import vm from 'node:vm';
import type { Clock } from '../../src/ports/clock';
import { localTimeHooks, patchRealmLocalTime } from './script-time-zone';
import type { LocalTimeHooks, ScriptZone } from './script-time-zone';

/**
 * Replaces the realm's `Date` with one whose "now" is the shared clock. Everything else stays the
 * native Date: the prototype is shared (so `instanceof Date` holds and subclasses work), explicit
 * arguments (`new Date(ms)`, `new Date(y, m, d)`, strings) behave as always.
 */
const INSTALL_CLOCK_DATE = `(function installClockDate(now, local) {
  'use strict';
  const NativeDate = globalThis.Date;
  const nativeParse = NativeDate.parse;
  // Local-time hooks (script zone unlike the host's): strings and components are read in the script's zone.
  const timeValue = (args) => {
    if (args.length === 0) return [now()];
    if (local === null) return args;
    if (args.length === 1) return typeof args[0] === 'string' ? [local.parse(args[0])] : args;
    return [local.fromFields(args)];
  };
  const ClockDate = function Date(...args) {
    if (new.target === undefined) return new NativeDate(now()).toString();
    return Reflect.construct(NativeDate, timeValue(args), new.target);
  };
  Object.defineProperty(ClockDate, 'length', { value: 7 });
  ClockDate.prototype = NativeDate.prototype;
  Object.defineProperty(NativeDate.prototype, 'constructor', { value: ClockDate, writable: true, configurable: true });
  ClockDate.now = { now() { return now(); } }.now;
  ClockDate.parse = local === null ? nativeParse : { parse(text) { return local.parse(String(text)); } }.parse;
  ClockDate.UTC = NativeDate.UTC;
  Object.defineProperty(globalThis, 'Date', { value: ClockDate, writable: true, configurable: true });
})`;

interface RealmIntrinsics {
  Array: ArrayConstructor;
  Object: ObjectConstructor;
  Date: DateConstructor;
  Error: ErrorConstructor;
}

export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/**
 * One global scope of the script: a fresh `vm` context per execution, as Apps Script gives every
 * execution (and every custom-function call) fresh globals. Holds what is needed to hand values
 * to the script so that `instanceof Array/Date/Error` holds inside it.
 */
export class ScriptRealm {
  private readonly context: vm.Context;
  private readonly intrinsics: RealmIntrinsics;

  /** `zone`: the script's zone when it differs from the host's (null: the host's Date already fits). */
  constructor(clock: Clock, zone: ScriptZone | null, globals: Readonly<Record<string, unknown>>) {
    this.context = vm.createContext({}, { name: 'apps-script' });
    const native = vm.runInContext('({ Date, Intl })', this.context) as { Date: DateConstructor; Intl: typeof Intl };
    const hooks = zone === null ? null : localTimeHooks(zone, native.Date.parse);
    if (zone !== null) patchRealmLocalTime(native.Date.prototype, native.Intl, zone);
    const install = vm.runInContext(INSTALL_CLOCK_DATE, this.context) as (now: () => number, local: LocalTimeHooks | null) => void;
    install(() => clock.now(), hooks);
    this.intrinsics = vm.runInContext('({ Array, Object, Date, Error })', this.context) as RealmIntrinsics;
    const global = vm.runInContext('globalThis', this.context) as Record<string, unknown>;
    for (const [name, value] of Object.entries(globals)) {
      Object.defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
    }
  }

  /** Runs one script file in this realm (top-level declarations become globals). */
  runScript(script: vm.Script, timeoutMs: number): void {
    script.runInContext(this.context, { timeout: timeoutMs });
  }

  /** The global function `name`, or null when the script defines none. */
  globalFunction(name: string): ((...args: unknown[]) => unknown) | null {
    const global = vm.runInContext('globalThis', this.context) as Record<string, unknown>;
    const candidate = global[name];
    return typeof candidate === 'function' ? (candidate as (...args: unknown[]) => unknown) : null;
  }

  /** Calls global function `name` with `args` under a real-time watchdog (a guard against endless loops). */
  callGlobal(name: string, args: readonly unknown[], timeoutMs: number): unknown {
    const global = vm.runInContext('globalThis', this.context) as Record<string, unknown>;
    const slot = '__emulatorCall';
    Object.defineProperty(global, slot, {
      value: { name, args: this.intoRealm(args) },
      configurable: true,
      enumerable: false,
    });
    try {
      return vm.runInContext(`(function (call) { return globalThis[call.name].apply(globalThis, call.args); })(globalThis.${slot})`, this.context, {
        timeout: timeoutMs,
      });
    } finally {
      delete global[slot];
    }
  }

  newDate(epochMs: number): Date {
    return new this.intrinsics.Date(epochMs);
  }

  newError(name: string, message: string): Error {
    const error = new this.intrinsics.Error(message);
    error.name = name;
    return error;
  }

  /** Rebuilds host arrays, Dates and plain objects in this realm, recursively. */
  intoRealm<T>(value: T): T {
    return this.copy(value) as T;
  }

  private copy(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (isDate(value)) return new this.intrinsics.Date(value.getTime());
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) === this.intrinsics.Array.prototype) return value;
      const copy = new this.intrinsics.Array<unknown>();
      for (const item of value) copy.push(this.copy(item));
      return copy;
    }
    if (isPlainObject(value)) {
      const copy = new this.intrinsics.Object() as Record<string, unknown>;
      for (const [key, item] of Object.entries(value)) copy[key] = this.copy(item);
      return copy;
    }
    return value;
  }
}
