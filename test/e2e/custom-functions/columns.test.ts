/**
 * Every column of every custom function, through the built bundle, against the fake API's records,
 * in spreadsheets set to three time zones: period bounds must show Everflow's wall clock in each,
 * instants must be the same moment in each.
 */
import { QUIRKS_OFF, type FakeInvoice } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { invoicesCovering } from '../support/coverage';
import {
  comparable,
  fakeFiltered,
  invoiceRow,
  invoicesRow,
  lineRows,
  paymentRows,
  pickColumns,
  summaryRows,
  table,
  type ExpectedRow,
  type FunctionName,
} from '../support/expected';
import { clearCachedData, column, fakeApi, gridOf, measure } from '../support/harness';
import { wallClockText } from '../support/time';


/** 60 seeded invoices hold every shape the columns must render (checked below). */
const INVOICE_COUNT = 60;

describe.each(['America/New_York', 'Asia/Tokyo', 'UTC'])('in a spreadsheet set to %s', (sheetTimeZone) => {
  let harness: AddOnHarness;
  let records: FakeInvoice[];
  let picked: FakeInvoice[];
  let pickedIds: number[];
  let nowMs: number;

  beforeAll(async () => {
    harness = await AddOnHarness.start({ api: { invoiceCount: INVOICE_COUNT, quirks: QUIRKS_OFF }, spreadsheetTimeZone: sheetTimeZone });
    records = await fakeApi(harness).invoices();
    nowMs = harness.clock.now();
    const covering = invoicesCovering(records, nowMs);
    expect(covering.missing).toEqual([]);
    picked = covering.picked;
    pickedIds = picked.map((invoice) => invoice.id);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const grid = (name: string, ...args: unknown[]) => comparable(gridOf(harness.formula(name, ...args)), sheetTimeZone);

  it('EFLOW_INVOICES: every column of every invoice', () => {
    expect(grid('EFLOW_INVOICES')).toEqual(table('EFLOW_INVOICES', records.map((invoice) => invoicesRow(invoice, nowMs))));
  });

  it('period bounds are Dates whose wall clock in the spreadsheet\'s zone is Everflow\'s, created/updated the exact moments', () => {
    const [header = [], ...rows] = gridOf(harness.formula('EFLOW_INVOICES'));
    const at = (name: string): number => header.indexOf(name);
    rows.forEach((row, index) => {
      const invoice = records[index] as FakeInvoice;
      const start = row[at('Period start')];
      const end = row[at('Period end')];
      const created = row[at('Created')];
      const updated = row[at('Updated')];
      if (!(start instanceof Date && end instanceof Date && created instanceof Date && updated instanceof Date)) throw new Error(`row ${index + 1}: dates expected`);
      expect([wallClockText(start.getTime(), sheetTimeZone), wallClockText(end.getTime(), sheetTimeZone)]).toEqual([invoice.startTime, invoice.endTime]);
      expect([created.getTime(), updated.getTime()]).toEqual([invoice.timeCreated * 1000, invoice.timeSaved * 1000]);
    });
  });

  it('time zone: the IANA name of a known Everflow zone, the raw id of an unknown one', () => {
    const zones = new Map(grid('EFLOW_INVOICES').slice(1).map((row) => [row[0], row[4]]));
    const unknown = picked.find((invoice) => invoice.timezoneId === 999);
    const newYork = records.find((invoice) => invoice.timezoneId === 80);
    expect(zones.get(unknown?.id ?? -1)).toBe('999');
    expect(zones.get(newYork?.id ?? -1)).toBe('America/New_York');
  });

  it('EFLOW_INVOICE: every column, lines of extra periods counted and totalled', () => {
    for (const invoice of picked) {
      expect(grid('EFLOW_INVOICE', invoice.id)).toEqual(table('EFLOW_INVOICE', [invoiceRow(invoice)]));
    }
  });

  it('EFLOW_INVOICE_LINES: every column of every line, each extra-period line once with its period id', () => {
    const rows = grid('EFLOW_INVOICE_LINES', column(pickedIds));
    expect(rows).toEqual(table('EFLOW_INVOICE_LINES', picked.flatMap(lineRows)));
    const lineIds = rows.slice(1).map((row) => row[1]);
    expect(new Set(lineIds).size).toBe(lineIds.length);
    const periodLines = picked.flatMap((invoice) => invoice.extraPeriods.flatMap((period) => period.lines.map((line) => [line.id, period.id])));
    expect(periodLines.length).toBeGreaterThanOrEqual(3);
    expect(rows.slice(1).filter((row) => row[11] !== '').map((row) => [row[1], row[11]])).toEqual(periodLines);
  });

  it.each([
    ['referral', 'referral'],
    ['VAT', 'vat'],
    ['Offer Detail', 'offer_detail'],
    ['adjustment', 'adjustment'],
  ])('EFLOW_INVOICE_LINES with type %j: only lines of type %s', (typed, type) => {
    const expected = picked.flatMap(lineRows).filter((row) => row[2] === type);
    expect(expected.length).toBeGreaterThan(0);
    expect(grid('EFLOW_INVOICE_LINES', column(pickedIds), typed)).toEqual(table('EFLOW_INVOICE_LINES', expected));
  });

  it('EFLOW_INVOICE_PAYMENTS: every column of every payment', () => {
    expect(grid('EFLOW_INVOICE_PAYMENTS', pickedIds.join(', '))).toEqual(table('EFLOW_INVOICE_PAYMENTS', picked.flatMap(paymentRows)));
  });

  it('EFLOW_INVOICE_SUMMARY: exact per-currency sums, overdue balance included', () => {
    const rows = grid('EFLOW_INVOICE_SUMMARY');
    expect(rows).toEqual(table('EFLOW_INVOICE_SUMMARY', summaryRows(records, nowMs)));
    expect(rows.slice(1).some((row) => typeof row[5] === 'number' && row[5] > 0)).toBe(true);
  });

  it('EFLOW_INVOICE_SUMMARY with filters sums what the fake matches', () => {
    const filtered = fakeFiltered(records, { status: 'unpaid', minStartDate: '2026-01-01', maxEndDate: '2026-10-31' });
    expect(filtered.length).toBeGreaterThan(0);
    expect(grid('EFLOW_INVOICE_SUMMARY', 'unpaid', '2026-01-01', '2026-10-31')).toEqual(table('EFLOW_INVOICE_SUMMARY', summaryRows(filtered, nowMs)));
  });

  it('detail functions answer from the details already fetched', async () => {
    const { fetches } = await measure(harness, () => {
      for (const invoice of picked) harness.formula('EFLOW_INVOICE', invoice.id);
      harness.formula('EFLOW_INVOICE_PAYMENTS', column(pickedIds));
    });
    expect(fetches).toBe(0);
  });
});

describe('fields bent the ways the reference warns about', () => {
  let harness: AddOnHarness;
  let records: FakeInvoice[];
  let ids: number[];
  const sheetTimeZone = 'America/New_York';

  beforeAll(async () => {
    harness = await AddOnHarness.start({ api: { invoiceCount: 30, quirks: { ...QUIRKS_OFF, numbersAsStrings: 1, extraFields: 1 } }, spreadsheetTimeZone: sheetTimeZone });
    records = await fakeApi(harness).invoices();
    ids = records.map((invoice) => invoice.id);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const grid = (name: string, ...args: unknown[]) => comparable(gridOf(harness.formula(name, ...args)), sheetTimeZone);
  /** A fresh read of every record under the quirks now configured. */
  const reconfigure = async (quirks: Partial<typeof QUIRKS_OFF>): Promise<void> => {
    await fakeApi(harness).configure({ quirks: { ...QUIRKS_OFF, ...quirks } });
    clearCachedData(harness);
  };

  it('numbers sent as strings and unknown fields change no cell', () => {
    const nowMs = harness.clock.now();
    expect(grid('EFLOW_INVOICES')).toEqual(table('EFLOW_INVOICES', records.map((invoice) => invoicesRow(invoice, nowMs))));
    expect(grid('EFLOW_INVOICE_LINES', column(ids))).toEqual(table('EFLOW_INVOICE_LINES', records.flatMap(lineRows)));
    expect(grid('EFLOW_INVOICE_PAYMENTS', column(ids))).toEqual(table('EFLOW_INVOICE_PAYMENTS', records.flatMap(paymentRows)));
  });

  it('missing and null optional fields leave blanks, never a failure; ids, statuses and amounts stay exact', async () => {
    await reconfigure({ nullOptionals: 1 });
    const nowMs = harness.clock.now();
    const exact = (name: FunctionName, args: unknown[], expected: ExpectedRow[], columns: readonly string[]) =>
      expect(pickColumns(grid(name, ...args), columns)).toEqual(pickColumns(table(name, expected), columns));
    exact('EFLOW_INVOICES', [], records.map((invoice) => invoicesRow(invoice, nowMs)), ['Invoice ID', 'Status', 'Currency', 'Billed', 'Paid', 'Balance']);
    exact('EFLOW_INVOICE_LINES', [column(ids)], records.flatMap(lineRows), ['Invoice ID', 'Line ID', 'Type', 'Amount', 'Currency', 'Amount (invoice currency)']);
    exact('EFLOW_INVOICE_PAYMENTS', [column(ids)], records.flatMap(paymentRows), ['Invoice ID', 'Payment ID', 'Status', 'Amount', 'Currency']);
    // Overdue balance is left out: it depends on payment terms, which may be among the fields left out.
    exact('EFLOW_INVOICE_SUMMARY', [], summaryRows(records, nowMs), ['Currency', 'Invoices', 'Billed', 'Paid', 'Balance']);
  });

  // Everflow's OpenAPI page shows period times as "…T05:31:56Z"; the add-on reads the digits as the
  // invoice's wall clock, as the list shows the same period (src/provider/everflow/normalize.ts).
  it('period times in ISO form on invoice details show the same wall clock as the list', async () => {
    await reconfigure({ isoPeriodTimes: 1 });
    const invoice = records.find((candidate) => candidate.timezoneId === 80) as FakeInvoice;
    const listed = grid('EFLOW_INVOICES').find((row) => row[0] === invoice.id);
    const detail = grid('EFLOW_INVOICE', invoice.id)[1];
    expect([detail?.[3], detail?.[4]]).toEqual([listed?.[2], listed?.[3]]);
    expect([detail?.[3], detail?.[4]]).toEqual([invoice.startTime, invoice.endTime]);
  });
});
