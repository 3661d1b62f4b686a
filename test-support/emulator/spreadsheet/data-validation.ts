/**
 * Data validation as Apps Script exposes it: `SpreadsheetApp.newDataValidation()` builds a rule,
 * `Range.setDataValidation(rule)` puts it on each cell (it moves with the cell when rows or columns
 * are inserted or deleted), `getDataValidation(s)` reads it back. The builder covers the checkbox
 * criteria (`requireCheckbox()`, with or without custom checked/unchecked values), help text and
 * allow-invalid; other `require…` methods are absent, so a script calling one fails loudly here
 * instead of passing untested. Rules are recorded, not enforced: scripts may write any value, as in
 * Sheets (where only a person's typing is rejected, and only when allow-invalid is false).
 */
import { AppsScriptException } from '../exception';
import { enumOf } from './service-context';

export const DataValidationCriteria = enumOf([
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_BETWEEN',
  'DATE_EQUAL_TO',
  'DATE_IS_VALID_DATE',
  'DATE_NOT_BETWEEN',
  'DATE_ON_OR_AFTER',
  'DATE_ON_OR_BEFORE',
  'NUMBER_BETWEEN',
  'NUMBER_EQUAL_TO',
  'NUMBER_GREATER_THAN',
  'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN',
  'NUMBER_LESS_THAN_OR_EQUAL_TO',
  'NUMBER_NOT_BETWEEN',
  'NUMBER_NOT_EQUAL_TO',
  'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN',
  'TEXT_EQUAL_TO',
  'TEXT_IS_VALID_EMAIL',
  'TEXT_IS_VALID_URL',
  'VALUE_IN_LIST',
  'VALUE_IN_RANGE',
  'CUSTOM_FORMULA',
  'CHECKBOX',
  'DATE_AFTER_RELATIVE',
  'DATE_BEFORE_RELATIVE',
  'DATE_EQUAL_TO_RELATIVE',
] as const);

type CriteriaName = keyof typeof DataValidationCriteria;

/** A rule as a cell holds it (plain data, so cells can be copied and compared). */
export interface DataValidationRule {
  criteria: CriteriaName;
  values: readonly unknown[];
  allowInvalid: boolean;
  helpText: string | null;
}

/** True when a cell's rule makes it a checkbox (the playground draws those as boxes). */
export function isCheckboxRule(rule: DataValidationRule | null): boolean {
  return rule?.criteria === 'CHECKBOX';
}

/** A built rule (`DataValidation`): read-only, `copy()` for a builder. */
export class DataValidationFake {
  constructor(readonly rule: DataValidationRule) {}

  getCriteriaType(): unknown {
    return DataValidationCriteria[this.rule.criteria];
  }

  getCriteriaValues(): unknown[] {
    return [...this.rule.values];
  }

  getAllowInvalid(): boolean {
    return this.rule.allowInvalid;
  }

  getHelpText(): string | null {
    return this.rule.helpText;
  }

  copy(): DataValidationBuilderFake {
    return new DataValidationBuilderFake({ ...this.rule });
  }
}

/** `SpreadsheetApp.newDataValidation()`: a new rule allows invalid input (with a warning) until told otherwise. */
export class DataValidationBuilderFake {
  constructor(private rule: DataValidationRule | null = null, private allowInvalid = rule?.allowInvalid ?? true, private helpText: string | null = rule?.helpText ?? null) {}

  /** `requireCheckbox()`: TRUE ticked, FALSE not; `(checked)`: that value or empty; `(checked, unchecked)`. */
  requireCheckbox(...values: unknown[]): DataValidationBuilderFake {
    if (values.length > 2) throw new AppsScriptException(`The parameters (${values.map((value) => typeof value).join(',')}) don't match the method signature for SpreadsheetApp.DataValidationBuilder.requireCheckbox.`);
    this.rule = { criteria: 'CHECKBOX', values, allowInvalid: this.allowInvalid, helpText: this.helpText };
    return this;
  }

  setAllowInvalid(allowInvalidData: unknown): DataValidationBuilderFake {
    if (typeof allowInvalidData !== 'boolean') throw new AppsScriptException(`The parameters (${typeof allowInvalidData}) don't match the method signature for SpreadsheetApp.DataValidationBuilder.setAllowInvalid.`);
    this.allowInvalid = allowInvalidData;
    return this;
  }

  setHelpText(helpText: unknown): DataValidationBuilderFake {
    this.helpText = helpText === null ? null : String(helpText);
    return this;
  }

  getCriteriaType(): unknown {
    return this.rule ? DataValidationCriteria[this.rule.criteria] : null;
  }

  getCriteriaValues(): unknown[] {
    return [...(this.rule?.values ?? [])];
  }

  getAllowInvalid(): boolean {
    return this.allowInvalid;
  }

  getHelpText(): string | null {
    return this.helpText;
  }

  copy(): DataValidationBuilderFake {
    return new DataValidationBuilderFake(this.rule ? { ...this.rule } : null, this.allowInvalid, this.helpText);
  }

  build(): DataValidationFake {
    if (!this.rule) throw new AppsScriptException('You must set a criteria type on the data validation rule.');
    return new DataValidationFake({ ...this.rule, allowInvalid: this.allowInvalid, helpText: this.helpText });
  }
}

/** The rule a script passed to setDataValidation: a built rule, or null to clear. */
export function ruleOf(value: unknown): DataValidationRule | null | undefined {
  if (value === null) return null;
  return value instanceof DataValidationFake ? value.rule : undefined;
}
