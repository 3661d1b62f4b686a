import { ChangeJournal, MAX_CHANGES_PER_APPLY, queuedEntry } from '../../../src/app/changes/journal';
import { EditableMemoryStore } from '../../../src/app/changes/memory-sheet';
import type { PlannedChange } from '../../../src/app/changes/change';
import { MAX_CELL_CHARS, textCell } from '../../../src/sheet/columns';
import { MemorySpreadsheet } from '../../../test-support/memory-spreadsheet';

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
  it('keeps each change on its own row of a hidden sheet per report, flushed, and reads it back', () => {
    const book = new MemorySpreadsheet();
    const journal = new ChangeJournal(book, 'r1');
    journal.put(queuedEntry('p1', 0, change, 1_000));
    const sheet = book.sheetByName('_changes_journal_r1');
    expect(sheet?.hidden).toBe(true);
    expect(sheet?.readValues({ row: 1, column: 1, rows: 1, columns: 2 })).toEqual([['d:7', 'queued']]);
    expect(book.flushes).toBe(1);
    expect(new ChangeJournal(book, 'r2').entries()).toEqual([]);
    const [entry] = new ChangeJournal(book, 'r1').entries();
    expect(entry).toMatchObject({ state: 'queued', change });
    if (!entry) throw new Error('no entry');
    journal.update(entry, { state: 'under-way', message: 'Sending…' });
    expect(book.flushes).toBe(2);
    expect(new ChangeJournal(book, 'r1').entries()).toMatchObject([{ state: 'under-way', message: 'Sending…' }]);
  });

  it('holds 5,000 changes, a batch under way in one write and one flush, and an entry longer than a cell over several', () => {
    const book = new MemorySpreadsheet();
    const journal = new ChangeJournal(book, 'big');
    expect(journal.capacity()).toBe(MAX_CHANGES_PER_APPLY);
    const entries = Array.from({ length: MAX_CHANGES_PER_APPLY }, (_, seq) =>
      queuedEntry('p1', seq, { ...change, key: `u:${1_000_000 + seq}:0badc0de`, action: 'update', invoiceId: String(1_000_000 + seq), fields: [{ field: 'status', label: 'Status', before: 'unpaid', after: 'paid' }] }, 1_000),
    );
    journal.replace(entries);
    expect(book.flushes).toBe(1);
    const sheet = book.sheetByName('_changes_journal_big');
    const writes = book.calls.get('writeBlock') ?? 0;
    const batch = new ChangeJournal(book, 'big').entries().slice(4_900);
    journal.updateAll(batch, () => ({ state: 'under-way', message: 'Sending…' }));
    expect(book.flushes).toBe(2);
    expect((book.calls.get('writeBlock') ?? 0) - writes).toBe(1);
    const read = new ChangeJournal(book, 'big').entries();
    expect(read).toHaveLength(MAX_CHANGES_PER_APPLY);
    expect(read.filter((entry) => entry.state === 'under-way').map((entry) => entry.seq)).toEqual(batch.map((entry) => entry.seq));
    // A note longer than a cell: the entry's JSON goes over three cells, and back whole.
    const [first] = read;
    if (!first) throw new Error('no entry');
    const long = 'x'.repeat(MAX_CELL_CHARS * 2 + 10);
    journal.update(first, { message: long });
    expect(new ChangeJournal(book, 'big').entries()[0]?.message).toBe(long);
    // Shorter again: the cells it no longer needs are cleared.
    journal.update(first, { message: 'short' });
    expect(sheet?.readValues({ row: 1, column: 4, rows: 1, columns: 2 })).toEqual([['', '']]);
    expect(new ChangeJournal(book, 'big').entries()[0]?.message).toBe('short');
    // Replacing with fewer entries clears the rows after them.
    journal.replace(read.slice(0, 3));
    expect(new ChangeJournal(book, 'big').entries()).toHaveLength(3);
  });

  it('takes fewer changes when the spreadsheet is near Sheets\' 10 million cells', () => {
    const book = new MemorySpreadsheet();
    const data = book.insertSheet('Data');
    // 9,900,000 cells in use besides (1,000 rows by 9,900 columns), and room kept for the Sync log's
    // 26,000: 74,000 left, and a journal row takes 26 (a new sheet's columns).
    data.insertColumnsAfter(data.maxColumns(), 9_900 - data.maxColumns());
    expect(new ChangeJournal(book, 'r1').capacity()).toBe(Math.floor(74_000 / 26));
  });

  it('refuses to go on when an entry cannot be read, rather than forget a change in flight', () => {
    const book = new MemorySpreadsheet();
    book.insertSheet('_changes_journal_r1').writeBlock(1, 1, [['d:7', 'queued', '{"cut']], [['@', '@', '@']]);
    expect(() => new ChangeJournal(book, 'r1').entries()).toThrow('The apply journal entry d:7 cannot be read; nothing is sent until it is checked.');
    book.sheetByName('_changes_journal_r1')?.writeBlock(1, 3, [['{"state":"applied"}']], [['@']]);
    expect(() => new ChangeJournal(book, 'r1').entries()).toThrow(/is not in the expected shape/);
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
