import { wallClockIso } from '../../test-support/intl-zone-rules';

export type OutputFormat = 'table' | 'tsv' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'tsv', 'json'];

const isDate = (value: unknown): value is Date => Object.prototype.toString.call(value) === '[object Date]';

/** A Date as Sheets would show it in the spreadsheet's zone: its wall clock there. */
export function wallClockText(date: Date, timeZone: string): string {
  return wallClockIso(date.getTime(), timeZone);
}

function jsonCell(value: unknown, timeZone: string): unknown {
  if (isDate(value)) return wallClockText(value, timeZone);
  return value === undefined ? null : value;
}

function textCell(value: unknown, timeZone: string): string {
  if (isDate(value)) return wallClockText(value, timeZone).replace('T', ' ');
  if (value === null || value === undefined) return '';
  return String(value);
}

/** Printable, one line per cell: control characters shown, not obeyed, in a terminal. */
const printable = (text: string): string => text.replace(/[\t\r\n]/g, (c) => ({ '\t': '\\t', '\r': '\\r', '\n': '\\n' })[c] ?? c);

export function renderGrid(grid: unknown[][], format: OutputFormat, timeZone: string): string {
  if (format === 'json') return JSON.stringify(grid.map((row) => row.map((cell) => jsonCell(cell, timeZone))));
  const texts = grid.map((row) => row.map((cell) => printable(textCell(cell, timeZone))));
  if (format === 'tsv') return texts.map((row) => row.join('\t')).join('\n');
  const widths: number[] = [];
  for (const row of texts) row.forEach((text, i) => (widths[i] = Math.min(Math.max(widths[i] ?? 0, text.length), 40)));
  const clip = (text: string, width: number): string => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
  const lines = texts.map((row) => row.map((text, i) => clip(text, widths[i] ?? 0)).join(' | ').trimEnd());
  if (lines.length > 1) lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('-+-'));
  return lines.join('\n');
}
