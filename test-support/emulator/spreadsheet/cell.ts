import type { CellValue, SheetError, ValueGrid } from './cell-value';
import type { DataValidationRule } from './data-validation';
import { parseFormula, type Expr } from './formula-parser';
import { GENERAL_FORMAT, isGeneralFormat } from './number-format';

/** What one write puts into a cell (after typed-input parsing). */
export type CellEntry =
  | { kind: 'formula'; text: string }
  /** `format` is the number format Sheets gives the cell when its own format is General. */
  | { kind: 'value'; value: CellValue; format?: string };

/** A formula in a cell and the state of its evaluation. */
export class CellFormula {
  /** As Sheets shows it (names and references upper-cased); as typed when it does not parse. */
  readonly text: string;
  /** null when the text does not parse (the cell shows #ERROR!). */
  readonly expr: Expr | null;
  /** True until evaluated: just entered or re-entered, or an input changed. */
  dirty = true;
  /** The last evaluated result (null before the first): its top-left value shows in the cell, the rest spills. */
  result: ValueGrid | null = null;
  /** Set when the result cannot spill (#REF!); the cell shows this instead. */
  spillError: SheetError | null = null;

  constructor(typed: string) {
    const parsed = parseFormula(typed);
    this.text = parsed.ok ? parsed.normalized : typed;
    this.expr = parsed.ok ? parsed.expr : null;
  }
}

/**
 * One cell: what was entered (a constant `value`, or a `formula`), its number format, note and
 * the font weight scripts set. What the cell shows (formula results, spilled values) is computed
 * by the sheet.
 */
export const DEFAULT_BACKGROUND = '#ffffff';

export class Cell {
  /** The constant entered; '' for an empty cell and for a formula cell. */
  value: CellValue = '';
  formula: CellFormula | null = null;
  numberFormat: string = GENERAL_FORMAT;
  note = '';
  fontWeight = 'normal';
  /** As Range.getBackground reads it: '#ffffff' unless set. */
  background = DEFAULT_BACKGROUND;
  /** Range.setDataValidation's rule (a checkbox, ...); null when none. */
  validation: DataValidationRule | null = null;

  /** True when something was entered (a value or a formula): such a cell blocks a spill. */
  hasContent(): boolean {
    return this.value !== '' || this.formula !== null;
  }

  /** True when the cell holds nothing worth keeping (so the sheet can forget it). */
  isBlank(): boolean {
    return !this.hasContent() && this.numberFormat === GENERAL_FORMAT && this.note === '' && this.fontWeight === 'normal' && this.background === DEFAULT_BACKGROUND && this.validation === null;
  }

  /** A key for "did the content change": the formula text or the value. */
  contentKey(): string {
    if (this.formula) return `f:${this.formula.text}`;
    return `v:${JSON.stringify(this.value)}`;
  }

  enter(entry: CellEntry): void {
    if (entry.kind === 'formula') {
      this.formula = new CellFormula(entry.text);
      this.value = '';
      return;
    }
    this.formula = null;
    this.value = entry.value;
    if (entry.format !== undefined && isGeneralFormat(this.numberFormat)) this.numberFormat = entry.format;
  }

  clearContent(): void {
    this.value = '';
    this.formula = null;
  }

  clearFormat(): void {
    this.numberFormat = GENERAL_FORMAT;
    this.fontWeight = 'normal';
    this.background = DEFAULT_BACKGROUND;
  }
}
