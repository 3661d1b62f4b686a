import { amountOfUnits, type AffisePayment } from '../../../../src/provider/affise/normalize';

/** A normalized Affise invoice with nothing but what a test gives it: no amount, no dates, no corrections. */
export function affisePayment(fields: Partial<AffisePayment> & Pick<AffisePayment, 'id'>): AffisePayment {
  return {
    affiliateId: 1,
    managerId: null,
    statusCode: null,
    status: null,
    posted: null,
    postedText: null,
    paymentSystemId: null,
    paymentSystem: null,
    paymentAccount: null,
    currencyId: null,
    currency: null,
    amount: null,
    referralAmount: null,
    corrections: [],
    correctionsTotal: amountOfUnits(BigInt(0)),
    total: null,
    comment: null,
    notes: null,
    conversionIds: [],
    referralIds: [],
    conversions: null,
    lines: [],
    updatedAtRaw: null,
    updated: null,
    updatedMs: null,
    ...fields,
  };
}
