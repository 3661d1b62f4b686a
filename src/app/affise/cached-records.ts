import { z } from 'zod';
import { wallClockSchema } from '../../model/invoice-schema';
import type { AffiseAmount, AffiseCorrection, AffiseOfferLine, AffisePayment } from '../../provider/affise/normalize';

/**
 * Schemas of Affise's records as the add-on caches them: stored data is outside input too, and a
 * stale format reads as a miss, not a crash.
 */
const nullableString = z.string().nullable();
const nullableNumber = z.number().nullable();

const amountSchema: z.ZodType<AffiseAmount> = z.object({ units: z.string().regex(/^-?\d+$/), text: z.string() });

const offerLineSchema: z.ZodType<AffiseOfferLine> = z.object({
  offerId: z.string(),
  offerTitle: nullableString,
  payout: amountSchema.nullable(),
  conversions: nullableNumber,
  amount: amountSchema.nullable(),
  currency: nullableString,
});

const correctionSchema: z.ZodType<AffiseCorrection> = z.object({
  id: z.string(),
  posted: wallClockSchema.nullable(),
  postedText: nullableString,
  amount: amountSchema.nullable(),
  currency: nullableString,
  comment: nullableString,
});

export const affisePaymentSchema: z.ZodType<AffisePayment> = z.object({
  id: z.number(),
  affiliateId: nullableNumber,
  managerId: nullableString,
  statusCode: nullableString,
  status: nullableString,
  posted: wallClockSchema.nullable(),
  postedText: nullableString,
  paymentSystemId: nullableString,
  paymentSystem: nullableString,
  paymentAccount: nullableString,
  currencyId: nullableString,
  currency: nullableString,
  amount: amountSchema.nullable(),
  referralAmount: amountSchema.nullable(),
  corrections: z.array(correctionSchema),
  correctionsTotal: amountSchema,
  total: amountSchema.nullable(),
  comment: nullableString,
  notes: nullableString,
  conversionIds: z.array(z.string()),
  referralIds: z.array(z.string()),
  conversions: nullableNumber,
  lines: z.array(offerLineSchema),
  updatedAtRaw: nullableString,
  updated: wallClockSchema.nullable(),
  updatedMs: nullableNumber,
});

export const affisePaymentListSchema = z.array(affisePaymentSchema);

/** Affiliate names by id, as `[id, name]` pairs (JSON has no Map). */
export const affiliateNamesSchema = z.array(z.tuple([z.number(), z.string()]));
