import { textCell } from '../../../src/sheet/columns';
import { reviewTable, summarize, summaryText, type EditableMemory, type EditableTable } from '../../../src/app/changes/review';
import type { ReviewFacts } from '../../../src/app/changes/provider-port';

const HEADERS = ['Invoice ID', 'Affiliate ID', 'Amount', 'Currency', 'Status', 'Comment', 'Notes', 'Payment account', 'Correction', 'Correction comment', 'Delete', 'Apply result', 'My column'];
const facts: ReviewFacts = { currencies: new Set(['EUR', 'USD']), affiliates: new Set(['45']), statuses: ['waiting', 'completed', 'partly paid', 'pending', 'declined'] };
const remembered = (status: string, currency = 'EUR'): EditableMemory[string] => ({ version: '2026-11-01 10:00:00', currency, fields: { status, comment: '', notes: 'n', paymentAccount: 'acc' } });
const memory: EditableMemory = { '123': remembered('waiting'), '124': remembered('waiting'), '77': remembered('completed'), '78': remembered('waiting'), '79': remembered('waiting', 'USD') };
const row = (id: string, status: string, extra: Partial<Record<'notes' | 'correction' | 'correctionComment' | 'delete' | 'mine', string | boolean>> = {}): Array<string | number | boolean> => [
  id, '', '', '', status, '', extra.notes ?? 'n', 'acc', extra.correction ?? '', extra.correctionComment ?? '', extra.delete ?? false, '', extra.mine ?? '',
];
const newRow = (affiliate: string, amount: string | number, currency: string, notes = ''): Array<string | number | boolean> => ['', affiliate, amount, currency, '', '', notes, '', '', '', false, '', ''];
const table = (rows: Array<Array<string | number | boolean>>): EditableTable => ({ headers: HEADERS, rows, firstRow: 2 });

describe('Review of an editable invoice sheet', () => {
  it('lists each change in words, row by row, with counts and exact totals per currency', () => {
    const plan = reviewTable(
      table([
        row('123', 'Completed', { mine: 'my own note stays mine' }),
        row('124', 'waiting', { correction: '-15.00', correctionComment: 'chargeback' }),
        row('77', 'completed', { delete: true }),
        newRow('45', 120, 'eur', 'bonus'),
        row('79', 'waiting', { correction: '0.10', correctionComment: 'a' }),
        row('78', 'waiting', { correction: '0.20', correctionComment: 'b' }),
      ]),
      memory,
      facts,
      (sheetRow) => `tok${sheetRow}`,
    );
    expect(plan.refused).toEqual([]);
    const summary = summarize(plan.changes);
    expect(summary.lines).toEqual([
      'Invoice 123: status waiting → completed',
      'Invoice 124: correction −15.00 EUR ("chargeback")',
      'Delete invoice 77',
      'New invoice for affiliate 45: 120.00 EUR',
      'Invoice 79: correction 0.10 USD ("a")',
      'Invoice 78: correction 0.20 EUR ("b")',
    ]);
    expect(summary.counts).toEqual({ update: 1, correction: 3, delete: 1, create: 1 });
    expect(summary.totals).toEqual([
      { currency: 'EUR', corrections: '-14.80', creations: '120.00' },
      { currency: 'USD', corrections: '0.10', creations: '0.00' },
    ]);
    expect(summaryText(summary)).toContain('Apply 6 changes?');
    expect(plan.tokensToWrite).toEqual([{ sheetRow: 5, notes: 'bonus [ref:tok5]' }]);
    expect(plan.changes.find((change) => change.action === 'create')).toMatchObject({ token: 'tok5', comment: 'bonus', affiliateId: '45' });
  });

  it('finds nothing in a sheet as the last refresh wrote it, and keeps keys stable across reviews', () => {
    expect(reviewTable(table([row('123', 'waiting')]), memory, facts, () => 'x').changes).toEqual([]);
    // Text Affise sent with a leading tab reads trimmed from the cell: not an edit.
    const tabbed: EditableMemory = { '123': { ...remembered('waiting'), fields: { ...remembered('waiting').fields, comment: '\tleading tab' } } };
    const tabRow = row('123', 'waiting');
    tabRow[5] = '\tleading tab';
    expect(reviewTable(table([tabRow]), tabbed, facts, () => 'x').changes).toEqual([]);
    const once = reviewTable(table([row('123', 'completed'), newRow('45', '1', 'USD', '[ref:abc]')]), memory, facts, () => 'x');
    const twice = reviewTable(table([row('123', 'completed'), newRow('45', '1', 'USD', '[ref:abc]')]), memory, facts, () => 'y');
    expect(twice.changes.map((change) => change.key)).toEqual(once.changes.map((change) => change.key));
    expect(twice.tokensToWrite).toEqual([]);
  });

  it('refuses rows that cannot be sent, each with its reason', () => {
    const plan = reviewTable(
      table([
        row('123', 'paid'),
        row('124', 'waiting', { correction: 'fifteen', correctionComment: 'x' }),
        row('77', 'completed', { correction: '-1', correctionComment: '' }),
        row('78', 'completed', { delete: true }),
        row('999', 'waiting'),
        newRow('45', '10', 'GBP'),
        newRow('46', '10', 'EUR'),
        newRow('45', 'ten', 'EUR'),
        newRow('abc', '10', 'EUR'),
        ['', '45', '10', 'EUR', '', '', 'typed, then ticked', '', '', '', true, '', ''],
      ]),
      memory,
      facts,
      (sheetRow) => `t${sheetRow}`,
    );
    expect(plan.changes).toEqual([]);
    expect(plan.refused.map((refusal) => `${refusal.sheetRow}: ${refusal.reason}`)).toEqual([
      '2: "paid" is not a status (use waiting, completed, partly paid, pending, declined).',
      '3: Correction must be a non-zero number such as -15.00, not "fifteen".',
      '4: A correction needs a Correction comment (Affise requires one).',
      '5: This row is both edited and marked for deletion: undo the edit or untick Delete.',
      '6: Invoice "999" was not written by the last refresh: refresh the report, then review again.',
      '7: This account does not use the currency "GBP" (it uses EUR, USD).',
      '8: Affiliate 46 is not in this account.',
      '9: Amount must be a positive number such as 120.50, not "ten".',
      '10: A new invoice needs an Affiliate ID (a whole number), not "abc".',
      '11: This new row is marked for deletion: untick Delete to create the invoice, or remove the row.',
    ]);
  });

  it('refuses a text too long to journal, but not a long text left as it was', () => {
    const long = 'x'.repeat(2_001);
    const longMemory: EditableMemory = { ...memory, '78': { ...remembered('waiting'), fields: { ...remembered('waiting').fields, notes: long } } };
    const plan = reviewTable(table([row('123', 'waiting', { notes: long }), row('78', 'completed', { notes: long })]), longMemory, facts, () => 'x');
    expect(plan.refused.map((refusal) => refusal.reason)).toEqual(['Notes is 2,001 characters; at most 2,000 are sent.']);
    expect(plan.changes.map((change) => change.invoiceId)).toEqual(['78']);
  });

  it('refuses an edit of a note shown shortened (longer than a cell), and takes one left as shown', () => {
    const shown = String(textCell('y'.repeat(60_000)));
    const clippedMemory: EditableMemory = { ...memory, '78': { ...remembered('waiting'), fields: { ...remembered('waiting').fields, notes: shown } } };
    const plan = reviewTable(table([row('78', 'completed', { notes: shown })]), clippedMemory, facts, () => 'x');
    expect(plan.refused).toEqual([]);
    expect(plan.changes.map((change) => change.fields.map((field) => field.field))).toEqual([['status']]);
    const edited = reviewTable(table([row('78', 'waiting', { notes: 'short' })]), clippedMemory, facts, () => 'x');
    expect(edited.changes).toEqual([]);
    expect(edited.refused.map((refusal) => refusal.reason)).toEqual([
      'Notes is longer than a cell holds, so the sheet shows it shortened and sending the cell would lose the rest: edit it in Affise, or put the cell back as it was.',
    ]);
  });

  it('says which columns are missing', () => {
    expect(() => reviewTable({ headers: ['Invoice ID'], rows: [], firstRow: 2 }, memory, facts, () => 'x')).toThrow(/missing the columns Affiliate ID, Amount, Currency, Status, Comment, Notes, Payment account/);
  });
});
