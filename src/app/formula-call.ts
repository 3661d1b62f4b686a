/**
 * Parses one custom-function formula whose arguments are Sheets literals, as a user types it
 * (used by "Insert report from this formula" and by the `npm run formula` runner):
 *   =EFLOW_INVOICES("unpaid", , "2024-12-31", 100)
 *   =EFLOW_INVOICE_LINES({101;102;103}, "referral")
 * Strings use "" for a quote; empty arguments stay empty (Sheets passes them as ""); an array
 * literal {a,b;c,d} stands for a range and arrives as a 2D array, rows split by ";".
 */
export type LiteralValue = string | number | boolean;
export type Argument = LiteralValue | LiteralValue[][];

export interface ParsedFormula {
  name: string;
  args: Argument[];
}

export class FormulaSyntaxError extends Error {
  override name = 'FormulaSyntaxError';
}

export function parseFormula(text: string): ParsedFormula {
  const parser = new Parser(text.trim());
  return parser.formula();
}

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  formula(): ParsedFormula {
    if (this.peek() === '=') this.at += 1;
    this.skipSpace();
    const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(this.text.slice(this.at))?.[0];
    if (!name) this.fail('a function name');
    this.at += name.length;
    this.expect('(');
    const args: Argument[] = [];
    this.skipSpace();
    if (this.peek() === ')') {
      this.at += 1;
    } else {
      for (;;) {
        args.push(this.argument());
        this.skipSpace();
        const next = this.peek();
        this.at += 1;
        if (next === ')') break;
        if (next !== ',') this.fail('"," or ")"', this.at - 1);
      }
    }
    this.skipSpace();
    if (this.at < this.text.length) this.fail('the end of the formula');
    return { name: name.toUpperCase(), args };
  }

  private argument(): Argument {
    this.skipSpace();
    const next = this.peek();
    if (next === ',' || next === ')') return '';
    if (next === '{') return this.array();
    return this.literal();
  }

  private array(): LiteralValue[][] {
    this.expect('{');
    const rows: LiteralValue[][] = [[]];
    for (;;) {
      (rows[rows.length - 1] as LiteralValue[]).push(this.literal());
      this.skipSpace();
      const next = this.peek();
      this.at += 1;
      if (next === '}') break;
      if (next === ';') rows.push([]);
      else if (next !== ',') this.fail('",", ";" or "}"', this.at - 1);
    }
    const width = rows[0]?.length ?? 0;
    if (rows.some((row) => row.length !== width)) throw new FormulaSyntaxError('Every row of an array literal must have the same number of values.');
    return rows;
  }

  private literal(): LiteralValue {
    this.skipSpace();
    const rest = this.text.slice(this.at);
    if (rest.startsWith('"')) return this.string();
    const number = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest)?.[0];
    if (number) {
      this.at += number.length;
      return Number(number);
    }
    const bool = /^(TRUE|FALSE)\b/i.exec(rest)?.[0];
    if (bool) {
      this.at += bool.length;
      return bool.toUpperCase() === 'TRUE';
    }
    return this.fail('a string in double quotes, a number, TRUE/FALSE or an array {…}');
  }

  private string(): string {
    this.at += 1;
    let value = '';
    for (;;) {
      const quote = this.text.indexOf('"', this.at);
      if (quote < 0) throw new FormulaSyntaxError('A string is missing its closing double quote.');
      value += this.text.slice(this.at, quote);
      this.at = quote + 1;
      if (this.peek() !== '"') return value;
      value += '"';
      this.at += 1;
    }
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.peek() !== char) this.fail(`"${char}"`);
    this.at += 1;
  }

  private peek(): string | undefined {
    return this.text[this.at];
  }

  private skipSpace(): void {
    while (this.peek() === ' ') this.at += 1;
  }

  private fail(expected: string, at = this.at): never {
    throw new FormulaSyntaxError(`Formula parse error at character ${at + 1}: expected ${expected}.`);
  }
}
