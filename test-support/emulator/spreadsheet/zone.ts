/**
 * Sheets stores a date as a serial number: days since 1899-12-30 00:00 on the wall clock of the
 * spreadsheet's time zone. A Date written by a script becomes the serial of its wall clock in that
 * zone; a serial read back becomes the instant whose wall clock in that zone it is. Changing the
 * spreadsheet's zone therefore keeps what cells show and moves the instants scripts read, as
 * Sheets does.
 *
 * Written with Intl (test-support/intl-zone-rules.ts), independently of the add-on's own zone
 * code, so the emulator checks it rather than repeating it.
 */
import { wallMsAt } from '../../intl-zone-rules';

const MS_PER_DAY = 86_400_000;
/** 1899-12-30 00:00 read as UTC: serial 0. */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * The instant whose wall clock in `timeZone` is `wallMs`. A wall clock skipped by a
 * spring-forward gap moves forward by the gap; one that happens twice is the earlier instant.
 */
export function instantOfWallMs(wallMs: number, timeZone: string): number {
  const offsetBefore = wallMsAt(wallMs - MS_PER_DAY, timeZone) - (wallMs - MS_PER_DAY);
  const offsetAfter = wallMsAt(wallMs + MS_PER_DAY, timeZone) - (wallMs + MS_PER_DAY);
  const fitting = [wallMs - offsetBefore, wallMs - offsetAfter]
    .filter((instant) => wallMsAt(instant, timeZone) === wallMs)
    .sort((a, b) => a - b);
  return fitting[0] ?? wallMs - offsetBefore;
}

export function serialOfWallMs(wallMs: number): number {
  return (wallMs - SERIAL_EPOCH_MS) / MS_PER_DAY;
}

export function wallMsOfSerial(serial: number): number {
  return Math.round(SERIAL_EPOCH_MS + serial * MS_PER_DAY);
}

export function serialOfInstant(epochMs: number, timeZone: string): number {
  return serialOfWallMs(wallMsAt(epochMs, timeZone));
}

export function instantOfSerial(serial: number, timeZone: string): number {
  return instantOfWallMs(wallMsOfSerial(serial), timeZone);
}
