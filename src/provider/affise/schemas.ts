import { z } from 'zod';
import { isRecord, looseNumber, looseText, toTextOrNull, wholeIdSchema } from '../json-body';

/*
 * Zod schemas for what Affise sends (../shared/reference/affise-api.md). Every field may be
 * missing or null and numbers may come as strings. Amounts stay TEXT as sent ("12.50000000") so
 * normalize.ts can read them exactly; numbers Affise sends as JSON numbers become their decimal
 * text. Only a payment without a usable id is rejected.
 */


const DECIMAL_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)\s*$/;

/** An amount as decimal text ("12.50000000", or a JSON number written out); anything else is null. */
function toAmountText(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? plainDecimal(value) : null;
  if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return value.trim();
  return null;
}

/** A JSON number as decimal text without exponent (1e-7 -> "0.0000001"). */
function plainDecimal(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}

const looseAmount = z.unknown().optional().transform(toAmountText);

/** An array that may be missing, null or an object keyed by index (PHP's habit): its values as text. */
const looseTextList = z
  .unknown()
  .optional()
  .transform((value): string[] => {
    const entries = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
    return entries.map(toTextOrNull).filter((entry): entry is string => entry !== null);
  });

/** The one field a payment cannot do without. */
const paymentId = wholeIdSchema;

/**
 * A PHP associative array: `[]` when empty (PHP encodes an empty array as a JSON list) and an
 * object keyed by id otherwise. A non-empty list (keys lost) is read with its positions as keys.
 * Entries that are not objects are dropped.
 */
function keyedMap<Item extends z.ZodType>(item: Item) {
  return z
    .unknown()
    .optional()
    .transform((value) => {
      const entries: Array<[string, unknown]> = Array.isArray(value)
        ? value.map((entry, index): [string, unknown] => [String(index), entry])
        : isRecord(value)
          ? Object.entries(value)
          : [];
      const parsed: Array<{ key: string; value: z.output<Item> }> = [];
      for (const [key, raw] of entries) {
        if (!isRecord(raw)) continue;
        const result = item.safeParse(raw);
        if (result.success) parsed.push({ key, value: result.data });
      }
      return parsed;
    });
}

/** One sum correction in `additional_payments`, keyed by the correction id. */
export const correctionSchema = z.object({
  id: looseText,
  posted_date: looseText,
  revenue: looseAmount,
  currency: looseText,
  comment: looseText,
});

/** `details.details.<offerId>.cost.<amount>`: how many conversions were paid that amount. */
export const costSchema = z.object({
  count: looseNumber,
  currency: looseText,
});

export const offerDetailSchema = z.object({
  title: looseText,
  cost: keyedMap(costSchema),
});

/** `{"details": {<offerId>: {...}}, "count": <conversions>}`; `[]` or missing when there are none. */
const detailsSchema = z.preprocess(
  (value) => (isRecord(value) ? value : {}),
  z.object({ details: keyedMap(offerDetailSchema), count: looseNumber }),
);

export const paymentSchema = z.object({
  id: paymentId,
  pid: looseNumber,
  manager_id: looseText,
  posted_date: looseText,
  pay_sys: looseText,
  pay_sys_name: looseText,
  pay_acc: looseText,
  // Text so an undocumented code (Tipalti states) is shown as sent.
  status: looseText,
  revenue: looseAmount,
  ref_revenue: looseAmount,
  currency: looseText,
  currency_code: looseText,
  comment: looseText,
  notes: looseText,
  cpa_actions: looseTextList,
  ref_ids: looseTextList,
  details: detailsSchema,
  additional_payments: keyedMap(correctionSchema),
  updated_at: z.unknown().optional().transform((value): string | number | null => (typeof value === 'string' || typeof value === 'number' ? value : null)),
});

const paginationSchema = z.object({
  page: looseNumber,
  limit: looseNumber,
  per_page: looseNumber,
  total: looseNumber,
  total_count: looseNumber,
  next_page: looseNumber,
});

/** Null when absent: the answer is then a single page. */
const loosePagination = z.preprocess((value) => (isRecord(value) ? value : null), paginationSchema.nullable());

/** `status` of the envelope: 1 ok, 2 error. Kept as a number (null when missing). */
const envelopeStatus = looseNumber;

/** Payments that are not objects are dropped; a payment object without a usable id fails the answer. */
function payments() {
  return z.preprocess((value) => (Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? Object.values(value).filter(isRecord) : []), z.array(paymentSchema));
}

/** `GET /3.1/payments`. */
export const paymentListResponseSchema = z.object({
  status: envelopeStatus,
  message: looseText,
  payments: payments(),
  pagination: loosePagination,
});

/** `GET /3.1/payments/{id}`: `{"status":1,"payment":{...}}`. */
export const paymentResponseSchema = z.object({
  status: envelopeStatus,
  message: looseText,
  payment: paymentSchema,
});

/** `GET /3.1/user/me`: who the key belongs to. Only these fields are read (the answer may echo the key). */
export const userResponseSchema = z.object({
  status: envelopeStatus,
  user: z.preprocess(
    (value) => (isRecord(value) ? value : {}),
    z.object({
      id: looseText,
      email: looseText,
      first_name: looseText,
      last_name: looseText,
      name: looseText,
      roles: looseTextList,
    }),
  ),
});

export const partnerSchema = z.object({
  id: paymentId,
  name: looseText,
  login: looseText,
  email: looseText,
  status: looseText,
});

/** `GET /3.0/admin/partners`: `{"partners": [...], "pagination": {"per_page", "total_count", "page", "next_page"}}`. */
export const partnerListResponseSchema = z.object({
  status: envelopeStatus,
  /** Partners without a usable id are dropped: a name list must not fail for one odd record. */
  partners: z
    .unknown()
    .optional()
    .transform((value) => (Array.isArray(value) ? value : []).flatMap((entry) => {
      const result = partnerSchema.safeParse(entry);
      return result.success ? [result.data] : [];
    })),
  pagination: loosePagination,
});

/** One entry of `GET /3.0/admin/currency?extended=1`: `{"_id": 2, "code": "USD", "active": true, "default": true, "rate": 1}`. */
export const currencySchema = z.object({
  _id: looseText,
  id: looseText,
  code: looseText,
  active: z.unknown().optional().transform((value) => (typeof value === 'boolean' ? value : value === 1 || value === '1' ? true : value === 0 || value === '0' ? false : null)),
  default: z.unknown().optional().transform((value) => value === true || value === 1 || value === '1'),
});

/** The extended list comes under `quotes` (a list, or an object keyed by id); `currencies` is accepted too. */
export const currencyListResponseSchema = z.object({
  status: envelopeStatus,
  quotes: keyedMap(currencySchema),
  currencies: keyedMap(currencySchema),
});

/** `{"status": 1|2, "message": "..."}`: every answer, errors included. */
export const envelopeSchema = z.object({ status: envelopeStatus, message: looseText, error: looseText });

/** `DELETE .../delete/{id}` answers `{"status":1,"result":true}`. */
export const resultResponseSchema = z.object({ status: envelopeStatus, message: looseText, result: z.unknown().optional() });

/** `POST /3.1/payments/{id}/add-correction`: the envelope, perhaps with the new correction's id. */
export const correctionAnswerSchema = z.object({ status: envelopeStatus, correction_id: looseText, id: looseText });

/** `POST /3.1/payments/bulk-delete`: a map id -> true/false (under `result`, `data`, or beside `status`). */
export const bulkDeleteResponseSchema = z.object({ status: envelopeStatus, message: looseText }).catchall(z.unknown());

export type RawPayment = z.output<typeof paymentSchema>;
export type RawCorrection = z.output<typeof correctionSchema>;
export type RawOfferDetail = z.output<typeof offerDetailSchema>;
export type RawUser = z.output<typeof userResponseSchema>['user'];
export type RawPartner = z.output<typeof partnerSchema>;
export type RawCurrency = z.output<typeof currencySchema>;
export type RawPagination = z.output<typeof paginationSchema>;
