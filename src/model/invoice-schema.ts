import { z } from 'zod';
import type { InvoiceDetail, InvoiceLine, InvoiceListItem, InvoicePayment, ZoneRef } from './invoice';
import type { WallClock } from '../ports/time-zone';

/**
 * Schemas of the neutral model, for data the add-on stored itself (cache, sync state) and reads
 * back: stored data is outside input too, and a stale format must read as a miss, not a crash.
 */
const nullableNumber = z.number().nullable();
const nullableString = z.string().nullable();

export const wallClockSchema: z.ZodType<WallClock> = z.object({
  year: z.number().int(),
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
  hour: z.number().int().min(0).max(23),
  minute: z.number().int().min(0).max(59),
  second: z.number().int().min(0).max(59),
});

const zoneRefSchema: z.ZodType<ZoneRef> = z.object({ iana: nullableString, label: z.string() });

const headerShape = {
  id: z.number(),
  status: nullableString,
  periodStart: wallClockSchema.nullable(),
  periodEnd: wallClockSchema.nullable(),
  zone: zoneRefSchema,
  currency: nullableString,
  balance: nullableNumber,
  notes: nullableString,
  createdMs: nullableNumber,
  updatedMs: nullableNumber,
};

export const invoiceListItemSchema: z.ZodType<InvoiceListItem> = z.object({
  ...headerShape,
  billed: nullableNumber,
  paid: nullableNumber,
  paymentTerms: nullableString,
  paymentTermsDays: nullableNumber,
});

const lineSchema: z.ZodType<InvoiceLine> = z.object({
  id: nullableNumber,
  invoiceId: z.number(),
  type: nullableString,
  offerId: nullableNumber,
  offerName: nullableString,
  quantity: nullableNumber,
  amount: nullableNumber,
  currency: nullableString,
  invoiceCurrencyAmount: nullableNumber,
  referredAffiliateId: nullableNumber,
  referredAffiliateName: nullableString,
  extraPeriodId: nullableNumber,
  notes: nullableString,
  createdMs: nullableNumber,
});

const paymentSchema: z.ZodType<InvoicePayment> = z.object({
  id: nullableNumber,
  invoiceId: z.number(),
  status: nullableString,
  method: nullableString,
  amount: nullableNumber,
  currency: nullableString,
  paidOnMs: nullableNumber,
  payeeAmount: nullableNumber,
  payeeFee: nullableNumber,
  payeeCurrency: nullableString,
  approvedMs: nullableNumber,
  completedMs: nullableNumber,
  notes: nullableString,
});

export const invoiceDetailSchema: z.ZodType<InvoiceDetail> = z.object({
  ...headerShape,
  affiliateId: nullableNumber,
  lines: z.array(lineSchema),
  payments: z.array(paymentSchema),
});

export const invoiceListSchema = z.array(invoiceListItemSchema);
