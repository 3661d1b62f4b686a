/**
 * The API key is a secret: with a distinctive key, every function, every failure path and every
 * menu item runs, and no piece of the key may show up in a cell, a message, a log line, a dialog,
 * a cache entry, a document or script property, or a request URL.
 */
import { CacheStore } from '../../../test-support/emulator/cache-service';
import type { CustomFunctionOutcome, ExecutionOutcome } from '../../../test-support/emulator/emulator';
import { DEMO_AFFILIATE_ID, DEMO_NETWORK_KEY, QUIRKS_OFF, type FakeApiKey, type FakeEverflowConfigPatch } from '../../../test-support/fake-everflow';
import { isApiKeyProperty } from '../../../test-support/connections';
import { AddOnHarness } from '../../../test-support/harness';
import { clearCachedData, column, fakeApi, useApiKey } from '../support/harness';
import { cacheValueTexts, SecretScanner } from '../support/secrets';


const SECRET = 'e2e-secret-key-XYZ12345';
const scanner = new SecretScanner(SECRET);
const AS_AFFILIATE_KEY: FakeApiKey[] = [{ key: SECRET, realm: 'affiliate', affiliateId: DEMO_AFFILIATE_ID }];
const NORMAL: FakeEverflowConfigPatch = { keys: AS_AFFILIATE_KEY, faults: { plan: {}, storm429: { requests: 0 } }, latencyMs: 0 };

/** Every cache write in this process: keys and values as the add-on stored them. */
const cacheWrites: string[] = [];
let harness: AddOnHarness;
let ids: number[];

beforeAll(async () => {
  const putAll = CacheStore.prototype.putAll;
  jest.spyOn(CacheStore.prototype, 'putAll').mockImplementation(function (this: CacheStore, values, expirationInSeconds) {
    for (const [key, value] of Object.entries(values)) cacheWrites.push(key, ...cacheValueTexts(String(value)));
    putAll.call(this, values, expirationInSeconds);
  });
  harness = await AddOnHarness.start({ api: { invoiceCount: 100, quirks: QUIRKS_OFF, keys: AS_AFFILIATE_KEY }, apiKey: SECRET });
  ids = await fakeApi(harness).invoiceIds();
});

afterAll(async () => {
  jest.restoreAllMocks();
  await harness?.close();
});

beforeEach(async () => {
  await fakeApi(harness).configure(NORMAL);
  useApiKey(harness, SECRET);
  clearCachedData(harness);
  harness.clock.advance(10_000);
});

/** What a person sees of an outcome: the cells or the message. */
function shown(outcome: CustomFunctionOutcome | ExecutionOutcome): string {
  return outcome.ok ? JSON.stringify(outcome.value ?? null) : outcome.error;
}

function expectNoSecretIn(outcomes: Array<CustomFunctionOutcome | ExecutionOutcome>): void {
  expect(scanner.piecesIn(outcomes.map(shown))).toEqual([]);
}

/** Every custom function once, as a spreadsheet full of formulas would call them. */
function everyFunction(): CustomFunctionOutcome[] {
  const some = ids.slice(0, 12);
  return [
    harness.formula('EFLOW_INVOICES'),
    harness.formula('EFLOW_INVOICES', 'unpaid', '2025-01-01', '2026-12-31', 0, 1e9),
    harness.formula('EFLOW_INVOICE', some[0]),
    harness.formula('EFLOW_INVOICE_LINES', column(some)),
    harness.formula('EFLOW_INVOICE_LINES', some.join(','), 'referral'),
    harness.formula('EFLOW_INVOICE_PAYMENTS', column(some)),
    harness.formula('EFLOW_INVOICE_SUMMARY'),
    harness.formula('EFLOW_INVOICE_SUMMARY', 'paid', '2025-01-01'),
  ];
}

it('every function answers without the key in any cell', () => {
  const outcomes = everyFunction();
  expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
  expectNoSecretIn(outcomes);
});

it.each<{ path: string; patch: FakeEverflowConfigPatch }>([
  { path: 'a 429 storm', patch: { faults: { storm429: { requests: 4 } } } },
  { path: 'server errors', patch: { faults: { plan: { 0: '500', 1: '502', 2: '503', 3: '500' } } } },
  { path: 'truncated JSON', patch: { faults: { plan: { 0: 'truncate', 2: 'truncate', 5: 'truncate' } } } },
  { path: 'dropped connections', patch: { faults: { plan: { 0: 'drop', 3: 'drop' } } } },
  { path: 'a refused page size', patch: { maxPageSize: 500 } },
  { path: 'a storm outlasting the retries', patch: { faults: { storm429: { requests: 1000 } } } },
  { path: 'a storm outlasting the time budget', patch: { latencyMs: 4000, faults: { storm429: { requests: 1000 } } } },
  { path: 'an unknown key (401)', patch: { keys: [{ key: 'some-other-key-000', realm: 'affiliate', affiliateId: DEMO_AFFILIATE_ID }] } },
  { path: 'a key both realms refuse (403)', patch: { keys: [{ key: SECRET, realm: 'none' }] } },
])('$path: no piece of the key in any cell or message', async ({ patch }) => {
  await fakeApi(harness).configure(patch);
  expectNoSecretIn(everyFunction());
});

it('unknown invoices (404), a call over its time budget and wrong arguments: no piece of the key in any message', async () => {
  const outcomes = [harness.formula('EFLOW_INVOICE', 999_999), harness.formula('EFLOW_INVOICE_LINES', `${ids[0]}, 999998`)];
  // Answers so slow that two rounds of at most 20 details fill the 25 s budget: 100 invoices cannot finish.
  await fakeApi(harness).configure({ latencyMs: 12_000 });
  outcomes.push(
    harness.formula('EFLOW_INVOICE_PAYMENTS', column(ids)),
    harness.formula('EFLOW_INVOICES', SECRET),
    harness.formula('EFLOW_INVOICE_LINES', SECRET),
    harness.formula('EFLOW_INVOICE_LINES', 1, SECRET),
  );
  expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, false, false, false, false, false]);
  expect(shown(outcomes[2] as CustomFunctionOutcome)).toMatch(/^Fetched \d+ of 100 invoices before the time limit\./);
  expectNoSecretIn(outcomes);
});

it('menu items show at most the last four characters of the key', async () => {
  const { ui } = harness.sheets;
  const outcomes: ExecutionOutcome[] = [harness.execute('onOpen', {})];
  ui.respond('OK', SECRET);
  outcomes.push(harness.sheets.clickMenuItem('Set API key…'));
  outcomes.push(harness.sheets.clickMenuItem('Test connection'));
  await fakeApi(harness).configure({ keys: [{ key: DEMO_NETWORK_KEY, realm: 'network' }] });
  outcomes.push(harness.sheets.clickMenuItem('Test connection'));
  await fakeApi(harness).configure({ keys: [{ key: SECRET, realm: 'network' }] });
  outcomes.push(harness.sheets.clickMenuItem('Test connection'));
  ui.respond('OK', `${SECRET} with spaces`);
  outcomes.push(harness.sheets.clickMenuItem('Set API key…'));
  outcomes.push(harness.sheets.clickMenuItem('Clear cached data'), harness.sheets.clickMenuItem('Help'));
  expectNoSecretIn(outcomes);
  const alerts = ui.dialogs.filter((dialog) => dialog.kind === 'alert').map((dialog) => dialog.prompt);
  expect(alerts.some((text) => text.includes('••••2345'))).toBe(true);
});

it('after all of the above: nothing of the key in logs, dialogs, the cache, document or script properties, or URLs', async () => {
  const { emulator, sheets } = harness;
  const requests = (await fakeApi(harness).stats()).log;
  const logs = emulator.logRecords.map((record) => record.message);
  // What the add-on wrote in dialogs; a prompt's answer is what the user typed, not the add-on's output.
  const dialogs = sheets.ui.dialogs.flatMap((dialog) => [dialog.title, dialog.prompt]);
  const properties = [emulator.documentProperties, emulator.scriptProperties].flatMap((store) => Object.entries(store.getProperties()).flat());
  const otherUserProperties = Object.entries(emulator.userProperties.getProperties()).filter(([key]) => !isApiKeyProperty(key));

  // The sweep is only meaningful if the runs above left something to search.
  expect(logs.length).toBeGreaterThan(20);
  expect(dialogs.length).toBeGreaterThan(5);
  expect(cacheWrites.length).toBeGreaterThan(100);
  expect(cacheWrites.some((text) => text.includes('"invoices"') || text.includes('network_affiliate_invoice_id') || text.includes('"lines"'))).toBe(true);

  expect(scanner.piecesIn(logs)).toEqual([]);
  expect(scanner.piecesIn(dialogs)).toEqual([]);
  expect(scanner.piecesIn(cacheWrites)).toEqual([]);
  expect(scanner.piecesIn(properties)).toEqual([]);
  expect(scanner.piecesIn(otherUserProperties.flat())).toEqual([]);
  expect(scanner.piecesIn(requests.map((entry) => `${entry.path}?${entry.query}`))).toEqual([]);
});
