import type { ActiveCellPort } from '../../app/sidebar/formula';

/** The cell the user has selected, through SpreadsheetApp (sidebar calls run with the user's selection). */
export class AppsScriptActiveCell implements ActiveCellPort {
  private cell(): GoogleAppsScript.Spreadsheet.Range {
    const cell = SpreadsheetApp.getActiveSpreadsheet().getCurrentCell();
    if (!cell) throw new Error('Select a cell in the spreadsheet first, then insert the formula.');
    return cell;
  }

  address(): string {
    const cell = this.cell();
    return `${cell.getSheet().getName()}!${cell.getA1Notation()}`;
  }

  setFormula(formula: string): void {
    this.cell().setFormula(formula);
  }
}
