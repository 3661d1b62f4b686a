/**
 * Several connections in one document, on the built bundle: two Everflow accounts (say US and
 * EU) served by two fake APIs, the `account` argument in every form a user may type, caches kept
 * apart, reports on their own account, and a host outside the manifest's urlFetchWhitelist
 * failing as it does in Sheets.
 */
import { storeConnections } from '../../../test-support/connections';
import { DEMO_AFFILIATE_KEY, startFakeEverflow, type FakeEverflowHandle } from '../../../test-support/fake-everflow';
import { DEMO_AFFISE_KEY, startFakeAffise, type FakeAffiseHandle } from '../../../test-support/fake-affise';
import { AddOnHarness } from '../../../test-support/harness';
import { reportStore, userSpreadsheetApp } from '../../../tools/runner/report-document';
import { addReport, runByTrigger, sheetValues } from '../support-reports/reports-harness';
import { errorOf, gridOf, useApiKey } from '../support/harness';

const EU_KEY = 'e2e-eu-affiliate-key';
const ALL = ['EFLOW_INVOICES', 'EFLOW_INVOICE_SUMMARY', 'EFLOW_INVOICE', 'EFLOW_INVOICE_LINES', 'EFLOW_INVOICE_PAYMENTS'] as const;
/** Arguments before `account`, per function (the required ones filled). */
const LEADING: Record<(typeof ALL)[number], unknown[]> = {
  EFLOW_INVOICES: ['', '', '', '', '', '', ''],
  EFLOW_INVOICE_SUMMARY: ['', '', '', '', ''],
  EFLOW_INVOICE: [0],
  EFLOW_INVOICE_LINES: [0, ''],
  EFLOW_INVOICE_PAYMENTS: [0],
};

let harness: AddOnHarness;
let us: FakeEverflowHandle;
let eu: FakeEverflowHandle;
let usFirstId: number;
let euFirstId: number;

beforeAll(async () => {
  harness = await AddOnHarness.start({ api: { invoiceCount: 7, seed: 1 } });
  us = harness.api as FakeEverflowHandle;
  eu = await startFakeEverflow({ clock: harness.clock, invoiceCount: 4, seed: 2, keys: [{ key: EU_KEY, realm: 'affiliate', affiliateId: 7 }] });
  harness.emulator.allowUrlFetchPrefix(new URL(eu.baseUrl).origin + '/');
  usFirstId = (await us.invoices())[0]?.id ?? 0;
  euFirstId = (await eu.invoices())[0]?.id ?? 0;
});
afterAll(async () => {
  await eu.close();
  await harness.close();
});

function twoEverflowAccounts(): void {
  storeConnections(harness.emulator.userProperties, [
    { name: 'US', apiKey: DEMO_AFFILIATE_KEY, baseUrl: us.baseUrl },
    { name: 'EU network', apiKey: EU_KEY, baseUrl: eu.baseUrl, region: 'eu' },
  ]);
}

function call(name: (typeof ALL)[number], account: unknown, ids: { us: number; eu: number } = { us: usFirstId, eu: euFirstId }): ReturnType<AddOnHarness['formula']> {
  const leading = [...LEADING[name]];
  if (name !== 'EFLOW_INVOICES' && name !== 'EFLOW_INVOICE_SUMMARY') leading[0] = typeof account === 'string' && account.toLowerCase().startsWith('eu') ? ids.eu : ids.us;
  return harness.formula(name, ...leading, account);
}

describe('one Everflow connection (the first version\'s stored key, migrated)', () => {
  it('existing formulas keep working without the account argument', () => {
    expect(gridOf(harness.formula('EFLOW_INVOICES')).length).toBe(8);
    expect(gridOf(harness.formula('EFLOW_INVOICES', 'unpaid', '', '', '', '', '', '', '')).length).toBeGreaterThan(0);
  });
});

describe('two Everflow accounts against two APIs', () => {
  beforeAll(twoEverflowAccounts);

  it('each function reads the account named, whatever its case', async () => {
    expect(gridOf(harness.formula('EFLOW_INVOICES', '', '', '', '', '', '', '', 'US')).length).toBe(8);
    expect(gridOf(harness.formula('EFLOW_INVOICES', '', '', '', '', '', '', '', '  eu NETWORK ')).length).toBe(5);
    for (const name of ALL) {
      expect(call(name, 'EU network')).toMatchObject({ ok: true });
      expect(call(name, 'US')).toMatchObject({ ok: true });
    }
    expect((await eu.stats()).totalRequests).toBeGreaterThan(0);
  });

  it('a one-cell range holding the name works like the name', () => {
    expect(gridOf(harness.formula('EFLOW_INVOICE_SUMMARY', '', '', '', '', '', [['EU network']])).length).toBeGreaterThan(1);
  });

  it('keeps the accounts apart in the cache: each warm call makes no request, neither answers for the other', async () => {
    const usRows = gridOf(harness.formula('EFLOW_INVOICES', '', '', '', '', '', '', '', 'US'));
    const euRows = gridOf(harness.formula('EFLOW_INVOICES', '', '', '', '', '', '', '', 'EU network'));
    const before = (await us.stats()).totalRequests + (await eu.stats()).totalRequests;
    expect(gridOf(harness.formula('EFLOW_INVOICES', '', '', '', '', '', '', '', 'US'))).toEqual(usRows);
    expect(gridOf(harness.formula('EFLOW_INVOICES', '', '', '', '', '', '', '', 'EU network'))).toEqual(euRows);
    expect((await us.stats()).totalRequests + (await eu.stats()).totalRequests).toBe(before);
    expect(usRows).not.toEqual(euRows);
  });

  it.each(ALL)('%s without account lists the names to choose from, before any request', async (name) => {
    const before = (await us.stats()).totalRequests + (await eu.stats()).totalRequests;
    expect(errorOf(call(name, ''))).toBe('account: there are 2 Everflow connections ("US", "EU network"); name the one to use in the account argument, the last one.');
    expect((await us.stats()).totalRequests + (await eu.stats()).totalRequests).toBe(before);
  });

  it.each([
    ['an unknown name', 'Asia', 'account: no connection is named "Asia". Your Everflow connections: "US", "EU network".'],
    ['a number', 12.5, 'account: 12.5 is not an account name. Use the name of a connection as the sidebar\'s Connection panel lists it, such as "EU network", or leave it empty.'],
    ['TRUE', true, 'account: TRUE is not an account name. Use the name of a connection as the sidebar\'s Connection panel lists it, such as "EU network", or leave it empty.'],
    ['a date', new Date(Date.UTC(2024, 0, 1)), 'account: a date is not an account name. Use the name of a connection as the sidebar\'s Connection panel lists it, such as "EU network", or leave it empty.'],
    ['a range of two cells', [['US'], ['EU network']], 'account: a range of 2 rows and 1 column is not a single value. Use the name of a connection as the sidebar\'s Connection panel lists it, such as "EU network", or leave it empty.'],
    ['only spaces', '   ', 'account: there are 2 Everflow connections ("US", "EU network"); name the one to use in the account argument, the last one.'],
  ])('refuses %s with a clear message', (_case, account, message) => {
    for (const name of ALL) expect(errorOf(call(name, account))).toBe(message);
  });

  it("refuses another provider's connection", () => {
    storeConnections(harness.emulator.userProperties, [
      { name: 'US', apiKey: DEMO_AFFILIATE_KEY, baseUrl: us.baseUrl },
      { name: 'Affise', apiKey: 'e2e-affise-key', baseUrl: 'https://api-acme.affise.com', provider: 'affise' },
    ]);
    try {
      expect(errorOf(call('EFLOW_INVOICES', 'affise'))).toBe('account: "Affise" is an Affise connection, and this function reads Everflow. Your Everflow connections: "US".');
      // With one Everflow connection, leaving account empty uses it.
      expect(gridOf(harness.formula('EFLOW_INVOICES')).length).toBe(8);
    } finally {
      twoEverflowAccounts();
    }
  });

  it('no key text of either account appears in any message', () => {
    const messages = [call('EFLOW_INVOICES', 'nope'), call('EFLOW_INVOICE', ''), harness.formula('EFLOW_INVOICES', '', '', '', '', '', '', '', 'US', 'extra')].map(errorOf);
    for (const message of messages) {
      expect(message).not.toContain(DEMO_AFFILIATE_KEY);
      expect(message).not.toContain(EU_KEY);
    }
  });

  it('a report reads its own account', async () => {
    const definition = addReport(harness, { id: 'eu-invoices', name: 'EU invoices', kind: 'invoices', account: 'EU network', sheet: 'EU invoices', mode: 'replace', schedule: { frequency: 'hourly' } });
    const before = (await eu.stats()).totalRequests;
    runByTrigger(harness, definition);
    expect(sheetValues(harness, 'EU invoices')).toHaveLength(5);
    expect((await eu.stats()).totalRequests).toBeGreaterThan(before);
  });

  it('"Insert report from this cell" carries the account', () => {
    const sheet = userSpreadsheetApp(harness).getActive().getSheetByName('Sheet1');
    if (!sheet) throw new Error('No Sheet1');
    sheet.activate();
    sheet.getRange('B2').setValue('=EFLOW_INVOICES("unpaid", , , , , , , "EU network")');
    sheet.getRange('B2').activate();
    expect(harness.execute('menuInsertReport')).toMatchObject({ ok: true });
    const inserted = reportStore(harness)
      .list()
      .reports.find(({ definition }) => definition.name === 'Invoices report');
    expect(inserted?.definition).toMatchObject({ account: 'EU network', filters: { status: 'unpaid' } });
    expect(sheetValues(harness, 'Invoices report').length).toBeGreaterThan(0);
  });
});

describe('an Affise connection beside Everflow', () => {
  let affise: FakeAffiseHandle;
  beforeAll(async () => {
    affise = await startFakeAffise({ clock: harness.clock });
    harness.emulator.allowUrlFetchPrefix(new URL(affise.baseUrl).origin + '/');
    twoEverflowAccounts();
  });
  afterAll(async () => {
    await affise.close();
  });

  it('is saved once Affise says who the key belongs to (GET /3.1/user/me), and Everflow formulas are unaffected', () => {
    const saved = harness.execute('sidebarSaveConnection', { provider: 'affise', name: 'Affise', host: affise.baseUrl, apiKey: DEMO_AFFISE_KEY });
    expect(saved).toMatchObject({ ok: true });
    const answer = JSON.stringify(saved.ok ? saved.value : null);
    expect(answer).toContain('Connected to Affise at ');
    expect(answer).toContain('as Dana Finance');
    expect(answer).not.toContain(DEMO_AFFISE_KEY);
    expect(gridOf(harness.formula('EFLOW_INVOICES', '', '', '', '', '', '', '', 'US')).length).toBe(8);
    expect(errorOf(harness.formula('EFLOW_INVOICES', '', '', '', '', '', '', '', 'affise'))).toMatch(/^account: "Affise" is an Affise connection, and this function reads Everflow\./);
  });

  it('a wrong Affise key is refused in plain words and nothing is kept', () => {
    const refused = harness.execute('sidebarSaveConnection', { provider: 'affise', name: 'Affise 2', host: affise.baseUrl, apiKey: 'wrong-affise-key-1' });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^Affise did not accept the API key at .* \(401 .*\)\..* Nothing was saved\.$/) });
    expect(errorOf(refused)).not.toContain('wrong-affise-key-1');
  });
});

describe('the manifest allowlist', () => {
  it('a host outside urlFetchWhitelist fails as in Sheets, and nothing is sent', () => {
    storeConnections(harness.emulator.userProperties, [{ name: 'Elsewhere', apiKey: DEMO_AFFILIATE_KEY, baseUrl: 'https://api.example.com/v1' }]);
    try {
      const before = harness.emulator.urlFetchCount;
      const message = errorOf(harness.formula('EFLOW_INVOICES'));
      expect(message).toContain('Request to https://api.example.com/v1/affiliates/');
      expect(message).toContain('failed because the URL has not been whitelisted in the script manifest.');
      expect(message).not.toContain(DEMO_AFFILIATE_KEY);
      expect(harness.emulator.urlFetchCount).toBe(before);
    } finally {
      useApiKey(harness, DEMO_AFFILIATE_KEY);
    }
  });
});
