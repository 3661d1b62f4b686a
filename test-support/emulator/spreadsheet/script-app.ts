/**
 * ScriptApp's installable triggers, with the limits Apps Script enforces, and a scheduler tests
 * drive on the shared virtual clock.
 *
 * Limits: 20 triggers per user per script; for an editor add-on (the default) time triggers at
 * most once an hour (everyMinutes is refused) and one trigger of each event type per user per
 * document. everyHours takes 1, 2, 4, 6, 8 or 12; everyMinutes 1, 5, 10, 15 or 30.
 *
 * Timing is deterministic where Apps Script randomises: an every-N-hours/minutes trigger first
 * fires one interval after creation; a daily or weekly one at atHour:nearMinute (default: the
 * creation time's hour and minute 0) in its zone (inTimezone, default the script's).
 */
import type { SharedClock } from '../../clock';
import { AppsScriptException } from '../exception';
import type { EmulatorRuntime, ExecutionOutcome } from '../runtime';
import { enumName, enumOf, SCOPES, type ServiceContext } from './service-context';
import { isKnownTimeZone, wallMsAt } from '../../intl-zone-rules';
import { instantOfWallMs } from './zone';

export const MAX_TRIGGERS_PER_USER = 20;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const AuthMode = enumOf(['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL'] as const);
export const EventType = enumOf(['CLOCK', 'ON_OPEN', 'ON_EDIT', 'ON_FORM_SUBMIT', 'ON_CHANGE', 'ON_EVENT_DATA_CHANGE'] as const);
export const TriggerSource = enumOf(['SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR'] as const);
const WEEK_DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
export const WeekDay = enumOf(WEEK_DAYS);

export type EventTypeName = 'CLOCK' | 'ON_OPEN' | 'ON_EDIT' | 'ON_FORM_SUBMIT' | 'ON_CHANGE';
type WeekDayName = (typeof WEEK_DAYS)[number];

/** Words Apps Script's add-on message uses for each event type. */
const EVENT_WORDS: Record<EventTypeName, string> = {
  CLOCK: 'time-based',
  ON_OPEN: 'open',
  ON_EDIT: 'edit',
  ON_FORM_SUBMIT: 'form submit',
  ON_CHANGE: 'change',
};

export type ClockSchedule =
  | { every: 'minutes' | 'hours'; interval: number }
  | { every: 'days'; interval: number; hour: number | null; minute: number; timeZone: string }
  | { every: 'weeks'; interval: number; weekDay: WeekDayName; hour: number | null; minute: number; timeZone: string };

export interface TriggerRecord {
  uniqueId: string;
  handler: string;
  eventType: EventTypeName;
  /** The user who created it (triggers are per user). */
  userEmail: string;
  /** The document it belongs to: add-on triggers belong to the current document. */
  documentId: string;
  schedule: ClockSchedule | null;
  /** When a clock trigger fires next; null for event triggers. */
  nextRunMs: number | null;
}

/** Every user's triggers of this script. */
export class TriggerStore {
  readonly triggers: TriggerRecord[] = [];
  private nextId = 1;

  /** `addon`: the script is an editor add-on (its triggers obey the add-on limits). */
  constructor(readonly addon = true) {}

  newUniqueId(): string {
    return String(1_000_000 + this.nextId++);
  }

  ofUser(userEmail: string): TriggerRecord[] {
    return this.triggers.filter((trigger) => trigger.userEmail === userEmail);
  }

  remove(uniqueId: string): void {
    const index = this.triggers.findIndex((trigger) => trigger.uniqueId === uniqueId);
    if (index >= 0) this.triggers.splice(index, 1);
  }
}

/** The first fire time strictly after `afterMs` of a daily or weekly schedule. */
function nextCalendarRun(schedule: Extract<ClockSchedule, { every: 'days' | 'weeks' }>, afterMs: number, stepDays: number): number {
  const wall = wallMsAt(afterMs, schedule.timeZone);
  const dayStart = Math.floor(wall / DAY_MS) * DAY_MS;
  const hour = schedule.hour ?? new Date(wall).getUTCHours();
  let candidate = dayStart + hour * HOUR_MS + schedule.minute * 60_000;
  if (schedule.every === 'weeks') {
    const shift = (WEEK_DAYS.indexOf(schedule.weekDay) - new Date(candidate).getUTCDay() + 7) % 7;
    candidate += shift * DAY_MS;
  }
  while (instantOfWallMs(candidate, schedule.timeZone) <= afterMs) candidate += stepDays * DAY_MS;
  return instantOfWallMs(candidate, schedule.timeZone);
}

/** When a clock trigger fires after one that fired (or was created) at `fromMs`. */
export function nextRunAfter(schedule: ClockSchedule, fromMs: number, firstRun: boolean): number {
  switch (schedule.every) {
    case 'minutes':
      return fromMs + schedule.interval * 60_000;
    case 'hours':
      return fromMs + schedule.interval * HOUR_MS;
    case 'days':
      return nextCalendarRun(schedule, firstRun ? fromMs : fromMs + (schedule.interval - 1) * DAY_MS, 1);
    case 'weeks':
      return nextCalendarRun(schedule, firstRun ? fromMs : fromMs + (schedule.interval * 7 - 1) * DAY_MS, 7);
  }
}

class TriggerFake {
  constructor(readonly record: TriggerRecord) {}

  getHandlerFunction(): string {
    return this.record.handler;
  }

  getUniqueId(): string {
    return this.record.uniqueId;
  }

  getEventType(): unknown {
    return EventType[this.record.eventType];
  }

  getTriggerSource(): unknown {
    return this.record.eventType === 'CLOCK' ? TriggerSource.CLOCK : TriggerSource.SPREADSHEETS;
  }

  getTriggerSourceId(): string | null {
    return this.record.eventType === 'CLOCK' ? null : this.record.documentId;
  }
}

/** What ScriptApp needs to know about where it runs. */
export interface TriggerSite {
  context: ServiceContext;
  store: TriggerStore;
  documentId: string;
}

function checkWhole(value: unknown, method: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new AppsScriptException(`Invalid argument: ${method}`);
  return value;
}

/** Shared by the clock and spreadsheet builders: the add-on and per-user limits, then the record. */
function createTrigger(site: TriggerSite, handler: string, eventType: EventTypeName, schedule: ClockSchedule | null): TriggerFake {
  const { store, context } = site;
  const userEmail = context.runtime.userEmail;
  const mine = store.ofUser(userEmail);
  if (mine.length >= MAX_TRIGGERS_PER_USER) {
    throw new AppsScriptException('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
  }
  if (store.addon) {
    if (schedule?.every === 'minutes') throw new AppsScriptException('Add-ons may not create time-based triggers to run more frequently than once per hour.');
    if (mine.some((trigger) => trigger.eventType === eventType && trigger.documentId === site.documentId)) {
      throw new AppsScriptException(`This add-on has created too many ${EVENT_WORDS[eventType]} triggers in this document for this Google user account.`);
    }
  }
  const record: TriggerRecord = {
    uniqueId: store.newUniqueId(),
    handler,
    eventType,
    userEmail,
    documentId: site.documentId,
    schedule,
    nextRunMs: schedule ? nextRunAfter(schedule, context.runtime.clock.now(), true) : null,
  };
  store.triggers.push(record);
  return new TriggerFake(record);
}

class ClockTriggerBuilderFake {
  private recurrence: { every: ClockSchedule['every']; interval: number } | null = null;
  private hour: number | null = null;
  private minute = 0;
  private weekDay: WeekDayName | null = null;
  private timeZone: string;

  constructor(
    private readonly site: TriggerSite,
    private readonly handler: string,
  ) {
    this.timeZone = site.context.runtime.scriptTimeZone;
  }

  private step(method: string, body: () => void): ClockTriggerBuilderFake {
    return this.site.context.call(`ClockTriggerBuilder.${method}`, 'write', SCOPES.triggers, () => {
      body();
      return this;
    });
  }

  private recur(every: ClockSchedule['every'], interval: unknown, allowed: readonly number[] | null, method: string): ClockTriggerBuilderFake {
    return this.step(method, () => {
      const value = checkWhole(interval, method);
      if (allowed && !allowed.includes(value)) throw new AppsScriptException(`The frequency must be one of ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}.`);
      if (value < 1) throw new AppsScriptException(`Invalid argument: ${method}`);
      this.recurrence = { every, interval: value };
    });
  }

  everyMinutes(n: unknown): ClockTriggerBuilderFake {
    return this.recur('minutes', n, [1, 5, 10, 15, 30], 'everyMinutes');
  }

  everyHours(n: unknown): ClockTriggerBuilderFake {
    return this.recur('hours', n, [1, 2, 4, 6, 8, 12], 'everyHours');
  }

  everyDays(n: unknown): ClockTriggerBuilderFake {
    return this.recur('days', n, null, 'everyDays');
  }

  everyWeeks(n: unknown): ClockTriggerBuilderFake {
    return this.recur('weeks', n, null, 'everyWeeks');
  }

  atHour(hour: unknown): ClockTriggerBuilderFake {
    return this.step('atHour', () => {
      const value = checkWhole(hour, 'atHour');
      if (value < 0 || value > 23) throw new AppsScriptException('Invalid argument: hour');
      this.hour = value;
    });
  }

  nearMinute(minute: unknown): ClockTriggerBuilderFake {
    return this.step('nearMinute', () => {
      const value = checkWhole(minute, 'nearMinute');
      if (value < 0 || value > 59) throw new AppsScriptException('Invalid argument: minute');
      this.minute = value;
    });
  }

  onWeekDay(day: unknown): ClockTriggerBuilderFake {
    return this.step('onWeekDay', () => {
      const name = enumName(day);
      if (!name || !(WEEK_DAYS as readonly string[]).includes(name)) throw new AppsScriptException('Invalid argument: day');
      this.weekDay = name as WeekDayName;
    });
  }

  inTimezone(timezone: unknown): ClockTriggerBuilderFake {
    return this.step('inTimezone', () => {
      if (typeof timezone !== 'string' || !isKnownTimeZone(timezone)) throw new AppsScriptException('Invalid argument: timezone');
      this.timeZone = timezone;
    });
  }

  create(): TriggerFake {
    return this.site.context.call('ClockTriggerBuilder.create', 'write', SCOPES.triggers, () =>
      createTrigger(this.site, this.handler, 'CLOCK', this.schedule()),
    );
  }

  private schedule(): ClockSchedule {
    // onWeekDay alone is a weekly trigger.
    const recurrence = this.recurrence ?? (this.weekDay ? { every: 'weeks' as const, interval: 1 } : null);
    if (!recurrence) throw new AppsScriptException('A clock trigger needs a recurrence: everyMinutes, everyHours, everyDays, everyWeeks or onWeekDay.');
    const { every, interval } = recurrence;
    if (every === 'minutes' || every === 'hours') {
      if (this.hour !== null || this.weekDay !== null) throw new AppsScriptException('atHour and onWeekDay only apply to daily or weekly triggers.');
      return { every, interval };
    }
    if (every === 'days') {
      if (this.weekDay !== null) throw new AppsScriptException('onWeekDay only applies to weekly triggers.');
      return { every, interval, hour: this.hour, minute: this.minute, timeZone: this.timeZone };
    }
    if (this.weekDay === null) throw new AppsScriptException('A weekly trigger needs onWeekDay.');
    return { every, interval, weekDay: this.weekDay, hour: this.hour, minute: this.minute, timeZone: this.timeZone };
  }
}

class SpreadsheetTriggerBuilderFake {
  private eventType: EventTypeName | null = null;

  constructor(
    private readonly site: TriggerSite,
    private readonly handler: string,
  ) {}

  private on(eventType: EventTypeName, method: string): SpreadsheetTriggerBuilderFake {
    return this.site.context.call(`SpreadsheetTriggerBuilder.${method}`, 'write', SCOPES.triggers, () => {
      this.eventType = eventType;
      return this;
    });
  }

  onOpen(): SpreadsheetTriggerBuilderFake {
    return this.on('ON_OPEN', 'onOpen');
  }

  onEdit(): SpreadsheetTriggerBuilderFake {
    return this.on('ON_EDIT', 'onEdit');
  }

  onChange(): SpreadsheetTriggerBuilderFake {
    return this.on('ON_CHANGE', 'onChange');
  }

  onFormSubmit(): SpreadsheetTriggerBuilderFake {
    return this.on('ON_FORM_SUBMIT', 'onFormSubmit');
  }

  create(): TriggerFake {
    return this.site.context.call('SpreadsheetTriggerBuilder.create', 'write', SCOPES.triggers, () => {
      if (!this.eventType) throw new AppsScriptException('A spreadsheet trigger needs an event: onOpen, onEdit, onChange or onFormSubmit.');
      return createTrigger(this.site, this.handler, this.eventType, null);
    });
  }
}

class TriggerBuilderFake {
  constructor(
    private readonly site: TriggerSite,
    private readonly handler: string,
  ) {}

  timeBased(): ClockTriggerBuilderFake {
    return this.site.context.call('TriggerBuilder.timeBased', 'write', SCOPES.triggers, () => new ClockTriggerBuilderFake(this.site, this.handler));
  }

  /** The current spreadsheet (an add-on may only use its own document). */
  forSpreadsheet(spreadsheet: unknown): SpreadsheetTriggerBuilderFake {
    return this.site.context.call('TriggerBuilder.forSpreadsheet', 'write', SCOPES.triggers, () => {
      const id = typeof spreadsheet === 'string' ? spreadsheet : documentIdOf(spreadsheet);
      if (id !== this.site.documentId) throw new AppsScriptException('Add-ons can only create triggers for the current document.');
      return new SpreadsheetTriggerBuilderFake(this.site, this.handler);
    });
  }
}

/** The id of a Spreadsheet object the script passes back (anything with getId()). */
function documentIdOf(spreadsheet: unknown): string | null {
  if (typeof spreadsheet !== 'object' || spreadsheet === null || !('getId' in spreadsheet) || typeof spreadsheet.getId !== 'function') return null;
  const id: unknown = spreadsheet.getId();
  return typeof id === 'string' ? id : null;
}

export class ScriptAppFake {
  readonly AuthMode = AuthMode;
  readonly EventType = EventType;
  readonly TriggerSource = TriggerSource;
  readonly WeekDay = WeekDay;

  constructor(private readonly site: TriggerSite) {}

  private call<T>(method: string, body: () => T): T {
    return this.site.context.call(`ScriptApp.${method}`, 'write', SCOPES.triggers, body);
  }

  private userTriggers(): TriggerRecord[] {
    return this.site.store.ofUser(this.site.context.runtime.userEmail);
  }

  newTrigger(functionName: unknown): TriggerBuilderFake {
    return this.call('newTrigger', () => {
      if (typeof functionName !== 'string' || functionName === '') throw new AppsScriptException('Invalid argument: functionName');
      return new TriggerBuilderFake(this.site, functionName);
    });
  }

  /** The current user's triggers of this script. */
  getProjectTriggers(): TriggerFake[] {
    return this.call('getProjectTriggers', () => this.userTriggers().map((record) => new TriggerFake(record)));
  }

  /** The current user's triggers of this script in the given document. */
  getUserTriggers(document: unknown): TriggerFake[] {
    return this.call('getUserTriggers', () => {
      const id = documentIdOf(document);
      return this.userTriggers()
        .filter((record) => record.documentId === id)
        .map((record) => new TriggerFake(record));
    });
  }

  deleteTrigger(trigger: unknown): void {
    this.call('deleteTrigger', () => {
      if (!(trigger instanceof TriggerFake)) throw new AppsScriptException('Invalid argument: trigger');
      this.site.store.remove(trigger.record.uniqueId);
    });
  }
}

/** One trigger execution the scheduler ran. */
export interface TriggerRun {
  uniqueId: string;
  handler: string;
  atMs: number;
  outcome: ExecutionOutcome;
}

/** The event object Apps Script passes a clock trigger's handler (fields in UTC, as Apps Script gives them). */
function clockEvent(record: TriggerRecord, atMs: number): Record<string, unknown> {
  const at = new Date(atMs);
  const dayOfWeek = at.getUTCDay() === 0 ? 7 : at.getUTCDay();
  const thursday = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 4 - dayOfWeek));
  const weekOfYear = Math.ceil(((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / DAY_MS + 1) / 7);
  return {
    authMode: AuthMode.FULL,
    triggerUid: record.uniqueId,
    'day-of-month': at.getUTCDate(),
    'day-of-week': dayOfWeek,
    hour: at.getUTCHours(),
    minute: at.getUTCMinutes(),
    month: at.getUTCMonth() + 1,
    second: at.getUTCSeconds(),
    timezone: 'UTC',
    'week-of-year': weekOfYear,
    year: at.getUTCFullYear(),
  };
}

/**
 * Fires due clock triggers as virtual time passes. `runDue(untilMs)` moves the shared clock to
 * each due time in turn (never backwards), runs the handler as a trigger execution with its event
 * object, calls `afterRun` (the spreadsheet recalculates what the run changed), and finally moves
 * the clock to `untilMs`.
 */
export class TriggerScheduler {
  readonly runs: TriggerRun[] = [];

  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly store: TriggerStore,
    private readonly afterRun: () => void,
  ) {}

  private get clock(): SharedClock {
    return this.runtime.clock;
  }

  runDue(untilMs: number): TriggerRun[] {
    const ran: TriggerRun[] = [];
    for (;;) {
      const due = this.store.triggers
        .filter((trigger) => trigger.nextRunMs !== null && trigger.nextRunMs <= untilMs)
        .sort((a, b) => (a.nextRunMs as number) - (b.nextRunMs as number));
      const next = due[0];
      if (!next?.schedule || next.nextRunMs === null) break;
      this.clock.advanceTo(next.nextRunMs);
      const atMs = this.clock.now();
      next.nextRunMs = nextRunAfter(next.schedule, next.nextRunMs, false);
      const outcome = this.runtime.runExecution(next.handler, [clockEvent(next, atMs)], { trigger: true });
      this.afterRun();
      const run = { uniqueId: next.uniqueId, handler: next.handler, atMs, outcome };
      ran.push(run);
      this.runs.push(run);
    }
    this.clock.advanceTo(untilMs);
    return ran;
  }
}
