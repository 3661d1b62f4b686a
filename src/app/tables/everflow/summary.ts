import type { EverflowInvoiceListItem } from '../../../model/invoice';
import { sumAmounts } from '../../../model/money';
import type { ZoneRules } from '../../../ports/time-zone';
import { integerColumn, moneyColumn, shapeTable, textColumn, type CellValue, type ColumnSpec, type ShapeContext } from '../../../sheet/columns';
import { isOverdue } from './due-date';

/** Totals of the invoices in one currency; amounts are exact sums. */
export interface CurrencySummary {
  /** Upper-case ISO code, null for invoices without a currency. */
  currency: string | null;
  invoiceCount: number;
  billed: number;
  paid: number;
  balance: number;
  /** Sum of the balances of unpaid invoices past their due date. */
  overdueBalance: number;
}

/** One summary per currency, sorted by code; invoices without a currency come last. */
export function summariseByCurrency(invoices: readonly EverflowInvoiceListItem[], nowMs: number, zones: ZoneRules): CurrencySummary[] {
  const byCurrency = new Map<string | null, EverflowInvoiceListItem[]>();
  for (const invoice of invoices) {
    const currency = invoice.currency?.trim().toUpperCase() || null;
    const group = byCurrency.get(currency);
    if (group) group.push(invoice);
    else byCurrency.set(currency, [invoice]);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => compareCurrencies(a, b))
    .map(([currency, group]) => ({
      currency,
      invoiceCount: group.length,
      billed: sumAmounts(group.map((invoice) => invoice.billed)),
      paid: sumAmounts(group.map((invoice) => invoice.paid)),
      balance: sumAmounts(group.map((invoice) => invoice.balance)),
      overdueBalance: sumAmounts(group.filter((invoice) => isOverdue(invoice, nowMs, zones)).map((invoice) => invoice.balance)),
    }));
}

/** EFLOW_INVOICE_SUMMARY: one row per currency. */
export const INVOICE_SUMMARY_COLUMNS: ReadonlyArray<ColumnSpec<CurrencySummary>> = [
  textColumn<CurrencySummary>('Currency', (summary) => summary.currency),
  integerColumn<CurrencySummary>('Invoices', (summary) => summary.invoiceCount),
  moneyColumn<CurrencySummary>('Billed', (summary) => summary.billed, (summary) => summary.currency),
  moneyColumn<CurrencySummary>('Paid', (summary) => summary.paid, (summary) => summary.currency),
  moneyColumn<CurrencySummary>('Balance', (summary) => summary.balance, (summary) => summary.currency),
  moneyColumn<CurrencySummary>('Overdue balance', (summary) => summary.overdueBalance, (summary) => summary.currency),
];

export function shapeInvoiceSummary(invoices: readonly EverflowInvoiceListItem[], ctx: ShapeContext): CellValue[][] {
  return shapeTable(INVOICE_SUMMARY_COLUMNS, summariseByCurrency(invoices, ctx.nowMs, ctx.zones), ctx);
}

function compareCurrencies(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
