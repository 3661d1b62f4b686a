import { Deadline, type Clock } from '../../ports/clock';
import type { LogPort } from '../../ports/logger';
import type { DailyQuota } from '../../ports/quota';
import type { SpreadsheetPort } from '../../ports/spreadsheet';
import type { ZoneRules } from '../../ports/time-zone';
import type { ShapeContext } from '../../sheet/columns';
import { invoiceFiltersOf, type Progress, type ReportDefinition } from './definition';
import { historyStep } from './history';
import { planHistory, planMerge, planReplace } from './output-modes';
import { assertReportSheet, readReportBlock, type ReportBlock } from './report-sheet';
import { historyRows, invoiceRows, layoutOfReport, summaryRows } from './report-table';
import { fetchDetails, syncDetails, type ReportProvider } from './sync';
import type { SyncState, SyncStateStore } from './sync-state';
import { applyPlan, type WritePlan } from './write-plan';

/** Time kept back from fetching for writing the sheet and the sync state. */
export const WRITE_RESERVE_MS = 45_000;

export interface RefreshContext {
  spreadsheet: SpreadsheetPort;
  provider: ReportProvider;
  states: SyncStateStore;
  zones: ZoneRules;
  clock: Clock;
  log: LogPort;
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
  /** The sync state to save after the sheet is written; null for reports that keep none. */
  state: SyncState | null;
  progress: Progress | null;
}

const EMPTY_BLOCK: ReportBlock = { header: null, rows: [], lastRow: 0 };

/**
 * Refreshes one report. Everything is fetched and the write plan computed before the first
 * write, so a failure on the way (network, 429s, bad data, an error) leaves the sheet as it was;
 * the only early stops that write are running out of time or out of Google's daily URL-fetch
 * quota during a backfill, and then every invoice written is written whole. The sheet is written before the sync state: should the
 * state write be lost, the next run fetches those invoices again and lands on the same sheet.
 */
export function refreshReport(context: RefreshContext, definition: ReportDefinition, deadline: Deadline): RefreshOutcome {
  const layout = layoutOfReport(definition);
  const width = layout.headers.length;
  const existing = context.spreadsheet.sheetByName(definition.sheet);
  const block = existing ? readReportBlock(existing, width) : EMPTY_BLOCK;
  assertReportSheet(block, layout, definition.sheet);

  const fetchDeadline = new Deadline(context.clock, deadline.atMs - WRITE_RESERVE_MS);
  const ctx: ShapeContext = { sheetTimeZone: context.spreadsheet.timeZone(), zones: context.zones, nowMs: context.clock.now() };
  const listed = context.provider.listInvoices(invoiceFiltersOf(definition), fetchDeadline);
  let stoppedByQuota: DailyQuota | null = null;
  const prepared = ((): Prepared => {
    const simple = (plan: WritePlan): Prepared => ({ plan, state: null, progress: null });
    switch (definition.kind) {
      case 'summary':
        return simple(planReplace(block, layout, summaryRows(listed, ctx)));
      case 'invoices': {
        if (definition.mode === 'replace') return simple(planReplace(block, layout, invoiceRows(listed, ctx)));
        if (definition.mode === 'merge') return simple(planMerge(block, layout, invoiceRows(listed, ctx), { recomputed: 'all', kept: new Set() }));
        const step = historyStep(loadState(context, definition), listed, ctx.nowMs);
        return { plan: planHistory(block, layout, historyRows(step.entries, ctx)), state: step.state, progress: null };
      }
      case 'lines':
      case 'payments': {
        const sync = syncDetails(
          definition,
          layout,
          block,
          loadState(context, definition),
          listed,
          (ids) => fetchDetails(context.provider, ids, fetchDeadline, (error) => (stoppedByQuota = error.quota)),
          ctx,
        );
        return { plan: sync.plan, state: sync.state, progress: sync.progress };
      }
    }
  })();

  // Nothing is created or written before this point.
  const sheet = existing ?? context.spreadsheet.insertSheet(definition.sheet);
  applyPlan(sheet, prepared.plan, width);
  if (prepared.state) context.states.save(definition, prepared.state);
  return {
    rowsChanged: prepared.plan.rowsChanged,
    rowsRemoved: prepared.plan.rowsRemoved,
    progress: prepared.progress,
    stoppedByQuota,
  };
}

function loadState(context: RefreshContext, definition: ReportDefinition): SyncState {
  const loaded = context.states.load(definition);
  if (loaded.discarded !== null) context.log.warn(`Report "${definition.name}": starting over, its saved sync state was not used (${loaded.discarded}).`);
  return loaded.state;
}
