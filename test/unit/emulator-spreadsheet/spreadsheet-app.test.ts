import { harness } from './stub-runtime';

function setup(options: Parameters<typeof harness>[1] = {}) {
  const { globals, state } = harness(() => ({}), options);
  const app = globals.SpreadsheetApp;
  return { app, spreadsheet: app.getActiveSpreadsheet(), sheet: app.getActiveSheet(), state };
}

describe('Range values', () => {
  it('refuses data of the wrong size with Apps Script messages', () => {
    const { sheet } = setup();
    const range = sheet.getRange(1, 1, 2, 3);
    expect(() => range.setValues([[1, 2, 3]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => range.setValues([[1, 2, 3], [4, 5]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.',
    );
    expect(() => range.setValues('1,2,3')).toThrow("The parameters (String) don't match the method signature for SpreadsheetApp.Range.setValues.");
  });

  it('writes nothing when one value of the block is refused, as Apps Script checks them all first', () => {
    const { sheet } = setup();
    sheet.getRange('A1').setValue('before');
    expect(() => sheet.getRange('A1:B1').setValues([['after', 'x'.repeat(50_001)]])).toThrow(/50000 characters/);
    expect(sheet.getRange('A1:B1').getValues()).toEqual([['before', '']]);
  });

  it('writes and reads whole blocks, and counts the calls so tests can assert batching', () => {
    const { sheet, state } = setup();
    sheet.getRange(2, 1, 2, 2).setValues([
      ['a', 1],
      ['b', 2],
    ]);
    expect(sheet.getDataRange().getValues()).toEqual([
      ['', ''],
      ['a', 1],
      ['b', 2],
    ]);
    expect(state.calls.count('Range.setValues')).toBe(1);
    expect(state.calls.count('Range.getValues')).toBe(1);
    expect(state.calls.count('Range.setValue')).toBe(0);
  });

  it('sets every cell with setValue and reads the top-left one with getValue', () => {
    const { sheet } = setup();
    const range = sheet.getRange('A1:B2').setValue('x');
    expect(range.getValues()).toEqual([
      ['x', 'x'],
      ['x', 'x'],
    ]);
    expect(range.getValue()).toBe('x');
  });

  it('checks range coordinates like Apps Script', () => {
    const { sheet } = setup();
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1, 0)).toThrow('The starting column of the range is too small.');
    expect(() => sheet.getRange(1, 1, 0, 1)).toThrow('The number of rows in the range must be at least 1.');
    expect(() => sheet.getRange(1, 1, 1, 0)).toThrow('The number of columns in the range must be at least 1.');
    expect(() => sheet.getRange(1000, 1, 2, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange('not a range')).toThrow('Range not found');
  });

  it('knows its place: A1 notation, offsets, cells, sheet', () => {
    const { sheet } = setup();
    const range = sheet.getRange('B2:C4');
    expect([range.getRow(), range.getColumn(), range.getNumRows(), range.getNumColumns(), range.getLastRow(), range.getLastColumn()]).toEqual([2, 2, 3, 2, 4, 3]);
    expect(range.getA1Notation()).toBe('B2:C4');
    expect(range.offset(1, 1).getA1Notation()).toBe('C3:D5');
    expect(range.offset(0, 0, 1, 1).getA1Notation()).toBe('B2');
    expect(range.getCell(3, 2).getA1Notation()).toBe('C4');
    expect(range.getSheet().getName()).toBe('Sheet1');
    expect(sheet.getRange('A:B').getNumRows()).toBe(1000);
  });

  it('resolves sheet-qualified A1 notation from the spreadsheet', () => {
    const { spreadsheet } = setup();
    spreadsheet.insertSheet('My data');
    spreadsheet.getRange("'My data'!B2").setValue(7);
    expect(spreadsheet.getSheetByName('My data')?.getRange('B2').getValue()).toBe(7);
  });

  it('clears contents (keeping formats) or everything (keeping notes)', () => {
    const { sheet } = setup();
    const cell = sheet.getRange('A1').setNumberFormat('0.00').setValue(3).setNote('checked');
    cell.clearContent();
    expect([cell.getValue(), cell.getNumberFormat(), cell.getNote()]).toEqual(['', '0.00', 'checked']);
    cell.setValue(3).clear();
    expect([cell.getValue(), cell.getNumberFormat(), cell.getNote()]).toEqual(['', 'General', 'checked']);
  });

  it('records notes and font weights', () => {
    const { sheet, state } = setup();
    sheet.getRange('A1:B1').setNotes([['first', null]]).setFontWeight('bold');
    expect(sheet.getRange('A1:B1').getNotes()).toEqual([['first', '']]);
    expect(state.spreadsheet.sheet('Sheet1').cellAt(1, 2)?.fontWeight).toBe('bold');
    expect(sheet.getRange('B1').getFontWeight()).toBe('bold');
  });
});

describe('number formats', () => {
  it('decide whether a number reads back as a Date, and what it shows', () => {
    const { sheet } = setup();
    const cells = sheet.getRange('A1:E1');
    cells.setNumberFormats([['yyyy-mm-dd', '#,##0.00', '0.0%', '@', '"$"#,##0.00;("$"#,##0.00)']]);
    cells.setValues([[45566, 1234.5, 0.125, 12, -3]]);
    expect(cells.getValues()).toEqual([[new Date(Date.UTC(2024, 9, 1)), 1234.5, 0.125, 12, -3]]);
    expect(cells.getDisplayValues()).toEqual([['2024-10-01', '1,234.50', '12.5%', '12', '($3.00)']]);
    expect(cells.getNumberFormats()).toEqual([['yyyy-mm-dd', '#,##0.00', '0.0%', '@', '"$"#,##0.00;("$"#,##0.00)']]);
  });

  it('turn a date into its serial number under a number format', () => {
    const { sheet } = setup();
    const cell = sheet.getRange('A1').setValue(new Date(Date.UTC(2024, 9, 1, 12)));
    expect(cell.getDisplayValue()).toBe('10/1/2024 12:00:00');
    cell.setNumberFormat('0.00');
    expect(cell.getValue()).toBe(45566.5);
    expect(cell.getDisplayValue()).toBe('45566.50');
  });

  it.each([
    ['dd/MM/yyyy HH:mm', Date.UTC(2024, 0, 5, 9, 7), '05/01/2024 09:07'],
    ['mmm d, yyyy', Date.UTC(2024, 0, 5), 'Jan 5, 2024'],
    ['dddd', Date.UTC(2024, 0, 5), 'Friday'],
    ['h:mm AM/PM', Date.UTC(2024, 0, 5, 15, 4), '3:04 PM'],
    ['[h]:mm', Date.UTC(1899, 11, 31, 2, 30), '26:30'],
  ])('show dates with %s', (format, epochMs, shown) => {
    const { sheet } = setup();
    expect(sheet.getRange('A1').setNumberFormat(format).setValue(new Date(epochMs)).getDisplayValue()).toBe(shown);
  });

  it('keep what a cell shows when the spreadsheet zone changes, moving the instant read back (as Sheets does)', () => {
    const { sheet, spreadsheet } = setup({ timeZone: 'Europe/Paris' });
    const cell = sheet.getRange('A1').setValue(new Date(Date.UTC(2024, 9, 1, 10)));
    expect(cell.getDisplayValue()).toBe('10/1/2024 12:00:00');
    spreadsheet.setSpreadsheetTimeZone('America/New_York');
    expect(cell.getDisplayValue()).toBe('10/1/2024 12:00:00');
    expect(cell.getValue()).toEqual(new Date(Date.UTC(2024, 9, 1, 16)));
  });

  it('take the emulator zone unless the spreadsheet was given one', () => {
    expect(setup({ spreadsheetTimeZone: 'Asia/Tokyo' }).spreadsheet.getSpreadsheetTimeZone()).toBe('Asia/Tokyo');
    expect(setup({ spreadsheetTimeZone: 'Asia/Tokyo', timeZone: 'Europe/Paris' }).spreadsheet.getSpreadsheetTimeZone()).toBe('Europe/Paris');
    expect(() => setup().spreadsheet.setSpreadsheetTimeZone('Mars/Olympus')).toThrow('Invalid argument: timeZone');
  });
});

describe('the spreadsheet locale', () => {
  it('is en_US until set, keeps what is set, and refuses what is no locale code', () => {
    const { spreadsheet, sheet } = setup();
    expect(spreadsheet.getSpreadsheetLocale()).toBe('en_US');
    spreadsheet.setSpreadsheetLocale('de_DE');
    expect(spreadsheet.getSpreadsheetLocale()).toBe('de_DE');
    spreadsheet.setSpreadsheetLocale('es_419');
    expect(spreadsheet.getSpreadsheetLocale()).toBe('es_419');
    for (const wrong of ['', 'German', 'de-DE', 'de_de', 42]) expect(() => spreadsheet.setSpreadsheetLocale(wrong as string)).toThrow('Invalid argument: locale');
    expect(spreadsheet.getSpreadsheetLocale()).toBe('es_419');
    // A cell's explicit format decides what it shows: the add-on sets one per locale.
    const cell = sheet.getRange('A1').setValue(new Date(Date.UTC(2024, 9, 1, 10))).setNumberFormat('dd.mm.yyyy hh:mm:ss');
    expect(cell.getDisplayValue()).toBe('01.10.2024 10:00:00');
  });
});

describe('sheets', () => {
  it('are inserted (becoming active), found, renamed and deleted', () => {
    const { spreadsheet, app } = setup();
    const report = spreadsheet.insertSheet('Report', 0);
    expect(app.getActiveSheet().getName()).toBe('Report');
    expect(spreadsheet.getSheets().map((sheet) => sheet.getName())).toEqual(['Report', 'Sheet1']);
    expect(spreadsheet.insertSheet().getName()).toBe('Sheet3');
    expect(() => spreadsheet.insertSheet('report')).toThrow('A sheet with the name "report" already exists. Please enter another name.');
    report.setName('Invoices');
    expect(spreadsheet.getSheetByName('invoices')?.getIndex()).toBe(1);
    spreadsheet.deleteSheet(report);
    expect(spreadsheet.getNumSheets()).toBe(2);
    expect(spreadsheet.getSheetByName('Invoices')).toBeNull();
  });

  it('cannot all be deleted or hidden', () => {
    const { spreadsheet, sheet } = setup();
    expect(() => spreadsheet.deleteSheet(sheet)).toThrow("You can't remove all the sheets in a document.");
    expect(() => sheet.hideSheet()).toThrow("You can't hide all the sheets in a document.");
    const other = spreadsheet.insertSheet('Other');
    other.hideSheet();
    expect(other.isSheetHidden()).toBe(true);
    expect(other.showSheet().isSheetHidden()).toBe(false);
  });

  it('grow and shrink by rows and columns, moving cells', () => {
    const { sheet } = setup();
    sheet.getRange('A1:A3').setValues([['one'], ['two'], ['three']]);
    sheet.insertRowsAfter(1, 2);
    expect(sheet.getMaxRows()).toBe(1002);
    expect(sheet.getRange('A1:A5').getValues()).toEqual([['one'], [''], [''], ['two'], ['three']]);
    sheet.deleteRows(2, 2);
    expect(sheet.getRange('A1:A3').getValues()).toEqual([['one'], ['two'], ['three']]);
    sheet.insertColumnsAfter(26, 4);
    expect(sheet.getMaxColumns()).toBe(30);
    expect(() => sheet.deleteRows(1000, 5)).toThrow('Those rows are out of bounds.');
  });

  it('keep at least one row below the frozen ones', () => {
    const { sheet } = setup();
    sheet.setFrozenRows(1);
    expect(sheet.getFrozenRows()).toBe(1);
    expect(() => sheet.deleteRows(2, 999)).toThrow('Sorry, it is not possible to delete all non-frozen rows.');
    sheet.deleteRows(2, 998);
    expect(sheet.getMaxRows()).toBe(2);
  });

  it('refuse to grow beyond ten million cells', () => {
    const { sheet } = setup();
    expect(() => sheet.insertRowsAfter(1000, 400_000)).toThrow('This action would increase the number of cells in the workbook above the limit of 10000000 cells.');
  });

  it('append a row after the last one, growing when full, parsing strings as typed', () => {
    const { sheet } = setup();
    sheet.getRange('A1000').setValue('last');
    sheet.appendRow(['=1+1', "'=1+1", 3]);
    expect(sheet.getMaxRows()).toBe(1001);
    expect(sheet.getRange('A1001:C1001').getValues()).toEqual([[2, '=1+1', 3]]);
  });

  it('clear their contents or everything', () => {
    const { sheet } = setup();
    sheet.getRange('A1').setNumberFormat('0.0').setValue(2);
    sheet.clearContents();
    expect([sheet.getLastRow(), sheet.getRange('A1').getNumberFormat()]).toEqual([0, '0.0']);
    sheet.getRange('A1').setValue(2);
    sheet.clear();
    expect([sheet.getLastRow(), sheet.getRange('A1').getNumberFormat()]).toEqual([0, 'General']);
  });
});

describe('selection', () => {
  it('follows activate()', () => {
    const { app, spreadsheet } = setup();
    const other = spreadsheet.insertSheet('Other');
    spreadsheet.getSheetByName('Sheet1')?.activate();
    other.getRange('C3:D4').activate();
    expect(app.getActiveSheet().getName()).toBe('Other');
    expect(app.getActiveRange().getA1Notation()).toBe('C3:D4');
    expect(spreadsheet.getCurrentCell().getA1Notation()).toBe('C3');
  });
});

describe('developer metadata', () => {
  it('is attached to the spreadsheet or a sheet, with every overload of addDeveloperMetadata', () => {
    const { spreadsheet, sheet, app } = setup();
    spreadsheet.addDeveloperMetadata('report', '{"kind":"invoices"}');
    spreadsheet.addDeveloperMetadata('private', app.DeveloperMetadataVisibility.PROJECT);
    sheet.addDeveloperMetadata('table', 'invoices', app.DeveloperMetadataVisibility.PROJECT);
    const [report, hidden] = spreadsheet.getDeveloperMetadata();
    expect([report?.getKey(), report?.getValue(), String(report?.getVisibility())]).toEqual(['report', '{"kind":"invoices"}', 'DOCUMENT']);
    expect([hidden?.getKey(), hidden?.getValue(), hidden?.getVisibility()]).toEqual(['private', null, app.DeveloperMetadataVisibility.PROJECT]);
    const [table] = sheet.getDeveloperMetadata();
    table?.setValue('payouts');
    expect(sheet.getDeveloperMetadata().map((entry) => [entry.getKey(), entry.getValue()])).toEqual([['table', 'payouts']]);
    table?.remove();
    expect(sheet.getDeveloperMetadata()).toEqual([]);
  });
});

describe('toasts and flush', () => {
  it('records toasts; flush is a counted no-op', () => {
    const { spreadsheet, app, state } = setup();
    spreadsheet.toast('Synced 12 invoices', 'Affiliate Billing');
    app.flush();
    expect(state.spreadsheet.toasts).toEqual([{ message: 'Synced 12 invoices', title: 'Affiliate Billing', timeoutSeconds: 5 }]);
    expect(state.calls.count('SpreadsheetApp.flush')).toBe(1);
  });
});
