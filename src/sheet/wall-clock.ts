import type { WallClock, ZoneRules } from '../ports/time-zone';
import { wallClockAsUtcMs, type CalendarDate } from './calendar-date';

const MS_PER_DAY = 86_400_000;

/**
 * The instant whose wall clock in the spreadsheet's zone is `wall`.
 *
 * Sheets shows a returned Date in the spreadsheet's time zone, so this Date displays exactly the
 * wall clock the provider shows (in the invoice's own zone) whatever zone the spreadsheet is set to.
 *
 * Daylight-saving edges are resolved the way java.time and Temporal ("compatible") do, so the
 * answer never depends on the host:
 * - a wall clock that never happens (spring-forward gap) moves forward by the gap's length
 *   (02:30 on a New York spring-forward day becomes 03:30);
 * - a wall clock that happens twice (fall-back overlap) is the earlier instant.
 */
export function wallClockToSheetDate(wall: WallClock, sheetTimeZone: string, zones: ZoneRules): Date {
  return new Date(instantOfWallClock(wall, sheetTimeZone, zones));
}

/** The calendar day at 00:00 in the spreadsheet's zone (the next valid time if midnight is skipped). */
export function dateOnlyToSheetDate(date: CalendarDate, sheetTimeZone: string, zones: ZoneRules): Date {
  return wallClockToSheetDate({ ...date, hour: 0, minute: 0, second: 0 }, sheetTimeZone, zones);
}

/** Epoch milliseconds of `wall` in `timeZone`, with the gap/overlap rules above. */
export function instantOfWallClock(wall: WallClock, timeZone: string, zones: ZoneRules): number {
  const asUtc = wallClockAsUtcMs(wall);
  // Offsets a day either side bracket any single transition near this wall clock.
  const offsetBefore = offsetMsAt(asUtc - MS_PER_DAY, timeZone, zones);
  const offsetAfter = offsetMsAt(asUtc + MS_PER_DAY, timeZone, zones);
  const candidates = [asUtc - offsetBefore, asUtc - offsetAfter]
    .filter((instant) => wallClockAsUtcMs(zones.wallClockAt(instant, timeZone)) === asUtc)
    .sort((a, b) => a - b);
  // In a gap neither offset fits; reading the wall clock with the offset in force before the
  // gap lands after it, shifted forward by the gap's length.
  return candidates[0] ?? asUtc - offsetBefore;
}

/** How far the zone's wall clock is ahead of UTC at `epochMs`. */
function offsetMsAt(epochMs: number, timeZone: string, zones: ZoneRules): number {
  const wholeSecondMs = Math.floor(epochMs / 1000) * 1000;
  return wallClockAsUtcMs(zones.wallClockAt(wholeSecondMs, timeZone)) - wholeSecondMs;
}
