/**
 * Benchmark part (d): a network's invoice list with a network key. 50,000 invoices of five
 * partners, pages of 2,000 (25 requests), against Everflow's network bucket (30 requests a
 * second, bursts of 50) and 150 ms latency, on the real clock. It measures the Everflow client
 * (paging, pacing, parsing) over real loopback HTTP: a custom function cannot turn 50,000 rows
 * into a grid within its 30 seconds in the emulator, so the list alone is what is held against
 * the floor. Then the same list from a bucket that another user of the network has just emptied.
 */
import { Deadline } from '../../src/ports/clock';
import { EverflowClient } from '../../src/provider/everflow/client';
import { RATE_LIMITS } from '../../src/provider/everflow/rate-pacer';
import { SharedClock } from '../../test-support/clock';
import { DEMO_NETWORK_KEY, startFakeEverflow } from '../../test-support/fake-everflow';
import { IntlZoneRules } from '../../test-support/intl-zone-rules';
import { SyncHttpPort } from '../../test-support/sync-http-port';
import { LATENCY_MS, rateFloorSeconds, refillBucket, startCounting, trafficSince, type Measurement } from './traffic';

export const NETWORK_LIMIT = RATE_LIMITS.network;
const PARTNERS = [21, 22, 23, 24];
const PAGE_SIZE = 2_000;
const NO_FILTERS = { status: null, startDate: null, endDate: null, minBalance: null, maxBalance: null } as const;

export async function benchNetworkList(totalInvoices: number, print: (m: Measurement) => void): Promise<Measurement[]> {
  const clock = SharedClock.real();
  const perPartner = Math.ceil(totalInvoices / (PARTNERS.length + 1));
  const api = await startFakeEverflow({ clock, invoiceCount: perPartner, networkAffiliateIds: PARTNERS, latencyMs: LATENCY_MS, requestLogLimit: 10_000 });
  const http = new SyncHttpPort(clock);
  const client = (): EverflowClient =>
    new EverflowClient({ http, clock, sleeper: clock, apiKey: DEMO_NETWORK_KEY, keyType: 'network', baseUrl: api.baseUrl, zones: new IntlZoneRules() });
  const results: Measurement[] = [];
  try {
    const invoiceCount = (await api.networkInvoices()).length;
    const pages = Math.ceil(invoiceCount / PAGE_SIZE);
    const measure = async (name: string, spendFirst: number, note: string): Promise<void> => {
      await refillBucket(NETWORK_LIMIT);
      // Another user of the network spends part of the shared bucket just before.
      if (spendFirst > 0) client().fetchInvoiceDetails((await api.networkInvoices()).slice(0, spendFirst).map((invoice) => invoice.id), Deadline.after(clock, 60_000), () => undefined);
      await startCounting(api);
      const started = clock.now();
      const items = client().listInvoices(NO_FILTERS, Deadline.after(clock, 300_000));
      const seconds = (clock.now() - started) / 1000;
      const traffic = await trafficSince(api);
      const waitedFor = Math.max(0, spendFirst - NETWORK_LIMIT.burst);
      const floor = rateFloorSeconds(traffic.requests - traffic.rateLimited + spendFirst, NETWORK_LIMIT) - rateFloorSeconds(waitedFor, NETWORK_LIMIT) + (2 * LATENCY_MS) / 1000;
      const measurement: Measurement = { name, ...traffic, seconds, floorSeconds: floor, note: `${note}; ${items.length.toLocaleString('en-US')} invoices` };
      results.push(measurement);
      print(measurement);
    };
    await measure(`Network list, ${invoiceCount.toLocaleString('en-US')} invoices, full bucket`, 0, `page 1, then ${pages - 1} pages together`);
    await measure(`Network list, ${invoiceCount.toLocaleString('en-US')} invoices, bucket just emptied by another user`, NETWORK_LIMIT.burst, 'paced from X-RateLimit-Remaining');
  } finally {
    await http.close();
    await api.close();
  }
  return results;
}
