import type { CachePort } from '../ports/cache';
import type { Clock, Deadline, Sleeper } from '../ports/clock';
import type { CodecPort } from '../ports/codec';
import type { HttpPort } from '../ports/http';
import type { LockPort } from '../ports/lock';
import type { LogPort } from '../ports/logger';
import type { PropertiesPort } from '../ports/properties';
import type { ZoneRules } from '../ports/time-zone';

/** Everything the use cases need from the platform; the entry layer builds it from Apps Script. */
export interface AppServices {
  clock: Clock;
  sleeper: Sleeper;
  http: HttpPort;
  /** This user's properties: the API key lives here. */
  userProperties: PropertiesPort;
  /** Shared by every user of the document: reports, cache generation, data epoch. */
  documentProperties: PropertiesPort;
  documentCache: CachePort;
  codec: CodecPort;
  zones: ZoneRules;
  log: LogPort;
  random: () => number;
  /** LockService's user lock: the cells of a formula dragged down a column take turns claiming rate-limit tokens under it. */
  userLock: LockPort;
  spreadsheetTimeZone: () => string;
  /** "en_US", "de_DE": how the spreadsheet writes dates (src/sheet/date-formats.ts). */
  spreadsheetLocale: () => string;
}

/** One running public function: the platform and the time it has left. */
export interface Call {
  services: AppServices;
  deadline: Deadline;
}
