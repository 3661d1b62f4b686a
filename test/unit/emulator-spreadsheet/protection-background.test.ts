import { harness } from './stub-runtime';

function setup() {
  const { globals } = harness(() => ({}), {});
  return { sheet: globals.SpreadsheetApp.getActiveSheet() };
}

describe('Sheet protection and cell backgrounds in the emulator', () => {
  it('protects a sheet with a warning, as Sheet.protect().setDescription().setWarningOnly(true)', () => {
    const { sheet } = setup();
    expect(sheet.getProtections('SHEET')).toEqual([]);
    const protection = sheet.protect().setDescription('Audit log: written by the add-on').setWarningOnly(true);
    expect(protection.isWarningOnly()).toBe(true);
    const [stored] = sheet.getProtections('SHEET');
    expect(stored?.getDescription()).toBe('Audit log: written by the add-on');
    expect(stored?.isWarningOnly()).toBe(true);
    expect(() => sheet.protect().setWarningOnly('yes')).toThrow("The parameters (String) don't match the method signature for SpreadsheetApp.Protection.setWarningOnly.");
    stored?.remove();
    expect(sheet.getProtections('SHEET')).toHaveLength(1);
  });

  it('colours cells, reads white by default, resets with null, and clearFormat removes the colour', () => {
    const { sheet } = setup();
    expect(sheet.getRange('A1').getBackground()).toBe('#ffffff');
    sheet.getRange('A1:B1').setBackground('#F4CCCC');
    expect(sheet.getRange('A1:C1').getBackgrounds()).toEqual([['#f4cccc', '#f4cccc', '#ffffff']]);
    sheet.getRange('B1').setBackground(null);
    expect(sheet.getRange('A1:B1').getBackgrounds()).toEqual([['#f4cccc', '#ffffff']]);
    sheet.getRange('A1').clearFormat();
    expect(sheet.getRange('A1').getBackground()).toBe('#ffffff');
    expect(() => sheet.getRange('A1').setBackground(3)).toThrow("The parameters (number) don't match the method signature for SpreadsheetApp.Range.setBackground.");
  });
});
