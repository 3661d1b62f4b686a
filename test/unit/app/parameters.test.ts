import { CUSTOM_FUNCTIONS } from '../../../src/app/custom-functions';
import { filterParametersOf, parseReportDefinition, REPORT_FILTER_PARAMETERS, REPORT_KINDS } from '../../../src/app/reports/definition';
import { reportFromFormula } from '../../../src/app/reports/report-from-formula';
import { functionCatalog } from '../../../src/app/sidebar/formula';
import { registryDocs } from '../../../src/entry/registry';
import { ACCOUNT, type AnyParameter } from '../../../src/app/parameters';

/** One definition per parameter feeds the registry, the builder, report filters and report-from-formula: they must agree. */
describe('parameters defined once', () => {
  const names = (params: readonly AnyParameter[]): string[] => params.map((param) => param.name);

  it('names each parameter once within a function and within a kind of report', () => {
    for (const fn of CUSTOM_FUNCTIONS) expect(new Set(names(fn.params)).size).toBe(fn.params.length);
    for (const kind of REPORT_KINDS) expect(new Set(names(filterParametersOf(kind))).size).toBe(filterParametersOf(kind).length);
  });

  it('documents each function in the registry with exactly its parameters', () => {
    for (const fn of CUSTOM_FUNCTIONS) {
      const doc = registryDocs.find((entry) => entry.name === fn.name);
      expect(doc?.kind).toBe('custom-function');
      expect(doc?.params).toEqual(fn.params.map(({ name, type, description, optional }) => ({ name, type, description, optional })));
    }
    expect(registryDocs.filter((entry) => entry.kind === 'custom-function').map((entry) => entry.name)).toEqual(CUSTOM_FUNCTIONS.map((fn) => fn.name));
  });

  it("offers a builder field for every parameter, the parameter's own", () => {
    const catalog = functionCatalog(CUSTOM_FUNCTIONS);
    CUSTOM_FUNCTIONS.forEach((fn, index) => {
      expect(catalog[index]?.params).toEqual(fn.params.map((param) => ({ name: param.name, description: param.description, optional: param.optional, input: param.input })));
    });
  });

  it('keeps optional parameters after the required ones, so a formula can leave them out', () => {
    for (const fn of CUSTOM_FUNCTIONS) {
      const firstOptional = fn.params.findIndex((param) => param.optional);
      if (firstOptional >= 0) expect(fn.params.slice(firstOptional).every((param) => param.optional)).toBe(true);
    }
  });

  const reportSources = CUSTOM_FUNCTIONS.filter((fn) => fn.report !== undefined);

  it('has functions that become reports', () => {
    expect(reportSources.map((fn) => fn.name)).toEqual(['EFLOW_INVOICES', 'EFLOW_INVOICE_SUMMARY', 'AFFISE_INVOICES', 'AFFISE_INVOICE_SUMMARY']);
  });

  it.each(reportSources.map((fn) => [fn.name, fn] as const))('%s: every argument is a filter its report kind takes, but the last, account (the report\'s connection)', (_name, fn) => {
    const takes = filterParametersOf(fn.report!.kind);
    expect(fn.params.at(-1)).toBe(ACCOUNT);
    for (const param of fn.params.slice(0, -1)) expect(takes).toContain(param);
  });

  it.each(reportSources.map((fn) => [fn.name, fn] as const))('%s: its example formula becomes a valid report with the same filters', (_name, fn) => {
    const definition = parseReportDefinition(reportFromFormula(fn.example, [], []));
    expect(definition.kind).toBe(fn.report!.kind);
    const args = fn.example.slice(fn.example.indexOf('(') + 1, -1).split(',').map((arg) => JSON.parse(arg.trim()) as unknown);
    const expected = Object.fromEntries(args.map((arg, index) => [fn.params[index]!.name, fn.params[index]!.parse(arg, null)]));
    expect(definition.filters).toEqual(expected);
  });

  it('labels every report filter and says it in the reports list', () => {
    for (const param of REPORT_FILTER_PARAMETERS) {
      expect(param.label).not.toBe('');
      expect(param.filterText).toBeDefined();
    }
  });

  it('checks a report filter with the same parser and message as the argument', () => {
    for (const param of REPORT_FILTER_PARAMETERS) {
      // Any text is a search: a value of the wrong type is wrong for every parameter.
      const invalid = param.name === 'search' ? true : 'not valid at all';
      let argumentMessage = '';
      try {
        param.parse(invalid, null);
      } catch (error) {
        argumentMessage = (error as Error).message;
      }
      expect(argumentMessage).toMatch(new RegExp(`^${param.name}: `));
      const kind = REPORT_KINDS.find((candidate) => filterParametersOf(candidate).includes(param))!;
      expect(() => parseReportDefinition({ id: 'r', name: 'R', kind, sheet: 'R', mode: 'replace', filters: { [param.name]: invalid } })).toThrow(
        `filters.${param.name}: ${argumentMessage.replace(`${param.name}: `, '').replace(/\.$/, '')}`,
      );
    }
  });

  it('reads every report filter back as it parsed it: a saved report is parsed again each time it is read', () => {
    const typed: Readonly<Record<string, unknown>> = { start_date: '2026-01-01', end_date: '2026-03-31', date_from: '2026-01-01', date_to: '2026-03-31', min_balance: 1, max_balance: 99.5, type: 'vat', affiliate_ids: '22, 21', search: 'Acme' };
    for (const kind of REPORT_KINDS) {
      const status = kind.startsWith('affise-') ? 'waiting, partly paid' : 'unpaid';
      const filters = Object.fromEntries(filterParametersOf(kind).map((param) => [param.name, param.name === 'status' ? status : typed[param.name]]));
      const saved = parseReportDefinition({ id: 'r', name: 'R', kind, sheet: 'R', mode: 'replace', filters });
      expect(Object.keys(saved.filters).sort()).toEqual(Object.keys(filters).sort());
      expect(parseReportDefinition(saved)).toEqual(saved);
    }
  });
});
