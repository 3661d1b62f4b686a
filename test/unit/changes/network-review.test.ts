import { NEW_LINE_HEADERS, reviewNetworkTable } from '../../../src/app/changes/network-review';
import type { ReviewFacts } from '../../../src/app/changes/provider-port';
import { summarize, summaryText, type EditableMemory, type EditableTable } from '../../../src/app/changes/review';

/*
 * Review of an editable Everflow network report, alone: new invoices carry no currency (Everflow's
 * create takes none), so their totals go per partner and say so; line items already sent with an
 * invoice are never proposed again.
 */

const HEADERS = ['Invoice ID', 'Affiliate ID', 'Affiliate', 'Status', 'Currency', 'Period start', 'Period end', 'Payment terms', 'Notes', 'Internal notes', 'New invoice key', 'Apply result'];
const facts: ReviewFacts = { currencies: new Set(), affiliates: new Set(['21', '22']), statuses: ['paid', 'unpaid', 'deleted'] };
const memory: EditableMemory = { '501': { version: '1700000000', currency: 'EUR', fields: { status: 'unpaid', notes: '', internalNotes: '', paymentTerms: 'Net 30' } } };
const dayOf = (cell: unknown): string | null => (typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cell) ? cell : null);

function newRow(partner: string, key: string, currency = ''): string[] {
  return ['', partner, '', '', currency, '2026-10-01', '2026-10-31', '', '', '', key, ''];
}
const invoiceRow = (id: string, key = ''): string[] => [id, '21', 'Partner', 'unpaid', 'EUR', '2026-09-01', '2026-09-30', 'Net 30', '', '', key, ''];
const line = (key: string, amount: string, result = ''): string[] => [key, 'adjustment', '', amount, '1', '', result];
const table = (rows: string[][]): EditableTable => ({ headers: HEADERS, rows, firstRow: 2 });
const lines = (rows: string[][]): EditableTable => ({ headers: [...NEW_LINE_HEADERS], rows, firstRow: 2 });
const review = (rows: string[][], lineRows: string[][]) => reviewNetworkTable(table(rows), lines(lineRows), memory, facts, (row) => `t${row}`, dayOf);

describe('Totals of new network invoices', () => {
  it('sums each partner apart, with no currency, never into another partner or a currency', () => {
    const plan = review([newRow('21', 'A'), newRow('22', 'B'), newRow('21', 'C')], [line('A', '100.10'), line('B', '0.20'), line('C', '0.30'), line('A', '-0.05')]);
    expect(plan.refused).toEqual([]);
    const summary = summarize(plan.changes);
    expect(summary.totals).toEqual([
      { currency: '', partner: '21', corrections: '0.00', creations: '100.35' },
      { currency: '', partner: '22', corrections: '0.00', creations: '0.20' },
    ]);
    expect(summaryText(summary).split('\n').slice(2)).toEqual([
      'partner 21, currency not given (Everflow sets it): new invoices 100.35',
      'partner 22, currency not given (Everflow sets it): new invoices 0.20',
    ]);
    expect(summary.lines).toEqual(['New invoice for partner 21: 2026-10-01 – 2026-10-31, 2 lines, 100.05', 'New invoice for partner 22: 2026-10-01 – 2026-10-31, 1 line, 0.20', 'New invoice for partner 21: 2026-10-01 – 2026-10-31, 1 line, 0.30']);
  });

  it('keeps a currency total apart from partners without one, currencies first', () => {
    const summary = summarize([
      { key: 'n:1', action: 'create', invoiceId: null, rowKey: 'n1', fields: [], amount: { text: '5.00', currency: '' }, comment: '', affiliateId: '9', token: '1', baseVersion: null },
      { key: 'c:2', action: 'correction', invoiceId: '2', rowKey: '2', fields: [], amount: { text: '-1.50', currency: 'USD' }, comment: 'x', affiliateId: null, token: null, baseVersion: null },
    ]);
    expect(summary.totals).toEqual([
      { currency: 'USD', corrections: '-1.50', creations: '0.00' },
      { currency: '', partner: '9', corrections: '0.00', creations: '5.00' },
    ]);
  });

  it('refuses a currency typed on a new invoice: the create cannot send it', () => {
    const plan = review([newRow('21', 'A', 'usd')], [line('A', '10')]);
    expect(plan.changes).toEqual([]);
    expect(plan.refused).toEqual([{ rowKey: 'new:t2', sheetRow: 2, reason: 'Leave Currency empty on a new invoice (not "usd"): Everflow\'s create takes no currency and invoices in the one it keeps for the partner or network.' }]);
  });
});

describe('Line items already sent', () => {
  it('are skipped once their Apply result says which invoice they went into', () => {
    const plan = review([newRow('21', 'A')], [line('A', '10.00', '✓ Created in invoice 900. Applied at 2026-11-30 21:00 UTC.'), line('A', '2.50'), line('A', '7.00', '✗ Not sent: earlier')]);
    expect(plan.changes.map((change) => [change.amount?.text, change.newInvoice?.lines.map((item) => item.amount)])).toEqual([['9.50', ['2.50', '7.00']]]);
  });

  it('leave their key to the invoice created from it: a new row reusing it is refused, nothing of the old lines sent', () => {
    const plan = review([invoiceRow('501', 'A'), newRow('22', 'A')], [line('A', '10.00')]);
    expect(plan.changes).toEqual([]);
    expect(plan.refused).toEqual([{ rowKey: 'new:t3', sheetRow: 3, reason: 'New invoice key "A" was used for invoice 501, created with its lines: give this new invoice another key.' }]);
  });
});
