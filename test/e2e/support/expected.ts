/**
 * What each custom function should show, computed from the fake API's own records (integer cents,
 * wall-clock strings, unix seconds) without any code from src/, so the bundle is checked against
 * an independent reading of the spec.
 */
import type { PlainCell } from '../../../test-support/emulator/emulator';
import { matchesFilter, type InvoiceFilter } from '../../../test-support/fake-everflow/filters';
import { allLines, centsToAmount, invoiceTotals, type FakeInvoice } from '../../../test-support/fake-everflow';
import { dayNumber, dayText, everflowZoneName, wallClockText } from './time';

/** The columns of each function, as issue 2 lists them. */
export const COLUMNS = {
  EFLOW_INVOICES: [
    'Invoice ID', 'Status', 'Period start', 'Period end', 'Time zone', 'Currency', 'Billed', 'Paid', 'Balance',
    'Payment terms', 'Due date', 'Days overdue', 'Notes', 'Created', 'Updated',
  ],
  EFLOW_INVOICE: [
    'Invoice ID', 'Affiliate ID', 'Status', 'Period start', 'Period end', 'Time zone', 'Currency', 'Balance',
    'Line items', 'Lines total', 'Payments', 'Notes', 'Created', 'Updated',
  ],
  EFLOW_INVOICE_LINES: [
    'Invoice ID', 'Line ID', 'Type', 'Offer ID', 'Offer', 'Quantity', 'Amount', 'Currency', 'Amount (invoice currency)',
    'Referred affiliate ID', 'Referred affiliate', 'Extra period ID', 'Notes', 'Created',
  ],
  EFLOW_INVOICE_PAYMENTS: [
    'Invoice ID', 'Payment ID', 'Status', 'Method', 'Amount', 'Currency', 'Paid on', 'Payee amount', 'Payee fee',
    'Payee currency', 'Approved', 'Completed', 'Notes',
  ],
  EFLOW_INVOICE_SUMMARY: ['Currency', 'Invoices', 'Billed', 'Paid', 'Balance', 'Overdue balance'],
  EFLOW_INVOICE_AGING: ['Currency', 'Not yet due', '1–30 days', '31–60 days', '61–90 days', 'Over 90 days', 'No due date', 'Total unpaid'],
} as const;

export type FunctionName = keyof typeof COLUMNS;

/** Columns holding a wall clock (shown as Everflow shows it) or a calendar day. */
const WALL_CLOCK_COLUMNS: ReadonlySet<string> = new Set(['Period start', 'Period end', 'Due date']);
/** Columns holding a real moment. */
const INSTANT_COLUMNS: ReadonlySet<string> = new Set(['Created', 'Updated', 'Paid on', 'Approved', 'Completed']);

type ComparableCell = string | number | boolean | null;

/**
 * A table as compared: wall-clock and date columns as "YYYY-MM-DD HH:MM:SS" read in the
 * spreadsheet's zone (what Sheets displays), instant columns as ISO-8601 UTC (the moment itself),
 * blank cells as ''. Anything else where a Date belongs (or a Date elsewhere) stays visibly wrong.
 */
export function comparable(grid: PlainCell[][], sheetTimeZone: string): ComparableCell[][] {
  const [header = [], ...rows] = grid;
  const names = header.map(String);
  return [
    header.map((cell) => (cell instanceof Date ? `unexpected Date ${cell.toISOString()}` : cell)),
    ...rows.map((row) =>
      row.map((cell, index): ComparableCell => {
        const column = names[index] ?? '';
        const dateColumn = WALL_CLOCK_COLUMNS.has(column) || INSTANT_COLUMNS.has(column);
        if (cell instanceof Date) {
          if (WALL_CLOCK_COLUMNS.has(column)) return wallClockText(cell.getTime(), sheetTimeZone);
          if (INSTANT_COLUMNS.has(column)) return cell.toISOString();
          return `unexpected Date ${cell.toISOString()}`;
        }
        if (dateColumn && cell !== '') return `not a Date: ${JSON.stringify(cell)}`;
        return cell;
      }),
    ),
  ];
}

export type ExpectedRow = Array<string | number>;

/** Unix seconds as the comparable form of an instant cell; null (never) is blank. */
function instant(seconds: number | null): string {
  return seconds === null || seconds <= 0 ? '' : new Date(seconds * 1000).toISOString();
}

const amount = centsToAmount;

/** Sheets refuses a cell of more than 50,000 characters: longer text is cut to fit, with a note saying so. */
const MAX_CELL_CHARS = 50_000;
const SHORTENED = '… [shortened: Sheets holds at most 50,000 characters in a cell]';

function cellText(value: string): string {
  return value.length <= MAX_CELL_CHARS ? value : value.slice(0, MAX_CELL_CHARS - SHORTENED.length) + SHORTENED;
}

function zoneLabel(timezoneId: number): string {
  return everflowZoneName(timezoneId) ?? String(timezoneId);
}

/** "Net N" terms give N days, "Due on receipt" none (due when the period ends); anything else (or none) has no due date. */
function termsDays(terms: string | null): number | null {
  if (terms === 'Due on receipt') return 0;
  const match = terms === null ? null : /^Net (\d+)$/.exec(terms);
  return match ? Number(match[1]) : null;
}

/** Period end's day plus the terms' days, at 00:00. */
function dueDateText(invoice: FakeInvoice): string {
  const days = termsDays(invoice.paymentTerms);
  return days === null ? '' : `${dayText(dayNumber(invoice.endTime) + days)} 00:00:00`;
}

/** Whole days past due, counted in the invoice's own zone (UTC when unknown), for unpaid invoices still owing. */
export function daysOverdue(invoice: FakeInvoice, nowMs: number): number {
  const days = termsDays(invoice.paymentTerms);
  const { status, balanceCents } = invoiceTotals(invoice);
  if (days === null || status !== 'unpaid' || balanceCents <= 0) return 0;
  const today = dayNumber(wallClockText(nowMs, everflowZoneName(invoice.timezoneId) ?? 'UTC'));
  return Math.max(0, today - (dayNumber(invoice.endTime) + days));
}

export function invoicesRow(invoice: FakeInvoice, nowMs: number): ExpectedRow {
  const totals = invoiceTotals(invoice);
  return [
    invoice.id,
    totals.status,
    invoice.startTime,
    invoice.endTime,
    zoneLabel(invoice.timezoneId),
    invoice.currency,
    amount(totals.billedCents),
    amount(totals.paidCents),
    amount(totals.balanceCents),
    invoice.paymentTerms ?? '',
    dueDateText(invoice),
    daysOverdue(invoice, nowMs),
    cellText(invoice.notes),
    instant(invoice.timeCreated),
    instant(invoice.timeSaved),
  ];
}

export function invoiceRow(invoice: FakeInvoice): ExpectedRow {
  const totals = invoiceTotals(invoice);
  const lines = allLines(invoice);
  return [
    invoice.id,
    invoice.affiliateId,
    totals.status,
    invoice.startTime,
    invoice.endTime,
    zoneLabel(invoice.timezoneId),
    invoice.currency,
    amount(totals.balanceCents),
    lines.length,
    amount(lines.reduce((sum, line) => sum + line.invoiceCurrencyAmountCents, 0)),
    invoice.payments.length,
    cellText(invoice.notes),
    instant(invoice.timeCreated),
    instant(invoice.timeSaved),
  ];
}

export function lineRows(invoice: FakeInvoice): ExpectedRow[] {
  return allLines(invoice).map((line) => [
    line.invoiceId,
    line.id,
    line.type,
    line.offerId,
    cellText(line.offerName),
    line.quantity,
    amount(line.amountCents),
    line.currency,
    amount(line.invoiceCurrencyAmountCents),
    line.referredAffiliate?.id ?? '',
    line.referredAffiliate?.name ?? '',
    line.extraPeriodId ?? '',
    cellText(line.notes),
    instant(line.timeCreated),
  ]);
}

export function paymentRows(invoice: FakeInvoice): ExpectedRow[] {
  return invoice.payments.map((payment) => [
    payment.invoiceId,
    payment.id,
    payment.status,
    payment.paymentType,
    amount(payment.amountCents),
    payment.currency,
    instant(payment.unixTimestamp),
    amount(payment.payeeOriginalAmountCents),
    amount(payment.payeeFeeAmountCents),
    payment.payeeCurrency,
    instant(payment.timeApproved),
    instant(payment.timeCompleted),
    cellText(payment.notes),
  ]);
}

/** One row per currency, sorted by code; sums in integer cents, so exact. */
export function summaryRows(invoices: readonly FakeInvoice[], nowMs: number): ExpectedRow[] {
  const byCurrency = new Map<string, { count: number; billed: number; paid: number; balance: number; overdue: number }>();
  for (const invoice of invoices) {
    const totals = invoiceTotals(invoice);
    const sums = byCurrency.get(invoice.currency) ?? { count: 0, billed: 0, paid: 0, balance: 0, overdue: 0 };
    sums.count += 1;
    sums.billed += totals.billedCents;
    sums.paid += totals.paidCents;
    sums.balance += totals.balanceCents;
    if (daysOverdue(invoice, nowMs) > 0) sums.overdue += totals.balanceCents;
    byCurrency.set(invoice.currency, sums);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, sums]) => [currency, sums.count, amount(sums.billed), amount(sums.paid), amount(sums.balance), amount(sums.overdue)]);
}

/** Only the named columns of a table (header row first), in the order named. */
export function pickColumns(rows: ReadonlyArray<ReadonlyArray<unknown>>, names: readonly string[]): unknown[][] {
  const header = (rows[0] ?? []).map(String);
  const indexes = names.map((name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`no column ${name}`);
    return index;
  });
  return rows.map((row) => indexes.map((index) => row[index]));
}

/** Header row plus rows: the whole expected table. */
export function table(name: FunctionName, rows: readonly ExpectedRow[]): Array<ReadonlyArray<string | number>> {
  return [COLUMNS[name], ...rows];
}

/** The invoices the fake itself answers for these list filters, in its order. */
export function fakeFiltered(invoices: readonly FakeInvoice[], filter: InvoiceFilter): FakeInvoice[] {
  return invoices.filter((invoice) => matchesFilter(invoice, filter, ''));
}

/**
 * EFLOW_INVOICE_AGING from the fake's records, in integer cents: unpaid invoices still owing, per
 * currency (sorted), by whole days from their due date (period end's day + Net days) to `asOfDay`.
 */
/**
 * EFLOW_INVOICE_AGING's rows as of a day ("YYYY-MM-DD"), or, given an instant (epoch ms), as of
 * today in each invoice's own zone (UTC when unknown): the due-date rule's today.
 */
export function agingRows(invoices: readonly FakeInvoice[], asOfDayOrNowMs: string | number): ExpectedRow[] {
  const asOfOf = (invoice: FakeInvoice): number =>
    dayNumber(typeof asOfDayOrNowMs === 'string' ? asOfDayOrNowMs : wallClockText(asOfDayOrNowMs, everflowZoneName(invoice.timezoneId) ?? 'UTC'));
  const byCurrency = new Map<string, number[]>();
  for (const invoice of invoices) {
    const { status, balanceCents } = invoiceTotals(invoice);
    if (status !== 'unpaid' || balanceCents <= 0) continue;
    const days = termsDays(invoice.paymentTerms);
    const late = days === null ? null : asOfOf(invoice) - (dayNumber(invoice.endTime) + days);
    const bucket = late === null ? 5 : late <= 0 ? 0 : late <= 30 ? 1 : late <= 60 ? 2 : late <= 90 ? 3 : 4;
    const currency = invoice.currency.toUpperCase();
    const sums = byCurrency.get(currency) ?? [0, 0, 0, 0, 0, 0];
    sums[bucket] = (sums[bucket] ?? 0) + balanceCents;
    byCurrency.set(currency, sums);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, sums]) => [currency, ...sums.map(amount), amount(sums.reduce((total, cents) => total + cents, 0))]);
}
