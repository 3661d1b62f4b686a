import { FormulaSyntaxError, parseFormula, type Argument } from '../formula-call';
import { newReportId } from './manage-reports';
import type { ReportDefinitionInput } from './definition';

/** The list functions whose arguments are report filters, and the report kind each becomes. */
const FILTER_FUNCTIONS: Readonly<Record<string, { kind: 'invoices' | 'summary'; params: readonly string[]; name: string }>> = {
  EFLOW_INVOICES: { kind: 'invoices', params: ['status', 'start_date', 'end_date', 'min_balance', 'max_balance'], name: 'Invoices' },
  EFLOW_INVOICE_SUMMARY: { kind: 'summary', params: ['status', 'start_date', 'end_date'], name: 'Invoice summary' },
};

export class ReportFromFormulaError extends Error {
  override name = 'ReportFromFormulaError';
}

function uniqueName(base: string, taken: readonly string[]): string {
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
  let kind: 'invoices' | 'summary' = 'invoices';
  let baseName = 'Invoices';
  const filters: Record<string, Argument> = {};
  const trimmed = formula.trim();
  const called = /^=\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(trimmed)?.[1]?.toUpperCase();
  const source = called ? FILTER_FUNCTIONS[called] : undefined;
  if (source) {
    let args: Argument[];
    try {
      args = parseFormula(trimmed).args;
    } catch (error) {
      if (!(error instanceof FormulaSyntaxError)) throw error;
      throw new ReportFromFormulaError(
        `A report takes the values typed in the formula, and this one has something else (${error.message}). Type the filters as values, e.g. =${called}("unpaid", "2024-01-01"), or create the report in the sidebar.`,
      );
    }
    kind = source.kind;
    baseName = source.name;
    source.params.forEach((param, index) => {
      const value = args[index];
      if (value !== undefined && value !== '') filters[param] = value;
    });
  }
  const name = uniqueName(`${baseName} report`, takenSheets);
  return { id: newReportId(name, takenIds), name, kind, filters, sheet: name, mode: 'replace', schedule: { frequency: 'hourly' } };
}
