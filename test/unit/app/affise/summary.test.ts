import { affiseQueryOf, affiseFiltersKey } from '../../../../src/app/affise/source';
import { summariseAffiseInvoices } from '../../../../src/app/tables/affise/summary';
import { amountOfUnits, parseAmount, type AffisePayment } from '../../../../src/provider/affise/normalize';
import { affisePayment } from './affise-payment';

function invoice(id: number, currency: string | null, status: string | null, revenue: string | null, corrections: string[] = []): AffisePayment {
  const amount = parseAmount(revenue);
  const correctionUnits = corrections.reduce((sum, text) => sum + BigInt(parseAmount(text)?.units ?? '0'), BigInt(0));
  return affisePayment({
    id,
    statusCode: status,
    status,
    currency,
    amount,
    correctionsTotal: amountOfUnits(correctionUnits),
    total: amount === null ? null : amountOfUnits(BigInt(amount.units) + correctionUnits),
  });
}

describe('summariseAffiseInvoices', () => {
  it('sums exactly per currency and status, never across currencies, in Affise status order', () => {
    const rows = summariseAffiseInvoices([
      invoice(1, 'USD', 'completed', '0.10000000'),
      invoice(2, 'USD', 'completed', '0.20000000', ['-0.05']),
      invoice(3, 'usd', 'waiting', '1.00000000'),
      invoice(4, 'EUR', 'completed', '5.00000000'),
      invoice(5, 'USD', '5', '2.00000000'),
      invoice(6, null, 'waiting', '3.00000000'),
    ]);
    expect(rows.map((row) => [row.currency, row.status, row.invoices, row.amount?.text ?? null, row.corrections.text, row.total?.text ?? null])).toEqual([
      ['EUR', 'completed', 1, '5', '0', '5'],
      ['USD', 'waiting', 1, '1', '0', '1'],
      ['USD', 'completed', 2, '0.3', '-0.05', '0.25'],
      ['USD', '5', 1, '2', '0', '2'],
      [null, 'waiting', 1, '3', '0', '3'],
    ]);
  });

  it('leaves a group total blank rather than short when an invoice has no amount', () => {
    const [row] = summariseAffiseInvoices([invoice(1, 'USD', 'waiting', '1'), invoice(2, 'USD', 'waiting', null)]);
    expect(row?.amount).toBeNull();
    expect(row?.total).toBeNull();
    expect(row?.invoices).toBe(2);
  });
});

describe('the Affise list query', () => {
  it('always sends both dates (all time by default) and status codes for the words', () => {
    const nowMs = Date.UTC(2026, 10, 30, 12);
    expect(affiseQueryOf({ statuses: null, dateFrom: null, dateTo: null, affiliateIds: null }, nowMs)).toEqual({ dateFrom: '2000-01-01', dateTo: '2026-12-01' });
    expect(affiseQueryOf({ statuses: ['partly paid', 'declined'], dateFrom: '2024-01-01', dateTo: null, affiliateIds: [7] }, nowMs)).toEqual({
      dateFrom: '2024-01-01',
      dateTo: '2026-12-01',
      statuses: [3, -1],
      affiliateIds: [7],
    });
  });

  it('keys the cache by the filters whatever their order, never by anything secret', () => {
    expect(affiseFiltersKey({ statuses: ['pending', 'waiting'], dateFrom: null, dateTo: null, affiliateIds: [3, 1] })).toBe(
      affiseFiltersKey({ statuses: ['waiting', 'pending'], dateFrom: null, dateTo: null, affiliateIds: [1, 3] }),
    );
  });
});
