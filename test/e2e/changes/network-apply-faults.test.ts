/**
 * A fault at every request index of an apply to an Everflow network, through the built bundle in
 * the emulator: two status changes (one PATCH), a notes change (a PUT) and a new invoice with a
 * line item (a POST) typed into an editable Everflow invoices report, Review changes… answered
 * YES, and the fake Everflow failing the request at index i of that execution with a 503, a
 * dropped connection, a cut body, a request so slow that the execution's time runs out, or one
 * that outlasts Apps Script's 6 minutes (the execution is killed with the request under way).
 * Then the user applies again until everything is settled. The fake's journal holds each change
 * exactly once, the Audit log says so once per change, no field a PUT did not change is lost, and
 * nothing asks Everflow for a payment. Each case reuses the first rows, so the suite stays fast.
 */
import { ChangeJournal } from '../../../src/app/changes/journal';
import { tokenInNote } from '../../../src/app/changes/tokens';
import type { ReportDefinition } from '../../../src/app/reports/definition';
import type { ChangeReviewView } from '../../../src/app/sidebar/api';
import { DEMO_NETWORK_KEY, QUIRKS_OFF, type FakeEverflowHandle, type FakeInvoice, type FaultKind, type JournalEntry } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { emulatorReportAdminDeps, userSpreadsheetApp } from '../../../tools/runner/report-document';
import { runReportOnce } from '../../../tools/runner/report-runs';
import { addReport, sheetValues } from '../support-reports/reports-harness';

const PARTNER = 21;
/** The execution's budget is 5 minutes: a request this slow leaves less than the apply's margin (the apply stops cleanly). */
const SLOW_TO_DEADLINE_MS = 298_000;
/** A request this slow outlasts Apps Script's 6 minutes: the execution is killed with it under way. */
const SLOW_PAST_LIMIT_MS = 7 * 60_000;

type Fault = FaultKind | 'deadline' | 'killed';
interface Case {
  statuses: [string, string];
  notes: string;
  token: string;
  before: FakeInvoice | undefined;
}

let harness: AddOnHarness;
let definition: ReportDefinition;
let api: FakeEverflowHandle;
let header: string[] = [];
let caseNo = 0;

const grid = (): unknown[][] => sheetValues(harness, definition.sheet);
const column = (name: string): number => header.indexOf(name) + 1;
const auditRows = (): string[][] => (harness.sheets.spreadsheet.sheetByName('Audit log') ? sheetValues(harness, 'Audit log').slice(1).map((row) => row.map(String)) : []);
const journal = (): ChangeJournal => new ChangeJournal(emulatorReportAdminDeps(harness).spreadsheet, definition.id);
const openEntries = (): number => journal().entries().filter((entry) => entry.state === 'queued' || entry.state === 'under-way' || entry.state === 'awaiting').length;

beforeAll(async () => {
  harness = await AddOnHarness.start({ spreadsheetTimeZone: 'UTC', apiKey: DEMO_NETWORK_KEY, api: { seed: 4, invoiceCount: 8, networkAffiliateIds: [PARTNER], quirks: QUIRKS_OFF, latencyMs: 5 } });
  if (!harness.api) throw new Error('no fake Everflow');
  api = harness.api;
  definition = addReport(harness, { id: 'netfaults', name: 'Network faults', kind: 'invoices', mode: 'merge', sheet: 'Network', editable: true });
  expect((await runReportOnce(harness, definition)).log).toMatchObject({ result: 'ok' });
  const opened = harness.execute('onOpen', { authMode: 'FULL' });
  if (!opened.ok) throw new Error(`onOpen failed: ${opened.error}`);
  header = (grid()[0] ?? []).map(String);
});
afterAll(async () => {
  await harness?.close();
});

/** Types the case's changes as a user would: two statuses flipped, a note, a new invoice with one line. */
async function typeChanges(): Promise<Omit<Case, 'token'>> {
  caseNo += 1;
  const book = userSpreadsheetApp(harness).getActive();
  const sheet = book.getSheetByName(definition.sheet);
  const lines = book.getSheetByName(`${definition.sheet} - new lines`);
  if (!sheet || !lines) throw new Error('no report sheet or lines sheet');
  book.setActiveSheet(sheet);
  const rows = grid();
  const fake = new Map((await api.networkInvoices()).map((invoice) => [String(invoice.id), invoice]));
  const usable = rows.map((row, index) => ({ id: String(row[0]), sheetRow: index + 1, status: String(row[column('Status') - 1]) })).filter((row) => row.sheetRow > 1 && (fake.get(row.id)?.extraPeriods.length ?? 1) === 0);
  const [first, second, third] = usable;
  if (!first || !second || !third) throw new Error('too few invoices without extra periods');
  for (const row of [first, second]) sheet.getRange(row.sheetRow, column('Status')).setValue(row.status === 'paid' ? 'unpaid' : 'paid');
  sheet.getRange(third.sheetRow, column('Notes')).setValue(`checked in case ${caseNo}`);
  const newRow = rows.length + 1;
  const key = `k${caseNo}`;
  sheet.getRange(newRow, column('Affiliate ID')).setValue(String(PARTNER));
  sheet.getRange(newRow, column('Period start')).setValue('2026-10-01');
  sheet.getRange(newRow, column('Period end')).setValue('2026-10-31');
  sheet.getRange(newRow, column('Notes')).setValue(`bonus ${caseNo}`);
  sheet.getRange(newRow, column('New invoice key')).setValue(key);
  lines.getRange(lines.getLastRow() + 1, 1, 1, 6).setValues([[key, 'adjustment', '', '10.50', '1', `case ${caseNo}`]]);
  return { statuses: [first.id, second.id], notes: third.id, before: fake.get(third.id) };
}

/**
 * Review changes… then Apply, as the user does in the dialog. An execution killed (or out of time)
 * mid-way leaves the rest for the next review: one with an unfinished apply offers to finish it.
 */
function reviewAndApply(): void {
  const reviewed = harness.execute('sidebarReviewChanges');
  if (!reviewed.ok) return;
  const view = reviewed.value as ChangeReviewView;
  if (view.confirmLabel !== null) harness.execute('sidebarApplyChanges', { sheet: view.sheet, plan: view.plan });
}

async function runCase(fault: Fault | null, index: number): Promise<{ target: Case; received: JournalEntry[]; audit: string[][]; requests: number }> {
  // An execution stopped (or killed) before reading its changes back leaves the rows and the memory
  // behind Everflow: a refresh, as the conflict message asks, so this case's edits are based on now.
  expect((await runReportOnce(harness, definition)).log).toMatchObject({ result: 'ok' });
  const ids = await typeChanges();
  const auditBefore = auditRows().length;
  const writesBefore = (await api.journal()).length;
  await api.resetStats();
  const kind: FaultKind | null = fault === 'deadline' || fault === 'killed' ? 'latency' : fault;
  await api.configure({ faults: { plan: kind === null ? {} : { [index]: kind }, rates: {}, slowMs: fault === 'killed' ? SLOW_PAST_LIMIT_MS : SLOW_TO_DEADLINE_MS } });
  reviewAndApply();
  const requests = (await api.stats()).totalRequests;
  await api.configure({ faults: { plan: {}, rates: {} } });
  // A first execution that ended before the plan was confirmed (a fault while reviewing) leaves the changes pending: Review changes… asks again.
  const confirmed = (): boolean => journal().entries().some((entry) => entry.change.action === 'create' && entry.change.comment === `bonus ${caseNo}`);
  // A write whose outcome was unclear and that is not seen in Everflow is sent again only after its grace (10 minutes).
  for (const waitMs of [60_000, 11 * 60_000, 60_000]) {
    if (confirmed() && openEntries() === 0) break;
    harness.clock.advance(waitMs);
    reviewAndApply();
  }
  expect(journal().entries().filter((entry) => entry.state !== 'applied').map((entry) => `${entry.change.action}: ${entry.state} ${entry.message}`)).toEqual([]);
  const created = (await api.networkInvoices()).find((invoice) => (invoice.notes ?? '') === `bonus ${caseNo}`);
  return { target: { ...ids, token: tokenInNote(created?.internalNotes ?? null) ?? '' }, received: (await api.journal()).slice(writesBefore), audit: auditRows().slice(auditBefore), requests };
}

function changesOf(entry: JournalEntry, target: Case): string[] {
  if (entry.kind === 'status') return target.statuses.filter((id) => entry.invoiceIds.map(String).includes(id)).map((id) => `status ${id}`);
  if (entry.kind === 'update') return String(entry.invoiceIds[0]) === target.notes ? ['notes'] : [];
  if (entry.kind === 'create') {
    const body = entry.body as { internal_notes?: unknown };
    return tokenInNote(typeof body.internal_notes === 'string' ? body.internal_notes : null) === target.token ? ['create'] : [];
  }
  return [];
}

function changeOfAuditRow(row: readonly string[], target: Case): string {
  const invoice = row[3] ?? '';
  if (invoice.includes(`(token ${target.token})`)) return 'create';
  if (invoice === target.notes) return 'notes';
  return target.statuses.includes(invoice) ? `status ${invoice}` : `unmatched: ${invoice}`;
}

async function expectExactlyOnce({ target, received, audit }: { target: Case; received: JournalEntry[]; audit: string[][] }): Promise<void> {
  const expected = [`status ${target.statuses[0]}`, `status ${target.statuses[1]}`, 'notes', 'create'].sort();
  expect(received.filter((entry) => entry.kind === 'payment')).toEqual([]);
  expect(received.flatMap((entry) => changesOf(entry, target)).sort()).toEqual(expected);
  const claims = audit.filter((row) => row[4] !== 'apply' && /^applied/.test(row[7] ?? '')).map((row) => changeOfAuditRow(row, target));
  expect(claims.sort()).toEqual(expected);
  // The PUT changed the public notes only: the internal notes, the hidden flag, the terms and the lines are as they were.
  const after = (await api.networkInvoices()).find((invoice) => String(invoice.id) === target.notes);
  expect(after).toMatchObject({ notes: `checked in case ${caseNo}`, internalNotes: target.before?.internalNotes ?? '', hiddenAffiliate: target.before?.hiddenAffiliate ?? false, paymentTerms: target.before?.paymentTerms ?? null });
  expect(after?.lines.map((line) => [line.id, line.invoiceCurrencyAmountCents])).toEqual(target.before?.lines.map((line) => [line.id, line.invoiceCurrencyAmountCents]));
}

describe('Applying to an Everflow network through the bundle with a fault at every request index, then applying again', () => {
  let requests = 0;

  it('a clean apply sends each change once and audits it', async () => {
    const result = await runCase(null, 0);
    await expectExactlyOnce(result);
    requests = result.requests;
    expect(requests).toBeGreaterThanOrEqual(6);
  });

  const faults: Fault[] = ['503', 'drop', 'truncate', 'deadline', 'killed'];
  for (const fault of faults) {
    it(`a ${fault} at each request index: every change lands exactly once, no field is lost`, async () => {
      for (let index = 0; index < requests; index++) await expectExactlyOnce(await runCase(fault, index));
    });
  }
});
