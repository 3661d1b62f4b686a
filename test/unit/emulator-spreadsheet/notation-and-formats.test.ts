import { areaA1, columnLetters, columnNumber, parseA1 } from '../../../test-support/emulator/spreadsheet/a1';
import { sheetDate, sheetError } from '../../../test-support/emulator/spreadsheet/cell-value';
import { parseFormula } from '../../../test-support/emulator/spreadsheet/formula-parser';
import { displayText, isDateTimeFormat } from '../../../test-support/emulator/spreadsheet/number-format';

describe('A1 notation', () => {
  it.each([
    ['B2', { sheetName: null, startRow: 2, startColumn: 2, endRow: 2, endColumn: 2 }],
    ['$A$1:C3', { sheetName: null, startRow: 1, startColumn: 1, endRow: 3, endColumn: 3 }],
    ['C3:A1', { sheetName: null, startRow: 1, startColumn: 1, endRow: 3, endColumn: 3 }],
    ['A:B', { sheetName: null, startRow: 1, startColumn: 1, endRow: null, endColumn: 2 }],
    ['2:3', { sheetName: null, startRow: 2, startColumn: 1, endRow: 3, endColumn: null }],
    ['A2:B', { sheetName: null, startRow: 2, startColumn: 1, endRow: null, endColumn: 2 }],
    ['Sheet1!A1', { sheetName: 'Sheet1', startRow: 1, startColumn: 1, endRow: 1, endColumn: 1 }],
    ["'It''s mine'!AA10", { sheetName: "It's mine", startRow: 10, startColumn: 27, endRow: 10, endColumn: 27 }],
  ])('parses %s', (text, reference) => {
    expect(parseA1(text)).toEqual(reference);
  });

  it.each(['', 'A', 'A0', '1A', 'A1:B2:C3', "'open!A1", '!A1'])('rejects %j', (text) => {
    expect(parseA1(text)).toBeNull();
  });

  it('converts columns and formats areas', () => {
    expect([columnLetters(1), columnLetters(26), columnLetters(27), columnLetters(18_278)]).toEqual(['A', 'Z', 'AA', 'ZZZ']);
    expect(columnNumber('zz')).toBe(702);
    expect(areaA1({ row: 2, column: 2, numRows: 3, numColumns: 2 })).toBe('B2:C4');
  });
});

describe('formula text', () => {
  it('is shown with names, references and booleans upper-cased, strings and spacing as typed', () => {
    expect(parseFormula('=myFunc( a1:b2, "Mixed Case", true,  \'my sheet\'!c3 )')).toMatchObject({
      ok: true,
      normalized: '=MYFUNC( A1:B2, "Mixed Case", TRUE,  \'my sheet\'!C3 )',
    });
  });

  it.each(['=', '=SUM(1,', '=1 2', '="open', '=(1', '={1,2', '=1+'])('%j does not parse', (text) => {
    expect(parseFormula(text)).toEqual({ ok: false });
  });
});

describe('number formats', () => {
  it.each([
    ['yyyy-mm-dd', true],
    ['M/d/yyyy H:mm:ss', true],
    ['h:mm AM/PM', true],
    ['[h]:mm', true],
    ['General', false],
    ['0.00', false],
    ['#,##0.00 "days"', false],
    ['"$"#,##0.00', false],
    ['0.00E+00', false],
    ['@', false],
  ])('%s is a date-time format: %s', (format, isDate) => {
    expect(isDateTimeFormat(format)).toBe(isDate);
  });

  it.each([
    [1234.5, 'General', '1234.5'],
    [1 / 3, 'General', '0.3333333333'],
    [123456789012345680000, 'General', '1.23456789E+20'],
    [1234.5, '#,##0.00', '1,234.50'],
    [-1234.5, '#,##0', '-1,235'],
    [0.5, '0%', '50%'],
    [0.12345, '0.00%', '12.35%'],
    [12, '000', '012'],
    [0.5, '#.##', '.5'],
    [-5, '0;(0)', '(5)'],
    [0, '0;-0;"zero"', 'zero'],
    [12345, '0.0E+00', '1.2E+04'],
    [3, '0 "items"', '3 items'],
    [9.99, '[$€]#,##0.00', '€9.99'],
    [42, '@', '42'],
  ])('shows %p under %s as %s', (value, format, shown) => {
    expect(displayText(value, format)).toBe(shown);
  });

  it('shows dates, booleans, errors and text', () => {
    expect(displayText(sheetDate(45566), 'General')).toBe('10/1/2024');
    expect(displayText(sheetDate(45566.75), 'General')).toBe('10/1/2024 18:00:00');
    expect(displayText(sheetDate(45566.75), 'ddd d mmm yy, hh:mm')).toBe('Tue 1 Oct 24, 18:00');
    expect(displayText(true, 'General')).toBe('TRUE');
    expect(displayText(sheetError('#REF!', 'blocked'), '0.00')).toBe('#REF!');
    expect(displayText('text', '0.00')).toBe('text');
  });
});
