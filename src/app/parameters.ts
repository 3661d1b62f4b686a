import type { EverflowInvoiceFilters } from '../model/invoice';
import {
  AFFISE_STATUS_CHOICES,
  ArgumentError,
  expectArgumentCount,
  parseAccountArgument,
  parseAffiliateIds,
  parseAffiseStatuses,
  parseAmountArgument,
  parseDateArgument,
  parseInvoiceId,
  parseInvoiceIds,
  parseLineType,
  parseSearch,
  parseStatus,
  type AffiseStatusFilter,
  type DateArgumentContext,
} from './arguments';
import { LINE_TYPE_CHOICES, STATUS_CHOICES, type ParameterInput } from './sidebar/formula-text';

/**
 * Every argument a user can type, defined once. A function lists its parameters; from that list
 * come the Apps Script wrapper and its JSDoc, the README table and Help, the argument checks of
 * the cell, the formula builder's fields and checks, the report filters a saved report accepts and
 * the filters "Insert report from this cell" reads off a formula. A new provider's function adds
 * its parameters here (or beside its functions) and nothing else changes.
 */
export interface Parameter<Name extends string = string, T = unknown> {
  /** The argument's name in formulas, JSDoc and report files. */
  readonly name: Name;
  /** JSDoc type, e.g. "string", "Date|string", "number|string|Array<Array<number|string>>". */
  readonly type: string;
  readonly description: string;
  readonly optional: boolean;
  /** How the report form and its messages name it as a filter. */
  readonly label: string;
  /** A report filter's value as the reports list says it: "status paid", "from 2024-01-01". */
  filterText?(value: NonNullable<T>): string;
  /** The formula builder's field. */
  readonly input: ParameterInput;
  /**
   * What Sheets (or a report file) passed, checked: throws an `ArgumentError` with the message the
   * user reads. `ctx` is null for a saved report's JSON, where no date cell can arrive.
   */
  readonly parse: (value: unknown, ctx: DateArgumentContext | null) => T;
}

export type AnyParameter = Parameter<string, unknown>;

/** The parsed arguments of a parameter list, by name. */
export type ArgumentsOf<P extends readonly AnyParameter[]> = { [K in P[number] as K['name']]: ReturnType<K['parse']> };

export const STATUS: Parameter<'status', EverflowInvoiceFilters['status']> = {
  name: 'status',
  type: 'string',
  description: '"paid", "unpaid", "deleted" (network keys only), or empty for all.',
  optional: true,
  label: 'Status',
  filterText: (status) => `status ${status}`,
  input: { kind: 'choice', choices: STATUS_CHOICES },
  parse: (value) => parseStatus(value),
};

export const START_DATE: Parameter<'start_date', string | null> = {
  name: 'start_date',
  type: 'Date|string',
  description: 'Periods starting on or after this date: a date cell or "YYYY-MM-DD".',
  optional: true,
  label: 'Period from',
  filterText: (date) => `from ${date}`,
  input: { kind: 'date' },
  parse: (value, ctx) => parseDateArgument('start_date', value, ctx),
};

export const END_DATE: Parameter<'end_date', string | null> = {
  name: 'end_date',
  type: 'Date|string',
  description: 'Periods ending on or before this date: a date cell or "YYYY-MM-DD".',
  optional: true,
  label: 'Period to',
  filterText: (date) => `to ${date}`,
  input: { kind: 'date' },
  parse: (value, ctx) => parseDateArgument('end_date', value, ctx),
};

export const AS_OF: Parameter<'as_of', string | null> = {
  name: 'as_of',
  type: 'Date|string',
  description: 'The day days past due are counted to: a date cell or "YYYY-MM-DD". Empty: today in each invoice\'s own time zone (Affise: the spreadsheet\'s).',
  optional: true,
  label: 'As of',
  filterText: (date) => `as of ${date}`,
  input: { kind: 'date' },
  parse: (value, ctx) => parseDateArgument('as_of', value, ctx),
};

export const MIN_BALANCE: Parameter<'min_balance', number | null> = {
  name: 'min_balance',
  type: 'number',
  description: 'Only invoices with a balance of at least this amount.',
  optional: true,
  label: 'Min balance',
  filterText: (amount) => `balance ≥ ${amount}`,
  input: { kind: 'amount' },
  parse: (value) => parseAmountArgument('min_balance', value),
};

export const MAX_BALANCE: Parameter<'max_balance', number | null> = {
  name: 'max_balance',
  type: 'number',
  description: 'Only invoices with a balance of at most this amount.',
  optional: true,
  label: 'Max balance',
  filterText: (amount) => `balance ≤ ${amount}`,
  input: { kind: 'amount' },
  parse: (value) => parseAmountArgument('max_balance', value),
};

export const LINE_TYPE: Parameter<'type', (typeof LINE_TYPE_CHOICES)[number] | null> = {
  name: 'type',
  type: 'string',
  description: '"referral", "offer_detail", "vat", "adjustment", or empty for all.',
  optional: true,
  label: 'Line type',
  filterText: (type) => `line type ${type}`,
  input: { kind: 'choice', choices: LINE_TYPE_CHOICES },
  parse: (value) => parseLineType(value),
};

export const INVOICE_ID: Parameter<'invoice_id', number> = {
  name: 'invoice_id',
  type: 'number|string',
  description: 'The invoice ID.',
  optional: false,
  label: 'Invoice ID',
  input: { kind: 'invoice-id' },
  parse: (value) => parseInvoiceId(value),
};

export const INVOICE_IDS: Parameter<'invoice_ids', number[]> = {
  name: 'invoice_ids',
  type: 'number|string|Array<Array<number|string>>',
  description: 'One invoice ID, a range of IDs (blanks and headers skipped), or IDs separated by commas.',
  optional: false,
  label: 'Invoice IDs',
  input: { kind: 'invoice-ids' },
  parse: (value) => parseInvoiceIds(value),
};

export const AFFILIATE_IDS: Parameter<'affiliate_ids', number[] | null> = {
  name: 'affiliate_ids',
  type: 'number|string|Array<Array<number|string>>',
  description: 'Only these affiliates (partners): one affiliate ID, a range of IDs (blanks and headers skipped), or IDs separated by commas; empty for every affiliate. Everflow reads it with a network key; Affise always.',
  optional: true,
  label: 'Affiliate IDs',
  filterText: (ids) => `affiliates ${ids.join(', ')}`,
  input: { kind: 'affiliate-ids' },
  parse: (value) => parseAffiliateIds(value),
};

export const SEARCH: Parameter<'search', string | null> = {
  name: 'search',
  type: 'string',
  description: "Network keys: Everflow's search over invoice ID, affiliate ID and affiliate name.",
  optional: true,
  label: 'Search',
  filterText: (text) => `search "${text}"`,
  input: { kind: 'text' },
  parse: (value) => parseSearch(value),
};

/** Last on every function, so existing formulas keep their meaning: which connection to read. A report keeps it as its `account`, not a filter. */
export const ACCOUNT: Parameter<'account', string | null> = {
  name: 'account',
  type: 'string',
  description: "Which connection to read, by the name the sidebar lists; empty uses your only connection of the function's provider (Everflow or Affise).",
  optional: true,
  label: 'Account',
  input: { kind: 'account' },
  parse: (value) => parseAccountArgument(value),
};

export const AFFISE_STATUS: Parameter<'status', AffiseStatusFilter[] | null> = {
  name: 'status',
  type: 'string',
  description: '"waiting", "completed", "partly paid", "pending" or "declined" (any case; several separated by commas), or empty for all.',
  optional: true,
  label: 'Status',
  filterText: (statuses) => `status ${statuses.join(', ')}`,
  input: { kind: 'choice', choices: AFFISE_STATUS_CHOICES },
  // A saved report holds the list this answered (Sheets passes a range as rows, never a flat list), and is read back through it.
  parse: (value) => parseAffiseStatuses(Array.isArray(value) && value.every((word) => typeof word === 'string') ? value.join(', ') : value),
};

/** Affise filters its list on the invoice's creation date (`posted_date`), both days included. */
export const DATE_FROM: Parameter<'date_from', string | null> = {
  name: 'date_from',
  type: 'Date|string',
  description: 'Invoices created on or after this date: a date cell or "YYYY-MM-DD"; empty for all time.',
  optional: true,
  label: 'Created from',
  filterText: (date) => `from ${date}`,
  input: { kind: 'date' },
  parse: (value, ctx) => parseDateArgument('date_from', value, ctx),
};

export const DATE_TO: Parameter<'date_to', string | null> = {
  name: 'date_to',
  type: 'Date|string',
  description: 'Invoices created on or before this date: a date cell or "YYYY-MM-DD"; empty for up to today.',
  optional: true,
  label: 'Created to',
  filterText: (date) => `to ${date}`,
  input: { kind: 'date' },
  parse: (value, ctx) => parseDateArgument('date_to', value, ctx),
};

/** The filters of Affise's invoice list: its functions' arguments and a saved Affise report's filters. */
export const AFFISE_FILTER_PARAMETERS = [AFFISE_STATUS, DATE_FROM, DATE_TO, AFFILIATE_IDS] as const;
export type AffiseFilterArguments = Partial<ArgumentsOf<typeof AFFISE_FILTER_PARAMETERS>>;

/** Affise's list filters, the dates checked against each other. */
export interface AffiseInvoiceFilters {
  statuses: AffiseStatusFilter[] | null;
  dateFrom: string | null;
  dateTo: string | null;
  affiliateIds: number[] | null;
}

export function affiseFiltersFrom(args: AffiseFilterArguments): AffiseInvoiceFilters {
  const filters: AffiseInvoiceFilters = { statuses: args.status ?? null, dateFrom: args.date_from ?? null, dateTo: args.date_to ?? null, affiliateIds: args.affiliate_ids ?? null };
  if (filters.dateFrom !== null && filters.dateTo !== null && filters.dateFrom > filters.dateTo) {
    throw new ArgumentError('date_from', `date_from: "${filters.dateFrom}" is after date_to "${filters.dateTo}". Use a date_from on or before date_to.`);
  }
  return filters;
}

/** The filters of the invoice list: the list functions' arguments and a saved report's filters. */
export const INVOICE_FILTER_PARAMETERS = [STATUS, START_DATE, END_DATE, MIN_BALANCE, MAX_BALANCE, AFFILIATE_IDS, SEARCH] as const;
export type InvoiceFilterArguments = Partial<ArgumentsOf<typeof INVOICE_FILTER_PARAMETERS>>;

/** Positional arguments as a cell passes them, each checked by its parameter, named. */
export function parseArguments<P extends readonly AnyParameter[]>(functionName: string, params: P, args: ArrayLike<unknown>, ctx: DateArgumentContext | null): ArgumentsOf<P> {
  expectArgumentCount(
    functionName,
    args,
    params.map((param) => param.name),
  );
  return Object.fromEntries(params.map((param, index) => [param.name, param.parse(args[index], ctx)])) as ArgumentsOf<P>;
}

/** Named values (a report's filters), each checked by its parameter; absent names stay absent. */
export function parseNamedArguments<P extends readonly AnyParameter[]>(params: P, values: Readonly<Record<string, unknown>>, ctx: DateArgumentContext | null): Partial<ArgumentsOf<P>> {
  return Object.fromEntries(params.filter((param) => param.name in values).map((param) => [param.name, param.parse(values[param.name], ctx)])) as Partial<ArgumentsOf<P>>;
}

/** The list filters in the provider's terms, the pairs checked against each other. */
export function invoiceFiltersFrom(args: InvoiceFilterArguments): EverflowInvoiceFilters {
  const filters: EverflowInvoiceFilters = {
    status: args.status ?? null,
    startDate: args.start_date ?? null,
    endDate: args.end_date ?? null,
    minBalance: args.min_balance ?? null,
    maxBalance: args.max_balance ?? null,
    affiliateIds: args.affiliate_ids ?? null,
    search: args.search ?? null,
  };
  // ISO dates compare correctly as text.
  if (filters.startDate !== null && filters.endDate !== null && filters.startDate > filters.endDate) {
    throw new ArgumentError(
      'start_date',
      `start_date: "${filters.startDate}" is after end_date "${filters.endDate}". Use a start_date on or before end_date.`,
    );
  }
  if (filters.minBalance !== null && filters.maxBalance !== null && filters.minBalance > filters.maxBalance) {
    throw new ArgumentError(
      'min_balance',
      `min_balance: ${filters.minBalance} is more than max_balance ${filters.maxBalance}. Use a min_balance at or below max_balance.`,
    );
  }
  return filters;
}
