import { DEFAULT_VIRTUAL_START_MS, REAL_HANG_GUARD_MS, SharedClock } from '../../../test-support/clock';
import { AppsScriptEmulator, toPlainGrid } from '../../../test-support/emulator/emulator';
import type { EmulatorRuntime } from '../../../test-support/emulator/runtime';
import { ScriptRealm } from '../../../test-support/emulator/script-realm';
import { writeBundle } from './support/bundle';

/** An IIFE assigning a global, then top-level wrappers: the shape of dist/Code.js. */
const CODE = `
var AddOn = (function () {
  var calls = 0;
  return {
    count: function () { calls += 1; return calls; },
    now: function () { return new Date(); },
  };
})();
function COUNT() { return AddOn.count(); }
function NOW_MS() { return [Date.now(), new Date().getTime(), AddOn.now() instanceof Date, typeof Date()]; }
function ECHO_GRID(grid) { return [Array.isArray(grid), grid instanceof Array, grid[1][0] instanceof Date, grid]; }
function SPILL() { return [[1, 'a', true], [new Date(Date.UTC(2026, 0, 2))], ['x', null, undefined]]; }
function COLUMN() { return [1, 2, 3]; }
function THROWS() { throw new Error('bad argument: 42'); }
function THROWS_STRING() { throw 'plain string'; }
function SLEEP_31S_CAUGHT() {
  try { Utilities.sleep(31000); } catch (e) { /* swallowed */ }
  return 'finished anyway';
}
function SLEEP_31S_THEN_WORK() {
  try { Utilities.sleep(31000); } catch (e) { }
  try { CacheService.getScriptCache().put('k', 'v'); return 'cache still usable'; } catch (e) { return 'second: ' + e.message; }
}
function SLEEP_29S() { Utilities.sleep(29000); return 'ok'; }
function longJob(minutes) { for (var i = 0; i < minutes; i++) Utilities.sleep(60000); return 'done'; }
function readSheet() { return SpreadsheetApp.getActive().getName(); }
function writeSheet() { SpreadsheetApp.getActive().rename('x'); return 'renamed'; }
function sendMail() { MailApp.sendEmail('a@example.com', 'subject', 'body'); return 'sent'; }
function logSome() { Logger.log('answer is %s', 42); console.warn('careful', { a: 1 }); return Logger.getLog(); }
function whoAmI() { return [Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail(), Session.getScriptTimeZone()]; }
function TOP_LEVEL_COUNTER() { return typeof topLevelCounter === 'number' ? ++topLevelCounter : 'none'; }
`;
const SECOND_FILE = `
var topLevelCounter = 10;
var seenAddOn = typeof AddOn;
function FILE_ORDER() { return seenAddOn; }
`;

interface FakeSpreadsheet {
  name: string;
}

/** A stand-in for the spreadsheet helper's fakes: reads are allowed in custom functions, writes are not. */
function spreadsheetGlobals(runtime: EmulatorRuntime, sheet: FakeSpreadsheet): Record<string, unknown> {
  const spreadsheet = {
    getName: () => runtime.invoke('Spreadsheet.getName', () => sheet.name, { access: 'read' }),
    rename: (name: string) =>
      runtime.invoke('Spreadsheet.rename', () => {
        sheet.name = name;
      }),
  };
  return {
    SpreadsheetApp: { getActive: () => runtime.invoke('SpreadsheetApp.getActive', () => spreadsheet, { access: 'read' }) },
    MailApp: { sendEmail: () => runtime.invoke('MailApp.sendEmail', () => undefined, { scopes: ['https://www.googleapis.com/auth/script.send_mail'] }) },
  };
}

describe('AppsScriptEmulator', () => {
  let clock: SharedClock;
  let sheet: FakeSpreadsheet;
  let emulator: AppsScriptEmulator;
  let bundleDir: string;

  beforeEach(() => {
    clock = SharedClock.virtual();
    sheet = { name: 'Invoices' };
    bundleDir = writeBundle({ 'Code.js': CODE, 'Z.js': SECOND_FILE });
    emulator = AppsScriptEmulator.load({ bundleDir, clock, extraGlobals: (runtime) => spreadsheetGlobals(runtime, sheet) });
  });

  afterEach(async () => {
    await emulator.close();
  });

  describe('globals', () => {
    it('gives every call fresh globals, as Apps Script does', () => {
      expect(emulator.callCustomFunction('COUNT', [])).toMatchObject({ ok: true, value: 1 });
      expect(emulator.callCustomFunction('COUNT', [])).toMatchObject({ ok: true, value: 1 });
      expect(emulator.runExecution('TOP_LEVEL_COUNTER', [])).toMatchObject({ ok: true, value: 11 });
      expect(emulator.runExecution('TOP_LEVEL_COUNTER', [])).toMatchObject({ ok: true, value: 11 });
    });

    it('loads every .js file into one global scope, in name order', () => {
      expect(emulator.runExecution('FILE_ORDER', [])).toMatchObject({ ok: true, value: 'object' });
    });

    it('reports an unknown or private function as Sheets and Apps Script do', () => {
      expect(emulator.callCustomFunction('MISSING', [])).toEqual({ ok: false, error: 'Unknown function: MISSING', elapsedMs: 0 });
      expect(emulator.runExecution('missing', [])).toEqual({ ok: false, error: 'Script function not found: missing', elapsedMs: 0 });
      const privateOnly = AppsScriptEmulator.load({ bundleDir: writeBundle({ 'Code.js': 'function helper_() { return 1; }' }), clock });
      expect(privateOnly.callCustomFunction('helper_', [])).toMatchObject({ ok: false, error: 'Unknown function: helper_' });
      expect(privateOnly.runExecution('helper_', [])).toMatchObject({ ok: false, error: 'Script function not found: helper_' });
    });

    it('rejects a bundle with a syntax error at load', () => {
      expect(() => AppsScriptEmulator.load({ bundleDir: writeBundle({ 'Code.js': 'function (' }), clock })).toThrow('Function statements require a function name');
    });
  });

  describe('Date on the shared clock', () => {
    it('reads "now" from the virtual clock and moves with it', () => {
      expect(emulator.callCustomFunction('NOW_MS', [])).toMatchObject({ ok: true, value: [DEFAULT_VIRTUAL_START_MS, DEFAULT_VIRTUAL_START_MS, true, 'string'] });
      clock.advance(90_000);
      expect(emulator.callCustomFunction('NOW_MS', [])).toMatchObject({ ok: true, value: [DEFAULT_VIRTUAL_START_MS + 90_000, DEFAULT_VIRTUAL_START_MS + 90_000, true, 'string'] });
    });
  });

  describe('custom functions', () => {
    it('receives arguments as values of the script realm (arrays, Dates)', () => {
      const when = new Date(Date.UTC(2026, 4, 1));
      const outcome = emulator.callCustomFunction('ECHO_GRID', [[['a', 1], [when, true]]]);
      expect(outcome).toMatchObject({ ok: true, value: [true, true, true, [['a', 1], [when, true]]] });
    });

    it('returns values as produced; toPlainGrid lays them out as Sheets would', () => {
      const outcome = emulator.callCustomFunction('SPILL', []);
      expect(outcome.ok).toBe(true);
      expect(toPlainGrid(outcome.ok ? outcome.value : null)).toEqual([
        [1, 'a', true],
        [new Date(Date.UTC(2026, 0, 2)), null, null],
        ['x', null, null],
      ]);
      const column = emulator.callCustomFunction('COLUMN', []);
      expect(toPlainGrid(column.ok ? column.value : null)).toEqual([[1], [2], [3]]);
      expect(toPlainGrid('scalar')).toEqual([['scalar']]);
    });

    it('shows a thrown error by its message', () => {
      expect(emulator.callCustomFunction('THROWS', [])).toEqual({ ok: false, error: 'bad argument: 42', elapsedMs: 0 });
      expect(emulator.callCustomFunction('THROWS_STRING', [])).toEqual({ ok: false, error: 'plain string', elapsedMs: 0 });
    });

    it('fails after 30 s of clock time even when the script catches the timeout', () => {
      expect(emulator.callCustomFunction('SLEEP_31S_CAUGHT', [])).toEqual({ ok: false, error: 'Exceeded maximum execution time', elapsedMs: 30_000 });
      expect(clock.now()).toBe(DEFAULT_VIRTUAL_START_MS + 30_000);
    });

    it('makes every service call throw again once the deadline has passed', () => {
      expect(emulator.callCustomFunction('SLEEP_31S_THEN_WORK', [])).toMatchObject({ ok: false, error: 'Exceeded maximum execution time' });
      expect(emulator.scriptCache.get('k')).toBeNull();
    });

    it('is ended by virtual time only: the real-time watchdog waits for a hang, however long a busy machine takes', () => {
      const topLevels = jest.spyOn(ScriptRealm.prototype, 'runScript');
      const calls = jest.spyOn(ScriptRealm.prototype, 'callGlobal');
      try {
        expect(emulator.callCustomFunction('SLEEP_29S', [])).toMatchObject({ ok: true });
        expect(emulator.runExecution('whoAmI', [])).toMatchObject({ ok: true });
        const watchdogs = [...topLevels.mock.calls.map((call) => call[1]), ...calls.mock.calls.map((call) => call[2])];
        expect(watchdogs.length).toBeGreaterThan(0);
        expect(new Set(watchdogs)).toEqual(new Set([REAL_HANG_GUARD_MS]));
      } finally {
        jest.restoreAllMocks();
      }
    });

    it('finishes under the deadline', () => {
      expect(emulator.callCustomFunction('SLEEP_29S', [])).toEqual({ ok: true, value: 'ok', elapsedMs: 29_000 });
    });

    it('may read the spreadsheet but not change it, nor use other services', () => {
      expect(emulator.callCustomFunction('readSheet', [])).toMatchObject({ ok: true, value: 'Invoices' });
      expect(emulator.callCustomFunction('writeSheet', [])).toMatchObject({ ok: false, error: 'You do not have permission to call Spreadsheet.rename' });
      expect(emulator.callCustomFunction('sendMail', [])).toMatchObject({ ok: false, error: 'You do not have permission to call MailApp.sendEmail' });
      expect(sheet.name).toBe('Invoices');
    });

    it('does not learn who the user is', () => {
      expect(emulator.callCustomFunction('whoAmI', [])).toMatchObject({ ok: true, value: ['', '', 'Etc/UTC'] });
      expect(emulator.runExecution('whoAmI', [])).toMatchObject({ ok: true, value: ['user@example.com', 'user@example.com', 'Etc/UTC'] });
    });
  });

  describe('executions', () => {
    it('may use every service, within the manifest scopes', () => {
      expect(emulator.runExecution('writeSheet', [])).toMatchObject({ ok: true, value: 'renamed' });
      expect(sheet.name).toBe('x');
      expect(emulator.runExecution('sendMail', [])).toMatchObject({
        ok: false,
        error: 'You do not have permission to call MailApp.sendEmail. Required permissions: https://www.googleapis.com/auth/script.send_mail',
      });
    });

    it('stops at 6 minutes of clock time', () => {
      expect(emulator.runExecution('longJob', [5])).toEqual({ ok: true, value: 'done', elapsedMs: 300_000 });
      expect(emulator.runExecution('longJob', [7], { trigger: true })).toEqual({ ok: false, error: 'Exceeded maximum execution time', elapsedMs: 360_000 });
    });

    it('tells fakes whether a trigger started it', () => {
      const seen: boolean[] = [];
      const probe = AppsScriptEmulator.load({
        bundleDir: writeBundle({ 'Code.js': 'function probe() { return Probe.look(); }' }),
        clock,
        extraGlobals: (runtime) => ({ Probe: { look: () => seen.push(runtime.isTrigger()) } }),
      });
      probe.runExecution('probe', [], { trigger: true });
      probe.runExecution('probe', []);
      expect(seen).toEqual([true, false]);
    });
  });

  describe('logs', () => {
    it('captures Logger (per-execution getLog) and console', () => {
      expect(emulator.runExecution('logSome', [])).toMatchObject({ ok: true, value: 'answer is 42' });
      expect(emulator.runExecution('logSome', [])).toMatchObject({ ok: true, value: 'answer is 42' });
      expect(emulator.logs).toEqual(['answer is 42', 'careful {"a":1}', 'answer is 42', 'careful {"a":1}']);
      expect(emulator.logRecords[1]).toMatchObject({ source: 'console', level: 'warn' });
    });
  });

  describe('runtime for other fakes', () => {
    it('lets a fake run a custom function inside an execution (a recalculating formula)', () => {
      const nested = AppsScriptEmulator.load({
        bundleDir: writeBundle({ 'Code.js': `${CODE}\nfunction recalc() { return Sheet.recalc('COUNT'); }` }),
        clock,
        extraGlobals: (runtime) => ({ Sheet: { recalc: (name: string) => runtime.callCustomFunction(name, []).ok } }),
      });
      expect(nested.runExecution('recalc', [])).toMatchObject({ ok: true, value: true });
    });
  });
});
