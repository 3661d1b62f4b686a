import { z } from 'zod';
import type { EverflowInvoiceDetail, EverflowInvoiceLine, EverflowInvoiceListItem, EverflowInvoicePayment, EverflowZone } from './invoice';
import type { WallClock } from '../ports/time-zone';

/**
 * Schemas of the model's records, for data the add-on stored itself (cache, sync state) and reads
 * back: stored data is outside input too, and a stale format must read as a miss, not a crash.
 * A provider's records are named as that provider's, like their types in `invoice.ts`.
 */
const nullableNumber = z.number().nullable();
const nullableString = z.string().nullable();
const amountSchema = z.union([z.number(), z.object({ unreadable: z.string() })]).nullable();

export const wallClockSchema: z.ZodType<WallClock> = z.object({
  year: z.number().int(),
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
  hour: z.number().int().min(0).max(23),
  minute: z.number().int().min(0).max(59),
  second: z.number().int().min(0).max(59),
});

const everflowZoneSchema: z.ZodType<EverflowZone> = z.object({ iana: nullableString, label: z.string() });

const headerShape = {
  id: z.number(),
  status: nullableString,
  periodStart: wallClockSchema.nullable(),
  periodEnd: wallClockSchema.nullable(),
  zone: everflowZoneSchema,
  currency: nullableString,
  balance: amountSchema,
  notes: nullableString,
  createdMs: nullableNumber,
  updatedMs: nullableNumber,
};

export const everflowInvoiceListItemSchema: z.ZodType<EverflowInvoiceListItem> = z.object({
  ...headerShape,
  billed: amountSchema,
  paid: amountSchema,
  paymentTerms: nullableString,
  paymentTermsDays: nullableNumber,
  network: z
    .object({
      // Lists cached before the field was kept lack it.
      networkId: nullableNumber.default(null),
      affiliateId: nullableNumber,
      affiliateName: nullableString,
      publicNotes: nullableString,
      internalNotes: nullableString,
      isHiddenAffiliate: z.boolean().nullable(),
      paymentType: nullableString,
      isPayable: z.boolean().nullable(),
      paymentStatus: nullableString,
      paidDate: nullableString,
    })
    .optional(),
});

const lineSchema: z.ZodType<EverflowInvoiceLine> = z.object({
  id: nullableNumber,
  invoiceId: z.number(),
  type: nullableString,
  offerId: nullableNumber,
  offerName: nullableString,
  quantity: nullableNumber,
  amount: amountSchema,
  currency: nullableString,
  invoiceCurrencyAmount: amountSchema,
  referredAffiliateId: nullableNumber,
  referredAffiliateName: nullableString,
  extraPeriodId: nullableNumber,
  notes: nullableString,
  createdMs: nullableNumber,
});

const paymentSchema: z.ZodType<EverflowInvoicePayment> = z.object({
  id: nullableNumber,
  invoiceId: z.number(),
  status: nullableString,
  method: nullableString,
  amount: amountSchema,
  currency: nullableString,
  paidOnMs: nullableNumber,
  payeeAmount: amountSchema,
  payeeFee: amountSchema,
  payeeCurrency: nullableString,
  approvedMs: nullableNumber,
  completedMs: nullableNumber,
  notes: nullableString,
});

export const everflowInvoiceDetailSchema: z.ZodType<EverflowInvoiceDetail> = z.object({
  ...headerShape,
  affiliateId: nullableNumber,
  affiliateName: nullableString.optional(),
  lines: z.array(lineSchema),
  payments: z.array(paymentSchema),
});

export const everflowInvoiceListSchema = z.array(everflowInvoiceListItemSchema);
