import { ContinuationStore } from '../../../src/app/changes/continuation';
import { ChangeJournal, queuedEntry } from '../../../src/app/changes/journal';
import { continueStoppedApplies } from '../../../src/app/changes/report-changes';
import { saveReport } from '../../../src/app/reports/manage-reports';
import { REPORTS_TRIGGER_HANDLER } from '../../../src/app/reports/trigger-manager';
import type { PlannedChange } from '../../../src/app/changes/change';
import { MemoryLock, MemoryTriggers } from '../reports/support/harness';
import { MemorySpreadsheet } from '../../../test-support/memory-spreadsheet';
import { memoryCall, ScriptedHttp } from '../sidebar/services';

const change: PlannedChange = { key: 'u:1', action: 'update', invoiceId: '1', rowKey: '1', fields: [], amount: null, comment: '', affiliateId: null, token: null, baseVersion: null };

/** What the hourly trigger's run does with stopped applies that are not its owner's to continue, or that nothing can continue. */
describe('continueStoppedApplies', () => {
  function setup() {
    const http = new ScriptedHttp(() => {
      throw new Error('no request is expected');
    });
    const call = memoryCall(http);
    const triggers = new MemoryTriggers();
    const platform = { spreadsheet: new MemorySpreadsheet('UTC'), documentLock: new MemoryLock(call.clock), triggers };
    const documentProperties = call.services.documentProperties;
    saveReport({ documentProperties, spreadsheet: platform.spreadsheet, triggers, clock: call.clock, zones: call.services.zones }, { id: 'inv', name: 'Invoices', kind: 'affise-invoices', mode: 'merge', sheet: 'Invoices', editable: true }, 'a@example.com');
    triggers.createHourlyTrigger(REPORTS_TRIGGER_HANDLER);
    const store = new ContinuationStore(documentProperties);
    const journal = new ChangeJournal(platform.spreadsheet, 'inv');
    return { call, platform, triggers, store, journal, http };
  }

  it("leaves another user's stopped apply to that user's trigger, and keeps not its own trigger for it", () => {
    const { call, platform, triggers, store, journal, http } = setup();
    journal.put(queuedEntry('p1', 0, change, 0));
    store.put({ reportId: 'inv', user: 'a@example.com', sinceMs: 0, continueByMs: 3_600_000, stopped: true });
    expect(continueStoppedApplies(call.services, platform, 'b@example.com', call.deadline)).toEqual([]);
    expect(store.list().map((continuation) => continuation.user)).toEqual(['a@example.com']);
    expect(journal.entries().map((entry) => entry.state)).toEqual(['queued']);
    expect(http.requests).toEqual([]);
    expect(triggers.triggers).toEqual([]);
  });

  it('forgets a continuation with nothing left to send, or whose report is gone, and the trigger with it', () => {
    const { call, platform, triggers, store } = setup();
    store.put({ reportId: 'inv', user: 'a@example.com', sinceMs: 0, continueByMs: 3_600_000, stopped: true });
    store.put({ reportId: 'removed', user: 'a@example.com', sinceMs: 0, continueByMs: 3_600_000, stopped: true });
    expect(continueStoppedApplies(call.services, platform, 'a@example.com', call.deadline)).toEqual([]);
    expect(store.list()).toEqual([]);
    expect(triggers.triggers).toEqual([]);
  });
});
