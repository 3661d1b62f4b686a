import { networkEditsSchema } from '../../../tools/runner/apply-network';

/** `npm run apply` with a network report: the edits file's wrong forms and what the user reads. */
describe('the network edits file', () => {
  const issues = (value: unknown): string[] => {
    const parsed = networkEditsSchema.safeParse(value);
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('takes invoice rows, new rows and lines-sheet rows', () => {
    expect(
      issues([
        { row: '210000008', column: 'Status', value: 'paid' },
        { row: 'new', column: 'New invoice key', value: 'A' },
        { row: 'line', column: 'Amount', value: '100.50' },
      ]),
    ).toEqual([]);
  });

  it('says which columns a row and a line take, and what a row is', () => {
    expect(issues([{ row: '1', column: 'Comment', value: 'x' }])).toEqual(['0.column: column of a row is one of Affiliate ID, Period start, Period end, New invoice key, Status, Notes, Internal notes, Payment terms']);
    expect(issues([{ row: 'line', column: 'Status', value: 'x' }])).toEqual(['0.column: column of a line is one of New invoice key, Type, Offer ID, Amount, Quantity, Notes']);
    expect(issues([{ row: 'first', column: 'Status', value: 'x' }])[0]).toMatch(/^0\.row: /);
    expect(issues({ row: '1' })).toHaveLength(1);
  });
});
