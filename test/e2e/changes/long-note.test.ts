/**
 * An invoice whose note is longer than a cell holds (60,000 characters; Sheets takes 50,000), on an
 * editable Affise report and an editable Everflow network report, through the built bundle: its
 * status changed and applied, the read-back writes the row as a refresh does (the note cut, and
 * saying so), the apply succeeds, and a later review proposes nothing for the shortened note. An
 * edit of the shortened note is refused with why, and nothing is sent.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import type { ChangeApplyView, ChangeReviewView } from '../../../src/app/sidebar/api';
import { AFFISE_QUIRKS_OFF } from '../../../test-support/fake-affise';
import { DEMO_NETWORK_KEY, QUIRKS_OFF, invoiceTotals } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { userSpreadsheetApp } from '../../../tools/runner/report-document';
import { runReportOnce } from '../../../tools/runner/report-runs';
import { addReport, sheetValues } from '../support-reports/reports-harness';

const LONG_NOTE = `${'Pasted payout log line. '.repeat(2_500)}end`;
const SHOWN_NOTE = `${LONG_NOTE.slice(0, 50_000 - 63)}… [shortened: Sheets holds at most 50,000 characters in a cell]`;

interface Case {
  name: string;
  provider: string;
  /** Starts the harness, sets the long note on one invoice whose status can change, refreshes; answers its id and the status to type. */
  start(): Promise<{ harness: AddOnHarness; definition: ReportDefinition; invoiceId: string; newStatus: string }>;
  /** Write requests the provider has accepted so far. */
  writes(harness: AddOnHarness): Promise<number>;
  /** The invoice's note at the provider. */
  noteAt(harness: AddOnHarness, invoiceId: string): Promise<string>;
}

const refresh = async (harness: AddOnHarness, definition: ReportDefinition): Promise<void> => {
  const run = await runReportOnce(harness, definition);
  if (run.log?.result !== 'ok') throw new Error(`refresh: ${JSON.stringify(run.log)}`);
};

const CASES: Case[] = [
  {
    name: 'an editable Affise report',
    provider: 'Affise',
    async start() {
      const harness = await AddOnHarness.start({ spreadsheetTimeZone: 'UTC', affise: { paymentCount: 12, quirks: AFFISE_QUIRKS_OFF, latencyMs: 5 } });
      const affise = harness.affise;
      if (!affise) throw new Error('no fake Affise');
      const definition = addReport(harness, { id: 'long', name: 'Long', kind: 'affise-invoices', mode: 'merge', sheet: 'Invoices', editable: true });
      const waiting = (await affise.payments()).find((payment) => payment.status === 1);
      if (!waiting) throw new Error('no waiting invoice');
      await affise.mutate({ kind: 'touch', ids: [waiting.id], notes: LONG_NOTE });
      await refresh(harness, definition);
      return { harness, definition, invoiceId: String(waiting.id), newStatus: 'completed' };
    },
    writes: async (harness) => (await harness.affise?.journal())?.length ?? 0,
    noteAt: async (harness, invoiceId) => (await harness.affise?.payments())?.find((payment) => String(payment.id) === invoiceId)?.notes ?? '',
  },
  {
    name: 'an editable Everflow network report',
    provider: 'Everflow',
    async start() {
      const harness = await AddOnHarness.start({ spreadsheetTimeZone: 'UTC', apiKey: DEMO_NETWORK_KEY, api: { seed: 3, invoiceCount: 30, networkAffiliateIds: [21], quirks: QUIRKS_OFF } });
      const api = harness.api;
      if (!api) throw new Error('no fake Everflow');
      const definition = addReport(harness, { id: 'long', name: 'Long', kind: 'invoices', mode: 'merge', sheet: 'Network', editable: true });
      const unpaid = (await api.networkInvoices()).find((invoice) => invoice.deleted !== true && invoiceTotals(invoice).status === 'unpaid' && invoice.extraPeriods.length === 0);
      if (!unpaid) throw new Error('no unpaid invoice');
      await api.mutate({ kind: 'touch', ids: [unpaid.id], changes: { status: 'unpaid', notes: LONG_NOTE } });
      await refresh(harness, definition);
      return { harness, definition, invoiceId: String(unpaid.id), newStatus: 'paid' };
    },
    writes: async (harness) => (await harness.api?.journal())?.length ?? 0,
    noteAt: async (harness, invoiceId) => `${(await harness.api?.networkInvoices())?.find((invoice) => String(invoice.id) === invoiceId)?.notes ?? ''}`,
  },
];

describe.each(CASES)('a note longer than a cell on $name', (testCase) => {
  let harness: AddOnHarness;
  let definition: ReportDefinition;
  let invoiceId: string;
  let newStatus: string;
  let header: string[];
  let row: number;

  const grid = (): unknown[][] => sheetValues(harness, definition.sheet);
  const cell = (header_: string): string => String(grid()[row - 1]?.[header.indexOf(header_)] ?? '');
  const sheet = () => {
    const found = userSpreadsheetApp(harness).getActive().getSheetByName(definition.sheet);
    if (!found) throw new Error('no report sheet');
    return found;
  };
  const setCell = (header_: string, value: string): void => {
    sheet().getRange(row, header.indexOf(header_) + 1).setValue(value);
  };
  const review = (): ChangeReviewView => {
    const outcome = harness.execute('sidebarReviewChanges');
    if (!outcome.ok) throw new Error(`Review failed: ${outcome.error}`);
    return outcome.value as ChangeReviewView;
  };
  const apply = (reviewed: ChangeReviewView): ChangeApplyView => {
    const outcome = harness.execute('sidebarApplyChanges', { sheet: reviewed.sheet, plan: reviewed.plan });
    if (!outcome.ok) throw new Error(`Apply failed: ${outcome.error}`);
    return outcome.value as ChangeApplyView;
  };

  beforeAll(async () => {
    ({ harness, definition, invoiceId, newStatus } = await testCase.start());
    const opened = harness.execute('onOpen', { authMode: 'FULL' });
    if (!opened.ok) throw new Error(`onOpen failed: ${opened.error}`);
    const book = userSpreadsheetApp(harness).getActive();
    book.setActiveSheet(sheet());
    const rows = grid();
    header = (rows[0] ?? []).map(String);
    row = rows.findIndex((values) => String(values[0]) === invoiceId) + 1;
    if (row < 2) throw new Error(`invoice ${invoiceId} is not on the sheet`);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('shows the note cut, and a review proposes nothing for it', () => {
    expect(cell('Notes')).toBe(SHOWN_NOTE);
    expect(review()).toMatchObject({ changes: [], refused: [], confirmLabel: null });
  });

  it('applies a status change; the read-back writes the row as a refresh does, and the note stays whole at the provider', async () => {
    setCell('Status', newStatus);
    const reviewed = review();
    expect(reviewed).toMatchObject({ provider: testCase.provider, confirmLabel: 'Apply 1 change', refused: [] });
    const applied = apply(reviewed);
    expect(applied.summary).toMatch(/^1 applied\./);
    expect(cell('Apply result')).toMatch(/^✓/);
    expect(cell('Status')).toBe(newStatus);
    expect(cell('Notes')).toBe(SHOWN_NOTE);
    expect(await testCase.noteAt(harness, invoiceId)).toBe(LONG_NOTE);

    const editable = header.filter((name) => ['Status', 'Comment', 'Notes', 'Internal notes', 'Payment account', 'Payment terms'].includes(name));
    const afterApply = editable.map(cell);
    // Past the document cache's 6 hours, where a role found by a call is kept.
    harness.clock.advance(7 * 3_600_000);
    await refresh(harness, definition);
    expect(editable.map(cell)).toEqual(afterApply);
  });

  it('a later review proposes nothing: the shortened note left as it is is not an edit', async () => {
    const writes = await testCase.writes(harness);
    expect(review()).toMatchObject({ changes: [], refused: [], confirmLabel: null });
    expect(await testCase.writes(harness)).toBe(writes);
  });

  it('refuses an edit of the shortened note with why, sends nothing, and takes the cell put back', async () => {
    const writes = await testCase.writes(harness);
    setCell('Notes', 'Paid by wire');
    const reviewed = review();
    expect(reviewed.changes).toEqual([]);
    expect(reviewed.refused).toEqual([
      { row, reason: `Notes is longer than a cell holds, so the sheet shows it shortened and sending the cell would lose the rest: edit it in ${testCase.provider}, or put the cell back as it was.` },
    ]);
    expect(cell('Apply result')).toMatch(/^✗ Not sent: Notes is longer than a cell holds/);
    setCell('Notes', SHOWN_NOTE);
    expect(review()).toMatchObject({ changes: [], refused: [] });
    expect(await testCase.writes(harness)).toBe(writes);
    expect(await testCase.noteAt(harness, invoiceId)).toBe(LONG_NOTE);
  });
});
