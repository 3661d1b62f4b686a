/**
 * A fault at every request index of an apply, through the built bundle in the emulator: one
 * change of each action (a notes update, a correction, a delete, a new invoice) typed into an
 * editable Affise invoices report, reviewed and applied through the review dialog's calls, and the
 * fake Affise failing the request at index i of the apply's execution with a 503, a dropped connection, a cut body, a
 * request so slow that the execution's time runs out (the apply stops cleanly), or one that
 * outlasts Apps Script's 6 minutes (the execution is killed with the request under way). Then the
 * user reviews and applies again until everything is settled. Afterwards the fake's journal holds every change
 * exactly once, and the Audit log matches it: one "landed" row per change, and a row for every
 * write Affise received. Each case reuses the first invoice rows (deleting one), so the sheet
 * stays small and the suite fast.
 *
 * Faults are injected by request index (the fake counts requests in arrival order; the plan's
 * requests go one at a time, each stamped with its virtual send time), so every run fails the
 * same request.
 */
import { tokenInNote } from '../../../src/app/changes/tokens';
import { ChangeJournal } from '../../../src/app/changes/journal';
import type { ReportDefinition } from '../../../src/app/reports/definition';
import type { ChangeReviewView } from '../../../src/app/sidebar/api';
import { AFFISE_QUIRKS_OFF, type AffiseJournalEntry, type FakeAffiseHandle, type FaultKind } from '../../../test-support/fake-affise';
import { AddOnHarness } from '../../../test-support/harness';
import { emulatorReportAdminDeps, userSpreadsheetApp } from '../../../tools/runner/report-document';
import { runReportOnce } from '../../../tools/runner/report-runs';
import { AFFISE_INVOICE_HEADER } from '../affise/affise-expected';
import { addReport, sheetValues } from '../support-reports/reports-harness';

const HEADER = [...AFFISE_INVOICE_HEADER, 'Correction', 'Correction comment', 'Delete', 'Apply result'];
const column = (header: string): number => HEADER.indexOf(header) + 1;
/** The execution's budget is 5 minutes: a request this slow leaves less than the apply's margin (the apply stops cleanly). */
const SLOW_TO_DEADLINE_MS = 298_000;
/** A request this slow outlasts Apps Script's 6 minutes: the execution is killed with it under way. */
const SLOW_PAST_LIMIT_MS = 7 * 60_000;

type Fault = FaultKind | 'deadline' | 'killed';
/** Invoice ids and the new row's token of one case, and what it saw. */
interface Case {
  update: string;
  correction: string;
  deleted: string;
  token: string;
}

let harness: AddOnHarness;
let definition: ReportDefinition;
let affise: FakeAffiseHandle;
let partnerId = 0;
let caseNo = 0;

const grid = (): unknown[][] => sheetValues(harness, definition.sheet);
const auditRows = (): string[][] => (harness.sheets.spreadsheet.sheetByName('Audit log') ? sheetValues(harness, 'Audit log').slice(1).map((row) => row.map(String)) : []);
const journal = (): ChangeJournal => new ChangeJournal(emulatorReportAdminDeps(harness).spreadsheet, definition.id);

beforeAll(async () => {
  harness = await AddOnHarness.start({ spreadsheetTimeZone: 'UTC', affise: { paymentCount: 70, quirks: AFFISE_QUIRKS_OFF, latencyMs: 5, creationDelayMs: 30_000 } });
  if (!harness.affise) throw new Error('no fake Affise');
  affise = harness.affise;
  partnerId = (await affise.partners())[0]?.id ?? 0;
  definition = addReport(harness, { id: 'faults', name: 'Faults', kind: 'affise-invoices', mode: 'merge', sheet: 'Invoices', editable: true });
  expect((await runReportOnce(harness, definition)).log?.result).toBe('ok');
  const opened = harness.execute('onOpen', { authMode: 'FULL' });
  if (!opened.ok) throw new Error(`onOpen failed: ${opened.error}`);
});
afterAll(async () => {
  await harness?.close();
});

/** Types one change of each action, as a user would. */
function typeChanges(): Omit<Case, 'token'> {
  caseNo += 1;
  const book = userSpreadsheetApp(harness).getActive();
  const sheet = book.getSheetByName(definition.sheet);
  if (!sheet) throw new Error('no report sheet');
  book.setActiveSheet(sheet);
  const rows = grid();
  // The first invoices: the same two are updated and corrected each case (each time a change of
  // its own), the third is deleted, so the next case deletes the one after it.
  const [update, correction, deleted] = rows.map((row, index) => ({ id: String(row[0]), sheetRow: index + 1 })).filter((row) => row.sheetRow > 1 && row.id !== '');
  if (!update || !correction || !deleted) throw new Error('the fake has too few invoices left for another case');
  sheet.getRange(update.sheetRow, column('Notes')).setValue(`checked in case ${caseNo}`);
  sheet.getRange(correction.sheetRow, column('Correction')).setValue('-1.50');
  sheet.getRange(correction.sheetRow, column('Correction comment')).setValue(`case ${caseNo} chargeback`);
  sheet.getRange(deleted.sheetRow, column('Delete')).setValue(true);
  const newRow = rows.length + 1;
  sheet.getRange(newRow, column('Affiliate ID')).setValue(String(partnerId));
  sheet.getRange(newRow, column('Amount')).setValue('10.50');
  sheet.getRange(newRow, column('Currency')).setValue('EUR');
  sheet.getRange(newRow, column('Notes')).setValue(`bonus ${caseNo}`);
  return { update: update.id, correction: correction.id, deleted: deleted.id };
}

/** Review changes… in the dialog (sends nothing; binds created invoices confirmed earlier). */
function review(): ChangeReviewView {
  const outcome = harness.execute('sidebarReviewChanges');
  if (!outcome.ok) throw new Error(`Review failed: ${outcome.error}`);
  return outcome.value as ChangeReviewView;
}

/** Its button, when it offers one ("Apply N changes", "Finish the earlier apply"): the reviewed plan goes back as reviewed. */
function applyReviewed(reviewed: ChangeReviewView): void {
  if (reviewed.confirmLabel !== null) harness.execute('sidebarApplyChanges', { sheet: reviewed.sheet, plan: reviewed.plan });
}

const openEntries = (): number => journal().entries().filter((entry) => entry.state === 'queued' || entry.state === 'under-way').length;
const awaitingEntries = (): number => journal().entries().filter((entry) => entry.state === 'awaiting').length;

/** One case: the first apply with `fault` at request `index`, then applying again until everything is settled. */
async function runCase(fault: Fault | null, index: number): Promise<{ target: Case; received: AffiseJournalEntry[]; audit: string[][]; requests: number }> {
  const ids = typeChanges();
  const auditBefore = auditRows().length;
  await affise.clearJournal();
  const reviewed = review();
  expect(reviewed.confirmLabel).toBe('Apply 4 changes');
  // Request indices count from the apply's first request.
  await affise.resetStats();
  const kind: FaultKind | null = fault === 'deadline' || fault === 'killed' ? 'latency' : fault;
  await affise.configure({ faults: { plan: kind === null ? {} : { [index]: kind }, rates: {}, slowMs: fault === 'killed' ? SLOW_PAST_LIMIT_MS : SLOW_TO_DEADLINE_MS } });
  applyReviewed(reviewed);
  const requests = (await affise.stats()).totalRequests;
  await affise.configure({ faults: { plan: {}, rates: {} } });
  // Reviewing and applying again until settled: a creation whose answer was unclear is looked for
  // first, and sent again only if it has not appeared 15 minutes after it was sent. An apply that
  // ended before the plan was confirmed (a fault on its first reads) leaves the changes pending:
  // the next review offers them again.
  for (const waitMs of [60_000, 16 * 60_000, 60_000]) {
    if (openEntries() === 0 && awaitingEntries() === 0 && journal().entries().some((entry) => entry.change.invoiceId === ids.update)) break;
    harness.clock.advance(waitMs);
    applyReviewed(review());
  }
  expect(journal().entries().filter((entry) => entry.state !== 'applied').map((entry) => `${entry.change.action}: ${entry.state} ${entry.message}`)).toEqual([]);
  const notes = grid().map((row) => String(row[column('Notes') - 1]));
  const token = notes.map((note) => tokenInNote(note)).find((candidate, row) => candidate !== null && notes[row]?.includes(`bonus ${caseNo}`)) ?? '';
  const target = { ...ids, token };
  const received = await affise.journal();
  return { target, received, audit: auditRows().slice(auditBefore), requests };
}

/** Which change of the case a write the fake received was (a bulk delete is each id it carried). */
function changesOf(entry: AffiseJournalEntry, target: Case): string[] {
  switch (entry.operation) {
    case 'update':
      return String(entry.paymentId) === target.update ? ['update'] : [];
    case 'add-correction':
      return String(entry.paymentId) === target.correction ? ['correction'] : [];
    case 'bulk-delete': {
      const ids = entry.fields.ids;
      return (Array.isArray(ids) ? ids : [ids]).includes(target.deleted) ? ['delete'] : [];
    }
    case 'create-for-affiliate': {
      const note = entry.fields.note;
      return tokenInNote(typeof note === 'string' ? note : null) === target.token ? ['create'] : [];
    }
    default:
      return [];
  }
}

function changeOfAuditRow(row: readonly string[], target: Case): string {
  const invoice = row[3] ?? '';
  if (invoice.includes(`(token ${target.token})`)) return 'create';
  const byId: Record<string, string> = { [target.update]: 'update', [target.correction]: 'correction', [target.deleted]: 'delete' };
  return byId[invoice] ?? `unmatched: ${invoice}`;
}

function expectExactlyOnce({ target, received, audit }: { target: Case; received: AffiseJournalEntry[]; audit: string[][] }): void {
  const landed = received.filter((entry) => entry.applied).flatMap((entry) => changesOf(entry, target));
  expect(landed.sort()).toEqual(['correction', 'create', 'delete', 'update']);
  const changeRows = audit.filter((row) => row[4] !== 'apply');
  const claims = changeRows.filter((row) => /^(applied|accepted)/.test(row[7] ?? '')).map((row) => changeOfAuditRow(row, target));
  expect(claims.sort()).toEqual(['correction', 'create', 'delete', 'update']);
  // Every write Affise received has its row: the answer's, or, when the execution was killed before it came, what the next apply found by reading.
  const rowsFor = (change: string, pattern: RegExp): number => changeRows.filter((row) => changeOfAuditRow(row, target) === change && pattern.test(row[7] ?? '')).length;
  for (const change of ['update', 'correction', 'delete', 'create']) {
    const writes = received.filter((entry) => changesOf(entry, target).includes(change)).length;
    const answered = rowsFor(change, /^(applied$|refused|outcome unknown|accepted)/);
    const foundByReading = rowsFor(change, /^(applied \(confirmed by reading\)|not applied \(checked\))/);
    const unanswered = Math.max(0, foundByReading - rowsFor(change, /^outcome unknown/));
    expect(`${change}: ${answered + unanswered} rows`).toBe(`${change}: ${writes} rows`);
  }
}

describe('Applying through the bundle with a fault at every request index, then applying again', () => {
  let requests = 0;
  const faulted = new Map<Fault, Set<string>>();

  it('a clean apply sends each change once and audits it', async () => {
    const result = await runCase(null, 0);
    expectExactlyOnce(result);
    requests = result.requests;
    // The conflict read, 4 writes, the read-back (and what planning reads again, when not cached).
    expect(requests).toBeGreaterThanOrEqual(6);
  });

  // A 429 at every index is in test/unit/changes/affise-apply-faults.test.ts (client and fake alone).
  const faults: Fault[] = ['503', 'drop', 'truncate', 'deadline', 'killed'];
  for (const fault of faults) {
    it(`a ${fault} at each request index: every change lands exactly once and the Audit log matches`, async () => {
      const hit = new Set<string>();
      for (let index = 0; index < requests; index++) {
        const result = await runCase(fault, index);
        expectExactlyOnce(result);
        for (const entry of result.received) if (entry.index === index) hit.add(entry.operation);
      }
      faulted.set(fault, hit);
    });
  }

  it('faulted every kind of write: update, correction, bulk delete and creation', () => {
    for (const fault of faults) expect([...(faulted.get(fault) ?? [])].sort()).toEqual(['add-correction', 'bulk-delete', 'create-for-affiliate', 'update']);
  });
});
