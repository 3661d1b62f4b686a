import { CUSTOM_FUNCTIONS } from '../custom-functions';
import { ACCOUNT } from '../parameters';
import { FormulaSyntaxError, parseFormula, type Argument } from '../formula-call';
import { newReportId } from './manage-reports';
import type { ReportDefinitionInput, ReportKind } from './definition';

export class ReportFromFormulaError extends Error {
  override name = 'ReportFromFormulaError';
}

export function uniqueName(base: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((name) => name.toLowerCase()));
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? base : `${base} ${n}`;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * A report definition from the active cell's formula: `=EFLOW_INVOICES("unpaid", "2024-01-01")`
 * becomes an invoices report with those filters. Without such a formula, every invoice.
 * The definition is validated by the caller (saveReport) like any other.
 */
export function reportFromFormula(formula: string, takenIds: readonly string[], takenSheets: readonly string[]): ReportDefinitionInput {
  let kind: ReportKind = 'invoices';
  let baseName = 'Invoices';
  const filters: Record<string, Argument> = {};
  let account: string | undefined;
  const trimmed = formula.trim();
  const called = /^=\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(trimmed)?.[1]?.toUpperCase();
  // The functions that name a report kind: their arguments are that report's filters.
  const source = CUSTOM_FUNCTIONS.find((fn) => fn.name === called && fn.report !== undefined);
  if (source?.report) {
    let args: Argument[];
    try {
      args = parseFormula(trimmed).args;
    } catch (error) {
      if (!(error instanceof FormulaSyntaxError)) throw error;
      throw new ReportFromFormulaError(
        `A report takes the values typed in the formula, and this one has something else (${error.message}). Type the filters as values, e.g. =${called}("unpaid", "2024-01-01"), or create the report in the sidebar.`,
      );
    }
    kind = source.report.kind;
    baseName = source.report.name;
    source.params.forEach((param, index) => {
      const value = args[index];
      if (value === undefined || value === '') return;
      // The account is the report's connection, not a filter; the definition's schema checks it like any name.
      if (param.name === ACCOUNT.name) account = typeof value === 'number' ? String(value) : (value as string);
      else filters[param.name] = value;
    });
  }
  const name = uniqueName(`${baseName} report`, takenSheets);
  return {
    id: newReportId(name, takenIds),
    name,
    kind,
    ...(account === undefined ? {} : { account }),
    filters,
    sheet: name,
    mode: 'replace',
    schedule: { frequency: 'hourly' },
  };
}
