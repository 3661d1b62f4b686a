import type { EverflowInvoiceDetail, EverflowInvoiceHeader, EverflowInvoiceLine, EverflowInvoiceListItem, EverflowInvoicePayment, EverflowZone } from '../../../src/model/invoice';
import type { WallClock } from '../../../src/ports/time-zone';
import type { ShapeContext } from '../../../src/sheet/columns';
import { IntlZoneRules } from '../../../test-support/intl-zone-rules';

/** Hand-built model records: every field set, so a table test sees each column carry its value. */
export const zones = new IntlZoneRules();

export function wall(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): WallClock {
  return { year, month, day, hour, minute, second };
}

export function zone(iana: string | null, label = iana ?? ''): EverflowZone {
  return { iana, label };
}

export function context(sheetTimeZone: string, nowMs: number): ShapeContext {
  return { sheetTimeZone, zones, nowMs };
}

/** The header both an invoice list row and an invoice's details carry. */
function header(): EverflowInvoiceHeader {
  return {
    id: 1001,
    status: 'unpaid',
    periodStart: wall(2024, 10, 1),
    periodEnd: wall(2024, 10, 31, 23, 59, 59),
    zone: zone('America/Los_Angeles'),
    currency: 'USD',
    balance: 150.25,
    notes: 'October traffic',
    createdMs: Date.UTC(2024, 10, 1, 8, 0, 0),
    updatedMs: Date.UTC(2024, 10, 2, 9, 30, 0),
  };
}

export function listItem(overrides: Partial<EverflowInvoiceListItem> = {}): EverflowInvoiceListItem {
  return {
    ...header(),
    billed: 200.25,
    paid: 50,
    paymentTerms: 'Net 30',
    paymentTermsDays: 30,
    ...overrides,
  };
}

/** A list item where the API sent nothing but the id. */
export function bareListItem(id: number): EverflowInvoiceListItem {
  return {
    id,
    status: null,
    periodStart: null,
    periodEnd: null,
    zone: zone(null),
    currency: null,
    balance: null,
    notes: null,
    createdMs: null,
    updatedMs: null,
    billed: null,
    paid: null,
    paymentTerms: null,
    paymentTermsDays: null,
  };
}

export function line(overrides: Partial<EverflowInvoiceLine> = {}): EverflowInvoiceLine {
  return {
    id: 501,
    invoiceId: 1001,
    type: 'referral',
    offerId: 77,
    offerName: 'Spring Sale',
    quantity: 3,
    amount: 12.5,
    currency: 'EUR',
    invoiceCurrencyAmount: 13.75,
    referredAffiliateId: 4242,
    referredAffiliateName: 'Acme Media',
    extraPeriodId: null,
    notes: 'referral bonus',
    createdMs: Date.UTC(2024, 10, 1, 10, 0, 0),
    ...overrides,
  };
}

export function bareLine(invoiceId: number): EverflowInvoiceLine {
  return {
    id: null,
    invoiceId,
    type: null,
    offerId: null,
    offerName: null,
    quantity: null,
    amount: null,
    currency: null,
    invoiceCurrencyAmount: null,
    referredAffiliateId: null,
    referredAffiliateName: null,
    extraPeriodId: null,
    notes: null,
    createdMs: null,
  };
}

export function payment(overrides: Partial<EverflowInvoicePayment> = {}): EverflowInvoicePayment {
  return {
    id: 9001,
    invoiceId: 1001,
    status: 'completed',
    method: 'wire',
    amount: 50,
    currency: 'USD',
    paidOnMs: Date.UTC(2024, 11, 5, 15, 0, 0),
    payeeAmount: 45.5,
    payeeFee: 4.5,
    payeeCurrency: 'EUR',
    approvedMs: Date.UTC(2024, 11, 4, 12, 0, 0),
    completedMs: Date.UTC(2024, 11, 6, 9, 0, 0),
    notes: 'first instalment',
    ...overrides,
  };
}

export function barePayment(invoiceId: number): EverflowInvoicePayment {
  return {
    id: null,
    invoiceId,
    status: null,
    method: null,
    amount: null,
    currency: null,
    paidOnMs: null,
    payeeAmount: null,
    payeeFee: null,
    payeeCurrency: null,
    approvedMs: null,
    completedMs: null,
    notes: null,
  };
}

export function detail(overrides: Partial<EverflowInvoiceDetail> = {}): EverflowInvoiceDetail {
  return {
    ...header(),
    affiliateId: 314,
    lines: [line(), line({ id: 502, type: 'offer_detail', extraPeriodId: 61, referredAffiliateId: null, referredAffiliateName: null })],
    payments: [payment()],
    ...overrides,
  };
}
