import { AFFISE_STATUS_CODES, amountOfUnits, type AffiseAmount, type AffisePayment } from '../../../provider/affise/normalize';
import { integerColumn, moneyColumn, shapeTable, textColumn, type CellValue, type ColumnSpec, type ShapeContext } from '../../../sheet/columns';
import { amountValue } from './cells';

/** The invoices of one currency and status, summed exactly; currencies are never added together. */
export interface AffiseSummaryRow {
  currency: string | null;
  status: string | null;
  invoices: number;
  /** Null when an invoice of the group has no readable amount: a total that left it out would look right and be short. */
  amount: AffiseAmount | null;
  corrections: AffiseAmount;
  total: AffiseAmount | null;
}

type Row = AffiseSummaryRow;
const currencyOf = (row: Row): string | null => row.currency;

/** AFFISE_INVOICE_SUMMARY: one row per currency and status. */
export const AFFISE_SUMMARY_COLUMNS: ReadonlyArray<ColumnSpec<Row>> = [
  textColumn<Row>('Currency', currencyOf),
  textColumn<Row>('Status', (row) => row.status),
  integerColumn<Row>('Invoices', (row) => row.invoices),
  moneyColumn<Row>('Amount', (row) => amountValue(row.amount), currencyOf),
  moneyColumn<Row>('Corrections', (row) => amountValue(row.corrections), currencyOf),
  moneyColumn<Row>('Total', (row) => amountValue(row.total), currencyOf),
];

const STATUS_ORDER: readonly string[] = Object.keys(AFFISE_STATUS_CODES);

/** Sorted by currency code (none last), then status in Affise's order (undocumented codes last). */
export function summariseAffiseInvoices(invoices: readonly AffisePayment[]): AffiseSummaryRow[] {
  const groups = new Map<string, { currency: string | null; status: string | null; members: AffisePayment[] }>();
  for (const invoice of invoices) {
    const currency = invoice.currency?.trim().toUpperCase() || null;
    const key = JSON.stringify([currency, invoice.status]);
    const group = groups.get(key);
    if (group) group.members.push(invoice);
    else groups.set(key, { currency, status: invoice.status, members: [invoice] });
  }
  return [...groups.values()]
    .sort((a, b) => compareNullLast(a.currency, b.currency) || statusRank(a.status) - statusRank(b.status) || compareNullLast(a.status, b.status))
    .map(({ currency, status, members }) => {
      const amount = exactSum(members.map((invoice) => invoice.amount));
      const corrections = exactSum(members.map((invoice) => invoice.correctionsTotal)) ?? amountOfUnits(BigInt(0));
      const total = exactSum(members.map((invoice) => invoice.total));
      return { currency, status, invoices: members.length, amount, corrections, total };
    });
}

/** The BigInt sum, or null when any amount is missing. */
function exactSum(amounts: ReadonlyArray<AffiseAmount | null>): AffiseAmount | null {
  let sum = BigInt(0);
  for (const amount of amounts) {
    if (amount === null) return null;
    sum += BigInt(amount.units);
  }
  return amountOfUnits(sum);
}

function statusRank(status: string | null): number {
  const rank = status === null ? -1 : STATUS_ORDER.indexOf(status);
  return rank === -1 ? STATUS_ORDER.length : rank;
}

function compareNullLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

export function shapeAffiseSummary(rows: readonly AffiseSummaryRow[], ctx: ShapeContext): CellValue[][] {
  return shapeTable(AFFISE_SUMMARY_COLUMNS, rows, ctx);
}
