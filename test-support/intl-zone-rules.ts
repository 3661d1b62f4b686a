import type { WallClock, ZoneRules } from '../src/ports/time-zone';

/** Zone rules from Node's Intl (full ICU): the test and tool twin of AppsScriptZoneRules. */
export class IntlZoneRules implements ZoneRules {
  /** Building a DateTimeFormat is the slow part; one per zone is reused. */
  private readonly formatters = new Map<string, Intl.DateTimeFormat>();

  wallClockAt(epochMs: number, timeZone: string): WallClock {
    const parts = this.formatterFor(timeZone).formatToParts(new Date(epochMs));
    const field = (type: Intl.DateTimeFormatPartTypes): number => {
      const part = parts.find((candidate) => candidate.type === type);
      if (!part) throw new Error(`Intl gave no ${type} for ${epochMs} in ${timeZone}`);
      return Number(part.value);
    };
    return {
      year: field('year'),
      month: field('month'),
      day: field('day'),
      hour: field('hour'),
      minute: field('minute'),
      second: field('second'),
    };
  }

  isKnownZone(timeZone: string): boolean {
    try {
      this.formatterFor(timeZone);
      return true;
    } catch {
      return false;
    }
  }

  private formatterFor(timeZone: string): Intl.DateTimeFormat {
    let formatter = this.formatters.get(timeZone);
    if (!formatter) {
      // Throws RangeError for a zone ICU does not know.
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      this.formatters.set(timeZone, formatter);
    }
    return formatter;
  }
}
