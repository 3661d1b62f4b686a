import type { WallClock, ZoneRules } from '../src/ports/time-zone';

/**
 * Time-zone arithmetic from Node's Intl (full ICU), shared by every Node-side piece that needs it:
 * the emulator's Utilities.formatDate, its script-zone Date and its spreadsheet serial dates, and
 * tests. Independent of the add-on's own zone code (src/sheet), so the emulator checks that code
 * rather than repeating it.
 */

/** Building a DateTimeFormat is the slow part: one per zone is reused. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for a zone ICU does not know.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Intl knows the IANA zone name. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at `epochMs`, as milliseconds read as if UTC (years before 1 AD included). */
export function wallMsAt(epochMs: number, timeZone: string): number {
  const wholeSecondMs = Math.floor(epochMs / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(wholeSecondMs))) parts[part.type] = part.value;
  const yearOfEra = Number(parts.year);
  const year = parts.era === 'BC' ? 1 - yearOfEra : yearOfEra;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as they are.
  date.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  date.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), epochMs - wholeSecondMs);
  return date.getTime();
}

/** "YYYY-MM-DDTHH:MM:SS": what a clock in `timeZone` shows at `epochMs`. */
export function wallClockIso(epochMs: number, timeZone: string): string {
  return new Date(wallMsAt(epochMs, timeZone)).toISOString().slice(0, 19);
}

/** Zone rules from Intl: the test and tool twin of AppsScriptZoneRules. */
export class IntlZoneRules implements ZoneRules {
  wallClockAt(epochMs: number, timeZone: string): WallClock {
    const wall = new Date(wallMsAt(epochMs, timeZone));
    return {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
    };
  }

  isKnownZone(timeZone: string): boolean {
    return isKnownTimeZone(timeZone);
  }
}
