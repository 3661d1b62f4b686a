import { AUDIT_LOG_HEADERS, AuditLogSheet } from '../../../src/app/changes/audit-sheet';
import type { AuditRow } from '../../../src/app/changes/audit';
import { MemorySpreadsheet } from '../../../test-support/memory-spreadsheet';

const row = (n: number, message = 'OK'): AuditRow => ({
  atMs: Date.UTC(2026, 10, 30, 12, 0, n),
  user: 'finance@example.test',
  account: 'Demo',
  invoice: String(100 + n),
  action: 'update',
  before: 'status: waiting',
  after: 'status: completed',
  result: 'applied',
  message,
});

describe('Audit log sheet', () => {
  it('appends one row per entry under a header, and API text stays inert', () => {
    const book = new MemorySpreadsheet();
    new AuditLogSheet(book).append([row(1), row(2, '=HYPERLINK("http://evil")')]);
    const sheet = book.sheetByName('Audit log');
    expect(sheet?.readValues({ row: 1, column: 1, rows: 1, columns: 9 })[0]).toEqual(AUDIT_LOG_HEADERS);
    const values = sheet?.readValues({ row: 2, column: 1, rows: 2, columns: 9 }) ?? [];
    expect(values.map((cells) => cells[3])).toEqual(['101', '102']);
    expect(values[1]?.[8]).toBe('=HYPERLINK("http://evil")');
    expect(sheet?.readFormulas({ row: 3, column: 9, rows: 1, columns: 1 })).toEqual([['']]);
  });

  it('rolls over to a new sheet when full, says so in both, and removes nothing', () => {
    const book = new MemorySpreadsheet();
    const log = new AuditLogSheet(book, 3);
    log.append([1, 2, 3, 4, 5, 6, 7].map((n) => row(n)));
    const first = book.sheetByName('Audit log');
    const second = book.sheetByName('Audit log 2');
    const third = book.sheetByName('Audit log 3');
    expect(first?.lastRow()).toBe(5);
    expect(String(first?.readValues({ row: 5, column: 9, rows: 1, columns: 1 })[0]?.[0])).toBe('This sheet is full; the audit log continues in "Audit log 2". Nothing was removed.');
    expect(String(second?.readValues({ row: 2, column: 9, rows: 1, columns: 1 })[0]?.[0])).toBe('Continues "Audit log".');
    const invoices = [first, second, third].flatMap((sheet) => (sheet ? sheet.readValues({ row: 2, column: 4, rows: sheet.lastRow() - 1, columns: 1 }).map((cells) => cells[0]) : []));
    expect(invoices.filter((invoice) => invoice !== '')).toEqual(['101', '102', '103', '104', '105', '106', '107']);
    // The review dialog's link opens the sheet written last.
    expect(log.latestSheetName()).toBe('Audit log 3');
  });

  it('names no sheet before anything was logged', () => {
    expect(new AuditLogSheet(new MemorySpreadsheet()).latestSheetName()).toBeNull();
  });
});
