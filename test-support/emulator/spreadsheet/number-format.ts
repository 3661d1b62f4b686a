/**
 * Number formats: what decides whether a number reads back as a Date, and what getDisplayValues
 * shows. Patterns follow Sheets' syntax (the subset an add-on uses):
 * - "General" (also the default of a fresh cell), "@" (plain text);
 * - numbers: 0 # ? placeholders, "," thousands, "." decimals, % (times 100), E+00 scientific,
 *   up to four ";" sections (positive;negative;zero;text);
 * - dates and times: y yy yyyy, m mm mmm mmmm mmmmm, d dd ddd dddd, h hh, s ss (.0 .00 .000),
 *   AM/PM and A/P, elapsed [h] [m] [s]; "m" is minutes after an hour or before a second, as in Sheets;
 * - literals: "quoted", \x, [$€-407] currency, other punctuation as is; [Red]-style colours are ignored.
 * General numbers show at most 10 significant digits, an approximation of Sheets' column-width rule.
 * Locale is en-US.
 */
import { isSheetDate, type CellValue } from './cell-value';
import { wallMsOfSerial } from './zone';

export const GENERAL_FORMAT = 'General';
export const PLAIN_TEXT_FORMAT = '@';
/** What Sheets gives a cell a script writes a Date into. */
export const DEFAULT_DATE_TIME_FORMAT = 'M/d/yyyy H:mm:ss';
export const DEFAULT_DATE_FORMAT = 'M/d/yyyy';

type DateToken = { type: 'date'; field: 'year' | 'month' | 'minute' | 'day' | 'hour' | 'second' | 'ampm' | 'elapsed'; text: string };
type Token =
  | { type: 'literal'; text: string }
  | { type: 'placeholder'; char: '0' | '#' | '?' | ',' | '.' | '%' }
  | { type: 'exponent'; sign: '+' | '-'; digits: number }
  | { type: 'text' }
  | DateToken;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function isGeneralFormat(format: string): boolean {
  return format === '' || format.toLowerCase() === 'general';
}

export function isPlainTextFormat(format: string): boolean {
  return format === PLAIN_TEXT_FORMAT;
}

const dateTimeFormats = new Map<string, boolean>();

/** True when the format shows numbers as dates or times (so the number reads back as a Date). */
export function isDateTimeFormat(format: string): boolean {
  let isDateTime = dateTimeFormats.get(format);
  if (isDateTime === undefined) {
    isDateTime = !isGeneralFormat(format) && tokenize(splitSections(format)[0] ?? '').some((token) => token.type === 'date');
    dateTimeFormats.set(format, isDateTime);
  }
  return isDateTime;
}

/** The text Sheets shows for `value` under `format`. */
export function displayText(value: CellValue, format: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object' && value.kind === 'error') return value.code;
  const number = typeof value === 'number' ? value : value.serial;
  if (isGeneralFormat(format) || isPlainTextFormat(format)) {
    if (!isSheetDate(value)) return generalNumber(number);
    return formatNumber(number, Number.isInteger(number) ? DEFAULT_DATE_FORMAT : DEFAULT_DATE_TIME_FORMAT);
  }
  return formatNumber(number, format);
}

function generalNumber(number: number): string {
  if (Number.isInteger(number) && Math.abs(number) < 1e15) return String(number);
  const rounded = Number(number.toPrecision(10));
  if (rounded !== 0 && (Math.abs(rounded) >= 1e15 || Math.abs(rounded) < 1e-9)) {
    return rounded.toExponential().replace(/\.?0*e/, 'E').replace(/E(\d)/, 'E+$1').toUpperCase();
  }
  return String(rounded);
}

function formatNumber(number: number, format: string): string {
  const sections = splitSections(format);
  let section = sections[0] ?? '';
  let magnitude = number;
  let sign = number < 0 ? '-' : '';
  if (number < 0 && sections[1] !== undefined) {
    section = sections[1];
    magnitude = -number;
    sign = '';
  } else if (number === 0 && sections[2] !== undefined) {
    section = sections[2];
  }
  const tokens = tokenize(section);
  if (tokens.some((token) => token.type === 'date')) return formatDateTime(number, tokens);
  const rendered = formatDigits(Math.abs(magnitude), tokens);
  return rendered.hasDigits ? sign + rendered.text : rendered.text;
}

function splitSections(format: string): string[] {
  const sections: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < format.length; index++) {
    const char = format[index] as string;
    if (char === '"') quoted = !quoted;
    if (char === '\\' && !quoted) {
      current += char + (format[index + 1] ?? '');
      index++;
      continue;
    }
    if (char === ';' && !quoted) {
      sections.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  sections.push(current);
  return sections;
}

const DATE_RUN = /^(y+|m+|d+|h+|s+)/i;

function tokenize(section: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const literal = (text: string): void => {
    tokens.push({ type: 'literal', text });
  };
  while (index < section.length) {
    const rest = section.slice(index);
    const char = section[index] as string;
    if (char === '"') {
      const end = section.indexOf('"', index + 1);
      literal(section.slice(index + 1, end < 0 ? undefined : end));
      index = end < 0 ? section.length : end + 1;
    } else if (char === '\\') {
      literal(section[index + 1] ?? '');
      index += 2;
    } else if (char === '_') {
      literal(' ');
      index += 2;
    } else if (char === '*') {
      index += 2;
    } else if (char === '[') {
      const end = section.indexOf(']', index);
      const inside = section.slice(index + 1, end < 0 ? undefined : end);
      if (/^(h+|m+|s+)$/i.test(inside)) tokens.push({ type: 'date', field: 'elapsed', text: inside.toLowerCase() });
      else if (inside.startsWith('$')) literal(inside.slice(1).split('-')[0] ?? '');
      index = end < 0 ? section.length : end + 1;
    } else if (/^am\/pm/i.test(rest)) {
      tokens.push({ type: 'date', field: 'ampm', text: 'AM/PM' });
      index += 5;
    } else if (/^a\/p/i.test(rest)) {
      tokens.push({ type: 'date', field: 'ampm', text: 'A/P' });
      index += 3;
    } else if (DATE_RUN.test(rest)) {
      const run = (DATE_RUN.exec(rest) as RegExpExecArray)[0];
      const letter = run[0]?.toLowerCase();
      const field = letter === 'y' ? 'year' : letter === 'm' ? 'month' : letter === 'd' ? 'day' : letter === 'h' ? 'hour' : 'second';
      tokens.push({ type: 'date', field, text: run.toLowerCase() });
      index += run.length;
    } else if (/^e[+-]0+/i.test(rest)) {
      const match = /^e([+-])(0+)/i.exec(rest) as RegExpExecArray;
      tokens.push({ type: 'exponent', sign: match[1] as '+' | '-', digits: (match[2] as string).length });
      index += match[0].length;
    } else if ('0#?,.%'.includes(char)) {
      tokens.push({ type: 'placeholder', char: char as '0' | '#' | '?' | ',' | '.' | '%' });
      index++;
    } else if (char === '@') {
      tokens.push({ type: 'text' });
      index++;
    } else {
      literal(char);
      index++;
    }
  }
  resolveMinutes(tokens);
  return tokens;
}

/** "m" after an hour or before a second is minutes, as in Sheets. */
function resolveMinutes(tokens: Token[]): void {
  const dateTokens = tokens.filter((token): token is DateToken => token.type === 'date');
  dateTokens.forEach((token, position) => {
    if (token.field !== 'month' || token.text.length > 2) return;
    const previous = dateTokens[position - 1];
    const next = dateTokens[position + 1];
    if (previous?.field === 'hour' || (previous?.field === 'elapsed' && previous.text.startsWith('h')) || next?.field === 'second') {
      token.field = 'minute';
    }
  });
}

function formatDateTime(serial: number, tokens: Token[]): string {
  const hasSecondFraction = (index: number): number => {
    const fraction = tokens.slice(index + 1);
    let digits = 0;
    if (fraction[0]?.type !== 'placeholder' || fraction[0].char !== '.') return 0;
    for (const token of fraction.slice(1)) {
      if (token.type !== 'placeholder' || token.char !== '0') break;
      digits++;
    }
    return digits;
  };
  const wall = new Date(wallMsOfSerial(serial));
  const twelveHour = tokens.some((token) => token.type === 'date' && token.field === 'ampm');
  const hours = wall.getUTCHours();
  let output = '';
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (token.type !== 'date') {
      output += token.type === 'literal' ? token.text : token.type === 'placeholder' ? token.char : '';
      continue;
    }
    const width = token.text.length;
    switch (token.field) {
      case 'year':
        output += width <= 2 ? pad(wall.getUTCFullYear() % 100, 2) : pad(wall.getUTCFullYear(), 4);
        break;
      case 'month': {
        const month = wall.getUTCMonth();
        const name = MONTHS[month] as string;
        output += width === 1 ? String(month + 1) : width === 2 ? pad(month + 1, 2) : width === 3 ? name.slice(0, 3) : width === 4 ? name : name[0];
        break;
      }
      case 'day': {
        const weekday = WEEKDAYS[wall.getUTCDay()] as string;
        output += width === 1 ? String(wall.getUTCDate()) : width === 2 ? pad(wall.getUTCDate(), 2) : width === 3 ? weekday.slice(0, 3) : weekday;
        break;
      }
      case 'hour': {
        const hour = twelveHour ? ((hours + 11) % 12) + 1 : hours;
        output += pad(hour, width);
        break;
      }
      case 'minute':
        output += pad(wall.getUTCMinutes(), width);
        break;
      case 'second': {
        output += pad(wall.getUTCSeconds(), width);
        const digits = hasSecondFraction(index);
        if (digits > 0) {
          output += '.' + pad(wall.getUTCMilliseconds(), 3).slice(0, digits);
          index += digits + 1;
        }
        break;
      }
      case 'ampm':
        output += token.text === 'A/P' ? (hours < 12 ? 'A' : 'P') : hours < 12 ? 'AM' : 'PM';
        break;
      case 'elapsed': {
        const unitsPerDay = token.text.startsWith('h') ? 24 : token.text.startsWith('m') ? 1440 : 86_400;
        output += pad(Math.floor(serial * unitsPerDay + 1e-9), width);
        break;
      }
    }
  }
  return output;
}

/** Renders a non-negative number through digit placeholders; literals around them stay in place. */
function formatDigits(value: number, tokens: Token[]): { text: string; hasDigits: boolean } {
  const numberTokens = tokens.filter((token) => token.type === 'placeholder' || token.type === 'exponent');
  if (numberTokens.length === 0 || !numberTokens.some((token) => token.type === 'placeholder' && '0#?'.includes(token.char))) {
    const text = tokens.map((token) => (token.type === 'literal' ? token.text : token.type === 'text' ? generalNumber(value) : '')).join('');
    return { text, hasDigits: false };
  }
  const percentCount = numberTokens.filter((token) => token.type === 'placeholder' && token.char === '%').length;
  const dotIndex = numberTokens.findIndex((token) => token.type === 'placeholder' && token.char === '.');
  const integerTokens = dotIndex < 0 ? numberTokens : numberTokens.slice(0, dotIndex);
  const decimalTokens = dotIndex < 0 ? [] : numberTokens.slice(dotIndex + 1);
  const isDigit = (token: Token): boolean => token.type === 'placeholder' && '0#?'.includes(token.char);
  const minIntegerDigits = integerTokens.filter((token) => token.type === 'placeholder' && token.char === '0').length;
  const decimalPlaces = decimalTokens.filter(isDigit).length;
  const minDecimalPlaces = decimalTokens.filter((token) => token.type === 'placeholder' && token.char === '0').length;
  const exponent = numberTokens.find((token) => token.type === 'exponent');
  const grouped = integerTokens.some((token, index) => token.type === 'placeholder' && token.char === ',' && isDigit(integerTokens[index + 1] ?? token));

  let scaled = value * 100 ** percentCount;
  let exponentText = '';
  if (exponent) {
    const power = scaled === 0 ? 0 : Math.floor(Math.log10(scaled)) - Math.max(minIntegerDigits, 1) + 1;
    scaled /= 10 ** power;
    const sign = power < 0 ? '-' : exponent.sign === '+' ? '+' : '';
    exponentText = 'E' + sign + pad(Math.abs(power), exponent.digits);
  }
  const fixed = scaled.toFixed(decimalPlaces);
  let [integerPart = '', decimalPart = ''] = fixed.split('.');
  decimalPart = decimalPart.replace(/0+$/, '').padEnd(minDecimalPlaces, '0');
  if (integerPart === '0' && minIntegerDigits === 0) integerPart = '';
  integerPart = integerPart.padStart(minIntegerDigits, '0');
  if (grouped) integerPart = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const digits = integerPart + (decimalPart === '' ? '' : '.' + decimalPart) + exponentText;

  // Literals before the first placeholder and after the last keep their place; % shows where it stands.
  const first = tokens.findIndex((token) => token.type === 'placeholder' || token.type === 'exponent');
  const last = tokens.length - 1 - [...tokens].reverse().findIndex((token) => token.type === 'placeholder' || token.type === 'exponent');
  const around = (slice: Token[]): string => slice.map((token) => (token.type === 'literal' ? token.text : token.type === 'placeholder' && token.char === '%' ? '%' : '')).join('');
  const percentInside = tokens.slice(first, last + 1).filter((token) => token.type === 'placeholder' && token.char === '%').length;
  return { text: around(tokens.slice(0, first)) + digits + '%'.repeat(percentInside) + around(tokens.slice(last + 1)), hasDigits: true };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
