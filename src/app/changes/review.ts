import type { SheetCell } from '../../ports/spreadsheet';
import { isClippedText } from '../../sheet/columns';
import { ACTION_ORDER, type ChangeAction, type FieldChange, type PlannedChange, type RefusedRow } from './change';
import type { ReviewFacts } from './provider-port';
import { describeChange, signed } from './words';

/*
 * Finds the pending changes of an editable invoice sheet by comparing it with what the last
 * refresh wrote (the report's memory), never with onEdit (which misses pastes, imports and other
 * scripts), and checks each against what the provider accepts.
 */

/** The columns a user edits, and the neutral field each one sets. */
export const EDITABLE_COLUMNS: ReadonlyArray<{ header: string; field: string }> = [
  { header: 'Status', field: 'status' },
  { header: 'Comment', field: 'comment' },
  { header: 'Notes', field: 'notes' },
  { header: 'Payment account', field: 'paymentAccount' },
];

/**
 * Why an edited cell that showed its text cut (longer than a cell holds) is not sent: what the
 * sheet shows is not the whole text, so sending the cell would lose the rest at the provider.
 */
export function clippedEditReason(header: string, provider: string): string {
  return `${header} is longer than a cell holds, so the sheet shows it shortened and sending the cell would lose the rest: edit it in ${provider}, or put the cell back as it was.`;
}

/** The columns an editable report adds to act with. `Apply result` is written by the add-on. */
export const ACTION_HEADERS = { correction: 'Correction', correctionComment: 'Correction comment', delete: 'Delete', result: 'Apply result' } as const;

/** Columns that identify a row: an invoice, or a new invoice's affiliate, amount and currency. */
export const IDENTITY_HEADERS = { invoiceId: 'Invoice ID', affiliateId: 'Affiliate ID', amount: 'Amount', currency: 'Currency' } as const;

/** What the last refresh wrote for one invoice. */
export interface RememberedInvoice {
  /** `updated_at` / `time_saved` as read. */
  version: string | null;
  currency: string;
  /** Field name -> the text written. */
  fields: Record<string, string>;
}

/** The editable report's memory: the invoices its last refresh wrote. */
export type EditableMemory = Record<string, RememberedInvoice>;

export interface EditableTable {
  headers: readonly string[];
  /** The data rows, below the header. */
  rows: ReadonlyArray<readonly SheetCell[]>;
  /** The sheet row of rows[0] (1-based). */
  firstRow: number;
}

export interface ReviewPlan {
  changes: PlannedChange[];
  refused: RefusedRow[];
  /** Each change's sheet row, by change key. */
  rowOf: Map<string, number>;
  /** New rows given a token now: their Notes cell is rewritten with it before anything is sent. */
  tokensToWrite: Array<{ sheetRow: number; notes: string }>;
}

/** The longest text a change carries: each change is journaled in one document property (9 KB). */
export const MAX_TEXT_CHARS = 2_000;

/** `[ref:<token>]` in a new row's notes binds the invoice Affise creates to the row. */
export const TOKEN_PATTERN = /\[ref:([A-Za-z0-9_-]+)\]/;

/** A typed new-invoice row carrying its token: what a refresh binds a created invoice to. */
export interface TokenedNewRow {
  sheetRow: number;
  token: string;
  affiliateId: string;
  /** Canonical decimal text, null when the cell is not an amount. */
  amount: string | null;
  currency: string;
}

/** New rows (no Invoice ID) whose Notes carry a `[ref:<token>]`. */
export function tokenedNewRows(table: EditableTable): TokenedNewRow[] {
  const columns = columnIndex(table.headers);
  const rows: TokenedNewRow[] = [];
  table.rows.forEach((row, index) => {
    if (text(row, columns.get(IDENTITY_HEADERS.invoiceId)) !== '') return;
    const token = TOKEN_PATTERN.exec(text(row, columns.get('Notes')))?.[1];
    if (!token) return;
    rows.push({
      sheetRow: table.firstRow + index,
      token,
      affiliateId: text(row, columns.get(IDENTITY_HEADERS.affiliateId)),
      amount: decimalText(text(row, columns.get(IDENTITY_HEADERS.amount))),
      currency: text(row, columns.get(IDENTITY_HEADERS.currency)).toUpperCase(),
    });
  });
  return rows;
}

/** Affiliate ids of new rows, for the provider to check before review. */
export function newRowAffiliates(table: EditableTable): string[] {
  const columns = columnIndex(table.headers);
  return table.rows
    .filter((row) => text(row, columns.get(IDENTITY_HEADERS.invoiceId)) === '' && text(row, columns.get(IDENTITY_HEADERS.affiliateId)) !== '')
    .map((row) => text(row, columns.get(IDENTITY_HEADERS.affiliateId)));
}

/**
 * The plan a review shows: every change in send order, every row refused with its reason.
 * `newToken` makes a token for a new row that has none (a clock-and-row id in the add-on).
 */
export function reviewTable(table: EditableTable, memory: EditableMemory, facts: ReviewFacts, newToken: (sheetRow: number) => string): ReviewPlan {
  const columns = columnIndex(table.headers);
  const plan: ReviewPlan = { changes: [], refused: [], rowOf: new Map(), tokensToWrite: [] };
  const statusWords = new Map(facts.statuses.map((word) => [word.toLowerCase(), word]));
  const missing = [...Object.values(IDENTITY_HEADERS), ...EDITABLE_COLUMNS.map((column) => column.header)].filter((header) => !columns.has(header));
  if (missing.length > 0) throw new Error(`This sheet is missing the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}: refresh the report to restore ${missing.length === 1 ? 'it' : 'them'}.`);

  table.rows.forEach((row, index) => {
    const sheetRow = table.firstRow + index;
    const cell = (header: string): string => text(row, columns.get(header));
    const refuse = (rowKey: string, reason: string): void => void plan.refused.push({ rowKey, sheetRow, reason });
    const add = (change: PlannedChange): void => {
      plan.changes.push(change);
      plan.rowOf.set(change.key, sheetRow);
    };
    const invoiceId = cell(IDENTITY_HEADERS.invoiceId);

    if (invoiceId === '') {
      if (!EDITABLE_COLUMNS.some((column) => cell(column.header) !== '') && cell(IDENTITY_HEADERS.affiliateId) === '' && cell(IDENTITY_HEADERS.amount) === '') return;
      const notes = cell('Notes');
      const token = TOKEN_PATTERN.exec(notes)?.[1] ?? newToken(sheetRow);
      const rowKey = `new:${token}`;
      const affiliateId = cell(IDENTITY_HEADERS.affiliateId);
      const amount = decimalText(cell(IDENTITY_HEADERS.amount));
      const currency = cell(IDENTITY_HEADERS.currency).toUpperCase();
      // Creating an invoice the row also says to delete would be a payout nobody meant.
      if (isTicked(row[columns.get(ACTION_HEADERS.delete) ?? -1])) return refuse(rowKey, 'This new row is marked for deletion: untick Delete to create the invoice, or remove the row.');
      if (!/^\d+$/.test(affiliateId)) return refuse(rowKey, `A new invoice needs an Affiliate ID (a whole number), not ${quote(affiliateId)}.`);
      if (!facts.affiliates.has(affiliateId)) return refuse(rowKey, `Affiliate ${affiliateId} is not in this account.`);
      if (amount === null || !(Number(amount) > 0)) return refuse(rowKey, `Amount must be a positive number such as 120.50, not ${quote(cell(IDENTITY_HEADERS.amount))}.`);
      if (!facts.currencies.has(currency)) return refuse(rowKey, `This account does not use the currency ${quote(currency)} (it uses ${[...facts.currencies].sort().join(', ')}).`);
      if (notes.length > MAX_TEXT_CHARS) return refuse(rowKey, `Notes is ${notes.length.toLocaleString('en-US')} characters; at most ${MAX_TEXT_CHARS.toLocaleString('en-US')} are sent.`);
      const tagged = TOKEN_PATTERN.test(notes) ? notes : `${notes}${notes === '' ? '' : ' '}[ref:${token}]`;
      if (tagged !== notes) plan.tokensToWrite.push({ sheetRow, notes: tagged });
      const comment = tagged.replace(TOKEN_PATTERN, '').trim();
      return add({ key: `n:${token}`, action: 'create', invoiceId: null, rowKey, fields: [], amount: { text: amount, currency }, comment, affiliateId, token, baseVersion: null });
    }

    const remembered = memory[invoiceId];
    if (!remembered) return refuse(invoiceId, `Invoice ${quote(invoiceId)} was not written by the last refresh: refresh the report, then review again.`);
    const fields: FieldChange[] = [];
    for (const column of EDITABLE_COLUMNS) {
      const before = remembered.fields[column.field] ?? '';
      let after = cell(column.header);
      // Cells are read trimmed: a value Affise sent with spaces around it is not an edit.
      if (after === before.trim()) continue;
      if (isClippedText(before)) return refuse(invoiceId, clippedEditReason(column.header, 'Affise'));
      if (after.length > MAX_TEXT_CHARS) return refuse(invoiceId, `${column.header} is ${after.length.toLocaleString('en-US')} characters; at most ${MAX_TEXT_CHARS.toLocaleString('en-US')} are sent.`);
      if (column.field === 'status') {
        const word = statusWords.get(after.toLowerCase());
        if (word === undefined) return refuse(invoiceId, `${quote(after)} is not a status (use ${facts.statuses.join(', ')}).`);
        after = word;
        if (after === before) continue;
      }
      fields.push({ field: column.field, label: column.header, before, after });
    }
    const correctionText = cell(ACTION_HEADERS.correction);
    const correctionComment = cell(ACTION_HEADERS.correctionComment);
    const deleting = isTicked(row[columns.get(ACTION_HEADERS.delete) ?? -1]);
    if (deleting && (fields.length > 0 || correctionText !== '')) return refuse(invoiceId, 'This row is both edited and marked for deletion: undo the edit or untick Delete.');
    const version = remembered.version ?? '';
    if (deleting) return add({ key: `d:${invoiceId}`, action: 'delete', invoiceId, rowKey: invoiceId, fields: [], amount: null, comment: '', affiliateId: null, token: null, baseVersion: remembered.version });
    if (correctionComment.length > MAX_TEXT_CHARS) return refuse(invoiceId, `Correction comment is ${correctionComment.length.toLocaleString('en-US')} characters; at most ${MAX_TEXT_CHARS.toLocaleString('en-US')} are sent.`);
    if (correctionText !== '') {
      const amount = decimalText(correctionText);
      if (amount === null || Number(amount) === 0) return refuse(invoiceId, `Correction must be a non-zero number such as -15.00, not ${quote(correctionText)}.`);
      if (correctionComment === '') return refuse(invoiceId, 'A correction needs a Correction comment (Affise requires one).');
    }
    if (fields.length > 0) {
      add({ key: `u:${invoiceId}:${hash(JSON.stringify([fields, version]))}`, action: 'update', invoiceId, rowKey: invoiceId, fields, amount: null, comment: '', affiliateId: null, token: null, baseVersion: remembered.version });
    }
    if (correctionText !== '') {
      const amount = decimalText(correctionText) ?? '';
      add({
        key: `c:${invoiceId}:${hash(JSON.stringify([amount, correctionComment, version]))}`,
        action: 'correction',
        invoiceId,
        rowKey: invoiceId,
        fields: [],
        amount: { text: amount, currency: remembered.currency },
        comment: correctionComment,
        affiliateId: null,
        token: null,
        baseVersion: remembered.version,
      });
    }
  });
  return plan;
}

export interface ReviewSummary {
  /** Each change in words, in send order. */
  lines: string[];
  /** Changes per action. */
  counts: Record<ChangeAction, number>;
  /**
   * Per currency: the sum of corrections and of new invoices, exact decimal text. New invoices sent
   * without a currency (Everflow's create takes none) are summed per partner, with currency '':
   * never added to another partner's or to a currency's.
   */
  totals: ReviewTotal[];
  /** "Apply 5 changes" */
  confirmLabel: string;
}

/** One line of the totals: a currency's sums, or (currency '') one partner's new invoices whose currency Everflow sets. */
export interface ReviewTotal {
  currency: string;
  corrections: string;
  creations: string;
  /** Only when the currency is not given: the partner whose new invoices these are. */
  partner?: string;
}

export function summarize(changes: readonly PlannedChange[]): ReviewSummary {
  const counts: Record<ChangeAction, number> = { update: 0, correction: 0, delete: 0, create: 0 };
  const sums = new Map<string, { currency: string; partner?: string; corrections: bigint; creations: bigint }>();
  for (const change of changes) {
    counts[change.action] += 1;
    if (!change.amount || (change.action !== 'correction' && change.action !== 'create')) continue;
    const { currency } = change.amount;
    // Amounts of a currency not given are the partner's: one partner's sum never meets another's.
    const group = currency !== '' ? { key: `c:${currency}`, currency } : { key: `p:${change.affiliateId ?? ''}`, currency, partner: change.affiliateId ?? '' };
    const sum = sums.get(group.key) ?? { ...group, corrections: 0n, creations: 0n };
    const units = toUnits(change.amount.text);
    if (change.action === 'correction') sum.corrections += units;
    else sum.creations += units;
    sums.set(group.key, sum);
  }
  const order = (total: { currency: string; partner?: string }): string => (total.partner === undefined ? `0${total.currency}` : `1${total.partner.padStart(20, '0')}`);
  return {
    lines: changes.map(describeChange),
    counts,
    totals: [...sums.values()]
      .sort((a, b) => (order(a) < order(b) ? -1 : 1))
      .map(({ currency, partner, corrections, creations }) => ({ currency, corrections: fromUnits(corrections), creations: fromUnits(creations), ...(partner === undefined ? {} : { partner }) })),
    confirmLabel: `Apply ${changes.length} change${changes.length === 1 ? '' : 's'}`,
  };
}

/** Changes per action, in send order, for actions that have any: "1 update", "2 corrections". */
export function actionCounts(summary: ReviewSummary): string[] {
  return ACTION_ORDER.filter((action) => summary.counts[action] > 0).map((action) => `${summary.counts[action]} ${ACTION_WORDS[action][summary.counts[action] === 1 ? 0 : 1]}`);
}

/** The summary as the confirmation repeats it: the question, the counts, the totals per currency. */
export function summaryText(summary: ReviewSummary): string {
  const totals = summary.totals.map(totalText);
  return [`${summary.confirmLabel}?`, actionCounts(summary).join(', '), ...totals].filter((line) => line !== '').join('\n');
}

const ACTION_WORDS: Record<ChangeAction, readonly [string, string]> = { update: ['update', 'updates'], correction: ['correction', 'corrections'], delete: ['deletion', 'deletions'], create: ['new invoice', 'new invoices'] };

/**
 * One currency's sums: "EUR: corrections −15.00, new invoices 120.00". New invoices sent without a
 * currency (Everflow's create takes none: Everflow invoices in the currency it keeps) say so, per partner.
 */
export function totalText(total: ReviewTotal): string {
  if (total.currency === '') return `partner ${total.partner ?? '?'}, currency not given (Everflow sets it): new invoices ${total.creations}`;
  return `${total.currency}: corrections ${signed(total.corrections)}, new invoices ${total.creations}`;
}

/** Amounts in sums: 10^-8 units as BigInt, never floats. */
export function toUnits(text: string): bigint {
  const match = /^([+-]?)(\d+)(?:\.(\d{1,8}))?$/.exec(text);
  if (!match) return 0n;
  const units = BigInt((match[2] ?? '0') + (match[3] ?? '').padEnd(8, '0'));
  return match[1] === '-' ? -units : units;
}

export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(9, '0');
  const whole = digits.slice(0, -8);
  const fraction = digits.slice(-8).replace(/0+$/, '').padEnd(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** A typed amount as canonical decimal text ("−15", "1 234,5" are not accepted; "-15.00" is), or null. */
export function decimalText(typed: string): string | null {
  const trimmed = typed.trim().replace(/^−/, '-');
  const match = /^\+?(-?\d+)(?:\.(\d{1,8}))?$/.exec(trimmed);
  // At least cents, as invoices show amounts: "120" reads 120.00.
  return match ? `${match[1] ?? ''}.${(match[2] ?? '').padEnd(2, '0')}` : null;
}

function isTicked(value: SheetCell | undefined): boolean {
  return value === true || (typeof value === 'string' && value.trim().toUpperCase() === 'TRUE');
}

export function text(row: readonly SheetCell[], index: number | undefined): string {
  if (index === undefined) return '';
  const value = row[index];
  if (value === undefined || value === '') return '';
  if (value instanceof Date) return value.toISOString();
  return String(value).trim();
}

export function columnIndex(headers: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  headers.forEach((header, position) => {
    if (!index.has(header.trim())) index.set(header.trim(), position);
  });
  return index;
}

export function quote(value: string): string {
  return value === '' ? '(empty)' : `"${value}"`;
}

/** FNV-1a, 32 bits, hex: a short stable key for a change's content. */
export function hash(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
