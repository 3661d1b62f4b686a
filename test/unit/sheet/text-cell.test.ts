import { MAX_CELL_CHARS, textCell } from '../../../src/sheet/columns';

describe('textCell', () => {
  it('keeps text up to the cell limit and blanks a missing value', () => {
    expect(textCell(null)).toBe('');
    expect(textCell('x'.repeat(MAX_CELL_CHARS))).toHaveLength(MAX_CELL_CHARS);
  });

  it('cuts longer text to exactly the limit and says it was shortened', () => {
    const cell = String(textCell('y'.repeat(MAX_CELL_CHARS + 10)));
    expect(cell).toHaveLength(MAX_CELL_CHARS);
    expect(cell.endsWith('… [shortened: Sheets holds at most 50,000 characters in a cell]')).toBe(true);
  });
});
