import { bindCreatedInvoices } from '../../../src/app/changes/affise-changes';
import { tokenedNewRows } from '../../../src/app/changes/review';
import type { AffisePayment } from '../../../src/provider/affise/normalize';

const payment = (id: number, affiliateId: number, amount: string, units: string, currency: string, notes: string): AffisePayment => ({
  id,
  affiliateId,
  managerId: null,
  statusCode: '1',
  status: 'waiting',
  posted: null,
  postedText: null,
  paymentSystemId: null,
  paymentSystem: null,
  paymentAccount: null,
  currencyId: '2',
  currency,
  amount: { units, text: amount },
  referralAmount: null,
  corrections: [],
  correctionsTotal: { units: '0', text: '0' },
  total: { units, text: amount },
  comment: null,
  notes,
  conversionIds: [],
  referralIds: [],
  conversions: null,
  lines: [],
  updatedAtRaw: '2026-11-30 10:00:00',
  updated: null,
  updatedMs: null,
});

describe('A refresh binds a created invoice to the typed row carrying its token', () => {
  const table = {
    headers: ['Invoice ID', 'Affiliate ID', 'Amount', 'Currency', 'Notes', 'My column'],
    rows: [
      ['1001', '45', '10', 'EUR', 'old [ref:zzz]', ''],
      ['', '45', '120', 'eur', 'bonus [ref:abc]', 'mine'],
      ['', '46', '5.5', 'USD', '[ref:def]', ''],
      ['', '47', '7', 'USD', '[ref:ghi]', ''],
      ['', '48', '9', 'USD', 'no token', ''],
    ],
    firstRow: 2,
  };

  it('matches token, affiliate, amount and currency; a mismatch stays a typed row', () => {
    const rows = tokenedNewRows(table);
    expect(rows.map((row) => row.token)).toEqual(['abc', 'def', 'ghi']);
    const bound = bindCreatedInvoices(rows, [
      payment(2001, 45, '120', '12000000000', 'EUR', 'bonus [ref:abc]'),
      payment(2002, 46, '5.5', '550000000', 'USD', '[ref:def]'),
      // Same token, another amount: not this row's invoice.
      payment(2003, 47, '8', '800000000', 'USD', '[ref:ghi]'),
    ]);
    expect(bound.map(({ sheetRow, payment: found }) => [sheetRow, found.id])).toEqual([
      [3, 2001],
      [4, 2002],
    ]);
  });
});
