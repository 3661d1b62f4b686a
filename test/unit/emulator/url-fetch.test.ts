import { SharedClock, VIRTUAL_SENT_AT_HEADER } from '../../../test-support/clock';
import { AppsScriptEmulator } from '../../../test-support/emulator/emulator';
import { UrlFetchQuota } from '../../../test-support/emulator/daily-quota';
import { writeBundle } from './support/bundle';
import { startFixtureServer } from './support/fixture-server';
import type { FixtureServer } from './support/fixture-server';

const CODE = `
function fetchText(url, params) {
  var response = UrlFetchApp.fetch(url, params);
  return { code: response.getResponseCode(), text: response.getContentText(), headers: response.getHeaders(), all: response.getAllHeaders() };
}
function fetchCode(url) {
  return UrlFetchApp.fetch(url, { muteHttpExceptions: true }).getResponseCode();
}
function fetchAllTexts(requests) {
  return UrlFetchApp.fetchAll(requests).map(function (r) { return r.getContentText(); });
}
function echo(params) {
  return JSON.parse(UrlFetchApp.fetch(params.url, params).getContentText());
}
function blobOf(url) {
  var blob = UrlFetchApp.fetch(url).getBlob();
  return [blob.getContentType(), blob.getDataAsString(), UrlFetchApp.fetch(url).getContent().length];
}
function fetchTwiceAfterLatency(url) {
  UrlFetchApp.fetch(url);
  return UrlFetchApp.fetch(url).getContentText();
}
function catchFetch(url) {
  try { UrlFetchApp.fetch(url); return 'no error'; } catch (e) { return [String(e), e instanceof Error, e.name]; }
}
`;

describe('UrlFetchApp: real synchronous HTTP through a worker thread', () => {
  let clock: SharedClock;
  let server: FixtureServer;
  let emulator: AppsScriptEmulator;
  let bundleDir: string;

  beforeAll(async () => {
    clock = SharedClock.virtual();
    server = await startFixtureServer(clock);
    bundleDir = writeBundle({ 'Code.js': CODE });
    emulator = AppsScriptEmulator.load({ bundleDir, clock });
  });

  afterAll(async () => {
    await emulator.close();
    await server.close();
  });

  beforeEach(() => server.resetCounters());

  it('fetches text, status and headers (names as the server sent them, repeats as arrays in getAllHeaders)', () => {
    const outcome = emulator.runExecution('fetchText', [`${server.baseUrl}/cookies`]);
    expect(outcome).toMatchObject({ ok: true, value: { code: 200, text: 'cookies' } });
    const value = (outcome as { value: { headers: Record<string, unknown>; all: Record<string, unknown> } }).value;
    expect(value.headers['X-Custom']).toBe('yes');
    expect(value.all['Set-Cookie']).toEqual(['a=1', 'b=2']);
  });

  it('reads the charset the Content-Type names, and gives blobs and signed bytes', () => {
    expect(emulator.runExecution('fetchText', [`${server.baseUrl}/latin1`])).toMatchObject({ ok: true, value: { text: 'café' } });
    expect(emulator.runExecution('blobOf', [`${server.baseUrl}/text`])).toMatchObject({
      ok: true,
      value: ['text/plain', 'hello from the fixture', 'hello from the fixture'.length],
    });
  });

  it('sends method, headers and payloads as Apps Script does', () => {
    const json = emulator.runExecution('echo', [
      { url: `${server.baseUrl}/echo`, method: 'post', contentType: 'application/json', payload: '{"a":1}', headers: { 'X-Key': 'k1' } },
    ]);
    expect(json).toMatchObject({ ok: true, value: { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json', 'x-key': 'k1' } } });
    const form = emulator.runExecution('echo', [{ url: `${server.baseUrl}/echo`, method: 'put', payload: { q: 'a b', n: 2 } }]);
    expect(form).toMatchObject({ ok: true, value: { method: 'PUT', body: 'q=a%20b&n=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } } });
    const agent = emulator.runExecution('echo', [{ url: `${server.baseUrl}/echo` }]);
    expect(agent).toMatchObject({ ok: true, value: { method: 'GET', headers: { 'user-agent': expect.stringContaining('Google-Apps-Script') } } });
  });

  it('follows redirects unless told not to', () => {
    expect(emulator.runExecution('fetchText', [`${server.baseUrl}/redirect`])).toMatchObject({ ok: true, value: { code: 200, text: 'hello from the fixture' } });
    expect(emulator.runExecution('fetchText', [`${server.baseUrl}/redirect`, { followRedirects: false }])).toMatchObject({ ok: true, value: { code: 302 } });
  });

  it('throws "Request failed for <origin> returned code N" for a status >= 400 unless muteHttpExceptions', () => {
    const url = `${server.baseUrl}/status?code=401&body=${encodeURIComponent('{"error":"bad key"}')}`;
    expect(emulator.runExecution('fetchText', [url])).toEqual({
      ok: false,
      error: `Request failed for ${server.baseUrl} returned code 401. Truncated server response: {"error":"bad key"} (use muteHttpExceptions option to examine full response)`,
      elapsedMs: 0,
    });
    expect(emulator.runExecution('fetchCode', [url])).toMatchObject({ ok: true, value: 401 });
    const long = emulator.runExecution('fetchText', [`${server.baseUrl}/status?code=500&body=${'x'.repeat(300)}`]);
    expect(long).toMatchObject({ ok: false, error: expect.stringContaining(`${'x'.repeat(100)}... (use muteHttpExceptions`) });
  });

  it('throws an Exception of the script realm: String(e) reads "Exception: ..."', () => {
    const outcome = emulator.runExecution('catchFetch', [`${server.baseUrl}/status?code=503`]);
    expect(outcome).toMatchObject({ ok: true, value: [expect.stringMatching(/^Exception: Request failed for .* returned code 503/), true, 'Exception'] });
  });

  it('turns dropped and refused connections into "Address unavailable"', () => {
    for (const pathname of ['/drop', '/drop-midway']) {
      const url = `${server.baseUrl}${pathname}`;
      expect(emulator.runExecution('fetchCode', [url])).toMatchObject({ ok: false, error: `Address unavailable: ${url}` });
    }
    expect(emulator.runExecution('fetchCode', ['http://127.0.0.1:1/'])).toMatchObject({ ok: false, error: 'Address unavailable: http://127.0.0.1:1/' });
  });

  it('sends every request on a fresh connection, so a server closing an idle one never fails a fetch however slow the machine', () => {
    const url = `${server.baseUrl}/closes-reused`;
    expect(emulator.runExecution('fetchTwiceAfterLatency', [url])).toMatchObject({ ok: true, value: 'on a fresh connection' });
    expect(emulator.runExecution('fetchAllTexts', [[url, url, url]])).toMatchObject({ ok: true, value: ['on a fresh connection', 'on a fresh connection', 'on a fresh connection'] });
  });

  it('stamps each request with the virtual instant it was sent, for fakes to take as its arrival', () => {
    const sentAt = clock.now();
    const outcome = emulator.runExecution('echo', [{ url: `${server.baseUrl}/echo` }]);
    expect(outcome).toMatchObject({ ok: true, value: { headers: { [VIRTUAL_SENT_AT_HEADER]: String(sentAt) } } });
  });

  it('runs fetchAll requests in parallel and answers in order', () => {
    const requests = [1, 2, 3, 4, 5].map((index) => `${server.baseUrl}/barrier?n=5&i=${index}`);
    const outcome = emulator.runExecution('fetchAllTexts', [requests]);
    // /barrier holds every request until 5 are in flight at once: sequential fetching would never finish.
    expect(outcome).toMatchObject({ ok: true, value: requests.map(() => 'released with 5 in flight') });
    expect(server.maxInFlight()).toBe(5);
  });

  it('fails a whole fetchAll when one of its requests fails', () => {
    const outcome = emulator.runExecution('fetchAllTexts', [[`${server.baseUrl}/text`, { url: `${server.baseUrl}/status?code=404` }]]);
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining('returned code 404') });
  });

  it('refuses URLs over 2 KB before sending', () => {
    const before = server.requestsServed();
    const outcome = emulator.runExecution('fetchCode', [`${server.baseUrl}/text?pad=${'x'.repeat(2100)}`]);
    expect(outcome).toMatchObject({ ok: false, error: 'Limit Exceeded: URLFetch URL Length.' });
    expect(server.requestsServed()).toBe(before);
  });

  it('takes no virtual time by itself; the server may advance the shared clock for simulated latency', () => {
    const start = clock.now();
    emulator.runExecution('fetchCode', [`${server.baseUrl}/text`]);
    expect(clock.now()).toBe(start);
    const outcome = emulator.runExecution('fetchTwiceAfterLatency', [`${server.baseUrl}/latency?ms=1500`]);
    expect(outcome).toMatchObject({ ok: true, elapsedMs: 3000 });
  });

  it('counts every request against the daily quota, and refuses past it', () => {
    const limited = AppsScriptEmulator.load({ bundleDir, clock, services: { urlFetchQuota: new UrlFetchQuota(3) } });
    try {
      expect(limited.runExecution('fetchAllTexts', [[`${server.baseUrl}/text`, `${server.baseUrl}/text`]])).toMatchObject({ ok: true });
      expect(limited.runExecution('fetchCode', [`${server.baseUrl}/text`])).toMatchObject({ ok: true });
      expect(limited.runExecution('fetchCode', [`${server.baseUrl}/text`])).toMatchObject({
        ok: false,
        error: 'Service invoked too many times for one day: urlfetch.',
      });
      expect(limited.urlFetchCount).toBe(3);
      clock.advance(24 * 3_600_000);
      expect(limited.runExecution('fetchCode', [`${server.baseUrl}/text`])).toMatchObject({ ok: true });
    } finally {
      void limited.close();
    }
  });

  it('needs the external_request scope when the manifest lists scopes', () => {
    const noScope = AppsScriptEmulator.load({
      bundleDir: writeBundle({ 'Code.js': CODE }, { timeZone: 'Etc/UTC', oauthScopes: ['https://www.googleapis.com/auth/spreadsheets.currentonly'] }),
      clock,
    });
    expect(noScope.runExecution('fetchCode', [`${server.baseUrl}/text`])).toMatchObject({
      ok: false,
      error: 'You do not have permission to call UrlFetchApp.fetch. Required permissions: https://www.googleapis.com/auth/script.external_request',
    });
    expect(noScope.urlFetchCount).toBe(0);
  });
});
