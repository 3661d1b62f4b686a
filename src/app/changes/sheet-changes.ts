import type { Clock, Deadline } from '../../ports/clock';
import type { LockPort } from '../../ports/lock';
import type { PropertiesPort } from '../../ports/properties';
import type { SheetCell, SheetPort, SpreadsheetPort } from '../../ports/spreadsheet';
import type { TriggerPort } from '../../ports/triggers';
import { textCell } from '../../sheet/columns';
import { PLAIN_TEXT } from '../reports/number-formats';
import { applyPlan, confirmPlan, PlanTooLargeError, planTooLargeText, type ApplyReport, type ChangeResult } from './apply';
import type { AuditSink } from './audit';
import type { ChangeState, PlannedChange, RefusedRow } from './change';
import { ReportStore } from '../reports/report-store';
import { syncReportsTrigger } from '../reports/trigger-manager';
import { CONTINUATION_WITHIN_MS, ContinuationStore, continueByText, ensureContinuationTrigger } from './continuation';
import { ChangeJournal, type JournalEntry } from './journal';
import { EditableMemoryStore } from './memory-sheet';
import type { ChangeProvider } from './provider-port';
import type { ReviewFacts } from './provider-port';
import {
  ACTION_HEADERS,
  EDITABLE_COLUMNS,
  IDENTITY_HEADERS,
  TOKEN_PATTERN,
  newRowAffiliates,
  reviewTable,
  summarize,
  summaryText,
  type EditableMemory,
  type EditableTable,
  type RememberedInvoice,
  type ReviewPlan,
  type ReviewSummary,
} from './review';

/*
 * Review and apply on an editable invoice sheet: reads the sheet, compares it with the memory of
 * the last refresh, writes each row's result in `Apply result`, refreshes changed rows from what
 * the provider answers when read back, binds created invoices to their rows, and keeps the memory.
 * Cells are written as plain text (`@`), so text from the provider or the user is never parsed.
 */

export interface SheetChangesContext<Record> {
  spreadsheet: SpreadsheetPort;
  sheetName: string;
  /** Scopes the journal and the memory (the report's id). */
  reportId: string;
  provider: ChangeProvider<Record>;
  /** An invoice as read: what its editable cells show and what is remembered of it. */
  // A method, so a context of one provider's records is one of either provider's (report-changes.ts).
  remember(record: Record): RememberedInvoice & { id: string };
  properties: PropertiesPort;
  lock: LockPort;
  clock: Clock;
  audit: AuditSink;
  user: string;
  account: string;
  /** How long to wait for the document lock. */
  lockTimeoutMs?: number;
  /** The user's time triggers: an apply that stops with changes left continues in the hourly run. Absent: only applying again continues. */
  triggers?: TriggerPort;
  /** The report's columns and review (Affise's when absent). */
  dialect?: SheetDialect;
}

/** What differs between providers' editable sheets: the columns edited and added, and the review. */
export interface SheetDialect {
  /** Columns the user edits: rewritten from what the provider answers once a change is read back. */
  editableColumns: ReadonlyArray<{ header: string; field: string }>;
  /** Columns an editable report adds right of its own (`Apply result` among them). */
  actionHeaders: readonly string[];
  /** The column whose text carries a new row's `[ref:<token>]`. */
  tokenHeader: string;
  /** The plan of the sheet (`spreadsheet` for other sheets it reads, such as line items). */
  review(input: DialectReviewInput): ReviewPlan;
  /** Partner ids of new rows, for the provider to check before review. */
  newRowAffiliates(table: EditableTable): string[];
  /** Once an invoice is created from a row: marks what else went with it (Everflow's line items on their sheet), so no review proposes it again. */
  settleCreated?(created: CreatedFromRow): void;
}

/** A new invoice created from a row of the sheet, as settling the sheet tells the dialect. */
export interface CreatedFromRow {
  spreadsheet: SpreadsheetPort;
  sheetName: string;
  /** The sheet's headers and the row as read before settling. */
  headers: readonly string[];
  row: readonly SheetCell[];
  invoiceId: string;
  /** The change's result, as the row's Apply result says it. */
  result: string;
}

export interface DialectReviewInput {
  table: EditableTable;
  memory: EditableMemory;
  facts: ReviewFacts;
  newToken: (sheetRow: number) => string;
  spreadsheet: SpreadsheetPort;
  sheetName: string;
}

/** Affise: Status, Comment, Notes, Payment account; corrections, deletions; the token in Notes. */
export const AFFISE_DIALECT: SheetDialect = {
  editableColumns: EDITABLE_COLUMNS,
  actionHeaders: [ACTION_HEADERS.correction, ACTION_HEADERS.correctionComment, ACTION_HEADERS.delete, ACTION_HEADERS.result],
  tokenHeader: 'Notes',
  review: ({ table, memory, facts, newToken }) => reviewTable(table, memory, facts, newToken),
  newRowAffiliates,
};

function dialectOf<Record>(context: SheetChangesContext<Record>): SheetDialect {
  return context.dialect ?? AFFISE_DIALECT;
}

/** What the user confirmed: the plan's count and a fingerprint of exactly its changes. */
export interface ConfirmedPlan {
  count: number;
  fingerprint: string;
}

/** Nothing confirmed: applying only finishes or settles earlier applies. */
export const NOTHING_CONFIRMED: ConfirmedPlan = { count: 0, fingerprint: '[]' };

/** The plan's change keys, sorted: two plans with the same fingerprint send the same changes. */
function planFingerprint(plan: ReviewPlan): string {
  return JSON.stringify(plan.changes.map((change) => change.key).sort());
}

/** The change keys a confirmed plan holds (its fingerprint lists them); none when it is not a fingerprint. */
export function confirmedKeys(confirmed: ConfirmedPlan): Set<string> {
  try {
    const keys: unknown = JSON.parse(confirmed.fingerprint);
    return new Set(Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : []);
  } catch {
    return new Set();
  }
}

export interface SheetReview {
  /** What "Apply N changes" passes back to applySheet. */
  confirmed: ConfirmedPlan;
  plan: ReviewPlan;
  summary: ReviewSummary;
  /** What the confirmation dialog says ("Apply 3 changes?" and counts and totals). */
  confirmText: string;
  refused: RefusedRow[];
  /** Changes of an earlier apply still to finish: applying finishes them before anything new. */
  unfinished: number;
  /** Creations sent earlier, awaiting their invoice: applying (even with nothing confirmed) binds those Affise has created. */
  awaiting: number;
  /** Said before confirming when the plan is more than one apply takes (with how many fit); null when it fits. */
  tooLarge: string | null;
}

export interface SheetApply<Record> {
  report: ApplyReport<Record> | null;
  /** Why nothing was done, when nothing was (the sheet changed since review, the lock was busy). */
  refusedBecause: string | null;
  /** How far the plan came; null when nothing was done. */
  progress: ApplyProgress | null;
}

/** How far the plan being applied has come, over every execution that worked on it. */
export interface ApplyProgress {
  /** Changes the user confirmed in this plan. */
  planned: number;
  /** Landed (or, for a creation, accepted by the provider). */
  applied: number;
  /** Refused by the provider, or not sent because of a conflict. */
  notApplied: number;
  /** Still to send, or sent with the outcome not known yet. */
  open: number;
  /** When the rest continues at the latest (the hourly run); null when nothing is left, or only applying again continues it. */
  continueByMs: number | null;
}

/** Review: every pending change in words, refused rows with reasons (also written on their rows). Sends nothing. */
export function reviewSheet<Record>(context: SheetChangesContext<Record>, deadline: Deadline): SheetReview {
  const sheet = editableSheet(context);
  const journal = new ChangeJournal(context.spreadsheet, context.reportId);
  const plan = planOf(context, sheet, deadline);
  writeTokens(sheet, plan, dialectOf(context).tokenHeader);
  const summary = summarize(plan.changes);
  const results = new Map<number, string>();
  for (const refusal of plan.refused) results.set(refusal.sheetRow, `✗ Not sent: ${refusal.reason}`);
  for (const change of plan.changes) {
    const row = plan.rowOf.get(change.key);
    if (row !== undefined && !results.has(row)) results.set(row, 'Pending: review, then apply.');
  }
  writeResults(sheet, results);
  const entries = journal.entries();
  const unfinished = entries.filter((entry) => entry.state === 'queued' || entry.state === 'under-way').length;
  const awaiting = entries.filter((entry) => entry.state === 'awaiting').length;
  // What confirming will check (confirmPlan): the journal keeps creations awaiting their invoice and changes sent that the sheet still shows.
  const kept = new Set([...entries.filter((entry) => entry.state === 'awaiting').map((entry) => entry.change.key), ...plan.sentStillShown.map((change) => change.key)]).size;
  const fit = journal.capacity() - kept;
  const tooLarge = plan.changes.length > fit ? planTooLargeText(plan.changes.length, fit) : null;
  return { confirmed: { count: plan.changes.length, fingerprint: planFingerprint(plan) }, plan, summary, confirmText: summaryText(summary), refused: plan.refused, unfinished, awaiting, tooLarge };
}

/**
 * Applies what review showed, under the document lock. `confirmed` is what the user confirmed (the
 * review's `confirmed`): when the sheet now holds any other plan, even with the same count, nothing
 * is sent. An unfinished earlier apply is carried on first (it was confirmed then).
 */
export function applySheet<Record>(context: SheetChangesContext<Record>, confirmed: ConfirmedPlan, deadline: Deadline): SheetApply<Record> {
  if (!context.lock.tryLock(context.lockTimeoutMs ?? 30_000)) {
    return { report: null, refusedBecause: 'Another run is using this document (a refresh or an apply). Nothing was sent; try again in a minute.', progress: null };
  }
  try {
    const sheet = editableSheet(context);
    const journal = new ChangeJournal(context.spreadsheet, context.reportId);
    const unfinished = journal.entries().some((entry) => entry.state === 'queued' || entry.state === 'under-way');
    if (!unfinished) {
      const plan = planOf(context, sheet, deadline);
      if (planFingerprint(plan) !== confirmed.fingerprint) {
        return {
          report: null,
          refusedBecause: `The sheet changed since review (${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'} now, ${confirmed.count} confirmed). Nothing was sent: review again.`,
          progress: null,
        };
      }
      writeTokens(sheet, plan, dialectOf(context).tokenHeader);
      try {
        // Changes sent earlier that the sheet still shows (their rows not refreshed yet) go along: the journal keeps them as sent, never queued again.
        confirmPlan(journal, [...plan.changes, ...plan.sentStillShown], context.clock.now());
      } catch (error) {
        if (error instanceof PlanTooLargeError) return { report: null, refusedBecause: error.message, progress: null };
        throw error;
      }
    }
    const continuing = journal.entries().some(isOpen) && arrangeContinuation(context);
    const report = applyPlan({
      provider: context.provider,
      journal,
      audit: context.audit,
      clock: context.clock,
      deadline,
      user: context.user,
      account: context.account,
      marginMs: 5_000,
    });
    const progress = recordProgress(context, journal, report, continuing);
    settleSheet(context, sheet, report, openNote(progress));
    return { report, refusedBecause: null, progress };
  } finally {
    context.lock.release();
  }
}

const isOpen = (entry: JournalEntry): boolean => entry.state === 'queued' || entry.state === 'under-way';

/**
 * Before anything is sent: the hourly trigger is made sure of and the continuation recorded, so
 * whatever ends this execution (even the 6-minute limit mid-request), the hourly run carries on.
 * False when there is no trigger to continue in: then only applying again continues.
 */
function arrangeContinuation<Record>(context: SheetChangesContext<Record>): boolean {
  if (context.triggers === undefined || !ensureContinuationTrigger(context.triggers)) return false;
  const store = new ContinuationStore(context.properties);
  const now = context.clock.now();
  const earlier = store.get(context.reportId);
  store.put({ reportId: context.reportId, user: context.user, sinceMs: earlier?.sinceMs ?? now, continueByMs: now + CONTINUATION_WITHIN_MS, stopped: earlier?.stopped ?? false });
  return true;
}

/**
 * How far the plan came. With changes left, the continuation says by when the rest continues and
 * the Audit log how far it came; a stopped plan that finishes says so too. Once nothing is left,
 * the continuation goes, and the trigger with it unless a schedule or another of this user's applies needs it.
 */
function recordProgress<Record>(context: SheetChangesContext<Record>, journal: ChangeJournal, report: ApplyReport<Record>, continuing: boolean): ApplyProgress {
  const entries = journal.entries();
  const open = entries.filter(isOpen);
  const planIds = new Set(open.length > 0 ? open.map((entry) => entry.planId) : entries.slice(-1).map((entry) => entry.planId));
  const plan = entries.filter((entry) => planIds.has(entry.planId));
  const count = (...states: ChangeState[]): number => plan.filter((entry) => states.includes(entry.state)).length;
  const progress = { planned: plan.length, applied: count('applied', 'awaiting'), notApplied: count('refused', 'conflict'), open: open.length };
  const store = new ContinuationStore(context.properties);
  const now = context.clock.now();
  const auditRow = (result: string, message: string) => ({ atMs: now, user: context.user, account: context.account, invoice: '', action: 'apply', before: '', after: '', result, message });
  const arranged = store.get(context.reportId);
  if (open.length === 0) {
    if (arranged !== null) {
      store.remove(context.reportId);
      if (arranged.stopped) context.audit.append([auditRow(`finished: ${progress.applied} of ${progress.planned} applied`, 'The apply stopped earlier has continued to its end.')]);
      try {
        if (context.triggers) syncReportsTrigger(new ReportStore(context.properties), context.triggers, store.list().some((other) => other.user === context.user));
      } catch {
        // A trigger left behind finds nothing to continue at its next run and removes itself then.
      }
    }
    return { ...progress, continueByMs: null };
  }
  const continueByMs = continuing && arranged !== null ? now + CONTINUATION_WITHIN_MS : null;
  if (continueByMs !== null && arranged !== null) store.put({ ...arranged, continueByMs, stopped: true });
  const rest = continueByMs !== null ? `the rest (${open.length}) continue by ${continueByText(continueByMs)} or when applied again` : `the rest (${open.length}) continue when applied again`;
  context.audit.append([auditRow(`stopped: ${progress.applied} of ${progress.planned} applied; ${rest}`, report.stoppedBecause ?? '')]);
  return { ...progress, continueByMs };
}

/** What a row still to send (or to check) adds to its Apply result: when it continues. */
function openNote(progress: ApplyProgress): string {
  if (progress.open === 0) return '';
  return progress.continueByMs !== null
    ? `Continues by ${continueByText(progress.continueByMs)} (the add-on's hourly run), or at once if you apply again.`
    : 'Apply again to carry on: nothing is sent twice.';
}

/** Each change's result on its row; changed rows refreshed from the read-back; deleted rows removed; created invoices bound. */
function settleSheet<Record>(context: SheetChangesContext<Record>, sheet: SheetPort, report: ApplyReport<Record>, openNote: string): void {
  const dialect = dialectOf(context);
  const layout = headersOf(sheet);
  const rows = readRows(sheet, layout.length);
  const column = (header: string): number => layout.indexOf(header);
  const rowOfInvoice = new Map<string, number>();
  const rowOfToken = new Map<string, number>();
  rows.forEach((row, index) => {
    const id = cellText(row[column(IDENTITY_HEADERS.invoiceId)]);
    const token = TOKEN_PATTERN.exec(cellText(row[column(dialect.tokenHeader)]))?.[1];
    if (id !== '') rowOfInvoice.set(id, index + 2);
    else if (token) rowOfToken.set(token, index + 2);
  });

  const memory = new Map<string, RememberedInvoice | null>();
  const results = new Map<number, string>();
  const deletedRows: number[] = [];
  for (const result of report.results) {
    const { change } = result;
    const sheetRow = change.token !== null ? rowOfToken.get(change.token) ?? (result.createdId ? rowOfInvoice.get(result.createdId) : undefined) : rowOfInvoice.get(change.invoiceId ?? '');
    if (sheetRow === undefined) continue;
    const text = openNote !== '' && (result.state === 'queued' || result.state === 'under-way') ? `${resultText(result).replace(/[.\s]*$/, '.')} ${openNote}` : resultText(result);
    results.set(sheetRow, joinResult(results.get(sheetRow), text));
    if (change.action === 'delete' && result.state === 'applied') {
      deletedRows.push(sheetRow);
      memory.set(change.invoiceId ?? '', null);
    }
    if (change.action === 'create' && result.state === 'applied' && result.createdId) {
      sheet.writeBlock(sheetRow, column(IDENTITY_HEADERS.invoiceId) + 1, [[result.createdId]], [[PLAIN_TEXT]]);
      rowOfInvoice.set(result.createdId, sheetRow);
      dialect.settleCreated?.({ spreadsheet: context.spreadsheet, sheetName: context.sheetName, headers: layout, row: rows[sheetRow - 2] ?? [], invoiceId: result.createdId, result: resultText(result) });
    }
  }
  // Changed invoices as the provider now has them: the row shows them and the memory takes them, so
  // review finds nothing left. A cell showing neither what the review saw nor what was sent was
  // edited since (the read-back may come executions later): it is kept, pending for the next review.
  const reviewedMemory = report.readBack.size > 0 ? new EditableMemoryStore(context.spreadsheet, context.reportId).load() : {};
  const sentTo = new Map<string, PlannedChange[]>();
  for (const result of report.results) {
    if (result.state === 'applied' && result.change.invoiceId !== null) sentTo.set(result.change.invoiceId, [...(sentTo.get(result.change.invoiceId) ?? []), result.change]);
  }
  const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
  for (const current of report.readBack.values()) {
    const remembered = context.remember(current.record);
    const sheetRow = rowOfInvoice.get(remembered.id);
    if (sheetRow === undefined || deletedRows.includes(sheetRow)) continue;
    const row = rows[sheetRow - 2] ?? [];
    const sent = sentTo.get(remembered.id) ?? [];
    for (const editable of dialect.editableColumns) {
      const index = column(editable.header);
      if (index < 0) continue;
      const shown = cellText(row[index]);
      const reviewed = [reviewedMemory[remembered.id]?.fields[editable.field] ?? '', ...sent.flatMap((change) => change.fields.filter((field) => field.field === editable.field).map((field) => field.after))];
      // As the report's text columns shape it (a note longer than a cell cut, and saying so), so the write fits and the row is as a refresh leaves it.
      if (reviewed.some((text) => same(text, shown))) sheet.writeBlock(sheetRow, index + 1, [[textCell(remembered.fields[editable.field] ?? '')]], [[PLAIN_TEXT]]);
    }
    // The correction sent is cleared from its cells; one typed since stays.
    const comment = cellText(row[column(ACTION_HEADERS.correctionComment)]);
    if (sent.some((change) => change.action === 'correction' && same(change.comment, comment))) clearCorrectionCells(sheet, layout, sheetRow);
    memory.set(remembered.id, { version: remembered.version, currency: remembered.currency, fields: remembered.fields });
  }
  writeResults(sheet, results);
  for (const sheetRow of [...deletedRows].sort((a, b) => b - a)) sheet.deleteRows(sheetRow, 1);
  if (memory.size > 0) new EditableMemoryStore(context.spreadsheet, context.reportId).save(memory);
}

/** A change's result as its row's Apply result says it (`✓ Applied at …`). */
export function resultText(result: ChangeResult): string {
  return `${STATE_MARKS[result.state]} ${result.message}`;
}

const STATE_MARKS: Record<ChangeState, string> = { applied: '✓', refused: '✗', conflict: '✗', queued: '…', 'under-way': '?', awaiting: '…' };

function joinResult(previous: string | undefined, next: string): string {
  return previous === undefined ? next : `${previous} ${next}`;
}

/**
 * The sheet's pending changes, less those the journal holds as sent (applied, or a creation
 * awaiting its invoice): a row not refreshed yet still differs from the memory, but is not pending.
 * `sentStillShown` are those: confirming keeps their journal entries, so they stay "sent".
 */
function planOf<Record>(context: SheetChangesContext<Record>, sheet: SheetPort, deadline: Deadline): ReviewPlan & { sentStillShown: ReviewPlan['changes'] } {
  const table = tableOf(sheet);
  const memory = new EditableMemoryStore(context.spreadsheet, context.reportId).load();
  const dialect = dialectOf(context);
  const facts = context.provider.reviewFacts(dialect.newRowAffiliates(table), deadline);
  const stamp = context.clock.now().toString(36);
  const plan = dialect.review({ table, memory, facts, newToken: (sheetRow) => `${stamp}r${sheetRow}`, spreadsheet: context.spreadsheet, sheetName: context.sheetName });
  const sent = new Set(
    new ChangeJournal(context.spreadsheet, context.reportId)
      .entries()
      .filter((entry) => entry.state === 'applied' || entry.state === 'awaiting')
      .map((entry) => entry.change.key),
  );
  return { ...plan, changes: plan.changes.filter((change) => !sent.has(change.key)), sentStillShown: plan.changes.filter((change) => sent.has(change.key)) };
}

/** The sheet, with the action columns added at the right of the headers when missing. */
function editableSheet<Record>(context: SheetChangesContext<Record>): SheetPort {
  const sheet = context.spreadsheet.sheetByName(context.sheetName);
  if (!sheet) throw new Error(`There is no sheet named "${context.sheetName}": refresh the report first.`);
  addActionColumns(sheet, dialectOf(context).actionHeaders);
  return sheet;
}

/**
 * Adds the action columns right of the headers when missing (a refresh of an editable report does
 * too; Affise's: `Correction`, `Correction comment`, `Delete` and `Apply result`), and shows a
 * `Delete` column as checkboxes down to the last row (again each time: rows added since get theirs).
 */
export function addActionColumns(sheet: SheetPort, actionHeaders: readonly string[] = AFFISE_DIALECT.actionHeaders): void {
  let headers = headersOf(sheet);
  const missing = actionHeaders.filter((header) => !headers.includes(header));
  if (missing.length > 0) {
    const at = headers.length;
    if (sheet.maxColumns() < at + missing.length) sheet.insertColumnsAfter(sheet.maxColumns(), at + missing.length - sheet.maxColumns());
    sheet.writeBlock(1, at + 1, [missing], [missing.map(() => PLAIN_TEXT)]);
    headers = [...headers, ...missing];
  }
  const lastRow = sheet.lastRow();
  const deleteColumn = headers.indexOf(ACTION_HEADERS.delete);
  if (lastRow >= 2 && deleteColumn >= 0 && actionHeaders.includes(ACTION_HEADERS.delete)) sheet.requireCheckboxes({ row: 2, column: deleteColumn + 1, rows: lastRow - 1, columns: 1 });
}

/** A sheet's header and data rows as review reads them. */
export function tableOf(sheet: SheetPort): EditableTable {
  const headers = headersOf(sheet);
  return { headers, rows: readRows(sheet, headers.length), firstRow: 2 };
}

function headersOf(sheet: SheetPort): string[] {
  if (sheet.lastRow() === 0) return [];
  const [header = []] = sheet.readValues({ row: 1, column: 1, rows: 1, columns: sheet.maxColumns() });
  const texts = header.map(cellText);
  while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
  return texts;
}

function readRows(sheet: SheetPort, width: number): SheetCell[][] {
  const last = sheet.lastRow();
  return last < 2 || width === 0 ? [] : sheet.readValues({ row: 2, column: 1, rows: last - 1, columns: width });
}

function writeTokens(sheet: SheetPort, plan: ReviewPlan, tokenHeader: string): void {
  const notes = headersOf(sheet).indexOf(tokenHeader);
  for (const { sheetRow, notes: text } of plan.tokensToWrite) sheet.writeBlock(sheetRow, notes + 1, [[text]], [[PLAIN_TEXT]]);
}

/** Apply result colours: red not sent, green landed, yellow pending or not known yet. */
const COLOURS = { refused: '#f4cccc', applied: '#d9ead3', pending: '#fff2cc' } as const;

function colourOf(text: string): string {
  return text.startsWith('✗') ? COLOURS.refused : text.startsWith('✓') ? COLOURS.applied : COLOURS.pending;
}

/** Each row's result and its colour (one cell each: rows with results are few and scattered). */
export function writeResults(sheet: SheetPort, results: ReadonlyMap<number, string>): void {
  const column = headersOf(sheet).indexOf(ACTION_HEADERS.result) + 1;
  for (const [sheetRow, text] of results) {
    sheet.writeBlock(sheetRow, column, [[text]], [[PLAIN_TEXT]]);
    sheet.setBackground({ row: sheetRow, column, rows: 1, columns: 1 }, colourOf(text));
  }
}

function clearCorrectionCells(sheet: SheetPort, layout: readonly string[], sheetRow: number): void {
  for (const header of [ACTION_HEADERS.correction, ACTION_HEADERS.correctionComment]) {
    const index = layout.indexOf(header);
    if (index >= 0) sheet.writeBlock(sheetRow, index + 1, [['']], [[PLAIN_TEXT]]);
  }
}

function cellText(value: SheetCell | undefined): string {
  if (value === undefined || value === '') return '';
  return value instanceof Date ? value.toISOString() : String(value).trim();
}
