import type { EverflowInvoiceDetail, EverflowInvoiceListItem } from '../../model/invoice';
import { DeadlineExceededError, type Deadline } from '../../ports/clock';
import { asDailyQuotaError, type DailyQuotaExceededError } from '../../ports/quota';
import type { EverflowInvoiceProvider } from '../../provider/provider';
import type { KeyRole } from '../key-role';
import type { Progress, ReportDefinition } from './definition';
import { planMerge, planReplace } from './output-modes';
import { isBlankRow, rowFromSheet, type ReportBlock, type SheetRow } from './report-sheet';
import { detailRows, invoiceIdOfCells, rowKeys, type ReportLayout, type ReportRow, type ReportShapeContext } from './report-table';
import type { InvoiceSyncEntry, SyncState } from './sync-state';
import type { WritePlan } from './write-plan';

/**
 * Incremental sync of a lines or payments report. The invoice list is cheap (2,000 invoices a
 * request) and carries each invoice's `time_saved`; details cost a request per invoice. So a run
 * lists the matching invoices, fetches details only for invoices that are new, changed since the
 * version on the sheet, or whose rows on the sheet no longer add up, and drops the rows of
 * invoices that left the filter: `ceil(N / 2000) + K` requests for N invoices with K changed.
 *
 * A run that runs out of time keeps every invoice it fetched whole and says how far it got; the
 * next run picks up the rest, because those are still stale.
 */

/**
 * What the sync needs of the provider: the list and details, with the traffic counters, and the
 * key's role (a network key's reports show the partner of each row); absent, a partner's.
 */
export type ReportProvider = Pick<EverflowInvoiceProvider, 'stats' | 'listInvoices' | 'fetchInvoiceDetails'> & { readonly role?: KeyRole; readonly roleIsGuess?: boolean };

export interface DetailSync {
  plan: WritePlan;
  state: SyncState;
  /** Null once every listed invoice is on the sheet at its current version. */
  progress: Progress | null;
}

/** The rows each invoice has on the sheet, in sheet order. */
export function rowsByInvoice(block: ReportBlock, layout: ReportLayout): Map<number, SheetRow[]> {
  const byInvoice = new Map<number, SheetRow[]>();
  for (const row of block.rows) {
    const invoiceId = invoiceIdOfCells(row.cells, layout);
    if (invoiceId === null || isBlankRow(row)) continue;
    const rows = byInvoice.get(invoiceId);
    if (rows) rows.push(row);
    else byInvoice.set(invoiceId, [row]);
  }
  return byInvoice;
}

/** True when the sheet may not show the invoice as it is now. Without a `time_saved` there is no telling, so always. */
function isStale(item: EverflowInvoiceListItem, entry: InvoiceSyncEntry | undefined, rowsOnSheet: number): boolean {
  return entry === undefined || item.updatedMs === null || entry.updatedMs !== item.updatedMs || entry.rows !== rowsOnSheet;
}

/**
 * An invoice's rows with each key once. Everflow sending a line twice would otherwise leave the
 * sheet (merge keeps one) and the remembered row count apart, and the invoice would be fetched
 * on every run.
 */
function distinctRows(rows: readonly ReportRow[], layout: ReportLayout): ReportRow[] {
  const keys = rowKeys(
    rows.map((row) => row.cells),
    layout,
  );
  return rows.filter((_, index) => keys.indexOf(keys[index] ?? '') === index);
}

/**
 * Fetches the details of `ids` until done, out of time, or out of Google's daily quota. Only
 * those are survivable (`onQuota` hears of a quota stop): any other failure propagates and
 * nothing of this run is written. `onFetched` hears how many have come, from 0, as they come.
 */
export function fetchDetails(
  provider: ReportProvider,
  ids: readonly number[],
  deadline: Deadline,
  onQuota: (error: DailyQuotaExceededError) => void = () => undefined,
  onFetched: (count: number) => void = () => undefined,
): Map<number, EverflowInvoiceDetail> {
  const details = new Map<number, EverflowInvoiceDetail>();
  if (ids.length === 0) return details;
  onFetched(0);
  try {
    provider.fetchInvoiceDetails(ids, deadline, (detail) => {
      details.set(detail.id, detail);
      onFetched(details.size);
    });
  } catch (error) {
    const quota = asDailyQuotaError(error);
    if (quota) onQuota(quota);
    else if (!(error instanceof DeadlineExceededError)) throw error;
  }
  return details;
}

/** One sync run of a lines or payments report, from the list to the write plan and the state to keep. */
export function syncDetails(
  definition: ReportDefinition,
  layout: ReportLayout,
  block: ReportBlock,
  previous: SyncState,
  listed: readonly EverflowInvoiceListItem[],
  fetch: (ids: readonly number[]) => Map<number, EverflowInvoiceDetail>,
  ctx: ReportShapeContext,
  /** Checks that the whole report fits, from its rows per invoice; throws to stop the run. */
  checkProjectedRows: (rows: number) => void = () => undefined,
  role: KeyRole = 'affiliate',
): DetailSync {
  const onSheet = rowsByInvoice(block, layout);
  const staleIds = listed
    .filter((item) => isStale(item, previous.entries.get(item.id), onSheet.get(item.id)?.length ?? 0))
    .map((item) => item.id);
  // The report's full size, from the rows per invoice remembered (before spending requests) and then also fetched.
  const projectFrom = (counts: readonly number[]): void => {
    if (counts.length > 0) checkProjectedRows(Math.ceil((counts.reduce((sum, rows) => sum + rows, 0) / counts.length) * listed.length));
  };
  const remembered = [...previous.entries.values()].map((entry) => entry.rows);
  projectFrom(remembered);
  const details = fetch(staleIds);

  const fresh = new Map<number, ReportRow[]>();
  for (const [invoiceId, detail] of details) fresh.set(invoiceId, distinctRows(detailRows(definition, detail, ctx, role), layout));
  projectFrom([...remembered, ...[...fresh.values()].map((rows) => rows.length)]);

  const entries = new Map<number, InvoiceSyncEntry>();
  for (const item of listed) {
    const rows = fresh.get(item.id);
    const kept = previous.entries.get(item.id);
    if (rows) entries.set(item.id, { invoiceId: item.id, updatedMs: item.updatedMs, rows: rows.length, item: null });
    else if (kept) entries.set(item.id, kept);
  }

  const listedIds = new Set(listed.map((item) => item.id));
  const plan =
    definition.mode === 'merge'
      ? planMerge(
          block,
          layout,
          listed.flatMap((item) => fresh.get(item.id) ?? []),
          { recomputed: new Set(fresh.keys()), kept: listedIds },
        )
      : planReplace(
          block,
          layout,
          listed.flatMap((item) => fresh.get(item.id) ?? (onSheet.get(item.id) ?? []).map((row) => rowFromSheet(row, layout, item.id))),
        );
  const pending = staleIds.length - details.size;
  return {
    plan,
    state: { entries, timeZone: previous.timeZone, recordedAtMs: null },
    progress: pending === 0 ? null : { done: listed.length - pending, total: listed.length },
  };
}
