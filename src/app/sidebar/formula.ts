import { z } from 'zod';
import type { DateArgumentContext } from '../arguments';
import type { CustomFunction } from '../custom-functions';
import type { Call } from '../services';
import type { ZoneRules } from '../../ports/time-zone';
import type { FormulaInsertion, FormulaPreview, FunctionInfo } from './api';
import { argumentValue, formulaText } from './formula-text';
import { parseSidebarInput, SidebarInputError } from './input';
import { wallClockText } from '../../sheet/date-formats';

/** Runs a custom function exactly as a cell would and answers its grid (or throws its message). */
export type CustomFunctionEvaluator = (name: string, args: unknown[]) => unknown;

/** The cell the user is on; formulas go there. */
export interface ActiveCellPort {
  /** "Sheet1!B2" */
  address(): string;
  setFormula(formula: string): void;
}

/** Rows of data shown under the builder: enough to recognise the result, cheap to send. */
export const PREVIEW_ROWS = 5;

const MAX_ARGUMENT_CHARS = 2000;

const formulaRequestSchema = z
  .object({
    name: z.string('must be text').max(100),
    args: z.array(z.string('must be text').max(MAX_ARGUMENT_CHARS, `is longer than ${MAX_ARGUMENT_CHARS} characters`), 'must be a list of texts').max(20),
  })
  .strict();

/** The builder's view of the custom functions: each argument's field comes with its parameter. */
export function functionCatalog(functions: readonly CustomFunction[]): FunctionInfo[] {
  return functions.map((fn) => ({
    name: fn.name,
    summary: fn.summary,
    returns: fn.returns,
    example: fn.example,
    params: fn.params.map((param) => ({ name: param.name, description: param.description, optional: param.optional, input: param.input })),
  }));
}

interface PreparedFormula {
  name: string;
  formula: string;
  /** The arguments as the cell would pass them: numbers for bare literals, text otherwise, undefined when left out. */
  values: unknown[];
}

function prepareFormula(call: Call, functions: readonly CustomFunction[], input: unknown): PreparedFormula {
  const request = parseSidebarInput(formulaRequestSchema, input, { name: 'Function', args: 'Arguments' });
  const fn = functions.find((candidate) => candidate.name === request.name);
  if (!fn) throw new SidebarInputError(`Function: choose one of ${functions.map((candidate) => candidate.name).join(', ')}.`);
  if (request.args.length > fn.params.length) throw new SidebarInputError(`${fn.name} takes ${fn.params.length} arguments; ${request.args.length} were sent.`);

  const ctx: DateArgumentContext = { sheetTimeZone: call.services.spreadsheetTimeZone(), zones: call.services.zones };
  const values = fn.params.map((param, index) => argumentValue(param.input, request.args[index] ?? ''));
  // The function's own checks, so an insert never lands a broken formula.
  fn.checkArguments(values, ctx);
  while (values.length > 0 && values[values.length - 1] === undefined) values.pop();
  const formula = formulaText(
    fn.name,
    fn.params.map((param) => param.input),
    request.args,
  );
  return { name: fn.name, formula, values };
}

/** Evaluates the formula the builder holds and answers its header and first rows as display text. */
export function previewFormula(call: Call, functions: readonly CustomFunction[], input: unknown, evaluate: CustomFunctionEvaluator): FormulaPreview {
  const prepared = prepareFormula(call, functions, input);
  const result = evaluate(prepared.name, prepared.values);
  const grid = Array.isArray(result) ? result.map((row: unknown) => (Array.isArray(row) ? row : [row])) : [[result]];
  const timeZone = call.services.spreadsheetTimeZone();
  const locale = call.services.spreadsheetLocale();
  const show = (cell: unknown): string => displayText(cell, timeZone, locale, call.services.zones);
  const [header = [], ...rows] = grid;
  return {
    formula: prepared.formula,
    columns: header.map(show),
    rows: rows.slice(0, PREVIEW_ROWS).map((row) => row.map(show)),
    totalRows: rows.length,
  };
}

/** Writes the builder's formula into the active cell; Sheets then calculates it there. */
export function insertFormula(call: Call, functions: readonly CustomFunction[], input: unknown, activeCell: ActiveCellPort): FormulaInsertion {
  const prepared = prepareFormula(call, functions, input);
  activeCell.setFormula(prepared.formula);
  return { formula: prepared.formula, cell: activeCell.address() };
}

/**
 * A cell as Sheets shows a function's result by default: dates in the spreadsheet's zone and
 * locale, a midnight as the date alone; booleans upper-case.
 */
export function displayText(cell: unknown, timeZone: string, locale: string, zones: ZoneRules): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (Object.prototype.toString.call(cell) === '[object Date]') {
    const wall = zones.wallClockAt(Date.prototype.getTime.call(cell), timeZone);
    return wallClockText(wall, locale, wall.hour === 0 && wall.minute === 0 && wall.second === 0 ? 'date' : 'second');
  }
  return String(cell);
}
