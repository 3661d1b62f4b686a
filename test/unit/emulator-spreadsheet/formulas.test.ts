import type { SpreadsheetGlobals } from '../../../test-support/emulator/spreadsheet';
import { harness } from './stub-runtime';

/** A workbook whose "add-on" declares a few custom functions, each logging its arguments. */
function workbook(extra: (globals: SpreadsheetGlobals) => Record<string, (...args: never[]) => unknown> = () => ({})) {
  const seen: unknown[][] = [];
  const setup = harness((globals) => ({
    DOUBLE: (value: number) => {
      seen.push([value]);
      return value * 2;
    },
    ECHO: (...args: unknown[]) => {
      seen.push(args);
      return 'ok';
    },
    GRID: (rows: number, columns: number) => Array.from({ length: rows }, (_, row) => Array.from({ length: columns }, (_, column) => row * 10 + column)),
    COLUMN: () => ['a', 'b', 'c'],
    FAIL: () => {
      throw new Error('Everflow said no (line 3).');
    },
    ...extra(globals),
  }));
  const sheet = setup.globals.SpreadsheetApp.getActiveSheet();
  const model = setup.state.spreadsheet.sheet('Sheet1');
  return { ...setup, sheet, model, seen, book: setup.state.spreadsheet };
}

describe('custom functions', () => {
  it('load until Sheets recalculates, then show their result; names and references are upper-cased', () => {
    const { sheet, book, seen } = workbook();
    sheet.getRange('A1').setValue(21);
    sheet.getRange('B1').setValue('=double(a1)');
    expect(sheet.getRange('B1').getValue()).toBe('Loading...');
    expect(book.recalculate()).toBe(1);
    expect(sheet.getRange('B1').getValue()).toBe(42);
    expect(sheet.getRange('B1').getFormula()).toBe('=DOUBLE(A1)');
    expect(seen).toEqual([[21]]);
    expect(book.customFunctionCalls).toEqual([{ name: 'DOUBLE', args: [21], cell: 'Sheet1!B1', atMs: expect.any(Number) }]);
  });

  it('get arguments as Sheets passes them: values, 2D ranges, array literals, "" for an omitted one, Dates', () => {
    const { sheet, book, seen, globals } = workbook();
    const other = globals.SpreadsheetApp.getActiveSpreadsheet().insertSheet('Other');
    other.getRange('A1:A2').setValues([['x'], ['y']]);
    sheet.getRange('A1:B2').setValues([
      [1, 'two'],
      ['2024-10-01', true],
    ]);
    sheet.getRange('D1').setFormula('=ECHO(A1, A1:B2, {1;2;3}, {1,2}, , "s", TRUE, Other!A1:A2, A2, 2.5)');
    book.recalculate();
    expect(seen).toEqual([
      [
        1,
        [
          [1, 'two'],
          [new Date(Date.UTC(2024, 9, 1)), true],
        ],
        [[1], [2], [3]],
        [[1, 2]],
        '',
        's',
        true,
        [['x'], ['y']],
        new Date(Date.UTC(2024, 9, 1)),
        2.5,
      ],
    ]);
  });

  it('pass every row of an open-ended range, empty ones too', () => {
    const { sheet, book, seen } = workbook();
    sheet.getRange('C1').setFormula('=ECHO(A1:A)');
    book.recalculate();
    expect((seen[0]?.[0] as unknown[][]).length).toBe(1000);
  });

  it('spill a 2D result into the empty cells right and below', () => {
    const { sheet, book } = workbook();
    sheet.getRange('B2').setFormula('=GRID(2, 3)');
    book.recalculate();
    expect(sheet.getRange('B2:D3').getValues()).toEqual([
      [0, 1, 2],
      [10, 11, 12],
    ]);
    expect(sheet.getRange('B2:D3').getFormulas()).toEqual([
      ['=GRID(2, 3)', '', ''],
      ['', '', ''],
    ]);
    expect(sheet.getLastRow()).toBe(3);
    expect(sheet.getLastColumn()).toBe(4);
  });

  it('spill a 1D array down a column', () => {
    const { sheet, book } = workbook();
    sheet.getRange('A1').setFormula('=COLUMN()');
    book.recalculate();
    expect(sheet.getRange('A1:B3').getValues()).toEqual([
      ['a', ''],
      ['b', ''],
      ['c', ''],
    ]);
  });

  it('show #REF! when a spill would overwrite data, and spill again once it is cleared, without calling again', () => {
    const { sheet, book, model } = workbook();
    sheet.getRange('C3').setValue('in the way');
    sheet.getRange('B2').setFormula('=GRID(2, 3)');
    book.recalculate();
    expect(sheet.getRange('B2').getValue()).toBe('#REF!');
    expect(model.valueAt(2, 2)).toEqual({ kind: 'error', code: '#REF!', message: 'Array result was not expanded because it would overwrite data in C3.' });
    expect(sheet.getRange('C2').getValue()).toBe('');
    sheet.getRange('C3').clearContent();
    expect(sheet.getRange('B2:D3').getValues()).toEqual([
      [0, 1, 2],
      [10, 11, 12],
    ]);
    expect(book.recalculate()).toBe(0);
    expect(book.customFunctionCalls).toHaveLength(1);
  });

  it('turn #REF! when a value is written into their spill, as Sheets does', () => {
    const { sheet, book } = workbook();
    sheet.getRange('A1').setFormula('=GRID(3, 1)');
    book.recalculate();
    sheet.getRange('A3').setValue('typed over');
    expect(sheet.getRange('A1:A3').getValues()).toEqual([['#REF!'], [''], ['typed over']]);
  });

  it('refuse to spill past the edge of the sheet', () => {
    const { sheet, book, model } = workbook();
    sheet.getRange('A999').setFormula('=GRID(3, 1)');
    book.recalculate();
    expect(model.valueAt(999, 1)).toEqual({ kind: 'error', code: '#REF!', message: 'Result was not automatically expanded, please insert more rows (1).' });
  });

  it('show #ERROR! with the thrown message kept', () => {
    const { sheet, book, model } = workbook();
    sheet.getRange('A1').setFormula('=FAIL()');
    book.recalculate();
    expect(sheet.getRange('A1').getDisplayValue()).toBe('#ERROR!');
    expect(model.valueAt(1, 1)).toEqual({ kind: 'error', code: '#ERROR!', message: 'Everflow said no (line 3).' });
  });

  it('show #NAME? at once for a function the add-on does not have', () => {
    const { sheet, model } = workbook();
    sheet.getRange('A1').setFormula('=NOPE(1)');
    expect(model.valueAt(1, 1)).toEqual({ kind: 'error', code: '#NAME?', message: "Unknown function: 'NOPE'." });
  });

  it('are not called when an argument is an error; the error shows instead', () => {
    const { sheet, book, seen } = workbook();
    sheet.getRange('A1').setValue('#N/A');
    sheet.getRange('B1').setFormula('=DOUBLE(A1)');
    book.recalculate();
    expect(sheet.getRange('B1').getValue()).toBe('#N/A');
    expect(seen).toEqual([]);
  });

  it('refuse NOW(), TODAY() and RAND() among their arguments, directly or through a cell', () => {
    const { sheet, book, model, seen } = workbook();
    sheet.getRange('A1').setFormula('=NOW()');
    sheet.getRange('B1').setFormula('=DOUBLE(RAND())');
    sheet.getRange('B2').setFormula('=ECHO(A1)');
    book.recalculate();
    const refused = { kind: 'error', code: '#ERROR!', message: 'This function is not allowed to reference a cell with NOW(), RAND(), or RANDBETWEEN().' };
    expect(model.valueAt(1, 2)).toEqual(refused);
    expect(model.valueAt(2, 2)).toEqual(refused);
    expect(seen).toEqual([]);
  });

  it('see their own cell as the active range and may read but not write the sheet', () => {
    const { sheet, book, model } = workbook((globals) => ({
      WHERE: () => globals.SpreadsheetApp.getActiveRange().getA1Notation(),
      PEEK: () => globals.SpreadsheetApp.getActiveSheet().getRange('A1').getValue(),
      POKE: () => globals.SpreadsheetApp.getActiveSheet().getRange('A1').setValue(1),
    }));
    sheet.getRange('A1').setValue('hello');
    sheet.getRange('C7').setFormula('=WHERE()');
    sheet.getRange('C8').setFormula('=PEEK()');
    sheet.getRange('C9').setFormula('=POKE()');
    book.recalculate();
    expect(sheet.getRange('C7:C8').getValues()).toEqual([['C7'], ['hello']]);
    expect(model.valueAt(9, 3)).toEqual({ kind: 'error', code: '#ERROR!', message: 'You do not have permission to call Range.setValue' });
  });
});

describe('recalculation', () => {
  it('happens only when an input changes value', () => {
    const { sheet, book, seen } = workbook();
    sheet.getRange('A1').setValue(1);
    sheet.getRange('B1').setFormula('=DOUBLE(A1)');
    book.recalculate();
    expect(book.recalculate()).toBe(0);
    sheet.getRange('A1').setValue(1);
    sheet.getRange('A2').setValue('unrelated');
    expect(book.recalculate()).toBe(0);
    sheet.getRange('A1').setValue(5);
    expect(sheet.getRange('B1').getValue()).toBe('Loading...');
    expect(book.recalculate()).toBe(1);
    expect(sheet.getRange('B1').getValue()).toBe(10);
    expect(seen).toEqual([[1], [5]]);
  });

  it('runs dependents after the custom function they read, once', () => {
    const { sheet, book } = workbook();
    sheet.getRange('A1').setFormula('=GRID(3, 1)');
    sheet.getRange('B1').setFormula('=SUM(A1:A3)');
    expect(sheet.getRange('B1').getValue()).toBe('Loading...');
    expect(book.recalculate()).toBe(2);
    expect(sheet.getRange('B1').getValue()).toBe(30);
  });

  it('settles built-in formulas at once', () => {
    const { sheet } = workbook();
    sheet.getRange('A1:A3').setValues([[1], [2], ['3']]);
    sheet.getRange('B1').setFormula('=SUM(A1:A3)');
    sheet.getRange('B2').setFormula('=HYPERLINK("https://example.com/?q="&A1, "Open")');
    sheet.getRange('B3').setFormula('=A1/0');
    expect(sheet.getRange('B1:B3').getDisplayValues()).toEqual([['6'], ['Open'], ['#DIV/0!']]);
    sheet.getRange('A1').setValue(10);
    expect(sheet.getRange('B1').getValue()).toBe(15);
  });

  it('reports circular references as #REF!', () => {
    const { sheet, model } = workbook();
    sheet.getRange('A1').setFormula('=B1+1');
    sheet.getRange('B1').setFormula('=A1+1');
    expect(model.valueAt(1, 1)).toMatchObject({ code: '#REF!', message: expect.stringContaining('Circular dependency detected') });
  });

  it('resolves named ranges', () => {
    const { sheet, globals } = workbook();
    sheet.getRange('A1:A2').setValues([[2], [3]]);
    globals.SpreadsheetApp.getActiveSpreadsheet().setNamedRange('Amounts', sheet.getRange('A1:A2'));
    sheet.getRange('B1').setFormula('=SUM(Amounts)');
    expect(sheet.getRange('B1').getValue()).toBe(5);
  });

  it('is forced by re-entering formulas with a TextFinder, the way the add-on refreshes its functions', () => {
    const { sheet, book, seen, globals } = workbook();
    sheet.getRange('A1').setValue(4);
    sheet.getRange('B1').setFormula('=DOUBLE(A1)');
    sheet.getRange('B2').setFormula('=SUM(1,2)');
    sheet.getRange('C1').setValue('no formula here =');
    book.recalculate();
    const replaced = globals.SpreadsheetApp.getActiveSpreadsheet().createTextFinder('=').matchFormulaText(true).replaceAllWith('=');
    expect(replaced).toBe(3);
    expect(sheet.getRange('B1:C1').getValues()).toEqual([['Loading...', 'no formula here =']]);
    expect(book.recalculate()).toBe(1);
    expect(seen).toEqual([[4], [4]]);
  });

  it('is not forced by a TextFinder that does not search formulas', () => {
    const { sheet, book, globals } = workbook();
    sheet.getRange('B1').setFormula('=DOUBLE(2)');
    book.recalculate();
    expect(globals.SpreadsheetApp.getActiveSpreadsheet().createTextFinder('4').replaceAllWith('4')).toBe(0);
    expect(book.recalculate()).toBe(0);
  });
});

describe('evaluation order', () => {
  it('calls a custom function reading another one spill only once, after the spill, whichever comes first on the sheet', () => {
    const { sheet, book, seen } = workbook();
    sheet.getRange('B1').setFormula('=ECHO(A3:A4)');
    sheet.getRange('A2').setFormula('=GRID(3, 1)');
    book.recalculate();
    expect(seen).toEqual([[[[10], [20]]]]);
  });

  it('does not mistake formulas that could spill into each other for a cycle', () => {
    const { sheet, book, model } = workbook();
    sheet.getRange('A1').setFormula('=DOUBLE(B5)');
    sheet.getRange('B1').setFormula('=DOUBLE(A5)');
    book.recalculate();
    expect([model.valueAt(1, 1), model.valueAt(1, 2)]).toEqual([0, 0]);
  });
});
