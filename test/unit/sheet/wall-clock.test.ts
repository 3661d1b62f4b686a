import { addDays, daysBetween, formatIsoDate, isRealCalendarDate, parseIsoDate } from '../../../src/sheet/calendar-date';
import { dateOnlyToSheetDate, wallClockToSheetDate } from '../../../src/sheet/wall-clock';
import { wall, zones } from './fixtures';

describe('wallClockToSheetDate', () => {
  // Period times as Everflow sends them, in the invoice's zone, across Los Angeles's and London's
  // March and October/November switches; each must read back unchanged in the spreadsheet's zone.
  const everflowWallClocks = [
    ['LA just before spring forward', wall(2024, 3, 10, 1, 59, 59)],
    ['LA just after spring forward', wall(2024, 3, 10, 3, 0, 0)],
    ['LA in the fall-back hour', wall(2024, 11, 3, 1, 30, 0)],
    ['London just before spring forward', wall(2024, 3, 31, 0, 59, 59)],
    ['London just after spring forward', wall(2024, 3, 31, 2, 0, 0)],
    ['London in the fall-back hour', wall(2024, 10, 27, 1, 30, 0)],
    ['period end', wall(2024, 10, 31, 23, 59, 59)],
    ['new year', wall(2025, 1, 1, 0, 0, 0)],
  ] as const;

  it.each(['Asia/Tokyo', 'America/New_York', 'UTC', 'Europe/London', 'America/Los_Angeles'])(
    'shows every Everflow wall clock unchanged in a spreadsheet set to %s',
    (sheetTimeZone) => {
      for (const [, everflow] of everflowWallClocks) {
        const date = wallClockToSheetDate(everflow, sheetTimeZone, zones);
        expect(zones.wallClockAt(date.getTime(), sheetTimeZone)).toEqual(everflow);
      }
    },
  );

  it.each([
    ['UTC', wall(2024, 10, 1), Date.UTC(2024, 9, 1, 0, 0, 0)],
    ['Asia/Tokyo', wall(2024, 10, 1), Date.UTC(2024, 8, 30, 15, 0, 0)],
    ['America/New_York', wall(2024, 10, 1), Date.UTC(2024, 9, 1, 4, 0, 0)],
    ['America/New_York', wall(2024, 12, 1), Date.UTC(2024, 11, 1, 5, 0, 0)],
    ['Asia/Tokyo', wall(2024, 3, 10, 3, 0, 0), Date.UTC(2024, 2, 9, 18, 0, 0)],
    ['America/New_York', wall(2024, 3, 10, 1, 59, 59), Date.UTC(2024, 2, 10, 6, 59, 59)],
    ['America/New_York', wall(2024, 3, 10, 3, 0, 0), Date.UTC(2024, 2, 10, 7, 0, 0)],
    ['UTC', wall(2024, 10, 27, 1, 30, 0), Date.UTC(2024, 9, 27, 1, 30, 0)],
  ])('in %s, %o is the instant %d', (sheetTimeZone, everflow, expectedMs) => {
    expect(wallClockToSheetDate(everflow, sheetTimeZone, zones)).toEqual(new Date(expectedMs));
  });

  describe('daylight-saving edges of the spreadsheet zone', () => {
    it.each([
      // Gap: the wall clock moves forward by the gap's length.
      ['New York gap 02:30 -> 03:30 EDT', 'America/New_York', wall(2024, 3, 10, 2, 30, 0), Date.UTC(2024, 2, 10, 7, 30, 0)],
      ['New York gap 02:00 -> 03:00 EDT', 'America/New_York', wall(2024, 3, 10, 2, 0, 0), Date.UTC(2024, 2, 10, 7, 0, 0)],
      ['London gap 01:15 -> 02:15 BST', 'Europe/London', wall(2024, 3, 31, 1, 15, 0), Date.UTC(2024, 2, 31, 1, 15, 0)],
      // Overlap: the earlier of the two instants.
      ['New York overlap 01:30 -> EDT', 'America/New_York', wall(2024, 11, 3, 1, 30, 0), Date.UTC(2024, 10, 3, 5, 30, 0)],
      ['London overlap 01:30 -> BST', 'Europe/London', wall(2024, 10, 27, 1, 30, 0), Date.UTC(2024, 9, 27, 0, 30, 0)],
      ['Los Angeles overlap 01:00 -> PDT', 'America/Los_Angeles', wall(2024, 11, 3, 1, 0, 0), Date.UTC(2024, 10, 3, 8, 0, 0)],
    ])('%s', (_label, sheetTimeZone, everflow, expectedMs) => {
      expect(wallClockToSheetDate(everflow, sheetTimeZone, zones).getTime()).toBe(expectedMs);
    });
  });
});

describe('dateOnlyToSheetDate', () => {
  it.each([
    ['UTC', Date.UTC(2024, 10, 30, 0, 0, 0)],
    ['Asia/Tokyo', Date.UTC(2024, 10, 29, 15, 0, 0)],
    ['America/New_York', Date.UTC(2024, 10, 30, 5, 0, 0)],
  ])('is 00:00 of the day in %s', (sheetTimeZone, expectedMs) => {
    expect(dateOnlyToSheetDate({ year: 2024, month: 11, day: 30 }, sheetTimeZone, zones).getTime()).toBe(expectedMs);
  });

  it('is 01:00 when the zone skips midnight (Sao Paulo, 2018-11-04)', () => {
    const date = dateOnlyToSheetDate({ year: 2018, month: 11, day: 4 }, 'America/Sao_Paulo', zones);
    expect(zones.wallClockAt(date.getTime(), 'America/Sao_Paulo')).toEqual(wall(2018, 11, 4, 1, 0, 0));
  });
});

describe('calendar dates', () => {
  it.each([
    [{ year: 2024, month: 10, day: 31 }, 30, { year: 2024, month: 11, day: 30 }],
    [{ year: 2024, month: 1, day: 31 }, 30, { year: 2024, month: 3, day: 1 }],
    [{ year: 2023, month: 1, day: 31 }, 30, { year: 2023, month: 3, day: 2 }],
    [{ year: 2024, month: 12, day: 15 }, 45, { year: 2025, month: 1, day: 29 }],
    [{ year: 2024, month: 3, day: 1 }, -1, { year: 2024, month: 2, day: 29 }],
    [{ year: 2024, month: 3, day: 9 }, 2, { year: 2024, month: 3, day: 11 }],
  ])('%o plus %d days is %o', (date, days, expected) => {
    expect(addDays(date, days)).toEqual(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it.each([
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['2024-10-01', { year: 2024, month: 10, day: 1 }],
    ['2023-02-29', null],
    ['2024-13-01', null],
    ['2024-04-31', null],
    ['2024-00-10', null],
    ['2024-1-1', null],
    [' 2024-10-01', null],
  ])('parses %j as %o', (text, expected) => {
    expect(parseIsoDate(text)).toEqual(expected);
  });

  it('formats and validates', () => {
    expect(formatIsoDate({ year: 987, month: 3, day: 4 })).toBe('0987-03-04');
    expect(isRealCalendarDate({ year: 2024, month: 2, day: 1.5 })).toBe(false);
  });
});
