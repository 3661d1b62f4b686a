/** A calendar date and time of day with no zone: what a clock on the wall shows. */
export interface WallClock {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock of an instant in UTC (the zone needs no rules: plain Date UTC fields). */
export function utcWallClock(epochMs: number): WallClock {
  const date = new Date(epochMs);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/**
 * Time-zone rules (IANA names). In Apps Script this is Utilities.formatDate; in Node, Intl.
 * Kept as a port because the two runtimes expose zone data differently.
 */
export interface ZoneRules {
  /** The wall clock in `timeZone` at the instant `epochMs`. */
  wallClockAt(epochMs: number, timeZone: string): WallClock;
  /** True when `timeZone` is a zone these rules know. */
  isKnownZone(timeZone: string): boolean;
}
