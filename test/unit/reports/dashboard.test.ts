import { dashboardGrid as gridOf, planCellWrites, type DashboardGrid } from '../../../src/app/reports/dashboard';
import type { Connection } from '../../../src/app/connections';
import { dashboardConnection, newDashboard } from '../../../src/app/reports/new-dashboard';
import { everflowReceivables } from '../../../src/app/tables/everflow/receivables';
import type { EverflowInvoiceListItem } from '../../../src/model/invoice';
import type { CalendarDate } from '../../../src/sheet/calendar-date';
import { dateFormatsOf } from '../../../src/sheet/date-formats';
import { context, listItem, wall } from '../sheet/fixtures';

const ctx = { ...context('Europe/Paris', Date.UTC(2024, 11, 15, 12)), dateFormats: dateFormatsOf('en_US') };
const asOf = { year: 2024, month: 12, day: 15 };
const dashboardGrid = (invoices: EverflowInvoiceListItem[], day: CalendarDate, shape: typeof ctx): DashboardGrid => gridOf(everflowReceivables(invoices), day, shape);

/** The sheet as it holds a grid once written: values and formats, as read back. */
function written(grid: DashboardGrid): { values: Array<Array<string | number | boolean | Date>>; formats: string[][] } {
  return { values: grid.rows.map((row) => row.map((cell) => cell.value)), formats: grid.rows.map((row) => row.map((cell) => cell.format ?? 'General')) };
}

describe('dashboardGrid', () => {
  it('lays out the title, the aging, the weeks and the largest overdue, and where the charts read', () => {
    const grid = dashboardGrid([listItem({ id: 1 }), listItem({ id: 2, currency: 'EUR', balance: 7, periodEnd: wall(2024, 12, 20), paymentTermsDays: 0 })], asOf, ctx);
    const firstColumn = grid.rows.map((row) => row[0]?.value);
    expect(firstColumn.slice(0, 7)).toEqual(['Receivables dashboard', '', 'Aging: unpaid balances by days past due, per currency', 'Currency', 'EUR', 'USD', '']);
    expect(grid.agingChartRange).toEqual({ row: 4, column: 1, rows: 3, columns: 7 });
    expect(grid.rows[grid.dueChartRange.row - 1]?.map((cell) => cell.value)).toEqual(['Week of', 'EUR', 'USD', '', '', '', '', '']);
    expect(grid.dueChartRange).toMatchObject({ column: 1, rows: 10, columns: 3 });
    // Sunday the 15th is in the week of Monday the 9th; EUR 7 due Friday the 20th is in the next one.
    expect(grid.rows[grid.dueChartRange.row + 1]?.slice(1, 3).map((cell) => cell.value)).toEqual([7, 0]);
    expect(grid.rows.at(-1)?.slice(0, 3).map((cell) => cell.value)).toEqual(['USD', 1, 150.25]);
  });
});

describe('planCellWrites', () => {
  const before = dashboardGrid([listItem({ id: 1 }), listItem({ id: 2, balance: 10 })], asOf, ctx);

  it('writes every cell of an empty sheet, one write per row run', () => {
    const writes = planCellWrites([], [], before.rows);
    expect(writes.flatMap((write) => write.values)).toHaveLength(before.rows.flat().filter((cell) => cell.value !== '').length);
  });

  it('writes nothing when the sheet already shows the grid', () => {
    const sheet = written(before);
    expect(planCellWrites(sheet.values, sheet.formats, before.rows)).toEqual([]);
  });

  it('writes only the changed cells, and empties what the grid no longer uses', () => {
    const sheet = written(before);
    const after = dashboardGrid([listItem({ id: 1 })], asOf, ctx);
    const writes = planCellWrites(sheet.values, sheet.formats, after.rows);
    // The USD aging row: 1–30 days and Total unpaid (160.25 -> 150.25); the second overdue row emptied.
    const agingRow = after.agingChartRange.row + 1;
    expect(writes.filter((write) => write.row === agingRow)).toEqual([
      { row: agingRow, column: 3, values: [150.25], formats: ['#,##0.00 [$USD]'] },
      { row: agingRow, column: 8, values: [150.25], formats: ['#,##0.00 [$USD]'] },
    ]);
    const lastRow = before.rows.length;
    expect(writes.filter((write) => write.row === lastRow)).toEqual([{ row: lastRow, column: 1, values: ['', '', '', '', ''], formats: ['@', '0', '#,##0.00 [$USD]', 'm/d/yyyy', '#,##0'] }]);
  });
});

describe('newDashboard and dashboardConnection (the menu item)', () => {
  const everflow = (id: string, name: string): Connection => ({ id, name, provider: 'everflow', region: 'us' });
  const affise = (id: string, name: string): Connection => ({ id, name, provider: 'affise', host: 'https://api-demo.affise.com' });

  it('adds a daily dashboard on a sheet of its own, reading the only connection there is', () => {
    const only = [everflow('c1', 'Everflow')];
    expect(newDashboard(['receivables-dashboard'], ['Receivables dashboard'], only, dashboardConnection(only, 'everflow'))).toEqual({
      id: 'receivables-dashboard-2',
      name: 'Receivables dashboard 2',
      kind: 'dashboard',
      sheet: 'Receivables dashboard 2',
      mode: 'replace',
      schedule: { frequency: 'daily', hour: 6 },
    });
    const network = affise('c9', 'Network');
    expect(dashboardConnection([network], null)).toBe(network);
    expect(newDashboard([], [], [network], network)).toMatchObject({ kind: 'affise-dashboard', sheet: 'Receivables dashboard' });
    expect(newDashboard([], [], [network], network)).not.toHaveProperty('account');
  });

  it('with several connections, Everflow and Affise alike, takes the one named (any case), naming it when its provider has several', () => {
    const all = [everflow('c1', 'Partner'), everflow('c2', 'Agency'), affise('c9', 'Network')];
    expect(dashboardConnection(all, null)).toBeNull();
    expect(dashboardConnection(all, ' network ')).toBe(all[2]);
    expect(newDashboard([], [], all, dashboardConnection(all, 'NETWORK'))).toMatchObject({ kind: 'affise-dashboard' });
    expect(newDashboard([], [], all, dashboardConnection(all, 'NETWORK'))).not.toHaveProperty('account');
    expect(newDashboard([], [], all, dashboardConnection(all, 'agency'))).toMatchObject({ kind: 'dashboard', account: 'Agency' });
  });

  it('says which names there are when the name typed is none of them, and what to do with no connection', () => {
    const all = [everflow('c1', 'Partner'), affise('c9', 'Network')];
    expect(() => dashboardConnection(all, 'Nope')).toThrow('No dashboard was added: no connection is named "Nope". Your connections: "Partner" (Everflow), "Network" (Affise).');
    expect(() => dashboardConnection(all, '')).toThrow('no connection is named "".');
    expect(() => dashboardConnection([], null)).toThrow(/^No connection is set up\. Add one in the sidebar/);
  });
});
