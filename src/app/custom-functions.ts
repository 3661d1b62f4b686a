import { asDailyQuotaError } from '../ports/quota';
import type { CellValue, ShapeContext } from '../sheet/columns';
import { shapeInvoiceDetails } from '../sheet/tables/invoice';
import { shapeInvoiceList } from '../sheet/tables/invoices';
import { shapeInvoiceLines } from '../sheet/tables/lines';
import { shapeInvoicePayments } from '../sheet/tables/payments';
import { shapeInvoiceSummary } from '../sheet/tables/summary';
import { expectArgumentCount, parseInvoiceFilters, parseInvoiceId, parseInvoiceIds, parseLineType } from './arguments';
import { openInvoiceSource } from './invoice-access';
import { PartialFetchError } from './invoice-source';
import type { Call } from './services';

/**
 * The custom functions' logic: arguments checked first (a typo costs no request), then data
 * through the cache, then rows. Each returns the grid Sheets spills from the formula's cell.
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

const FILTER_PARAMS = ['status', 'start_date', 'end_date', 'min_balance', 'max_balance'] as const;

export function invoicesFunction(call: Call, args: unknown[]): Grid {
  expectArgumentCount('EFLOW_INVOICES', args, FILTER_PARAMS);
  const ctx = shapeContext(call);
  const [status, start_date, end_date, min_balance, max_balance] = args;
  const filters = parseInvoiceFilters({ status, start_date, end_date, min_balance, max_balance }, ctx);
  const invoices = withinBudget(() => openInvoiceSource(call.services).listInvoices(filters, call.deadline));
  return shapeInvoiceList(invoices, ctx);
}

export function invoiceSummaryFunction(call: Call, args: unknown[]): Grid {
  expectArgumentCount('EFLOW_INVOICE_SUMMARY', args, FILTER_PARAMS.slice(0, 3));
  const ctx = shapeContext(call);
  const [status, start_date, end_date] = args;
  const filters = parseInvoiceFilters({ status, start_date, end_date }, ctx);
  const invoices = withinBudget(() => openInvoiceSource(call.services).listInvoices(filters, call.deadline));
  return shapeInvoiceSummary(invoices, ctx);
}

export function invoiceFunction(call: Call, args: unknown[]): Grid {
  expectArgumentCount('EFLOW_INVOICE', args, ['invoice_id']);
  const id = parseInvoiceId(args[0]);
  const details = withinBudget(() => openInvoiceSource(call.services).invoiceDetails([id], call.deadline));
  return shapeInvoiceDetails(details, shapeContext(call));
}

export function invoiceLinesFunction(call: Call, args: unknown[]): Grid {
  expectArgumentCount('EFLOW_INVOICE_LINES', args, ['invoice_ids', 'type']);
  const ids = parseInvoiceIds(args[0]);
  const type = parseLineType(args[1]);
  const details = withinBudget(() => openInvoiceSource(call.services).invoiceDetails(ids, call.deadline));
  return shapeInvoiceLines(details, shapeContext(call), type);
}

export function invoicePaymentsFunction(call: Call, args: unknown[]): Grid {
  expectArgumentCount('EFLOW_INVOICE_PAYMENTS', args, ['invoice_ids']);
  const ids = parseInvoiceIds(args[0]);
  const details = withinBudget(() => openInvoiceSource(call.services).invoiceDetails(ids, call.deadline));
  return shapeInvoicePayments(details, shapeContext(call));
}
