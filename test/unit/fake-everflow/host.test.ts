import { SharedClock } from '../../../test-support/clock';
import { DEMO_AFFILIATE_KEY, startFakeEverflow, type FakeEverflowHandle } from '../../../test-support/fake-everflow';
import { detail, json, list, records } from './http';

describe('startFakeEverflow (worker thread)', () => {
  const clock = SharedClock.virtual();
  let handle: FakeEverflowHandle;

  beforeAll(async () => {
    handle = await startFakeEverflow({ clock, seed: 9, invoiceCount: 30, quirks: { numbersAsStrings: 0 } });
  });

  afterAll(async () => {
    await handle.close();
  });

  it('serves the API on loopback and reports stats', async () => {
    expect(handle.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const reply = await list(handle.baseUrl, {}, { page_size: 10 });
    expect(reply.status).toBe(200);
    expect(records(json(reply).invoices).map((row) => row.network_affiliate_invoice_id)).toEqual((await handle.invoiceIds()).slice(0, 10));
    const stats = await handle.stats();
    expect(stats.totalRequests).toBe(1);
    expect(stats.byRoute.list).toBe(1);
    await handle.resetStats();
    expect((await handle.stats()).totalRequests).toBe(0);
  });

  it('shares the virtual clock with the worker: latency moves the test’s clock', async () => {
    await handle.configure({ latencyMs: 250 });
    const before = clock.now();
    await list(handle.baseUrl);
    expect(clock.now() - before).toBe(250);
    await handle.configure({ latencyMs: 0 });
  });

  it('takes configuration and mutations at run time', async () => {
    await handle.resetStats();
    await handle.configure({ faults: { plan: { 0: '503' } }, errorStyle: 'Error' });
    const failed = await list(handle.baseUrl);
    expect(failed.status).toBe(503);
    expect(json(failed)).toEqual({ Error: 'Service Unavailable' });
    await handle.configure({ faults: { plan: {} } });

    const { ids } = await handle.mutate({ kind: 'add', count: 2 });
    expect((await handle.invoiceIds()).slice(0, 2).sort()).toEqual([...ids].sort());
    const invoices = await handle.invoices();
    expect(invoices.find((invoice) => invoice.id === ids[0])?.payments).toEqual([]);
    expect((await detail(handle.baseUrl, ids[0]!, DEMO_AFFILIATE_KEY)).status).toBe(200);
  });

  it('reports worker errors as rejected calls', async () => {
    await expect(handle.configure({ keys: [{ key: 'k', realm: 'affiliate' }] })).rejects.toThrow('affiliateId');
  });

  it('closes', async () => {
    const other = await startFakeEverflow({ clock, invoiceCount: 1 });
    await other.close();
    await expect(list(other.baseUrl)).rejects.toThrow();
    await expect(other.stats()).rejects.toThrow('closed');
  });
});
