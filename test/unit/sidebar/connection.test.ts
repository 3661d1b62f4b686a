import { checkConnection, connectAccount, connectionState, removeApiKey } from '../../../src/app/sidebar/connection';
import { SidebarInputError } from '../../../src/app/sidebar/input';
import { jsonResponse, memoryCall, ScriptedHttp } from './services';

const GOOD_KEY = 'good-key-0001';
const OTHER_KEY = 'typo-key-0002';

/** Everflow as far as the connection test goes: the list refuses every key but GOOD_KEY. */
function everflow(): ScriptedHttp {
  return new ScriptedHttp((request) =>
    request.headers['X-Eflow-API-Key'] === GOOD_KEY
      ? jsonResponse(200, { invoices: [], paging: { page: 1, page_size: 2000, total_count: 0 } })
      : jsonResponse(401, { error: 'No Authentication Method Found' }),
  );
}

describe('connectAccount', () => {
  it('keeps a key Everflow accepts and answers only its masked form', () => {
    const call = memoryCall(everflow());
    const check = connectAccount(call, { apiKey: ` ${GOOD_KEY} `, region: 'eu' });
    expect(check).toEqual({ maskedKey: '••••0001', region: 'eu', keyType: 'Affiliate (partner) API key', invoiceCount: 0, currencies: [] });
    expect(JSON.stringify(check)).not.toContain(GOOD_KEY);
    expect(connectionState(call.services)).toEqual({ maskedKey: '••••0001', region: 'eu' });
  });

  it('puts the previous key and region back when Everflow refuses the new key', () => {
    const http = everflow();
    const call = memoryCall(http);
    connectAccount(call, { apiKey: GOOD_KEY, region: 'us' });
    expect(() => connectAccount(call, { apiKey: OTHER_KEY, region: 'eu' })).toThrow(/^Everflow rejected the API key \(401 .*\)\..* Your previous key ••••0001 is kept\.$/);
    expect(connectionState(call.services)).toEqual({ maskedKey: '••••0001', region: 'us' });
    expect(http.requests.at(-1)?.headers['X-Eflow-API-Key']).toBe(OTHER_KEY);
  });

  it('saves nothing when the first key is refused, and never echoes the key', () => {
    const call = memoryCall(everflow());
    let message = '';
    try {
      connectAccount(call, { apiKey: OTHER_KEY, region: 'us' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/No key was saved\.$/);
    expect(message).not.toContain(OTHER_KEY);
    expect(call.userProperties.get('eflow.apiKey')).toBeNull();
  });

  it('changes only the region when the key field is left empty', () => {
    const call = memoryCall(everflow());
    connectAccount(call, { apiKey: GOOD_KEY, region: 'us' });
    expect(connectAccount(call, { apiKey: '', region: 'eu' }).region).toBe('eu');
  });

  it.each([
    [{ region: 'us' }, 'API key: paste your Everflow API key (Everflow partner portal: My Account > API).'],
    [{ apiKey: GOOD_KEY, region: 'asia' }, 'Region: choose US or EU.'],
    [{ apiKey: 42, region: 'us' }, 'API key: must be text.'],
    [{ apiKey: GOOD_KEY, region: 'us', baseUrl: 'http://evil' }, 'Unrecognized key: "baseUrl".'],
  ])('refuses %j before any request', (input, message) => {
    const http = everflow();
    const call = memoryCall(http);
    expect(() => connectAccount(call, input)).toThrow(SidebarInputError);
    expect(() => connectAccount(call, input)).toThrow(message);
    expect(http.requests).toHaveLength(0);
  });

  it('refuses a key that cannot be an Everflow key without quoting it', () => {
    const call = memoryCall(everflow());
    expect(() => connectAccount(call, { apiKey: 'has space key', region: 'us' })).toThrow('That API key may only hold printable characters without spaces.');
  });
});

describe('checkConnection and removeApiKey', () => {
  it('tests the stored key and forgets it', () => {
    const call = memoryCall(everflow());
    connectAccount(call, { apiKey: GOOD_KEY, region: 'us' });
    expect(checkConnection(call).invoiceCount).toBe(0);
    expect(removeApiKey(call.services)).toEqual({ maskedKey: null, region: 'us' });
    expect(() => checkConnection(call)).toThrow(/No Everflow API key is set/);
  });
});
