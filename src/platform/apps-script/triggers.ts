import type { TimeTrigger, TriggerPort } from '../../ports/triggers';

/** ScriptApp's installable triggers of the current user on the active spreadsheet. */
export class AppsScriptTriggers implements TriggerPort {
  private clockTriggers(): GoogleAppsScript.Script.Trigger[] {
    return ScriptApp.getUserTriggers(SpreadsheetApp.getActive()).filter((trigger) => trigger.getEventType() === ScriptApp.EventType.CLOCK);
  }

  listTimeTriggers(): TimeTrigger[] {
    return this.clockTriggers().map((trigger) => ({ id: trigger.getUniqueId(), handler: trigger.getHandlerFunction() }));
  }

  createHourlyTrigger(handler: string): TimeTrigger {
    const trigger = ScriptApp.newTrigger(handler).timeBased().everyHours(1).create();
    return { id: trigger.getUniqueId(), handler: trigger.getHandlerFunction() };
  }

  deleteTrigger(id: string): void {
    const trigger = this.clockTriggers().find((candidate) => candidate.getUniqueId() === id);
    if (trigger) ScriptApp.deleteTrigger(trigger);
  }
}
