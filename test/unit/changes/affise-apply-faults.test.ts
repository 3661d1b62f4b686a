import { AffiseChangeProvider, CREATION_GRACE_MS } from '../../../src/app/changes/affise-changes';
import { tokenInNote } from '../../../src/app/changes/tokens';
import { confirmPlan, type ApplyReport } from '../../../src/app/changes/apply';
import type { AuditRow } from '../../../src/app/changes/audit';
import type { PlannedChange } from '../../../src/app/changes/change';
import { ChangeJournal } from '../../../src/app/changes/journal';
import { AffiseClient } from '../../../src/provider/affise/client';
import { AFFISE_STATUS_WORDS, type AffisePayment } from '../../../src/provider/affise/normalize';
import { SharedClock } from '../../../test-support/clock';
import { AFFISE_QUIRKS_OFF, DEMO_AFFISE_KEY, startFakeAffise, type AffiseJournalEntry, type FakeAffiseHandle, type FakeAffisePayment, type FaultKind } from '../../../test-support/fake-affise';
import { MemorySpreadsheet } from '../../../test-support/memory-spreadsheet';
import { SyncHttpPort } from '../../../test-support/sync-http-port';
import { CountingHttp, applyWithRequestBudget, firstApplyWithFault } from './support/request-budget';

const CURRENCY_CODES: Record<string, string> = { '1': 'USD', '2': 'EUR', '3': 'GBP', '4': 'KWD', '5': 'JPY' };
const INVOICES_PER_CASE = 7;

/** Two status/notes updates, two corrections, three deletions and two creations on fresh invoices. */
function planFor(caseNo: number, invoices: readonly FakeAffisePayment[], affiliateId: number): PlannedChange[] {
  const [a, b, c, d, ...gone] = invoices;
  if (!a || !b || !c || !d) throw new Error('not enough invoices');
  const base = (invoice: FakeAffisePayment): Pick<PlannedChange, 'invoiceId' | 'rowKey' | 'baseVersion' | 'affiliateId' | 'token'> => ({
    invoiceId: String(invoice.id),
    rowKey: String(invoice.id),
    baseVersion: invoice.updatedAt,
    affiliateId: null,
    token: null,
  });
  const statusWord = (invoice: FakeAffisePayment): string => AFFISE_STATUS_WORDS[String(invoice.status)] ?? '';
  const targetStatus = (invoice: FakeAffisePayment): string => (invoice.status === 2 ? 'declined' : 'completed');
  const correction = (invoice: FakeAffisePayment, text: string): PlannedChange => ({
    ...base(invoice),
    key: `c${caseNo}-corr-${invoice.id}`,
    action: 'correction',
    fields: [],
    amount: { text, currency: CURRENCY_CODES[invoice.currencyId] ?? '' },
    comment: `case ${caseNo} chargeback`,
  });
  const creation = (suffix: string, amount: string): PlannedChange => ({
    key: `c${caseNo}-new-${suffix}`,
    action: 'create',
    invoiceId: null,
    rowKey: `t${caseNo}${suffix}`,
    fields: [],
    amount: { text: amount, currency: 'EUR' },
    comment: `bonus ${suffix}`,
    affiliateId: String(affiliateId),
    token: `t${caseNo}${suffix}`,
    baseVersion: null,
  });
  return [
    { ...base(a), key: `c${caseNo}-upd-${a.id}`, action: 'update', fields: [{ field: 'status', label: 'Status', before: statusWord(a), after: targetStatus(a) }], amount: null, comment: '' },
    { ...base(b), key: `c${caseNo}-upd-${b.id}`, action: 'update', fields: [{ field: 'notes', label: 'Notes', before: b.notes, after: `checked in case ${caseNo}` }], amount: null, comment: '' },
    correction(c, '-1.50'),
    correction(d, '2.25'),
    ...gone.map((invoice): PlannedChange => ({ ...base(invoice), key: `c${caseNo}-del-${invoice.id}`, action: 'delete', fields: [], amount: null, comment: '' })),
    creation('a', '10.5'),
    creation('b', '20.25'),
  ];
}

/** Which change a write the fake received belongs to (a bulk delete belongs to each id it carried). */
function changeKeysOf(entry: AffiseJournalEntry, plan: readonly PlannedChange[]): string[] {
  switch (entry.operation) {
    case 'update':
      return plan.filter((change) => change.action === 'update' && change.invoiceId === String(entry.paymentId)).map((change) => change.key);
    case 'add-correction':
      return plan.filter((change) => change.action === 'correction' && change.invoiceId === String(entry.paymentId)).map((change) => change.key);
    case 'bulk-delete': {
      const ids = entry.fields.ids;
      const list = Array.isArray(ids) ? ids : ids === undefined ? [] : [ids];
      return plan.filter((change) => change.action === 'delete' && list.includes(change.invoiceId ?? '')).map((change) => change.key);
    }
    case 'create-for-affiliate': {
      const note = entry.fields.note;
      const token = tokenInNote(typeof note === 'string' ? note : null);
      return plan.filter((change) => change.token !== null && change.token === token).map((change) => change.key);
    }
    default:
      return [];
  }
}

function auditKeyOf(row: AuditRow, plan: readonly PlannedChange[]): string {
  const token = /\(token ([^)]+)\)/.exec(row.invoice)?.[1];
  const change = plan.find((candidate) => (token ? candidate.token === token : candidate.action === row.action && candidate.invoiceId === row.invoice));
  return change?.key ?? `unmatched:${row.invoice}`;
}

describe('Applying changes to the fake Affise with a fault at every request index', () => {
  const clock = SharedClock.virtual();
  const sync = new SyncHttpPort(clock);
  const http = new CountingHttp(sync);
  let fake: FakeAffiseHandle;
  let invoices: FakeAffisePayment[] = [];
  let affiliateId = 0;
  let nextInvoice = 0;
  let caseNo = 0;

  beforeAll(async () => {
    fake = await startFakeAffise({ clock, seed: 11, paymentCount: 800, quirks: AFFISE_QUIRKS_OFF, latencyMs: 50, creationDelayMs: 120_000 });
    invoices = await fake.payments();
    affiliateId = (await fake.partners())[0]?.id ?? 0;
  });

  afterAll(async () => {
    await fake.close();
    await sync.close();
  });

  const newProvider = (): AffiseChangeProvider =>
    new AffiseChangeProvider(new AffiseClient({ http, clock, sleeper: clock, apiKey: DEMO_AFFISE_KEY, baseUrl: fake.baseUrl, random: () => 0.5 }), () => clock.now());

  /** One apply as a fresh execution: a new client and provider, the same durable journal and audit log. */
  const applyOnce = (journal: ChangeJournal, audit: AuditRow[]): ApplyReport<AffisePayment> =>
    applyWithRequestBudget({ provider: newProvider(), journal, audit, clock, http, account: 'Demo Affise' });

  /** Runs a case: the first apply with `fault` at request `index`, then applies until settled. */
  async function runCase(fault: FaultKind | 'deadline' | null, index: number): Promise<{ plan: PlannedChange[]; audit: AuditRow[]; journal: AffiseJournalEntry[]; requests: number }> {
    caseNo += 1;
    const slice = invoices.slice(nextInvoice, nextInvoice + INVOICES_PER_CASE);
    nextInvoice += INVOICES_PER_CASE;
    const plan = planFor(caseNo, slice, affiliateId);
    const journal = new ChangeJournal(new MemorySpreadsheet(), `case${caseNo}`);
    const audit: AuditRow[] = [];
    confirmPlan(journal, plan, clock.now());
    await fake.clearJournal();
    const requests = await firstApplyWithFault(fake, http, fault, index, () => applyOnce(journal, audit));
    applyOnce(journal, audit);
    // A creation whose answer was unclear and that never appeared is sent again only after the grace period.
    clock.advance(CREATION_GRACE_MS + 1_000);
    applyOnce(journal, audit);
    clock.advance(130_000);
    const last = applyOnce(journal, audit);
    expect(last.finished).toBe(true);
    expect(last.results.filter((result) => result.state !== 'applied').map((result) => `${result.change.key}: ${result.state} ${result.message}`)).toEqual([]);
    expect(last.results).toHaveLength(plan.length);
    return { plan, audit, journal: await fake.journal(), requests };
  }

  function expectExactlyOnce(plan: readonly PlannedChange[], audit: readonly AuditRow[], journal: readonly AffiseJournalEntry[]): void {
    const landedByFake = new Map<string, number>();
    for (const entry of journal.filter((candidate) => candidate.applied)) {
      for (const key of changeKeysOf(entry, plan)) landedByFake.set(key, (landedByFake.get(key) ?? 0) + 1);
    }
    const claims = new Map<string, number>();
    for (const row of audit.filter((candidate) => /^(applied|accepted)/.test(candidate.result))) {
      const key = auditKeyOf(row, plan);
      claims.set(key, (claims.get(key) ?? 0) + 1);
    }
    for (const change of plan) {
      expect(`${change.key}: fake ${landedByFake.get(change.key) ?? 0}`).toBe(`${change.key}: fake 1`);
      expect(`${change.key}: audit ${claims.get(change.key) ?? 0}`).toBe(`${change.key}: audit 1`);
    }
    // Every write the fake received has an audit row saying what became of it, but a 429: Affise
    // refused it unprocessed (nothing happened), and it is simply sent again.
    const sentRows = audit.filter((row) => /^(applied$|refused|outcome unknown|accepted)/.test(row.result));
    const sentByFake = journal.filter((entry) => entry.status !== 429).reduce((count, entry) => count + Math.max(1, changeKeysOf(entry, plan).length), 0);
    expect(sentRows.length).toBe(sentByFake);
  }

  it('a clean apply sends each change once and audits it', async () => {
    const { plan, audit, journal, requests } = await runCase(null, 0);
    expectExactlyOnce(plan, audit, journal);
    // 1 conflict read, 2 updates, 2 corrections, 1 bulk delete, 1 currency list, 2 creations, 1 read-back.
    expect(requests).toBe(10);
  });

  const kinds: Array<FaultKind | 'deadline'> = ['503', 'drop', 'truncate', '429', 'deadline'];
  for (const kind of kinds) {
    it(`a ${kind} at each request index, then applying again: every change lands exactly once`, async () => {
      for (let index = 0; index < 10; index++) {
        const { plan, audit, journal } = await runCase(kind, index);
        expectExactlyOnce(plan, audit, journal);
      }
    });
  }
});
