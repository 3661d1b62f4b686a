import type { EverflowInvoiceDetail, EverflowInvoiceListItem } from '../../../../src/model/invoice';
import { everflowInvoiceDetailSchema, everflowInvoiceListItemSchema } from '../../../../src/model/invoice-schema';
import { normalizeDetail, normalizeListItem, parsePaymentTerms, parsePeriodTime } from '../../../../src/provider/everflow/normalize';
import {
  invoiceDetailResponseSchema,
  invoiceListResponseSchema,
  readBody,
} from '../../../../src/provider/everflow/schemas';
import { everflowZone } from '../../../../src/provider/everflow/time-zones';
import { IntlZoneRules } from '../../../../test-support/intl-zone-rules';
import { detailOf, listRow } from './scripted-http';

const zones = new IntlZoneRules();

function list(body: unknown): EverflowInvoiceListItem[] {
  const reading = readBody(invoiceListResponseSchema, JSON.stringify(body));
  if (!reading.ok) throw new Error(reading.detail);
  return reading.value.invoices.map((raw) => normalizeListItem(raw, zones));
}

function detail(body: unknown): EverflowInvoiceDetail {
  const reading = readBody(invoiceDetailResponseSchema, JSON.stringify(body));
  if (!reading.ok) throw new Error(reading.detail);
  return normalizeDetail(reading.value, zones);
}

function line(id: number | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { network_affiliate_invoice_detail_id: id, amount: 1, type: 'offer_detail', ...extra };
}

describe('list rows', () => {
  it('maps Everflow\'s example row into the model', () => {
    const [item] = list({ invoices: [listRow(1234)], paging: { page: 1, page_size: 50, total_count: 1 } });
    expect(item).toEqual<EverflowInvoiceListItem>({
      id: 1234,
      status: 'paid',
      periodStart: { year: 2024, month: 10, day: 1, hour: 0, minute: 0, second: 0 },
      periodEnd: { year: 2024, month: 10, day: 31, hour: 23, minute: 59, second: 59 },
      zone: { iana: 'America/New_York', label: 'America/New_York' },
      currency: 'USD',
      balance: 237.43,
      notes: '',
      createdMs: 1667979773000,
      updatedMs: 1689685995000,
      billed: 237.43,
      paid: 0,
      paymentTerms: 'Net 30',
      paymentTermsDays: 30,
    });
    expect(everflowInvoiceListItemSchema.safeParse(item).success).toBe(true);
  });

  it('reads numbers sent as numeric strings', () => {
    const [item] = list({
      invoices: [{ network_affiliate_invoice_id: '12', balance: '237.43', billed: ' 1e2 ', paid: '-0.5', timezone_id: '80', time_saved: '1689685995' }],
    });
    expect(item).toMatchObject({ id: 12, balance: 237.43, billed: 100, paid: -0.5, zone: { iana: 'America/New_York' }, updatedMs: 1689685995000 });
  });

  it('reads an amount that is no amount as unreadable, keeping what was sent, and never fails the body for it', () => {
    const items = list({
      invoices: [
        { network_affiliate_invoice_id: 1, balance: 'n/a', billed: '1,234.50', paid: true },
        { network_affiliate_invoice_id: 2, balance: 1e21, billed: '1e21', paid: -1e21 },
        { network_affiliate_invoice_id: 3, balance: 'x'.repeat(100), billed: { value: 1 }, paid: ' 12.5 ' },
        { network_affiliate_invoice_id: 4, balance: 9007199254740.99, billed: '-0.00000001', paid: '' },
      ],
    });
    expect(items.map((item) => [item.id, item.balance, item.billed, item.paid])).toEqual([
      [1, { unreadable: 'n/a' }, { unreadable: '1,234.50' }, { unreadable: 'true' }],
      [2, { unreadable: '1e+21' }, { unreadable: '1e21' }, { unreadable: '-1e+21' }],
      [3, { unreadable: `${'x'.repeat(40)}…` }, { unreadable: '{"value":1}' }, 12.5],
      [4, 9007199254740.99, -0.00000001, null],
    ]);
    for (const item of items) expect(everflowInvoiceListItemSchema.safeParse(item).success).toBe(true);
  });

  it('reads every missing or null field as null', () => {
    const [item] = list({
      invoices: [{ network_affiliate_invoice_id: 5, balance: null, billed: '', paid: undefined, start_time: null, notes: null, relationship: null }],
      paging: null,
    });
    expect(item).toEqual<EverflowInvoiceListItem>({
      id: 5,
      status: null,
      periodStart: null,
      periodEnd: null,
      zone: { iana: null, label: '' },
      currency: null,
      balance: null,
      notes: null,
      createdMs: null,
      updatedMs: null,
      billed: null,
      paid: null,
      paymentTerms: null,
      paymentTermsDays: null,
    });
  });

  it('lets unknown fields and unknown enumeration values through', () => {
    const [item] = list({ invoices: [{ network_affiliate_invoice_id: 1, affiliate_invoice_status: 'partially_paid', brand_new_field: { a: 1 } }] });
    expect(item?.status).toBe('partially_paid');
  });

  it('reads the status from either field name', () => {
    const items = list({ invoices: [{ network_affiliate_invoice_id: 1, status: 'unpaid' }, { network_affiliate_invoice_id: 2, affiliate_invoice_status: 'paid' }] });
    expect(items.map((item) => item.status)).toEqual(['unpaid', 'paid']);
  });

  it('keeps an unknown timezone id as its label', () => {
    const [item] = list({ invoices: [{ network_affiliate_invoice_id: 1, timezone_id: 999, start_time: '2024-10-01 00:00:00' }] });
    expect(item?.zone).toEqual({ iana: null, label: '999' });
    expect(item?.periodStart).toEqual({ year: 2024, month: 10, day: 1, hour: 0, minute: 0, second: 0 });
  });
});

describe('reading bodies', () => {
  it('rejects a row without an id, naming the field', () => {
    const reading = readBody(invoiceListResponseSchema, JSON.stringify({ invoices: [listRow(1), { balance: 3 }] }));
    expect(reading).toEqual({ ok: false, problem: 'mismatch', detail: 'invoices[1].network_affiliate_invoice_id: missing' });
  });

  it('rejects an id that is not a whole number', () => {
    const text = readBody(invoiceListResponseSchema, JSON.stringify({ invoices: [{ network_affiliate_invoice_id: 'abc' }, { network_affiliate_invoice_id: 1.5 }] }));
    expect(text).toEqual({ ok: false, problem: 'mismatch', detail: 'invoices[0].network_affiliate_invoice_id: not a number ("abc") (and 1 more)' });
    expect(readBody(invoiceDetailResponseSchema, '{"network_affiliate_invoice_id": null}')).toMatchObject({
      ok: false,
      detail: 'network_affiliate_invoice_id: missing',
    });
  });

  it('rejects a body that is not an object', () => {
    expect(readBody(invoiceListResponseSchema, '[]')).toMatchObject({ ok: false, problem: 'mismatch', detail: expect.stringMatching(/^the body: /) });
  });

  it('tells a body that is not JSON from one of the wrong shape', () => {
    expect(readBody(invoiceListResponseSchema, '{"invoices": [{"network_aff')).toEqual({
      ok: false,
      problem: 'unreadable',
      detail: 'the body was not complete JSON',
    });
    expect(readBody(invoiceListResponseSchema, '  ')).toEqual({ ok: false, problem: 'unreadable', detail: 'the body was empty' });
  });

  it('reads a missing invoice array as empty and missing paging as null', () => {
    expect(readBody(invoiceListResponseSchema, '{}')).toEqual({ ok: true, value: { invoices: [], paging: null } });
  });

  it('drops array entries that are not objects', () => {
    expect(list({ invoices: [null, 7, listRow(3)] }).map((item) => item.id)).toEqual([3]);
  });
});

describe('invoice details', () => {
  it('maps Everflow\'s example invoice, lines and payments', () => {
    const result = detail(detailOf(10));
    expect(result).toMatchObject({ id: 10, status: 'unpaid', affiliateId: 7, balance: 130, notes: 'Invoice for October' });
    expect(result.lines).toEqual([
      {
        id: 101,
        invoiceId: 10,
        type: 'referral',
        offerId: 0,
        offerName: '',
        quantity: 0,
        amount: 20,
        currency: 'USD',
        invoiceCurrencyAmount: 20,
        referredAffiliateId: 100,
        referredAffiliateName: 'Referred John Doe',
        extraPeriodId: null,
        notes: '',
        createdMs: null,
      },
      expect.objectContaining({ id: 102, type: 'offer_detail', offerId: 1265, offerName: 'Gaming Offer Example', referredAffiliateId: null }),
    ]);
    expect(result.payments).toEqual([
      {
        id: 103,
        invoiceId: 10,
        status: 'pending',
        method: 'pay',
        amount: 130,
        currency: 'USD',
        paidOnMs: 1731715200000,
        payeeAmount: null,
        payeeFee: null,
        payeeCurrency: null,
        approvedMs: null,
        completedMs: null,
        notes: '',
      },
    ]);
    expect(everflowInvoiceDetailSchema.safeParse(result).success).toBe(true);
  });

  it('reads the status from either field name', () => {
    expect(detail({ network_affiliate_invoice_id: 1, affiliate_invoice_status: 'paid' }).status).toBe('paid');
    expect(detail({ network_affiliate_invoice_id: 1, status: 'unpaid', affiliate_invoice_status: 'paid' }).status).toBe('unpaid');
  });

  it('reads a bare invoice with no relationship at all', () => {
    expect(detail({ network_affiliate_invoice_id: '77', relationship: null })).toMatchObject({ id: 77, affiliateId: null, lines: [], payments: [] });
  });

  it('maps payment amounts, payee fields, unknown methods and instants; 0 seconds means never', () => {
    const result = detail({
      network_affiliate_invoice_id: 1,
      relationship: {
        payments: [
          {
            network_affiliate_payment_id: '9',
            amount: '120.50',
            currency: 'EUR',
            currency_id: 'USD',
            payment_type: 'wire_transfer',
            status: 'completed_manually',
            payee_original_amount: 118,
            payee_fee_amount: '2.5',
            payee_currency: 'GBP',
            unix_timestamp: 1731628800,
            time_approved: 0,
            time_completed: 1731715200,
          },
        ],
      },
    });
    expect(result.payments).toEqual([
      {
        id: 9,
        invoiceId: 1,
        status: 'completed_manually',
        method: 'wire_transfer',
        amount: 120.5,
        currency: 'EUR',
        paidOnMs: 1731628800000,
        payeeAmount: 118,
        payeeFee: 2.5,
        payeeCurrency: 'GBP',
        approvedMs: null,
        completedMs: 1731715200000,
        notes: null,
      },
    ]);
  });

  it('adds extra periods\' lines after the invoice\'s own, each line once, with its period', () => {
    const result = detail({
      network_affiliate_invoice_id: 1,
      relationship: {
        details: [line(1), line(2), line(1), line(null)],
        extra_periods: [
          {
            network_affiliate_invoice_extra_period_id: 900,
            start_time: '2023-11-07T05:31:56Z',
            relationship: { associated_details: [line(2, { relationship: { extra_period_id: 900 } }), line(3)] },
          },
          { network_affiliate_invoice_extra_period_id: 901, relationship: { associated_details: [line(4, { relationship: { extra_period_id: '905' } }), line(3)] } },
          { network_affiliate_invoice_extra_period_id: 902, relationship: null },
        ],
      },
    });
    expect(result.lines.map((entry) => [entry.id, entry.extraPeriodId])).toEqual([
      [1, null],
      [null, null],
      [2, 900],
      [3, 900],
      [4, 905],
    ]);
    expect(result.lines.every((entry) => entry.invoiceId === 1)).toBe(true);
  });

  it('reads line numbers sent as strings and keeps unknown line types', () => {
    const result = detail({
      network_affiliate_invoice_id: 1,
      relationship: { details: [{ network_affiliate_invoice_detail_id: '5', amount: '10.10', invoice_currency_amount: '9.05', quantity: '3', type: 'bonus', currency_id: 'EUR' }] },
    });
    expect(result.lines[0]).toMatchObject({ id: 5, amount: 10.1, invoiceCurrencyAmount: 9.05, quantity: 3, type: 'bonus', currency: 'EUR' });
  });
});

describe('period times', () => {
  const newYork = everflowZone(80);
  const midnight = { year: 2024, month: 10, day: 1, hour: 0, minute: 0, second: 0 };

  it('keeps "YYYY-MM-DD HH:MM:SS" as the wall clock it is', () => {
    expect(parsePeriodTime('2024-10-01 00:00:00', newYork, zones)).toEqual(midnight);
    expect(parsePeriodTime('2024-10-01', newYork, zones)).toEqual(midnight);
  });

  it('reads an ISO time ending in Z as the same wall-clock digits (the list shows that invoice\'s period so)', () => {
    expect(parsePeriodTime('2024-10-01T00:00:00Z', newYork, zones)).toEqual(midnight);
    expect(parsePeriodTime('2024-12-01T00:00:00.000Z', newYork, zones)).toEqual({ ...midnight, month: 12 });
  });

  it('turns an ISO time with an explicit offset into the wall clock in the invoice\'s zone, daylight saving included', () => {
    expect(parsePeriodTime('2024-10-01T06:00:00+02:00', newYork, zones)).toEqual(midnight);
    expect(parsePeriodTime('2024-09-30T22:30:00-0530', everflowZone(63), zones)).toEqual({ ...midnight, hour: 5 });
  });

  it.each(['+00:00', '+0000', '+00', '-00:00'])('reads a time sent with %s exactly as the same time sent with Z', (offset) => {
    for (const zone of [newYork, everflowZone(16), everflowZone(999)]) {
      expect(parsePeriodTime(`2024-10-01T04:00:00${offset}`, zone, zones)).toEqual(parsePeriodTime('2024-10-01T04:00:00Z', zone, zones));
    }
    expect(parsePeriodTime(`2024-12-31T23:59:59${offset}`, everflowZone(16), zones)).toEqual({ year: 2024, month: 12, day: 31, hour: 23, minute: 59, second: 59 });
  });

  it('reads an instant in UTC when the zone is unknown', () => {
    expect(parsePeriodTime('2024-10-01T04:00:00Z', everflowZone(999), zones)).toEqual({ ...midnight, hour: 4 });
    expect(parsePeriodTime('2024-10-01T04:00:00Z', everflowZone(null), zones)).toEqual({ ...midnight, hour: 4 });
  });

  it('reads impossible or unreadable dates as null', () => {
    for (const text of ['0000-00-00 00:00:00', '2024-02-30 00:00:00', '2024-10-01 24:00:00', 'yesterday', '', null]) {
      expect(parsePeriodTime(text, newYork, zones)).toBeNull();
    }
  });

  it('maps both period formats through a whole record', () => {
    const [item] = list({ invoices: [{ network_affiliate_invoice_id: 1, timezone_id: 56, start_time: '2023-11-07T05:31:56Z', end_time: '2023-11-30 23:59:59' }] });
    expect(item?.periodStart).toEqual({ year: 2023, month: 11, day: 7, hour: 5, minute: 31, second: 56 });
    expect(item?.periodEnd).toEqual({ year: 2023, month: 11, day: 30, hour: 23, minute: 59, second: 59 });
  });
});

describe('payment terms', () => {
  it.each([
    ['Net 30', 'Net 30', 30],
    ['  net45 ', 'net45', 45],
    ['Net 30 days', 'Net 30 days', 30],
    ['NET-60', 'NET-60', 60],
    [30, 'Net 30', 30],
    ['30', 'Net 30', 30],
    [0, 'Net 0', 0],
    ['Due on receipt', 'Due on receipt', 0],
    ['due upon receipt', 'due upon receipt', 0],
    ['Upon Receipt', 'Upon Receipt', 0],
    ['Receipt', 'Receipt', 0],
    ['Due at month end', 'Due at month end', null],
    ['Receipt plus 10', 'Receipt plus 10', null],
    [30.5, '30.5', null],
    ['', null, null],
    [null, null, null],
  ])('%j reads as %j with %j days', (raw, text, days) => {
    expect(parsePaymentTerms(raw)).toEqual({ paymentTerms: text, paymentTermsDays: days });
  });

  it('come from the list row as sent, or as network days', () => {
    const items = list({ invoices: [{ network_affiliate_invoice_id: 1, payment_terms: 15 }, { network_affiliate_invoice_id: 2, payment_terms: { days: 3 } }] });
    expect(items.map((item) => [item.paymentTerms, item.paymentTermsDays])).toEqual([
      ['Net 15', 15],
      [null, null],
    ]);
  });
});

describe('time zones', () => {
  it.each([
    [55, 'Europe/Amsterdam'],
    [56, 'Europe/Berlin'],
    [58, 'Europe/Paris'],
    [63, 'Europe/London'],
    [67, 'UTC'],
    [75, 'America/Halifax'],
    [80, 'America/New_York'],
    [85, 'America/Chicago'],
    [87, 'America/Denver'],
    [89, 'America/Phoenix'],
    [90, 'America/Los_Angeles'],
    [97, 'Pacific/Honolulu'],
    [1, 'Pacific/Kiritimati'],
    [4, 'Pacific/Chatham'],
    [12, 'Australia/Sydney'],
    [16, 'Asia/Tokyo'],
    [29, 'Asia/Kathmandu'],
    [31, 'Asia/Kolkata'],
    [71, 'America/St_Johns'],
    [99, 'Pacific/Pago_Pago'],
  ])('timezone_id %d is %s', (id, iana) => {
    expect(everflowZone(id)).toEqual({ iana, label: iana });
    expect(everflowZone(` ${id}`)).toEqual({ iana, label: iana });
    expect(zones.isKnownZone(iana)).toBe(true);
  });

  it('maps every id Everflow lists, 1 to 99, to a zone the rules know', () => {
    for (let id = 1; id <= 99; id++) {
      const zone = everflowZone(id);
      expect([id, zone.iana !== null && zones.isKnownZone(zone.iana)]).toEqual([id, true]);
    }
    expect(everflowZone(2).iana).toBe('Pacific/Enderbury');
    expect(everflowZone(27).iana).toBe('Asia/Rangoon');
  });

  it('keeps an unknown id as its label and an absent one as blank', () => {
    expect(everflowZone(0)).toEqual({ iana: null, label: '0' });
    expect(everflowZone(100)).toEqual({ iana: null, label: '100' });
    expect(everflowZone('16.0')).toEqual({ iana: null, label: '16.0' });
    expect(everflowZone(999)).toEqual({ iana: null, label: '999' });
    expect(everflowZone('toString')).toEqual({ iana: null, label: 'toString' });
    expect(everflowZone(null)).toEqual({ iana: null, label: '' });
  });
});
