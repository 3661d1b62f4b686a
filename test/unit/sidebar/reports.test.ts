import type { ReportForm } from '../../../src/app/sidebar/api';
import { ConnectionStore } from '../../../src/app/connections';
import { SidebarInputError } from '../../../src/app/sidebar/input';
import { deleteReport, reportsOverview, saveReportFromForm, showReportSheet, type SidebarReportsContext } from '../../../src/app/sidebar/reports';
import { MemoryLock, MemoryMail, MemoryTriggers } from '../reports/support/harness';
import { MemorySpreadsheet } from '../../../test-support/memory-spreadsheet';
import { memoryCall, ScriptedHttp } from './services';

const BLANK: ReportForm = {
  id: '',
  name: 'Unpaid invoices',
  kind: 'invoices',
  status: 'unpaid',
  startDate: '',
  endDate: '',
  minBalance: '',
  maxBalance: '',
  lineType: '',
  affiliateIds: '',
  search: '',
  sheet: 'Unpaid',
  mode: 'replace',
  frequency: 'none',
  hour: '',
  day: '',
  enabled: true,
};

function setUp() {
  const call = memoryCall(
    new ScriptedHttp(() => {
      throw new Error('saving and listing reports sends no request');
    }),
    'Europe/Paris',
  );
  const triggers = new MemoryTriggers();
  const context: SidebarReportsContext = {
    platform: { spreadsheet: new MemorySpreadsheet('Europe/Paris'), documentLock: new MemoryLock(call.clock), triggers, mail: new MemoryMail() },
    sheetNames: () => ['Sheet1', 'Sync log', '_eflow_state_unpaid', 'Unpaid'],
    userEmail: () => 'owner@example.com',
  };
  return { call, triggers, context };
}

describe('saveReportFromForm', () => {
  it('creates a report with an id from its name and shows it as the list does', () => {
    const { call, context, triggers } = setUp();
    const overview = saveReportFromForm(call, context, { ...BLANK, minBalance: '10.5', frequency: 'daily', hour: '6' });
    expect(overview.reports).toHaveLength(1);
    const [report] = overview.reports;
    expect(report).toMatchObject({
      id: 'unpaid-invoices',
      name: 'Unpaid invoices',
      kind: 'Invoices',
      filtersText: 'Status unpaid, balance ≥ 10.5',
      sheet: 'Unpaid',
      mode: 'Replace',
      scheduleText: 'Daily at 06:00',
      lastRun: null,
      // Virtual time starts at 2026-11-21 12:00 UTC, 13:00 in Paris: the next 06:00 there is tomorrow's.
      nextRun: '11/22/2026 06:00',
    });
    expect(report?.form).toEqual({ ...BLANK, id: 'unpaid-invoices', minBalance: '10.5', frequency: 'daily', hour: '6', account: '' });
    expect(overview.triggerText).toBe('The hourly trigger is installed: scheduled reports refresh when due.');
    expect(triggers.triggers.map((trigger) => trigger.handler)).toEqual(['onReportsTrigger']);
    expect(overview.sheets).toEqual(['Sheet1', 'Unpaid']);
    expect(overview.timeZone).toBe('Europe/Paris');
  });

  it('edits a report in place, and the last schedule removed takes the trigger with it', () => {
    const { call, context, triggers } = setUp();
    saveReportFromForm(call, context, { ...BLANK, frequency: 'weekly', day: 'monday', hour: '7' });
    const overview = saveReportFromForm(call, context, { ...BLANK, id: 'unpaid-invoices', name: 'Open invoices', frequency: 'none' });
    expect(overview.reports.map((report) => [report.id, report.name, report.scheduleText, report.nextRun])).toEqual([['unpaid-invoices', 'Open invoices', 'Not scheduled', null]]);
    expect(triggers.triggers).toEqual([]);
    expect(overview.triggerText).toBe('No report has a schedule, so no trigger is installed.');
  });

  it('offers only the modes a kind accepts and keeps a line type to lines reports', () => {
    const { call, context } = setUp();
    const { choices } = reportsOverview(call.services, context);
    expect(choices.modesByKind).toEqual({
      invoices: ['replace', 'merge', 'history'],
      lines: ['replace', 'merge'],
      payments: ['replace', 'merge'],
      summary: ['replace'],
      dashboard: ['replace'],
      'affise-invoices': ['replace', 'merge'],
      'affise-lines': ['replace', 'merge'],
      'affise-summary': ['replace'],
      'affise-dashboard': ['replace'],
    });
    const overview = saveReportFromForm(call, context, { ...BLANK, kind: 'payments', lineType: 'vat' });
    expect(overview.reports[0]?.filtersText).toBe('Status unpaid');
  });

  it.each([
    [{ startDate: '2024-02-30' }, 'Period from: "2024-02-30" is not a date. Use a date as YYYY-MM-DD, e.g. "2024-10-01", or leave it empty.'],
    [{ startDate: '2024-05-01', endDate: '2024-01-01' }, 'Period from: "2024-05-01" is after end_date "2024-01-01".'],
    [{ kind: 'summary', mode: 'merge' }, 'Mode: "merge" does not apply to a summary report; use "replace".'],
    [{ frequency: 'daily', hour: '' }, 'Hour: choose the hour the report runs at.'],
    [{ frequency: 'weekly', hour: '30', day: 'monday' }, 'Hour: is an hour from 0 to 23.'],
    [{ frequency: 'weekly', hour: '3', day: '' }, 'Day: choose the day of the week the report runs on.'],
    [{ frequency: 'weekly', hour: '3', day: 'someday' }, 'Day: Invalid option'],
    [{ name: ' ' }, 'Name: is empty.'],
    [{ sheet: 'Sync log' }, 'Target sheet: is a sheet the add-on keeps for itself.'],
    [{ enabled: 'yes' }, 'Enabled: must be true or false.'],
  ])('names the field at fault: %j', (change, message) => {
    const { call, context, triggers } = setUp();
    expect(() => saveReportFromForm(call, context, { ...BLANK, ...change })).toThrow(SidebarInputError);
    expect(() => saveReportFromForm(call, context, { ...BLANK, ...change })).toThrow(message);
    expect(reportsOverview(call.services, context).reports).toEqual([]);
    expect(triggers.triggers).toEqual([]);
  });

  it('refuses to edit a report someone removed', () => {
    const { call, context } = setUp();
    expect(() => saveReportFromForm(call, context, { ...BLANK, id: 'gone' })).toThrow('This report no longer exists: someone removed it. Reload the list.');
  });

  it('refuses a second report on the same sheet', () => {
    const { call, context } = setUp();
    saveReportFromForm(call, context, BLANK);
    expect(() => saveReportFromForm(call, context, { ...BLANK, name: 'Other' })).toThrow('Report "Unpaid invoices" already writes to sheet "Unpaid"; give this report its own sheet.');
  });
});

describe('an Affise receivables dashboard from the form', () => {
  it('offers Everflow and Affise connections, the filters each kind takes and the dashboard kind of each provider', () => {
    const { call, context } = setUp();
    const store = new ConnectionStore(call.userProperties);
    store.add({ provider: 'everflow', name: 'Partner', region: 'us' }, 'everflow-key-0123456789abcdef');
    store.add({ provider: 'affise', name: 'Network', host: 'https://api-acme.affise.com' }, 'affise-key-0123456789abcdef');
    const { choices } = reportsOverview(call.services, context);
    expect(choices.accounts).toEqual(['Partner']);
    expect(choices.affiseAccounts).toEqual(['Network']);
    expect(choices.dashboardKindByProvider).toEqual({ everflow: 'dashboard', affise: 'affise-dashboard' });
    expect(choices.providerByKind).toMatchObject({ dashboard: 'everflow', invoices: 'everflow', 'affise-dashboard': 'affise', 'affise-invoices': 'affise' });
    expect(choices.fieldsByKind).toMatchObject({
      dashboard: ['startDate', 'endDate', 'minBalance', 'maxBalance'],
      lines: ['status', 'startDate', 'endDate', 'minBalance', 'maxBalance', 'lineType', 'affiliateIds', 'search'],
      'affise-dashboard': ['startDate', 'endDate', 'affiliateIds'],
    });
  });

  it("saves the form's dates as Affise's creation dates and the account it names, and shows them back in the form", () => {
    const { call, context } = setUp();
    const form = { ...BLANK, name: 'Receivables dashboard', kind: 'affise-dashboard', status: 'unpaid', startDate: '2025-01-01', minBalance: '5', account: 'Network', sheet: 'Receivables dashboard', frequency: 'daily', hour: '6' };
    const [report] = saveReportFromForm(call, context, form).reports;
    expect(report).toMatchObject({ kind: 'Affise-dashboard', filtersText: 'From 2025-01-01, what is owed (account Network)', scheduleText: 'Daily at 06:00' });
    expect(report?.form).toEqual({ ...form, id: 'receivables-dashboard', status: '', minBalance: '' });
    expect(() => saveReportFromForm(call, context, { ...form, name: 'Other', sheet: 'Other', startDate: '2025-03-01', endDate: '2025-02-01' })).toThrow(/"2025-03-01" is after date_to "2025-02-01"/);
  });
});

describe('deleteReport', () => {
  it('forgets the report and the trigger it needed', () => {
    const { call, context, triggers } = setUp();
    saveReportFromForm(call, context, { ...BLANK, frequency: 'hourly' });
    const overview = deleteReport(call, context, { id: 'unpaid-invoices' });
    expect(overview.reports).toEqual([]);
    expect(triggers.triggers).toEqual([]);
    expect(() => deleteReport(call, context, { id: '' })).toThrow('Report: is missing.');
  });
});

describe('showReportSheet', () => {
  it("brings the report's sheet to the front, and says why when it cannot", () => {
    const { call, context } = setUp();
    saveReportFromForm(call, context, BLANK);
    const spreadsheet = context.platform.spreadsheet as MemorySpreadsheet;
    expect(() => showReportSheet(call, context, { id: 'unpaid-invoices' })).toThrow('The sheet "Unpaid" is not there: the report writes it on its next run.');
    spreadsheet.insertSheet('Unpaid');
    expect(showReportSheet(call, context, { id: 'unpaid-invoices' })).toEqual({ sheet: 'Unpaid' });
    expect(spreadsheet.activeSheetName()).toBe('Unpaid');
    expect(() => showReportSheet(call, context, { id: 'gone' })).toThrow('This report no longer exists. Reload the list.');
    expect(() => showReportSheet(call, context, { id: 7 })).toThrow(SidebarInputError);
    expect(() => showReportSheet(call, context, { id: '' })).toThrow('Report: is missing.');
  });
});

describe('Affiliate IDs and Search from the form (an Everflow network key)', () => {
  /** An Everflow connection of each kind of key, and one never tested. */
  function withConnections() {
    const setup = setUp();
    const store = new ConnectionStore(setup.call.userProperties);
    const network = store.add({ provider: 'everflow', name: 'Network', region: 'us' }, 'everflow-network-key-0123456789');
    const partner = store.add({ provider: 'everflow', name: 'Partner', region: 'us' }, 'everflow-partner-key-0123456789');
    store.add({ provider: 'everflow', name: 'Untested', region: 'us' }, 'everflow-untested-key-012345678');
    store.recordKeyFacts(network.id, { role: 'network', networkId: 5 });
    store.recordKeyFacts(partner.id, { role: 'affiliate', networkId: null });
    return setup;
  }
  const NETWORK_FORM: ReportForm = { ...BLANK, account: 'Network' };

  it('lists the connections known to hold a network key, for the form to show them the fields', () => {
    const { call, context } = withConnections();
    const { choices } = reportsOverview(call.services, context);
    expect(choices.accounts).toEqual(['Network', 'Partner', 'Untested']);
    expect(choices.networkAccounts).toEqual(['Network']);
  });

  it('saves them read by the functions’ parameters (IDs sorted, once each; search trimmed) and shows them back', () => {
    const { call, context } = withConnections();
    const [report] = saveReportFromForm(call, context, { ...NETWORK_FORM, affiliateIds: '23; 21 22, 21', search: '  Acme Media ' }).reports;
    expect(report?.filtersText).toBe('Status unpaid, affiliates 21, 22, 23, search "Acme Media" (account Network)');
    expect(report?.form).toEqual({ ...NETWORK_FORM, id: 'unpaid-invoices', affiliateIds: '21, 22, 23', search: 'Acme Media' });
  });

  const AFFILIATE_FORMS = 'Use whole numbers above 0 such as 123, a list such as "123, 456" or a range of cells holding IDs, or leave it empty for every affiliate; blank cells and a header such as "Affiliate ID" are skipped.';
  it.each<[string, Partial<Record<keyof ReportForm, unknown>>, string]>([
    ['a name', { affiliateIds: 'Acme' }, `Affiliate IDs: "Acme" is not an affiliate ID. ${AFFILIATE_FORMS}`],
    ['21, x', { affiliateIds: '21, x' }, `Affiliate IDs: "x" (in "21, x") is not an affiliate ID. ${AFFILIATE_FORMS}`],
    ['0', { affiliateIds: '0' }, `Affiliate IDs: "0" is not an affiliate ID. ${AFFILIATE_FORMS}`],
    ['1.5', { affiliateIds: '1.5' }, `Affiliate IDs: "1.5" is not an affiliate ID. ${AFFILIATE_FORMS}`],
    ['21-25', { affiliateIds: '21-25' }, `Affiliate IDs: "21-25" is not an affiliate ID. ${AFFILIATE_FORMS}`],
    ['201 IDs', { affiliateIds: Array.from({ length: 201 }, (_, index) => index + 1).join(', ') }, 'Affiliate IDs: 201 different affiliate IDs given; one call takes at most 200.'],
    ['5001 characters', { affiliateIds: '1'.repeat(5001) }, 'Affiliate IDs: is longer than 5000 characters.'],
    ['a search of 201 characters', { search: 'x'.repeat(201) }, `Search: "${'x'.repeat(40)}…" is 201 characters long. Use text of at most 200 characters such as "Acme" or 12345, or leave it empty.`],
    ['a number', { search: 42 }, 'Search: must be text.'],
  ])('names the field and what it takes: %s', (_case, change, message) => {
    const { call, context } = withConnections();
    expect(() => saveReportFromForm(call, context, { ...NETWORK_FORM, ...change })).toThrow(SidebarInputError);
    expect(() => saveReportFromForm(call, context, { ...NETWORK_FORM, ...change })).toThrow(message);
    expect(reportsOverview(call.services, context).reports).toEqual([]);
  });

  it.each([
    [{ affiliateIds: '21' }, 'Affiliate IDs: only an Everflow network key filters on this, and the connection "Partner" holds a partner (affiliate) key, which sees its own invoices only. Leave it empty, or choose a network key\'s connection in Account.'],
    [{ search: 'Acme', status: 'deleted' }, 'Search, Status "deleted": only an Everflow network key filters on these, and the connection "Partner" holds a partner (affiliate) key, which sees its own invoices only. Leave them empty, or choose a network key\'s connection in Account.'],
  ])('refuses a partner key’s report a network-only filter when saved, not at its first run: %j', (change, message) => {
    const { call, context } = withConnections();
    expect(() => saveReportFromForm(call, context, { ...BLANK, account: 'Partner', ...change })).toThrow(message);
    expect(reportsOverview(call.services, context).reports).toEqual([]);
  });

  it('lets a key not yet tested keep them (its first run finds out), and an Affise report filter on affiliates', () => {
    const { call, context } = withConnections();
    new ConnectionStore(call.userProperties).add({ provider: 'affise', name: 'Affise', host: 'https://api-acme.affise.com' }, 'affise-key-0123456789abcdef');
    saveReportFromForm(call, context, { ...BLANK, account: 'Untested', affiliateIds: '21' });
    const overview = saveReportFromForm(call, context, { ...BLANK, name: 'Affise', kind: 'affise-invoices', status: '', account: 'Affise', affiliateIds: '101, 102', search: 'ignored', sheet: 'Affise' });
    expect(overview.reports.map((report) => report.filtersText)).toEqual(['Affiliates 101, 102 (account Affise)', 'Status unpaid, affiliates 21 (account Untested)']);
  });

  it('a page from before the fields keeps the report’s filters when it saves', () => {
    const { call, context } = withConnections();
    saveReportFromForm(call, context, { ...NETWORK_FORM, affiliateIds: '21', search: 'Acme' });
    const { affiliateIds: _ids, search: _search, ...older } = { ...NETWORK_FORM, id: 'unpaid-invoices', name: 'Renamed' };
    const [report] = saveReportFromForm(call, context, older).reports;
    expect(report).toMatchObject({ name: 'Renamed', filtersText: 'Status unpaid, affiliates 21, search "Acme" (account Network)' });
  });
});
