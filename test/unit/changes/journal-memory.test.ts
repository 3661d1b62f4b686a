import { ChangeJournal, queuedEntry } from '../../../src/app/changes/journal';
import { EditableMemoryStore } from '../../../src/app/changes/memory-sheet';
import type { PlannedChange } from '../../../src/app/changes/change';
import { MAX_CELL_CHARS, textCell } from '../../../src/sheet/columns';
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

  it('keeps a field as its cell shows it, and an entry longer than a cell over several cells', () => {
    const book = new MemorySpreadsheet('UTC');
    const store = new EditableMemoryStore(book, 'inv');
    const note = 'x'.repeat(120_000);
    store.save(new Map([['1', { version: 'v1', currency: 'EUR', fields: { notes: note, status: 'waiting' } }]]));
    const shown = String(textCell(note));
    expect(store.load()['1']).toEqual({ version: 'v1', currency: 'EUR', fields: { notes: shown, status: 'waiting' } });
    const sheet = book.sheetByName('_changes_memory_inv');
    expect(sheet?.readValues({ row: 1, column: 1, rows: 1, columns: 3 })[0]?.map((cell) => String(cell).length)).toEqual([1, MAX_CELL_CHARS, expect.any(Number)]);
    // Shorter again: the cells it no longer needs are emptied.
    store.save(new Map([['1', { version: 'v2', currency: 'EUR', fields: { notes: 'short' } }]]));
    expect(store.load()['1']?.fields).toEqual({ notes: 'short' });
    expect(sheet?.readValues({ row: 1, column: 3, rows: 1, columns: 1 })[0]?.[0] ?? '').toBe('');
  });
});
