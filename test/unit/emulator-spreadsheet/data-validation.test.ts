import { harness } from './stub-runtime';

function setup() {
  const { globals } = harness(() => ({}), {});
  return { app: globals.SpreadsheetApp, sheet: globals.SpreadsheetApp.getActiveSheet() };
}

describe('Data validation in the emulator', () => {
  it('puts a checkbox rule on each cell of a range, reads it back, and a new rule allows invalid input', () => {
    const { app, sheet } = setup();
    const rule = app.newDataValidation().requireCheckbox().build();
    expect(rule.getCriteriaType()).toBe(app.DataValidationCriteria.CHECKBOX);
    expect(rule.getCriteriaValues()).toEqual([]);
    expect(rule.getAllowInvalid()).toBe(true);
    sheet.getRange('C2:C4').setDataValidation(rule);
    expect(sheet.getRange('C2').getDataValidation()?.getCriteriaType()).toBe(app.DataValidationCriteria.CHECKBOX);
    expect(sheet.getRange('B2:C3').getDataValidations().map((row) => row.map((cell) => cell?.getCriteriaType() ?? null))).toEqual([
      [null, app.DataValidationCriteria.CHECKBOX],
      [null, app.DataValidationCriteria.CHECKBOX],
    ]);
    // A rule is not content: the cells stay empty and the sheet's last row does not move.
    expect(sheet.getRange('C2').getValue()).toBe('');
    expect(sheet.getLastRow()).toBe(0);
  });

  it('keeps custom values, help text and allow-invalid; moves with its cell; clears with null or clearDataValidations', () => {
    const { app, sheet } = setup();
    const rule = app.newDataValidation().requireCheckbox('yes', 'no').setAllowInvalid(false).setHelpText('Tick to delete').build();
    expect([rule.getCriteriaValues(), rule.getAllowInvalid(), rule.getHelpText()]).toEqual([['yes', 'no'], false, 'Tick to delete']);
    expect(rule.copy().setAllowInvalid(true).build().getAllowInvalid()).toBe(true);
    sheet.getRange('A3').setValue('x');
    sheet.getRange('B3').setDataValidation(rule);
    sheet.deleteRows(1, 1);
    expect(sheet.getRange('B2').getDataValidation()?.getHelpText()).toBe('Tick to delete');
    sheet.getRange('B2').setDataValidation(null);
    expect(sheet.getRange('B2').getDataValidation()).toBeNull();
    sheet.getRange('B2').setDataValidation(rule);
    sheet.getRange('A1:B5').clearDataValidations();
    expect(sheet.getRange('B2').getDataValidation()).toBeNull();
  });

  it('refuses what Apps Script refuses', () => {
    const { app, sheet } = setup();
    expect(() => app.newDataValidation().build()).toThrow('You must set a criteria type on the data validation rule.');
    expect(() => sheet.getRange('A1').setDataValidation('checkbox')).toThrow("don't match the method signature for SpreadsheetApp.Range.setDataValidation.");
  });
});
