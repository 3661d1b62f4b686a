import { Deadline } from '../../../../src/ports/clock';
import { EverflowClient } from '../../../../src/provider/everflow/client';
import type { BucketSnapshot } from '../../../../src/provider/everflow/rate-pacer';
import { IntlZoneRules } from '../../../../test-support/intl-zone-rules';
import { FAKE_BASE_URL } from './scripted-http';
import { API_KEY, range, setup } from './setup';

/*
 * The scripted API keeps Everflow's token bucket (affiliate: 5 per second, burst 20) on the
 * virtual clock, and answers X-RateLimit-Limit / X-RateLimit-Remaining like the real one.
 */
describe('pacing detail batches', () => {
  it('gets no 429 from a full bucket, in parallel rounds', () => {
    const { client, fetchDetails } = setup({ invoices: 100 });
    const { details, error } = fetchDetails(range(1, 100));
    expect(error).toBeNull();
    expect(details).toHaveLength(100);
    expect(client.stats).toMatchObject({ requests: 100, rateLimited: 0, retries: 0 });
    // 20 at once, then about a second's refill (5) a round: far fewer rounds than requests.
    expect(client.stats.rounds).toBeLessThanOrEqual(20);
  });

  it('gets no 429 when another user has already spent half the bucket', () => {
    const { client, fetchDetails } = setup({ invoices: 100, bucket: { perSecond: 5, burst: 20, tokens: 10 } });
    expect(fetchDetails(range(1, 100)).error).toBeNull();
    expect(client.stats).toMatchObject({ requests: 100, rateLimited: 0 });
  });

  it('honours X-RateLimit-Remaining from the answer before', () => {
    const calibrated = setup({ invoices: 20, bucket: { perSecond: 5, burst: 20, tokens: 4 } });
    calibrated.client.countInvoices({ status: null, startDate: null, endDate: null, minBalance: null, maxBalance: null }, calibrated.deadline());
    calibrated.fetchDetails(range(1, 20));
    expect(calibrated.client.stats).toMatchObject({ requests: 21, rateLimited: 0 });

    // Without that answer the opening guess (half the bucket) is too much for 4 tokens.
    const guessing = setup({ invoices: 20, bucket: { perSecond: 5, burst: 20, tokens: 4 } });
    guessing.fetchDetails(range(1, 20));
    expect(guessing.client.stats.rateLimited).toBeGreaterThan(0);
  });

  it('learns that another user keeps spending and leaves them their share', () => {
    const { client, api, fetchDetails } = setup({ invoices: 100, foreignRequestsPerSecond: 2 });
    expect(fetchDetails(range(1, 100)).error).toBeNull();
    expect(api.foreignSpent).toBeGreaterThan(40);
    expect(client.stats).toMatchObject({ requests: 100, rateLimited: 0 });
  });

  it('recovers, through retries, when another user empties the bucket mid-run', () => {
    const { client, api, clock, fetchDetails } = setup({ invoices: 60 });
    const spendAt = clock.now() + 3000;
    const original = api.fetchAll.bind(api);
    api.fetchAll = (requests) => {
      if (clock.now() >= spendAt && api.foreignSpent === 0) {
        api.spendTokens(20);
        api.foreignSpent = 20;
      }
      return original(requests);
    };
    const { details, error } = fetchDetails(range(1, 60));
    expect(error).toBeNull();
    expect(details).toHaveLength(60);
    expect(client.stats.rateLimited).toBe(client.stats.retries);
    expect(client.stats.requests).toBe(60 + client.stats.retries);
  });

  it('uses a network key\'s larger bucket', () => {
    const { client, fetchDetails } = setup({ invoices: 200, keyType: 'network', bucket: { perSecond: 30, burst: 50 } });
    expect(fetchDetails(range(1, 200)).error).toBeNull();
    expect(client.stats).toMatchObject({ requests: 200, rateLimited: 0 });
    expect(client.stats.rounds).toBeLessThanOrEqual(8);
  });

  it('pages the invoice list under the same pacing', () => {
    const { client, deadline } = setup({ invoices: 20_000, bucket: { perSecond: 5, burst: 20, tokens: 4 } });
    expect(client.listInvoices({ status: null, startDate: null, endDate: null, minBalance: null, maxBalance: null }, deadline())).toHaveLength(20_000);
    expect(client.stats).toMatchObject({ requests: 10, rateLimited: 0 });
    expect(client.stats.rounds).toBeGreaterThan(2);
  });

  it('starts from the bucket the previous execution left, not from a guess, when it has a memory', () => {
    // The first execution empties the bucket; a recalculation right after continues.
    const { client, api, clock, fetchDetails } = setup({ invoices: 60 });
    let kept: BucketSnapshot | null = null;
    const memory = { recall: () => kept, update: (change: (current: BucketSnapshot | null) => BucketSnapshot) => void (kept = change(kept)) };
    const first = new EverflowClient({ http: api, clock, sleeper: clock, apiKey: API_KEY, baseUrl: FAKE_BASE_URL, zones: new IntlZoneRules(), random: () => 0.5, bucketMemory: memory });
    first.fetchInvoiceDetails(range(1, 20), Deadline.after(clock, 30_000), () => undefined);
    expect(kept).not.toBeNull();

    const next = new EverflowClient({ http: api, clock, sleeper: clock, apiKey: API_KEY, baseUrl: FAKE_BASE_URL, zones: new IntlZoneRules(), random: () => 0.5, bucketMemory: memory });
    next.fetchInvoiceDetails(range(21, 60), Deadline.after(clock, 30_000), () => undefined);
    expect(next.stats).toMatchObject({ requests: 40, rateLimited: 0 });

    // Without the memory the opening guess (half a bucket) draws 429s from the emptied bucket.
    expect(fetchDetails(range(1, 20)).error).toBeNull();
    expect(client.stats.rateLimited).toBeGreaterThan(0);
  });
});
