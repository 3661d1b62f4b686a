/**
 * Everflow counts one rate-limit bucket per network (30 requests a second, bursts of 50), shared
 * by all its keys. Two connections with two keys of one network, their cells recalculating at
 * once (one execution per cell, half of them on each connection), share one bucket in the
 * document cache: no 429. Their network is the one Test connection stored with each (its
 * `network_id`), or, for keys whose network is not known yet, the API host's.
 */
import { DEFAULT_KEYS, DEMO_NETWORK_KEY, QUIRKS_OFF } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { fakeApi } from '../support/harness';

const SECOND_NETWORK_KEY = 'second-network-key';
const CELLS = 100;

let harness: AddOnHarness;
beforeEach(async () => {
  harness = await AddOnHarness.start({
    apiKey: null,
    affiseKey: null,
    api: { invoiceCount: 60, networkAffiliateIds: [21, 22], quirks: QUIRKS_OFF, requestLogLimit: 10_000, keys: [...DEFAULT_KEYS, { key: SECOND_NETWORK_KEY, realm: 'network' }] },
  });
});
afterEach(async () => {
  await harness?.close();
});

it.each([
  ['stored by Test connection', { networkId: 1 }],
  ['not known yet (the host’s network keys share one)', {}],
])('two keys of one network, cells of both at once, network %s: one bucket, no 429', async (_case, network) => {
  harness.addConnection({ name: 'Net A', provider: 'everflow', region: 'us', baseUrl: harness.baseUrl, role: 'network', ...network }, DEMO_NETWORK_KEY);
  harness.addConnection({ name: 'Net B', provider: 'everflow', region: 'us', baseUrl: harness.baseUrl, role: 'network', ...network }, SECOND_NETWORK_KEY);
  const api = fakeApi(harness);
  const ids = (await api.networkInvoices()).map((invoice) => invoice.id).slice(0, CELLS);
  expect(ids).toHaveLength(CELLS);
  await api.resetStats();
  const outcomes = await harness.formulasAtOnce(ids.map((id, index) => ({ name: 'EFLOW_INVOICE_LINES', args: [id, '', index % 2 === 0 ? 'Net A' : 'Net B'] })));
  const stats = await api.stats();
  expect(outcomes.filter((outcome) => !outcome.ok).map((outcome) => (outcome.ok ? '' : outcome.error))).toEqual([]);
  expect(stats.log.filter((entry) => entry.status === 429)).toHaveLength(0);
  expect(stats.byRoute).toMatchObject({ list: 0, detail: CELLS });
});
