import type { EverflowInvoiceListItem } from '../../model/invoice';
import { isUnreadable, type Amount } from '../../model/money';
import type { HistoryEntry } from './report-table';
import type { InvoiceSyncEntry, SyncState } from './sync-state';

/** What a history report watches: a change in any of these is a new row of the timeline. */
const WATCHED: ReadonlyArray<{ label: string; read: (invoice: EverflowInvoiceListItem) => string | number | null }> = [
  { label: 'status', read: (invoice) => invoice.status },
  { label: 'balance', read: (invoice) => comparableAmount(invoice.balance) },
  { label: 'paid', read: (invoice) => comparableAmount(invoice.paid) },
];

function comparableAmount(amount: Amount): string | number | null {
  return isUnreadable(amount) ? `unreadable ${JSON.stringify(amount.unreadable)}` : amount;
}

const shown = (value: string | number | null): string => (value === null ? '(none)' : String(value));

/** "status unpaid → paid, paid 0 → 150", or null when nothing watched changed. */
export function describeChange(before: EverflowInvoiceListItem, after: EverflowInvoiceListItem): string | null {
  const changes = WATCHED.filter(({ read }) => read(before) !== read(after)).map(
    ({ label, read }) => `${label} ${shown(read(before))} → ${shown(read(after))}`,
  );
  return changes.length === 0 ? null : changes.join(', ');
}

export interface HistoryStep {
  /** Rows to append, in list order, then invoices that left the filter. */
  entries: HistoryEntry[];
  /** What to remember for the next run. */
  state: SyncState;
}

/**
 * The timeline rows of this run: each listed invoice seen for the first time ("new") or whose
 * status, balance or paid amount changed since it was last recorded, and each recorded invoice
 * that no longer matches the report's filters ("left the filter", with its last known values).
 */
export function historyStep(previous: SyncState, listed: readonly EverflowInvoiceListItem[], recordedAtMs: number): HistoryStep {
  const entries: HistoryEntry[] = [];
  const next = new Map<number, InvoiceSyncEntry>();
  for (const item of listed) {
    const before = previous.entries.get(item.id)?.item ?? null;
    const change = before === null ? 'new' : describeChange(before, item);
    if (change !== null) entries.push({ recordedAtMs, change, item });
    next.set(item.id, { invoiceId: item.id, updatedMs: item.updatedMs, rows: 0, item });
  }
  for (const entry of previous.entries.values()) {
    if (!next.has(entry.invoiceId) && entry.item !== null) entries.push({ recordedAtMs, change: 'left the filter', item: entry.item });
  }
  return { entries, state: { entries: next, timeZone: previous.timeZone, recordedAtMs } };
}
