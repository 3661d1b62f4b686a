import type { WallClock } from '../ports/time-zone';

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
