import { DEFAULT_VIRTUAL_START_MS } from '../../../test-support/clock';
import { CURRENCIES, HOSTILE_NOTES, SETTLED_PAYMENT_STATUSES, allLines, generateInvoices, invoiceTotals } from '../../../test-support/fake-everflow';

const NOW_MS = DEFAULT_VIRTUAL_START_MS;
const base = { seed: 42, affiliateId: 7, networkId: 1, nowMs: NOW_MS };
const invoices = generateInvoices({ ...base, count: 600 });
const WALL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('generateInvoices', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateInvoices({ ...base, count: 40 })).toEqual(generateInvoices({ ...base, count: 40 }));
    expect(generateInvoices({ ...base, count: 40, seed: 43 })).not.toEqual(generateInvoices({ ...base, count: 40 }));
  });

  it('lists newest period first, with ids rising over time', () => {
    expect(invoices).toHaveLength(600);
    for (let index = 1; index < invoices.length; index++) {
      const newer = invoices[index - 1]!;
      const older = invoices[index]!;
      expect(newer.startTime >= older.startTime).toBe(true);
      expect(newer.id).toBeGreaterThan(older.id);
    }
    expect(new Set(invoices.map((invoice) => invoice.id)).size).toBe(600);
  });

  it('keeps money exact: billed is the sum of every line, balance is billed minus settled payments', () => {
    for (const invoice of invoices) {
      const totals = invoiceTotals(invoice);
      const lineSum = allLines(invoice).reduce((sum, line) => sum + line.invoiceCurrencyAmountCents, 0);
      const settled = invoice.payments.filter((p) => SETTLED_PAYMENT_STATUSES.includes(p.status)).reduce((sum, p) => sum + p.amountCents, 0);
      expect(totals.billedCents).toBe(lineSum);
      expect(totals.paidCents).toBe(settled);
      expect(totals.balanceCents).toBe(lineSum - settled);
      expect(totals.billedCents).toBeGreaterThan(0);
      expect(totals.balanceCents).toBeGreaterThanOrEqual(0);
      expect(totals.status).toBe(totals.balanceCents === 0 ? 'paid' : 'unpaid');
      for (const line of allLines(invoice)) {
        expect(Number.isInteger(line.amountCents) && Number.isInteger(line.invoiceCurrencyAmountCents)).toBe(true);
        if (line.currency === invoice.currency) expect(line.invoiceCurrencyAmountCents).toBe(line.amountCents);
        if (CURRENCIES[invoice.currency]?.decimals === 0) expect(Math.abs(line.invoiceCurrencyAmountCents % 100)).toBe(0);
      }
    }
  });

  it('keeps times in order: created <= saved <= now, payments not after now', () => {
    const nowSec = Math.floor(NOW_MS / 1000);
    for (const invoice of invoices) {
      expect(invoice.startTime).toMatch(WALL);
      expect(invoice.endTime).toMatch(WALL);
      expect(invoice.startTime < invoice.endTime).toBe(true);
      expect(invoice.timeCreated).toBeLessThanOrEqual(invoice.timeSaved);
      expect(invoice.timeSaved).toBeLessThanOrEqual(nowSec);
      for (const payment of invoice.payments) {
        expect(payment.unixTimestamp).toBeLessThanOrEqual(invoice.timeSaved);
        if (payment.timeCompleted !== null) expect(payment.timeCompleted).toBeGreaterThanOrEqual(payment.timeApproved ?? 0);
      }
    }
  });

  it('covers the edge cases a client meets', () => {
    const lines = invoices.flatMap(allLines);
    const payments = invoices.flatMap((invoice) => invoice.payments);
    const currencies = new Set(invoices.map((invoice) => invoice.currency));
    const zones = new Set(invoices.map((invoice) => invoice.timezoneId));

    for (const currency of ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY']) expect(currencies).toContain(currency);
    for (const zone of [55, 56, 58, 63, 67, 75, 80, 85, 87, 89, 90, 97, 999]) expect(zones).toContain(zone);
    expect(new Set(lines.map((line) => line.type))).toEqual(new Set(['offer_detail', 'referral', 'vat', 'adjustment']));
    expect(lines.some((line) => line.type === 'adjustment' && line.amountCents < 0)).toBe(true);
    expect(lines.filter((line) => line.type === 'referral').every((line) => line.referredAffiliate !== null && line.referralHistoryId > 0)).toBe(true);
    expect(lines.some((line) => line.currency !== invoices.find((i) => i.id === line.invoiceId)?.currency)).toBe(true);

    const withExtra = invoices.filter((invoice) => invoice.extraPeriods.length > 0);
    expect(withExtra.length).toBeGreaterThan(0);
    for (const period of withExtra.flatMap((invoice) => invoice.extraPeriods)) {
      expect(period.lines.length).toBeGreaterThan(0);
      expect(period.lines.every((line) => line.extraPeriodId === period.id)).toBe(true);
    }

    const types = new Set(payments.map((payment) => payment.paymentType));
    for (const type of ['wire_transfer', 'ach', 'other', 'paypal', 'wire']) expect(types).toContain(type);
    expect([...types].some((type) => ['crypto_usdt', 'zelle', 'revolut'].includes(type))).toBe(true);
    const statuses = new Set(payments.map((payment) => payment.status));
    for (const status of ['pending', 'rejected', 'completed', 'paid']) expect(statuses).toContain(status);
    expect([...statuses].some((status) => !['pending', 'rejected', 'completed', 'paid'].includes(status))).toBe(true);
    expect(payments.some((payment) => payment.payeeCurrency !== payment.currency && payment.payeeFeeAmountCents >= 0)).toBe(true);

    expect(new Set(invoices.map((invoice) => invoice.paymentTerms))).toEqual(new Set(['Net 15', 'Net 30', 'Net 45', 'Net 60', 'Due on receipt', null]));
    const notes = new Set([...invoices.map((invoice) => invoice.notes), ...lines.map((line) => line.notes)]);
    expect(HOSTILE_NOTES.filter((note) => notes.has(note)).length).toBeGreaterThan(HOSTILE_NOTES.length / 2);
  });

  it('has monthly and weekly periods, including ones across daylight-saving changes', () => {
    const days = (invoice: { startTime: string; endTime: string }): number =>
      (Date.parse(invoice.endTime.slice(0, 10)) - Date.parse(invoice.startTime.slice(0, 10))) / 86_400_000 + 1;
    expect(invoices.some((invoice) => days(invoice) === 7)).toBe(true);
    expect(invoices.some((invoice) => days(invoice) >= 28)).toBe(true);
    // US clocks changed on 2025-03-09 and 2025-11-02, European ones on 2025-03-30 and 2025-10-26.
    const covers = (day: string): boolean => invoices.some((invoice) => invoice.startTime.slice(0, 10) <= day && invoice.endTime.slice(0, 10) >= day);
    for (const day of ['2025-03-09', '2025-11-02', '2025-03-30', '2025-10-26']) expect(covers(day)).toBe(true);
  });
});
