import { invoiceFunction, invoiceLinesFunction, invoicePaymentsFunction, invoicesFunction, invoiceSummaryFunction } from '../app/custom-functions';
import type { PublicFunction } from './registry-types';
import { runCustomFunction } from './run';

const STATUS = { name: 'status', type: 'string', description: '"paid", "unpaid", or empty for all.', optional: true };
const START_DATE = { name: 'start_date', type: 'Date|string', description: 'Periods starting on or after this date: a date cell or "YYYY-MM-DD".', optional: true };
const END_DATE = { name: 'end_date', type: 'Date|string', description: 'Periods ending on or before this date: a date cell or "YYYY-MM-DD".', optional: true };
const INVOICE_IDS = {
  name: 'invoice_ids',
  type: 'number|string|Array<Array<number|string>>',
  description: 'One invoice ID, a range of IDs (blanks and headers skipped), or IDs separated by commas.',
  optional: false,
};

export const customFunctions: PublicFunction[] = [
  {
    name: 'EFLOW_INVOICES',
    kind: 'custom-function',
    summary: 'Lists your Everflow invoices, newest first, with billed, paid and balance amounts.',
    example: '=EFLOW_INVOICES("unpaid", "2024-01-01", "2024-12-31")',
    params: [
      STATUS,
      START_DATE,
      END_DATE,
      { name: 'min_balance', type: 'number', description: 'Only invoices with a balance of at least this amount.', optional: true },
      { name: 'max_balance', type: 'number', description: 'Only invoices with a balance of at most this amount.', optional: true },
    ],
    returns: 'Invoice ID | Status | Period start | Period end | Time zone | Currency | Billed | Paid | Balance | Payment terms | Due date | Days overdue | Notes | Created | Updated',
    run: runCustomFunction(invoicesFunction),
  },
  {
    name: 'EFLOW_INVOICE',
    kind: 'custom-function',
    summary: 'One Everflow invoice with counts and the exact total of its line items.',
    example: '=EFLOW_INVOICE(1234)',
    params: [{ name: 'invoice_id', type: 'number|string', description: 'The invoice ID.', optional: false }],
    returns: 'Invoice ID | Affiliate ID | Status | Period start | Period end | Time zone | Currency | Balance | Line items | Lines total | Payments | Notes | Created | Updated',
    run: runCustomFunction(invoiceFunction),
  },
  {
    name: 'EFLOW_INVOICE_LINES',
    kind: 'custom-function',
    summary: 'The line items of one or more invoices, including lines of extra periods.',
    example: '=EFLOW_INVOICE_LINES(A2:A50, "offer_detail")',
    params: [
      INVOICE_IDS,
      { name: 'type', type: 'string', description: '"referral", "offer_detail", "vat", "adjustment", or empty for all.', optional: true },
    ],
    returns: 'Invoice ID | Line ID | Type | Offer ID | Offer | Quantity | Amount | Currency | Amount (invoice currency) | Referred affiliate ID | Referred affiliate | Extra period ID | Notes | Created',
    run: runCustomFunction(invoiceLinesFunction),
  },
  {
    name: 'EFLOW_INVOICE_PAYMENTS',
    kind: 'custom-function',
    summary: 'The payments made against one or more invoices.',
    example: '=EFLOW_INVOICE_PAYMENTS("1234, 1235")',
    params: [INVOICE_IDS],
    returns: 'Invoice ID | Payment ID | Status | Method | Amount | Currency | Paid on | Payee amount | Payee fee | Payee currency | Approved | Completed | Notes',
    run: runCustomFunction(invoicePaymentsFunction),
  },
  {
    name: 'EFLOW_INVOICE_SUMMARY',
    kind: 'custom-function',
    summary: 'Totals per currency: invoices, billed, paid, balance and overdue balance.',
    example: '=EFLOW_INVOICE_SUMMARY("unpaid")',
    params: [STATUS, START_DATE, END_DATE],
    returns: 'Currency | Invoices | Billed | Paid | Balance | Overdue balance',
    run: runCustomFunction(invoiceSummaryFunction),
  },
];
