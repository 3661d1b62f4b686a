import { z } from 'zod';
import type { CreatedInvoiceSpec, GivenLine } from './generator';
import type { LineType } from './model';

/**
 * The network side's write bodies (create, PUT, PATCH), validated as Everflow's reference
 * describes them. A PUT is a full replacement: a field it does not send is wiped (empty notes, no
 * terms, no line items, not hidden), which is why a client must read before it writes.
 */

export type WriteStatus = 'paid' | 'unpaid' | 'deleted';

export interface InvoiceWrite {
  affiliateId: number;
  status: WriteStatus;
  spec: Omit<CreatedInvoiceSpec, 'timezoneId' | 'currency'>;
}

const LINE_TYPES: readonly LineType[] = ['offer_detail', 'referral', 'vat', 'adjustment'];

const wholeNumber = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const amount = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
/** YYYY-MM-DD; a time after the date is accepted and dropped (a period is whole days). */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/, 'expected YYYY-MM-DD').transform((text) => text.slice(0, 10));
const optionalText = z.string().nullish().transform((text) => text ?? '');

const detailSchema = z
  .object({
    network_affiliate_invoice_detail_id: wholeNumber.nullish(),
    network_offer_id: wholeNumber.nullish(),
    network_offer_name: z.string().nullish(),
    type: z.string().nullish(),
    amount,
    quantity: wholeNumber.nullish(),
    notes: z.string().nullish(),
  })
  .loose();

const invoiceBody = z
  .object({
    network_affiliate_id: wholeNumber,
    status: z.enum(['paid', 'unpaid', 'deleted']),
    start_time: day,
    end_time: day,
    public_notes: optionalText,
    internal_notes: optionalText,
    is_hidden_affiliate: z.boolean().nullish().transform((hidden) => hidden ?? false),
    payment_terms: wholeNumber.nullish(),
    details: z.array(detailSchema).nullish().transform((details) => details ?? []),
  })
  .loose();

const statusBody = z.object({ invoice_ids: z.array(wholeNumber).min(1), status: z.enum(['paid', 'unpaid', 'deleted']) }).loose();

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseInvoiceWrite(body: unknown, creating: boolean): Parsed<InvoiceWrite> {
  const parsed = invoiceBody.safeParse(body);
  if (!parsed.success) return { ok: false, message: describe(parsed.error) };
  const raw = parsed.data;
  if (creating && raw.status === 'deleted') return { ok: false, message: 'Invalid status: a new invoice is paid or unpaid' };
  if (raw.end_time < raw.start_time) return { ok: false, message: 'Invalid end_time: before start_time' };
  const lines: GivenLine[] = raw.details.map((detail) => ({
    id: creating ? null : (detail.network_affiliate_invoice_detail_id ?? null),
    type: LINE_TYPES.includes(detail.type as LineType) ? (detail.type as LineType) : 'adjustment',
    offerId: detail.network_offer_id ?? 0,
    offerName: detail.network_offer_name ?? '',
    amountCents: Math.round(detail.amount * 100),
    quantity: detail.quantity ?? 0,
    notes: detail.notes ?? '',
  }));
  return {
    ok: true,
    value: {
      affiliateId: raw.network_affiliate_id,
      status: raw.status,
      spec: {
        startDate: raw.start_time,
        endDate: raw.end_time,
        paymentTerms: termsText(raw.payment_terms),
        publicNotes: raw.public_notes,
        internalNotes: raw.internal_notes,
        hiddenAffiliate: raw.is_hidden_affiliate,
        lines,
      },
    },
  };
}

export function parseStatusChange(body: unknown): Parsed<{ invoiceIds: number[]; status: WriteStatus }> {
  const parsed = statusBody.safeParse(body);
  if (!parsed.success) return { ok: false, message: describe(parsed.error) };
  return { ok: true, value: { invoiceIds: parsed.data.invoice_ids, status: parsed.data.status } };
}

/** Integer days as the partner side words them. */
function termsText(days: number | null | undefined): string | null {
  if (days === null || days === undefined) return null;
  return days === 0 ? 'Due on receipt' : `Net ${days}`;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request body';
  const field = issue.path.map(String).join('.');
  return field ? `Invalid ${field}: ${issue.message}` : `Invalid request body: ${issue.message}`;
}
