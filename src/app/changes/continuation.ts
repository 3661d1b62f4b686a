import { z } from 'zod';
import type { PropertiesPort } from '../../ports/properties';
import type { TriggerPort } from '../../ports/triggers';
import { REPORTS_TRIGGER_HANDLER } from '../reports/trigger-manager';

/*
 * An apply that stops with confirmed changes left (its execution's time ran out, the provider
 * could not be read, or the execution was killed at the 6-minute limit) carries on in a later
 * execution without asking again. The continuation is arranged before the first request goes out,
 * so even an execution killed mid-request is continued. Editor add-ons may
 * schedule time triggers at most once an hour and hold one per user per document, so the later
 * execution is the add-on's hourly trigger (installed for the user who confirmed when it is
 * missing); the user can also carry on at once by applying again. Either way only the journal's
 * confirmed changes are sent: a continuation never plans from the sheet, so edits made since the
 * review wait for a review of their own.
 */

/** Hourly triggers fire within an hour of each other (Apps Script does not say exactly when). */
export const CONTINUATION_WITHIN_MS = 60 * 60_000;

const PREFIX = 'changes-continue.';

const continuationSchema = z.object({
  reportId: z.string(),
  /** Who confirmed: the hourly trigger runs as its owner, with that user's key, so only that user's trigger continues it. */
  user: z.string(),
  /** When it was arranged (before sending), and the latest it continues by once stopped. */
  sinceMs: z.number(),
  continueByMs: z.number(),
  /** True once an execution ended with changes left (not just arranged in case one does). */
  stopped: z.boolean(),
});

export type Continuation = z.infer<typeof continuationSchema>;

/** Stopped applies waiting to continue, one per editable report, in document properties. */
export class ContinuationStore {
  constructor(private readonly properties: PropertiesPort) {}

  list(): Continuation[] {
    return this.properties
      .keys()
      .filter((key) => key.startsWith(PREFIX))
      .flatMap((key) => {
        const parsed = continuationSchema.safeParse(safeJson(this.properties.get(key)));
        // An unreadable record is dropped: the journal still holds the changes, and applying again carries on.
        if (!parsed.success) this.properties.delete(key);
        return parsed.success ? [parsed.data] : [];
      });
  }

  get(reportId: string): Continuation | null {
    return this.list().find((record) => record.reportId === reportId) ?? null;
  }

  put(record: Continuation): void {
    this.properties.set(PREFIX + record.reportId, JSON.stringify(record));
  }

  remove(reportId: string): void {
    this.properties.delete(PREFIX + reportId);
  }
}

function safeJson(text: string | null): unknown {
  try {
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Makes sure this user's hourly trigger exists (the reports' trigger: one handler both continues
 * stopped applies and refreshes due reports). False when it cannot be installed (e.g. the user
 * has used every trigger the platform allows): then only applying again continues.
 */
export function ensureContinuationTrigger(triggers: TriggerPort): boolean {
  try {
    if (!triggers.listTimeTriggers().some((trigger) => trigger.handler === REPORTS_TRIGGER_HANDLER)) triggers.createHourlyTrigger(REPORTS_TRIGGER_HANDLER);
    return true;
  } catch {
    return false;
  }
}

/** "2026-11-21 13:05 UTC": when a stopped apply continues at the latest, as Apply result and the Audit log say it. */
export function continueByText(atMs: number): string {
  return `${new Date(atMs).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}
