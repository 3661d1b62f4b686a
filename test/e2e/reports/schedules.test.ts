/**
 * Schedules through the one hourly trigger, fired by the emulator's scheduler on the virtual
 * clock, in a spreadsheet in New York across the spring-forward night; and the trigger rules.
 */
import type { ReportDefinitionInput } from '../../../src/app/reports/definition';
import { SharedClock } from '../../../test-support/clock';
import type { AddOnHarness } from '../../../test-support/harness';
import { IntlZoneRules } from '../../../test-support/intl-zone-rules';
import { installReport, reportStore, syncLogLines } from '../../../tools/runner/report-document';
import { reportsTrigger } from '../../../tools/runner/report-runs';
import { fireTrigger, HOUR_MS, startReportsHarness } from '../support-reports/reports-harness';

const ZONE = 'America/New_York';
const zones = new IntlZoneRules();
/** Wednesday 2026-03-04 12:07 in New York (EST); the clocks jump from 02:00 to 03:00 on Sunday 2026-03-08. */
const START_MS = Date.UTC(2026, 2, 4, 17, 7);

const invoicesReport = (id: string, schedule: ReportDefinitionInput['schedule'], enabled = true): ReportDefinitionInput => ({
  id,
  name: id,
  kind: 'invoices',
  mode: 'replace',
  sheet: id,
  schedule,
  enabled,
});

/** "2026-03-08 03:07 Sun" in New York. */
function wallText(epochMs: number): string {
  const wall = zones.wallClockAt(epochMs, ZONE);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay()];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)} ${day}`;
}

describe('schedules in the spreadsheet time zone', () => {
  let harness: AddOnHarness;
  let firings: number[];
  const runsOf = (id: string): string[] =>
    syncLogLines(harness)
      .filter((line) => line.report === id)
      .map((line) => `${wallText(line.atMs)} ${line.result}`);

  beforeAll(async () => {
    harness = await startReportsHarness({ clock: SharedClock.virtual(START_MS), api: { invoiceCount: 5 }, spreadsheetTimeZone: ZONE });
    installReport(harness, invoicesReport('hourly', { frequency: 'hourly' }));
    installReport(harness, invoicesReport('every-4', { frequency: 'every-4-hours' }));
    installReport(harness, invoicesReport('daily-2', { frequency: 'daily', hour: 2 }));
    installReport(harness, invoicesReport('monday-7', { frequency: 'weekly', day: 'monday', hour: 7 }));
    installReport(harness, invoicesReport('paused', { frequency: 'daily', hour: 6 }, false));
    installReport(harness, invoicesReport('by-hand', { frequency: 'none' }));
    firings = [];
    // Five days of hourly firings, each at a minute past the hour as Google picks it.
    while (harness.clock.now() < START_MS + 5 * 24 * HOUR_MS) {
      const outcome = fireTrigger(harness);
      expect(outcome).toMatchObject({ ok: true });
      firings.push(harness.clock.now());
    }
  });
  afterAll(async () => {
    await harness.close();
  });

  it('fires the one trigger every hour', () => {
    expect(harness.sheets.triggers.triggers).toHaveLength(1);
    expect(firings).toHaveLength(5 * 24);
    expect(firings.every((at, index) => index === 0 || at - (firings[index - 1] ?? 0) === HOUR_MS)).toBe(true);
  });

  it('runs an hourly report at every firing, real hours across the jump', () => {
    const runs = runsOf('hourly');
    expect(runs).toHaveLength(firings.length);
    expect(runs).toContain('2026-03-08 01:07 Sun ok');
    expect(runs).toContain('2026-03-08 03:07 Sun ok');
    expect(runs.filter((run) => run.startsWith('2026-03-08 '))).toHaveLength(23);
  });

  it('runs an every-4-hours report at the wall-clock hours divisible by 4', () => {
    const runs = runsOf('every-4');
    expect(runs.every((run) => /^\S+ (00|04|08|12|16|20):07 \w+ ok$/.test(run))).toBe(true);
    expect(runs.slice(0, 4)).toEqual(['2026-03-04 16:07 Wed ok', '2026-03-04 20:07 Wed ok', '2026-03-05 00:07 Thu ok', '2026-03-05 04:07 Thu ok']);
    expect(runs.filter((run) => run.startsWith('2026-03-08 '))).toEqual(['2026-03-08 00:07 Sun ok', '2026-03-08 04:07 Sun ok', '2026-03-08 08:07 Sun ok', '2026-03-08 12:07 Sun ok', '2026-03-08 16:07 Sun ok', '2026-03-08 20:07 Sun ok']);
  });

  it('runs a daily report once a day at its hour, and when the clock jumps past a missing hour', () => {
    expect(runsOf('daily-2')).toEqual([
      '2026-03-05 02:07 Thu ok',
      '2026-03-06 02:07 Fri ok',
      '2026-03-07 02:07 Sat ok',
      '2026-03-08 03:07 Sun ok',
      '2026-03-09 02:07 Mon ok',
    ]);
  });

  it('runs a weekly report on its day at its hour', () => {
    expect(runsOf('monday-7')).toEqual(['2026-03-09 07:07 Mon ok']);
  });

  it('never runs a paused report or one without a schedule', () => {
    expect(runsOf('paused')).toEqual([]);
    expect(runsOf('by-hand')).toEqual([]);
    expect(harness.sheets.spreadsheet.sheetByName('paused')).toBeNull();
  });
});

describe('the fall-back night', () => {
  it('runs a daily slot in the repeated hour once, and an hourly report every real hour', async () => {
    // Saturday 2026-10-31 12:07 in New York (EDT); 01:00-02:00 happens twice on Sunday 2026-11-01.
    const harness = await startReportsHarness({ clock: SharedClock.virtual(Date.UTC(2026, 9, 31, 16, 7)), api: { invoiceCount: 2 }, spreadsheetTimeZone: ZONE });
    try {
      installReport(harness, invoicesReport('hourly', { frequency: 'hourly' }));
      installReport(harness, invoicesReport('daily-1', { frequency: 'daily', hour: 1 }));
      for (let firing = 0; firing < 48; firing += 1) expect(fireTrigger(harness)).toMatchObject({ ok: true });
      const runsOf = (id: string): string[] => syncLogLines(harness).flatMap((line) => (line.report === id ? [wallText(line.atMs)] : []));
      expect(runsOf('daily-1')).toEqual(['2026-11-01 01:07 Sun', '2026-11-02 01:07 Mon']);
      const sunday = runsOf('hourly').filter((run) => run.startsWith('2026-11-01 '));
      expect(sunday).toHaveLength(25);
      expect(sunday.filter((run) => run === '2026-11-01 01:07 Sun')).toHaveLength(2);
    } finally {
      await harness.close();
    }
  });
});

describe('the trigger rules', () => {
  let harness: AddOnHarness;
  beforeEach(async () => {
    harness = await startReportsHarness({ api: { invoiceCount: 3 } });
  });
  afterEach(async () => {
    await harness.close();
  });

  it('installs one hourly trigger with the first schedule, keeps it while any schedule is left, removes it with the last', () => {
    expect(installReport(harness, invoicesReport('by-hand', { frequency: 'none' })).trigger).toBe('unchanged');
    expect(harness.sheets.triggers.triggers).toEqual([]);

    expect(installReport(harness, invoicesReport('first', { frequency: 'hourly' })).trigger).toBe('installed');
    const installed = reportsTrigger(harness);
    expect(installed).toMatchObject({ handler: 'onReportsTrigger', eventType: 'CLOCK', schedule: { every: 'hours', interval: 1 }, userEmail: 'user@example.com' });

    // More schedules, changed schedules: the same trigger, never a second one.
    expect(installReport(harness, invoicesReport('second', { frequency: 'daily', hour: 6 })).trigger).toBe('unchanged');
    expect(installReport(harness, invoicesReport('first', { frequency: 'weekly', day: 'friday', hour: 9 })).trigger).toBe('unchanged');
    expect(installReport(harness, invoicesReport('first', { frequency: 'none' })).trigger).toBe('unchanged');
    expect(harness.sheets.triggers.triggers).toEqual([installed]);

    // The last schedule paused: no trigger is left; a schedule again: one trigger again.
    expect(installReport(harness, invoicesReport('second', { frequency: 'daily', hour: 6 }, false)).trigger).toBe('removed');
    expect(harness.sheets.triggers.triggers).toEqual([]);
    expect(installReport(harness, invoicesReport('second', { frequency: 'daily', hour: 6 })).trigger).toBe('installed');
    expect(harness.sheets.triggers.triggers).toHaveLength(1);
  });

  it("keeps the rule when reports are saved through the bundle's sidebar call", () => {
    const form = { id: '', name: 'Unpaid', kind: 'invoices', status: 'unpaid', startDate: '', endDate: '', minBalance: '', maxBalance: '', lineType: '', sheet: 'Unpaid', mode: 'replace', frequency: 'hourly', hour: '', day: '', enabled: true };
    const save = (changes: Partial<typeof form>): void => {
      expect(harness.execute('sidebarSaveReport', { ...form, ...changes })).toMatchObject({ ok: true });
    };
    save({});
    const installed = reportsTrigger(harness);
    expect(installed).toMatchObject({ handler: 'onReportsTrigger', schedule: { every: 'hours', interval: 1 } });
    save({ name: 'Paid', status: 'paid', sheet: 'Paid', frequency: 'daily', hour: '6' });
    const idOf = (name: string): string => reportStore(harness).list().reports.find((report) => report.definition.name === name)?.definition.id ?? '';
    save({ id: idOf('Unpaid'), frequency: 'none' });
    expect(harness.sheets.triggers.triggers).toEqual([installed]);
    save({ id: idOf('Paid'), name: 'Paid', status: 'paid', sheet: 'Paid', frequency: 'daily', hour: '6', enabled: false });
    expect(harness.sheets.triggers.triggers).toEqual([]);
    // The bundle created one trigger and deleted it once: never a second.
    expect([harness.sheets.calls.count('ClockTriggerBuilder.create'), harness.sheets.calls.count('ScriptApp.deleteTrigger')]).toEqual([1, 1]);
  });

  it('removes every schedule and the trigger from the menu, keeping the reports', () => {
    installReport(harness, invoicesReport('first', { frequency: 'hourly' }));
    installReport(harness, invoicesReport('second', { frequency: 'every-2-hours' }));
    installReport(harness, invoicesReport('by-hand', { frequency: 'none' }));
    expect(harness.execute('menuRemoveSchedules')).toMatchObject({ ok: true });
    expect(harness.sheets.ui.dialogs.at(-1)?.prompt).toBe('2 report schedules removed; the reports stay and can be refreshed by hand. The hourly trigger was removed.');
    expect(harness.sheets.triggers.triggers).toEqual([]);
    // Nothing runs by schedule any more; "refresh all" still refreshes every report.
    expect(harness.execute('menuRefreshAll')).toMatchObject({ ok: true });
    expect(harness.sheets.ui.dialogs.at(-1)?.prompt).toMatch(/^by-hand: ok, .*\nfirst: ok, .*\nsecond: ok, /);
  });
});
