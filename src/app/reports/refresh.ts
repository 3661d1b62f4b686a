import { Deadline, type Clock } from '../../ports/clock';
import type { LogPort } from '../../ports/logger';
import type { PropertiesPort } from '../../ports/properties';
import type { DailyQuota } from '../../ports/quota';
import type { SheetPort, SpreadsheetPort } from '../../ports/spreadsheet';
import type { ZoneRules } from '../../ports/time-zone';
import { dateFormatsOf } from '../../sheet/date-formats';
import { everflowReceivables } from '../tables/everflow/receivables';
import { bindCreatedNetworkInvoices, rememberNetworkReport } from '../changes/network-sheet';
import { refreshDashboard } from './dashboard';
import { invoiceFiltersOf, type EverflowReportDefinition, type Progress, type ReportDefinition } from './definition';
import type { KeyRole } from '../key-role';
import { historyStep } from './history';
import { latestRecordedAtMs, planHistory, planMerge, planReplace } from './output-modes';
import { assertReportSheet, headerMatches, readReportBlock, ReportSheetError, type ReportBlock } from './report-sheet';
import { historyRows, invoiceRows, layoutOfReport, summaryRows, type ReportShapeContext } from './report-table';
import { fetchDetails, syncDetails, type ReportProvider } from './sync';
import { cellRoom, checkPlanFits, checkProjectedReport } from './plan-check';
import { rezoneBlock } from './rezone';
import { emptySyncState, STATE_ENTRY_WIDTH, stateGrid, stateSheetName, type StateGrid, type SyncState, type SyncStateStore } from './sync-state';
import { applyPlan, type PlanStep, type WritePlan } from './write-plan';

/** Time kept back from fetching for writing the sheet and the sync state. */
export const WRITE_RESERVE_MS = 45_000;

export interface RefreshContext {
  spreadsheet: SpreadsheetPort;
  provider: ReportProvider;
  states: SyncStateStore;
  zones: ZoneRules;
  clock: Clock;
  log: LogPort;
  /** Where a dashboard remembers its charts' ids. */
  documentProperties: PropertiesPort;
  /** Hears a lines or payments report's count (invoices synced of those matching) as details come. */
  onProgress?: (progress: Progress) => void;
}

export interface RefreshOutcome {
  rowsChanged: number;
  rowsRemoved: number;
  /** Set while a backfill is not finished (the run stopped for time); null when the sheet is complete. */
  progress: Progress | null;
  /** The daily quota that stopped the backfill early, if one did. */
  stoppedByQuota: DailyQuota | null;
}

/** What a run computed before writing anything. */
interface Prepared {
  plan: WritePlan;
  /** The sync state to save with the sheet; null for reports that keep none. */
  state: SyncState | null;
  /** A memory to save before the rows (a history report's first), so the next run can tell this run's rows. */
  before: SyncState | null;
  progress: Progress | null;
}

const EMPTY_BLOCK: ReportBlock = { header: null, rows: [], lastRow: 0 };

/** Lines, payments and history reports remember what they wrote; the others are recomputed whole each run. */
const keepsState = (definition: ReportDefinition): boolean => definition.kind === 'lines' || definition.kind === 'payments' || definition.mode === 'history';

/** The deadline for fetching: the run's, less the time kept for writing. */
export function fetchDeadlineOf(context: Pick<RefreshContext, 'clock'>, deadline: Deadline): Deadline {
  return new Deadline(context.clock, deadline.atMs - WRITE_RESERVE_MS);
}

/**
 * What every refresh starts from: the report's sheet read and checked, the fetch deadline and the
 * shaping context. An Everflow report's columns are its key's role's.
 */
export function openReportRun(context: Pick<RefreshContext, 'spreadsheet' | 'clock' | 'zones'>, definition: ReportDefinition, deadline: Deadline, role: KeyRole = 'affiliate') {
  const layout = layoutOfReport(definition, role);
  const width = layout.headers.length;
  const existing = context.spreadsheet.sheetByName(definition.sheet);
  const block = existing ? readReportBlock(existing, width) : EMPTY_BLOCK;
  if (existing) assertRoleOfSheet(existing, block, definition, role);
  assertReportSheet(block, layout, definition.sheet);
  const fetchDeadline = fetchDeadlineOf(context, deadline);
  const ctx: ReportShapeContext = {
    sheetTimeZone: context.spreadsheet.timeZone(),
    zones: context.zones,
    nowMs: context.clock.now(),
    dateFormats: dateFormatsOf(context.spreadsheet.locale()),
  };
  return { layout, width, existing, block, fetchDeadline, ctx };
}

/**
 * A sheet this report wrote with the other kind of key's columns (the connection's key changed
 * from a partner's to a network's, or back): its rows cannot be merged into the other columns.
 */
function assertRoleOfSheet(sheet: SheetPort, block: ReportBlock, definition: ReportDefinition, role: KeyRole): void {
  // Summaries and Affise reports have one set of columns whatever the key (both layouts match alike).
  if (block.header === null || headerMatches(block.header, layoutOfReport(definition, role))) return;
  const other = layoutOfReport(definition, role === 'network' ? 'affiliate' : 'network');
  // The other type's header may be wider than what was read: its first row alone, as wide.
  const [header = []] = sheet.readValues({ row: 1, column: 1, rows: 1, columns: other.headers.length });
  if (!other.headers.every((title, index) => header[index] === title)) return;
  const [was, now] = role === 'network' ? ['a partner (affiliate) key', 'a network key, whose columns add Affiliate ID | Affiliate'] : ['a network key', 'a partner (affiliate) key, without the partner columns'];
  throw new ReportSheetError(
    `Sheet "${definition.sheet}" holds this report's columns for ${was}, but the connection's key is now ${now}. ` +
      'Nothing was written. Clear the sheet (the next run writes it whole with the new columns) or point the report at a new sheet.',
  );
}

/**
 * Refreshes one report. Everything is fetched, the write plan and the memory to keep computed,
 * and the whole of it checked against Sheets' limits (cell size, cell count) before the first
 * write, so a failure on the way (network, 429s, bad data, a limit) leaves the sheet and the
 * memory as they were; the only early stops that write are running out of time or out of Google's daily URL-fetch quota
 * during a backfill, and then every invoice written is written whole.
 *
 * The rows are written before the memory of them. Should Sheets fail between the two, the next
 * run still lands right: lines and payments fetch the invoices whose memory is missing again and
 * rewrite their rows in place; a history report drops the rows recorded after its last saved run
 * (`recordedAtMs`, saved before its first rows too) and records them again.
 */
export function refreshReport(context: RefreshContext, definition: EverflowReportDefinition, deadline: Deadline): RefreshOutcome {
  if (definition.kind === 'dashboard') {
    return refreshDashboard(context, definition, deadline, (fetchDeadline) => everflowReceivables(context.provider.listInvoices(invoiceFiltersOf(definition), fetchDeadline)));
  }
  // A key whose type is known has its sheet checked before any request. A type still to find out
  // (a connection kept from before types were) is known once the list answered, and the sheet is
  // checked then: checking it against a guess would refuse a network key's sheet.
  const known = context.provider.roleIsGuess === true ? null : (context.provider.role ?? 'affiliate');
  const early = known === null ? null : openReportRun(context, definition, deadline, known);
  const listed = context.provider.listInvoices(invoiceFiltersOf(definition), early?.fetchDeadline ?? fetchDeadlineOf(context, deadline));
  const role = context.provider.role ?? 'affiliate';
  if (definition.editable === true && role !== 'network') {
    throw new ReportSheetError(`The report "${definition.name}" is editable, and only an Everflow network key changes invoices: this connection's key is a partner (affiliate) key. Nothing was written. Use a network key's connection, or remove "editable".`);
  }
  const { layout, width, existing, block: read, fetchDeadline, ctx } = early !== null && role === known ? early : openReportRun(context, definition, deadline, role);
  const previous = keepsState(definition) ? loadState(context, definition) : emptySyncState();
  // The sheet was written in another zone: its moments are re-rendered first, from the sheet itself.
  const rezoned =
    previous.timeZone !== null && previous.timeZone !== ctx.sheetTimeZone ? rezoneBlock(read, layout, previous.timeZone, ctx.sheetTimeZone, context.zones) : null;
  const block = rezoned?.block ?? read;
  let cells: number | null = null;
  const room = (): number => (cells ??= cellRoom(context.spreadsheet, [definition.sheet, stateSheetName(definition.id)]));
  let stoppedByQuota: DailyQuota | null = null;
  const prepared = ((): Prepared => {
    const simple = (plan: WritePlan): Prepared => ({ plan, state: null, before: null, progress: null });
    switch (definition.kind) {
      case 'summary':
        return simple(planReplace(block, layout, summaryRows(listed, ctx)));
      case 'invoices': {
        if (definition.mode === 'replace') return simple(planReplace(block, layout, invoiceRows(listed, ctx, role)));
        if (definition.mode === 'merge') {
          if (definition.editable === true) bindCreatedNetworkInvoices(block, layout, listed);
          return simple(planMerge(block, layout, invoiceRows(listed, ctx, role), { recomputed: 'all', kept: new Set() }));
        }
        // Without a saved run (first run, or a memory from before runs were dated), the rows on the sheet count as saved.
        const committedAtMs = previous.recordedAtMs ?? latestRecordedAtMs(block, layout);
        const step = historyStep(previous, listed, ctx.nowMs);
        return {
          plan: planHistory(block, layout, historyRows(step.entries, ctx, role), committedAtMs),
          state: step.state,
          before: previous.recordedAtMs === null ? { ...previous, recordedAtMs: committedAtMs } : null,
          progress: null,
        };
      }
      case 'lines':
      case 'payments': {
        const sync = syncDetails(
          definition,
          layout,
          block,
          previous,
          listed,
          (ids) =>
            fetchDetails(
              context.provider,
              ids,
              fetchDeadline,
              (error) => (stoppedByQuota = error.quota),
              (fetched) => context.onProgress?.({ done: listed.length - ids.length + fetched, total: listed.length }),
            ),
          ctx,
          (rows) =>
            checkProjectedReport({
              room: room(),
              sheet: existing,
              width,
              rows,
              state: { size: context.states.size(definition.id), rows: listed.length, width: STATE_ENTRY_WIDTH },
            }),
          role,
        );
        return { plan: sync.plan, state: sync.state, before: null, progress: sync.progress };
      }
    }
  })();

  const plan: WritePlan = rezoned
    ? { ...prepared.plan, steps: [...rezoned.steps, ...prepared.plan.steps], rowsChanged: prepared.plan.rowsChanged + rezoned.rowsRewritten }
    : prepared.plan;
  const state = prepared.state ? { ...prepared.state, timeZone: ctx.sheetTimeZone } : null;
  const grid = state ? stateGrid(definition, state) : null;
  const gridBefore = prepared.before ? stateGrid(definition, prepared.before) : null;
  writeReport(context, definition, { existing, width, plan, grid, gridBefore, room });
  if (definition.kind === 'invoices' && definition.editable === true) rememberNetworkReport(context.spreadsheet, definition, listed);
  return {
    rowsChanged: plan.rowsChanged,
    rowsRemoved: plan.rowsRemoved,
    progress: prepared.progress,
    stoppedByQuota,
  };
}

/** A run's whole write: the report's rows and its memory (to save before the rows, or after). */
export interface ReportWrite {
  existing: SheetPort | null;
  width: number;
  plan: WritePlan;
  grid: StateGrid | null;
  gridBefore: StateGrid | null;
  /** Cells the spreadsheet has room for, measured once when first needed. */
  room: () => number;
}

/**
 * Checks the whole write against Sheets' limits (cell size, cell count), then writes: the memory
 * to save first, the rows, then the memory of them. Nothing is created or written before the check.
 */
export function writeReport(context: Pick<RefreshContext, 'spreadsheet' | 'states'>, definition: ReportDefinition, write: ReportWrite): void {
  const { existing, width, plan, grid, gridBefore, room } = write;
  // The memory saved before the rows may be the larger one (invoices that left the filter).
  const largest = gridBefore && grid && gridBefore.values.length * gridBefore.width > grid.values.length * grid.width ? gridBefore : grid;
  checkPlanFits({
    room: room(),
    sheet: existing,
    sheetName: definition.sheet,
    plan,
    width,
    state: largest ? { grid: largest, size: context.states.size(definition.id) } : null,
  });

  const done = { rowsWritten: 0, rowsRemoved: 0 };
  const countStep = (step: PlanStep): void => {
    if (step.kind === 'write') done.rowsWritten += step.rows.length - (step.row === 1 ? 1 : 0);
    if (step.kind === 'delete') done.rowsRemoved += step.count;
  };
  try {
    if (gridBefore) context.states.save(gridBefore, definition.id);
    const sheet = existing ?? context.spreadsheet.insertSheet(definition.sheet);
    applyPlan(sheet, plan, width, countStep);
    if (grid) context.states.save(grid, definition.id);
  } catch (error) {
    throw new WriteInterruptedError(error, done);
  }
}

/**
 * Sheets failed in the middle of a write that passed every check (a service error): part of the
 * plan may be on the sheet. The next run finds the sheet as it is and puts it right.
 */
export class WriteInterruptedError extends Error {
  override name = 'WriteInterruptedError';
  constructor(
    override readonly cause: unknown,
    /** What reached the sheet before Sheets stopped: rows of the write calls that completed (unchanged rows rewritten with them included). */
    readonly done: { rowsWritten: number; rowsRemoved: number },
  ) {
    super(
      `Sheets stopped partway through writing this report (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Some of its rows may already be on the sheet; the next run checks the sheet and completes or corrects them.',
    );
  }
}

export function loadState(context: Pick<RefreshContext, 'states' | 'log'>, definition: ReportDefinition): SyncState {
  const loaded = context.states.load(definition);
  if (loaded.discarded !== null) context.log.warn(`Report "${definition.name}": starting over, its saved sync state was not used (${loaded.discarded}).`);
  return loaded.state;
}
