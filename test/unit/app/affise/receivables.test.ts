import { agingByCurrency } from '../../../../src/app/tables/aging';
import { affiseReceivables } from '../../../../src/app/tables/affise/receivables';
import { parseAmount, type AffisePayment } from '../../../../src/provider/affise/normalize';
import { affisePayment } from './affise-payment';

function invoice(id: number, status: string | null, total: string | null, posted: string | null, currency: string | null = 'USD'): AffisePayment {
  const amount = parseAmount(total);
  const day = posted === null ? null : posted.split('-').map(Number);
  return affisePayment({
    id,
    statusCode: status,
    status,
    posted: day === null ? null : { year: day[0] as number, month: day[1] as number, day: day[2] as number, hour: 23, minute: 59, second: 59 },
    postedText: posted,
    currency,
    amount,
    total: amount,
  });
}

describe('affiseReceivables', () => {
  it('owes waiting and pending totals, due on the posted day as it reads; completed, declined and undocumented codes owe nothing', () => {
    const receivables = affiseReceivables([
      invoice(1, 'waiting', '10.10', '2026-03-01'),
      invoice(2, 'pending', '0.20000001', '2026-03-31'),
      invoice(3, 'completed', '99', '2026-03-01'),
      invoice(4, 'declined', '99', '2026-03-01'),
      invoice(5, '7', '99', '2026-03-01'),
    ]);
    expect(receivables).toEqual([
      { id: 1, currency: 'USD', balance: 10.1, dueDate: { year: 2026, month: 3, day: 1 }, zone: null },
      { id: 2, currency: 'USD', balance: 0.20000001, dueDate: { year: 2026, month: 3, day: 31 }, zone: null },
    ]);
  });

  it('counts a partly paid invoice, or one without a total, as owed an unknown amount; nothing owed at 0 or below', () => {
    const receivables = affiseReceivables([
      invoice(1, 'partly paid', '50', '2026-01-01'),
      invoice(2, 'waiting', null, '2026-01-02'),
      invoice(3, 'waiting', '0', '2026-01-03'),
      invoice(4, 'pending', '-5', '2026-01-04'),
      invoice(5, 'waiting', '1', null),
    ]);
    expect(receivables.map(({ id, balance, dueDate }) => [id, balance, dueDate])).toEqual([
      [1, null, { year: 2026, month: 1, day: 1 }],
      [2, null, { year: 2026, month: 1, day: 2 }],
      [5, 1, null],
    ]);
  });

  it('ages exactly: the posted day itself is not yet due, the day after is 1 day past due', () => {
    const asOf = { year: 2026, month: 3, day: 31 };
    const [usd] = agingByCurrency(affiseReceivables([invoice(1, 'waiting', '0.1', '2026-03-31'), invoice(2, 'waiting', '0.2', '2026-03-30'), invoice(3, 'pending', '0.1', '2026-03-30')]), asOf);
    expect(usd?.buckets['Not yet due'].sum).toBe(0.1);
    expect(usd?.buckets['1–30 days'].sum).toBe(0.3);
    expect(usd?.totalUnpaid.sum).toBe(0.4);
  });
});
