import { confirmPlan, type ApplyReport } from '../../../src/app/changes/apply';
import type { AuditRow } from '../../../src/app/changes/audit';
import type { PlannedChange } from '../../../src/app/changes/change';
import { EverflowChangeProvider } from '../../../src/app/changes/everflow-changes';
import { ChangeJournal } from '../../../src/app/changes/journal';
import { tokenInNote } from '../../../src/app/changes/tokens';
import type { EverflowInvoiceListItem } from '../../../src/model/invoice';
import { EverflowClient } from '../../../src/provider/everflow/client';
import { SharedClock } from '../../../test-support/clock';
import { DEMO_NETWORK_KEY, QUIRKS_OFF, invoiceTotals, startFakeEverflow, type FakeEverflowHandle, type FakeInvoice, type FaultKind, type JournalEntry } from '../../../test-support/fake-everflow';
import { IntlZoneRules } from '../../../test-support/intl-zone-rules';
import { MemorySpreadsheet } from '../../../test-support/memory-spreadsheet';
import { SyncHttpPort } from '../../../test-support/sync-http-port';
import { CountingHttp, applyWithRequestBudget, firstApplyWithFault } from './support/request-budget';

/*
 * The change engine with the Everflow network provider against the fake Everflow (loopback HTTP,
 * virtual clock): each kind of fault at every request index of an apply, then applying again. The
 * fake's journal holds each change exactly once, the audit log says so once, nothing asks for a
 * payment, and no field a PUT does not change is lost.
 */

const PER_CASE = 6;
const PARTNER = 21;

const statusOf = (invoice: FakeInvoice): string => (invoice.deleted === true ? 'deleted' : invoiceTotals(invoice).status);
const flipped = (invoice: FakeInvoice): string => (statusOf(invoice) === 'paid' ? 'unpaid' : 'paid');

/** Two invoices' status flipped and one deleted (PATCH batches), notes on one and terms on another (two PUTs), and one new invoice with two lines. */
function planFor(caseNo: number, invoices: readonly FakeInvoice[]): PlannedChange[] {
  const [a, b, c, d, e] = invoices;
  if (!a || !b || !c || !d || !e) throw new Error('not enough invoices');
  const update = (invoice: FakeInvoice, field: string, label: string, before: string, after: string): PlannedChange => ({
    key: `c${caseNo}-${field}-${invoice.id}`,
    action: 'update',
    invoiceId: String(invoice.id),
    rowKey: String(invoice.id),
    fields: [{ field, label, before, after }],
    amount: null,
    comment: '',
    affiliateId: null,
    token: null,
    baseVersion: String(invoice.timeSaved),
  });
  return [
    update(a, 'status', 'Status', statusOf(a), flipped(a)),
    update(b, 'status', 'Status', statusOf(b), flipped(b)),
    update(c, 'status', 'Status', statusOf(c), 'deleted'),
    {
      ...update(d, 'notes', 'Notes', d.notes, `Checked in case ${caseNo}`),
      fields: [
        { field: 'notes', label: 'Notes', before: d.notes, after: `Checked in case ${caseNo}` },
        { field: 'internalNotes', label: 'Internal notes', before: d.internalNotes ?? '', after: `audit ${caseNo}` },
      ],
    },
    update(e, 'paymentTerms', 'Payment terms', e.paymentTerms ?? '', `Net ${40 + caseNo}`),
    {
      key: `c${caseNo}-new`,
      action: 'create',
      invoiceId: null,
      rowKey: `new:t${caseNo}`,
      fields: [],
      amount: { text: '120.00', currency: 'USD' },
      comment: `Bonus ${caseNo}`,
      affiliateId: String(PARTNER),
      token: `t${caseNo}`,
      baseVersion: null,
      newInvoice: {
        startDate: '2026-10-01',
        endDate: '2026-10-31',
        paymentTermsDays: 30,
        internalNotes: `case ${caseNo}`,
        lines: [
          { offerId: null, type: 'adjustment', amount: '100.50', quantity: 1, notes: 'bonus' },
          { offerId: null, type: 'adjustment', amount: '19.50', quantity: 1, notes: 'extra' },
        ],
      },
    },
  ];
}

/** Which change of the plan a write the fake accepted carries. */
function changeKeysOf(entry: JournalEntry, plan: readonly PlannedChange[]): string[] {
  if (entry.kind === 'create') {
    const body = entry.body as { internal_notes?: unknown };
    const token = tokenInNote(typeof body.internal_notes === 'string' ? body.internal_notes : null);
    return plan.filter((change) => change.token !== null && change.token === token).map((change) => change.key);
  }
  if (entry.kind === 'update') return plan.filter((change) => change.action === 'update' && change.invoiceId === String(entry.invoiceIds[0])).map((change) => change.key);
  if (entry.kind === 'status') return plan.filter((change) => change.action === 'update' && entry.invoiceIds.map(String).includes(change.invoiceId ?? '')).map((change) => change.key);
  return [];
}

function auditKeyOf(row: AuditRow, plan: readonly PlannedChange[]): string {
  const token = /\(token ([^)]+)\)/.exec(row.invoice)?.[1];
  const change = plan.find((candidate) => (token ? candidate.token === token : candidate.invoiceId === row.invoice));
  return change?.key ?? `unmatched:${row.invoice}`;
}

describe('Applying network changes to the fake Everflow with a fault at every request index', () => {
  const clock = SharedClock.virtual();
  const sync = new SyncHttpPort(clock);
  const http = new CountingHttp(sync);
  const zones = new IntlZoneRules();
  let fake: FakeEverflowHandle;
  let caseNo = 0;

  beforeAll(async () => {
    fake = await startFakeEverflow({ clock, seed: 17, invoiceCount: 450, networkAffiliateIds: [PARTNER, 22], quirks: QUIRKS_OFF });
  });

  afterAll(async () => {
    await fake.close();
    await sync.close();
  });

  const newProvider = (): EverflowChangeProvider =>
    new EverflowChangeProvider(
      new EverflowClient({ http, clock, sleeper: clock, apiKey: DEMO_NETWORK_KEY, keyType: 'network', baseUrl: fake.baseUrl, zones, random: () => 0.5 }),
      zones,
      () => clock.now(),
    );

  /** One apply as a fresh execution: a new client and provider, the same durable journal and audit log. */
  const applyOnce = (journal: ChangeJournal, audit: AuditRow[]): ApplyReport<EverflowInvoiceListItem> =>
    applyWithRequestBudget({ provider: newProvider(), journal, audit, clock, http, account: 'Demo network' });

  async function runCase(fault: FaultKind | 'deadline' | null, index: number): Promise<{ plan: PlannedChange[]; audit: AuditRow[]; writes: JournalEntry[]; requests: number; before: FakeInvoice[] }> {
    caseNo += 1;
    // Invoices without extra periods, as the fake has them now (paid first, unpaid after): a PUT must keep their lines, flags and period.
    const before = (await fake.networkInvoices())
      .filter((invoice) => invoice.deleted !== true && invoice.extraPeriods.length === 0)
      .sort((x, y) => statusOf(x).localeCompare(statusOf(y)))
      .slice(0, PER_CASE);
    const plan = planFor(caseNo, before);
    const journal = new ChangeJournal(new MemorySpreadsheet(), `case${caseNo}`);
    const audit: AuditRow[] = [];
    confirmPlan(journal, plan, clock.now());
    const journalBefore = (await fake.journal()).length;
    const requests = await firstApplyWithFault(fake, http, fault, index, () => applyOnce(journal, audit));
    clock.advance(2_000);
    const last = applyOnce(journal, audit);
    expect(last.stoppedBecause).toBeNull();
    expect(last.results.filter((result) => result.state !== 'applied').map((result) => `${result.change.key}: ${result.state} ${result.message}`)).toEqual([]);
    clock.advance(2_000);
    return { plan, audit, writes: (await fake.journal()).slice(journalBefore), requests, before };
  }

  async function expectExactlyOnce({ plan, audit, writes, before }: { plan: PlannedChange[]; audit: AuditRow[]; writes: JournalEntry[]; before: FakeInvoice[] }): Promise<void> {
    expect(writes.filter((entry) => entry.kind === 'payment')).toEqual([]);
    const landed = new Map<string, number>();
    for (const entry of writes) for (const key of changeKeysOf(entry, plan)) landed.set(key, (landed.get(key) ?? 0) + 1);
    const claims = new Map<string, number>();
    for (const row of audit.filter((candidate) => /^applied/.test(candidate.result))) {
      const key = auditKeyOf(row, plan);
      claims.set(key, (claims.get(key) ?? 0) + 1);
    }
    for (const change of plan) {
      expect(`${change.key}: fake ${landed.get(change.key) ?? 0}`).toBe(`${change.key}: fake 1`);
      expect(`${change.key}: audit ${claims.get(change.key) ?? 0}`).toBe(`${change.key}: audit 1`);
    }
    // No field a PUT did not change was lost: lines, hidden flag, period, and the field not edited.
    const now = new Map((await fake.networkInvoices()).map((invoice) => [invoice.id, invoice]));
    const [, , , notes, terms] = before;
    for (const invoice of [notes, terms]) {
      const after = now.get(invoice?.id ?? -1);
      expect(after?.lines.map((line) => [line.id, line.invoiceCurrencyAmountCents])).toEqual(invoice?.lines.map((line) => [line.id, line.invoiceCurrencyAmountCents]));
      expect(after?.hiddenAffiliate ?? false).toBe(invoice?.hiddenAffiliate ?? false);
      expect(after?.startTime.slice(0, 10)).toBe(invoice?.startTime.slice(0, 10));
    }
    expect(now.get(notes?.id ?? -1)?.paymentTerms).toBe(notes?.paymentTerms);
    expect(now.get(terms?.id ?? -1)).toMatchObject({ notes: terms?.notes, internalNotes: terms?.internalNotes ?? '' });
    const created = [...now.values()].filter((invoice) => tokenInNote(invoice.internalNotes ?? null) === plan.at(-1)?.token);
    expect(created.map((invoice) => invoice.lines.reduce((sum, line) => sum + line.invoiceCurrencyAmountCents, 0))).toEqual([12_000]);
  }

  it('a clean apply sends each change once: two PUTs, two PATCH batches and one POST', async () => {
    const outcome = await runCase(null, 0);
    await expectExactlyOnce(outcome);
    // 5 searches (the conflict check), 2 PUTs after a GET each (the searched row is reused), 2 PATCHes,
    // 1 POST, then the read-back: 6 searches and 1 more under the `deleted` filter.
    expect(outcome.requests).toBe(19);
    expect(outcome.writes.map((entry) => `${entry.method} ${entry.invoiceIds.length}`)).toEqual(['PUT 1', 'PUT 1', 'PATCH 2', 'PATCH 1', 'POST 1']);
  });

  // A 503, a drop, a cut body, the deadline and a killed execution at every index are in
  // test/e2e/changes/network-apply-faults.test.ts (on the bundle); a 429 here, client and fake alone.
  const kinds: Array<FaultKind | 'deadline'> = ['429'];
  for (const kind of kinds) {
    it(`a ${kind} at each request index, then applying again: every change lands exactly once and no field is lost`, async () => {
      const clean = await runCase(null, 0);
      for (let index = 0; index < clean.requests; index++) {
        await expectExactlyOnce(await runCase(kind, index));
      }
    });
  }
});
