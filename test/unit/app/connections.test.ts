import { resolveConnection } from '../../../src/app/account';
import { ArgumentError } from '../../../src/app/arguments';
import { ConnectionStore } from '../../../src/app/connections';
import { REGIONS, SettingsError } from '../../../src/app/settings';
import { MemoryProperties } from '../../../test-support/memory-ports';
import { NodeCodec } from '../../../test-support/node-codec';

const KEY_A = 'key-aaaa-1111';
const KEY_B = 'key-bbbb-2222';
const KEY_C = 'key-cccc-3333';

function twoEverflowAndAffise(): { properties: MemoryProperties; store: ConnectionStore } {
  const properties = new MemoryProperties();
  const store = new ConnectionStore(properties);
  store.add({ provider: 'everflow', name: 'US', region: 'us' }, KEY_A);
  store.add({ provider: 'everflow', name: 'EU network', region: 'eu' }, KEY_B);
  store.add({ provider: 'affise', name: 'Affise', host: 'https://api-acme.affise.com' }, KEY_C);
  return { properties, store };
}

describe('ConnectionStore', () => {
  it('keeps the list without keys and each key under its own user property', () => {
    const { properties, store } = twoEverflowAndAffise();
    const list = properties.get('connections') ?? '';
    for (const key of [KEY_A, KEY_B, KEY_C]) expect(list).not.toContain(key);
    expect(properties.get('connection.c2.apiKey')).toBe(KEY_B);
    expect(store.list().map((connection) => connection.name)).toEqual(['US', 'EU network', 'Affise']);
    expect(store.allKeys()).toEqual([KEY_A, KEY_B, KEY_C]);
  });

  it('tells accounts apart in cache keys by a fingerprint of host and key, never the key', () => {
    const { store } = twoEverflowAndAffise();
    const codec = new NodeCodec();
    const [us, eu] = store.list().map((connection) => store.withKey(connection, codec));
    expect(us?.apiRoot).toBe(REGIONS.us);
    expect(eu?.apiRoot).toBe(REGIONS.eu);
    expect(us?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(us?.fingerprint).not.toBe(eu?.fingerprint);
    expect(us?.fingerprint).not.toContain(KEY_A);
  });

  it('removes a connection with its key and gives a new one a fresh id', () => {
    const { properties, store } = twoEverflowAndAffise();
    store.remove('c3');
    expect(properties.get('connection.c3.apiKey')).toBeNull();
    expect(store.add({ provider: 'everflow', name: 'Third', region: 'us' }, KEY_C).id).toBe('c3');
  });

  it('refuses a list it cannot read, with what to do', () => {
    const properties = new MemoryProperties();
    properties.set('connections', 'not json');
    expect(() => new ConnectionStore(properties).list()).toThrow(SettingsError);
    expect(() => new ConnectionStore(properties).list()).toThrow(/could not be read\. Remove them in the sidebar's Connection panel/);
  });
});

describe('what a test learns of an Everflow key', () => {
  it('is kept in the connection record, validated, and read back with the connection', () => {
    const { properties, store } = twoEverflowAndAffise();
    store.recordKeyFacts('c2', { role: 'network', networkId: 7 });
    expect(store.find('c2')).toMatchObject({ role: 'network', networkId: 7 });
    expect(JSON.parse(properties.get('connections') ?? '{}')).toMatchObject({ version: 2 });
    expect(store.withKey(store.find('c2')!, new NodeCodec())).toMatchObject({ role: 'network', networkId: 7 });
    // A test that saw no invoice keeps the network known; a partner key has none.
    store.recordKeyFacts('c2', { role: 'network', networkId: null });
    expect(store.find('c2')).toMatchObject({ networkId: 7 });
    store.recordKeyFacts('c2', { role: 'affiliate', networkId: null });
    expect(store.find('c2')).toEqual({ id: 'c2', name: 'EU network', provider: 'everflow', region: 'eu', role: 'affiliate' });
  });

  it('reads a version 1 list, whose records lack it, as untested', () => {
    const properties = new MemoryProperties();
    properties.set('connections', JSON.stringify({ version: 1, connections: [{ id: 'c1', name: 'US', provider: 'everflow', region: 'us' }] }));
    properties.set('connection.c1.apiKey', KEY_A);
    const store = new ConnectionStore(properties);
    expect(store.find('c1')?.provider === 'everflow' && store.find('c1')).not.toHaveProperty('role');
    store.recordKeyFacts('c1', { role: 'affiliate', networkId: null });
    expect(JSON.parse(properties.get('connections') ?? '{}')).toEqual({ version: 2, connections: [{ id: 'c1', name: 'US', provider: 'everflow', region: 'us', role: 'affiliate' }] });
  });

  it('leaves the first version’s single key as it is for a report run (no migration), and migrates it for a test', () => {
    const properties = new MemoryProperties();
    properties.set('eflow.apiKey', KEY_A);
    const store = new ConnectionStore(properties);
    expect(store.recordKeyFacts('c1', { role: 'network', networkId: 4 }, false)).toBe(false);
    expect(properties.get('connections')).toBeNull();
    expect(store.recordKeyFacts('c1', { role: 'network', networkId: 4 })).toBe(true);
    expect(store.find('c1')).toMatchObject({ name: 'Everflow', role: 'network', networkId: 4 });
    expect(properties.get('eflow.apiKey')).toBeNull();
  });

  it('refuses a record whose role is not one Everflow has', () => {
    const properties = new MemoryProperties();
    properties.set('connections', JSON.stringify({ version: 2, connections: [{ id: 'c1', name: 'US', provider: 'everflow', region: 'us', role: 'admin' }] }));
    expect(() => new ConnectionStore(properties).list()).toThrow(SettingsError);
  });

  it('is forgotten when the key or the region changes (to be tested anew), kept on a rename', () => {
    const { store } = twoEverflowAndAffise();
    store.recordKeyFacts('c1', { role: 'network', networkId: 3 });
    expect(store.update('c1', { name: 'US main' })).toMatchObject({ role: 'network', networkId: 3 });
    expect(store.update('c1', { name: 'US main' }, 'key-new-4444')).not.toHaveProperty('role');
    store.recordKeyFacts('c1', { role: 'network', networkId: 3 });
    expect(store.update('c1', { region: 'eu' })).not.toHaveProperty('networkId');
  });
});

describe('migration from the single stored Everflow key', () => {
  function legacy(region?: string, baseUrl?: string): MemoryProperties {
    const properties = new MemoryProperties();
    properties.set('eflow.apiKey', KEY_A);
    if (region) properties.set('eflow.region', region);
    if (baseUrl) properties.set('eflow.baseUrl', baseUrl);
    return properties;
  }

  it('reads the old key as one Everflow connection without writing anything', () => {
    const properties = legacy('eu');
    const store = new ConnectionStore(properties);
    expect(store.list()).toEqual([{ id: 'c1', name: 'Everflow', provider: 'everflow', region: 'eu' }]);
    expect(store.apiKey('c1')).toBe(KEY_A);
    expect(properties.keys().sort()).toEqual(['eflow.apiKey', 'eflow.region']);
    expect(resolveConnection(store, 'everflow', null).id).toBe('c1');
  });

  it('keeps the same cache fingerprint, so cached data stays valid', () => {
    const codec = new NodeCodec();
    const store = new ConnectionStore(legacy());
    const before = store.withKey(store.list()[0]!, codec).fingerprint;
    expect(before).toBe(codec.sha256Hex(`${REGIONS.us}\n${KEY_A}`).slice(0, 16));
    store.add({ provider: 'everflow', name: 'EU', region: 'eu' }, KEY_B);
    expect(store.withKey(store.find('c1')!, codec).fingerprint).toBe(before);
  });

  it('writes the new form and removes the old properties on the first change', () => {
    const properties = legacy('us', 'http://127.0.0.1:9999/v1');
    const store = new ConnectionStore(properties);
    store.add({ provider: 'everflow', name: 'EU', region: 'eu' }, KEY_B);
    expect(properties.keys().sort()).toEqual(['connection.c1.apiKey', 'connection.c2.apiKey', 'connections']);
    expect(store.list()).toEqual([
      { id: 'c1', name: 'Everflow', provider: 'everflow', region: 'us', baseUrl: 'http://127.0.0.1:9999/v1' },
      { id: 'c2', name: 'EU', provider: 'everflow', region: 'eu' },
    ]);
    expect(store.apiKey('c1')).toBe(KEY_A);
  });

  it('refuses a stored development address that is not valid rather than calling production', () => {
    const store = new ConnectionStore(legacy('us', 'ftp://example.com'));
    expect(() => store.list()).toThrow(/The stored API base URL "ftp:\/\/example\.com"/);
  });

  it('has nothing to migrate without a key', () => {
    const properties = new MemoryProperties();
    properties.set('eflow.region', 'eu');
    expect(new ConnectionStore(properties).list()).toEqual([]);
  });
});

describe('resolveConnection', () => {
  const { store } = twoEverflowAndAffise();
  const message = (provider: 'everflow' | 'affise', account: string | null): string => {
    try {
      resolveConnection(store, provider, account);
    } catch (error) {
      expect(error).toBeInstanceOf(ArgumentError);
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('picks a connection by name, whatever the case and spaces around', () => {
    expect(resolveConnection(store, 'everflow', '  eu NETWORK ').id).toBe('c2');
    expect(resolveConnection(store, 'affise', null).id).toBe('c3');
  });

  it('lists the names when several connections could be meant', () => {
    expect(message('everflow', null)).toBe('account: there are 2 Everflow connections ("US", "EU network"); name the one to use in the account argument, the last one.');
  });

  it('lists the names of the provider for an unknown name', () => {
    expect(message('everflow', 'Asia')).toBe('account: no connection is named "Asia". Your Everflow connections: "US", "EU network".');
  });

  it("refuses another provider's connection", () => {
    expect(message('everflow', 'affise')).toBe('account: "Affise" is an Affise connection, and this function reads Everflow. Your Everflow connections: "US", "EU network".');
  });

  it('says how to add a connection when there is none', () => {
    const empty = new ConnectionStore(new MemoryProperties());
    expect(() => resolveConnection(empty, 'everflow', null)).toThrow('No Everflow connection is set up. Add one in the sidebar: Extensions > Affiliate Billing > Open sidebar > Connection.');
  });
});
