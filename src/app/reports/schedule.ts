import type { ZoneRules } from '../../ports/time-zone';
import { addDays, calendarDateOf, wallClockAsUtcMs, type CalendarDate } from '../../sheet/calendar-date';
import { instantOfWallClock } from '../../sheet/wall-clock';
import { WEEKDAYS, type Schedule } from './definition';

/**
 * When reports run. Slots are wall-clock hours in the spreadsheet's time zone ("daily at 6" is
 * 06:00 there, summer or winter); the add-on's single trigger fires about once an hour, at a
 * minute Google picks and lets drift, and runs every report whose slot has come.
 *
 * Daylight saving:
 * - a slot hour that does not exist (spring forward) runs when the clock jumps past it
 *   (02:00 on a New York spring-forward day runs at 03:00);
 * - a slot hour that happens twice (fall back) runs once, at its first occurrence;
 * - "hourly" follows real hours: the repeated hour of a fall-back night is a slot too.
 */

/** A trigger firing this early before a slot counts as that slot's run (trigger minutes drift). */
export const EARLY_TOLERANCE_MS = 15 * 60_000;

const QUARTER_HOUR_MS = 15 * 60_000;
/** Every zone's offset is a whole number of quarter hours, so every top of an hour is on this grid. */
const MAX_QUARTERS_TO_TOP_OF_HOUR = 8;
/** A weekly slot is at most 7 days ahead; one more day covers the slot of today that has passed. */
const DAYS_SEARCHED = 8;

const EVERY_HOURS = { 'every-2-hours': 2, 'every-4-hours': 4, 'every-6-hours': 6, 'every-12-hours': 12 } as const;

/** The first slot strictly after `afterMs`; null for a report with no schedule. */
export function nextSlotAfter(schedule: Schedule, afterMs: number, timeZone: string, zones: ZoneRules): number | null {
  switch (schedule.frequency) {
    case 'none':
      return null;
    case 'hourly':
      return nextTopOfHour(afterMs, timeZone, zones);
    case 'every-2-hours':
    case 'every-4-hours':
    case 'every-6-hours':
    case 'every-12-hours': {
      const every = EVERY_HOURS[schedule.frequency];
      return nextWallClockSlot(afterMs, timeZone, zones, (hour) => hour % every === 0);
    }
    case 'daily':
      return nextWallClockSlot(afterMs, timeZone, zones, (hour) => hour === schedule.hour);
    case 'weekly':
      return nextWallClockSlot(afterMs, timeZone, zones, (hour, date) => hour === schedule.hour && weekdayOf(date) === schedule.day);
  }
}

/** True when the slot `nextRunMs` has come (or is within the trigger's drift); a report never planned is due. */
export function isSlotDue(nextRunMs: number | null, nowMs: number): boolean {
  return nextRunMs === null || nowMs >= nextRunMs - EARLY_TOLERANCE_MS;
}

/**
 * The slot after a run that started at `runMs` for the slot `dueSlotMs`: a run a little early
 * for a slot must not count for the slot before it.
 */
export function nextSlotAfterRun(schedule: Schedule, runMs: number, dueSlotMs: number | null, timeZone: string, zones: ZoneRules): number | null {
  return nextSlotAfter(schedule, Math.max(runMs, dueSlotMs ?? runMs), timeZone, zones);
}

/** "Every 4 hours", "Daily at 06:00", "Mondays at 06:00" (in the spreadsheet's zone). */
export function describeSchedule(schedule: Schedule): string {
  const at = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;
  switch (schedule.frequency) {
    case 'none':
      return 'Not scheduled';
    case 'hourly':
      return 'Every hour';
    case 'every-2-hours':
    case 'every-4-hours':
    case 'every-6-hours':
    case 'every-12-hours':
      return `Every ${EVERY_HOURS[schedule.frequency]} hours`;
    case 'daily':
      return `Daily at ${at(schedule.hour)}`;
    case 'weekly':
      return `${schedule.day[0]?.toUpperCase()}${schedule.day.slice(1)}s at ${at(schedule.hour)}`;
  }
}

function nextTopOfHour(afterMs: number, timeZone: string, zones: ZoneRules): number {
  let candidate = Math.floor(afterMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  for (let step = 0; step <= MAX_QUARTERS_TO_TOP_OF_HOUR; step += 1) {
    candidate += QUARTER_HOUR_MS;
    const wall = zones.wallClockAt(candidate, timeZone);
    if (wall.minute === 0 && wall.second === 0) return candidate;
  }
  throw new RangeError(`The time zone ${timeZone} has no top of the hour within two hours of ${new Date(afterMs).toISOString()}.`);
}

/** The first wall-clock hour (on the hour) after `afterMs` that `isSlot` accepts. */
function nextWallClockSlot(afterMs: number, timeZone: string, zones: ZoneRules, isSlot: (hour: number, date: CalendarDate) => boolean): number {
  const today = calendarDateOf(zones.wallClockAt(afterMs, timeZone));
  for (let days = 0; days < DAYS_SEARCHED; days += 1) {
    const date = addDays(today, days);
    for (let hour = 0; hour < 24; hour += 1) {
      if (!isSlot(hour, date)) continue;
      // Gap: the instant after the jump; overlap: the first of the two.
      const instant = instantOfWallClock({ ...date, hour, minute: 0, second: 0 }, timeZone, zones);
      if (instant > afterMs) return instant;
    }
  }
  throw new RangeError(`No slot of this schedule within ${DAYS_SEARCHED} days of ${new Date(afterMs).toISOString()}.`);
}

function weekdayOf(date: CalendarDate): string {
  return WEEKDAYS[new Date(wallClockAsUtcMs({ ...date, hour: 0, minute: 0, second: 0 })).getUTCDay()] ?? '';
}
