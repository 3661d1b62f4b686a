import { ConnectionStore } from '../../../src/app/connections';
import { bucketCacheKey } from '../../../src/app/invoice-access';
import { MemoryProperties } from '../../../test-support/memory-ports';
import { NodeCodec } from '../../../test-support/node-codec';

const codec = new NodeCodec();

function connections() {
  const store = new ConnectionStore(new MemoryProperties());
  for (const [name, key] of [['A', 'network-key-aaaa'], ['B', 'network-key-bbbb'], ['C', 'network-key-cccc'], ['EU', 'network-key-dddd']] as const) {
    store.add({ provider: 'everflow', name, region: name === 'EU' ? 'eu' : 'us' }, key);
  }
  store.recordKeyFacts('c1', { role: 'network', networkId: 1 });
  store.recordKeyFacts('c2', { role: 'network', networkId: 1 });
  store.recordKeyFacts('c3', { role: 'network', networkId: 2 });
  store.recordKeyFacts('c4', { role: 'network', networkId: 1 });
  return store.list().map((connection) => store.withKey(connection, codec));
}

describe('the rate-limit bucket a key draws from', () => {
  it('is one per network on one API host, shared by its keys, and never holds a key', () => {
    const [a, b, c, eu] = connections();
    if (!a || !b || !c || !eu) throw new Error('four connections');
    expect(bucketCacheKey(codec, a, 'network')).toBe(bucketCacheKey(codec, b, 'network'));
    expect(bucketCacheKey(codec, a, 'network')).not.toBe(bucketCacheKey(codec, c, 'network'));
    expect(bucketCacheKey(codec, a, 'network')).not.toBe(bucketCacheKey(codec, eu, 'network'));
    for (const connection of [a, b, c, eu]) expect(bucketCacheKey(codec, connection, 'network')).not.toContain(connection.apiKey);
  });

  it('is the host’s for network keys of unknown network, and a partner key’s own', () => {
    const store = new ConnectionStore(new MemoryProperties());
    store.add({ provider: 'everflow', name: 'X', region: 'us' }, 'network-key-xxxx');
    store.add({ provider: 'everflow', name: 'Y', region: 'us' }, 'network-key-yyyy');
    const [x, y] = store.list().map((connection) => store.withKey(connection, codec));
    if (!x || !y) throw new Error('two connections');
    expect(bucketCacheKey(codec, x, 'network')).toBe(bucketCacheKey(codec, y, 'network'));
    expect(bucketCacheKey(codec, x, 'affiliate')).toBe(`B:${x.fingerprint}`);
    expect(bucketCacheKey(codec, x, 'affiliate')).not.toBe(bucketCacheKey(codec, y, 'affiliate'));
  });
});
