/** An installable time-driven trigger of the current user on the current document. */
export interface TimeTrigger {
  id: string;
  /** The name of the top-level function it calls. */
  handler: string;
}

/**
 * Time triggers (Apps Script ScriptApp). An editor add-on may hold one time trigger per user per
 * document, firing at most once an hour.
 */
export interface TriggerPort {
  /** This user's time-driven triggers on this document. */
  listTimeTriggers(): TimeTrigger[];
  createHourlyTrigger(handler: string): TimeTrigger;
  deleteTrigger(id: string): void;
}
