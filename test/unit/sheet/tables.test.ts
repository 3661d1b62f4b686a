import type { EverflowInvoiceDetail } from '../../../src/model/invoice';
import type { CellValue, ColumnSpec } from '../../../src/sheet/columns';
import { INVOICE_DETAIL_COLUMNS, shapeInvoiceDetails } from '../../../src/app/tables/everflow/invoice';
import { INVOICE_LIST_COLUMNS, shapeInvoiceList } from '../../../src/app/tables/everflow/invoices';
import { INVOICE_LINE_COLUMNS, shapeInvoiceLines } from '../../../src/app/tables/everflow/lines';
import { INVOICE_PAYMENT_COLUMNS, shapeInvoicePayments } from '../../../src/app/tables/everflow/payments';
import { INVOICE_SUMMARY_COLUMNS, shapeInvoiceSummary, summariseByCurrency } from '../../../src/app/tables/everflow/summary';
import { bareLine, bareListItem, barePayment, context, detail, line, listItem, payment, wall, zone, zones } from './fixtures';

/** Ten days after the fixture invoice's due date (2024-11-30) in Los Angeles. */
const NOW_MS = Date.UTC(2024, 11, 10, 12, 0, 0);
const newYork = context('America/New_York', NOW_MS);
const at = (ms: number): Date => new Date(ms);

function headersAndFormats<Row>(columns: ReadonlyArray<ColumnSpec<Row>>): Array<[string, string]> {
  return columns.map((column) => [column.header, column.kind]);
}

function currencies<Row>(columns: ReadonlyArray<ColumnSpec<Row>>, row: Row): Record<string, string | null> {
  return Object.fromEntries(columns.filter((column) => column.currency).map((column) => [column.header, column.currency?.(row) ?? null]));
}

describe('invoices table (EFLOW_INVOICES)', () => {
  it('declares its columns and formats', () => {
    expect(headersAndFormats(INVOICE_LIST_COLUMNS)).toEqual([
      ['Invoice ID', 'id'],
      ['Status', 'text'],
      ['Period start', 'wall-clock'],
      ['Period end', 'wall-clock'],
      ['Time zone', 'text'],
      ['Currency', 'text'],
      ['Billed', 'money'],
      ['Paid', 'money'],
      ['Balance', 'money'],
      ['Payment terms', 'text'],
      ['Due date', 'date'],
      ['Days overdue', 'integer'],
      ['Notes', 'text'],
      ['Created', 'instant'],
      ['Updated', 'instant'],
    ]);
    expect(currencies(INVOICE_LIST_COLUMNS, listItem({ currency: 'GBP' }))).toEqual({ Billed: 'GBP', Paid: 'GBP', Balance: 'GBP' });
  });

  it('fills every column, dates shown as Everflow shows them in a New York spreadsheet', () => {
    expect(shapeInvoiceList([listItem()], newYork)[1]).toEqual([
      1001,
      'unpaid',
      at(Date.UTC(2024, 9, 1, 4, 0, 0)), // 2024-10-01 00:00 EDT
      at(Date.UTC(2024, 10, 1, 3, 59, 59)), // 2024-10-31 23:59:59 EDT
      'America/Los_Angeles',
      'USD',
      200.25,
      50,
      150.25,
      'Net 30',
      at(Date.UTC(2024, 10, 30, 5, 0, 0)), // 2024-11-30 00:00 EST
      10,
      'October traffic',
      at(Date.UTC(2024, 10, 1, 8, 0, 0)),
      at(Date.UTC(2024, 10, 2, 9, 30, 0)),
    ]);
  });

  it.each([
    ['Asia/Tokyo', Date.UTC(2024, 8, 30, 15, 0, 0), Date.UTC(2024, 9, 31, 14, 59, 59), Date.UTC(2024, 10, 29, 15, 0, 0)],
    ['UTC', Date.UTC(2024, 9, 1, 0, 0, 0), Date.UTC(2024, 9, 31, 23, 59, 59), Date.UTC(2024, 10, 30, 0, 0, 0)],
  ])('in a spreadsheet set to %s the period and due date keep their wall clocks', (sheetTimeZone, startMs, endMs, dueMs) => {
    const [, row] = shapeInvoiceList([listItem()], context(sheetTimeZone, NOW_MS));
    expect([row?.[2], row?.[3], row?.[10]]).toEqual([at(startMs), at(endMs), at(dueMs)]);
  });

  it('shows a London invoice across the October switch unchanged, with instants untouched', () => {
    const invoice = listItem({
      zone: zone('Europe/London'),
      periodStart: wall(2024, 10, 27, 0, 0, 0),
      periodEnd: wall(2024, 10, 27, 23, 59, 59),
      paymentTermsDays: 7,
    });
    const [, row] = shapeInvoiceList([invoice], context('Asia/Tokyo', Date.UTC(2024, 10, 5, 12)));
    expect(zones.wallClockAt((row?.[2] as Date).getTime(), 'Asia/Tokyo')).toEqual(wall(2024, 10, 27, 0, 0, 0));
    expect(zones.wallClockAt((row?.[3] as Date).getTime(), 'Asia/Tokyo')).toEqual(wall(2024, 10, 27, 23, 59, 59));
    expect(row?.[10]).toEqual(at(Date.UTC(2024, 10, 2, 15, 0, 0))); // 2024-11-03 00:00 JST
    expect(row?.[11]).toBe(2); // 2024-11-05 in London
    expect(row?.[13]).toEqual(at(Date.UTC(2024, 10, 1, 8, 0, 0)));
  });

  it('leaves missing values blank and days overdue at 0', () => {
    expect(shapeInvoiceList([bareListItem(7)], newYork)[1]).toEqual([7, '', '', '', '', '', '', '', '', '', '', 0, '', '', '']);
  });

  it('shows an unknown zone by its raw id', () => {
    expect(shapeInvoiceList([listItem({ zone: zone(null, '999') })], newYork)[1]?.[4]).toBe('999');
  });

  it('keeps the order given and answers the header alone when nothing matched', () => {
    const rows = shapeInvoiceList([listItem({ id: 3 }), listItem({ id: 1 }), listItem({ id: 2 })], newYork);
    expect(rows.map((row) => row[0])).toEqual(['Invoice ID', 3, 1, 2]);
    expect(shapeInvoiceList([], newYork)).toEqual([INVOICE_LIST_COLUMNS.map((column) => column.header)]);
  });
});

describe('one invoice table (EFLOW_INVOICE)', () => {
  it('declares its columns and formats', () => {
    expect(headersAndFormats(INVOICE_DETAIL_COLUMNS)).toEqual([
      ['Invoice ID', 'id'],
      ['Affiliate ID', 'id'],
      ['Status', 'text'],
      ['Period start', 'wall-clock'],
      ['Period end', 'wall-clock'],
      ['Time zone', 'text'],
      ['Currency', 'text'],
      ['Balance', 'money'],
      ['Line items', 'integer'],
      ['Lines total', 'money'],
      ['Payments', 'integer'],
      ['Notes', 'text'],
      ['Created', 'instant'],
      ['Updated', 'instant'],
    ]);
    expect(currencies(INVOICE_DETAIL_COLUMNS, detail())).toEqual({ Balance: 'USD', 'Lines total': 'USD' });
  });

  it('fills every column, counting extra-period lines', () => {
    expect(shapeInvoiceDetails([detail()], newYork)).toEqual([
      INVOICE_DETAIL_COLUMNS.map((column) => column.header),
      [
        1001,
        314,
        'unpaid',
        at(Date.UTC(2024, 9, 1, 4, 0, 0)),
        at(Date.UTC(2024, 10, 1, 3, 59, 59)),
        'America/Los_Angeles',
        'USD',
        150.25,
        2,
        27.5,
        1,
        'October traffic',
        at(Date.UTC(2024, 10, 1, 8, 0, 0)),
        at(Date.UTC(2024, 10, 2, 9, 30, 0)),
      ],
    ]);
  });

  it('totals lines exactly: 0.1 + 0.2 shows 0.3', () => {
    const invoice = detail({ lines: [line({ invoiceCurrencyAmount: 0.1 }), line({ invoiceCurrencyAmount: 0.2 })] });
    const [, row] = shapeInvoiceDetails([invoice], newYork);
    expect(row?.[8]).toBe(2);
    expect(row?.[9]).toBe(0.3);
  });

  it('never totals fewer lines than it counts: a line without an amount, or an unreadable one, leaves the total as text saying so', () => {
    const invoice = detail({ lines: [line({ invoiceCurrencyAmount: 0.1 }), line({ invoiceCurrencyAmount: 0.2 }), bareLine(1001), line({ invoiceCurrencyAmount: { unreadable: 'n/a' } })] });
    const [, row] = shapeInvoiceDetails([invoice], newYork);
    expect(row?.[8]).toBe(4);
    expect(row?.[9]).toBe('Left blank rather than short: 2 of 4 lines lack a readable amount in the invoice currency.');
  });

  it('totals 10,000 lines of 0.01 to exactly 100', () => {
    const lines = Array.from({ length: 10_000 }, (_, index) => line({ id: index + 1, invoiceCurrencyAmount: 0.01 }));
    expect(lines.reduce((sum, each) => sum + (typeof each.invoiceCurrencyAmount === 'number' ? each.invoiceCurrencyAmount : 0), 0)).not.toBe(100); // the drift being avoided
    expect(shapeInvoiceDetails([detail({ lines })], newYork)[1]?.[9]).toBe(100);
  });

  it('shows an invoice with nothing but an id', () => {
    const bare: EverflowInvoiceDetail = { ...bareListItem(8), affiliateId: null, lines: [], payments: [] };
    expect(shapeInvoiceDetails([bare], newYork)[1]).toEqual([8, '', '', '', '', '', '', '', 0, 0, 0, '', '', '']);
  });
});

describe('lines table (EFLOW_INVOICE_LINES)', () => {
  it('declares its columns and formats, money per line and per invoice currency', () => {
    expect(headersAndFormats(INVOICE_LINE_COLUMNS)).toEqual([
      ['Invoice ID', 'id'],
      ['Line ID', 'id'],
      ['Type', 'text'],
      ['Offer ID', 'id'],
      ['Offer', 'text'],
      ['Quantity', 'integer'],
      ['Amount', 'money'],
      ['Currency', 'text'],
      ['Amount (invoice currency)', 'money'],
      ['Referred affiliate ID', 'id'],
      ['Referred affiliate', 'text'],
      ['Extra period ID', 'id'],
      ['Notes', 'text'],
      ['Created', 'instant'],
    ]);
    expect(currencies(INVOICE_LINE_COLUMNS, { invoice: detail(), line: line() })).toEqual({ Amount: 'EUR', 'Amount (invoice currency)': 'USD' });
  });

  it('fills every column of every line, extra periods included', () => {
    expect(shapeInvoiceLines([detail()], newYork).slice(1)).toEqual([
      [1001, 501, 'referral', 77, 'Spring Sale', 3, 12.5, 'EUR', 13.75, 4242, 'Acme Media', '', 'referral bonus', at(Date.UTC(2024, 10, 1, 10, 0, 0))],
      [1001, 502, 'offer_detail', 77, 'Spring Sale', 3, 12.5, 'EUR', 13.75, '', '', 61, 'referral bonus', at(Date.UTC(2024, 10, 1, 10, 0, 0))],
    ]);
  });

  it('joins the lines of several invoices in order and blanks what is missing', () => {
    const rows = shapeInvoiceLines([detail({ id: 1, lines: [line({ invoiceId: 1 })] }), detail({ id: 2, lines: [bareLine(2)] })], newYork);
    expect(rows.map((row) => row[0])).toEqual(['Invoice ID', 1, 2]);
    expect(rows[2]).toEqual([2, '', '', '', '', '', '', '', '', '', '', '', '', '']);
  });

  it.each([
    [null, [501, 502, 503]],
    ['referral', [501, 503]],
    ['REFERRAL', [501, 503]],
    [' Offer_Detail ', [502]],
    ['vat', []],
  ])('filters on type %j, case-insensitively', (lineType, expectedIds) => {
    const invoice = detail({ lines: [line({ id: 501 }), line({ id: 502, type: 'offer_detail' }), line({ id: 503, type: 'Referral' })] });
    const rows = shapeInvoiceLines([invoice], newYork, lineType);
    expect(rows.slice(1).map((row) => row[1])).toEqual(expectedIds);
    expect(rows[0]).toEqual(INVOICE_LINE_COLUMNS.map((column) => column.header));
  });
});

describe('payments table (EFLOW_INVOICE_PAYMENTS)', () => {
  it('declares its columns and formats', () => {
    expect(headersAndFormats(INVOICE_PAYMENT_COLUMNS)).toEqual([
      ['Invoice ID', 'id'],
      ['Payment ID', 'id'],
      ['Status', 'text'],
      ['Method', 'text'],
      ['Amount', 'money'],
      ['Currency', 'text'],
      ['Paid on', 'instant'],
      ['Payee amount', 'money'],
      ['Payee fee', 'money'],
      ['Payee currency', 'text'],
      ['Approved', 'instant'],
      ['Completed', 'instant'],
      ['Notes', 'text'],
    ]);
    expect(currencies(INVOICE_PAYMENT_COLUMNS, payment())).toEqual({ Amount: 'USD', 'Payee amount': 'EUR', 'Payee fee': 'EUR' });
  });

  it('fills every column', () => {
    expect(shapeInvoicePayments([detail()], newYork)[1]).toEqual([
      1001,
      9001,
      'completed',
      'wire',
      50,
      'USD',
      at(Date.UTC(2024, 11, 5, 15, 0, 0)),
      45.5,
      4.5,
      'EUR',
      at(Date.UTC(2024, 11, 4, 12, 0, 0)),
      at(Date.UTC(2024, 11, 6, 9, 0, 0)),
      'first instalment',
    ]);
  });

  it('joins payments of several invoices, blanks what is missing, header alone when none', () => {
    const rows = shapeInvoicePayments([detail({ payments: [] }), detail({ id: 2, payments: [barePayment(2), payment({ invoiceId: 2, id: 9002 })] })], newYork);
    expect(rows.slice(1).map((row) => row.slice(0, 2))).toEqual([
      [2, ''],
      [2, 9002],
    ]);
    expect(rows[1]).toEqual([2, '', '', '', '', '', '', '', '', '', '', '', '']);
    expect(shapeInvoicePayments([detail({ payments: [] })], newYork)).toEqual([INVOICE_PAYMENT_COLUMNS.map((column) => column.header)]);
  });
});

describe('summary table (EFLOW_INVOICE_SUMMARY)', () => {
  const invoices = [
    listItem({ id: 1 }), // USD, unpaid, 150.25 owed, 10 days overdue
    listItem({ id: 2, status: 'paid', billed: 0.1, paid: 0.1, balance: 0 }),
    listItem({ id: 3, billed: 0.2, paid: 0, balance: 0.2, periodEnd: wall(2024, 12, 1) }), // due 2024-12-31: not yet
    listItem({ id: 4, currency: 'EUR', billed: 99.99, paid: 0, balance: 99.99 }),
    listItem({ id: 5, currency: ' usd ', billed: 0.7, paid: 0.7, balance: 0 }),
    bareListItem(6),
  ];

  it('declares its columns and formats', () => {
    expect(headersAndFormats(INVOICE_SUMMARY_COLUMNS)).toEqual([
      ['Currency', 'text'],
      ['Invoices', 'integer'],
      ['Billed', 'money'],
      ['Paid', 'money'],
      ['Balance', 'money'],
      ['Overdue balance', 'money'],
    ]);
    const [eur] = summariseByCurrency(invoices, NOW_MS, zones);
    expect(eur && currencies(INVOICE_SUMMARY_COLUMNS, eur)).toEqual({ Billed: 'EUR', Paid: 'EUR', Balance: 'EUR', 'Overdue balance': 'EUR' });
  });

  it('has one row per currency, sorted, with exact sums and the overdue balance', () => {
    expect(shapeInvoiceSummary(invoices, newYork)).toEqual([
      ['Currency', 'Invoices', 'Billed', 'Paid', 'Balance', 'Overdue balance'],
      ['EUR', 1, 99.99, 0, 99.99, 99.99],
      ['USD', 4, 201.25, 50.8, 150.45, 150.25],
      // An invoice with no amounts at all: totals that would leave it out say so instead of showing 0.
      [
        '',
        1,
        'Left blank rather than short: 1 of 1 invoices lack a readable billed amount.',
        'Left blank rather than short: 1 of 1 invoices lack a readable paid amount.',
        'Left blank rather than short: 1 of 1 invoices lack a readable balance.',
        0,
      ],
    ]);
  });

  it('never shows a smaller total: a missing or unreadable amount leaves that total out, overdue ones included', () => {
    const pastDue = { status: 'unpaid', periodEnd: wall(2024, 10, 31, 23, 59, 59), paymentTermsDays: 0 };
    const rows = shapeInvoiceSummary(
      [
        listItem({ ...pastDue, balance: 10, billed: 10, paid: 0 }),
        listItem({ ...pastDue, balance: { unreadable: 'n/a' }, billed: 5, paid: null }),
        listItem({ ...pastDue, balance: 0, billed: 5, paid: 5 }),
      ],
      newYork,
    );
    expect(rows[1]).toEqual([
      'USD',
      3,
      20,
      'Left blank rather than short: 1 of 3 invoices lack a readable paid amount.',
      'Left blank rather than short: 1 of 3 invoices lack a readable balance.',
      'Left blank rather than short: 1 of 2 overdue invoices lack a readable balance.',
    ]);
  });

  it('adds 0.1 and 0.2 to 0.3', () => {
    const rows = shapeInvoiceSummary([listItem({ balance: 0.1, billed: 0.1, paid: 0 }), listItem({ balance: 0.2, billed: 0.2, paid: 0 })], newYork);
    expect(rows[1]).toEqual(['USD', 2, 0.3, 0, 0.3, 0.3]);
  });

  it('answers the header alone with no invoices', () => {
    expect(shapeInvoiceSummary([], newYork)).toEqual([INVOICE_SUMMARY_COLUMNS.map((column) => column.header)]);
  });
});

// Sheets accepts only these four kinds of cell value from a custom function.
it('shapes only strings, numbers, booleans and Dates', () => {
  const cells: CellValue[] = shapeInvoiceList([listItem(), bareListItem(1)], newYork).flat();
  for (const cell of cells) expect(['string', 'number', 'boolean'].includes(typeof cell) || cell instanceof Date).toBe(true);
});
