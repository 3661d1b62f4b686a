import { asDailyQuotaError } from '../ports/quota';
import { shapeTable, type CellValue, type ShapeContext } from '../sheet/columns';
import { shapeInvoiceDetails } from './tables/everflow/invoice';
import { shapeInvoiceList } from './tables/everflow/invoices';
import { shapeInvoiceLines } from './tables/everflow/lines';
import { shapeInvoicePayments } from './tables/everflow/payments';
import { shapeInvoiceSummary } from './tables/everflow/summary';
import { everflowReceivables } from './tables/everflow/receivables';
import { shapeAging, type AsOf } from './tables/aging';
import { parseIsoDate } from '../sheet/calendar-date';
import type { EverflowInvoiceDetail, EverflowInvoiceListItem } from '../model/invoice';
import type { DateArgumentContext } from './arguments';
import { openInvoiceSource } from './invoice-access';
import type { KeyRole } from './key-role';
import { INVOICE_DETAIL_COLUMNS } from './tables/everflow/invoice';
import { INVOICE_LIST_COLUMNS } from './tables/everflow/invoices';
import { INVOICE_LINE_COLUMNS } from './tables/everflow/lines';
import {
  NETWORK_INVOICE_DETAIL_COLUMNS,
  NETWORK_INVOICE_LINE_COLUMNS,
  NETWORK_INVOICE_LIST_COLUMNS,
  NETWORK_INVOICE_PAYMENT_COLUMNS,
  columnHeaders,
} from './tables/everflow/network-columns';
import { PartialFetchError } from './invoice-source';
import { openAffiseSource } from './affise/access';
import type { CachedAffiseSource } from './affise/source';
import { affiseInvoiceRows, shapeAffiseInvoices } from './tables/affise/invoices';
import { affiseLineRows, shapeAffiseLines } from './tables/affise/lines';
import { shapeAffiseSummary, summariseAffiseInvoices } from './tables/affise/summary';
import { AFFISE_OWED_STATUSES, affiseReceivables } from './tables/affise/receivables';
import {
  ACCOUNT,
  AFFILIATE_IDS,
  AS_OF,
  AFFISE_STATUS,
  DATE_FROM,
  DATE_TO,
  affiseFiltersFrom,
  type AffiseFilterArguments,
  END_DATE,
  INVOICE_FILTER_PARAMETERS,
  INVOICE_ID,
  INVOICE_IDS,
  LINE_TYPE,
  SEARCH,
  START_DATE,
  STATUS,
  invoiceFiltersFrom,
  parseArguments,
  type AnyParameter,
  type ArgumentsOf,
  type InvoiceFilterArguments,
} from './parameters';
import type { ReportKind } from './reports/definition';
import type { Call } from './services';
import type { AffisePayment } from '../provider/affise/normalize';

/**
 * The custom functions: what each takes, says and returns, and its logic. Arguments are checked
 * first (a typo costs no request), then data comes through the cache, then rows. Each returns the
 * grid Sheets spills from the formula's cell.
 */
type Grid = CellValue[][];

function shapeContext({ services }: Call): ShapeContext {
  return { sheetTimeZone: services.spreadsheetTimeZone(), zones: services.zones, nowMs: services.clock.now() };
}

/** Turns running out of time, or out of Google's daily quota, into what the user should do next; progress is already cached. */
function withinBudget<T>(fetch: () => T): T {
  try {
    return fetch();
  } catch (error) {
    const quota = asDailyQuotaError(error);
    if (quota) {
      throw new Error(`${quota.message} What was fetched before is cached: recalculate (edit the formula or an argument) after the reset.`, { cause: error });
    }
    if (error instanceof PartialFetchError) {
      throw new Error(
        `${error.message} The ones fetched are cached: recalculate (edit the formula or an argument) to continue where this stopped. For thousands of invoices, a scheduled report is faster.`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Where "Insert report from this cell" takes a formula of this function: its arguments become the report's filters. */
export interface ReportSource {
  kind: ReportKind;
  /** The report's name before " report", e.g. "Invoices". */
  name: string;
}

/** A custom function as written: its parameters typed, so `run` reads its arguments by name. */
export interface CustomFunctionSpec<P extends readonly AnyParameter[]> {
  name: string;
  summary: string;
  example: string;
  /** The result's columns, "A | B | C". */
  returns: string;
  /** Everflow functions: the columns with a network key, or 'alike' when a partner key's are the same. */
  networkReturns?: string;
  params: P;
  report?: ReportSource;
  /** Checks between arguments (each one is already valid); throws an `ArgumentError`. */
  check?: (args: ArgumentsOf<P>) => void;
  run: (call: Call, args: ArgumentsOf<P>, ctx: ShapeContext) => Grid;
}

/** A custom function: the registry, Help, the builder and report-from-formula all read this. */
export interface CustomFunction {
  readonly name: string;
  readonly summary: string;
  readonly example: string;
  readonly returns: string;
  readonly networkReturns?: string;
  readonly params: readonly AnyParameter[];
  readonly report?: ReportSource;
  /** Every argument checked, then the pairs; costs no request. */
  checkArguments(args: ArrayLike<unknown>, ctx: DateArgumentContext): void;
  evaluate(call: Call, args: ArrayLike<unknown>): Grid;
}

/** A function from its spec: another provider's functions are built the same way and listed in CUSTOM_FUNCTIONS. */
export function customFunction<const P extends readonly AnyParameter[]>(spec: CustomFunctionSpec<P>): CustomFunction {
  const parse = (args: ArrayLike<unknown>, ctx: DateArgumentContext): ArgumentsOf<P> => {
    const parsed = parseArguments(spec.name, spec.params, args, ctx);
    spec.check?.(parsed);
    return parsed;
  };
  return {
    name: spec.name,
    summary: spec.summary,
    example: spec.example,
    returns: spec.returns,
    ...(spec.networkReturns ? { networkReturns: spec.networkReturns } : {}),
    params: spec.params,
    ...(spec.report ? { report: spec.report } : {}),
    checkArguments: (args, ctx) => void parse(args, ctx),
    evaluate: (call, args) => {
      const ctx = shapeContext(call);
      return spec.run(call, parse(args, ctx), ctx);
    },
  };
}

const checkInvoiceFilters = (args: InvoiceFilterArguments): void => void invoiceFiltersFrom(args);

/** Data, and the role of the key that fetched it: a network key's tables add the partner and the network's fields. */
interface Fetched<T> {
  data: T;
  role: KeyRole;
}

function listInvoices(call: Call, args: InvoiceFilterArguments & { account: string | null }): Fetched<EverflowInvoiceListItem[]> {
  const filters = invoiceFiltersFrom(args);
  const { source, provider } = openInvoiceSource(call.services, args.account);
  const data = withinBudget(() => source.listInvoices(filters, call.deadline));
  return { data, role: provider.role };
}

function invoiceDetails(call: Call, ids: number[], account: string | null): Fetched<EverflowInvoiceDetail[]> {
  const { source, provider } = openInvoiceSource(call.services, account);
  const data = withinBudget(() => source.invoiceDetails(ids, call.deadline));
  return { data, role: provider.role };
}

const checkAffiseFilters = (args: AffiseFilterArguments): void => void affiseFiltersFrom(args);

/** The Affise invoices the filters select, with the connection they came through. */
function affiseInvoices(call: Call, args: AffiseFilterArguments & { account: string | null }): { source: CachedAffiseSource; invoices: AffisePayment[] } {
  const source = openAffiseSource(call.services, args.account);
  return { source, invoices: source.listInvoices(affiseFiltersFrom(args), call.deadline) };
}

/** What an aging counts to: as_of is checked "YYYY-MM-DD" text or empty; empty is today in each invoice's own zone (the due-date rule's today). */
function agingDay(asOf: string | null, ctx: ShapeContext): AsOf {
  return (asOf === null ? null : parseIsoDate(asOf)) ?? ctx;
}

/** The add-on's custom functions, in the order the registry, README and Help list them. */
export const CUSTOM_FUNCTIONS: readonly CustomFunction[] = [
  customFunction({
    name: 'EFLOW_INVOICES',
    summary: 'Lists your Everflow invoices, newest first, with billed, paid and balance amounts.',
    example: '=EFLOW_INVOICES("unpaid", "2024-01-01", "2024-12-31")',
    params: [...INVOICE_FILTER_PARAMETERS, ACCOUNT],
    returns: 'Invoice ID | Status | Period start | Period end | Time zone | Currency | Billed | Paid | Balance | Payment terms | Due date | Days overdue | Notes | Created | Updated',
    networkReturns: columnHeaders(NETWORK_INVOICE_LIST_COLUMNS),
    report: { kind: 'invoices', name: 'Invoices' },
    check: checkInvoiceFilters,
    run: (call, args, ctx) => {
      const { data, role } = listInvoices(call, args);
      return shapeInvoiceList(data, ctx, role === 'network' ? NETWORK_INVOICE_LIST_COLUMNS : INVOICE_LIST_COLUMNS);
    },
  }),
  customFunction({
    name: 'EFLOW_INVOICE',
    summary: 'One Everflow invoice with counts and the exact total of its line items.',
    example: '=EFLOW_INVOICE(1234)',
    params: [INVOICE_ID, ACCOUNT],
    returns: 'Invoice ID | Affiliate ID | Status | Period start | Period end | Time zone | Currency | Balance | Line items | Lines total | Payments | Notes | Created | Updated',
    networkReturns: columnHeaders(NETWORK_INVOICE_DETAIL_COLUMNS),
    run: (call, args, ctx) => {
      const { data, role } = invoiceDetails(call, [args.invoice_id], args.account);
      return shapeInvoiceDetails(data, ctx, role === 'network' ? NETWORK_INVOICE_DETAIL_COLUMNS : INVOICE_DETAIL_COLUMNS);
    },
  }),
  customFunction({
    name: 'EFLOW_INVOICE_LINES',
    summary: 'The line items of one or more invoices, including lines of extra periods.',
    example: '=EFLOW_INVOICE_LINES(A2:A50, "offer_detail")',
    params: [INVOICE_IDS, LINE_TYPE, ACCOUNT],
    returns: 'Invoice ID | Line ID | Type | Offer ID | Offer | Quantity | Amount | Currency | Amount (invoice currency) | Referred affiliate ID | Referred affiliate | Extra period ID | Notes | Created',
    networkReturns: columnHeaders(NETWORK_INVOICE_LINE_COLUMNS),
    run: (call, args, ctx) => {
      const { data, role } = invoiceDetails(call, args.invoice_ids, args.account);
      return shapeInvoiceLines(data, ctx, args.type, role === 'network' ? NETWORK_INVOICE_LINE_COLUMNS : INVOICE_LINE_COLUMNS);
    },
  }),
  customFunction({
    name: 'EFLOW_INVOICE_PAYMENTS',
    summary: 'The payments made against one or more invoices.',
    example: '=EFLOW_INVOICE_PAYMENTS("1234, 1235")',
    params: [INVOICE_IDS, ACCOUNT],
    returns: 'Invoice ID | Payment ID | Status | Method | Amount | Currency | Paid on | Payee amount | Payee fee | Payee currency | Approved | Completed | Notes',
    networkReturns: columnHeaders(NETWORK_INVOICE_PAYMENT_COLUMNS),
    run: (call, args, ctx) => {
      const { data: invoices, role } = invoiceDetails(call, args.invoice_ids, args.account);
      if (role !== 'network') return shapeInvoicePayments(invoices, ctx);
      const rows = invoices.flatMap((invoice) => invoice.payments.map((payment) => ({ invoice, payment })));
      return shapeTable(NETWORK_INVOICE_PAYMENT_COLUMNS, rows, ctx);
    },
  }),
  customFunction({
    name: 'EFLOW_INVOICE_SUMMARY',
    summary: 'Totals per currency: invoices, billed, paid, balance and overdue balance.',
    example: '=EFLOW_INVOICE_SUMMARY("unpaid")',
    params: [STATUS, START_DATE, END_DATE, AFFILIATE_IDS, SEARCH, ACCOUNT],
    returns: 'Currency | Invoices | Billed | Paid | Balance | Overdue balance',
    networkReturns: 'alike',
    report: { kind: 'summary', name: 'Invoice summary' },
    check: checkInvoiceFilters,
    run: (call, args, ctx) => shapeInvoiceSummary(listInvoices(call, args).data, ctx),
  }),
  customFunction({
    name: 'EFLOW_INVOICE_AGING',
    summary: 'What is still owed per currency, by how long it is past due: unpaid invoices with a balance, from the invoice list alone.',
    example: '=EFLOW_INVOICE_AGING(TODAY())',
    params: [AS_OF, ACCOUNT],
    returns: 'Currency | Not yet due | 1–30 days | 31–60 days | 61–90 days | Over 90 days | No due date | Total unpaid',
    networkReturns: 'alike',
    run: (call, args, ctx) => shapeAging(everflowReceivables(listInvoices(call, { status: 'unpaid', account: args.account }).data), agingDay(args.as_of, ctx), ctx),
  }),
  customFunction({
    name: 'AFFISE_INVOICES',
    summary: 'Lists your Affise invoices ("payments") with affiliate names, amounts, corrections and totals.',
    example: '=AFFISE_INVOICES("pending", "2024-01-01", "2024-12-31")',
    params: [AFFISE_STATUS, DATE_FROM, DATE_TO, AFFILIATE_IDS, ACCOUNT],
    returns: 'Invoice ID | Affiliate ID | Affiliate | Status | Created | Currency | Amount | Corrections | Total | Payment system | Payment account | Conversions | Manager ID | Comment | Notes | Updated',
    report: { kind: 'affise-invoices', name: 'Affise invoices' },
    check: checkAffiseFilters,
    run: (call, args, ctx) => {
      const { source, invoices } = affiseInvoices(call, args);
      const names = invoices.some((invoice) => invoice.affiliateId !== null) ? source.affiliateNames(call.deadline) : new Map<number, string>();
      return shapeAffiseInvoices(affiseInvoiceRows(invoices, names), ctx);
    },
  }),
  customFunction({
    name: 'AFFISE_INVOICE_LINES',
    summary: 'The offer lines (one per offer and payout) and corrections of one or more Affise invoices.',
    example: '=AFFISE_INVOICE_LINES(A2:A50)',
    params: [INVOICE_IDS, ACCOUNT],
    returns: 'Invoice ID | Type | Offer ID | Offer | Payout | Conversions | Amount | Currency | Correction ID | Comment | Posted',
    run: (call, args, ctx) => shapeAffiseLines(affiseLineRows(openAffiseSource(call.services, args.account).invoicesByIds(args.invoice_ids, call.deadline)), ctx),
  }),
  customFunction({
    name: 'AFFISE_INVOICE_SUMMARY',
    summary: 'Affise totals per currency and status: invoices, amount, corrections and total, summed exactly.',
    example: '=AFFISE_INVOICE_SUMMARY("completed", "2024-01-01")',
    params: [AFFISE_STATUS, DATE_FROM, DATE_TO, ACCOUNT],
    returns: 'Currency | Status | Invoices | Amount | Corrections | Total',
    report: { kind: 'affise-summary', name: 'Affise summary' },
    check: checkAffiseFilters,
    run: (call, args, ctx) => shapeAffiseSummary(summariseAffiseInvoices(affiseInvoices(call, { ...args, affiliate_ids: null }).invoices), ctx),
  }),
  customFunction({
    name: 'AFFISE_INVOICE_AGING',
    summary: 'What is still owed per currency, by days past the posted date (Affise invoices are due on receipt): waiting, pending and partly paid invoices.',
    example: '=AFFISE_INVOICE_AGING(TODAY())',
    params: [AS_OF, ACCOUNT],
    returns: 'Currency | Not yet due | 1–30 days | 31–60 days | 61–90 days | Over 90 days | No due date | Total unpaid',
    run: (call, args, ctx) => {
      const { invoices } = affiseInvoices(call, { status: [...AFFISE_OWED_STATUSES], date_from: null, date_to: null, affiliate_ids: null, account: args.account });
      return shapeAging(affiseReceivables(invoices), agingDay(args.as_of, ctx), ctx);
    },
  }),
];
