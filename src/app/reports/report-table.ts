import type { EverflowInvoiceDetail, EverflowInvoiceListItem } from '../../model/invoice';
import { textColumn, instantColumn, type CellValue, type ColumnSpec, type ShapeContext } from '../../sheet/columns';
import { AFFISE_INVOICE_COLUMNS, type AffiseInvoiceRow } from '../tables/affise/invoices';
import { AFFISE_LINE_COLUMNS, type AffiseLineRow } from '../tables/affise/lines';
import { AFFISE_SUMMARY_COLUMNS, type AffiseSummaryRow } from '../tables/affise/summary';
import type { DateFormats } from '../../sheet/date-formats';
import { INVOICE_LIST_COLUMNS } from '../tables/everflow/invoices';
import { INVOICE_LINE_COLUMNS, type LineRow } from '../tables/everflow/lines';
import { INVOICE_PAYMENT_COLUMNS } from '../tables/everflow/payments';
import { INVOICE_SUMMARY_COLUMNS, summariseByCurrency } from '../tables/everflow/summary';
import {
  NETWORK_INVOICE_LINE_COLUMNS,
  NETWORK_INVOICE_LIST_COLUMNS,
  NETWORK_INVOICE_PAYMENT_COLUMNS,
  paymentRowColumns,
  type PaymentRow,
} from '../tables/everflow/network-columns';
import type { KeyRole } from '../key-role';
import type { ReportDefinition } from './definition';
import { numberFormatFor, PLAIN_TEXT } from './number-formats';

/** How a report's rows are shaped: the functions' context, and the spreadsheet locale's date formats. */
export interface ReportShapeContext extends ShapeContext {
  dateFormats: DateFormats;
}

/** One row of a report as it goes to the sheet: its cells, each cell's number format, and its invoice. */
export interface ReportRow {
  /** The invoice the row comes from; null for rows of no single invoice (summary). */
  invoiceId: number | null;
  cells: CellValue[];
  formats: string[];
  /** A note per cell ('' for none: why a total is blank); absent when the row's columns never carry one. */
  notes?: string[];
}

/** Where a report's columns are and which identify a row. */
export interface ReportLayout {
  headers: string[];
  /** Index of the column that identifies a row for merge (Invoice ID, Line ID, Payment ID); null when rows have none. */
  keyColumn: number | null;
  /** Index of the Invoice ID column; null when rows belong to no single invoice. */
  invoiceColumn: number | null;
  /** Columns of real moments (a Date shown in the spreadsheet's zone): they move when the zone changes. */
  instantColumns: number[];
}

/** A history row: an invoice as it was when a change was seen. */
export interface HistoryEntry {
  recordedAtMs: number;
  /** "new", "status unpaid → paid, balance 100 → 0", "left the filter". */
  change: string;
  item: EverflowInvoiceListItem;
}

/** A list column read through the history entry's invoice. */
function onItem(column: ColumnSpec<EverflowInvoiceListItem>): ColumnSpec<HistoryEntry> {
  const { currency, note } = column;
  return {
    header: column.header,
    kind: column.kind,
    value: (entry, ctx) => column.value(entry.item, ctx),
    ...(currency ? { currency: (entry: HistoryEntry) => currency(entry.item) } : {}),
    ...(note ? { note: (entry: HistoryEntry) => note(entry.item) } : {}),
  };
}

function historyColumns(listColumns: ReadonlyArray<ColumnSpec<EverflowInvoiceListItem>>): ReadonlyArray<ColumnSpec<HistoryEntry>> {
  return [instantColumn<HistoryEntry>('Recorded at', (entry) => entry.recordedAtMs), textColumn<HistoryEntry>('Change', (entry) => entry.change), ...listColumns.map(onItem)];
}

export const HISTORY_COLUMNS = historyColumns(INVOICE_LIST_COLUMNS);

/**
 * The columns of an Everflow report's rows for its key's role: a network key's add
 * `Affiliate ID | Affiliate` after `Invoice ID` (and the invoice list the network's own fields),
 * as the custom functions do; a partner key's are the partner's tables. Summaries are alike.
 */
interface EverflowReportColumns {
  invoices: ReadonlyArray<ColumnSpec<EverflowInvoiceListItem>>;
  history: ReadonlyArray<ColumnSpec<HistoryEntry>>;
  lines: ReadonlyArray<ColumnSpec<LineRow>>;
  payments: ReadonlyArray<ColumnSpec<PaymentRow>>;
}

const REPORT_COLUMNS: Readonly<Record<KeyRole, EverflowReportColumns>> = {
  affiliate: { invoices: INVOICE_LIST_COLUMNS, history: HISTORY_COLUMNS, lines: INVOICE_LINE_COLUMNS, payments: paymentRowColumns(INVOICE_PAYMENT_COLUMNS) },
  network: {
    invoices: NETWORK_INVOICE_LIST_COLUMNS,
    history: historyColumns(NETWORK_INVOICE_LIST_COLUMNS),
    lines: NETWORK_INVOICE_LINE_COLUMNS,
    payments: NETWORK_INVOICE_PAYMENT_COLUMNS,
  },
};

function layoutOf<Row>(columns: ReadonlyArray<ColumnSpec<Row>>, keyHeader: string | null, invoiceHeader: string | null): ReportLayout {
  const headers = columns.map((column) => column.header);
  const indexOf = (header: string | null): number | null => {
    if (header === null) return null;
    const index = headers.indexOf(header);
    if (index < 0) throw new Error(`The report columns have no "${header}" column.`);
    return index;
  };
  const instantColumns = columns.flatMap((column, index) => (column.kind === 'instant' ? [index] : []));
  return { headers, keyColumn: indexOf(keyHeader), invoiceColumn: indexOf(invoiceHeader), instantColumns };
}

/** An Everflow report's layouts for one role. */
function everflowLayouts(columns: EverflowReportColumns) {
  return {
    invoices: layoutOf(columns.invoices, 'Invoice ID', 'Invoice ID'),
    lines: layoutOf(columns.lines, 'Line ID', 'Invoice ID'),
    payments: layoutOf(columns.payments, 'Payment ID', 'Invoice ID'),
    /** History rows repeat invoices, so no column identifies one. */
    history: layoutOf(columns.history, null, 'Invoice ID'),
  };
}

const EVERFLOW_LAYOUTS = { affiliate: everflowLayouts(REPORT_COLUMNS.affiliate), network: everflowLayouts(REPORT_COLUMNS.network) };
export const INVOICES_LAYOUT = EVERFLOW_LAYOUTS.affiliate.invoices;
export const LINES_LAYOUT = EVERFLOW_LAYOUTS.affiliate.lines;
export const PAYMENTS_LAYOUT = EVERFLOW_LAYOUTS.affiliate.payments;
export const SUMMARY_LAYOUT = layoutOf(INVOICE_SUMMARY_COLUMNS, null, null);
export const HISTORY_LAYOUT = EVERFLOW_LAYOUTS.affiliate.history;
export const AFFISE_INVOICES_LAYOUT = layoutOf(AFFISE_INVOICE_COLUMNS, 'Invoice ID', 'Invoice ID');
/** An Affise line has no id of its own: merge tells an invoice's lines apart by their order. */
export const AFFISE_LINES_LAYOUT = layoutOf(AFFISE_LINE_COLUMNS, null, 'Invoice ID');
export const AFFISE_SUMMARY_LAYOUT = layoutOf(AFFISE_SUMMARY_COLUMNS, null, null);

/** A report's columns; an Everflow report's depend on its key's role (Affise's do not). */
export function layoutOfReport(definition: ReportDefinition, role: KeyRole = 'affiliate'): ReportLayout {
  const everflow = EVERFLOW_LAYOUTS[role];
  switch (definition.kind) {
    case 'invoices':
      return definition.mode === 'history' ? everflow.history : everflow.invoices;
    case 'lines':
      return everflow.lines;
    case 'payments':
      return everflow.payments;
    case 'summary':
      return SUMMARY_LAYOUT;
    case 'dashboard':
    case 'affise-dashboard':
      throw new Error('A dashboard is not one table: refreshDashboard lays out its sheet.');
    case 'affise-invoices':
      return AFFISE_INVOICES_LAYOUT;
    case 'affise-lines':
      return AFFISE_LINES_LAYOUT;
    case 'affise-summary':
      return AFFISE_SUMMARY_LAYOUT;
  }
}

/** The header row; headers are the add-on's own text, shown as plain text. */
export function headerRow(layout: ReportLayout): ReportRow {
  return { invoiceId: null, cells: [...layout.headers], formats: layout.headers.map(() => PLAIN_TEXT) };
}

function shapeRows<Row>(columns: ReadonlyArray<ColumnSpec<Row>>, rows: readonly Row[], ctx: ReportShapeContext, invoiceIdOf: (row: Row) => number | null): ReportRow[] {
  return rows.map((row) => {
    const cells = columns.map((column) => column.value(row, ctx));
    return {
      invoiceId: invoiceIdOf(row),
      cells,
      formats: columns.map((column, index) => numberFormatFor(column.kind, column.currency?.(row) ?? null, ctx.dateFormats, cells[index] ?? '')),
      ...(columns.some((column) => column.note) ? { notes: columns.map((column) => column.note?.(row) ?? '') } : {}),
    };
  });
}

export function invoiceRows(invoices: readonly EverflowInvoiceListItem[], ctx: ReportShapeContext, role: KeyRole = 'affiliate'): ReportRow[] {
  return shapeRows(REPORT_COLUMNS[role].invoices, invoices, ctx, (invoice) => invoice.id);
}

export function summaryRows(invoices: readonly EverflowInvoiceListItem[], ctx: ReportShapeContext): ReportRow[] {
  return shapeRows(INVOICE_SUMMARY_COLUMNS, summariseByCurrency(invoices, ctx.nowMs, ctx.zones), ctx, () => null);
}

export function affiseInvoiceReportRows(rows: readonly AffiseInvoiceRow[], ctx: ReportShapeContext): ReportRow[] {
  return shapeRows(AFFISE_INVOICE_COLUMNS, rows, ctx, (row) => row.invoice.id);
}

export function affiseLineReportRows(rows: readonly AffiseLineRow[], ctx: ReportShapeContext): ReportRow[] {
  return shapeRows(AFFISE_LINE_COLUMNS, rows, ctx, (row) => row.invoiceId);
}

export function affiseSummaryReportRows(rows: readonly AffiseSummaryRow[], ctx: ReportShapeContext): ReportRow[] {
  return shapeRows(AFFISE_SUMMARY_COLUMNS, rows, ctx, () => null);
}

export function historyRows(entries: readonly HistoryEntry[], ctx: ReportShapeContext, role: KeyRole = 'affiliate'): ReportRow[] {
  return shapeRows(REPORT_COLUMNS[role].history, entries, ctx, (entry) => entry.item.id);
}

/**
 * The rows one invoice contributes to a lines or payments report. Line types are compared
 * case-insensitively, as the custom function does (the set of types is open).
 */
export function detailRows(definition: ReportDefinition, invoice: EverflowInvoiceDetail, ctx: ReportShapeContext, role: KeyRole = 'affiliate'): ReportRow[] {
  const columns = REPORT_COLUMNS[role];
  if (definition.kind === 'payments') {
    const payments: PaymentRow[] = invoice.payments.map((payment) => ({ invoice, payment }));
    return shapeRows(columns.payments, payments, ctx, ({ payment }) => payment.invoiceId);
  }
  const wanted = definition.kind === 'lines' ? (definition.filters.type ?? null) : null;
  const lines: LineRow[] = invoice.lines
    .filter((line) => wanted === null || line.type?.trim().toLowerCase() === wanted)
    .map((line) => ({ invoice, line }));
  return shapeRows(columns.lines, lines, ctx, ({ line }) => line.invoiceId);
}

/**
 * The notes to write with a block of rows: none when no row carries notes (the sheet's stay as
 * they are), else every row's, '' clearing an old one.
 */
export function notesOf(rows: readonly ReportRow[]): string[][] | undefined {
  if (rows.every((row) => row.notes === undefined)) return undefined;
  return rows.map((row) => row.notes ?? row.cells.map(() => ''));
}

const isBlank = (value: unknown): boolean => value === '' || value === null || value === undefined;

/**
 * A key per row, for merge: the key column's value; rows without one (a line Everflow sent with
 * no id) are told apart by their invoice and their order within it, which the sheet keeps.
 */
export function rowKeys(rows: ReadonlyArray<readonly unknown[]>, layout: ReportLayout): string[] {
  const unkeyedSeen = new Map<string, number>();
  return rows.map((cells) => {
    const key = layout.keyColumn === null ? undefined : cells[layout.keyColumn];
    if (!isBlank(key)) return `key:${String(key)}`;
    const group = layout.invoiceColumn === null ? '' : String(cells[layout.invoiceColumn] ?? '');
    const ordinal = unkeyedSeen.get(group) ?? 0;
    unkeyedSeen.set(group, ordinal + 1);
    return `unkeyed:${group}#${ordinal}`;
  });
}

/** The invoice a row read from the sheet belongs to; null when its Invoice ID cell holds no id. */
export function invoiceIdOfCells(cells: readonly unknown[], layout: ReportLayout): number | null {
  if (layout.invoiceColumn === null) return null;
  const value = cells[layout.invoiceColumn];
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
