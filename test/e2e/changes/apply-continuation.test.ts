/**
 * An apply too long for one execution, through the built bundle on the virtual clock: 70 updates
 * at 10 s each cannot fit the execution's time, so Review changes… (YES) stops cleanly with some
 * sent, says how many of how many and by when the rest continue; the hourly trigger (installed
 * for the purpose: no report here has a schedule) carries on in later executions, sending only
 * the confirmed changes (not an edit typed meanwhile), each exactly once, then removes itself.
 * Review and apply go through the review dialog's calls, as the menu's dialog and the sidebar do.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import type { ChangeApplyView, ChangeReviewView } from '../../../src/app/sidebar/api';
import type { ExecutionOutcome } from '../../../test-support/emulator/emulator';
import { REPORTS_TRIGGER_HANDLER } from '../../../src/app/reports/trigger-manager';
import { AFFISE_QUIRKS_OFF, type FakeAffiseHandle } from '../../../test-support/fake-affise';
import { AddOnHarness } from '../../../test-support/harness';
import { userSpreadsheetApp } from '../../../tools/runner/report-document';
import { reportsTrigger, runReportOnce } from '../../../tools/runner/report-runs';
import { AFFISE_INVOICE_HEADER } from '../affise/affise-expected';
import { addReport, sheetValues } from '../support-reports/reports-harness';
import { applyReviewedOutcome, openOnSheet, reviewChanges } from './support/review-dialog';

const HEADER = [...AFFISE_INVOICE_HEADER, 'Correction', 'Correction comment', 'Delete', 'Apply result'];
const UPDATES = 70;
const LATENCY_MS = 10_000;
const column = (header: string): number => HEADER.indexOf(header) + 1;

let harness: AddOnHarness;
let definition: ReportDefinition;
let affise: FakeAffiseHandle;
/** Invoice ids whose Notes were edited before the review, and the one edited after it. */
let confirmedIds: string[] = [];
let lateId = '';

const grid = (): unknown[][] => sheetValues(harness, definition.sheet);
const review = (): ChangeReviewView => reviewChanges(harness);
const apply = (reviewed: ChangeReviewView): ExecutionOutcome => applyReviewedOutcome(harness, reviewed);
const rowOfInvoice = (id: string): unknown[] => grid().find((row) => String(row[0]) === id) ?? [];
const auditRows = (): string[][] => sheetValues(harness, 'Audit log').slice(1).map((row) => row.map(String));
const updatesReceived = async (): Promise<Map<string, number>> => {
  const counts = new Map<string, number>();
  for (const entry of (await affise.journal()).filter((candidate) => candidate.operation === 'update' && candidate.applied)) {
    counts.set(String(entry.paymentId), (counts.get(String(entry.paymentId)) ?? 0) + 1);
  }
  return counts;
};

beforeAll(async () => {
  harness = await AddOnHarness.start({ spreadsheetTimeZone: 'UTC', affise: { paymentCount: 90, quirks: AFFISE_QUIRKS_OFF, latencyMs: 5 } });
  if (!harness.affise) throw new Error('no fake Affise');
  affise = harness.affise;
  definition = addReport(harness, { id: 'editable', name: 'Editable', kind: 'affise-invoices', mode: 'merge', sheet: 'Invoices', editable: true });
  expect((await runReportOnce(harness, definition)).log?.result).toBe('ok');
  const sheet = openOnSheet(harness, definition.sheet);
  const rows = grid().slice(1);
  expect(rows.length).toBeGreaterThan(UPDATES);
  confirmedIds = rows.slice(0, UPDATES).map((row) => String(row[0]));
  lateId = String(rows[UPDATES]?.[0] ?? '');
  for (let index = 0; index < UPDATES; index++) sheet.getRange(index + 2, column('Notes')).setValue(`checked ${index}`);
  await affise.clearJournal();
  // Every request now takes 10 s: 70 updates need far more than one execution's 5 minutes.
  await affise.configure({ latencyMs: LATENCY_MS });
});
afterAll(async () => {
  await harness?.close();
});

describe('An apply too long for one execution', () => {
  let firstSent = 0;

  it('stops cleanly before the time limit, says how many of how many were applied and by when the rest continue', async () => {
    const reviewed = review();
    expect(reviewed.confirmLabel).toBe(`Apply ${UPDATES} changes`);
    const startedAtMs = harness.clock.now();
    const outcome = apply(reviewed);
    if (!outcome.ok) throw new Error(outcome.error);
    // The execution ended by itself, inside Apps Script's 6 minutes.
    expect(harness.clock.now() - startedAtMs).toBeLessThan(6 * 60_000);
    const done = outcome.value as ChangeApplyView;
    expect(done.finished).toBe(false);
    firstSent = [...(await updatesReceived()).values()].reduce((sum, count) => sum + count, 0);
    expect(firstSent).toBeGreaterThan(0);
    expect(firstSent).toBeLessThan(UPDATES);

    const trigger = reportsTrigger(harness);
    expect(trigger?.handler).toBe(REPORTS_TRIGGER_HANDLER);
    const by = new Date(harness.clock.now() + 3_600_000).toISOString().replace('T', ' ').slice(0, 16);
    expect(done.summary).toBe(
      `${firstSent} of ${UPDATES} applied; ${UPDATES - firstSent} not finished.\nStopped: Time ran out for this execution before sending changes. ` +
        `The rest continue by ${by} UTC in the add-on's hourly run. Review changes… and apply again to carry on: nothing is sent twice.`,
    );
    const stopped = auditRows().filter((row) => row[4] === 'apply');
    expect(stopped.map((row) => row[7])).toEqual([`stopped: ${firstSent} of ${UPDATES} applied; the rest (${UPDATES - firstSent}) continue by ${by} UTC or when applied again`]);
    const waiting = confirmedIds.filter((id) => String(rowOfInvoice(id)[column('Apply result') - 1]).startsWith('…'));
    expect(waiting).toHaveLength(UPDATES - firstSent);
    expect(String(rowOfInvoice(waiting[0] ?? '')[column('Apply result') - 1])).toBe(`… Not sent yet: no time was left to send it in this execution. Continues by ${by} UTC (the add-on's hourly run), or at once if you apply again.`);
  });

  it("continues in the hourly trigger's executions with only the confirmed changes, each sent exactly once, then removes the trigger", async () => {
    // Typed after the review: the continuation must not send it.
    const sheet = userSpreadsheetApp(harness).getActive().getSheetByName(definition.sheet);
    const lateRow = grid().findIndex((row) => String(row[0]) === lateId) + 1;
    sheet?.getRange(lateRow, column('Notes')).setValue('typed after the review');

    let executions = 1;
    for (let firing = 0; firing < 5 && reportsTrigger(harness) !== null; firing++) {
      const trigger = reportsTrigger(harness);
      const [run] = harness.sheets.scheduler.runDue(trigger?.nextRunMs ?? harness.clock.now());
      expect(run?.outcome.ok).toBe(true);
      executions += 1;
    }
    expect(executions).toBeGreaterThanOrEqual(3);
    expect(reportsTrigger(harness)).toBeNull();

    const received = await updatesReceived();
    expect([...received.keys()].sort()).toEqual([...confirmedIds].sort());
    expect([...received.values()].every((count) => count === 1)).toBe(true);
    expect(received.has(lateId)).toBe(false);

    const audit = auditRows();
    const landed = audit.filter((row) => row[7] === 'applied');
    expect(landed.map((row) => row[3]).sort()).toEqual([...confirmedIds].sort());
    expect(audit.filter((row) => row[4] === 'apply').map((row) => row[7]).slice(-1)).toEqual([`finished: ${UPDATES} of ${UPDATES} applied`]);
    for (const id of confirmedIds) expect(String(rowOfInvoice(id)[column('Apply result') - 1])).toMatch(/^✓ Applied at/);
    expect(String(rowOfInvoice(lateId)[column('Notes') - 1])).toBe('typed after the review');
  });

  it('leaves the edit typed meanwhile pending for its own review', async () => {
    await affise.configure({ latencyMs: 5 });
    const reviewed = review();
    expect(reviewed.confirmLabel).toBe('Apply 1 change');
    expect(reviewed.changes.map((change) => change.text)).toEqual([expect.stringContaining(`Invoice ${lateId}: notes`)]);
  });
});

describe('An apply whose execution is killed at the 6-minute limit', () => {
  it('was arranged to continue before it sent anything: the hourly run finds out what landed and finishes it', async () => {
    const ids = grid().slice(1, 4).map((row) => String(row[0]));
    const sheet = userSpreadsheetApp(harness).getActive().getSheetByName(definition.sheet);
    ids.forEach((id, index) => sheet?.getRange(grid().findIndex((row) => String(row[0]) === id) + 1, column('Comment')).setValue(`killed case ${index}`));
    const reviewed = review();
    await affise.clearJournal();
    await affise.resetStats();
    const auditBefore = auditRows().length;
    // Request 2 of the apply (after the conflict read and one update, the next update) outlasts 6 minutes.
    await affise.configure({ faults: { plan: { 2: 'latency' }, slowMs: 7 * 60_000 } });
    const killed = apply(reviewed);
    await affise.configure({ faults: { plan: {} } });
    expect(killed.ok).toBe(false);
    const landedBefore = (await affise.journal()).filter((entry) => entry.applied).map((entry) => String(entry.paymentId));
    // The update in flight landed, but the execution never heard its answer.
    expect(landedBefore.length).toBeGreaterThanOrEqual(1);
    expect(landedBefore.length).toBeLessThan(ids.length);
    expect(reportsTrigger(harness)?.handler).toBe(REPORTS_TRIGGER_HANDLER);

    const [run] = harness.sheets.scheduler.runDue(reportsTrigger(harness)?.nextRunMs ?? harness.clock.now());
    expect(run?.outcome.ok).toBe(true);
    // Each change exactly once (the plan also holds the edit left pending above).
    const received = (await affise.journal()).filter((entry) => entry.applied).map((entry) => String(entry.paymentId));
    expect(new Set(received).size).toBe(received.length);
    expect(ids.every((id) => received.includes(id))).toBe(true);
    const audit = auditRows().slice(auditBefore);
    const inFlight = landedBefore[landedBefore.length - 1] ?? '';
    expect(audit.filter((row) => ids.includes(row[3] ?? '')).map((row) => `${row[3] ?? ''} ${row[7] ?? ''}`).sort()).toEqual(
      ids.map((id) => `${id} ${id === inFlight ? 'applied (confirmed by reading)' : 'applied'}`).sort(),
    );
    for (const id of ids) expect(String(rowOfInvoice(id)[column('Apply result') - 1])).toMatch(/^✓/);
    expect(reportsTrigger(harness)).toBeNull();
  });
});
