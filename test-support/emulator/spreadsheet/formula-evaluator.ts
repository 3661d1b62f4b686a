/**
 * Evaluates a parsed formula to a grid of values (1x1 for a single value; larger grids spill).
 *
 * Built-ins (Sheets always prefers these to a custom function of the same name): SUM, HYPERLINK
 * (inert: its label, else its URL, as text), NOW, TODAY, RAND. Every other name goes to the
 * add-on's custom functions; an unknown one is #NAME?.
 *
 * A custom function gets each argument as Sheets passes it: a single cell or value as that value,
 * a larger range or array literal as a 2D array, an omitted argument as "". An error among its
 * arguments is shown instead of calling it, and an argument that uses NOW(), TODAY(), RAND() or
 * RANDBETWEEN() (directly or through a referenced cell) is refused with Sheets' message.
 *
 * Operators work on single values: a range of more than one cell where one value is expected is
 * #VALUE!. Errors propagate. Text that looks like a number is coerced; "" counts as 0.
 */
import type { A1Reference } from './a1';
import { isSheetError, sheetDate, sheetError, type CellValue, type SheetError, type ValueGrid } from './cell-value';
import { walkExpr, type BinaryOperator, type Expr } from './formula-parser';

/** What a formula can see of the spreadsheet and the add-on. */
export interface FormulaEnvironment {
  /** The values of a referenced area (sheet name null: the formula's own sheet). */
  readReference(reference: A1Reference): ValueGrid | SheetError;
  readName(name: string): ValueGrid | SheetError;
  /** True when a referenced cell's formula uses a volatile function. */
  referencesVolatile(reference: A1Reference): boolean;
  /** The name the add-on declared for the upper-cased `name`, or null when there is none. */
  customFunctionName(name: string): string | null;
  callCustomFunction(name: string, args: (CellValue | ValueGrid)[]): ValueGrid | SheetError;
  /** "Now" as a serial in the spreadsheet's zone. */
  nowSerial(): number;
}

const VOLATILE_MESSAGE = 'This function is not allowed to reference a cell with NOW(), RAND(), or RANDBETWEEN().';
const VOLATILE_FUNCTIONS = new Set(['NOW', 'TODAY', 'RAND', 'RANDBETWEEN']);

interface BuiltIn {
  minArgs: number;
  maxArgs: number;
  run(args: Expr[], evaluator: Evaluator): CellValue;
}

const BUILT_INS: Record<string, BuiltIn> = {
  SUM: {
    minArgs: 1,
    maxArgs: Infinity,
    run(args, evaluator) {
      let total = 0;
      for (const [index, arg] of args.entries()) {
        const grid = evaluator.evaluate(arg);
        if (grid.length === 1 && grid[0]?.length === 1 && arg.type !== 'ref' && arg.type !== 'name') {
          const number = toNumber(grid[0][0] as CellValue, 'SUM', index + 1);
          if (isSheetError(number)) return number;
          total += number;
          continue;
        }
        for (const value of grid.flat()) {
          if (isSheetError(value)) return value;
          if (typeof value === 'number') total += value;
          else if (typeof value === 'object') total += value.serial;
        }
      }
      return total;
    },
  },
  HYPERLINK: {
    minArgs: 1,
    maxArgs: 2,
    run(args, evaluator) {
      const url = evaluator.scalar(args[0] as Expr);
      const label = args[1] === undefined ? '' : evaluator.scalar(args[1]);
      if (isSheetError(url)) return url;
      if (isSheetError(label)) return label;
      return label === '' ? toText(url) : toText(label);
    },
  },
  NOW: { minArgs: 0, maxArgs: 0, run: (_args, evaluator) => sheetDate(evaluator.env.nowSerial()) },
  TODAY: { minArgs: 0, maxArgs: 0, run: (_args, evaluator) => sheetDate(Math.floor(evaluator.env.nowSerial())) },
  RAND: { minArgs: 0, maxArgs: 0, run: () => Math.random() },
};

const OPERATOR_NAMES: Record<BinaryOperator | 'unary-', string> = {
  '+': 'ADD', '-': 'MINUS', '*': 'MULTIPLY', '/': 'DIVIDE', '^': 'POW', '&': 'CONCAT',
  '=': 'EQ', '<>': 'NE', '<': 'LT', '>': 'GT', '<=': 'LTE', '>=': 'GTE', 'unary-': 'UMINUS',
};

export function evaluateFormula(expr: Expr, env: FormulaEnvironment): ValueGrid {
  return new Evaluator(env).evaluate(expr);
}

export function isBuiltIn(upperName: string): boolean {
  return Object.hasOwn(BUILT_INS, upperName);
}

export function usesVolatileFunction(expr: Expr): boolean {
  let found = false;
  walkExpr(expr, (node) => {
    if (node.type === 'call' && VOLATILE_FUNCTIONS.has(node.name)) found = true;
  });
  return found;
}

class Evaluator {
  constructor(readonly env: FormulaEnvironment) {}

  evaluate(expr: Expr): ValueGrid {
    switch (expr.type) {
      case 'number':
      case 'string':
      case 'boolean':
        return [[expr.value]];
      case 'empty':
        return [['']];
      case 'ref':
        return asGrid(this.env.readReference(expr.reference));
      case 'name':
        return asGrid(this.env.readName(expr.name));
      case 'array':
        return this.arrayLiteral(expr.rows);
      case 'call':
        return this.call(expr.name, expr.args);
      case 'unary':
        return [[this.unary(expr.operator, expr.operand)]];
      case 'binary':
        return [[this.binary(expr.operator, expr.left, expr.right)]];
    }
  }

  /** The single value an operator or built-in argument needs. */
  scalar(expr: Expr): CellValue {
    const grid = this.evaluate(expr);
    if (grid.length === 1 && grid[0]?.length === 1) return grid[0][0] as CellValue;
    return sheetError('#VALUE!', 'An array value could not be found.');
  }

  private arrayLiteral(rows: Expr[][]): ValueGrid {
    const missing = sheetError('#VALUE!', 'In ARRAY_LITERAL, an Array Literal was missing values for one or more rows.');
    const blocks: ValueGrid[] = [];
    for (const row of rows) {
      const parts = row.map((item) => this.evaluate(item));
      const height = parts[0]?.length ?? 0;
      if (parts.some((part) => part.length !== height)) return [[missing]];
      blocks.push(Array.from({ length: height }, (_, index) => parts.flatMap((part) => part[index] as CellValue[])));
    }
    const width = blocks[0]?.[0]?.length ?? 0;
    if (blocks.some((block) => block.some((line) => line.length !== width))) return [[missing]];
    return blocks.flat();
  }

  private call(name: string, args: Expr[]): ValueGrid {
    const builtIn = isBuiltIn(name) ? BUILT_INS[name] : undefined;
    if (builtIn) {
      if (args.length < builtIn.minArgs || args.length > builtIn.maxArgs) {
        const expected = builtIn.minArgs === builtIn.maxArgs ? `${builtIn.minArgs}` : `between ${builtIn.minArgs} and ${builtIn.maxArgs}`;
        return [[sheetError('#N/A', `Wrong number of arguments to ${name}. Expected ${expected} arguments, but got ${args.length} arguments.`)]];
      }
      return [[builtIn.run(args, this)]];
    }
    const declared = this.env.customFunctionName(name);
    if (declared === null) return [[sheetError('#NAME?', `Unknown function: '${name}'.`)]];
    if (args.some((arg) => this.isVolatile(arg))) return [[sheetError('#ERROR!', VOLATILE_MESSAGE)]];
    const values: (CellValue | ValueGrid)[] = [];
    for (const arg of args) {
      const grid = this.evaluate(arg);
      const error = grid.flat().find(isSheetError);
      if (error) return [[error]];
      values.push(grid.length === 1 && grid[0]?.length === 1 ? (grid[0][0] as CellValue) : grid);
    }
    return asGrid(this.env.callCustomFunction(declared, values));
  }

  private isVolatile(expr: Expr): boolean {
    let volatile = usesVolatileFunction(expr);
    walkExpr(expr, (node) => {
      if (node.type === 'ref' && this.env.referencesVolatile(node.reference)) volatile = true;
    });
    return volatile;
  }

  private unary(operator: '-' | '+' | '@' | '%', operand: Expr): CellValue {
    const value = this.scalar(operand);
    if (operator === '+' || operator === '@' || isSheetError(value)) return value;
    const number = toNumber(value, operator === '-' ? 'UMINUS' : 'UNARY_PERCENT', 1);
    if (isSheetError(number)) return number;
    return operator === '-' ? -number : number / 100;
  }

  private binary(operator: BinaryOperator, leftExpr: Expr, rightExpr: Expr): CellValue {
    const left = this.scalar(leftExpr);
    const right = this.scalar(rightExpr);
    if (isSheetError(left)) return left;
    if (isSheetError(right)) return right;
    const name = OPERATOR_NAMES[operator];
    if (operator === '&') return toText(left) + toText(right);
    if (['=', '<>', '<', '>', '<=', '>='].includes(operator)) {
      const order = compare(left, right);
      return { '=': order === 0, '<>': order !== 0, '<': order < 0, '>': order > 0, '<=': order <= 0, '>=': order >= 0 }[operator as '='];
    }
    const a = toNumber(left, name, 1);
    if (isSheetError(a)) return a;
    const b = toNumber(right, name, 2);
    if (isSheetError(b)) return b;
    switch (operator) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return b === 0 ? sheetError('#DIV/0!', 'Function DIVIDE parameter 2 cannot be zero.') : a / b;
      default: {
        const result = a ** b;
        return Number.isFinite(result) ? result : sheetError('#NUM!', 'Function POW caused a number overflow.');
      }
    }
  }
}

function asGrid(result: ValueGrid | SheetError): ValueGrid {
  return Array.isArray(result) ? result : [[result]];
}

function toNumber(value: CellValue, functionName: string, position: number): number | SheetError {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === '') return 0;
  if (typeof value === 'object') return value.kind === 'date' ? value.serial : value;
  const number = value.trim() === '' ? NaN : Number(value);
  if (Number.isFinite(number)) return number;
  return sheetError('#VALUE!', `Function ${functionName} parameter ${position} expects number values. But '${value}' is a text and cannot be coerced to a number.`);
}

function toText(value: CellValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const number = typeof value === 'number' ? value : value.kind === 'date' ? value.serial : NaN;
  return String(Number(number.toPrecision(15)));
}

/** Sheets' order: numbers < text (case-insensitive) < booleans; an empty cell is the other side's zero. */
function compare(left: CellValue, right: CellValue): number {
  const rank = (value: CellValue): number => (typeof value === 'boolean' ? 3 : typeof value === 'string' ? 2 : 1);
  const a = left === '' ? emptyLike(right) : left;
  const b = right === '' ? emptyLike(left) : right;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
  const x = toNumber(a, 'COMPARE', 1) as number;
  const y = toNumber(b, 'COMPARE', 2) as number;
  return x - y;
}

function emptyLike(other: CellValue): CellValue {
  return typeof other === 'boolean' ? false : typeof other === 'string' ? '' : 0;
}
