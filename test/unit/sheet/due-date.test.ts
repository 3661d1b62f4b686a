import { daysOverdue, dueDateOf, isOverdue } from '../../../src/app/tables/everflow/due-date';
import { parsePaymentTerms } from '../../../src/provider/everflow/normalize';
import { everflowZone } from '../../../src/provider/everflow/time-zones';
import { listItem, wall, zone, zones } from './fixtures';

describe('dueDateOf', () => {
  it('is the period end date plus the Net days', () => {
    expect(dueDateOf(listItem())).toEqual({ year: 2024, month: 11, day: 30 });
  });

  it('counts from the calendar day of the period end, whatever its time', () => {
    expect(dueDateOf(listItem({ periodEnd: wall(2024, 2, 28, 0, 0, 0), paymentTermsDays: 1 }))).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('is the period end date itself on "Net 0"', () => {
    expect(dueDateOf(listItem({ paymentTermsDays: 0 }))).toEqual({ year: 2024, month: 10, day: 31 });
  });

  it.each([
    ['terms without days', { paymentTerms: 'Monthly', paymentTermsDays: null }],
    ['no period end', { periodEnd: null }],
  ])('is none with %s', (_label, overrides) => {
    expect(dueDateOf(listItem(overrides))).toBeNull();
  });
});

describe('daysOverdue', () => {
  // Due 2024-11-30. At 07:30 UTC on 1 December it is still 30 November in Los Angeles.
  const earlyFirstOfDecember = Date.UTC(2024, 11, 1, 7, 30, 0);

  it.each([
    ['Los Angeles, still the due date', zone('America/Los_Angeles'), earlyFirstOfDecember, 0],
    ['London, a day later', zone('Europe/London'), earlyFirstOfDecember, 1],
    ['unknown zone, read in UTC', zone(null, '999'), earlyFirstOfDecember, 1],
    ['zone name the rules do not know, read in UTC', zone('Mars/Olympus_Mons'), earlyFirstOfDecember, 1],
    ['Los Angeles, ten days on', zone('America/Los_Angeles'), Date.UTC(2024, 11, 10, 12, 0, 0), 10],
    ['before the due date', zone('America/Los_Angeles'), Date.UTC(2024, 10, 15, 12, 0, 0), 0],
  ])('%s', (_label, invoiceZone, nowMs, expected) => {
    expect(daysOverdue(listItem({ zone: invoiceZone }), nowMs, zones)).toBe(expected);
  });

  it('counts calendar days across a daylight-saving switch (London, March)', () => {
    const invoice = listItem({ zone: zone('Europe/London'), periodEnd: wall(2024, 2, 29, 23, 59, 59), paymentTermsDays: 15 });
    // Due 2024-03-15; 2024-04-01 00:30 in London is 2024-03-31 23:30 UTC.
    expect(daysOverdue(invoice, Date.UTC(2024, 2, 31, 23, 30, 0), zones)).toBe(17);
  });

  it.each([
    ['paid', { status: 'paid' }],
    ['zero balance', { balance: 0 }],
    ['credit balance', { balance: -20 }],
    ['no balance', { balance: null }],
    ['no status', { status: null }],
    ['no due date', { paymentTermsDays: null }],
  ])('is 0 when %s', (_label, overrides) => {
    const invoice = listItem(overrides);
    expect(daysOverdue(invoice, Date.UTC(2025, 5, 1), zones)).toBe(0);
    expect(isOverdue(invoice, Date.UTC(2025, 5, 1), zones)).toBe(false);
  });

  it('reads the status case-insensitively', () => {
    expect(daysOverdue(listItem({ status: ' Unpaid ' }), Date.UTC(2024, 11, 10, 12), zones)).toBe(10);
  });
});

describe('due dates as Everflow sends them', () => {
  const periodEnd = wall(2024, 12, 31, 23, 59, 59);

  it('makes "Due on receipt" due at the end of the period, so its days overdue count', () => {
    const invoice = listItem({ periodEnd, ...parsePaymentTerms('Due on receipt') });
    expect(dueDateOf(invoice)).toEqual({ year: 2024, month: 12, day: 31 });
    expect(daysOverdue(invoice, Date.UTC(2025, 0, 10, 12), zones)).toBe(10);
  });

  it('leaves the due date blank for other terms that are not "Net N"', () => {
    const invoice = listItem({ periodEnd, ...parsePaymentTerms('Due at month end') });
    expect(dueDateOf(invoice)).toBeNull();
    expect(daysOverdue(invoice, Date.UTC(2025, 0, 10, 12), zones)).toBe(0);
  });

  it.each([
    // Due 2024-12-31; 2025-01-01 00:30 in Tokyo is 2024-12-31 15:30 UTC: a day overdue there, none in UTC.
    [16, 'Asia/Tokyo', Date.UTC(2024, 11, 31, 15, 30), 1],
    // 2025-01-01 00:30 in Sydney (daylight saving, +11) is 2024-12-31 13:30 UTC.
    [12, 'Australia/Sydney', Date.UTC(2024, 11, 31, 13, 30), 1],
    [12, 'Australia/Sydney', Date.UTC(2024, 11, 31, 12, 30), 0],
  ])('counts days overdue in the zone of timezone_id %d (%s)', (id, iana, nowMs, expected) => {
    const invoice = listItem({ periodEnd, zone: everflowZone(id), ...parsePaymentTerms('Net 0') });
    expect(invoice.zone.iana).toBe(iana);
    expect(daysOverdue(invoice, nowMs, zones)).toBe(expected);
  });
});
