import { SharedClock } from '../../../test-support/clock';
import { TriggerRuntimeQuota, UrlFetchQuota } from '../../../test-support/emulator/daily-quota';
import { AppsScriptEmulator } from '../../../test-support/emulator/emulator';
import { writeBundle } from './support/bundle';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Midnight UTC of some day: the quotas' day boundary by default. */
const MIDNIGHT = Date.UTC(2026, 10, 30);

describe('daily quotas', () => {
  it('gives consumer and Workspace accounts their limits', () => {
    expect(new UrlFetchQuota().dailyLimit).toBe(20_000);
    expect(new UrlFetchQuota({ account: 'workspace' }).dailyLimit).toBe(100_000);
    expect(new TriggerRuntimeQuota().dailyLimitMs).toBe(90 * MINUTE_MS);
    expect(new TriggerRuntimeQuota({ account: 'workspace' }).dailyLimitMs).toBe(6 * 60 * MINUTE_MS);
  });

  it('refuses URL fetches past the limit with Apps Script words, counting none of a refused batch, until the day turns', () => {
    const quota = new UrlFetchQuota({ dailyLimit: 10 });
    const evening = MIDNIGHT + 20 * 3_600_000;
    quota.take(8, evening);
    expect(() => quota.take(3, evening)).toThrow('Service invoked too many times for one day: urlfetch.');
    expect(quota.used(evening)).toBe(8);
    expect(quota.refusals).toBe(1);
    quota.take(2, evening + 1);
    expect(() => quota.take(1, MIDNIGHT + DAY_MS - 1)).toThrow('Service invoked too many times for one day: urlfetch.');
    // The day boundary, not 24 hours after the first request.
    expect(quota.nextResetMs(evening)).toBe(MIDNIGHT + DAY_MS);
    quota.take(10, MIDNIGHT + DAY_MS);
  });

  it('turns the day at the offset it is given', () => {
    const quota = new TriggerRuntimeQuota({ dailyLimit: 1000, resetOffsetMs: 8 * 3_600_000 });
    quota.spend(1000, MIDNIGHT + 7 * 3_600_000);
    expect(quota.remainingMs(MIDNIGHT + 7.9 * 3_600_000)).toBe(0);
    expect(quota.remainingMs(MIDNIGHT + 8 * 3_600_000)).toBe(1000);
  });

  it("gives an emulator the account's quotas, or the ones it is handed", () => {
    const clock = SharedClock.virtual(MIDNIGHT);
    const bundleDir = writeBundle({ 'Code.js': 'function f() { return 1; }' });
    const workspace = AppsScriptEmulator.load({ bundleDir, clock, account: 'workspace' });
    const given = new UrlFetchQuota({ dailyLimit: 5 });
    const shared = AppsScriptEmulator.load({ bundleDir, clock, account: 'workspace', services: { urlFetchQuota: given } });
    try {
      expect(workspace.stores.urlFetchQuota.dailyLimit).toBe(100_000);
      expect(workspace.stores.triggerRuntimeQuota.dailyLimitMs).toBe(6 * 60 * MINUTE_MS);
      expect(shared.stores.urlFetchQuota).toBe(given);
      expect(shared.stores.triggerRuntimeQuota.dailyLimitMs).toBe(6 * 60 * MINUTE_MS);
    } finally {
      void workspace.close();
      void shared.close();
    }
  });

  describe('trigger runtime in the emulator', () => {
    const bundleDir = writeBundle({
      'Code.js': `
function work(minutes) { for (var i = 0; i < minutes; i++) Utilities.sleep(60000); return 'done'; }
function workCaught(minutes) {
  try { for (var i = 0; i < minutes; i++) Utilities.sleep(60000); } catch (e) { }
  try { PropertiesService.getUserProperties().setProperty('after', 'x'); return 'went on'; } catch (e) { return 'stopped: ' + e.message; }
}`,
    });
    let clock: SharedClock;
    let emulator: AppsScriptEmulator;

    beforeEach(() => {
      clock = SharedClock.virtual(MIDNIGHT + 3_600_000);
      emulator = AppsScriptEmulator.load({ bundleDir, clock, services: { triggerRuntimeQuota: new TriggerRuntimeQuota({ dailyLimit: 9 * MINUTE_MS }) } });
    });
    afterEach(() => emulator.close());

    it('spends only triggers: menu and sidebar executions run whatever is left', () => {
      expect(emulator.runExecution('work', [4], { trigger: true })).toEqual({ ok: true, value: 'done', elapsedMs: 4 * MINUTE_MS });
      expect(emulator.runExecution('work', [5])).toMatchObject({ ok: true });
      expect(emulator.stores.triggerRuntimeQuota.usedMs(clock.now())).toBe(4 * MINUTE_MS);
    });

    it('stops a trigger when the day runs out, whatever the script catches, and refuses the next until the reset', () => {
      expect(emulator.runExecution('work', [4], { trigger: true })).toMatchObject({ ok: true });
      expect(emulator.runExecution('workCaught', [9], { trigger: true })).toEqual({
        ok: false,
        error: 'Service using too much computer time for one day',
        elapsedMs: 5 * MINUTE_MS,
      });
      expect(emulator.userProperties.getProperty('after')).toBeNull();
      const before = clock.now();
      expect(emulator.runExecution('work', [1], { trigger: true })).toEqual({ ok: false, error: 'Service using too much computer time for one day', elapsedMs: 0 });
      expect(clock.now()).toBe(before);
      clock.advanceTo(MIDNIGHT + DAY_MS);
      expect(emulator.runExecution('work', [1], { trigger: true })).toMatchObject({ ok: true, value: 'done' });
    });
  });
});
