import type { WallClock, ZoneRules } from '../../../../src/ports/time-zone';

/** Zone rules from Node's Intl, enough for these tests (the shared one lives in test-support). */
export class IntlZones implements ZoneRules {
  wallClockAt(epochMs: number, timeZone: string): WallClock {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const parts = new Map(format.formatToParts(new Date(epochMs)).map((part) => [part.type, Number(part.value)]));
    const field = (type: Intl.DateTimeFormatPartTypes): number => parts.get(type) ?? Number.NaN;
    return { year: field('year'), month: field('month'), day: field('day'), hour: field('hour'), minute: field('minute'), second: field('second') };
  }

  isKnownZone(timeZone: string): boolean {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      return true;
    } catch {
      return false;
    }
  }
}
