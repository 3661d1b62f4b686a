import type { SheetCell } from '../../ports/spreadsheet';
import { isClippedText } from '../../sheet/columns';
import type { FieldChange, NewInvoiceLine, PlannedChange } from './change';
import { paymentTermsDays } from './everflow-changes';
import type { ReviewFacts } from './provider-port';
import { clippedEditReason, columnIndex, decimalText, fromUnits, hash, MAX_TEXT_CHARS, quote, text as cellText, TOKEN_PATTERN, toUnits, type EditableMemory, type EditableTable, type ReviewPlan } from './review';

/*
 * Review of an editable Everflow network invoices report (docs/changes.md, "Everflow networks").
 * A row with an Invoice ID may change Status (paid, unpaid, deleted), Notes (the public notes),
 * Internal notes and Payment terms. A row without one is a new invoice: Affiliate ID (the partner),
 * Period start, Period end, Payment terms, Notes, Internal notes, and a `New invoice key` that
 * its line items on the lines sheet repeat.
 */

/** The columns a user edits on a network report, and the neutral field each one sets. */
export const NETWORK_EDITABLE_COLUMNS: ReadonlyArray<{ header: string; field: string }> = [
  { header: 'Status', field: 'status' },
  { header: 'Notes', field: 'notes' },
  { header: 'Internal notes', field: 'internalNotes' },
  { header: 'Payment terms', field: 'paymentTerms' },
];

/** Columns an editable network report adds right of its own: the key of a new row, and each row's result. */
export const NETWORK_ACTION_HEADERS = { newInvoiceKey: 'New invoice key', result: 'Apply result' } as const;

/** The lines sheet's columns a user types: one line item per row, keyed to its new invoice's row by `New invoice key`. */
export const NEW_LINE_INPUT_HEADERS = ['New invoice key', 'Type', 'Offer ID', 'Amount', 'Quantity', 'Notes'] as const;
/** The lines sheet's columns: those typed, then `Apply result`, which the add-on writes (the invoice a line went into). */
export const NEW_LINE_HEADERS = [...NEW_LINE_INPUT_HEADERS, NETWORK_ACTION_HEADERS.result] as const;

/** The sheet of a network report's new line items. */
export function newLinesSheetName(reportSheet: string): string {
  return `${reportSheet} - new lines`;
}

const LINE_TYPES = ['adjustment', 'offer_detail', 'referral', 'vat'] as const;
/** Line items one new invoice carries at most: its whole change is kept in one document property (9 KB). */
export const MAX_NEW_LINES = 25;
/** A change's journal entry must fit one property, with room for its answer. */
const MAX_CHANGE_CHARS = 8_000;

const REQUIRED = ['Invoice ID', 'Affiliate ID', 'Period start', 'Period end', NETWORK_ACTION_HEADERS.newInvoiceKey, ...NETWORK_EDITABLE_COLUMNS.map((column) => column.header)];

/** The network review: every change in send order, every refused row with its reason. */
export function reviewNetworkTable(
  table: EditableTable,
  lines: EditableTable | null,
  memory: EditableMemory,
  facts: ReviewFacts,
  newToken: (sheetRow: number) => string,
  /** A date cell as YYYY-MM-DD in the spreadsheet's zone (a typed date is a Date). */
  dayOf: (cell: SheetCell | undefined) => string | null,
): ReviewPlan {
  const columns = columnIndex(table.headers);
  const missing = REQUIRED.filter((header) => !columns.has(header));
  if (missing.length > 0) throw new Error(`This sheet is missing the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}: refresh the report to restore ${missing.length === 1 ? 'it' : 'them'}.`);
  const plan: ReviewPlan = { changes: [], refused: [], rowOf: new Map(), tokensToWrite: [] };
  const statuses = new Map(facts.statuses.map((word) => [word.toLowerCase(), word]));
  const linesByKey = linesOf(lines);
  const newKeys = new Map<string, number>();
  // The key of a row an invoice was created from stays on it: its lines went with that invoice, never again.
  const createdKeys = new Map<string, string>();
  for (const row of table.rows) {
    const key = cellText(row, columns.get(NETWORK_ACTION_HEADERS.newInvoiceKey));
    const id = cellText(row, columns.get('Invoice ID'));
    if (key !== '' && id !== '' && !createdKeys.has(key)) createdKeys.set(key, id);
  }

  table.rows.forEach((row, index) => {
    const sheetRow = table.firstRow + index;
    const cell = (header: string): string => cellText(row, columns.get(header));
    const refuse = (rowKey: string, reason: string): void => void plan.refused.push({ rowKey, sheetRow, reason });
    const add = (change: PlannedChange): void => {
      plan.changes.push(change);
      plan.rowOf.set(change.key, sheetRow);
    };
    const invoiceId = cell('Invoice ID');

    if (invoiceId === '') {
      const typed = ['Affiliate ID', 'Period start', 'Period end', NETWORK_ACTION_HEADERS.newInvoiceKey, ...NETWORK_EDITABLE_COLUMNS.map((column) => column.header)].some((header) => cell(header) !== '');
      if (!typed) return;
      const internal = cell('Internal notes');
      const token = TOKEN_PATTERN.exec(internal)?.[1] ?? newToken(sheetRow);
      const rowKey = `new:${token}`;
      const key = cell(NETWORK_ACTION_HEADERS.newInvoiceKey);
      const affiliateId = cell('Affiliate ID');
      const start = dayOf(row[columns.get('Period start') ?? -1]);
      const end = dayOf(row[columns.get('Period end') ?? -1]);
      const termsText = cell('Payment terms');
      const terms = termsText === '' ? null : paymentTermsDays(termsText);
      const notes = cell('Notes');
      if (!/^\d+$/.test(affiliateId)) return refuse(rowKey, `A new invoice needs an Affiliate ID (the partner's id, a whole number), not ${quote(affiliateId)}.`);
      if (start === null || end === null) return refuse(rowKey, `A new invoice needs Period start and Period end as dates (2026-10-01), not ${quote(cell('Period start'))} and ${quote(cell('Period end'))}.`);
      if (end < start) return refuse(rowKey, `Period end ${end} is before Period start ${start}.`);
      if (termsText !== '' && terms === null) return refuse(rowKey, `Payment terms must be a number of days such as "Net 30", 30 or "Due on receipt", not ${quote(termsText)}.`);
      // Everflow's create takes no currency: a typed one would be a promise the request cannot keep.
      if (cell('Currency') !== '') return refuse(rowKey, `Leave Currency empty on a new invoice (not ${quote(cell('Currency'))}): Everflow's create takes no currency and invoices in the one it keeps for the partner or network.`);
      if (key === '') return refuse(rowKey, `A new invoice needs a New invoice key (any short text, such as A), repeated on its line items in the sheet "${lines === null ? 'new lines' : 'lines'}".`);
      if (newKeys.has(key)) return refuse(rowKey, `New invoice key ${quote(key)} is also on row ${newKeys.get(key) ?? ''}: each new invoice needs its own key.`);
      if (createdKeys.has(key)) return refuse(rowKey, `New invoice key ${quote(key)} was used for invoice ${createdKeys.get(key) ?? ''}, created with its lines: give this new invoice another key.`);
      newKeys.set(key, sheetRow);
      const found = linesByKey.get(key) ?? { lines: [], problems: [] };
      if (found.problems.length > 0) return refuse(rowKey, found.problems.join(' '));
      if (found.lines.length === 0) return refuse(rowKey, `New invoice key ${quote(key)} has no line items: add rows with that key to the lines sheet (Type, Amount, Quantity, Notes).`);
      if (found.lines.length > MAX_NEW_LINES) return refuse(rowKey, `New invoice key ${quote(key)} has ${found.lines.length} line items; at most ${MAX_NEW_LINES} are sent with one invoice.`);
      for (const [header, value] of [['Notes', notes], ['Internal notes', internal]] as const) {
        if (value.length > MAX_TEXT_CHARS) return refuse(rowKey, `${header} is ${value.length.toLocaleString('en-US')} characters; at most ${MAX_TEXT_CHARS.toLocaleString('en-US')} are sent.`);
      }
      const tagged = TOKEN_PATTERN.test(internal) ? internal : `${internal}${internal === '' ? '' : ' '}[ref:${token}]`;
      // A line's amount is its total (Quantity counts what it pays for, as Everflow's own lines do).
      const total = found.lines.reduce((sum, line) => sum + toUnits(line.amount), 0n);
      const change: PlannedChange = {
        key: `n:${token}`,
        action: 'create',
        invoiceId: null,
        rowKey,
        fields: [],
        amount: { text: fromUnits(total), currency: '' },
        comment: notes,
        affiliateId,
        token,
        baseVersion: null,
        newInvoice: { startDate: start, endDate: end, paymentTermsDays: terms, internalNotes: tagged.replace(TOKEN_PATTERN, '').trim(), lines: found.lines },
      };
      if (JSON.stringify(change).length > MAX_CHANGE_CHARS) return refuse(rowKey, `This new invoice's notes and line items are too long to record safely (${MAX_CHANGE_CHARS.toLocaleString('en-US')} characters at most): shorten the notes.`);
      if (tagged !== internal) plan.tokensToWrite.push({ sheetRow, notes: tagged });
      return add(change);
    }

    const remembered = memory[invoiceId];
    if (!remembered) return refuse(invoiceId, `Invoice ${quote(invoiceId)} was not written by the last refresh: refresh the report, then review again.`);
    const fields: FieldChange[] = [];
    for (const column of NETWORK_EDITABLE_COLUMNS) {
      const before = remembered.fields[column.field] ?? '';
      let after = cell(column.header);
      // Cells are read trimmed: a value Everflow sent with spaces around it is not an edit.
      if (after === before.trim()) continue;
      if (isClippedText(before)) return refuse(invoiceId, clippedEditReason(column.header, 'Everflow'));
      if (after.length > MAX_TEXT_CHARS) return refuse(invoiceId, `${column.header} is ${after.length.toLocaleString('en-US')} characters; at most ${MAX_TEXT_CHARS.toLocaleString('en-US')} are sent.`);
      if (column.field === 'status') {
        const word = statuses.get(after.toLowerCase());
        if (word === undefined) return refuse(invoiceId, `${quote(after)} is not a status (use ${facts.statuses.join(', ')}).`);
        if (word === before) continue;
        after = word;
      }
      if (column.field === 'paymentTerms') {
        const days = paymentTermsDays(after);
        if (days === null) return refuse(invoiceId, `Payment terms must be a number of days such as "Net 30", 30 or "Due on receipt", not ${quote(after)}.`);
        if (days === paymentTermsDays(before)) continue;
        after = `Net ${days}`;
      }
      fields.push({ field: column.field, label: column.header, before, after });
    }
    if (fields.length === 0) return;
    add({
      key: `u:${invoiceId}:${hash(JSON.stringify([fields, remembered.version ?? '']))}`,
      action: 'update',
      invoiceId,
      rowKey: invoiceId,
      fields,
      amount: null,
      comment: '',
      affiliateId: null,
      token: null,
      baseVersion: remembered.version,
    });
  });
  return plan;
}

/** Line items by New invoice key, with each key's problems in words (row numbers of the lines sheet). */
function linesOf(table: EditableTable | null): Map<string, { lines: NewInvoiceLine[]; problems: string[] }> {
  const byKey = new Map<string, { lines: NewInvoiceLine[]; problems: string[] }>();
  if (table === null) return byKey;
  const columns = columnIndex(table.headers);
  table.rows.forEach((row, index) => {
    const cell = (header: string): string => cellText(row, columns.get(header));
    const key = cell('New invoice key');
    // A line already sent with its invoice says so in Apply result ("✓ Created in invoice …"): never sent again.
    if (key === '' || cell(NETWORK_ACTION_HEADERS.result).startsWith('✓')) return;
    const entry = byKey.get(key) ?? { lines: [], problems: [] };
    byKey.set(key, entry);
    const where = `Line row ${table.firstRow + index}:`;
    const type = (cell('Type') || 'adjustment').toLowerCase();
    const amount = decimalText(cell('Amount'));
    const quantityText = cell('Quantity') || '1';
    const offerId = cell('Offer ID');
    const notes = cell('Notes');
    if (!(LINE_TYPES as readonly string[]).includes(type)) return void entry.problems.push(`${where} Type must be ${LINE_TYPES.join(', ')}, not ${quote(cell('Type'))}.`);
    if (amount === null || toUnits(amount) === 0n) return void entry.problems.push(`${where} Amount must be a non-zero number such as 120.50, not ${quote(cell('Amount'))}.`);
    if (!/^\d{1,6}$/.test(quantityText) || Number(quantityText) < 1) return void entry.problems.push(`${where} Quantity must be a whole number from 1, not ${quote(quantityText)}.`);
    if (offerId !== '' && !/^\d+$/.test(offerId)) return void entry.problems.push(`${where} Offer ID must be a whole number, not ${quote(offerId)}.`);
    if (type === 'offer_detail' && offerId === '') return void entry.problems.push(`${where} an offer_detail line needs its Offer ID.`);
    if (notes.length > 500) return void entry.problems.push(`${where} Notes is ${notes.length} characters; at most 500 are sent.`);
    entry.lines.push({ offerId: offerId === '' ? null : offerId, type, amount, quantity: Number(quantityText), notes });
  });
  return byKey;
}
