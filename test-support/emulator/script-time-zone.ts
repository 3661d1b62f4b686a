/**
 * In Apps Script, `Date`'s local-time methods (getHours, new Date(y, m, d), toString...) use the
 * script's time zone (manifest `timeZone`), not the server's. Node has one process-wide zone (and
 * jest hides `process.env.TZ` changes), so when the script's zone differs from the host's the
 * emulator re-implements those methods on the script realm's Date over Intl's zone data.
 */

import { wallMsAt } from '../intl-zone-rules';

const HOUR_MS = 3_600_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** ECMAScript's date-time string format; without an offset, a date-time (not a date alone) is local time. */
const ISO_LOCAL = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?$/;
const ISO_ANY = /^([+-]\d{6}|\d{4})(?:-\d{2}(?:-\d{2})?)?(?:[Tt]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?$/;
/** A zone in a legacy date string ("... GMT-0500", "... EST", "... Z"): then it is not local time. */
const LEGACY_ZONE = /(?:\b(?:UTC?|GMT|Z|[ECMP][SD]T)\b|[+-]\d{2}:?\d{2}\s*(?:\(.*\))?$)/i;

/** [year, month (0-11), day, hours, minutes, seconds, milliseconds] */
type Fields = [number, number, number, number, number, number, number];

export function hostTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Wall-clock arithmetic in one IANA zone. */
export class ScriptZone {
  private readonly names: Intl.DateTimeFormat;

  constructor(readonly id: string) {
    this.names = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'long' });
  }

  /** Local time minus UTC at instant `t`, in ms. */
  offsetMs(t: number): number {
    const seconds = t - (((t % 1000) + 1000) % 1000);
    return wallMsAt(seconds, this.id) - seconds;
  }

  localFields(t: number): Fields {
    const wall = new Date(t + this.offsetMs(t));
    return [wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds(), wall.getUTCMilliseconds()];
  }

  /**
   * The instant whose local wall clock is `fields`, as ECMAScript resolves it: in an overlap (clocks
   * turned back) the earlier instant, in a gap (clocks turned forward) the offset from before it.
   */
  toEpoch(fields: Fields): number {
    const wall = utcFromFields(fields);
    if (!Number.isFinite(wall)) return NaN;
    const before = this.offsetMs(wall - 12 * HOUR_MS);
    const after = this.offsetMs(wall + 12 * HOUR_MS);
    const valid = [...new Set([before, after])].map((offset) => wall - offset).filter((t) => wall - this.offsetMs(t) === t);
    return valid.length > 0 ? Math.min(...valid) : wall - before;
  }

  longName(t: number): string {
    return this.names.formatToParts(t).find((part) => part.type === 'timeZoneName')?.value ?? this.id;
  }
}

/** Date.UTC without its 0-99 → 1900s mapping, with overflow carried as setters do. */
function utcFromFields(fields: Fields): number {
  if (!fields.every(Number.isFinite)) return NaN;
  const date = new Date(0);
  date.setUTCFullYear(fields[0], fields[1], fields[2]);
  date.setUTCHours(fields[3], fields[4], fields[5], fields[6]);
  return date.getTime();
}

/** What the realm's Date constructor asks of the zone. */
export interface LocalTimeHooks {
  /** new Date(year, month, ...): the 2-7 arguments as local time. */
  fromFields(args: readonly unknown[]): number;
  /** Date.parse, with local-time strings read in the script's zone. */
  parse(text: string): number;
}

export function localTimeHooks(zone: ScriptZone, nativeParse: (text: string) => number): LocalTimeHooks {
  return {
    fromFields(args) {
      const numbers = args.slice(0, 7).map(Number);
      const [year = NaN, month = 0, day = 1, hours = 0, minutes = 0, seconds = 0, ms = 0] = numbers;
      const integerYear = Math.trunc(year);
      const fullYear = integerYear >= 0 && integerYear <= 99 ? 1900 + integerYear : year;
      return timeClip(zone.toEpoch([fullYear, month, day, hours, minutes, seconds, ms].map(Math.trunc) as Fields));
    },
    parse(text) {
      const iso = ISO_LOCAL.exec(text);
      if (iso) {
        const [, year, month, day, hours, minutes, seconds = '0', fraction = '0'] = iso;
        const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
        return timeClip(zone.toEpoch([Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds), ms]));
      }
      const parsed = nativeParse(text);
      if (Number.isNaN(parsed) || ISO_ANY.test(text) || LEGACY_ZONE.test(text)) return parsed;
      // The native parser read a zone-less legacy string as host-local time: read its wall clock again in the script's zone.
      const hostWall = parsed - new Date(parsed).getTimezoneOffset() * 60_000;
      const wall = new Date(hostWall);
      return timeClip(
        zone.toEpoch([wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds(), wall.getUTCMilliseconds()]),
      );
    },
  };
}

function timeClip(t: number): number {
  return Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? Math.trunc(t) : NaN;
}

function two(value: number): string {
  return String(value).padStart(2, '0');
}

function yearText(year: number): string {
  return year < 0 ? `-${String(-year).padStart(6, '0')}` : String(year).padStart(4, '0');
}

function offsetText(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  return `GMT${offsetMs < 0 ? '-' : '+'}${two(Math.floor(minutes / 60))}${two(minutes % 60)}`;
}

interface ZonedOptions {
  timeZone?: unknown;
}

function withZone(options: unknown, zone: string): ZonedOptions {
  const given = (options ?? {}) as ZonedOptions;
  return given.timeZone === undefined ? { ...given, timeZone: zone } : given;
}

/**
 * Replaces the local-time methods of the realm's Date.prototype, and makes the realm's
 * Intl.DateTimeFormat default to the script's zone.
 */
export function patchRealmLocalTime(proto: Date, intl: typeof Intl, zone: ScriptZone): void {
  const getTime = proto.getTime;
  const setTime = proto.setTime;
  const nativeLocale = { toLocaleString: proto.toLocaleString, toLocaleDateString: proto.toLocaleDateString, toLocaleTimeString: proto.toLocaleTimeString };
  const timeOf = (date: Date): number => getTime.call(date);
  const field = (index: number) =>
    function (this: Date): number {
      const t = timeOf(this);
      return Number.isNaN(t) ? NaN : (zone.localFields(t)[index] ?? NaN);
    };
  /** setHours(h, m?, s?, ms?) and friends: replace fields from `first`, at most `count` of them. */
  const setter = (first: number, count: number) =>
    function (this: Date, ...args: unknown[]): number {
      const t = timeOf(this);
      // Only setFullYear works on an invalid date (from 1970-01-01 00:00 local).
      const fields: Fields | null = Number.isNaN(t) ? (first === 0 ? [1970, 0, 1, 0, 0, 0, 0] : null) : zone.localFields(t);
      if (fields === null || args.length === 0) return setTime.call(this, NaN);
      args.slice(0, count).forEach((value, index) => {
        fields[first + index] = Math.trunc(Number(value));
      });
      return setTime.call(this, timeClip(zone.toEpoch(fields)));
    };
  const describe = (date: Date, parts: 'all' | 'date' | 'time'): string => {
    const t = timeOf(date);
    if (Number.isNaN(t)) return 'Invalid Date';
    const [year, month, day, hours, minutes, seconds] = zone.localFields(t);
    const weekday = WEEKDAYS[new Date(t + zone.offsetMs(t)).getUTCDay()] ?? '';
    const datePart = `${weekday} ${MONTHS[month] ?? ''} ${two(day)} ${yearText(year)}`;
    const timePart = `${two(hours)}:${two(minutes)}:${two(seconds)} ${offsetText(zone.offsetMs(t))} (${zone.longName(t)})`;
    return parts === 'date' ? datePart : parts === 'time' ? timePart : `${datePart} ${timePart}`;
  };
  const methods: Record<string, unknown> = {
    getFullYear: field(0),
    getMonth: field(1),
    getDate: field(2),
    getHours: field(3),
    getMinutes: field(4),
    getSeconds: field(5),
    getMilliseconds: field(6),
    getDay(this: Date): number {
      const t = timeOf(this);
      return Number.isNaN(t) ? NaN : new Date(t + zone.offsetMs(t)).getUTCDay();
    },
    getYear(this: Date): number {
      const t = timeOf(this);
      return Number.isNaN(t) ? NaN : zone.localFields(t)[0] - 1900;
    },
    getTimezoneOffset(this: Date): number {
      const t = timeOf(this);
      return Number.isNaN(t) ? NaN : -zone.offsetMs(t) / 60_000;
    },
    setFullYear: setter(0, 3),
    setMonth: setter(1, 2),
    setDate: setter(2, 1),
    setHours: setter(3, 4),
    setMinutes: setter(4, 3),
    setSeconds: setter(5, 2),
    setMilliseconds: setter(6, 1),
    toString(this: Date): string {
      return describe(this, 'all');
    },
    toDateString(this: Date): string {
      return describe(this, 'date');
    },
    toTimeString(this: Date): string {
      return describe(this, 'time');
    },
    toLocaleString(this: Date, locales?: string | string[], options?: unknown): string {
      return nativeLocale.toLocaleString.call(this, locales, withZone(options, zone.id) as Intl.DateTimeFormatOptions);
    },
    toLocaleDateString(this: Date, locales?: string | string[], options?: unknown): string {
      return nativeLocale.toLocaleDateString.call(this, locales, withZone(options, zone.id) as Intl.DateTimeFormatOptions);
    },
    toLocaleTimeString(this: Date, locales?: string | string[], options?: unknown): string {
      return nativeLocale.toLocaleTimeString.call(this, locales, withZone(options, zone.id) as Intl.DateTimeFormatOptions);
    },
  };
  for (const [name, method] of Object.entries(methods)) {
    Object.defineProperty(proto, name, { value: method, writable: true, configurable: true, enumerable: false });
  }
  const NativeDateTimeFormat = intl.DateTimeFormat;
  const ZonedDateTimeFormat = new Proxy(NativeDateTimeFormat, {
    construct: (target, args: readonly unknown[], newTarget) => Reflect.construct(target, [args[0], withZone(args[1], zone.id)], newTarget) as object,
    apply: (target, thisArg: unknown, args: readonly unknown[]) => Reflect.apply(target, thisArg, [args[0], withZone(args[1], zone.id)]) as unknown,
  });
  Object.defineProperty(intl, 'DateTimeFormat', { value: ZonedDateTimeFormat, writable: true, configurable: true, enumerable: false });
}
