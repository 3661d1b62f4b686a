import { readBody } from '../../../../src/provider/json-body';
import {
  AFFISE_STATUS_CODES,
  amountInMinorUnits,
  normalizeCurrency,
  normalizePartner,
  normalizePayment,
  normalizeUser,
  parseAmount,
  parseWallClock,
  sumAffiseAmounts,
} from '../../../../src/provider/affise/normalize';
import {
  currencyListResponseSchema,
  partnerListResponseSchema,
  paymentListResponseSchema,
  paymentResponseSchema,
  userResponseSchema,
} from '../../../../src/provider/affise/schemas';
import { paymentJson } from './scripted-affise';

function readPayment(raw: Record<string, unknown>) {
  const reading = readBody(paymentResponseSchema, JSON.stringify({ status: 1, payment: raw }));
  if (!reading.ok) throw new Error(reading.detail);
  return normalizePayment(reading.value.payment);
}

describe('Affise schemas: every quirk of the reference', () => {
  it('reads the reference payment: revenue text, currency id beside the code, details by offer then cost', () => {
    const payment = readPayment({
      ...paymentJson(12),
      details: {
        details: {
          '7': { title: 'Offer 7', cost: { '2.41': { count: 50, currency: 'USD' }, '0.10': { count: '3', currency: 'USD' } } },
          '9': { title: 'Offer 9', cost: {} },
        },
        count: 53,
      },
    });
    expect(payment).toMatchObject({ id: 12, affiliateId: 40, currencyId: '1', currency: 'USD', amount: { text: '120.5', units: '12050000000' }, conversions: 53 });
    expect(payment.lines).toEqual([
      { offerId: '7', offerTitle: 'Offer 7', payout: { text: '2.41', units: '241000000' }, conversions: 50, amount: { text: '120.5', units: '12050000000' }, currency: 'USD' },
      { offerId: '7', offerTitle: 'Offer 7', payout: { text: '0.1', units: '10000000' }, conversions: 3, amount: { text: '0.3', units: '30000000' }, currency: 'USD' },
      { offerId: '9', offerTitle: 'Offer 9', payout: null, conversions: null, amount: null, currency: null },
    ]);
  });

  it('additional_payments is [] when empty and an object keyed by correction id otherwise', () => {
    expect(readPayment({ ...paymentJson(1), additional_payments: [] }).corrections).toEqual([]);
    const corrected = readPayment({
      ...paymentJson(1),
      additional_payments: {
        '501': { posted_date: '2026-10-03 09:00:00', revenue: '-15.00000000', currency: 'USD', comment: 'chargeback' },
        '502': { posted_date: '2026-10-04 09:00:00', revenue: '0.10000000', currency: '1', comment: 'bonus' },
        '503': { revenue: '5.00000000', currency: 'EUR', comment: 'other currency' },
      },
    });
    expect(corrected.corrections.map((correction) => [correction.id, correction.amount?.text, correction.comment])).toEqual([
      ['501', '-15', 'chargeback'],
      ['502', '0.1', 'bonus'],
      ['503', '5', 'other currency'],
    ]);
    expect(corrected.corrections[0]?.posted).toEqual({ year: 2026, month: 10, day: 3, hour: 9, minute: 0, second: 0 });
    // 120.50 - 15.00 + 0.10 (by id "1" = USD); the EUR correction is not added to a USD total.
    expect(corrected.correctionsTotal.text).toBe('-14.9');
    expect(corrected.total?.text).toBe('105.6');
  });

  it('status codes become words; unknown codes are shown as they are; numbers may be strings', () => {
    for (const [word, code] of Object.entries(AFFISE_STATUS_CODES)) expect(readPayment({ ...paymentJson(1), status: code }).status).toBe(word);
    expect(readPayment({ ...paymentJson(1), status: '2' })).toMatchObject({ statusCode: '2', status: 'completed' });
    expect(readPayment({ ...paymentJson(1), status: 7 })).toMatchObject({ statusCode: '7', status: '7' });
    expect(readPayment({ ...paymentJson(1), status: null })).toMatchObject({ statusCode: null, status: null });
    expect(readPayment({ ...paymentJson(1), id: '44', pid: '9' })).toMatchObject({ id: 44, affiliateId: 9 });
  });

  it('fields may be missing or null; details may be [] (PHP) and lists may be objects', () => {
    const bare = readPayment({ id: 3 });
    expect(bare).toMatchObject({ id: 3, affiliateId: null, amount: null, total: null, currency: null, lines: [], corrections: [], conversions: null, posted: null, updatedAtRaw: null });
    const php = readPayment({ ...paymentJson(3), details: [], cpa_actions: { '0': 'x', '1': 'y' }, comment: null, notes: undefined });
    expect(php).toMatchObject({ lines: [], conversions: null, conversionIds: ['x', 'y'], comment: null, notes: null });
  });

  it('refuses a payment without a usable id, naming the field', () => {
    const reading = readBody(paymentListResponseSchema, JSON.stringify({ status: 1, payments: [{ id: 1 }, { id: 'abc' }], pagination: {} }));
    expect(reading).toMatchObject({ ok: false, problem: 'mismatch', detail: 'payments[1].id: not a number ("abc")' });
    expect(readBody(paymentListResponseSchema, '{"status":1,"payme')).toMatchObject({ ok: false, problem: 'unreadable' });
  });

  it('reads the list envelope with its pagination, and survives a missing one', () => {
    const reading = readBody(paymentListResponseSchema, JSON.stringify({ status: 1, payments: [paymentJson(1)], pagination: { page: '1', limit: 100, total: '1' } }));
    expect(reading.ok && reading.value.pagination).toMatchObject({ page: 1, limit: 100, total: 1 });
    const none = readBody(paymentListResponseSchema, JSON.stringify({ status: 1, payments: [] }));
    expect(none.ok && none.value.pagination).toBeNull();
  });

  it('reads user/me, partners and the extended currency list (keys never read)', () => {
    const user = readBody(userResponseSchema, JSON.stringify({ status: 1, user: { id: 'u1', email: 'a@b.test', first_name: 'Dana', last_name: 'F', api_key: 'SECRET', roles: ['ROLE_ADMIN'] } }));
    expect(user.ok && normalizeUser(user.value.user)).toEqual({ id: 'u1', email: 'a@b.test', name: 'Dana F', roles: ['ROLE_ADMIN'] });
    expect(JSON.stringify(user)).not.toContain('SECRET');
    const partners = readBody(partnerListResponseSchema, JSON.stringify({ status: 1, partners: [{ id: 5, name: '', login: 'p5' }, { id: 'x' }, { id: '6', name: 'Acme' }], pagination: { per_page: 500, total_count: 2, page: 1 } }));
    expect(partners.ok && partners.value.partners.map(normalizePartner).map((partner) => [partner.id, partner.name])).toEqual([[5, 'p5'], [6, 'Acme']]);
    const currencies = readBody(currencyListResponseSchema, JSON.stringify({ status: 1, quotes: [{ _id: 2, code: 'usd', active: true, default: true, rate: 1 }, { code: 'EUR' }] }));
    expect(currencies.ok && currencies.value.quotes.map(({ key, value }) => normalizeCurrency(value, key))).toEqual([
      { id: '2', code: 'USD', active: true, isDefault: true },
      { id: '1', code: 'EUR', active: null, isDefault: false },
    ]);
  });
});

describe('Affise amounts are exact', () => {
  it('parses 8-decimal strings into 10^-8 units without floats', () => {
    expect(parseAmount('0.00000001')).toEqual({ units: '1', text: '0.00000001' });
    expect(parseAmount('123456789.12345678')).toEqual({ units: '12345678912345678', text: '123456789.12345678' });
    expect(parseAmount('-15.50000000')).toEqual({ units: '-1550000000', text: '-15.5' });
    expect(parseAmount('1.234567895')?.text).toBe('1.2345679');
    expect(parseAmount('abc')).toBeNull();
    expect(parseAmount('')).toBeNull();
    expect(parseAmount(null)).toBeNull();
  });

  it('sums exactly where floats drift, beyond 2^53 units', () => {
    const tenths = Array.from({ length: 10 }, () => parseAmount('0.10000000'));
    expect(sumAffiseAmounts(tenths).text).toBe('1');
    expect(sumAffiseAmounts([parseAmount('90071992.54740993'), parseAmount('0.00000001')]).text).toBe('90071992.54740994');
  });

  it('line amounts are payout × conversions exactly', () => {
    const payment = readPayment({ ...paymentJson(1), details: { details: { '1': { title: 't', cost: { '0.07': { count: 3, currency: 'USD' } } } } } });
    expect(payment.lines[0]?.amount?.text).toBe('0.21');
  });

  it('rounds to minor units of 0-, 2- and 3-decimal currencies, half away from zero', () => {
    expect(amountInMinorUnits({ units: '150050000000', text: '1500.5' }, 0)).toBe(BigInt(1501));
    expect(amountInMinorUnits({ units: '-1234500000', text: '-12.345' }, 2)).toBe(BigInt(-1235));
    expect(amountInMinorUnits({ units: '1234500000', text: '12.345' }, 3)).toBe(BigInt(12345));
    expect(() => amountInMinorUnits({ units: '1', text: '0.00000001' }, 9)).toThrow(RangeError);
  });
});

describe('Affise times: posted_date is a zone-less wall clock', () => {
  it('keeps the digits as they are, whatever the suffix', () => {
    const wall = { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 };
    expect(parseWallClock('2026-03-29 02:30:00')).toEqual(wall);
    expect(parseWallClock('2026-03-29T02:30:00Z')).toEqual(wall);
    expect(parseWallClock('2026-03-29')).toEqual({ ...wall, hour: 0, minute: 0 });
  });

  it('reads impossible or unreadable dates as null', () => {
    for (const text of ['0000-00-00 00:00:00', '2026-02-30 10:00:00', '2026-01-01 24:00:00', 'yesterday', '']) expect(parseWallClock(text)).toBeNull();
  });

  it('keeps updated_at as sent, and reads Unix seconds as an instant', () => {
    expect(readPayment({ ...paymentJson(1), updated_at: '2026-10-02 08:00:00' })).toMatchObject({ updatedAtRaw: '2026-10-02 08:00:00', updated: { year: 2026, month: 10, day: 2, hour: 8 }, updatedMs: null });
    expect(readPayment({ ...paymentJson(1), updated_at: 1790000000 })).toMatchObject({ updatedAtRaw: '1790000000', updated: null, updatedMs: 1_790_000_000_000 });
  });
});
