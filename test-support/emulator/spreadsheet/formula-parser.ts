/**
 * Formula syntax (en-US): literals (numbers, "strings" with "" escapes, TRUE/FALSE), references
 * (A1, $B$2, B2:B10, A:A, 2:3, A2:B, Sheet1!A1:A3, 'My sheet'!A1), named ranges, calls NAME(a, , b),
 * array literals {1,2;3,4} ("," next column, ";" next row), parentheses and operators by Sheets'
 * precedence: unary - + @ (the @ of Excel's implicit intersection is a no-op), postfix %, ^ (left to
 * right), * /, + -, &, comparisons = <> < > <= >=.
 *
 * Sheets shows an entered formula with function names, references and booleans upper-cased and
 * everything else (spacing, strings, sheet names) as typed; `normalized` is that text.
 */
import { parseA1, type A1Reference } from './a1';

export type BinaryOperator = '+' | '-' | '*' | '/' | '^' | '&' | '=' | '<>' | '<' | '>' | '<=' | '>=';

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'boolean'; value: boolean }
  /** An omitted argument: F(1,,2). */
  | { type: 'empty' }
  | { type: 'ref'; reference: A1Reference }
  | { type: 'name'; name: string }
  | { type: 'array'; rows: Expr[][] }
  /** `name` is upper-case. */
  | { type: 'call'; name: string; args: Expr[] }
  | { type: 'unary'; operator: '-' | '+' | '@' | '%'; operand: Expr }
  | { type: 'binary'; operator: BinaryOperator; left: Expr; right: Expr };

export type ParsedFormula = { ok: true; expr: Expr; normalized: string } | { ok: false };

type Token =
  | { kind: 'number'; text: string; value: number }
  | { kind: 'string'; text: string; value: string }
  | { kind: 'ref'; text: string; reference: A1Reference }
  | { kind: 'ident'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'space'; text: string };

const SHEET_PREFIX = String.raw`(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!`;
const CELL = String.raw`\$?[A-Za-z]{1,3}\$?\d+`;
const REFERENCE = new RegExp(
  String.raw`^(?:${SHEET_PREFIX})?(?:${CELL}(?::\$?[A-Za-z]{1,3}\$?\d*)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)(?![A-Za-z0-9_.(!])`,
);
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_.]*/;
const OPERATORS = ['<>', '<=', '>=', '+', '-', '*', '/', '^', '&', '=', '<', '>', '%', '(', ')', ',', ';', '{', '}', '@'];

class SyntaxFailure extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const rest = source.slice(index);
    let token: Token;
    let match: RegExpExecArray | null;
    if ((match = /^\s+/.exec(rest))) token = { kind: 'space', text: match[0] };
    else if (rest[0] === '"') {
      match = /^"((?:[^"]|"")*)"/.exec(rest);
      if (!match) throw new SyntaxFailure('unterminated string');
      token = { kind: 'string', text: match[0], value: (match[1] as string).replace(/""/g, '"') };
    } else if ((match = REFERENCE.exec(rest))) {
      const reference = parseA1(match[0]);
      if (!reference) throw new SyntaxFailure(`bad reference ${match[0]}`);
      token = { kind: 'ref', text: match[0], reference };
    } else if ((match = NUMBER.exec(rest))) token = { kind: 'number', text: match[0], value: Number(match[0]) };
    else if ((match = IDENT.exec(rest))) token = { kind: 'ident', text: match[0] };
    else {
      const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
      if (!operator) throw new SyntaxFailure(`unexpected ${rest[0] ?? ''}`);
      token = { kind: 'op', text: operator };
    }
    tokens.push(token);
    index += token.text.length;
  }
  return tokens;
}

/** The text Sheets shows for a token: names and references upper-cased, sheet names as typed. */
function normalizedText(token: Token, next: Token | undefined): string {
  if (token.kind === 'ref') {
    const bang = token.text.lastIndexOf('!');
    return token.text.slice(0, bang + 1) + token.text.slice(bang + 1).toUpperCase();
  }
  if (token.kind === 'ident') {
    const upper = token.text.toUpperCase();
    const isCall = next?.kind === 'op' && next.text === '(';
    return isCall || upper === 'TRUE' || upper === 'FALSE' ? upper : token.text;
  }
  return token.text;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parseFormula(): Expr {
    const expr = this.comparison();
    if (this.position < this.tokens.length) throw new SyntaxFailure('trailing input');
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private takeOperator(...operators: string[]): string | null {
    const token = this.peek();
    if (token?.kind === 'op' && operators.includes(token.text)) {
      this.position++;
      return token.text;
    }
    return null;
  }

  private expectOperator(operator: string): void {
    if (this.takeOperator(operator) === null) throw new SyntaxFailure(`expected ${operator}`);
  }

  private binaryLevel(operators: BinaryOperator[], next: () => Expr): Expr {
    let left = next();
    for (let operator = this.takeOperator(...operators); operator !== null; operator = this.takeOperator(...operators)) {
      left = { type: 'binary', operator: operator as BinaryOperator, left, right: next() };
    }
    return left;
  }

  private comparison(): Expr {
    return this.binaryLevel(['=', '<>', '<=', '>=', '<', '>'], () => this.concatenation());
  }

  private concatenation(): Expr {
    return this.binaryLevel(['&'], () => this.additive());
  }

  private additive(): Expr {
    return this.binaryLevel(['+', '-'], () => this.multiplicative());
  }

  private multiplicative(): Expr {
    return this.binaryLevel(['*', '/'], () => this.power());
  }

  private power(): Expr {
    return this.binaryLevel(['^'], () => this.percent());
  }

  private percent(): Expr {
    let operand = this.prefix();
    while (this.takeOperator('%') !== null) operand = { type: 'unary', operator: '%', operand };
    return operand;
  }

  private prefix(): Expr {
    const operator = this.takeOperator('-', '+', '@');
    if (operator === null) return this.primary();
    return { type: 'unary', operator: operator as '-' | '+' | '@', operand: this.prefix() };
  }

  private primary(): Expr {
    const token = this.peek();
    if (!token) throw new SyntaxFailure('unexpected end');
    this.position++;
    switch (token.kind) {
      case 'number':
        return { type: 'number', value: token.value };
      case 'string':
        return { type: 'string', value: token.value };
      case 'ref':
        return { type: 'ref', reference: token.reference };
      case 'ident':
        return this.identifier(token.text);
      case 'op':
        if (token.text === '(') {
          const inner = this.comparison();
          this.expectOperator(')');
          return inner;
        }
        if (token.text === '{') return this.arrayLiteral();
        throw new SyntaxFailure(`unexpected ${token.text}`);
      case 'space':
        throw new SyntaxFailure('unexpected space');
    }
  }

  private identifier(text: string): Expr {
    const upper = text.toUpperCase();
    if (this.takeOperator('(') !== null) return { type: 'call', name: upper, args: this.arguments() };
    if (upper === 'TRUE' || upper === 'FALSE') return { type: 'boolean', value: upper === 'TRUE' };
    return { type: 'name', name: text };
  }

  private arguments(): Expr[] {
    if (this.takeOperator(')') !== null) return [];
    const args: Expr[] = [];
    for (;;) {
      const next = this.peek();
      const omitted = next?.kind === 'op' && (next.text === ',' || next.text === ')');
      args.push(omitted ? { type: 'empty' } : this.comparison());
      if (this.takeOperator(')') !== null) return args;
      this.expectOperator(',');
    }
  }

  private arrayLiteral(): Expr {
    const rows: Expr[][] = [[this.comparison()]];
    for (;;) {
      const separator = this.takeOperator(',', ';', '}');
      if (separator === '}') return { type: 'array', rows };
      if (separator === null) throw new SyntaxFailure('expected , ; or }');
      if (separator === ';') rows.push([]);
      (rows[rows.length - 1] as Expr[]).push(this.comparison());
    }
  }
}

/** Parses formula text (with its leading "="). */
export function parseFormula(text: string): ParsedFormula {
  if (!text.startsWith('=')) return { ok: false };
  try {
    const allTokens = tokenize(text.slice(1));
    const significant = allTokens.filter((token) => token.kind !== 'space');
    const expr = new Parser(significant).parseFormula();
    const normalized = '=' + allTokens.map((token, index) => normalizedText(token, nextSignificant(allTokens, index))).join('');
    return { ok: true, expr, normalized };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false };
    throw error;
  }
}

function nextSignificant(tokens: Token[], index: number): Token | undefined {
  return tokens.slice(index + 1).find((token) => token.kind !== 'space');
}

/** Every sub-expression, depth first (for dependency and volatility scans). */
export function walkExpr(expr: Expr, visit: (node: Expr) => void): void {
  visit(expr);
  switch (expr.type) {
    case 'array':
      expr.rows.forEach((row) => row.forEach((item) => walkExpr(item, visit)));
      break;
    case 'call':
      expr.args.forEach((arg) => walkExpr(arg, visit));
      break;
    case 'unary':
      walkExpr(expr.operand, visit);
      break;
    case 'binary':
      walkExpr(expr.left, visit);
      walkExpr(expr.right, visit);
      break;
    default:
      break;
  }
}
