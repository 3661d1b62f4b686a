/**
 * Time facts for expected values, independent of src/: Everflow's zone ids as the reference
 * (`/work/shared/reference/everflow-api.md`) lists them, and wall clocks read through Node's Intl.
 */
import { wallClockIso } from '../../../test-support/intl-zone-rules';

/** Everflow `timezone_id` -> IANA name, from the reference's "Known ids". */
const EVERFLOW_ZONES: Readonly<Record<number, string>> = {
  55: 'Europe/Amsterdam',
  56: 'Europe/Berlin',
  58: 'Europe/Paris',
  63: 'Europe/London',
  67: 'UTC',
  75: 'America/Halifax',
  80: 'America/New_York',
  85: 'America/Chicago',
  87: 'America/Denver',
  89: 'America/Phoenix',
  90: 'America/Los_Angeles',
  97: 'Pacific/Honolulu',
};

/** The IANA name of a known zone id, else null. */
export function everflowZoneName(timezoneId: number): string | null {
  return EVERFLOW_ZONES[timezoneId] ?? null;
}

/** "YYYY-MM-DD HH:MM:SS": what a clock in `timeZone` shows at `epochMs` (Everflow's period format). */
export function wallClockText(epochMs: number, timeZone: string): string {
  return wallClockIso(epochMs, timeZone).replace('T', ' ');
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a "YYYY-MM-DD…" text (its first ten characters). */
export function dayNumber(text: string): number {
  return Date.parse(`${text.slice(0, 10)}T00:00:00Z`) / MS_PER_DAY;
}

/** "YYYY-MM-DD" of a day number. */
export function dayText(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
