import type { ReportForm } from '../../../src/app/sidebar/api';
import { ConnectionStore } from '../../../src/app/connections';
import { SidebarInputError } from '../../../src/app/sidebar/input';
import { estimateReportCostFromForm } from '../../../src/app/sidebar/report-cost';
import { EXECUTION_BUDGET_MS } from '../../../src/entry/run';
import { jsonResponse, memoryCall, partnerRealm, ScriptedHttp } from './services';

const FORM: ReportForm = {
  id: '',
  name: 'All lines',
  kind: 'lines',
  status: 'unpaid',
  startDate: '2024-01-01',
  endDate: '',
  minBalance: '',
  maxBalance: '',
  lineType: '',
  sheet: 'Lines',
  mode: 'merge',
  frequency: 'hourly',
  hour: '',
  day: '',
  enabled: true,
};

function setUp(totalCount: number) {
  const http = new ScriptedHttp(partnerRealm(() => jsonResponse(200, { invoices: [], paging: { page: 1, page_size: 1, total_count: totalCount } })));
  const call = memoryCall(http);
  // As Test connection leaves it: the key's role in its record, so the estimate costs one request.
  call.userProperties.set('connections', JSON.stringify({ version: 2, connections: [{ id: 'c1', name: 'Everflow', provider: 'everflow', region: 'us', role: 'affiliate' }] }));
  call.userProperties.set('connection.c1.apiKey', 'affiliate-key-123456');
  return { call, http };
}

describe('the report form cost estimate', () => {
  it("asks for one invoice with the report's filters and estimates from the total", () => {
    const { call, http } = setUp(10_000);
    const view = estimateReportCostFromForm(call, FORM, EXECUTION_BUDGET_MS);
    expect(http.requests).toHaveLength(1);
    expect(http.requests[0]?.url).toMatch(/invoicestable\?page=1&page_size=1$/);
    expect(JSON.parse(http.requests[0]?.body ?? '{}')).toEqual({ filters: { affiliate_invoice_status: 'unpaid', min_start_time: '2024-01-01' } });
    expect(view).toMatchObject({ invoices: 10_000, requests: 10_040, executions: 8, triggerMinutes: 36, level: 'note' });
    expect(view.lines[0]).toMatch(/^About 10,000 invoices match/);
  });

  it('warns past a day of a quota', () => {
    const { call } = setUp(60_000);
    expect(estimateReportCostFromForm(call, FORM, EXECUTION_BUDGET_MS).level).toBe('warning');
  });

  it('checks the form as Save does, and sends nothing for a wrong one', () => {
    const { call, http } = setUp(10);
    expect(() => estimateReportCostFromForm(call, { ...FORM, startDate: '2024-13-01' }, EXECUTION_BUDGET_MS)).toThrow(
      'Period from: "2024-13-01" is not a date. Use a date as YYYY-MM-DD, e.g. "2024-10-01", or leave it empty.',
    );
    expect(() => estimateReportCostFromForm(call, { ...FORM, kind: 'lines', mode: 'history' }, EXECUTION_BUDGET_MS)).toThrow(SidebarInputError);
    expect(() => estimateReportCostFromForm(call, { ...FORM, enabled: 'yes' }, EXECUTION_BUDGET_MS)).toThrow('Enabled: must be true or false');
    expect(() => estimateReportCostFromForm(call, null, EXECUTION_BUDGET_MS)).toThrow(SidebarInputError);
    expect(http.requests).toHaveLength(0);
  });

  it('says to set a key when none is stored', () => {
    const call = memoryCall(new ScriptedHttp(() => jsonResponse(200, {})));
    expect(() => estimateReportCostFromForm(call, FORM, EXECUTION_BUDGET_MS)).toThrow(/No Everflow connection is set up/);
  });
});

describe("an Affise dashboard's cost estimate", () => {
  it('counts the invoices still owed (waiting, partly paid, pending) in one request, and lists them 100 a request every run', () => {
    const http = new ScriptedHttp(() => jsonResponse(200, { status: 1, payments: [], pagination: { page: 1, limit: 1, total: 10_000 } }));
    const call = memoryCall(http);
    new ConnectionStore(call.userProperties).add({ provider: 'affise', name: 'Network', host: 'https://api-acme.affise.com' }, 'affise-key-0123456789abcdef');
    const view = estimateReportCostFromForm(call, { ...FORM, kind: 'affise-dashboard', status: '', mode: 'replace', frequency: 'daily', hour: '6', account: 'Network' }, EXECUTION_BUDGET_MS);
    expect(http.requests).toHaveLength(1);
    const url = decodeURIComponent(http.requests[0]?.url ?? '');
    expect(url).toMatch(/^https:\/\/api-acme\.affise\.com\/3\.1\/payments\?/);
    expect(url).toContain('date_from=2024-01-01');
    expect([...url.matchAll(/status\[\d*\]=(-?\d+)/g)].map((match) => match[1]).sort()).toEqual(['1', '3', '4']);
    expect(view).toMatchObject({ invoices: 10_000, requests: 100, executions: 1, level: 'ok' });
    expect(view.lines).toEqual([
      'About 10,000 invoices match: the first fill takes about 100 requests in 1 execution (0.6 minutes of run time).',
      'Then each day at its schedule: about 100 requests and 0.6 trigger minutes.',
    ]);
  });
});
