import { Worker } from 'node:worker_threads';
import { SharedClock } from '../../../test-support/clock';
import { AppsScriptEmulator } from '../../../test-support/emulator/emulator';
import { LockStore } from '../../../test-support/emulator/lock-service';
import { writeBundle } from './support/bundle';

const LOCK_CODE = `
function holdAndCallOther() {
  var lock = LockService.getScriptLock();
  lock.waitLock(1000);
  var other = Other.run('contend');
  return [lock.hasLock(), other];
}
function contend() {
  var lock = LockService.getScriptLock();
  var start = Date.now();
  var got = lock.tryLock(5000);
  var waited = Date.now() - start;
  var message = '';
  try { lock.waitLock(2000); } catch (e) { message = e.message; }
  return [got, waited, message, lock.hasLock()];
}
function takeAndRelease() {
  var lock = LockService.getScriptLock();
  var got = lock.tryLock(0);
  lock.releaseLock();
  return [got, lock.hasLock()];
}
function waitLong(ms) {
  var start = Date.now();
  var got = LockService.getDocumentLock().tryLock(ms);
  return [got, Date.now() - start];
}
function waitInCustomFunction() { LockService.getDocumentLock().waitLock(60000); return 'never'; }
`;

describe('LockService across emulators', () => {
  let clock: SharedClock;
  let bundleDir: string;

  beforeEach(() => {
    clock = SharedClock.virtual();
    bundleDir = writeBundle({ 'Code.js': LOCK_CODE });
  });

  it('makes a concurrent execution wait on the clock and fail while the lock is held', () => {
    const scriptLock = LockStore.create();
    const second = AppsScriptEmulator.load({ bundleDir, clock, services: { scriptLock } });
    const first = AppsScriptEmulator.load({
      bundleDir,
      clock,
      services: { scriptLock },
      // The second execution runs while the first holds the lock.
      extraGlobals: () => ({ Other: { run: (name: string) => second.runExecution(name, []) } }),
    });
    const outcome = first.runExecution('holdAndCallOther', []);
    expect(outcome).toMatchObject({
      ok: true,
      value: [true, { ok: true, value: [false, 5000, 'Lock timeout: another process was holding the lock for too long.', false] }],
    });
    // The lock is released when the holding execution ends.
    expect(scriptLock.holder()).toBeNull();
    expect(second.runExecution('takeAndRelease', [])).toMatchObject({ ok: true, value: [true, false] });
  });

  it('passes a wait at once on the virtual clock without lanes, whatever a holder in another thread does in real time', async () => {
    // Cells at once share locks across threads by taking turns (concurrent-cells.test.ts). Without
    // turns, how soon another thread acted in real time would decide the outcome: nothing waits for it.
    const documentLock = LockStore.create();
    const start = clock.now();
    const holder = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const cell = new Int32Array(workerData.lock);
       const time = new BigInt64Array(workerData.clock);
       Atomics.store(cell, 0, 424242);
       parentPort.postMessage('holding');
       // Would release once the waiter has moved virtual time 3 s on.
       while (Number(Atomics.load(time, 0)) < workerData.releaseAt) Atomics.wait(cell, 0, 424242, 1);
       Atomics.compareExchange(cell, 0, 424242, 0);
       Atomics.notify(cell, 0);`,
      { eval: true, workerData: { lock: documentLock.buffer, clock: clock.buffer, releaseAt: start + 3000 } },
    );
    await new Promise((resolve) => holder.once('message', resolve));
    const emulator = AppsScriptEmulator.load({ bundleDir, clock, services: { documentLock } });
    const outcome = emulator.runExecution('waitLong', [60_000]);
    await holder.terminate();
    expect(outcome).toMatchObject({ ok: true, value: [false, 60_000] });
  });

  it('stops waiting at the custom-function deadline', () => {
    const documentLock = LockStore.create();
    expect(documentLock.tryAcquire(7)).toBe(true);
    const emulator = AppsScriptEmulator.load({ bundleDir, clock, services: { documentLock } });
    expect(emulator.callCustomFunction('waitInCustomFunction', [])).toEqual({ ok: false, error: 'Exceeded maximum execution time', elapsedMs: 30_000 });
  });
});

const ZONE_CODE = `
function localTime() {
  var gap = new Date(2026, 2, 8, 2, 30);
  var overlap = new Date(2026, 10, 1, 1, 30);
  var moved = new Date(2026, 2, 7, 12, 0);
  moved.setDate(moved.getDate() + 1);
  return {
    gap: gap.toISOString(),
    gapHours: gap.getHours(),
    overlap: overlap.toISOString(),
    text: String(new Date(Date.UTC(2026, 0, 15, 17, 0))),
    offsets: [new Date(2026, 0, 1).getTimezoneOffset(), new Date(2026, 6, 1).getTimezoneOffset()],
    day: new Date(Date.UTC(2026, 0, 1, 3, 0)).getDay(),
    movedOverDst: moved.toISOString(),
    isoLocal: new Date('2026-03-08T10:00').toISOString(),
    isoDateOnly: new Date('2026-03-08').toISOString(),
    legacy: new Date('March 7, 2026 10:00').toISOString(),
    legacyWithZone: new Date('March 7, 2026 10:00 GMT+0100').toISOString(),
    locale: new Date(Date.UTC(2026, 0, 15, 17, 0)).toLocaleString('en-US'),
    intlZone: new Intl.DateTimeFormat().resolvedOptions().timeZone,
    sessionZone: Session.getScriptTimeZone(),
  };
}
`;

describe("Date in the script's time zone", () => {
  it('uses the manifest zone for local-time methods, as Apps Script does', () => {
    const emulator = AppsScriptEmulator.load({
      bundleDir: writeBundle({ 'Code.js': ZONE_CODE }, { timeZone: 'America/New_York' }),
      clock: SharedClock.virtual(),
    });
    expect(emulator.runExecution('localTime', [])).toMatchObject({
      ok: true,
      value: {
        gap: '2026-03-08T07:30:00.000Z',
        gapHours: 3,
        overlap: '2026-11-01T05:30:00.000Z',
        text: 'Thu Jan 15 2026 12:00:00 GMT-0500 (Eastern Standard Time)',
        offsets: [300, 240],
        day: 3,
        movedOverDst: '2026-03-08T16:00:00.000Z',
        isoLocal: '2026-03-08T14:00:00.000Z',
        isoDateOnly: '2026-03-08T00:00:00.000Z',
        legacy: '2026-03-07T15:00:00.000Z',
        legacyWithZone: '2026-03-07T09:00:00.000Z',
        locale: '1/15/2026, 12:00:00 PM',
        intlZone: 'America/New_York',
        sessionZone: 'America/New_York',
      },
    });
  });

  it('lets the options override the manifest zone', () => {
    const emulator = AppsScriptEmulator.load({
      bundleDir: writeBundle({ 'Code.js': ZONE_CODE }, { timeZone: 'America/New_York' }),
      clock: SharedClock.virtual(),
      scriptTimeZone: 'Asia/Kolkata',
    });
    expect(emulator.runExecution('localTime', [])).toMatchObject({ ok: true, value: { gapHours: 2, offsets: [-330, -330], sessionZone: 'Asia/Kolkata' } });
  });
});
