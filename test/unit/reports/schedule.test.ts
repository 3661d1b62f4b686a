import type { Schedule } from '../../../src/app/reports/definition';
import { describeSchedule, EARLY_TOLERANCE_MS, isSlotDue, nextSlotAfter, nextSlotAfterRun } from '../../../src/app/reports/schedule';
import { IntlZoneRules } from '../../../test-support/intl-zone-rules';

const zones = new IntlZoneRules();
const HOUR = 3_600_000;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The next `count` slots from `fromMs`, as the trigger would run them. */
function slots(schedule: Schedule, fromMs: number, timeZone: string, count: number): Array<string | null> {
  const found: Array<string | null> = [];
  let after = fromMs;
  for (let i = 0; i < count; i += 1) {
    const next = nextSlotAfter(schedule, after, timeZone, zones);
    found.push(iso(next));
    if (next === null) break;
    after = next;
  }
  return found;
}

describe('schedules', () => {
  it('has no slot without a schedule', () => {
    expect(nextSlotAfter({ frequency: 'none' }, Date.UTC(2026, 0, 1), 'UTC', zones)).toBeNull();
  });

  it('runs hourly at every top of the hour, including the repeated hour of a fall-back night', () => {
    // New York falls back on 2026-11-01 at 02:00 EDT (06:00 UTC) to 01:00 EST.
    expect(slots({ frequency: 'hourly' }, Date.UTC(2026, 10, 1, 4, 20), 'America/New_York', 4)).toEqual([
      '2026-11-01T05:00:00.000Z', // 01:00 EDT
      '2026-11-01T06:00:00.000Z', // 01:00 EST, the same wall clock again
      '2026-11-01T07:00:00.000Z', // 02:00 EST
      '2026-11-01T08:00:00.000Z',
    ]);
  });

  it('finds the top of the hour in zones with half- and quarter-hour offsets', () => {
    expect(slots({ frequency: 'hourly' }, Date.UTC(2026, 0, 1, 10, 0), 'Asia/Kolkata', 2)).toEqual(['2026-01-01T10:30:00.000Z', '2026-01-01T11:30:00.000Z']);
    expect(slots({ frequency: 'hourly' }, Date.UTC(2026, 0, 1, 10, 0), 'Asia/Kathmandu', 1)).toEqual(['2026-01-01T10:15:00.000Z']);
  });

  it.each([
    ['every-2-hours', ['2026-01-01T02:00:00.000Z', '2026-01-01T04:00:00.000Z', '2026-01-01T06:00:00.000Z']],
    ['every-4-hours', ['2026-01-01T04:00:00.000Z', '2026-01-01T08:00:00.000Z', '2026-01-01T12:00:00.000Z']],
    ['every-6-hours', ['2026-01-01T06:00:00.000Z', '2026-01-01T12:00:00.000Z', '2026-01-01T18:00:00.000Z']],
    ['every-12-hours', ['2026-01-01T12:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-02T12:00:00.000Z']],
  ] as const)('runs %s on the wall-clock hours divisible by N', (frequency, expected) => {
    expect(slots({ frequency }, Date.UTC(2026, 0, 1, 0, 30), 'UTC', 3)).toEqual(expected);
  });

  it('keeps every-N-hours slots on wall-clock hours across a spring-forward day', () => {
    // Paris springs forward on 2026-03-29 at 02:00 CET (01:00 UTC) to 03:00 CEST.
    expect(slots({ frequency: 'every-6-hours' }, Date.UTC(2026, 2, 28, 20), 'Europe/Paris', 4)).toEqual([
      '2026-03-28T23:00:00.000Z', // 00:00 CET
      '2026-03-29T04:00:00.000Z', // 06:00 CEST: five real hours later
      '2026-03-29T10:00:00.000Z', // 12:00 CEST
      '2026-03-29T16:00:00.000Z',
    ]);
  });

  it('runs a daily slot that falls in the spring-forward gap when the clock jumps past it', () => {
    // New York: 2026-03-08 02:00 EST does not exist; 03:00 EDT is 07:00 UTC.
    expect(slots({ frequency: 'daily', hour: 2 }, Date.UTC(2026, 2, 7, 12), 'America/New_York', 3)).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:00:00.000Z', // 02:00 EDT
      '2026-03-10T06:00:00.000Z',
    ]);
  });

  it('runs a daily slot in the repeated hour of a fall-back night once, at its first occurrence', () => {
    // New York 2026-11-01 01:00 happens at 05:00 UTC (EDT) and 06:00 UTC (EST).
    expect(slots({ frequency: 'daily', hour: 1 }, Date.UTC(2026, 9, 31, 12), 'America/New_York', 2)).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-02T06:00:00.000Z',
    ]);
    // A run during the second 01:00 hour does not count as another slot that day.
    expect(iso(nextSlotAfter({ frequency: 'daily', hour: 1 }, Date.UTC(2026, 10, 1, 6, 10), 'America/New_York', zones))).toBe('2026-11-02T06:00:00.000Z');
  });

  it('keeps a daily slot at the same wall clock in summer and winter', () => {
    expect(slots({ frequency: 'daily', hour: 6 }, Date.UTC(2026, 9, 23, 12), 'Europe/London', 4)).toEqual([
      '2026-10-24T05:00:00.000Z', // 06:00 BST
      '2026-10-25T06:00:00.000Z', // 06:00 GMT (clocks went back that night)
      '2026-10-26T06:00:00.000Z',
      '2026-10-27T06:00:00.000Z',
    ]);
  });

  it('runs weekly on the day and hour in the spreadsheet zone', () => {
    // 2026-11-21 is a Saturday.
    expect(slots({ frequency: 'weekly', day: 'monday', hour: 9 }, Date.UTC(2026, 10, 21, 12), 'America/Los_Angeles', 2)).toEqual([
      '2026-11-23T17:00:00.000Z',
      '2026-11-30T17:00:00.000Z',
    ]);
    // The slot of today already passed: next week.
    expect(iso(nextSlotAfter({ frequency: 'weekly', day: 'saturday', hour: 9 }, Date.UTC(2026, 10, 21, 18), 'UTC', zones))).toBe('2026-11-28T09:00:00.000Z');
  });

  it('counts a trigger a little early as the slot, then plans the slot after it', () => {
    const slot = Date.UTC(2026, 0, 1, 6);
    expect(isSlotDue(null, 0)).toBe(true);
    expect(isSlotDue(slot, slot - EARLY_TOLERANCE_MS - 1)).toBe(false);
    expect(isSlotDue(slot, slot - EARLY_TOLERANCE_MS)).toBe(true);
    const early = slot - 5 * 60_000;
    expect(iso(nextSlotAfterRun({ frequency: 'hourly' }, early, slot, 'UTC', zones))).toBe(iso(slot + HOUR));
    expect(iso(nextSlotAfterRun({ frequency: 'hourly' }, slot + 20 * 60_000, slot, 'UTC', zones))).toBe(iso(slot + HOUR));
  });

  it('describes schedules for people', () => {
    expect(describeSchedule({ frequency: 'none' })).toBe('Not scheduled');
    expect(describeSchedule({ frequency: 'hourly' })).toBe('Every hour');
    expect(describeSchedule({ frequency: 'every-6-hours' })).toBe('Every 6 hours');
    expect(describeSchedule({ frequency: 'daily', hour: 6 })).toBe('Daily at 06:00');
    expect(describeSchedule({ frequency: 'weekly', day: 'monday', hour: 18 })).toBe('Mondays at 18:00');
  });
});
