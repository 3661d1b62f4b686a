import { utcWallClock, type WallClock, type ZoneRules } from '../../ports/time-zone';

/** The one Utilities call these rules need; injectable so the adapter runs outside Apps Script. */
export type DateFormatter = Pick<GoogleAppsScript.Utilities.Utilities, 'formatDate'>;

const MS_PER_DAY = 86_400_000;
const PATTERN = 'yyyy-MM-dd HH:mm:ss';

/**
 * Java (behind Utilities.formatDate) silently treats an unknown zone as GMT, so a zone whose
 * offset is zero at every probe is known only if it is one of these names for UTC.
 */
const UTC_NAMES = new Set([
  'UTC', 'UCT', 'GMT', 'GMT0', 'GMT+0', 'GMT-0', 'Universal', 'Zulu', 'Greenwich',
  'Etc/UTC', 'Etc/UCT', 'Etc/GMT', 'Etc/GMT0', 'Etc/GMT+0', 'Etc/GMT-0', 'Etc/Universal', 'Etc/Zulu', 'Etc/Greenwich',
]);
/** 1900-01-01 (local mean time in almost every zone), mid-January and mid-July 2024. */
const PROBE_INSTANTS_MS = [Date.UTC(1900, 0, 1), Date.UTC(2024, 0, 15), Date.UTC(2024, 6, 15)];

/**
 * Zone rules through Utilities.formatDate. Every formatDate is a call out of the script engine,
 * so the zone's offset is remembered per UTC day: a report of thousands of timestamps costs two
 * calls per distinct day, not one per cell. A day holding a transition is not memoised.
 */
export class AppsScriptZoneRules implements ZoneRules {
  /** "zone|utc day" -> offset in ms, or null when the offset changes during that day. */
  private readonly offsetByZoneDay = new Map<string, number | null>();
  private readonly knownZones = new Map<string, boolean>();

  constructor(private readonly utilities: DateFormatter = Utilities) {}

  wallClockAt(epochMs: number, timeZone: string): WallClock {
    const wholeSecondMs = Math.floor(epochMs / 1000) * 1000;
    const offsetMs = this.steadyOffsetMs(wholeSecondMs, timeZone);
    return offsetMs === null ? this.format(wholeSecondMs, timeZone) : utcWallClock(wholeSecondMs + offsetMs);
  }

  isKnownZone(timeZone: string): boolean {
    let known = this.knownZones.get(timeZone);
    if (known === undefined) {
      known = UTC_NAMES.has(timeZone) || this.hasNonZeroOffset(timeZone);
      this.knownZones.set(timeZone, known);
    }
    return known;
  }

  /** The offset if it holds all UTC day long (two offsets a day apart cannot hide two changes). */
  private steadyOffsetMs(epochMs: number, timeZone: string): number | null {
    const dayStartMs = Math.floor(epochMs / MS_PER_DAY) * MS_PER_DAY;
    const key = `${timeZone}|${dayStartMs}`;
    let offsetMs = this.offsetByZoneDay.get(key);
    if (offsetMs === undefined) {
      const atStart = this.offsetMsAt(dayStartMs, timeZone);
      const atEnd = this.offsetMsAt(dayStartMs + MS_PER_DAY - 1000, timeZone);
      offsetMs = atStart === atEnd ? atStart : null;
      this.offsetByZoneDay.set(key, offsetMs);
    }
    return offsetMs;
  }

  private hasNonZeroOffset(timeZone: string): boolean {
    try {
      return PROBE_INSTANTS_MS.some((instant) => this.offsetMsAt(instant, timeZone) !== 0);
    } catch {
      return false;
    }
  }

  private offsetMsAt(epochMs: number, timeZone: string): number {
    const wall = this.format(epochMs, timeZone);
    return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - epochMs;
  }

  private format(epochMs: number, timeZone: string): WallClock {
    const text = this.utilities.formatDate(new Date(epochMs), timeZone, PATTERN);
    const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
    if (!match) throw new Error(`Utilities.formatDate gave ${JSON.stringify(text)}, not ${PATTERN}`);
    const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
    return { year, month, day, hour, minute, second };
  }
}
