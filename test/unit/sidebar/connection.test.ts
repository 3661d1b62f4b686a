import { openProvider } from '../../../src/app/invoice-access';
import { NO_FILTERS } from '../../../src/app/invoice-source';
import { ConnectionStore } from '../../../src/app/connections';
import { REGIONS } from '../../../src/app/settings';
import { checkConnection, connectionsState, removeConnection, saveConnection } from '../../../src/app/sidebar/connection';
import { SidebarInputError } from '../../../src/app/sidebar/input';
import { jsonResponse, memoryCall, partnerRealm, ScriptedHttp } from './services';

const US_KEY = 'good-key-0001';
const EU_KEY = 'euro-key-0003';
const OTHER_KEY = 'typo-key-0002';

/** Everflow as far as the connection test goes: each region's host accepts only its own key. */
function everflow(): ScriptedHttp {
  return new ScriptedHttp((request) => {
    const key = request.headers['X-Eflow-API-Key'];
    const ok = (request.url.startsWith(REGIONS.us) && key === US_KEY) || (request.url.startsWith(REGIONS.eu) && key === EU_KEY);
    if (!ok) return jsonResponse(401, { error: 'No Authentication Method Found' });
    return partnerRealm(() => jsonResponse(200, { invoices: [], paging: { page: 1, page_size: 2000, total_count: 0 } }))(request);
  });
}

const US = { provider: 'everflow', name: 'US network', region: 'us' };

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a failure');
}

describe('saveConnection', () => {
  it('adds a connection Everflow accepts and answers only its masked key', () => {
    const call = memoryCall(everflow());
    const saved = saveConnection(call, null, { ...US, apiKey: ` ${US_KEY} ` });
    expect(saved.check.summary).toBe('Connected to Everflow US with key ••••0001.');
    expect(saved.check.facts).toContainEqual({ term: 'Key type', value: 'Affiliate (partner) API key' });
    expect(saved.state.connections).toEqual([
      {
        id: 'c1',
        name: 'US network',
        provider: 'everflow',
        providerLabel: 'Everflow',
        region: 'us',
        host: null,
        endpoint: 'US',
        maskedKey: '••••0001',
        keyType: 'Affiliate (partner) API key',
      },
    ]);
    expect(JSON.stringify(saved)).not.toContain(US_KEY);
  });

  it('holds a second Everflow connection beside the first, each with its own key', () => {
    const call = memoryCall(everflow());
    saveConnection(call, null, { ...US, apiKey: US_KEY });
    const saved = saveConnection(call, null, { provider: 'everflow', name: 'EU network', region: 'eu', apiKey: EU_KEY });
    expect(saved.check.summary).toBe('Connected to Everflow EU with key ••••0003.');
    expect(saved.state.connections.map((connection) => [connection.name, connection.endpoint, connection.maskedKey])).toEqual([
      ['US network', 'US', '••••0001'],
      ['EU network', 'EU', '••••0003'],
    ]);
  });

  it('saves nothing when a new connection is refused, leading with plain words and never echoing the key', () => {
    const call = memoryCall(everflow());
    const message = messageOf(() => saveConnection(call, null, { ...US, apiKey: OTHER_KEY }));
    expect(message).toMatch(/^Everflow did not accept this key\. .* Everflow said: 401 No Authentication Method Found\. Nothing was saved\.$/);
    expect(message).not.toContain(OTHER_KEY);
    expect(message).not.toContain('Set API key');
    expect(connectionsState(call.services)).toEqual({ connections: [], problem: null });
  });

  it('keeps the saved key when a new one is refused, and says it still works', () => {
    const http = everflow();
    const call = memoryCall(http);
    saveConnection(call, null, { ...US, apiKey: US_KEY });
    const message = messageOf(() => saveConnection(call, null, { ...US, id: 'c1', apiKey: OTHER_KEY }));
    expect(message).toMatch(/^Everflow did not accept this key\. .* Your saved key ••••0001 still works \(US\); the new one was refused, and nothing was changed\.$/);
    expect(connectionsState(call.services).connections[0]?.maskedKey).toBe('••••0001');
  });

  it('a region change sticks when the saved key works there, and is refused with a reason when not', () => {
    const call = memoryCall(everflow());
    saveConnection(call, null, { provider: 'everflow', name: 'Main', region: 'us', apiKey: US_KEY });
    const refused = messageOf(() => saveConnection(call, null, { provider: 'everflow', name: 'Main', region: 'eu', id: 'c1' }));
    expect(refused).toMatch(/^With the region EU: Everflow did not accept this key\..* Your saved key ••••0001 still works \(US\); the change was refused, and nothing was changed\.$/);
    expect(connectionsState(call.services).connections[0]?.region).toBe('us');
    // With the EU key the EU region is kept.
    const saved = saveConnection(call, null, { provider: 'everflow', name: 'Main', region: 'eu', id: 'c1', apiKey: EU_KEY });
    expect(saved.state.connections[0]?.region).toBe('eu');
    expect(checkConnection(call, null, { id: 'c1' }).summary).toBe('Connected to Everflow EU with key ••••0003.');
  });

  it('renames a connection without touching its key', () => {
    const call = memoryCall(everflow());
    saveConnection(call, null, { ...US, apiKey: US_KEY });
    const saved = saveConnection(call, null, { ...US, id: 'c1', name: 'Main US' });
    expect(saved.state.connections.map((connection) => [connection.name, connection.maskedKey])).toEqual([['Main US', '••••0001']]);
  });

  it.each([
    [{ provider: 'everflow', name: 'X', region: 'us' }, 'API key: paste the Everflow API key of this connection.'],
    [{ provider: 'everflow', name: 'X', region: 'asia', apiKey: US_KEY }, 'Region: choose US or EU.'],
    [{ provider: 'everflow', name: 'X', apiKey: US_KEY }, 'Region: choose US or EU.'],
    [{ provider: 'everflow', name: '', region: 'us', apiKey: US_KEY }, 'Name is empty: give the connection a name, such as "EU network".'],
    [{ provider: 'everflow', name: '=HYPERLINK("x")', region: 'us', apiKey: US_KEY }, 'Name may hold letters, digits, spaces and . _ - & ( ), starting with a letter or digit.'],
    [{ provider: 'tune', name: 'X', apiKey: US_KEY }, 'Provider: choose Everflow or Affise.'],
    [{ provider: 'affise', name: 'A', host: 'http://api-acme.affise.com', apiKey: US_KEY }, 'API host must be the address of your Affise API, such as https://api-yourcompany.affise.com (https, no path).'],
    [{ provider: 'affise', name: 'A', host: 'https://api-acme.affise.com/3.1/payments', apiKey: US_KEY }, 'API host must be the address of your Affise API'],
    [{ provider: 'everflow', name: 'X', region: 'us', apiKey: 42 }, 'API key: must be text.'],
    [{ provider: 'everflow', name: 'X', region: 'us', apiKey: 'has space key' }, 'That API key may only hold printable characters without spaces.'],
    [{ provider: 'everflow', name: 'X', region: 'us', apiKey: US_KEY, baseUrl: 'http://evil' }, 'Unrecognized key: "baseUrl".'],
  ])('refuses %j before any request', (input, message) => {
    const http = everflow();
    const call = memoryCall(http);
    expect(() => saveConnection(call, null, input)).toThrow(SidebarInputError);
    expect(() => saveConnection(call, null, input)).toThrow(message);
    expect(http.requests).toHaveLength(0);
  });

  it('refuses a second connection of the same name, whatever its case', () => {
    const call = memoryCall(everflow());
    saveConnection(call, null, { ...US, apiKey: US_KEY });
    expect(() => saveConnection(call, null, { provider: 'everflow', name: 'us NETWORK', region: 'eu', apiKey: EU_KEY })).toThrow(
      'Name: another connection is already called "US network"; formulas pick a connection by its name, so each needs its own.',
    );
  });

  it('tests an Affise connection through the probe: the user behind the key', () => {
    const call = memoryCall(everflow());
    const probe = { whoAmI: jest.fn(() => ({ name: 'Ann Manager', email: 'ann@acme.test' })) };
    const saved = saveConnection(call, probe, { provider: 'affise', name: 'Affise', host: 'https://API-acme.affise.com/', apiKey: 'affise-key-9999' });
    expect(saved.check.summary).toBe('Connected to Affise at api-acme.affise.com as Ann Manager, with key ••••9999.');
    expect(saved.state.connections[0]).toMatchObject({ provider: 'affise', host: 'https://api-acme.affise.com', region: null });
    expect(probe.whoAmI).toHaveBeenCalledWith(expect.objectContaining({ apiRoot: 'https://api-acme.affise.com', apiKey: 'affise-key-9999' }), call.deadline);
  });

  it('does not keep an Affise connection it cannot test', () => {
    const call = memoryCall(everflow());
    const message = messageOf(() => saveConnection(call, null, { provider: 'affise', name: 'Affise', host: 'https://api-acme.affise.com', apiKey: 'affise-key-9999' }));
    expect(message).toBe('This version of the add-on cannot test an Affise key yet. Nothing was saved.');
    expect(connectionsState(call.services).connections).toEqual([]);
  });
});

describe('checkConnection and removeConnection', () => {
  it('tests a saved connection as saved, and forgets it with its key', () => {
    const call = memoryCall(everflow());
    saveConnection(call, null, { ...US, apiKey: US_KEY });
    expect(checkConnection(call, null, { id: 'c1' }).facts).toContainEqual({ term: 'Invoices', value: '0' });
    expect(removeConnection(call.services, { id: 'c1' })).toEqual({ connections: [], problem: null });
    expect(call.userProperties.keys()).toEqual(['connections']);
    expect(() => checkConnection(call, null, { id: 'c1' })).toThrow('That connection no longer exists');
  });

  it('keeps a network key as such with its network in the record, shows it, and uses it without probing again', () => {
    let realm: 'network' | 'affiliate' = 'network';
    const http = new ScriptedHttp((request) => {
      if (request.url.includes('/networks/') !== (realm === 'network')) return jsonResponse(403, { error: 'Out of realm' });
      return jsonResponse(200, { invoices: [{ network_affiliate_invoice_id: 5, network_id: 42, network_affiliate_id: 9 }], paging: { page: 1, page_size: 2000, total_count: 1 } });
    });
    const call = memoryCall(http);
    const saved = saveConnection(call, null, { ...US, apiKey: US_KEY });
    expect(saved.state.connections[0]?.keyType).toBe('Network API key (every partner’s invoices), network 42');
    expect(saved.check.connection.keyType).toBe('Network API key (every partner’s invoices), network 42');
    expect(JSON.parse(call.userProperties.get('connections') ?? '{}').connections[0]).toMatchObject({ role: 'network', networkId: 42 });

    // Known: one request, no 403 first.
    const before = http.requests.length;
    openProvider(call.services, null).listInvoices(NO_FILTERS, call.deadline);
    expect(http.requests.slice(before).map((request) => request.url.includes('/networks/'))).toEqual([true]);

    // The key now answers as a partner's: a clear error, no probe; Test finds the new type.
    realm = 'affiliate';
    const sent = http.requests.length;
    expect(() => openProvider(call.services, null).listInvoices(NO_FILTERS, call.deadline)).toThrow(
      /refused this connection's key on its network endpoints \(403 Out of realm\), though it was a network key when last tested.*Test the connection again/,
    );
    expect(http.requests.length - sent).toBe(1);
    expect(checkConnection(call, null, { id: 'c1' }).connection.keyType).toBe('Affiliate (partner) API key');
    expect(connectionsState(call.services).connections[0]?.keyType).toBe('Affiliate (partner) API key');
  });

  it('a known key Everflow now answers 401 on its side (revoked, or of the other kind): says to test the connection, not only to set a key', () => {
    let realm: 'network' | 'affiliate' = 'affiliate';
    const http = new ScriptedHttp((request) => {
      if (request.url.includes('/networks/') !== (realm === 'network')) return jsonResponse(401, { error: 'No Authentication Method Found' });
      return jsonResponse(200, { invoices: [{ network_affiliate_invoice_id: 5, network_id: 42, network_affiliate_id: 9 }], paging: { page: 1, page_size: 2000, total_count: 1 } });
    });
    const call = memoryCall(http);
    expect(saveConnection(call, null, { ...US, apiKey: US_KEY }).check.connection.keyType).toBe('Affiliate (partner) API key');

    realm = 'network';
    const sent = http.requests.length;
    expect(() => openProvider(call.services, null).listInvoices(NO_FILTERS, call.deadline)).toThrow(
      "Everflow rejected this connection's key on its partner (affiliate) endpoints (401 No Authentication Method Found), though it was a partner (affiliate) key when last tested: " +
        'the key may have been revoked or replaced in Everflow, or changed type (Everflow may answer 401 to a key of the other kind). ' +
        'Test the connection again to find out what the key is now: Extensions > Affiliate Billing > Open sidebar > Connection > Test. If the test rejects it too, set a valid key there.',
    );
    expect(http.requests.length - sent).toBe(1);
    expect(checkConnection(call, null, { id: 'c1' }).connection.keyType).toBe('Network API key (every partner’s invoices), network 42');
  });

  it('says which connection failed, in plain words', () => {
    const call = memoryCall(everflow());
    saveConnection(call, null, { ...US, apiKey: US_KEY });
    call.userProperties.set('connection.c1.apiKey', OTHER_KEY);
    expect(() => checkConnection(call, null, { id: 'c1' })).toThrow(/^"US network" did not work\. Everflow did not accept this key\./);
  });

  it('reports an unreadable list instead of failing to load', () => {
    const call = memoryCall(everflow());
    call.userProperties.set('connections', '{"version":1,"connections":[{"id":"c1"}]}');
    expect(connectionsState(call.services).problem).toMatch(/^Your saved connections could not be read\./);
  });
});

/**
 * Everflow refuses a key of the other kind with 403 "Out of realm" (the reference) or 401 (what
 * the issue allows): the key's role is found either way round, with either status.
 */
describe.each([401, 403] as const)('finding a key’s role when the other side answers %i', (wrongRealmStatus) => {
  const PARTNER_KEY = 'partner-key-0011';
  const NETWORK_KEY = 'network-key-0022';
  const NO_PERMISSION_KEY = 'locked-key-0033';
  const realms: Record<string, 'affiliate' | 'network' | 'none'> = { [PARTNER_KEY]: 'affiliate', [NETWORK_KEY]: 'network', [NO_PERMISSION_KEY]: 'none' };

  function realmEverflow(): ScriptedHttp {
    return new ScriptedHttp((request) => {
      const realm = realms[request.headers['X-Eflow-API-Key'] ?? ''];
      if (realm === undefined) return jsonResponse(401, { error: 'No Authentication Method Found' });
      if (realm === 'none') return jsonResponse(403, { error: 'Out of realm' });
      if (request.url.includes('/networks/') !== (realm === 'network')) {
        return wrongRealmStatus === 401 ? jsonResponse(401, { error: 'No Authentication Method Found' }) : jsonResponse(403, { error: 'Out of realm' });
      }
      return jsonResponse(200, { invoices: [{ network_affiliate_invoice_id: 5, network_id: 42, network_affiliate_id: 9, currency_id: 'USD' }], paging: { page: 1, page_size: 2000, total_count: 1 } });
    });
  }
  const sides = (http: ScriptedHttp, from = 0): string[] => http.requests.slice(from).map((request) => (request.url.includes('/networks/') ? 'network' : 'partner'));

  it('a network key: the partner side refuses, the network side answers', () => {
    const http = realmEverflow();
    const call = memoryCall(http);
    const saved = saveConnection(call, null, { ...US, apiKey: NETWORK_KEY });
    expect(saved.check.facts).toContainEqual({ term: 'Key type', value: 'Network API key (every partner’s invoices)' });
    expect(saved.state.connections[0]?.keyType).toBe('Network API key (every partner’s invoices), network 42');
    expect(sides(http)).toEqual(['partner', 'network', 'network']);
  });

  it('a partner key: one request; stored as a network key, Test finds the network side refusing and the partner side answering', () => {
    const http = realmEverflow();
    const call = memoryCall(http);
    expect(saveConnection(call, null, { ...US, apiKey: PARTNER_KEY }).check.facts).toContainEqual({ term: 'Key type', value: 'Affiliate (partner) API key' });
    expect(sides(http)).toEqual(['partner']);
    new ConnectionStore(call.userProperties).recordKeyFacts('c1', { role: 'network', networkId: null });
    const before = http.requests.length;
    expect(checkConnection(call, null, { id: 'c1' }).connection.keyType).toBe('Affiliate (partner) API key');
    expect(sides(http, before)).toEqual(['network', 'partner']);
  });

  it('a key no side knows is one Everflow did not accept; a key both sides forbid is refused on both', () => {
    const call = memoryCall(realmEverflow());
    expect(messageOf(() => saveConnection(call, null, { ...US, apiKey: OTHER_KEY }))).toMatch(/^Everflow did not accept this key\. .*401 No Authentication Method Found\. Nothing was saved\.$/);
    expect(messageOf(() => saveConnection(call, null, { ...US, apiKey: NO_PERMISSION_KEY }))).toMatch(
      /^Everflow refused this key on its partner and its network endpoints alike: .*403 Out of realm\. Nothing was saved\.$/,
    );
    expect(connectionsState(call.services).connections).toEqual([]);
  });

  it('a partner key never tested, asked for a filter only a network has: that filter’s message, not a refused key', () => {
    const http = realmEverflow();
    const call = memoryCall(http);
    new ConnectionStore(call.userProperties).add({ provider: 'everflow', name: 'Partner', region: 'us' }, PARTNER_KEY);
    expect(() => openProvider(call.services, null).listInvoices({ ...NO_FILTERS, search: 'Acme' }, call.deadline)).toThrow(
      'search works only with an Everflow network key, and this connection\'s key is a partner (affiliate) key',
    );
    // A 403 says the key is known; a 401 may mean an unknown key, so the partner side is asked too (and the role kept).
    expect(sides(http)).toEqual(wrongRealmStatus === 401 ? ['network', 'partner'] : ['network']);
    const unknown = memoryCall(realmEverflow());
    new ConnectionStore(unknown.userProperties).add({ provider: 'everflow', name: 'Typo', region: 'us' }, OTHER_KEY);
    expect(() => openProvider(unknown.services, null).listInvoices({ ...NO_FILTERS, search: 'Acme' }, unknown.deadline)).toThrow(/Everflow rejected the API key \(401/);
  });
});
