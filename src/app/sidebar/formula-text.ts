/**
 * How the formula builder turns fields into formula text. Pure and dependency-free: the page
 * imports it to show the formula as it is typed, the server to build the one it previews and
 * inserts, so what the user sees is exactly what lands in the cell.
 */

export const LINE_TYPE_CHOICES = ['referral', 'offer_detail', 'vat', 'adjustment'] as const;
export const STATUS_CHOICES = ['paid', 'unpaid', 'deleted'] as const;

/** The field the builder shows for an argument. */
export type ParameterInput =
  | { kind: 'choice'; choices: readonly string[] }
  | { kind: 'date' }
  | { kind: 'amount' }
  | { kind: 'invoice-id' }
  | { kind: 'invoice-ids' }
  | { kind: 'affiliate-ids' }
  | { kind: 'text' }
  /** A connection's name, as the Connection panel lists it. */
  | { kind: 'account' };

const PLAIN_NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** What the cell passes for the argument: a number for plain numeric text in a numeric field, else the text; undefined when left empty. */
export function argumentValue(input: ParameterInput, text: string): string | number | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  const numeric = input.kind === 'amount' || input.kind === 'invoice-id' || input.kind === 'invoice-ids' || input.kind === 'affiliate-ids';
  return numeric && PLAIN_NUMBER.test(value) ? Number(value) : value;
}

/**
 * One argument as a formula literal: numbers bare, everything else a quoted string (quotes
 * doubled), so nothing typed can become a reference or a nested formula.
 */
export function argumentLiteral(input: ParameterInput, text: string): string {
  const value = argumentValue(input, text);
  if (value === undefined) return '';
  return typeof value === 'number' ? text.trim() : `"${value.replace(/"/g, '""')}"`;
}

/** `=NAME(a, , c)`: empty arguments in the middle stay empty, trailing ones are dropped. */
export function formulaText(name: string, inputs: readonly ParameterInput[], values: readonly string[]): string {
  const literals = inputs.map((input, index) => argumentLiteral(input, values[index] ?? ''));
  while (literals.length > 0 && literals[literals.length - 1] === '') literals.pop();
  return `=${name}(${literals.join(', ')})`;
}
