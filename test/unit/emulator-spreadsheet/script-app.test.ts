import { harness } from './stub-runtime';

const HOUR_MS = 3_600_000;

function triggers(options: Parameters<typeof harness>[1] = {}) {
  const events: Record<string, unknown>[] = [];
  const setup = harness(
    ({ SpreadsheetApp }) => ({
      onSchedule: (event: Record<string, unknown>) => {
        events.push(event);
        const sheet = SpreadsheetApp.getActiveSheet();
        sheet.getRange(sheet.getLastRow() + 1, 1).setValue(`run ${events.length}`);
      },
      failing: () => {
        throw new Error('Everflow is down');
      },
    }),
    options,
  );
  return { ...setup, ScriptApp: setup.globals.ScriptApp, events };
}

describe('ScriptApp triggers', () => {
  it('creates, lists and deletes a trigger', () => {
    const { ScriptApp, globals } = triggers();
    const trigger = ScriptApp.newTrigger('onSchedule').timeBased().everyHours(1).create();
    expect(trigger.getHandlerFunction()).toBe('onSchedule');
    expect(trigger.getEventType()).toBe(ScriptApp.EventType.CLOCK);
    expect(String(trigger.getTriggerSource())).toBe('CLOCK');
    const spreadsheet = globals.SpreadsheetApp.getActiveSpreadsheet();
    expect(ScriptApp.getUserTriggers(spreadsheet).map((listed) => listed.getUniqueId())).toEqual([trigger.getUniqueId()]);
    ScriptApp.deleteTrigger(ScriptApp.getProjectTriggers()[0]);
    expect(ScriptApp.getProjectTriggers()).toEqual([]);
  });

  it('refuses add-on time triggers more often than hourly', () => {
    const { ScriptApp } = triggers();
    expect(() => ScriptApp.newTrigger('onSchedule').timeBased().everyMinutes(30).create()).toThrow(
      'Add-ons may not create time-based triggers to run more frequently than once per hour.',
    );
  });

  it('allows everyMinutes in a script that is not an add-on, with Apps Script intervals', () => {
    const { ScriptApp } = triggers({ addon: false });
    expect(ScriptApp.newTrigger('onSchedule').timeBased().everyMinutes(15).create().getHandlerFunction()).toBe('onSchedule');
    expect(() => ScriptApp.newTrigger('onSchedule').timeBased().everyMinutes(7)).toThrow('The frequency must be one of 1, 5, 10, 15 or 30.');
    expect(() => ScriptApp.newTrigger('onSchedule').timeBased().everyHours(3)).toThrow('The frequency must be one of 1, 2, 4, 6, 8 or 12.');
  });

  it('refuses a second add-on trigger of the same type in the document', () => {
    const { ScriptApp, globals } = triggers();
    ScriptApp.newTrigger('onSchedule').timeBased().everyHours(6).create();
    expect(() => ScriptApp.newTrigger('onSchedule').timeBased().atHour(9).everyDays(1).create()).toThrow(
      'This add-on has created too many time-based triggers in this document for this Google user account.',
    );
    const spreadsheet = globals.SpreadsheetApp.getActiveSpreadsheet();
    ScriptApp.newTrigger('onSchedule').forSpreadsheet(spreadsheet).onEdit().create();
    expect(() => ScriptApp.newTrigger('onSchedule').forSpreadsheet(spreadsheet).onEdit().create()).toThrow(
      'This add-on has created too many edit triggers in this document for this Google user account.',
    );
  });

  it('refuses a 21st trigger for the user', () => {
    const { ScriptApp } = triggers({ addon: false });
    for (let count = 0; count < 20; count++) ScriptApp.newTrigger('onSchedule').timeBased().everyHours(1).create();
    expect(() => ScriptApp.newTrigger('onSchedule').timeBased().everyHours(1).create()).toThrow(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
  });

  it('validates the schedule', () => {
    const { ScriptApp } = triggers();
    expect(() => ScriptApp.newTrigger('onSchedule').timeBased().atHour(24)).toThrow('Invalid argument: hour');
    expect(() => ScriptApp.newTrigger('onSchedule').timeBased().inTimezone('Nowhere/Land')).toThrow('Invalid argument: timezone');
    expect(() => ScriptApp.newTrigger('onSchedule').timeBased().atHour(9).create()).toThrow('A clock trigger needs a recurrence');
  });
});

describe('TriggerScheduler', () => {
  it('runs an hourly trigger once an hour on the virtual clock, with its event object, and recalculates after each run', () => {
    const { ScriptApp, state, clock, events } = triggers();
    const start = clock.now();
    const trigger = ScriptApp.newTrigger('onSchedule').timeBased().everyHours(1).create();
    const runs = state.scheduler.runDue(start + 3.5 * HOUR_MS);
    expect(runs.map((run) => run.atMs - start)).toEqual([HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS]);
    expect(runs.every((run) => run.outcome.ok)).toBe(true);
    expect(clock.now()).toBe(start + 3.5 * HOUR_MS);
    expect(events[0]).toMatchObject({ authMode: ScriptApp.AuthMode.FULL, triggerUid: trigger.getUniqueId(), timezone: 'UTC', hour: 13, minute: 0 });
    expect(state.spreadsheet.sheet('Sheet1').valueAt(3, 1)).toBe('run 3');
  });

  it('runs a daily trigger at its hour in its zone', () => {
    const { ScriptApp, state, clock } = triggers();
    // The virtual clock starts at 12:00 UTC; 09:00 in New York (EST) is 14:00 UTC.
    ScriptApp.newTrigger('onSchedule').timeBased().atHour(9).nearMinute(30).everyDays(1).inTimezone('America/New_York').create();
    const runs = state.scheduler.runDue(clock.now() + 48 * HOUR_MS);
    expect(runs.map((run) => new Date(run.atMs).toISOString())).toEqual(['2026-11-21T14:30:00.000Z', '2026-11-22T14:30:00.000Z']);
  });

  it('runs a weekly trigger on its day', () => {
    const { ScriptApp, state, clock } = triggers();
    ScriptApp.newTrigger('onSchedule').timeBased().onWeekDay(ScriptApp.WeekDay.MONDAY).atHour(6).create();
    const runs = state.scheduler.runDue(clock.now() + 15 * 24 * HOUR_MS);
    expect(runs.map((run) => new Date(run.atMs).toISOString())).toEqual(['2026-11-23T06:00:00.000Z', '2026-11-30T06:00:00.000Z']);
  });

  it('records a failing run and stops running a deleted trigger', () => {
    const { ScriptApp, state, clock } = triggers();
    const trigger = ScriptApp.newTrigger('failing').timeBased().everyHours(2).create();
    const [run] = state.scheduler.runDue(clock.now() + 2 * HOUR_MS);
    expect(run?.outcome).toMatchObject({ ok: false, error: 'Everflow is down' });
    ScriptApp.deleteTrigger(trigger);
    expect(state.scheduler.runDue(clock.now() + 10 * HOUR_MS)).toEqual([]);
    expect(state.scheduler.runs).toHaveLength(1);
  });
});
