import { ArgumentError } from '../../../src/app/arguments';
import { AS_OF } from '../../../src/app/parameters';
import { agingByCurrency as agingOf, dueByWeek as dueOf, largestOverdue as largestOf, mondayOf, shapeAging, spreadsheetToday } from '../../../src/app/tables/aging';
import { everflowReceivables } from '../../../src/app/tables/everflow/receivables';
import { summariseByCurrency } from '../../../src/app/tables/everflow/summary';
import { totalOf } from '../../../src/model/money';
import type { EverflowInvoiceListItem } from '../../../src/model/invoice';
import type { AmountTotal } from '../../../src/model/money';
import type { CalendarDate } from '../../../src/sheet/calendar-date';
import { context, listItem, wall, zone, zones } from './fixtures';

// Everflow's invoices through its receivables rule (unpaid, balance above 0, its due date), then the neutral core.
// Totals as their sums (null: left blank, an amount lacking).
const sums = <K extends string>(totals: Record<K, AmountTotal>): Record<K, number | null> =>
  Object.fromEntries(Object.entries<AmountTotal>(totals).map(([key, total]) => [key, total.sum])) as Record<K, number | null>;
const agingByCurrency = (invoices: EverflowInvoiceListItem[], asOf: CalendarDate) =>
  agingOf(everflowReceivables(invoices), asOf).map((row) => ({ currency: row.currency, buckets: sums(row.buckets), totalUnpaid: row.totalUnpaid.sum }));
const dueByWeek = (invoices: EverflowInvoiceListItem[], asOf: CalendarDate) => {
  const table = dueOf(everflowReceivables(invoices), asOf);
  return { currencies: table.currencies, weeks: table.weeks.map((week) => ({ start: week.start, amounts: week.amounts.map((total) => total.sum) })) };
};
const largestOverdue = (invoices: EverflowInvoiceListItem[], asOf: CalendarDate) => largestOf(everflowReceivables(invoices), asOf);
const shapeInvoiceAging = (invoices: EverflowInvoiceListItem[], asOf: CalendarDate, ctx: Parameters<typeof shapeAging>[2]) => shapeAging(everflowReceivables(invoices), asOf, ctx);

// listItem(): period end 2024-10-31 (Los Angeles), Net 30: due 2024-11-30.
const asOf = { year: 2024, month: 12, day: 15 };

describe('agingByCurrency', () => {
  it('puts each unpaid balance in the bucket of its days past due, per currency, exact to the cent', () => {
    const invoices = [
      listItem({ id: 1, balance: 0.1 }), // 15 days
      listItem({ id: 2, balance: 0.2 }), // 15 days
      listItem({ id: 3, balance: 5, periodEnd: wall(2024, 12, 10), paymentTermsDays: 30 }), // not yet due
      listItem({ id: 4, balance: 7, periodEnd: wall(2024, 11, 15), paymentTermsDays: 0 }), // 30 days: 1-30
      listItem({ id: 5, balance: 11, periodEnd: wall(2024, 11, 14), paymentTermsDays: 0 }), // 31 days
      listItem({ id: 6, balance: 13, periodEnd: wall(2024, 9, 16), paymentTermsDays: 0 }), // 90 days
      listItem({ id: 7, balance: 17, periodEnd: wall(2024, 9, 15), paymentTermsDays: 0 }), // 91 days
      listItem({ id: 8, balance: 19, paymentTerms: 'Upon approval', paymentTermsDays: null }),
      listItem({ id: 9, balance: 23, periodEnd: wall(2024, 12, 15), paymentTermsDays: 0 }), // due today: not yet due
      listItem({ id: 10, balance: 1000, currency: 'eur' }),
      listItem({ id: 11, balance: 50, status: 'paid' }),
      listItem({ id: 12, balance: 0 }),
      listItem({ id: 13, balance: -4 }),
      listItem({ id: 14, balance: 3, currency: null }),
    ];
    expect(agingByCurrency(invoices, asOf)).toEqual([
      {
        currency: 'EUR',
        buckets: { 'Not yet due': 0, '1–30 days': 1000, '31–60 days': 0, '61–90 days': 0, 'Over 90 days': 0, 'No due date': 0 },
        totalUnpaid: 1000,
      },
      {
        currency: 'USD',
        buckets: { 'Not yet due': 28, '1–30 days': 7.3, '31–60 days': 11, '61–90 days': 13, 'Over 90 days': 17, 'No due date': 19 },
        totalUnpaid: 95.3,
      },
      {
        currency: null,
        buckets: { 'Not yet due': 0, '1–30 days': 3, '31–60 days': 0, '61–90 days': 0, 'Over 90 days': 0, 'No due date': 0 },
        totalUnpaid: 3,
      },
    ]);
  });

  it('counts the due date as the invoice\'s own calendar day (period end in its zone)', () => {
    // Period end 2024-11-30 23:59:59 in Tokyo is the 30th there: Net 0 is due the 30th, one day past due on 1 December.
    const tokyo = listItem({ zone: zone('Asia/Tokyo'), periodEnd: wall(2024, 11, 30, 23, 59, 59), paymentTermsDays: 0 });
    expect(agingByCurrency([tokyo], { year: 2024, month: 12, day: 1 })[0]?.buckets['1–30 days']).toBe(150.25);
    expect(agingByCurrency([tokyo], { year: 2024, month: 11, day: 30 })[0]?.buckets['Not yet due']).toBe(150.25);
  });

  it('leaves a bucket and the total blank, not short, when an unpaid balance cannot be read', () => {
    const rows = agingByCurrency([listItem({ id: 1, balance: 10 }), listItem({ id: 2, balance: { unreadable: '12,50' } })], asOf);
    expect(rows[0]?.buckets['1–30 days']).toBeNull();
    expect(rows[0]?.totalUnpaid).toBeNull();
    expect(rows[0]?.buckets['Not yet due']).toBe(0);
  });

  it('shapes the table with its header, and the header alone without unpaid invoices', () => {
    const ctx = context('UTC', 0);
    expect(shapeInvoiceAging([], asOf, ctx)).toEqual([
      ['Currency', 'Not yet due', '1–30 days', '31–60 days', '61–90 days', 'Over 90 days', 'No due date', 'Total unpaid'],
    ]);
    expect(shapeInvoiceAging([listItem()], asOf, ctx)[1]).toEqual(['USD', 0, 150.25, 0, 0, 0, 0, 150.25]);
  });
});

describe('days past due', () => {
  // Net 0, due on the period end's day in the invoice's own zone.
  const dueOn = (id: number, due: [number, number, number], iana: string | null = 'America/Los_Angeles', balance = 1) =>
    listItem({ id, balance, zone: zone(iana), periodEnd: wall(...due, 23, 59, 59), paymentTermsDays: 0 });
  const bucketOf = (invoice: EverflowInvoiceListItem, asOfDay: Parameters<typeof agingOf>[1]): string | undefined => {
    const [row] = agingOf(everflowReceivables([invoice]), asOfDay);
    return Object.entries(row?.buckets ?? {}).find(([, total]) => total.sum !== 0)?.[0];
  };

  it.each([
    [-1, 'Not yet due'],
    [0, 'Not yet due'],
    [1, '1–30 days'],
    [30, '1–30 days'],
    [31, '31–60 days'],
    [60, '31–60 days'],
    [61, '61–90 days'],
    [90, '61–90 days'],
    [91, 'Over 90 days'],
  ])('%i days past due on the as_of day is "%s"', (days, bucket) => {
    // Due 2024-12-15; as_of that many days later (calendar days, whatever the months).
    const invoice = dueOn(1, [2024, 12, 15]);
    const day = new Date(Date.UTC(2024, 11, 15 + days));
    expect(bucketOf(invoice, { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() })).toBe(bucket);
  });

  it("counts to today in each invoice's own zone when as_of is empty, however far the spreadsheet's zone is", () => {
    // 2025-01-14 11:30 UTC: the 15th in Auckland (the spreadsheet), the 14th in Los Angeles, the 14th in Tokyo (20:30).
    const ctx = context('Pacific/Auckland', Date.UTC(2025, 0, 14, 11, 30));
    expect(spreadsheetToday(ctx)).toEqual({ year: 2025, month: 1, day: 15 });
    expect(bucketOf(dueOn(1, [2024, 12, 15]), ctx)).toBe('1–30 days'); // 30 days in Los Angeles (31 in Auckland)
    expect(bucketOf(dueOn(2, [2025, 1, 14]), ctx)).toBe('Not yet due'); // due today in Los Angeles
    expect(bucketOf(dueOn(3, [2025, 1, 13], 'Asia/Tokyo'), ctx)).toBe('1–30 days');
    // An explicit as_of is one calendar day for every invoice.
    expect(bucketOf(dueOn(4, [2024, 12, 15]), { year: 2025, month: 1, day: 15 })).toBe('31–60 days');
    // The same as EFLOW_INVOICES' Days overdue: today in the invoice's zone, UTC when Everflow's zone is unknown.
    expect(largestOf(everflowReceivables([dueOn(5, [2024, 12, 15])]), ctx)[0]?.daysPastDue).toBe(30);
    expect(largestOf(everflowReceivables([dueOn(6, [2024, 12, 15], null)]), ctx)[0]?.daysPastDue).toBe(30);
    expect(largestOf(everflowReceivables([dueOn(7, [2024, 12, 14], null)]), context('Pacific/Auckland', Date.UTC(2025, 0, 13, 23, 59)))[0]?.daysPastDue).toBe(30);
  });

  it("with as_of empty, a currency's overdue buckets add up to EFLOW_INVOICE_SUMMARY's Overdue balance, at any hour, in any zone", () => {
    const zonesUsed = ['Pacific/Honolulu', 'America/Los_Angeles', 'America/New_York', 'UTC', 'Europe/Berlin', 'Asia/Tokyo', 'Pacific/Auckland', null];
    const invoices = Array.from({ length: 64 }, (_, index) =>
      listItem({ id: index + 1, balance: 1 + index / 100, currency: index % 3 === 0 ? 'EUR' : 'USD', zone: zone(zonesUsed[index % zonesUsed.length] ?? null), periodEnd: wall(2024, 12, 1 + (index % 28), 23, 59, 59), paymentTermsDays: 0 }),
    );
    for (let hour = 0; hour < 48; hour += 1) {
      const ctx = context('Pacific/Kiritimati', Date.UTC(2024, 11, 28, hour, 30));
      const overdue = agingOf(everflowReceivables(invoices), ctx).map((row) => [row.currency, totalOf([row.buckets['1–30 days'], row.buckets['31–60 days'], row.buckets['61–90 days'], row.buckets['Over 90 days']].map((total) => total.sum)).sum]);
      expect(overdue).toEqual(summariseByCurrency(invoices, ctx.nowMs, zones).map((row) => [row.currency, row.overdueBalance.sum]));
    }
  });

  it('counts calendar days across daylight-saving changes, on the boundary minute', () => {
    // New York springs forward on 2024-03-10: due 2024-03-09, the 30th day starts at local midnight of 2024-04-08 (04:00 UTC).
    const ny = dueOn(1, [2024, 3, 9], 'America/New_York');
    expect(bucketOf(ny, context('UTC', Date.UTC(2024, 3, 8, 3, 59)))).toBe('1–30 days'); // 23:59 on the 7th: 29 days
    expect(largestOf(everflowReceivables([ny]), context('UTC', Date.UTC(2024, 3, 8, 4, 0)))[0]?.daysPastDue).toBe(30);
    // Berlin falls back on 2024-10-27: due 2024-10-26, day 31 starts at 2024-11-26 00:00 CET (23:00 UTC the 25th).
    const berlin = dueOn(2, [2024, 10, 26], 'Europe/Berlin');
    expect(bucketOf(berlin, context('America/Los_Angeles', Date.UTC(2024, 10, 25, 22, 59)))).toBe('1–30 days');
    expect(bucketOf(berlin, context('America/Los_Angeles', Date.UTC(2024, 10, 25, 23, 0)))).toBe('31–60 days');
    // 90 and 91 days across Sydney's fall-back (2024-04-07): due 2024-01-15, day 91 is 2024-04-15 there.
    const sydney = dueOn(3, [2024, 1, 15], 'Australia/Sydney');
    expect(bucketOf(sydney, context('UTC', Date.UTC(2024, 3, 14, 13, 59)))).toBe('61–90 days'); // 23:59 on the 14th (AEST)
    expect(bucketOf(sydney, context('UTC', Date.UTC(2024, 3, 14, 14, 0)))).toBe('Over 90 days');
  });

  it('sums exactly in each currency\'s minor units: KWD to the fils, JPY in whole yen, never added together', () => {
    const owed = (id: number, currency: string, balance: number) => listItem({ id, currency, balance });
    const invoices = [
      ...Array.from({ length: 1000 }, (_, index) => owed(index + 1, 'KWD', 0.001)),
      owed(2001, 'KWD', 1.001),
      owed(2002, 'KWD', 2.002),
      owed(2003, 'JPY', 1234567),
      owed(2004, 'JPY', 1),
      owed(2005, 'USD', 0.1),
      owed(2006, 'USD', 0.2),
    ];
    const rows = agingByCurrency(invoices, asOf);
    expect(rows.map((row) => [row.currency, row.buckets['1–30 days'], row.totalUnpaid])).toEqual([
      ['JPY', 1234568, 1234568],
      ['KWD', 4.003, 4.003],
      ['USD', 0.3, 0.3],
    ]);
    const ctx = context('UTC', 0);
    expect(shapeInvoiceAging(invoices, asOf, ctx).slice(1).map((row) => row[7])).toEqual([1234568, 4.003, 0.3]);
  });
});

describe('dueByWeek', () => {
  it('sums what is not yet due by the Monday week of its due date, 8 weeks then Later, one column per currency', () => {
    // 2024-12-15 is a Sunday: its week starts Monday 2024-12-09.
    expect(mondayOf(asOf)).toEqual({ year: 2024, month: 12, day: 9 });
    const due = (id: number, dueDay: [number, number, number], balance: number, currency = 'USD') =>
      listItem({ id, balance, currency, periodEnd: wall(...dueDay), paymentTermsDays: 0 });
    const table = dueByWeek(
      [
        due(1, [2024, 12, 15], 1), // today: week 0
        due(2, [2024, 12, 16], 2), // week 1
        due(3, [2024, 12, 22], 0.1), // week 1
        due(4, [2024, 12, 22], 0.2, 'EUR'),
        due(5, [2025, 2, 2], 4), // week 7
        due(6, [2025, 2, 3], 8), // later
        due(7, [2024, 12, 14], 100), // overdue: not here
        listItem({ id: 8, paymentTermsDays: null }), // no due date: not here
      ],
      asOf,
    );
    expect(table.currencies).toEqual(['EUR', 'USD']);
    expect(table.weeks).toHaveLength(9);
    expect(table.weeks[0]).toEqual({ start: { year: 2024, month: 12, day: 9 }, amounts: [0, 1] });
    expect(table.weeks[1]).toEqual({ start: { year: 2024, month: 12, day: 16 }, amounts: [0.2, 2.1] });
    expect(table.weeks[7]).toEqual({ start: { year: 2025, month: 1, day: 27 }, amounts: [0, 4] });
    expect(table.weeks[8]).toEqual({ start: null, amounts: [0, 8] });
  });

  it("with as_of empty, starts on the Monday of the spreadsheet's today, and an invoice whose own today is the day before counts in that week", () => {
    // 2024-12-15 20:00 UTC: Monday the 16th, 09:00, in Auckland (the spreadsheet); Sunday the 15th, 12:00, in Los Angeles.
    const ctx = context('Pacific/Auckland', Date.UTC(2024, 11, 15, 20, 0));
    const dueSunday = listItem({ id: 1, balance: 5, periodEnd: wall(2024, 12, 15), paymentTermsDays: 0 });
    const table = dueOf(everflowReceivables([dueSunday]), ctx);
    expect(table.weeks[0]).toMatchObject({ start: { year: 2024, month: 12, day: 16 } });
    expect(table.weeks.map((week) => week.amounts[0]?.sum)).toEqual([5, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(agingOf(everflowReceivables([dueSunday]), ctx)[0]?.buckets['Not yet due'].sum).toBe(5);
  });
});

describe('largestOverdue', () => {
  it('lists the largest overdue balances per currency, never comparing currencies', () => {
    const invoices = [
      ...Array.from({ length: 12 }, (_, index) => listItem({ id: 100 + index, balance: index + 1 })),
      listItem({ id: 200, balance: 5, currency: 'JPY' }),
      listItem({ id: 201, balance: 999, periodEnd: wall(2024, 12, 31) }), // not yet due
    ];
    const rows = largestOverdue(invoices, asOf);
    expect(rows.map((row) => [row.receivable.currency, row.receivable.id])).toEqual([
      ['JPY', 200],
      ...Array.from({ length: 10 }, (_, index) => ['USD', 111 - index]),
    ]);
    expect(rows[0]).toMatchObject({ dueDate: { year: 2024, month: 11, day: 30 }, daysPastDue: 15 });
  });
});

describe('as_of', () => {
  const ctx = { sheetTimeZone: 'Asia/Tokyo', zones, nowMs: Date.UTC(2024, 11, 14, 16, 0, 0) };
  const forms = 'Use a date cell, text like "2024-10-01" (YYYY-MM-DD) or leave it empty.';

  it('is today when empty (the spreadsheet\'s today is what the dashboard shows as of)', () => {
    // 16:00 UTC on the 14th is already the 15th in Tokyo.
    expect(AS_OF.parse(undefined, ctx)).toBeNull();
    expect(AS_OF.parse('', ctx)).toBeNull();
    expect(spreadsheetToday(ctx)).toEqual({ year: 2024, month: 12, day: 15 });
  });

  it('reads a date cell in the spreadsheet\'s zone, and YYYY-MM-DD text', () => {
    expect(AS_OF.parse(new Date(Date.UTC(2024, 9, 1, 20)), ctx)).toBe('2024-10-02');
    expect(AS_OF.parse(' 2024-02-29 ', ctx)).toBe('2024-02-29');
  });

  it.each([
    ['2023-02-29', `as_of: "2023-02-29" is not a date. ${forms}`],
    ['15/12/2024', `as_of: "15/12/2024" is not a date. ${forms}`],
    ['today', `as_of: "today" is not a date. ${forms}`],
    [45641, `as_of: 45641 is a number, not a date. ${forms}`],
    [false, `as_of: FALSE is not a date. ${forms}`],
    [true, `as_of: TRUE is not a date. ${forms}`],
    ['2024/12/15', `as_of: "2024/12/15" is not a date. ${forms}`],
    ['12/15/2024', `as_of: "12/15/2024" is not a date. ${forms}`],
    ['2024-12-15 10:00', `as_of: "2024-12-15 10:00" is not a date. ${forms}`],
    ['2024-13-01', `as_of: "2024-13-01" is not a date. ${forms}`],
    ['20241215', `as_of: "20241215" is not a date. ${forms}`],
    [-1, `as_of: -1 is a number, not a date. ${forms}`],
    [new Date(Number.NaN), `as_of: an invalid date is not a date. ${forms}`],
    [[['2024-10-01'], ['2024-10-02']], `as_of: a range of 2 rows and 1 column is not a single value. ${forms}`],
  ])('rejects %p', (value, message) => {
    let caught: unknown = null;
    try {
      AS_OF.parse(value, ctx);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ArgumentError);
    expect((caught as ArgumentError).argument).toBe('as_of');
    expect((caught as Error).message).toBe(message);
  });
});
