import { ArgumentError, MAX_AFFILIATE_IDS, parseAffiliateIds, parseAffiseStatuses } from '../../../../src/app/arguments';
import { affiseFiltersFrom } from '../../../../src/app/parameters';

const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof ArgumentError) return error.message;
    throw error;
  }
  throw new Error('no error');
};

describe('Affise status words', () => {
  it.each<[unknown, string[] | null]>([
    ['', null],
    [undefined, null],
    ['waiting', ['waiting']],
    [' WAITING ', ['waiting']],
    ['Partly Paid', ['partly paid']],
    ['partly_paid, pending', ['partly paid', 'pending']],
    ['declined,declined', ['declined']],
    [[['completed']], ['completed']],
    [' , ', null],
  ])('%j reads as %j', (value, expected) => {
    expect(parseAffiseStatuses(value)).toEqual(expected);
  });

  it.each<[unknown, string]>([
    ['paid', 'status: "paid" is not an Affise status. Use "waiting", "completed", "partly paid", "pending" or "declined"'],
    ['waiting; pending', 'status: "waiting; pending" is not an Affise status.'],
    ['waiting, nope', 'status: "nope" (in "waiting, nope") is not an Affise status.'],
    [1, 'status: 1 is not an Affise status.'],
    [true, 'status: TRUE is not an Affise status.'],
    [[['waiting', 'pending']], 'status: a range of 1 row and 2 columns is not a single value.'],
  ])('%j is refused: %s', (value, message) => {
    expect(messageOf(() => parseAffiseStatuses(value))).toContain(message);
  });
});

describe('affiliate ids', () => {
  it('reads one id, a list and a range with a header, once each; empty is every affiliate', () => {
    expect(parseAffiliateIds('')).toBeNull();
    expect(parseAffiliateIds(101)).toEqual([101]);
    expect(parseAffiliateIds('101, 102;103 101')).toEqual([101, 102, 103]);
    expect(parseAffiliateIds([['Affiliate ID'], [101], [''], ['102']])).toEqual([101, 102]);
  });

  it.each<[unknown, string]>([
    ['abc', 'affiliate_ids: "abc" is not an affiliate ID.'],
    [0, 'affiliate_ids: 0 is not an affiliate ID.'],
    [1.5, 'affiliate_ids: 1.5 is not an affiliate ID.'],
    [[[101], ['x']], 'affiliate_ids: "x" in row 2, column 1 of the range is not an affiliate ID.'],
    ['101, -2', 'affiliate_ids: "-2" (in "101, -2") is not an affiliate ID.'],
  ])('%j is refused: %s', (value, message) => {
    expect(messageOf(() => parseAffiliateIds(value))).toContain(message);
  });

  it(`takes at most ${MAX_AFFILIATE_IDS}`, () => {
    const ids = Array.from({ length: MAX_AFFILIATE_IDS + 1 }, (_, index) => [index + 1]);
    expect(messageOf(() => parseAffiliateIds(ids))).toContain(`affiliate_ids: ${MAX_AFFILIATE_IDS + 1} different affiliate IDs given; one call takes at most ${MAX_AFFILIATE_IDS}.`);
  });
});

describe('Affise filters', () => {
  it('refuses a date_from after date_to', () => {
    expect(messageOf(() => affiseFiltersFrom({ date_from: '2024-05-02', date_to: '2024-05-01' }))).toBe(
      'date_from: "2024-05-02" is after date_to "2024-05-01". Use a date_from on or before date_to.',
    );
    expect(affiseFiltersFrom({ date_from: '2024-05-01', date_to: '2024-05-01' })).toEqual({ statuses: null, dateFrom: '2024-05-01', dateTo: '2024-05-01', affiliateIds: null });
  });
});
