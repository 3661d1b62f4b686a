import type { Deadline } from '../../ports/clock';
import { AFFISE_STATUS_CODES, type AffisePayment } from '../../provider/affise/normalize';
import type { AffisePaymentQuery } from '../../provider/affise/query';
import type { AffiseReportSource } from '../affise/report-source';
import { bindCreatedInvoices, rememberAffisePayment } from '../changes/affise-changes';
import { EditableMemoryStore } from '../changes/memory-sheet';
import { tokenedNewRows, type RememberedInvoice } from '../changes/review';
import { addActionColumns } from '../changes/sheet-changes';
import { affiseQueryOf } from '../affise/source';
import type { AffiseInvoiceFilters } from '../parameters';
import { affiseInvoiceRows } from '../tables/affise/invoices';
import { affiseLineRows } from '../tables/affise/lines';
import { affiseReceivables } from '../tables/affise/receivables';
import { summariseAffiseInvoices } from '../tables/affise/summary';
import { refreshDashboard } from './dashboard';
import { affiseFiltersOf, type AffiseReportDefinition } from './definition';
import { planMerge, planReplace } from './output-modes';
import { cellRoom } from './plan-check';
import { loadState, openReportRun, writeReport, type RefreshContext, type RefreshOutcome } from './refresh';
import { rowFromSheet, type ReportBlock } from './report-sheet';
import { affiseInvoiceReportRows, affiseLineReportRows, affiseSummaryReportRows, type ReportLayout, type ReportRow, type ReportShapeContext } from './report-table';
import { rowsByInvoice } from './sync';
import { stateGrid, stateSheetName, type InvoiceSyncEntry } from './sync-state';
import type { WritePlan } from './write-plan';

/*
 * Refreshing an Affise report. Affise's list carries every invoice whole (offer lines and
 * corrections included) at 100 a request, and filters on `updated_at` to the hour
 * (`update_from_date` / `update_from_hour`), so an invoices or lines report is kept in step
 * incrementally:
 *
 * - First run (or a lost memory): the whole list of the report's filters, ceil(N/100) requests.
 * - Then: the invoices of the report's dates and affiliates updated since the newest `updated_at`
 *   the report holds, less an hour (Affise's clock and zone, never ours; the hour covers
 *   invoices that become visible late), status not filtered so an invoice whose status leaves
 *   the filter is seen leaving: ceil(K/100) requests, at least 1.
 * - Deletions change nothing that list shows. So whenever something changed, and at least every
 *   6 hours otherwise, one one-row request counts the report's invoices (`pagination.total`); when
 *   the count differs from what the report holds, the whole list is read again (a sweep,
 *   ceil(N/100)) and the sheet takes exactly that.
 * - Invoices whose rows on the sheet no longer add up (edited by hand) are read again by id.
 *
 * A steady-state run with K changed costs ceil(K/100) + 1 requests; with nothing changed, 1
 * (2 once per 6 hours). A summary report is recomputed from the whole list: ceil(N/100).
 * Everything is fetched and planned before the first write, as for Everflow.
 */

export interface AffiseRefreshContext extends Omit<RefreshContext, 'provider'> {
  source: AffiseReportSource;
}

/** Invoices updated within this margin before the newest `updated_at` held are read again. */
const OVERLAP_MS = 3_600_000;

export function refreshAffiseReport(context: AffiseRefreshContext, definition: AffiseReportDefinition, deadline: Deadline): RefreshOutcome {
  if (definition.kind === 'affise-dashboard') {
    // The owed invoices (waiting, pending, partly paid) of the whole list, ceil(N/100) requests, every run: no memory to keep.
    const query = affiseQueryOf(affiseFiltersOf(definition), context.clock.now());
    return refreshDashboard(context, definition, deadline, (fetchDeadline) => affiseReceivables(context.source.listPayments(query, fetchDeadline)));
  }
  const { layout, width, existing, block, fetchDeadline, ctx } = openReportRun(context, definition, deadline);
  const filters = affiseFiltersOf(definition);
  const query = affiseQueryOf(filters, ctx.nowMs);

  let plan: WritePlan;
  let entries: Map<number, InvoiceSyncEntry> | null = null;
  let editableStep: Map<string, RememberedInvoice | null> | null = null;
  if (definition.kind === 'affise-summary') {
    plan = planReplace(block, layout, affiseSummaryReportRows(summariseAffiseInvoices(context.source.listPayments(query, fetchDeadline)), ctx));
  } else {
    const step = syncStep(context, definition, layout, block, filters, query, fetchDeadline);
    if (definition.editable === true) {
      editableStep = editableRefresh(context, definition, layout, block, step, fetchDeadline);
    }
    const rowsOf = (fresh: readonly AffisePayment[]): Map<number, ReportRow[]> => freshRows(context.source, definition, fresh, ctx, fetchDeadline);
    const fresh = rowsOf(step.fresh);
    const onSheet = rowsByInvoice(block, layout);
    // Affise lists newest first: the report keeps that order whatever arrived when.
    const ids = [...step.ids].sort((a, b) => b - a);
    plan =
      definition.mode === 'merge'
        ? planMerge(block, layout, ids.flatMap((id) => fresh.get(id) ?? []), { recomputed: new Set(fresh.keys()), kept: step.ids })
        : planReplace(block, layout, ids.flatMap((id) => fresh.get(id) ?? (onSheet.get(id) ?? []).map((row) => rowFromSheet(row, layout, id))));
    entries = new Map();
    const previous = step.previous;
    for (const id of ids) {
      const invoice = step.freshById.get(id);
      const kept = previous.get(id);
      if (invoice) entries.set(id, { invoiceId: id, updatedMs: updatedKey(invoice), rows: fresh.get(id)?.length ?? 0, item: null });
      else if (kept) entries.set(id, kept);
    }
    if (step.countChecked) context.source.deletionChecked(definition.id);
  }

  let cells: number | null = null;
  const room = (): number => (cells ??= cellRoom(context.spreadsheet, [definition.sheet, stateSheetName(definition.id)]));
  // Wall clocks show what Affise shows in any zone: a zone change leaves these rows as they are.
  const grid = entries ? stateGrid(definition, { entries, timeZone: ctx.sheetTimeZone, recordedAtMs: null }) : null;
  writeReport(context, definition, { existing, width, plan, grid, gridBefore: null, room });
  if (editableStep) {
    const sheet = context.spreadsheet.sheetByName(definition.sheet);
    if (sheet) addActionColumns(sheet);
    new EditableMemoryStore(context.spreadsheet, definition.id).save(editableStep);
  }
  return { rowsChanged: plan.rowsChanged, rowsRemoved: plan.rowsRemoved, progress: null, stoppedByQuota: null };
}

interface SyncStep {
  /** Every invoice the report holds after this run. */
  ids: ReadonlySet<number>;
  /** Invoices read in this run: their rows are rewritten. */
  fresh: AffisePayment[];
  freshById: Map<number, AffisePayment>;
  previous: ReadonlyMap<number, InvoiceSyncEntry>;
  countChecked: boolean;
}

function syncStep(
  context: AffiseRefreshContext,
  definition: AffiseReportDefinition,
  layout: ReportLayout,
  block: ReportBlock,
  filters: AffiseInvoiceFilters,
  query: AffisePaymentQuery,
  deadline: Deadline,
): SyncStep {
  const previous = loadState(context, definition).entries;
  const full = (countChecked: boolean): SyncStep => {
    const all = context.source.listPayments(query, deadline);
    return { ids: new Set(all.map((invoice) => invoice.id)), fresh: all, freshById: byId(all), previous, countChecked };
  };
  const watermark = Math.max(-Infinity, ...[...previous.values()].flatMap((entry) => (entry.updatedMs === null ? [] : [entry.updatedMs])));
  if (previous.size === 0 || !Number.isFinite(watermark)) return full(true);

  const since = new Date(watermark - OVERLAP_MS);
  const { statuses: _statuses, ...withoutStatus } = query;
  const changed = context.source.listPayments({ ...withoutStatus, updateFromDate: since.toISOString().slice(0, 10), updateFromHour: since.getUTCHours() }, deadline);
  const wanted = filters.statuses === null ? null : new Set<string>(filters.statuses.map((status) => String(AFFISE_STATUS_CODES[status])));
  const matches = (invoice: AffisePayment): boolean => wanted === null || (invoice.statusCode !== null && wanted.has(invoice.statusCode));

  // The overlap brings back invoices the report already holds as they are: only the others changed.
  const moved = changed.filter((invoice) => {
    const entry = previous.get(invoice.id);
    return entry === undefined ? matches(invoice) : entry.updatedMs !== updatedKey(invoice) || !matches(invoice);
  });
  const ids = new Set(previous.keys());
  const freshById = new Map<number, AffisePayment>();
  for (const invoice of moved) {
    if (matches(invoice)) {
      ids.add(invoice.id);
      freshById.set(invoice.id, invoice);
    } else ids.delete(invoice.id);
  }
  // Rows that no longer add up to what the report wrote are read again, 100 invoices a request.
  const onSheet = rowsByInvoice(block, layout);
  const damaged = [...ids].filter((id) => !freshById.has(id) && previous.get(id)?.rows !== (onSheet.get(id)?.length ?? 0));
  if (damaged.length > 0) {
    const reread = byId(context.source.listPaymentsByIds(damaged, deadline));
    for (const id of damaged) {
      const invoice = reread.get(id);
      if (invoice && matches(invoice)) freshById.set(id, invoice);
      else ids.delete(id);
    }
  }

  const countChecked = moved.length > 0 || context.source.deletionCheckDue(definition.id);
  if (countChecked && context.source.countPayments(query, deadline) !== ids.size) return full(true);
  const fresh = [...freshById.values()];
  return { ids, fresh, freshById, previous, countChecked };
}

/**
 * An editable report (docs/changes.md): invoices the change memory lacks are read again (a report
 * made editable after its first run), a typed new row whose invoice Affise has now created takes
 * that invoice's id (so the merge rewrites that row instead of adding another), and the memory
 * of what this run writes is returned: each fresh invoice as read, each invoice gone forgotten.
 */
function editableRefresh(context: AffiseRefreshContext, definition: AffiseReportDefinition, layout: ReportLayout, block: ReportBlock, step: SyncStep, deadline: Deadline): Map<string, RememberedInvoice | null> {
  const memory = new EditableMemoryStore(context.spreadsheet, definition.id).load();
  const unknown = [...step.ids].filter((id) => !step.freshById.has(id) && memory[String(id)] === undefined);
  if (unknown.length > 0) {
    for (const invoice of context.source.listPaymentsByIds(unknown, deadline)) {
      if (!step.ids.has(invoice.id) || step.freshById.has(invoice.id)) continue;
      step.fresh.push(invoice);
      step.freshById.set(invoice.id, invoice);
    }
  }
  const invoiceColumn = layout.invoiceColumn;
  if (invoiceColumn !== null && block.header) {
    const table = { headers: block.header.cells.map((cell) => String(cell ?? '')), rows: block.rows.map((row) => row.cells), firstRow: 2 };
    for (const { sheetRow, payment } of bindCreatedInvoices(tokenedNewRows(table), step.fresh)) {
      const row = block.rows[sheetRow - 2];
      if (row) row.cells[invoiceColumn] = payment.id;
    }
  }
  const updates = new Map<string, RememberedInvoice | null>();
  for (const id of Object.keys(memory)) if (!step.ids.has(Number(id))) updates.set(id, null);
  for (const invoice of step.fresh) {
    const { id, ...remembered } = rememberAffisePayment(invoice);
    updates.set(id, remembered);
  }
  return updates;
}

/** The rows each fresh invoice gets; affiliate names are read (or taken from the cache) only when an invoices report has fresh rows. */
function freshRows(source: AffiseReportSource, definition: AffiseReportDefinition, fresh: readonly AffisePayment[], ctx: ReportShapeContext, deadline: Deadline): Map<number, ReportRow[]> {
  const rows = new Map<number, ReportRow[]>(fresh.map((invoice) => [invoice.id, []]));
  if (fresh.length === 0) return rows;
  const shaped =
    definition.kind === 'affise-invoices'
      ? affiseInvoiceReportRows(affiseInvoiceRows(fresh, fresh.some((invoice) => invoice.affiliateId !== null) ? source.affiliateNames(deadline) : new Map()), ctx)
      : affiseLineReportRows(affiseLineRows(fresh), ctx);
  for (const row of shaped) if (row.invoiceId !== null) rows.get(row.invoiceId)?.push(row);
  return rows;
}

/** `updated_at` as a number that orders like Affise's clock: its wall clock read as UTC, or the instant it sent. */
function updatedKey(invoice: AffisePayment): number | null {
  const wall = invoice.updated;
  if (wall) return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return invoice.updatedMs;
}

function byId(invoices: readonly AffisePayment[]): Map<number, AffisePayment> {
  return new Map(invoices.map((invoice) => [invoice.id, invoice]));
}
