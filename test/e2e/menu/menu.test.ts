/**
 * The add-on menu through the built bundle: built on open, and each item of issue 2 clicked as a
 * user would, dialogs answered, against the fake API.
 */
import type { DialogRecord } from '../../../test-support/emulator/spreadsheet';
import { DEFAULT_KEYS, DEMO_AFFILIATE_KEY, DEMO_NETWORK_KEY, type FakeInvoice } from '../../../test-support/fake-everflow';
import { apiKeyPropertyOf } from '../../../test-support/connections';
import { AddOnHarness, MENU_TITLE } from '../../../test-support/harness';
import { COLUMNS } from '../support/expected';
import { column, fakeApi, gridOf, measure, useApiKey } from '../support/harness';


const SET_KEY = 'Extensions > Affiliate Billing > Open sidebar > Connection';
const EMPTY_ACCOUNT_KEY = 'e2e-empty-account-key';
const EMPTY_AFFILIATE = 55;

let harness: AddOnHarness;
let records: FakeInvoice[];

beforeAll(async () => {
  harness = await AddOnHarness.start({
    api: {
      invoiceCount: 2001,
      invoiceCountByAffiliate: { [EMPTY_AFFILIATE]: 0 },
      keys: [...DEFAULT_KEYS, { key: EMPTY_ACCOUNT_KEY, realm: 'affiliate', affiliateId: EMPTY_AFFILIATE }],
    },
  });
  records = await fakeApi(harness).invoices();
  const opened = harness.execute('onOpen', { authMode: 'FULL' });
  if (!opened.ok) throw new Error(`onOpen failed: ${opened.error}`);
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  useApiKey(harness, DEMO_AFFILIATE_KEY);
});

/** The key of the one Everflow connection the menu manages (stored as "c1"). */
const storedKey = (): string | null => harness.emulator.userProperties.getProperty(apiKeyPropertyOf('c1'));

/** Clicks a menu item and answers the dialogs it shows. */
async function click(caption: string): Promise<{ dialogs: DialogRecord[]; alert: string; requests: number }> {
  const before = harness.sheets.ui.dialogs.length;
  const { value, stats } = await measure(harness, () => harness.sheets.clickMenuItem(caption));
  if (!value.ok) throw new Error(`"${caption}" failed instead of showing an alert: ${value.error}`);
  const dialogs = harness.sheets.ui.dialogs.slice(before);
  const last = dialogs[dialogs.length - 1];
  if (last?.kind !== 'alert' || last.title !== MENU_TITLE) throw new Error(`"${caption}" ended without an alert titled ${MENU_TITLE}`);
  return { dialogs, alert: last.prompt, requests: stats.totalRequests };
}

describe('opening the spreadsheet', () => {
  it.each(['onOpen', 'onInstall'])('%s builds the add-on menu with its items', (trigger) => {
    const outcome = harness.execute(trigger, {});
    expect(outcome.ok).toBe(true);
    const addonMenus = harness.sheets.ui.menus.filter((menu) => menu.addon);
    expect(addonMenus).toHaveLength(1);
    const [menu] = addonMenus;
    expect(menu?.title).toBe(MENU_TITLE);
    const items = (menu?.entries ?? []).flatMap((entry) => (entry.kind === 'item' ? [[entry.caption, entry.functionName]] : []));
    // The items of this issue, in this order; later issues add theirs around them.
    const ours = [
      ['Set API key…', 'menuSetApiKey'],
      ['Test connection', 'menuTestConnection'],
      ['Clear cached data', 'menuClearCache'],
      ['Help', 'menuHelp'],
    ];
    expect(items.filter(([caption]) => ours.some(([wanted]) => wanted === caption))).toEqual(ours);
    expect(items[items.length - 1]).toEqual(['Help', 'menuHelp']);
    expect(menu?.entries.filter((entry) => entry.kind === 'separator').length).toBeGreaterThanOrEqual(1);
  });
});

describe('Set API key…', () => {
  it('stores the key typed (trimmed) in user properties and shows only its last four characters', async () => {
    harness.sheets.ui.respond('OK', '  e2e-typed-key-ABCD1234  ');
    const { dialogs, alert, requests } = await click('Set API key…');
    expect(dialogs[0]).toMatchObject({ kind: 'prompt', title: `${MENU_TITLE}: Everflow API key`, buttons: 'OK_CANCEL' });
    expect(dialogs[0]?.prompt).toMatch(/My Account > API/);
    expect(alert).toBe('API key ••••1234 saved for the connection "Everflow". Use "Test connection" to check it.');
    expect(storedKey()).toBe('e2e-typed-key-ABCD1234');
    expect(requests).toBe(0);
  });

  it('the key set is the one the functions use', async () => {
    harness.sheets.ui.respond('OK', 'e2e-unknown-to-everflow-key');
    await click('Set API key…');
    expect(harness.formula('EFLOW_INVOICE_SUMMARY')).toMatchObject({ ok: false, error: expect.stringMatching(/^Everflow rejected the API key \(401/) });
    harness.sheets.ui.respond('OK', DEMO_AFFILIATE_KEY);
    await click('Set API key…');
    expect(storedKey()).toBe(DEMO_AFFILIATE_KEY);
    expect(gridOf(harness.formula('EFLOW_INVOICE_SUMMARY')).length).toBeGreaterThan(1);
  });

  it.each(['CANCEL', 'CLOSE'] as const)('%s changes nothing', async (button) => {
    harness.sheets.ui.respond(button, 'e2e-typed-but-cancelled-key');
    const { alert } = await click('Set API key…');
    expect(alert).toBe('No change: the API key was not set.');
    expect(storedKey()).toBe(DEMO_AFFILIATE_KEY);
  });

  it.each([
    ['nothing', '', 'is too short to be an Everflow API key'],
    ['"short"', 'short', 'is too short to be an Everflow API key'],
    ['a key with spaces', 'has spaces inside it', 'may only hold printable characters without spaces'],
    ['201 characters', 'x'.repeat(201), 'is too long to be an Everflow API key'],
  ])('refuses %s with a message and keeps the key set before', async (_typed, typed, problem) => {
    harness.sheets.ui.respond('OK', typed);
    const { alert } = await click('Set API key…');
    expect(alert).toBe(`That API key ${problem}. Copy it again from Everflow: My Account > API.`);
    expect(storedKey()).toBe(DEMO_AFFILIATE_KEY);
  });
});

describe('Test connection', () => {
  it('reports how many invoices the key sees and their currencies', async () => {
    const currencies = [...new Set(records.map((invoice) => invoice.currency))].sort();
    const { alert, requests } = await click('Test connection');
    expect(alert).toBe(`Connected to Everflow (US at ${harness.baseUrl}) with key ••••-key. This key sees 2,001 invoices in ${currencies.join(', ')}.`);
    expect(requests).toBe(2);
  });

  it('reports an account with no invoices', async () => {
    useApiKey(harness, EMPTY_ACCOUNT_KEY);
    expect((await click('Test connection')).alert).toBe(`Connected to Everflow (US at ${harness.baseUrl}) with key ••••-key. This key sees 0 invoices.`);
  });

  it.each([
    [
      'a key Everflow does not know',
      'e2e-unknown-key-9999',
      `Everflow did not accept this key. Copy it again from Everflow, the whole key (a partner key: partner portal, My Account > API; a network key: the API keys of your Control Center). Everflow said: 401 No Authentication Method Found. To change it: ${SET_KEY}.`,
    ],
    ['no connection', null, `No connection is set up. Add one in the sidebar: ${SET_KEY}.`],
  ])('reports %s precisely', async (_case, key, message) => {
    useApiKey(harness, key);
    expect((await click('Test connection')).alert).toBe(message);
  });

  it('finds a network key from its 403 on the partner endpoint and says it sees every partner’s invoices', async () => {
    useApiKey(harness, DEMO_NETWORK_KEY);
    const all = await fakeApi(harness).networkInvoices();
    const { alert, requests } = await click('Test connection');
    expect(alert).toMatch(new RegExp(`^Connected to Everflow \\(.*\\) with key ••••-key\\. This network key sees every partner’s invoices: ${all.length.toLocaleString('en-US')} invoices in `));
    // The partner list's 403, the network probe, then the network's pages of 2,000.
    expect(requests).toBe(2 + Math.ceil(all.length / 2000));
  });
});

describe('Clear cached data', () => {
  it('makes the next call of every function fetch again', async () => {
    const ids = column(records.slice(0, 3).map((invoice) => invoice.id));
    const calls = () => [harness.formula('EFLOW_INVOICES'), harness.formula('EFLOW_INVOICE_LINES', ids)];
    calls();
    expect((await measure(harness, calls)).fetches).toBe(0);

    const { alert, requests } = await click('Clear cached data');
    expect(alert).toBe('Cached invoice data cleared. Formulas fetch fresh data the next time they recalculate.');
    expect(requests).toBe(0);

    const after = await measure(harness, calls);
    expect(after.value.every((outcome) => outcome.ok)).toBe(true);
    expect(after.stats.byRoute).toEqual({ list: 2, detail: 3, other: 0 });
  });
});

describe('Help', () => {
  const SIGNATURES = {
    EFLOW_INVOICES: '=EFLOW_INVOICES([status], [start_date], [end_date], [min_balance], [max_balance], [affiliate_ids], [search], [account])',
    EFLOW_INVOICE: '=EFLOW_INVOICE(invoice_id, [account])',
    EFLOW_INVOICE_LINES: '=EFLOW_INVOICE_LINES(invoice_ids, [type], [account])',
    EFLOW_INVOICE_PAYMENTS: '=EFLOW_INVOICE_PAYMENTS(invoice_ids, [account])',
    EFLOW_INVOICE_SUMMARY: '=EFLOW_INVOICE_SUMMARY([status], [start_date], [end_date], [affiliate_ids], [search], [account])',
    EFLOW_INVOICE_AGING: '=EFLOW_INVOICE_AGING([as_of], [account])',
  };

  it('lists every EFLOW_ function with its arguments and columns, with no key and no request', async () => {
    useApiKey(harness, null);
    const { alert, requests } = await click('Help');
    for (const [name, signature] of Object.entries(SIGNATURES)) {
      expect(alert).toContain(`${signature}\n`);
      expect(alert).toContain(`Columns: ${COLUMNS[name as keyof typeof COLUMNS].join(' | ')}`);
    }
    expect(new Set(alert.match(/EFLOW_[A-Z_]+/g))).toEqual(new Set(Object.keys(SIGNATURES)));
    expect(requests).toBe(0);
  });
});
