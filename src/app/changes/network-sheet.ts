import type { EverflowInvoiceListItem } from '../../model/invoice';
import type { SheetCell, SpreadsheetPort } from '../../ports/spreadsheet';
import type { ZoneRules } from '../../ports/time-zone';
import { PLAIN_TEXT } from '../reports/number-formats';
import { calendarDateOf, formatIsoDate, parseIsoDate } from '../../sheet/calendar-date';
import { NETWORK_ACTION_HEADERS, NETWORK_EDITABLE_COLUMNS, NEW_LINE_HEADERS, newLinesSheetName, reviewNetworkTable } from './network-review';
import { rememberNetworkInvoice } from './everflow-changes';
import { EditableMemoryStore } from './memory-sheet';
import { columnIndex, text, type RememberedInvoice } from './review';
import { addActionColumns, tableOf, writeResults, type CreatedFromRow, type SheetDialect } from './sheet-changes';
import { tokenInNote } from './tokens';
import type { ReportBlock } from '../reports/report-sheet';
import type { ReportLayout } from '../reports/report-table';

const NETWORK_ACTION_COLUMNS = [NETWORK_ACTION_HEADERS.newInvoiceKey, NETWORK_ACTION_HEADERS.result];

/**
 * An editable Everflow network report's sheet: its edited and added columns, and a review that
 * reads the new invoices' line items from the lines sheet beside it. Dates typed in the sheet are
 * Dates at midnight in the spreadsheet's zone: read back as that day.
 */
export function networkDialect(zones: ZoneRules, timeZone: string): SheetDialect {
  const dayOf = (cell: SheetCell | undefined): string | null => {
    if (cell instanceof Date) return formatIsoDate(calendarDateOf(zones.wallClockAt(cell.getTime(), timeZone)));
    const typed = typeof cell === 'string' ? parseIsoDate(cell.trim()) : null;
    return typed ? formatIsoDate(typed) : null;
  };
  return {
    editableColumns: NETWORK_EDITABLE_COLUMNS,
    actionHeaders: NETWORK_ACTION_COLUMNS,
    tokenHeader: 'Internal notes',
    review: ({ table, memory, facts, newToken, spreadsheet, sheetName }) => {
      const lines = spreadsheet.sheetByName(newLinesSheetName(sheetName));
      return reviewNetworkTable(table, lines ? tableOf(lines) : null, memory, facts, newToken, dayOf);
    },
    newRowAffiliates: (table) => {
      const columns = columnIndex(table.headers);
      return table.rows.filter((row) => text(row, columns.get('Invoice ID')) === '' && text(row, columns.get('Affiliate ID')) !== '').map((row) => text(row, columns.get('Affiliate ID')));
    },
    settleCreated: markCreatedLines,
  };
}

/**
 * The line items a new invoice was created with: each line row's Apply result says which invoice
 * it went into ("✓ Created in invoice 812. Applied at …"), and review skips such rows from then on.
 */
export function markCreatedLines({ spreadsheet, sheetName, headers, row, invoiceId, result }: CreatedFromRow): void {
  const key = text(row, columnIndex(headers).get(NETWORK_ACTION_HEADERS.newInvoiceKey));
  const lines = spreadsheet.sheetByName(newLinesSheetName(sheetName));
  if (key === '' || !lines) return;
  // A lines sheet made before it had the column gets it.
  addActionColumns(lines, [NETWORK_ACTION_HEADERS.result]);
  const table = tableOf(lines);
  const columns = columnIndex(table.headers);
  const done = `✓ Created in invoice ${invoiceId}. ${result.replace(/^✓\s*/, '')}`;
  const results = new Map<number, string>();
  table.rows.forEach((line, index) => {
    if (text(line, columns.get(NETWORK_ACTION_HEADERS.newInvoiceKey)) === key && !text(line, columns.get(NETWORK_ACTION_HEADERS.result)).startsWith('✓')) results.set(table.firstRow + index, done);
  });
  writeResults(lines, results);
}

/** The lines sheet of a network report, with its header, created when missing (by a refresh of the editable report). */
export function ensureNewLinesSheet(spreadsheet: SpreadsheetPort, reportSheet: string): void {
  const name = newLinesSheetName(reportSheet);
  if (spreadsheet.sheetByName(name)) return;
  const sheet = spreadsheet.insertSheet(name);
  sheet.writeBlock(1, 1, [[...NEW_LINE_HEADERS]], [NEW_LINE_HEADERS.map(() => PLAIN_TEXT)]);
}

/**
 * After a refresh of an editable network report has written its rows: its action columns and
 * lines sheet are there, and the change memory holds each invoice as written (those no longer
 * listed forgotten), so review finds exactly what the user changed since.
 */
export function rememberNetworkReport(spreadsheet: SpreadsheetPort, report: { id: string; sheet: string }, listed: readonly EverflowInvoiceListItem[]): void {
  const sheet = spreadsheet.sheetByName(report.sheet);
  if (sheet) addActionColumns(sheet, NETWORK_ACTION_COLUMNS);
  ensureNewLinesSheet(spreadsheet, report.sheet);
  const store = new EditableMemoryStore(spreadsheet, report.id);
  const updates = new Map<string, RememberedInvoice | null>();
  for (const invoice of listed) {
    const { version, currency, fields } = rememberNetworkInvoice(invoice);
    updates.set(String(invoice.id), { version, currency, fields });
  }
  for (const id of Object.keys(store.load())) if (!updates.has(id)) updates.set(id, null);
  store.save(updates);
}

/**
 * For a refresh of an editable network report, before its merge: a typed new row whose invoice
 * Everflow now has (the row's token in the invoice's internal notes, the same partner) takes that
 * invoice's id, so the merge rewrites the row instead of adding the invoice as another row and
 * leaving the typed one to be reviewed, and sent, again. Each invoice binds one row at most.
 */
export function bindCreatedNetworkInvoices(block: ReportBlock, layout: ReportLayout, listed: readonly EverflowInvoiceListItem[]): void {
  const headers = layout.headers;
  const [idColumn, partnerColumn, notesColumn] = ['Invoice ID', 'Affiliate ID', 'Internal notes'].map((header) => headers.indexOf(header));
  if (idColumn === undefined || partnerColumn === undefined || notesColumn === undefined || idColumn < 0 || partnerColumn < 0 || notesColumn < 0) return;
  const byToken = new Map<string, EverflowInvoiceListItem>();
  for (const invoice of listed) {
    const token = tokenInNote(invoice.network?.internalNotes ?? null);
    if (token !== null && !byToken.has(token)) byToken.set(token, invoice);
  }
  for (const row of block.rows) {
    if (String(row.cells[idColumn] ?? '').trim() !== '') continue;
    const token = tokenInNote(String(row.cells[notesColumn] ?? ''));
    const invoice = token === null ? undefined : byToken.get(token);
    if (!invoice || token === null || String(invoice.network?.affiliateId ?? '') !== String(row.cells[partnerColumn] ?? '').trim()) continue;
    row.cells[idColumn] = invoice.id;
    byToken.delete(token);
  }
}
