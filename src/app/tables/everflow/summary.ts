import type { EverflowInvoiceListItem } from '../../../model/invoice';
import { totalOf, type AmountTotal } from '../../../model/money';
import type { ZoneRules } from '../../../ports/time-zone';
import { integerColumn, shapeTable, textColumn, totalColumn, type CellValue, type ColumnSpec, type ShapeContext } from '../../../sheet/columns';
import { groupByCurrency } from '../aging';
import { isUnpaidPastDue } from './due-date';

/** Totals of the invoices in one currency; amounts are exact sums, none when an amount is lacking. */
export interface CurrencySummary {
  /** Upper-case ISO code, null for invoices without a currency. */
  currency: string | null;
  invoiceCount: number;
  billed: AmountTotal;
  paid: AmountTotal;
  balance: AmountTotal;
  /** Sum of the balances of unpaid invoices past their due date (those with nothing owed add nothing). */
  overdueBalance: AmountTotal;
}

/** One summary per currency, sorted by code; invoices without a currency come last. */
export function summariseByCurrency(invoices: readonly EverflowInvoiceListItem[], nowMs: number, zones: ZoneRules): CurrencySummary[] {
  return groupByCurrency(invoices).map(([currency, group]) => ({
    currency,
    invoiceCount: group.length,
    billed: totalOf(group.map((invoice) => invoice.billed)),
    paid: totalOf(group.map((invoice) => invoice.paid)),
    balance: totalOf(group.map((invoice) => invoice.balance)),
    overdueBalance: totalOf(
      group
        .filter((invoice) => isUnpaidPastDue(invoice, nowMs, zones))
        .map((invoice) => invoice.balance)
        .filter((balance) => !(typeof balance === 'number' && balance <= 0)),
    ),
  }));
}

/** EFLOW_INVOICE_SUMMARY: one row per currency. */
export const INVOICE_SUMMARY_COLUMNS: ReadonlyArray<ColumnSpec<CurrencySummary>> = [
  textColumn<CurrencySummary>('Currency', (summary) => summary.currency),
  integerColumn<CurrencySummary>('Invoices', (summary) => summary.invoiceCount),
  totalColumn<CurrencySummary>('Billed', (summary) => summary.billed, (summary) => summary.currency, { items: 'invoices', amount: 'a readable billed amount' }),
  totalColumn<CurrencySummary>('Paid', (summary) => summary.paid, (summary) => summary.currency, { items: 'invoices', amount: 'a readable paid amount' }),
  totalColumn<CurrencySummary>('Balance', (summary) => summary.balance, (summary) => summary.currency, { items: 'invoices', amount: 'a readable balance' }),
  totalColumn<CurrencySummary>('Overdue balance', (summary) => summary.overdueBalance, (summary) => summary.currency, {
    items: 'overdue invoices',
    amount: 'a readable balance',
  }),
];

export function shapeInvoiceSummary(invoices: readonly EverflowInvoiceListItem[], ctx: ShapeContext): CellValue[][] {
  return shapeTable(INVOICE_SUMMARY_COLUMNS, summariseByCurrency(invoices, ctx.nowMs, ctx.zones), ctx);
}
