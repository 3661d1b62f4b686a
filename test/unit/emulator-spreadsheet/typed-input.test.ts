import { harness } from './stub-runtime';

/** Writes `input` into A1 of a fresh sheet (optionally pre-formatted) and reads it back. */
function typed(input: unknown, numberFormat?: string): { value: unknown; formula: string; display: string; format: string } {
  const { globals } = harness();
  const cell = globals.SpreadsheetApp.getActiveSheet().getRange('A1');
  if (numberFormat) cell.setNumberFormat(numberFormat);
  cell.setValues([[input]]);
  return { value: cell.getValue(), formula: cell.getFormula(), display: cell.getDisplayValue(), format: cell.getNumberFormat() };
}

describe('setValues reads strings as a user typing them', () => {
  it.each([
    ['plain text', 'Acme Ltd', 'Acme Ltd', ''],
    ['"=" starts a formula', '=1+2', 3, '=1+2'],
    ['"=" with an unknown function shows #NAME?', '=IMPORTXML("http://x","//a")', '#NAME?', '=IMPORTXML("http://x","//a")'],
    ['"+" and a number is a number', '+42', 42, ''],
    ['"-" and a number is a number', '-12.5', -12.5, ''],
    ['"-" and an expression becomes a formula', '-1-2', -3, '=-1-2'],
    ['"+" and a phone number is a formula parse error', '+1 555 0100', '#ERROR!', '=+1 555 0100'],
    ['"- " and words is a formula naming an unknown range', '- item', '#NAME?', '=- item'],
    ['a lone "-" is text', '-', '-', ''],
    ['"@" reads as a formula', '@SUM(1,2)', 3, '=@SUM(1,2)'],
    ['"@" and a name is #NAME?', '@alice', '#NAME?', '=@alice'],
    ['an apostrophe forces text and is not part of the value', "'=1+2", '=1+2', ''],
    ['an apostrophe keeps leading zeros', "'00123", '00123', ''],
    ['a lone apostrophe is empty', "'", '', ''],
    ['a leading tab is stripped, then the rest is read', '\t=1+1', 2, '=1+1'],
    ['a leading CR is stripped', '\r42', 42, ''],
    ['a leading NUL is stripped', '\0text', 'text', ''],
    ['a leading space keeps "=" as text', ' =1+1', ' =1+1', ''],
    ['an error code is that error', '#N/A', '#N/A', ''],
    ['TRUE is a boolean', 'TRUE', true, ''],
    ['false in any case is a boolean', ' false ', false, ''],
  ])('%s', (_label, input, value, formula) => {
    const cell = typed(input);
    expect(cell.value).toEqual(value);
    expect(cell.formula).toBe(formula);
  });

  it.each([
    ['leading zeros go', '00123', 123, '123', 'General'],
    ['an exponent is a number in scientific format', '1e3', 1000, '1.00E+03', '0.00E+00'],
    ['trailing zeros go', '12.50', 12.5, '12.5', 'General'],
    ['thousands separators', '1,234.5', 1234.5, '1,234.50', '#,##0.00'],
    ['a dollar amount', '$12', 12, '$12.00', '"$"#,##0.00'],
    ['a percentage', '12%', 0.12, '12%', '0%'],
    ['spaces around a number', ' 7 ', 7, '7', 'General'],
  ])('numbers: %s', (_label, input, value, display, format) => {
    expect(typed(input)).toEqual({ value, formula: '', display, format });
  });

  it('reads an ISO date as a date at midnight in the spreadsheet zone', () => {
    const cell = typed('2024-10-01');
    expect(cell.value).toEqual(new Date(Date.UTC(2024, 9, 1)));
    expect(cell.display).toBe('2024-10-01');
    expect(cell.format).toBe('yyyy-mm-dd');
  });

  it.each([
    ['a US date', '10/1/2024', Date.UTC(2024, 9, 1), '10/1/2024'],
    ['a two-digit year', '10/1/24', Date.UTC(2024, 9, 1), '10/1/2024'],
    ['a date and time', '2024-10-01 13:45:30', Date.UTC(2024, 9, 1, 13, 45, 30), '2024-10-01 13:45:30'],
    ['a time with PM', '10/1/2024 1:30 PM', Date.UTC(2024, 9, 1, 13, 30), '10/1/2024 1:30 PM'],
    ['a time of day', '13:45', Date.UTC(1899, 11, 30, 13, 45), '13:45'],
  ])('dates: %s', (_label, input, epochMs, display) => {
    const cell = typed(input);
    expect(cell.value).toEqual(new Date(epochMs));
    expect(cell.display).toBe(display);
  });

  it.each(['2024-02-30', '2024-13-01', '2024-10-01T00:00:00Z', 'Oct 1, 2024', '25:00'])('%s is not a date and stays text', (input) => {
    expect(typed(input).value).toBe(input);
  });

  it('reads a date in the spreadsheet zone', () => {
    const { globals } = harness(() => ({}), { timeZone: 'America/New_York' });
    const cell = globals.SpreadsheetApp.getActiveSheet().getRange('A1').setValue('2024-10-01');
    expect(cell.getValue()).toEqual(new Date(Date.UTC(2024, 9, 1, 4)));
  });

  it.each(['=1+2', '+42', '-1-2', '@SUM(1,2)', "'quoted", '\t=1', '00123', '1e3', '2024-10-01', 'TRUE', '#N/A'])(
    'keeps %j verbatim in a cell formatted as plain text',
    (input) => {
      const cell = typed(input, '@');
      expect(cell).toEqual({ value: input, formula: '', display: input, format: '@' });
    },
  );

  it('stores numbers, booleans and Dates as they are, and null or undefined as empty', () => {
    const { globals } = harness();
    const range = globals.SpreadsheetApp.getActiveSheet().getRange('A1:E1');
    const when = new Date(Date.UTC(2024, 9, 1, 8, 30));
    range.setValues([[42, true, when, null, undefined]]);
    expect(range.getValues()).toEqual([[42, true, when, '', '']]);
    expect(range.getNumberFormats()[0]?.[2]).toBe('M/d/yyyy H:mm:ss');
  });

  it('refuses objects and over-long strings with exceptions', () => {
    const { globals } = harness();
    const cell = globals.SpreadsheetApp.getActiveSheet().getRange('A1');
    expect(() => cell.setValue({ amount: 1 })).toThrow('Cannot write a value of type object into a cell.');
    expect(() => cell.setValue('x'.repeat(50_001))).toThrow('Your input contains more than the maximum of 50000 characters in a single cell.');
  });
});
