import { CUSTOM_FUNCTIONS } from '../../../src/app/custom-functions';
import { saveConnection } from '../../../src/app/sidebar/connection';
import type { HttpRequest } from '../../../src/ports/http';
import { jsonResponse, memoryCall, ScriptedHttp } from '../sidebar/services';

/**
 * EFLOW_INVOICE_SUMMARY with a network key: Everflow's network summary in one request where it
 * answers what is asked (paid or deleted invoices, nothing overdue, of a network whose invoices
 * are in one currency), the list totalled per currency everywhere else: its answer names no
 * currency, and amounts of different currencies are never added together.
 */
const summaryFunction = CUSTOM_FUNCTIONS.find((fn) => fn.name === 'EFLOW_INVOICE_SUMMARY');
if (!summaryFunction) throw new Error('no EFLOW_INVOICE_SUMMARY');

const row = (id: number, currency: string, status: string, billed: number, paid: number) => ({
  network_affiliate_invoice_id: id,
  network_id: 3,
  network_affiliate_id: 20 + id,
  affiliate_invoice_status: status,
  start_time: '2026-01-01 00:00:00',
  end_time: '2026-01-31 23:59:59',
  timezone_id: 67,
  currency_id: currency,
  billed,
  paid,
  balance: billed - paid,
  payment_terms: 30,
});

function networkEverflow(rows: ReadonlyArray<ReturnType<typeof row>>, summary: unknown): ScriptedHttp {
  return new ScriptedHttp((request: HttpRequest) => {
    if (!request.url.includes('/networks/')) return jsonResponse(403, { error: 'Out of realm' });
    if (request.url.includes('/summary')) return jsonResponse(200, summary);
    const status = (JSON.parse(request.body ?? '{}') as { filters?: { status?: string } }).filters?.status;
    const matching = rows.filter((candidate) => status === undefined || candidate.affiliate_invoice_status === status);
    return jsonResponse(200, { invoices: matching, paging: { page: 1, page_size: 2000, total_count: matching.length } });
  });
}

/** A tested network connection (its role and currencies stored), and the requests of one EFLOW_INVOICE_SUMMARY after the test. */
function summaryOf(rows: ReadonlyArray<ReturnType<typeof row>>, summary: unknown, args: unknown[]): { grid: unknown[][]; paths: string[] } {
  const http = networkEverflow(rows, summary);
  const call = memoryCall(http, 'UTC');
  saveConnection(call, null, { provider: 'everflow', name: 'Network', region: 'us', apiKey: 'network-key-0042' });
  const before = http.requests.length;
  const grid = summaryFunction?.evaluate(call, args) ?? [];
  return { grid, paths: http.requests.slice(before).map((request) => new URL(request.url).pathname.replace(/^\/v1/, '')) };
}

const HEADER = ['Currency', 'Invoices', 'Billed', 'Paid', 'Balance', 'Overdue balance'];

describe('EFLOW_INVOICE_SUMMARY with a network key', () => {
  const oneCurrency = [row(1, 'USD', 'paid', 100.1, 100.1), row(2, 'USD', 'paid', 200.2, 200.2), row(3, 'USD', 'unpaid', 50, 0)];

  it.each(['paid', 'deleted'])('status %s of a one-currency network: the network summary, one request, its figures as sent', (status) => {
    const { grid, paths } = summaryOf(oneCurrency, { count: 2, billed: '300.30', paid: 300.3, balance: 0 }, [status]);
    expect(paths).toEqual(['/networks/billings/affiliates/summary']);
    expect(grid).toEqual([HEADER, ['USD', 2, 300.3, 300.3, 0, 0]]);
  });

  it('no invoice matching: the summary’s zero count is an empty table, not a row of zeros', () => {
    const { grid, paths } = summaryOf(oneCurrency, { count: 0, billed: 0, paid: 0, balance: 0 }, ['deleted']);
    expect(paths).toEqual(['/networks/billings/affiliates/summary']);
    expect(grid.slice(1)).toEqual([]);
  });

  it('an end date (read two ways by Everflow’s pages; the list filters its rows exactly, a sum cannot be): the list, totalled', () => {
    const { grid, paths } = summaryOf(oneCurrency, { count: 2, billed: 300.3, paid: 300.3, balance: 0 }, ['paid', '', '2026-01-31']);
    expect(paths).toEqual(['/networks/billings/affiliates/invoicestable']);
    expect(grid[1]?.slice(0, 4)).toEqual(['USD', 2, 300.3, 300.3]);
  });

  it('unpaid or every status (the overdue balance needs due dates): the list, totalled', () => {
    const { grid, paths } = summaryOf(oneCurrency, { count: 1, billed: 50, paid: 0, balance: 50 }, ['unpaid']);
    expect(paths).toEqual(['/networks/billings/affiliates/invoicestable']);
    expect(grid[1]?.slice(0, 5)).toEqual(['USD', 1, 50, 0, 50]);
  });

  it('a network of two currencies: the list totalled per currency, never the summary’s one figure across both', () => {
    const twoCurrencies = [row(1, 'USD', 'paid', 100, 100), row(2, 'EUR', 'paid', 200, 200), row(3, 'EUR', 'paid', 0.5, 0.5)];
    const { grid, paths } = summaryOf(twoCurrencies, { count: 3, billed: 300.5, paid: 300.5, balance: 0 }, ['paid']);
    expect(paths).toEqual(['/networks/billings/affiliates/invoicestable']);
    expect(grid.slice(1).map((cells) => cells.slice(0, 4))).toEqual([
      ['EUR', 2, 200.5, 200.5],
      ['USD', 1, 100, 100],
    ]);
  });

  it('a summary missing a figure is not shown as zero: the list is totalled instead', () => {
    const { grid, paths } = summaryOf(oneCurrency, { count: 2, paid: 300.3, balance: 0 }, ['paid']);
    expect(paths).toEqual(['/networks/billings/affiliates/summary', '/networks/billings/affiliates/invoicestable']);
    expect(grid[1]?.slice(0, 4)).toEqual(['USD', 2, 300.3, 300.3]);
  });
});
