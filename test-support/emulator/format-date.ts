import { isKnownTimeZone, wallMsAt } from '../intl-zone-rules';
import { AppsScriptException } from './exception';

/**
 * Utilities.formatDate: Java SimpleDateFormat patterns (en_US) over Node's Intl zone data.
 *
 * Zones follow Java's TimeZone.getTimeZone: an IANA id, or a custom "GMT+hh:mm" offset; anything
 * else silently falls back to GMT, as it does in Apps Script.
 */

/** A resolved zone: an IANA id Intl knows, or a fixed offset from a "GMT+hh:mm" custom id. */
type Zone = { kind: 'iana'; id: string } | { kind: 'fixed'; offsetMinutes: number };

const GMT: Zone = { kind: 'iana', id: 'GMT' };
/** Intl calls these "UTC"; Java keeps their own name. */
const GMT_IDS = new Set(['GMT', 'Etc/GMT', 'GMT0', 'Etc/GMT0', 'Greenwich', 'Etc/Greenwich']);
const CUSTOM_ID = /^GMT([+-])(\d{1,2})(?::?(\d{2}))?$/;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_MS = 86_400_000;

function resolveZone(timeZone: string): Zone {
  const custom = CUSTOM_ID.exec(timeZone);
  if (custom) {
    const hours = Number(custom[2]);
    const minutes = Number(custom[3] ?? '0');
    if (hours <= 23 && minutes <= 59) return { kind: 'fixed', offsetMinutes: (custom[1] === '-' ? -1 : 1) * (hours * 60 + minutes) };
  }
  return isKnownTimeZone(timeZone) ? { kind: 'iana', id: timeZone } : GMT;
}

/** The wall clock at an instant in a zone. */
interface ZonedTime {
  /** The wall clock as a UTC timestamp: its UTC getters give the zone's year, month, day... */
  wall: Date;
  offsetMinutes: number;
}

function zonedTime(epochMs: number, zone: Zone): ZonedTime {
  if (zone.kind === 'fixed') return { wall: new Date(epochMs + zone.offsetMinutes * 60_000), offsetMinutes: zone.offsetMinutes };
  const wall = new Date(wallMsAt(epochMs, zone.id));
  return { wall, offsetMinutes: Math.round((wall.getTime() - epochMs) / 60_000) };
}

function offsetText(offsetMinutes: number, style: 'Z' | 'X' | 'XX' | 'XXX' | 'GMT'): string {
  if (offsetMinutes === 0 && style.startsWith('X')) return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  switch (style) {
    case 'X':
      return `${sign}${hours}`;
    case 'XXX':
      return `${sign}${hours}:${minutes}`;
    case 'GMT':
      return `GMT${sign}${hours}:${minutes}`;
    default:
      return `${sign}${hours}${minutes}`;
  }
}

/** Java names zones by abbreviation ("EST", "CEST") where it has one, else "GMT+09:00". */
function zoneName(epochMs: number, zone: Zone, offsetMinutes: number, long: boolean): string {
  if (zone.kind === 'fixed') return offsetText(offsetMinutes, 'GMT');
  if (GMT_IDS.has(zone.id)) return long ? 'Greenwich Mean Time' : 'GMT';
  const locales = long ? ['en-US'] : ['en-US', 'en-GB'];
  for (const locale of locales) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone.id, timeZoneName: long ? 'long' : 'short' })
      .formatToParts(epochMs)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (name && (long || !/^GMT[+-]/.test(name))) return name;
  }
  return offsetText(offsetMinutes, 'GMT');
}

function pad(value: number, width: number): string {
  const digits = String(Math.abs(value)).padStart(width, '0');
  return value < 0 ? `-${digits}` : digits;
}

/** US week rules (weeks start on Sunday; week 1 holds 1 January): the Saturday closing the week. */
function weekEnd(wall: Date): Date {
  return new Date(wall.getTime() + (6 - wall.getUTCDay()) * DAY_MS);
}

function dayOfYear(wall: Date): number {
  return Math.floor((wall.getTime() - Date.UTC(wall.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
}

function field(letter: string, count: number, epochMs: number, zone: Zone, time: ZonedTime): string {
  const { wall, offsetMinutes } = time;
  const hour = wall.getUTCHours();
  switch (letter) {
    case 'G':
      return wall.getUTCFullYear() > 0 ? 'AD' : 'BC';
    case 'y':
    case 'Y': {
      const year = letter === 'y' ? wall.getUTCFullYear() : weekEnd(wall).getUTCFullYear();
      return count === 2 ? pad(year % 100, 2) : pad(year, count);
    }
    case 'M':
    case 'L': {
      const month = wall.getUTCMonth();
      if (count >= 4) return MONTHS[month] ?? '';
      if (count === 3) return (MONTHS[month] ?? '').slice(0, 3);
      return pad(month + 1, count);
    }
    case 'w':
      return pad(Math.floor((dayOfYear(weekEnd(wall)) - 1) / 7) + 1, count);
    case 'd':
      return pad(wall.getUTCDate(), count);
    case 'D':
      return pad(dayOfYear(wall), count);
    case 'E': {
      const name = WEEKDAYS[wall.getUTCDay()] ?? '';
      return count >= 4 ? name : name.slice(0, 3);
    }
    case 'u':
      return pad(wall.getUTCDay() === 0 ? 7 : wall.getUTCDay(), count);
    case 'a':
      return hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(hour, count);
    case 'k':
      return pad(hour === 0 ? 24 : hour, count);
    case 'K':
      return pad(hour % 12, count);
    case 'h':
      return pad(hour % 12 === 0 ? 12 : hour % 12, count);
    case 'm':
      return pad(wall.getUTCMinutes(), count);
    case 's':
      return pad(wall.getUTCSeconds(), count);
    case 'S':
      return pad(wall.getUTCMilliseconds(), count);
    case 'z':
      return zoneName(epochMs, zone, offsetMinutes, count >= 4);
    case 'Z':
      return offsetText(offsetMinutes, 'Z');
    case 'X':
      return offsetText(offsetMinutes, count === 1 ? 'X' : count === 2 ? 'XX' : 'XXX');
    default:
      throw new AppsScriptException(`Illegal pattern character '${letter}'`);
  }
}

/** Formats the instant `epochMs` in `timeZone` with a SimpleDateFormat `pattern`. */
export function formatDate(epochMs: number, timeZone: string, pattern: string): string {
  const zone = resolveZone(timeZone);
  const time = zonedTime(epochMs, zone);
  let out = '';
  let index = 0;
  while (index < pattern.length) {
    const char = pattern.charAt(index);
    if (char === "'") {
      const close = pattern.indexOf("'", index + 1);
      if (close === index + 1) {
        out += "'";
        index += 2;
        continue;
      }
      if (close < 0) throw new AppsScriptException('Unterminated quote');
      // Inside quotes, '' stands for one quote.
      let end = close;
      let literal = pattern.slice(index + 1, close);
      while (pattern.charAt(end + 1) === "'") {
        const next = pattern.indexOf("'", end + 2);
        if (next < 0) throw new AppsScriptException('Unterminated quote');
        literal += "'" + pattern.slice(end + 2, next);
        end = next;
      }
      out += literal;
      index = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(char)) {
      let count = 1;
      while (pattern.charAt(index + count) === char) count += 1;
      out += field(char, count, epochMs, zone, time);
      index += count;
      continue;
    }
    out += char;
    index += 1;
  }
  return out;
}
