import { execSync } from 'node:child_process';
import { applyPlan, confirmPlan } from '../../../src/app/changes/apply';
import type { AuditRow } from '../../../src/app/changes/audit';
import type { PlannedChange } from '../../../src/app/changes/change';
import { EverflowChangeProvider, paymentTermsDays } from '../../../src/app/changes/everflow-changes';
import { ChangeJournal } from '../../../src/app/changes/journal';
import { describeAfter, describeChange } from '../../../src/app/changes/words';
import { Deadline } from '../../../src/ports/clock';
import type { HttpOutcome, HttpPort, HttpRequest } from '../../../src/ports/http';
import { EverflowClient } from '../../../src/provider/everflow/client';
import { EverflowOutcomeUnknownError } from '../../../src/provider/everflow/errors';
import { SharedClock } from '../../../test-support/clock';
import { DEMO_NETWORK_KEY, QUIRKS_OFF, invoiceTotals, startFakeEverflow, type FakeEverflowHandle, type FakeInvoice } from '../../../test-support/fake-everflow';
import { IntlZoneRules } from '../../../test-support/intl-zone-rules';
import { MemorySpreadsheet } from '../../../test-support/memory-spreadsheet';
import { SyncHttpPort } from '../../../test-support/sync-http-port';

/**
 * Everflow refuses one invoice of a batch: the PATCH goes on without it, and its answer names it
 * as refused (as Everflow answers an invoice it will not change), so the provider's handling of
 * a per-invoice refusal is exercised.
 */
class RefuseOneInPatch implements HttpPort {
  refused: number | null = null;
  constructor(private readonly inner: HttpPort) {}
  fetch(request: HttpRequest): HttpOutcome {
    if (request.method !== 'patch' || this.refused === null) return this.inner.fetch(request);
    const body = JSON.parse(String(request.body)) as { invoice_ids: number[]; status: string };
    const outcome = this.inner.fetch({ ...request, body: JSON.stringify({ ...body, invoice_ids: body.invoice_ids.filter((id) => id !== this.refused) }) });
    if (outcome.kind !== 'response' || outcome.status !== 200) return outcome;
    const answer = JSON.parse(outcome.body) as { results: unknown[] };
    answer.results.push({ network_affiliate_invoice_id: this.refused, success: false, error: 'Invoice has a payment in progress' });
    return { ...outcome, body: JSON.stringify(answer) };
  }
  fetchAll(requests: readonly HttpRequest[]): HttpOutcome[] {
    return requests.map((request) => this.fetch(request));
  }
}

describe('The Everflow network change provider against the fake Everflow', () => {
  const clock = SharedClock.virtual();
  const sync = new SyncHttpPort(clock);
  const http = new RefuseOneInPatch(sync);
  const zones = new IntlZoneRules();
  let fake: FakeEverflowHandle;
  const client = (): EverflowClient => new EverflowClient({ http, clock, sleeper: clock, apiKey: DEMO_NETWORK_KEY, keyType: 'network', baseUrl: fake.baseUrl, zones, random: () => 0.5 });
  const deadline = (): Deadline => Deadline.after(clock, 300_000);
  const statusOf = (invoice: FakeInvoice): string => (invoice.deleted === true ? 'deleted' : invoiceTotals(invoice).status);
  const unpaid = async (): Promise<FakeInvoice[]> => (await fake.networkInvoices()).filter((invoice) => statusOf(invoice) === 'unpaid' && invoice.extraPeriods.length === 0);
  const statusChange = (invoice: FakeInvoice, after: string): PlannedChange => ({
    key: `s:${invoice.id}`,
    action: 'update',
    invoiceId: String(invoice.id),
    rowKey: String(invoice.id),
    fields: [{ field: 'status', label: 'Status', before: statusOf(invoice), after }],
    amount: null,
    comment: '',
    affiliateId: null,
    token: null,
    baseVersion: String(invoice.timeSaved),
  });

  beforeAll(async () => {
    fake = await startFakeEverflow({ clock, seed: 29, invoiceCount: 80, networkAffiliateIds: [21], quirks: QUIRKS_OFF });
  });
  afterAll(async () => {
    await fake.close();
    await sync.close();
  });
  beforeEach(async () => {
    http.refused = null;
    await fake.configure({ faults: { plan: {}, rates: {} } });
    await fake.resetStats();
  });

  it('sends status-only changes in one PATCH and answers per invoice: one refused, the others applied', async () => {
    const invoices = (await unpaid()).slice(0, 4);
    const plan = invoices.map((invoice) => statusChange(invoice, 'paid'));
    http.refused = invoices[2]?.id ?? null;
    const journal = new ChangeJournal(new MemorySpreadsheet(), 'patch');
    const audit: AuditRow[] = [];
    confirmPlan(journal, plan, clock.now());
    const before = (await fake.journal()).length;
    const report = applyPlan({ provider: new EverflowChangeProvider(client(), zones, () => clock.now()), journal, audit: { append: (rows) => audit.push(...rows) }, clock, deadline: deadline(), user: 'u', account: 'a', marginMs: 1_000 });
    expect(report.results.map((result) => result.state)).toEqual(['applied', 'applied', 'refused', 'applied']);
    expect(report.results[2]?.message).toBe('Refused by Everflow: Invoice has a payment in progress');
    const writes = (await fake.journal()).slice(before);
    expect(writes.map((entry) => entry.method)).toEqual(['PATCH']);
    expect(audit.map((row) => row.result)).toEqual(['applied', 'applied', 'refused', 'applied']);
    expect(audit[0]).toMatchObject({ action: 'update', before: 'status: unpaid', after: 'status: paid' });
  });

  it('sends a PUT once after a 503: the outcome is unknown, nothing is resent by the client', async () => {
    const [invoice] = await unpaid();
    if (!invoice) throw new Error('no invoice');
    const everflow = client();
    const reading = everflow.readNetworkInvoice(invoice.id, deadline());
    await fake.resetStats();
    await fake.configure({ faults: { plan: { 0: '503' }, rates: {} } });
    expect(() => everflow.putNetworkInvoice(invoice.id, reading, { internalNotes: 'x' }, deadline())).toThrow(EverflowOutcomeUnknownError);
    const stats = await fake.stats();
    expect(stats.log.filter((entry) => entry.method === 'PUT')).toHaveLength(1);
  });

  it('waits out a 429 on a write (Everflow refused it unprocessed) and sends it again: it lands once', async () => {
    const [invoice] = await unpaid();
    if (!invoice) throw new Error('no invoice');
    const everflow = client();
    const reading = everflow.readNetworkInvoice(invoice.id, deadline());
    await fake.resetStats();
    await fake.configure({ faults: { plan: { 0: '429' }, rates: {} } });
    const before = (await fake.journal()).length;
    everflow.putNetworkInvoice(invoice.id, reading, { internalNotes: 'after a 429' }, deadline());
    expect((await fake.stats()).log.map((entry) => `${entry.method} ${entry.status}`)).toEqual(['PUT 429', 'PUT 200']);
    expect((await fake.journal()).slice(before).map((entry) => entry.method)).toEqual(['PUT']);
  });

  it('refuses a PUT of an invoice with extra periods (Everflow documents no way to send them back), sending nothing', async () => {
    const invoice = (await fake.networkInvoices()).find((candidate) => candidate.extraPeriods.length > 0 && candidate.deleted !== true);
    if (!invoice) throw new Error('no invoice with extra periods');
    const journal = new ChangeJournal(new MemorySpreadsheet(), 'extra');
    const plan: PlannedChange[] = [{ ...statusChange(invoice, 'paid'), key: `n:${invoice.id}`, fields: [{ field: 'notes', label: 'Notes', before: invoice.notes, after: 'new public notes' }] }];
    confirmPlan(journal, plan, clock.now());
    const before = (await fake.journal()).length;
    const report = applyPlan({ provider: new EverflowChangeProvider(client(), zones, () => clock.now()), journal, audit: { append: () => undefined }, clock, deadline: deadline(), user: 'u', account: 'a', marginMs: 1_000 });
    expect(report.results.map((result) => [result.state, result.message])).toEqual([['refused', expect.stringContaining(`Invoice ${invoice.id} has extra periods`)]]);
    expect(await fake.journal()).toHaveLength(before);
  });

  it('reads payment terms as days, and words a new invoice as the review and the audit log show it', () => {
    expect(['Net 30', 'net30', '45', '45 days', 'Due on receipt', 'on receipt', 'Net', 'thirty', '-5'].map(paymentTermsDays)).toEqual([30, 30, 45, 45, 0, 0, null, null, null]);
    const change: PlannedChange = {
      key: 'n:t1',
      action: 'create',
      invoiceId: null,
      rowKey: 'new:t1',
      fields: [],
      amount: { text: '120.00', currency: 'USD' },
      comment: 'October bonus',
      affiliateId: '45',
      token: 't1',
      baseVersion: null,
      newInvoice: { startDate: '2026-10-01', endDate: '2026-10-31', paymentTermsDays: 30, internalNotes: '', lines: [1, 2, 3].map(() => ({ offerId: null, type: 'adjustment', amount: '40.00', quantity: 1, notes: '' })) },
    };
    expect(describeChange(change)).toBe('New invoice for partner 45: 2026-10-01 – 2026-10-31, 3 lines, 120.00 USD');
    expect(describeAfter(change)).toBe('partner 45, 2026-10-01 – 2026-10-31, 3 lines, 120.00 USD, terms 30 days, notes "October bonus", token t1');
    expect(describeChange({ ...change, action: 'update', invoiceId: '123', newInvoice: undefined, fields: [{ field: 'status', label: 'Status', before: 'unpaid', after: 'paid' }] })).toBe('Invoice 123: status unpaid → paid');
  });

  it('never calls the payments endpoint: no code path of the add-on names it', () => {
    const hits = execSync('grep -rn "billings/affiliates/payments" src || true', { encoding: 'utf8' });
    expect(hits).toBe('');
  });
});
