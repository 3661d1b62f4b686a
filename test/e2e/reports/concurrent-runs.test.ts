/**
 * Two runs of one document never interleave: the document lock is shared by every user's
 * executions, so a second run waits briefly, then skips and says so in the Sync log.
 */
import { LOCK_WAIT_MS } from '../../../src/app/reports/run-reports';
import { toPlainGrid, type ExecutionOutcome } from '../../../test-support/emulator/emulator';
import type { AddOnHarness } from '../../../test-support/harness';
import { storedReport, syncLogLines } from '../../../tools/runner/report-document';
import { reportsTrigger } from '../../../tools/runner/report-runs';
import { addReport, apiOf, fireTrigger, runByTrigger, sheetValues, startReportsHarness } from '../support-reports/reports-harness';
import { onFirstServiceCall, secondUserOf } from '../support-reports/second-user';

const SKIPPED = 'Skipped: another refresh of this spreadsheet is running. This one will run at the next chance.';

let harness: AddOnHarness;
beforeEach(async () => {
  harness = await startReportsHarness({ api: { invoiceCount: 12 } });
});
afterEach(async () => {
  await harness.close();
});

it("makes a colleague's refresh wait while the trigger's run writes, then skip and say so", async () => {
  const definition = addReport(harness, { id: 'invoices', name: 'Invoices', kind: 'invoices', mode: 'replace', sheet: 'Invoices', schedule: { frequency: 'hourly' } });
  runByTrigger(harness, definition);
  await apiOf(harness).mutate({ kind: 'touch', ids: (await apiOf(harness).invoiceIds()).slice(0, 3) });
  const colleague = secondUserOf(harness);
  let refresh: ExecutionOutcome | null = null;
  onFirstServiceCall(harness.sheets.calls, 'Range.setValues', () => {
    refresh = colleague.emulator.runExecution('menuRefreshAll', []);
  });

  expect(fireTrigger(harness)).toMatchObject({ ok: true });
  try {
    expect(refresh).toMatchObject({ ok: true, elapsedMs: LOCK_WAIT_MS });
    expect(harness.sheets.ui.dialogs.at(-1)?.prompt).toBe('Another refresh of this document is running. Try again in a minute.');
    expect(syncLogLines(harness).slice(-2)).toEqual([
      expect.objectContaining({ report: '(all reports)', result: 'skipped', requests: 0, details: SKIPPED }),
      expect.objectContaining({ report: 'Invoices', result: 'ok', rowsWritten: 3 }),
    ]);
    // The trigger's run wrote alone: the sheet is what one clean run shows.
    const listed = harness.formula('EFLOW_INVOICES');
    expect(listed.ok ? toPlainGrid(listed.value).length : 0).toBe(sheetValues(harness, 'Invoices').length);
    expect(harness.emulator.stores.documentLock.holder()).toBeNull();
  } finally {
    await colleague.emulator.close();
  }
});

it("skips the trigger's run while a colleague refreshes, and runs the report at the next firing", async () => {
  const definition = addReport(harness, { id: 'invoices', name: 'Invoices', kind: 'invoices', mode: 'replace', sheet: 'Invoices', schedule: { frequency: 'hourly' } });
  runByTrigger(harness, definition);
  const ranAt = storedReport(harness, 'invoices').status.lastRunMs;
  // The next slot has come; the colleague refreshes by hand just then, and the trigger fires during it.
  harness.clock.advanceTo(storedReport(harness, 'invoices').status.nextRunMs ?? 0);
  const colleague = secondUserOf(harness);
  let triggered: ExecutionOutcome | null = null;
  onFirstServiceCall(colleague.calls, 'Range.setValues', () => {
    triggered = harness.emulator.runExecution('onReportsTrigger', [{}], { trigger: true });
  });
  try {
    await apiOf(harness).mutate({ kind: 'touch', ids: (await apiOf(harness).invoiceIds()).slice(0, 1) });
    expect(colleague.emulator.runExecution('menuRefreshAll', [])).toMatchObject({ ok: true });
  } finally {
    await colleague.emulator.close();
  }
  expect(triggered).toMatchObject({ ok: true, elapsedMs: LOCK_WAIT_MS });
  expect(harness.emulator.logs).toContain(SKIPPED);
  const lines = syncLogLines(harness);
  expect(lines.slice(-2).map((line) => [line.report, line.result])).toEqual([
    ['(all reports)', 'skipped'],
    ['Invoices', 'ok'],
  ]);
  // The colleague's refresh ran it by hand, which keeps the schedule's slot: the next firing runs it too.
  expect(storedReport(harness, 'invoices').status.lastRunMs).not.toBe(ranAt);
  expect(reportsTrigger(harness)).not.toBeNull();
  const next = runByTrigger(harness, definition);
  expect(next.executions).toBe(1);
  expect(next.log).toMatchObject({ result: 'ok' });
});
