/**
 * Review changes… through the built bundle against the fake Everflow with a network key: edits typed
 * into an editable Everflow invoices report (two statuses, notes, terms, a new invoice with line
 * items on the lines sheet, an invalid row), the review dialog's calls: the review in words sends
 * nothing, "Apply N changes" sends the statuses in one PATCH, each other update in one PUT that
 * keeps what it did not change, the new invoice in one POST, each once with an Audit log row;
 * reviewing again sends nothing; the new invoice's line items say which invoice they went into and
 * are never proposed again; a conflict by time_saved sends nothing; nothing ever asks Everflow for
 * a payment.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import type { ChangeApplyView, ChangeReviewView } from '../../../src/app/sidebar/api';
import { DEMO_AFFILIATE_KEY, DEMO_NETWORK_KEY, QUIRKS_OFF, invoiceTotals, type FakeEverflowHandle, type FakeInvoice } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { userSpreadsheetApp } from '../../../tools/runner/report-document';
import { runReportOnce } from '../../../tools/runner/report-runs';
import { addReport, sheetValues } from '../support-reports/reports-harness';
import { applyReviewed, reviewChanges } from './support/review-dialog';

const PARTNER = 21;
let harness: AddOnHarness;
let definition: ReportDefinition;
let header: string[] = [];
const rowOf = new Map<string, number>();

const api = (): FakeEverflowHandle => {
  if (!harness.api) throw new Error('no fake Everflow');
  return harness.api;
};
const grid = (): unknown[][] => sheetValues(harness, definition.sheet);
const column = (name: string): number => header.indexOf(name) + 1;
const cell = (row: number, name: string): string => String(grid()[row - 1]?.[column(name) - 1] ?? '');
const statusOf = (invoice: FakeInvoice): string => (invoice.deleted === true ? 'deleted' : invoiceTotals(invoice).status);
const sheet = () => {
  const found = userSpreadsheetApp(harness).getActive().getSheetByName(definition.sheet);
  if (!found) throw new Error('no report sheet');
  return found;
};

const review = (): ChangeReviewView => reviewChanges(harness);

const apply = (reviewed: ChangeReviewView): ChangeApplyView => applyReviewed(harness, reviewed);

let before: Map<number, FakeInvoice>;

beforeAll(async () => {
  harness = await AddOnHarness.start({ spreadsheetTimeZone: 'UTC', apiKey: DEMO_NETWORK_KEY, api: { seed: 3, invoiceCount: 30, networkAffiliateIds: [PARTNER], quirks: QUIRKS_OFF } });
  definition = addReport(harness, { id: 'network', name: 'Network', kind: 'invoices', mode: 'merge', sheet: 'Network', editable: true });
  const run = await runReportOnce(harness, definition);
  expect(run.log).toMatchObject({ result: 'ok' });
  const opened = harness.execute('onOpen', { authMode: 'FULL' });
  if (!opened.ok) throw new Error(`onOpen failed: ${opened.error}`);
  header = (grid()[0] ?? []).map(String);
  const book = userSpreadsheetApp(harness).getActive();
  book.setActiveSheet(sheet());

  before = new Map((await api().networkInvoices()).map((invoice) => [invoice.id, invoice]));
  const rows = grid();
  const invoiceAt = (row: number): FakeInvoice | undefined => before.get(Number(rows[row - 1]?.[0]));
  const dataRows = rows.map((_, index) => index + 1).filter((row) => row > 1);
  const unpaid = dataRows.filter((row) => statusOf(invoiceAt(row) as FakeInvoice) === 'unpaid' && (invoiceAt(row)?.extraPeriods.length ?? 1) === 0);
  const [paidA = 0, paidB = 0, notes = 0, terms = 0, invalid = 0, conflict = 0] = unpaid;
  if (conflict === 0) throw new Error(`only ${unpaid.length} unpaid invoices without extra periods`);
  rowOf.set('paidA', paidA).set('paidB', paidB).set('notes', notes).set('terms', terms).set('invalid', invalid).set('conflict', conflict).set('new', rows.length + 1);
  const range = (row: number, name: string) => sheet().getRange(row, column(name));
  range(paidA, 'Status').setValue('paid');
  range(paidB, 'Status').setValue('PAID');
  range(notes, 'Notes').setValue('Paid by wire on the 3rd');
  range(notes, 'Internal notes').setValue('checked by finance');
  range(terms, 'Payment terms').setValue('Net 45');
  range(invalid, 'Status').setValue('settled');
  const newRow = rows.length + 1;
  range(newRow, 'Affiliate ID').setValue(String(PARTNER));
  range(newRow, 'Period start').setValue('2026-10-01');
  range(newRow, 'Period end').setValue('2026-10-31');
  range(newRow, 'Payment terms').setValue('Net 30');
  range(newRow, 'Notes').setValue('October bonus');
  range(newRow, 'New invoice key').setValue('A');
  const lines = book.getSheetByName(`${definition.sheet} - new lines`);
  if (!lines) throw new Error('no lines sheet');
  lines.getRange(2, 1, 2, 6).setValues([
    ['A', 'adjustment', '', '100.50', '1', 'Bonus'],
    ['A', 'adjustment', '', '19.50', '1', 'Extra'],
  ]);
});
afterAll(async () => {
  await harness?.close();
});

describe('Review changes… on an editable Everflow network report', () => {
  const id = (key: string): string => cell(rowOf.get(key) ?? 0, 'Invoice ID');
  let reviewed: ChangeReviewView;

  it('lists each change in words and the refused row, and sends nothing', async () => {
    reviewed = review();
    expect(reviewed).toMatchObject({ provider: 'Everflow', confirmLabel: 'Apply 5 changes', counts: ['4 updates', '1 new invoice'] });
    const words = reviewed.changes.map((change) => change.text);
    expect(words).toContain(`Invoice ${id('paidA')}: status unpaid → paid`);
    expect(words).toContain(`Invoice ${id('paidB')}: status unpaid → paid`);
    expect(words.find((text) => text.startsWith(`Invoice ${id('notes')}: notes`))).toMatch(/; internal notes .* → checked by finance$/);
    expect(words.find((text) => text.startsWith(`Invoice ${id('terms')}:`))).toMatch(/: payment terms .* → Net 45$/);
    expect(words).toContain(`New invoice for partner ${PARTNER}: 2026-10-01 – 2026-10-31, 2 lines, 120.00`);
    expect(reviewed.totals).toEqual([{ currency: '', partner: String(PARTNER), corrections: '0.00', creations: '120.00' }]);
    expect(reviewed.confirmText).toContain(`partner ${PARTNER}, currency not given (Everflow sets it): new invoices 120.00`);
    expect(reviewed.refused).toEqual([{ row: rowOf.get('invalid'), reason: '"settled" is not a status (use paid, unpaid, deleted).' }]);
    expect(await api().journal()).toEqual([]);
  });

  it('on Apply sends the statuses in one PATCH, each other update in one PUT keeping what it did not change, the new invoice in one POST', async () => {
    const applied = apply(reviewed);
    expect(applied.summary).toMatch(/^5 applied\./);
    const journal = await api().journal();
    expect(journal.map((entry) => `${entry.method} ${entry.invoiceIds.length}`)).toEqual(['PUT 1', 'PUT 1', 'PATCH 2', 'POST 1']);
    expect(journal.find((entry) => entry.method === 'PATCH')?.invoiceIds.sort()).toEqual([Number(id('paidA')), Number(id('paidB'))].sort());
    expect(journal.filter((entry) => entry.kind === 'payment')).toEqual([]);

    const now = new Map((await api().networkInvoices()).map((invoice) => [invoice.id, invoice]));
    const notesBefore = before.get(Number(id('notes')));
    const termsBefore = before.get(Number(id('terms')));
    // The invoice by id carries neither internal notes nor the hidden flag: the PUT kept them from the list.
    expect(now.get(Number(id('notes')))).toMatchObject({ notes: 'Paid by wire on the 3rd', internalNotes: 'checked by finance', paymentTerms: notesBefore?.paymentTerms, hiddenAffiliate: notesBefore?.hiddenAffiliate ?? false });
    expect(now.get(Number(id('terms')))).toMatchObject({ paymentTerms: 'Net 45', notes: termsBefore?.notes, internalNotes: termsBefore?.internalNotes ?? '', hiddenAffiliate: termsBefore?.hiddenAffiliate ?? false });
    for (const invoice of [notesBefore, termsBefore]) {
      expect(now.get(invoice?.id ?? -1)?.lines.map((line) => [line.id, line.invoiceCurrencyAmountCents])).toEqual(invoice?.lines.map((line) => [line.id, line.invoiceCurrencyAmountCents]));
    }
    const created = [...now.values()].find((invoice) => /\[ref:/.test(invoice.internalNotes ?? ''));
    expect(created).toMatchObject({ affiliateId: PARTNER, notes: 'October bonus', paymentTerms: 'Net 30' });
    expect(created?.lines.map((line) => line.invoiceCurrencyAmountCents)).toEqual([10_050, 1_950]);

    const audit = sheetValues(harness, 'Audit log').slice(1);
    expect(audit.filter((row) => String(row[7]) === 'applied')).toHaveLength(5);
    expect(cell(rowOf.get('paidA') ?? 0, 'Status')).toBe('paid');
    expect(cell(rowOf.get('terms') ?? 0, 'Payment terms')).toBe('Net 45');
    expect(cell(rowOf.get('notes') ?? 0, 'Apply result')).toMatch(/^✓/);
    expect(cell(rowOf.get('new') ?? 0, 'Invoice ID')).toBe(String(created?.id));
    expect(cell(rowOf.get('new') ?? 0, 'Apply result')).toMatch(/^✓/);
    // Its line items say which invoice they went into.
    const lines = sheetValues(harness, `${definition.sheet} - new lines`).slice(1);
    expect(lines.map((line) => String(line[6]))).toEqual([0, 1].map(() => expect.stringMatching(new RegExp(`^✓ Created in invoice ${String(created?.id)}\\. Applied at `)) as unknown as string));
  });

  it('never proposes sent line items again: a new invoice reusing their key is refused, one with its own key sends only its own lines', async () => {
    const book = userSpreadsheetApp(harness).getActive();
    const lines = book.getSheetByName(`${definition.sheet} - new lines`);
    if (!lines) throw new Error('no lines sheet');
    const reused = grid().length + 1;
    const range = (row: number, name: string) => sheet().getRange(row, column(name));
    range(reused, 'Affiliate ID').setValue(String(PARTNER));
    range(reused, 'Period start').setValue('2026-11-01');
    range(reused, 'Period end').setValue('2026-11-30');
    range(reused, 'New invoice key').setValue('A');
    const again = review();
    expect(again.changes).toEqual([]);
    expect(again.refused.filter((refusal) => refusal.row !== rowOf.get('invalid'))).toEqual([{ row: reused, reason: `New invoice key "A" was used for invoice ${cell(rowOf.get('new') ?? 0, 'Invoice ID')}, created with its lines: give this new invoice another key.` }]);
    range(reused, 'New invoice key').setValue('B');
    lines.getRange(4, 1, 1, 6).setValues([['B', 'adjustment', '', '7.25', '1', 'November']]);
    const own = review();
    expect(own.changes.map((change) => change.text)).toEqual([`New invoice for partner ${PARTNER}: 2026-11-01 – 2026-11-30, 1 line, 7.25`]);
    // Not applied here: the row goes, so later cases start from the sheet as the refresh left it.
    sheet().deleteRow(reused);
    lines.deleteRow(4);
    expect(review().changes).toEqual([]);
  });

  it('reviewed again, has nothing to send', async () => {
    const writes = (await api().journal()).length;
    const again = review();
    expect(again.confirmLabel).toBeNull();
    expect(again.notes).toContain('No pending changes: the sheet matches what the last refresh wrote.');
    expect(await api().journal()).toHaveLength(writes);
  });

  it('sends nothing to an invoice changed in Everflow since the refresh (time_saved), and says so on its row', async () => {
    const row = rowOf.get('conflict') ?? 0;
    sheet().getRange(row, column('Status')).setValue('deleted');
    harness.clock.advance(5_000);
    await api().mutate({ kind: 'touch', ids: [Number(id('conflict'))], changes: { notes: 'changed in Everflow' } });
    const writes = (await api().journal()).length;
    const applied = apply(review());
    expect(applied.summary).toMatch(/1 not applied/);
    expect(cell(row, 'Apply result')).toMatch(/^✗ Not sent: invoice \d+ changed in Everflow since the last refresh/);
    expect(await api().journal()).toHaveLength(writes);
  });
});

describe('A PATCH batch with one invoice Everflow refuses', () => {
  it('applies the others, refuses that one alone, each row and Audit log row saying so', async () => {
    // Two paid invoices this file has not changed yet: after a refresh, both are set unpaid and Everflow refuses one.
    expect((await runReportOnce(harness, definition)).log).toMatchObject({ result: 'ok' });
    const rows = grid();
    const fake = new Map((await api().networkInvoices()).map((invoice) => [String(invoice.id), invoice]));
    const used = new Set([...rowOf.values()].map((row) => String(rows[row - 1]?.[0] ?? '')));
    const free = rows
      .map((row, index) => ({ id: String(row[0] ?? ''), sheetRow: index + 1 }))
      .filter((row) => row.sheetRow > 1 && !used.has(row.id) && fake.get(row.id) !== undefined && statusOf(fake.get(row.id) as FakeInvoice) === 'paid');
    const [kept, locked] = free;
    if (!kept || !locked) throw new Error('too few paid invoices left');
    for (const row of [kept, locked]) sheet().getRange(row.sheetRow, column('Status')).setValue('unpaid');
    await api().configure({ lockedInvoiceIds: [Number(locked.id)] });
    const writes = (await api().journal()).length;
    const applied = apply(review());
    await api().configure({ lockedInvoiceIds: [] });
    expect(applied.summary).toMatch(/^1 applied, 1 not applied\./);
    expect((await api().journal()).slice(writes).map((entry) => `${entry.method} ${entry.invoiceIds.join(',')}`)).toEqual([`PATCH ${kept.id}`]);
    expect(cell(kept.sheetRow, 'Apply result')).toMatch(/^✓/);
    expect(cell(locked.sheetRow, 'Apply result')).toBe('✗ Refused by Everflow: Invoice has a payment in progress');
    const audit = sheetValues(harness, 'Audit log').slice(1).slice(-2).map((row) => [String(row[3]), String(row[7])]);
    expect(audit).toEqual([
      [kept.id, 'applied'],
      [locked.id, 'refused'],
    ]);
  });
});

describe('An editable Everflow report of a partner key', () => {
  it('is refused by its refresh, writing nothing, and by Review changes…, sending nothing', async () => {
    harness.addConnection({ name: 'Partner', provider: 'everflow', region: 'us', baseUrl: harness.baseUrl }, DEMO_AFFILIATE_KEY);
    const partner = addReport(harness, { id: 'partner', name: 'Partner edits', kind: 'invoices', mode: 'merge', sheet: 'Partner', editable: true, account: 'Partner' });
    const run = await runReportOnce(harness, partner);
    expect(run.log).toMatchObject({ result: 'failed', rowsWritten: 0 });
    expect(run.log?.details).toContain('The report "Partner edits" is editable, and only an Everflow network key changes invoices');
    expect(harness.sheets.spreadsheet.sheetByName('Partner')?.lastRow() ?? 0).toBe(0);
    const book = userSpreadsheetApp(harness).getActive();
    book.setActiveSheet(book.getSheetByName('Partner') ?? book.insertSheet('Partner'));
    const writes = (await api().journal()).length;
    const outcome = harness.execute('sidebarReviewChanges');
    expect(outcome.ok ? '' : outcome.error).toContain('whose key is a partner (affiliate) key: only a network key changes invoices. Nothing was sent.');
    expect(await api().journal()).toHaveLength(writes);
  });
});
