import type { WallClock } from '../ports/time-zone';

/** A day on the calendar with no time and no zone (a due date, a filter date). */
export interface CalendarDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

const MS_PER_DAY = 86_400_000;

/** The calendar day a wall clock falls on. */
export function calendarDateOf(wall: WallClock): CalendarDate {
  return { year: wall.year, month: wall.month, day: wall.day };
}

/**
 * The date `days` later (earlier when negative). Counted on a proleptic Gregorian day line, so
 * daylight saving never adds or loses a day.
 */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const shifted = new Date(dayNumber(date) * MS_PER_DAY + days * MS_PER_DAY);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** True when the year/month/day name a real day (2024-02-29 yes, 2023-02-29 and 2024-13-01 no). */
export function isRealCalendarDate(date: CalendarDate): boolean {
  if (![date.year, date.month, date.day].every(Number.isInteger)) return false;
  if (date.month < 1 || date.month > 12 || date.day < 1) return false;
  return date.day <= daysInMonth(date.year, date.month);
}

/** "YYYY-MM-DD", the form the providers' date filters take. */
export function formatIsoDate(date: CalendarDate): string {
  const year = String(date.year).padStart(4, '0');
  return `${year}-${pad2(date.month)}-${pad2(date.day)}`;
}

/** Parses "YYYY-MM-DD" (exactly that form, a real day) or answers null. */
export function parseIsoDate(text: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isRealCalendarDate(date) ? date : null;
}

/**
 * Milliseconds since the epoch of the wall clock read as if it were UTC. Date.UTC maps years
 * 0-99 to 1900-1999, so the year is set separately.
 */
export function wallClockAsUtcMs(wall: WallClock): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, 0);
  return date.getTime();
}

/** Days since 1970-01-01 (negative before). */
function dayNumber(date: CalendarDate): number {
  return wallClockAsUtcMs({ ...date, hour: 0, minute: 0, second: 0 }) / MS_PER_DAY;
}

function daysInMonth(year: number, month: number): number {
  return new Date(wallClockAsUtcMs({ year, month: month + 1, day: 0, hour: 0, minute: 0, second: 0 })).getUTCDate();
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
