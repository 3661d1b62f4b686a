import { CUSTOM_FUNCTIONS } from '../../../src/app/custom-functions';
import { saveConnection } from '../../../src/app/sidebar/connection';
import type { HttpRequest } from '../../../src/ports/http';
import { jsonResponse, memoryCall, ScriptedHttp } from '../sidebar/services';

/**
 * EFLOW_INVOICE_SUMMARY with a network key totals the list per currency, always. Everflow's network
 * summary names no currency, and nothing short of the list proves that the invoices it sums share
 * one (a partner may bill in a second currency at any time, after any test), so it is not asked:
 * amounts of different currencies are never added together.
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

/** A network's Everflow whose invoices can change between calls (`rows.push`), with a summary that sums every currency as one. */
function networkEverflow(rows: Array<ReturnType<typeof row>>): ScriptedHttp {
  return new ScriptedHttp((request: HttpRequest) => {
    if (!request.url.includes('/networks/')) return jsonResponse(403, { error: 'Out of realm' });
    const status = (JSON.parse(request.body ?? '{}') as { filters?: { status?: string } }).filters?.status;
    const matching = rows.filter((candidate) => status === undefined || candidate.affiliate_invoice_status === status);
    if (request.url.includes('/summary')) {
      const sum = (field: 'billed' | 'paid' | 'balance') => matching.reduce((total, candidate) => total + candidate[field], 0);
      return jsonResponse(200, { count: matching.length, billed: sum('billed'), paid: sum('paid'), balance: sum('balance') });
    }
    return jsonResponse(200, { invoices: matching, paging: { page: 1, page_size: 2000, total_count: matching.length } });
  });
}

/** A network connection tested (Test connection lists every invoice) against `rows`, and a summary evaluated with the requests it made. */
function testedNetwork(rows: Array<ReturnType<typeof row>>): (args: unknown[]) => { grid: unknown[][]; paths: string[] } {
  const http = networkEverflow(rows);
  const call = memoryCall(http, 'UTC');
  saveConnection(call, null, { provider: 'everflow', name: 'Network', region: 'us', apiKey: 'network-key-0042' });
  return (args) => {
    const before = http.requests.length;
    const grid = summaryFunction?.evaluate(call, args) ?? [];
    return { grid, paths: http.requests.slice(before).map((request) => new URL(request.url).pathname.replace(/^\/v1/, '')) };
  };
}

const HEADER = ['Currency', 'Invoices', 'Billed', 'Paid', 'Balance', 'Overdue balance'];

const LIST_PATH = '/networks/billings/affiliates/invoicestable';

describe('EFLOW_INVOICE_SUMMARY with a network key', () => {
  const oneCurrency = () => [row(1, 'USD', 'paid', 100.1, 100.1), row(2, 'USD', 'paid', 200.2, 200.2), row(3, 'USD', 'unpaid', 50, 0)];

  it.each(['paid', 'deleted', 'unpaid', ''])('status "%s": the list, totalled per currency, never the network summary', (status) => {
    const { grid, paths } = testedNetwork(oneCurrency())([status]);
    expect(paths).toEqual([LIST_PATH]);
    const expected: Record<string, unknown[][]> = {
      paid: [['USD', 2, 300.3, 300.3, 0, 0]],
      deleted: [],
      unpaid: [['USD', 1, 50, 0, 50]],
      '': [['USD', 3, 350.3, 300.3, 50]],
    };
    expect(grid[0]).toEqual(HEADER);
    expect(grid.slice(1).map((cells) => cells.slice(0, status === 'paid' ? 6 : 5))).toEqual(expected[status]);
  });

  it('a second currency billed after Test connection saw only one: totalled apart, never added to the first', () => {
    const rows = oneCurrency();
    const summary = testedNetwork(rows);
    expect(summary(['paid']).grid.slice(1).map((cells) => cells.slice(0, 4))).toEqual([['USD', 2, 300.3, 300.3]]);
    rows.push(row(4, 'EUR', 'paid', 200, 200), row(5, 'EUR', 'paid', 0.5, 0.5));
    const { grid, paths } = summary(['paid', '2026-01-01']);
    expect(paths).toEqual([LIST_PATH]);
    expect(grid.slice(1).map((cells) => cells.slice(0, 4))).toEqual([
      ['EUR', 2, 200.5, 200.5],
      ['USD', 2, 300.3, 300.3],
    ]);
  });

  it('a network of two currencies from the start: the list totalled per currency', () => {
    const { grid, paths } = testedNetwork([row(1, 'USD', 'paid', 100, 100), row(2, 'EUR', 'paid', 200, 200), row(3, 'EUR', 'paid', 0.5, 0.5)])(['paid']);
    expect(paths).toEqual([LIST_PATH]);
    expect(grid.slice(1).map((cells) => cells.slice(0, 4))).toEqual([
      ['EUR', 2, 200.5, 200.5],
      ['USD', 1, 100, 100],
    ]);
  });
});
