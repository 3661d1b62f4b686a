import { AppsScriptZoneRules, type DateFormatter } from '../../../src/platform/apps-script/zone-rules';
import { zones } from './fixtures';

/**
 * Utilities.formatDate as Apps Script behaves: Java formats an unknown zone as GMT rather than
 * failing. Built on Intl so the adapter can be compared with IntlZoneRules.
 */
function javaLikeFormatter(): DateFormatter & { calls: number } {
  const formatter = {
    calls: 0,
    formatDate(date: GoogleAppsScript.Base.Date, timeZone: string, pattern: string): string {
      formatter.calls++;
      expect(pattern).toBe('yyyy-MM-dd HH:mm:ss');
      const zone = zones.isKnownZone(timeZone) ? timeZone : 'GMT';
      const w = zones.wallClockAt(date.getTime(), zone);
      const p = (n: number, width = 2): string => String(n).padStart(width, '0');
      return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
    },
  };
  return formatter;
}

describe('IntlZoneRules', () => {
  it.each([
    ['UTC', Date.UTC(2024, 2, 31, 0, 59, 59), { year: 2024, month: 3, day: 31, hour: 0, minute: 59, second: 59 }],
    ['Europe/London', Date.UTC(2024, 2, 31, 0, 59, 59), { year: 2024, month: 3, day: 31, hour: 0, minute: 59, second: 59 }],
    ['Europe/London', Date.UTC(2024, 2, 31, 1, 0, 0), { year: 2024, month: 3, day: 31, hour: 2, minute: 0, second: 0 }],
    ['Asia/Tokyo', Date.UTC(2024, 11, 31, 15, 0, 0), { year: 2025, month: 1, day: 1, hour: 0, minute: 0, second: 0 }],
    ['America/Los_Angeles', Date.UTC(2024, 10, 3, 8, 30, 0), { year: 2024, month: 11, day: 3, hour: 1, minute: 30, second: 0 }],
    ['America/Los_Angeles', Date.UTC(2024, 10, 3, 9, 30, 0), { year: 2024, month: 11, day: 3, hour: 1, minute: 30, second: 0 }],
  ])('reads the wall clock in %s at %d', (timeZone, epochMs, expected) => {
    expect(zones.wallClockAt(epochMs, timeZone)).toEqual(expected);
  });

  it('tells known zones from unknown ones', () => {
    expect(zones.isKnownZone('America/New_York')).toBe(true);
    expect(zones.isKnownZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('AppsScriptZoneRules', () => {
  const instants = [
    Date.UTC(2024, 2, 10, 9, 59, 59), // Los Angeles spring forward
    Date.UTC(2024, 2, 10, 10, 0, 0),
    Date.UTC(2024, 2, 31, 0, 59, 59), // London spring forward
    Date.UTC(2024, 2, 31, 1, 0, 0),
    Date.UTC(2024, 9, 27, 0, 30, 0), // London fall back
    Date.UTC(2024, 9, 27, 1, 30, 0),
    Date.UTC(2024, 10, 3, 8, 30, 0), // Los Angeles fall back
    Date.UTC(2024, 10, 3, 9, 30, 0),
    Date.UTC(2024, 6, 1, 12, 0, 0, 999),
    Date.UTC(1969, 11, 31, 23, 59, 59, 500),
  ];
  const timeZones = ['UTC', 'Asia/Tokyo', 'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Asia/Kathmandu'];

  it.each(timeZones)('agrees with Intl in %s, around every switch', (timeZone) => {
    const rules = new AppsScriptZoneRules(javaLikeFormatter());
    for (const instant of instants) {
      expect(rules.wallClockAt(instant, timeZone)).toEqual(zones.wallClockAt(instant, timeZone));
    }
  });

  it('asks Utilities twice per zone and UTC day, then answers from memory', () => {
    const formatter = javaLikeFormatter();
    const rules = new AppsScriptZoneRules(formatter);
    const dayStart = Date.UTC(2024, 6, 1);
    for (let minute = 0; minute < 24 * 60; minute += 7) rules.wallClockAt(dayStart + minute * 60_000, 'Europe/London');
    expect(formatter.calls).toBe(2);
    rules.wallClockAt(dayStart, 'Asia/Tokyo');
    expect(formatter.calls).toBe(4);
  });

  it('formats every instant of a day holding a switch directly', () => {
    const formatter = javaLikeFormatter();
    const rules = new AppsScriptZoneRules(formatter);
    rules.wallClockAt(Date.UTC(2024, 2, 31, 0, 30), 'Europe/London');
    rules.wallClockAt(Date.UTC(2024, 2, 31, 5, 30), 'Europe/London');
    expect(formatter.calls).toBe(2 + 2);
  });

  it.each([
    ['America/New_York', true],
    ['Europe/London', true],
    ['Africa/Abidjan', true], // zero offset today, but not in 1900
    ['UTC', true],
    ['Etc/GMT', true],
    ['Mars/Olympus_Mons', false], // Java shows it as GMT
  ])('knows whether %s is a zone', (timeZone, known) => {
    expect(new AppsScriptZoneRules(javaLikeFormatter()).isKnownZone(timeZone)).toBe(known);
  });

  it('treats a zone Utilities refuses as unknown', () => {
    const refusing: DateFormatter = {
      formatDate: () => {
        throw new Error('Invalid argument: timeZone');
      },
    };
    expect(new AppsScriptZoneRules(refusing).isKnownZone('Nowhere/Else')).toBe(false);
  });

  it('fails loudly on output it cannot read', () => {
    const odd: DateFormatter = { formatDate: () => '10/01/2024 12:00' };
    expect(() => new AppsScriptZoneRules(odd).wallClockAt(0, 'UTC')).toThrow('Utilities.formatDate gave "10/01/2024 12:00", not yyyy-MM-dd HH:mm:ss');
  });
});
