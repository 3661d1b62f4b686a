import { ChangeJournal, queuedEntry } from '../../../src/app/changes/journal';
import { EditableMemoryStore } from '../../../src/app/changes/memory-sheet';
import type { PlannedChange } from '../../../src/app/changes/change';
import { MemoryProperties } from '../../../test-support/memory-ports';
import { MemorySpreadsheet } from '../reports/support/memory-spreadsheet';

const change: PlannedChange = {
  key: 'd:7',
  action: 'delete',
  invoiceId: '7',
  rowKey: '7',
  fields: [],
  amount: null,
  comment: '',
  affiliateId: null,
  token: null,
  baseVersion: '2026-11-01 10:00:00',
};

describe('The apply journal', () => {
  it('keeps each change in its own document property, scoped per report, and reads it back', () => {
    const properties = new MemoryProperties();
    const journal = new ChangeJournal(properties, 'r1');
    journal.put(queuedEntry('p1', 0, change, 1_000));
    expect(properties.keys()).toEqual(['changes.r1.d:7']);
    expect(new ChangeJournal(properties, 'r2').entries()).toEqual([]);
    const [entry] = journal.entries();
    expect(entry).toMatchObject({ state: 'queued', change });
    if (!entry) throw new Error('no entry');
    journal.update(entry, { state: 'under-way', message: 'Sending…' });
    expect(journal.entries()).toMatchObject([{ state: 'under-way', message: 'Sending…' }]);
  });

  it('refuses to go on when an entry cannot be read, rather than forget a change in flight', () => {
    const properties = new MemoryProperties();
    properties.set('changes.r1.d:7', '{"cut');
    expect(() => new ChangeJournal(properties, 'r1').entries()).toThrow('The apply journal entry changes.r1.d:7 cannot be read; nothing is sent until it is checked.');
    properties.set('changes.r1.d:7', '{"state":"applied"}');
    expect(() => new ChangeJournal(properties, 'r1').entries()).toThrow(/is not in the expected shape/);
  });
});

describe('The editable report memory', () => {
  it('remembers invoices in a hidden sheet, merges updates, forgets deleted ones', () => {
    const book = new MemorySpreadsheet();
    const store = new EditableMemoryStore(book, 'inv');
    const remembered = (status: string) => ({ version: 'v1', currency: 'EUR', fields: { status } });
    store.save(new Map([['1', remembered('waiting')], ['2', remembered('waiting')], ['3', remembered('pending')]]));
    expect(book.sheetByName('_changes_memory_inv')?.hidden).toBe(true);
    store.save(new Map([['2', remembered('completed')], ['3', null]]));
    expect(store.load()).toEqual({ '1': remembered('waiting'), '2': remembered('completed') });
  });

  it('treats a damaged row as an invoice it does not know (review then asks for a refresh)', () => {
    const book = new MemorySpreadsheet();
    const store = new EditableMemoryStore(book, 'inv');
    store.save(new Map([['1', { version: null, currency: 'USD', fields: {} }]]));
    book.sheetByName('_changes_memory_inv')?.writeBlock(2, 1, [['2', 'not json']], [['@', '@']]);
    expect(Object.keys(store.load())).toEqual(['1']);
  });
});
