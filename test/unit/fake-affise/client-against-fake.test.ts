import { Deadline } from '../../../src/ports/clock';
import { AffiseClient } from '../../../src/provider/affise/client';
import { AffiseAuthenticationError, AffiseForbiddenError, AffiseOutcomeUnknownError } from '../../../src/provider/affise/errors';
import { SharedClock } from '../../../test-support/clock';
import { DEMO_AFFISE_KEY, revenueUnits, startFakeAffise, totalUnits, type FakeAffiseHandle } from '../../../test-support/fake-affise';
import { SyncHttpPort } from '../../../test-support/sync-http-port';

/** The provider's client against the fake in its worker thread, over real loopback HTTP, on one virtual clock. */
describe('AffiseClient against the fake Affise (worker thread)', () => {
  const clock = SharedClock.virtual();
  const http = new SyncHttpPort(clock);
  let fake: FakeAffiseHandle;
  const client = (apiKey = DEMO_AFFISE_KEY): AffiseClient =>
    new AffiseClient({ http, clock, sleeper: clock, apiKey, baseUrl: fake.baseUrl, random: () => 0.5 });
  const deadline = (): Deadline => Deadline.after(clock, 300_000);

  beforeAll(async () => {
    fake = await startFakeAffise({ clock, seed: 3, paymentCount: 1_050, quirks: { numbersAsStrings: 0.2, nullOptionals: 0.2, extraFields: 0.2 }, latencyMs: 150 });
  });

  afterAll(async () => {
    await fake.close();
    await http.close();
  });

  beforeEach(async () => {
    await fake.configure({ faults: { plan: {}, rates: {} }, billingEnabled: true });
    await fake.resetStats();
  });

  it('lists every invoice in 11 requests and 2 rounds, amounts exact to the fake records', async () => {
    const affise = client();
    const startedMs = clock.now();
    const payments = affise.listPayments({ dateFrom: '2000-01-01', dateTo: '2100-01-01' }, deadline());
    const records = await fake.payments();
    expect(payments.map((payment) => payment.id)).toEqual(records.map((record) => record.id));
    for (const [index, payment] of payments.entries()) {
      const record = records[index];
      if (!record) throw new Error('missing record');
      expect(BigInt(payment.amount?.units ?? 'x')).toBe(BigInt(revenueUnits(record)));
      expect(BigInt(payment.total?.units ?? 'x')).toBe(BigInt(totalUnits(record)));
    }
    expect(affise.stats).toMatchObject({ requests: 11, rounds: 2, rateLimited: 0 });
    // Two rounds of 150 ms latency: the parallel pages overlap on the virtual clock.
    expect(clock.now() - startedMs).toBe(300);
  });

  it('carries on through 429s, 5xx, cut bodies and dropped connections on reads', async () => {
    await fake.configure({ faults: { plan: { 1: '429', 2: '503', 3: 'truncate', 4: 'drop', 5: '502' } } });
    const affise = client();
    expect(affise.listPayments({ dateFrom: '2000-01-01', dateTo: '2100-01-01' }, deadline())).toHaveLength((await fake.payments()).length);
    expect(affise.stats.retries).toBe(5);
    expect(affise.stats.rateLimited).toBe(1);
  });

  it('tells a wrong key and a plan without the Billing API apart', async () => {
    expect(() => client('not-the-key').getCurrentUser(deadline())).toThrow(AffiseAuthenticationError);
    await fake.configure({ billingEnabled: false });
    expect(client().getCurrentUser(deadline())).toMatchObject({ email: 'finance@demo-network.test', name: 'Dana Finance' });
    expect(() => client().listPayments({ dateFrom: '2000-01-01', dateTo: '2100-01-01' }, deadline())).toThrow(AffiseForbiddenError);
  });

  it('names affiliates from the partners list and reads the currency ids', async () => {
    const partners = client().listPartners(deadline());
    expect(partners.map((partner) => partner.id)).toEqual((await fake.partners()).map((partner) => partner.id));
    expect(client().listCurrencies(deadline()).map((currency) => `${currency.id}:${currency.code}`)).toEqual(['1:USD', '2:EUR', '3:GBP', '4:KWD', '5:JPY']);
  });

  it('writes land once: a dropped create is "outcome unknown", found by listing after the delay', async () => {
    await fake.clearJournal();
    const affise = client();
    const [partner] = await fake.partners();
    await fake.resetStats();
    await fake.configure({ faults: { plan: { 0: 'drop' } } });
    let error: unknown = null;
    try {
      affise.createPaymentForAffiliate({ affiliateId: partner?.id ?? 0, sum: '99.125', currencyId: '4', note: 'row-token-7' }, deadline());
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AffiseOutcomeUnknownError);
    const journal = await fake.journal();
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({ operation: 'create-for-affiliate', applied: true, status: 'dropped', fields: { aid: String(partner?.id), sum: '99.125', currency: '4', note: 'row-token-7' } });
    clock.advance(120_000);
    const found = affise.listPayments({ dateFrom: '2000-01-01', dateTo: '2100-01-01', affiliateIds: [partner?.id ?? 0] }, deadline()).filter((payment) => payment.notes === 'row-token-7');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ currency: 'KWD', amount: { text: '99.125' }, status: 'waiting' });
  });

  it('an update moves updated_at; a correction shows in additional_payments', async () => {
    const affise = client();
    const [target] = await fake.payments();
    const before = affise.getPayment(target?.id ?? 0, deadline());
    clock.advance(5_000);
    const updated = affise.updatePayment(before.id, { status: 2, note: '=cmd|"/c calc"!A1' }, deadline());
    expect(updated).toMatchObject({ status: 'completed', notes: '=cmd|"/c calc"!A1' });
    expect((updated?.updatedAtRaw ?? '') > (before.updatedAtRaw ?? '')).toBe(true);
    const corrected = affise.addCorrection(before.id, { revenue: '-0.01', comment: 'rounding' }, deadline());
    expect(corrected.correctionId).toMatch(/^\d+$/);
    expect(corrected.payment?.corrections.find((correction) => correction.id === corrected.correctionId)).toMatchObject({ amount: { text: '-0.01' }, comment: 'rounding' });
    affise.deleteCorrection(corrected.correctionId ?? '', deadline());
    expect(affise.getPayment(before.id, deadline()).corrections.some((correction) => correction.id === corrected.correctionId)).toBe(false);
  });

  it.each([
    ['500', 'outcome-unknown', false],
    ['502', 'outcome-unknown', false],
    ['503', 'outcome-unknown', false],
    ['truncate', 'outcome-unknown', true],
    ['drop', 'outcome-unknown', true],
    ['429', 'rate-limited', false],
  ] as const)('a %s on add-correction: sent once, the error says what is known (%s), the journal says whether it landed', async (fault, kind, landed) => {
    const affise = client();
    const [target] = await fake.payments();
    await fake.clearJournal();
    await fake.resetStats();
    await fake.configure({ faults: { plan: { 0: fault } } });
    let error: unknown = null;
    try {
      affise.addCorrection(target?.id ?? 0, { revenue: '3.5', comment: `fault ${fault}` }, deadline());
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ kind });
    const journal = await fake.journal();
    expect(journal.map((entry) => [entry.operation, entry.applied])).toEqual([['add-correction', landed]]);
    const corrections = affise.getPayment(target?.id ?? 0, deadline()).corrections.filter((correction) => correction.comment === `fault ${fault}`);
    expect(corrections).toHaveLength(landed ? 1 : 0);
  });

  it('an idempotent write refused with 429 is sent again and lands once', async () => {
    const affise = client();
    const [target] = await fake.payments();
    await fake.clearJournal();
    await fake.resetStats();
    await fake.configure({ faults: { plan: { 0: '429' } } });
    affise.updatePayment(target?.id ?? 0, { comment: 'after a 429' }, deadline());
    expect((await fake.journal()).map((entry) => [entry.status, entry.applied])).toEqual([
      [429, false],
      [200, true],
    ]);
  });
});
