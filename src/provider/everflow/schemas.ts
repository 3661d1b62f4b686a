import { z } from 'zod';
import { readAmount } from '../../model/money';
import { isRecord, looseNumber, looseText, wholeIdSchema } from '../json-body';

export { readBody, toNumberOrNull, type BodyProblem, type BodyReading } from '../json-body';

/*
 * Zod schemas for what Everflow sends. Everflow's pages disagree with each other and with what the
 * API sends, so every field may be missing or null, numbers may come as numeric strings, unknown
 * fields are ignored and enumerations are open strings. Only a record that cannot be an invoice
 * (no id, or an id that is not a whole number) is rejected.
 */

/** Money: an unreadable value is kept as such for its row to show, never failing the body. */
const looseAmount = z.unknown().optional().transform(readAmount);

/** Payment terms as sent: text on the affiliate side ("Net 30"), integer days on the network side. */
const rawPaymentTerms = z
  .unknown()
  .optional()
  .transform((value): string | number | null => (typeof value === 'string' || typeof value === 'number' ? value : null));

/** A nested object that may be missing, null or of the wrong type: read as empty. */
function looseObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.preprocess((value) => (isRecord(value) ? value : {}), z.object(shape));
}

/** An array that may be missing or null (read as empty); entries that are not objects are dropped. */
export function looseArray<Item extends z.ZodType>(item: Item) {
  return z
    .preprocess((value) => (Array.isArray(value) ? value.map((entry) => (isRecord(entry) ? entry : null)) : []), z.array(item.nullable()))
    .transform((entries) => entries.filter((entry): entry is NonNullable<typeof entry> => entry !== null));
}

/** The one field an invoice cannot do without. */
const invoiceId = wholeIdSchema;

/** Fields shared by the list row and the invoice-by-id header. Both status names are read. */
const invoiceHeaderShape = {
  network_affiliate_invoice_id: invoiceId,
  network_id: looseNumber,
  status: looseText,
  affiliate_invoice_status: looseText,
  start_time: looseText,
  end_time: looseText,
  // Text so an unknown id (or a zone name) can still be shown as sent.
  timezone_id: looseText,
  balance: looseAmount,
  currency_id: looseText,
  notes: looseText,
  time_created: looseNumber,
  time_saved: looseNumber,
};

export const listInvoiceSchema = z.object({
  ...invoiceHeaderShape,
  billed: looseAmount,
  paid: looseAmount,
  payment_terms: rawPaymentTerms,
});

const pagingSchema = z.object({
  page: looseNumber,
  page_size: looseNumber,
  total_count: looseNumber,
});

export const invoiceListResponseSchema = z.object({
  invoices: looseArray(listInvoiceSchema),
  /** Null when absent: the answer is then a single page. */
  paging: z.preprocess((value) => (isRecord(value) ? value : null), pagingSchema.nullable()),
});

export const invoiceLineSchema = z.object({
  network_affiliate_invoice_detail_id: looseNumber,
  network_affiliate_invoice_id: looseNumber,
  network_offer_id: looseNumber,
  network_offer_name: looseText,
  amount: looseAmount,
  invoice_currency_amount: looseAmount,
  currency_id: looseText,
  notes: looseText,
  quantity: looseNumber,
  referral_history_id: looseNumber,
  type: looseText,
  time_created: looseNumber,
  time_saved: looseNumber,
  relationship: looseObject({
    referred_affiliate_id: looseNumber,
    referred_affiliate_name: looseText,
    extra_period_id: looseNumber,
  }),
});

export const invoicePaymentSchema = z.object({
  network_affiliate_payment_id: looseNumber,
  network_id: looseNumber,
  network_affiliate_invoice_id: looseNumber,
  status: looseText,
  notes: looseText,
  amount: looseAmount,
  currency: looseText,
  unix_timestamp: looseNumber,
  payment_type: looseText,
  payee_original_amount: looseAmount,
  payee_fee_amount: looseAmount,
  payee_currency: looseText,
  time_approved: looseNumber,
  time_completed: looseNumber,
});

export const extraPeriodSchema = z.object({
  network_affiliate_invoice_extra_period_id: looseNumber,
  network_affiliate_invoice_id: looseNumber,
  start_time: looseText,
  end_time: looseText,
  timezone_id: looseText,
  time_created: looseNumber,
  time_saved: looseNumber,
  relationship: looseObject({ associated_details: looseArray(invoiceLineSchema) }),
});

export const invoiceDetailResponseSchema = z.object({
  ...invoiceHeaderShape,
  network_affiliate_id: looseNumber,
  /** Words on the partner side ("Net 30"); a network's PUT keeps them (see networkReplacementBody). */
  payment_terms: rawPaymentTerms,
  relationship: looseObject({
    details: looseArray(invoiceLineSchema),
    payments: looseArray(invoicePaymentSchema),
    extra_periods: looseArray(extraPeriodSchema),
  }),
});

/** Everflow documents `{"error": ...}`; clients in the wild read `{"Error": ...}`. */
export const errorBodySchema = z.object({ error: looseText, Error: looseText });

export type RawListInvoice = z.output<typeof listInvoiceSchema>;
export type RawInvoiceList = z.output<typeof invoiceListResponseSchema>;
export type RawInvoiceLine = z.output<typeof invoiceLineSchema>;
export type RawInvoicePayment = z.output<typeof invoicePaymentSchema>;
export type RawInvoiceDetail = z.output<typeof invoiceDetailResponseSchema>;
