import type { EverflowInvoiceListItem } from '../../../model/invoice';
import type { Receivable } from '../aging';
import { dueDateOf, isUnpaid } from './due-date';

/**
 * Everflow's invoices still owed, due by its due-date rule: unpaid, and a balance above 0 or one
 * that cannot be read (it is counted as lacking, so its totals say so instead of coming out short).
 * Its days past due count to today in its own zone, UTC when Everflow's id names none we know.
 */
export function everflowReceivables(invoices: readonly EverflowInvoiceListItem[]): Receivable[] {
  return invoices.flatMap((invoice) =>
    isUnpaid(invoice) && !(typeof invoice.balance === 'number' && invoice.balance <= 0)
      ? [{ id: invoice.id, currency: invoice.currency, balance: invoice.balance, dueDate: dueDateOf(invoice), zone: invoice.zone.iana ?? 'UTC' }]
      : [],
  );
}
