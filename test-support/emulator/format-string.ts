import { AppsScriptException } from './exception';

const SPECIFIER = /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifxXoeEc%])/g;

function applyWidth(text: string, flags: string, width: number | undefined, numeric: boolean): string {
  if (width === undefined || text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (numeric && flags.includes('0')) {
    const sign = /^[-+ ]/.test(text) ? text.charAt(0) : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

function signed(text: string, value: number, flags: string): string {
  if (value < 0 || Object.is(value, -0)) return text;
  if (flags.includes('+')) return `+${text}`;
  if (flags.includes(' ')) return ` ${text}`;
  return text;
}

function convert(conversion: string, value: unknown, flags: string, precision: number | undefined): string {
  switch (conversion) {
    case 's': {
      const text = String(value);
      return precision === undefined ? text : text.slice(0, precision);
    }
    case 'c':
      return typeof value === 'number' ? String.fromCharCode(value) : String(value).charAt(0);
    case 'd':
    case 'i': {
      const number = Math.trunc(Number(value));
      return signed(String(number), number, flags);
    }
    case 'f': {
      const number = Number(value);
      return signed(number.toFixed(precision ?? 6), number, flags);
    }
    case 'e':
    case 'E': {
      const number = Number(value);
      const text = signed(number.toExponential(precision ?? 6), number, flags);
      return conversion === 'E' ? text.toUpperCase() : text;
    }
    case 'x':
    case 'X': {
      const text = (Math.trunc(Number(value)) >>> 0).toString(16);
      return conversion === 'X' ? text.toUpperCase() : text;
    }
    case 'o':
      return (Math.trunc(Number(value)) >>> 0).toString(8);
    default:
      throw new AppsScriptException(`Invalid format conversion: %${conversion}`);
  }
}

/** Utilities.formatString / Logger.log(format, ...values): sprintf-style '%' formats. */
export function formatString(template: string, values: readonly unknown[]): string {
  let next = 0;
  return String(template).replace(SPECIFIER, (_match, flags: string, width: string | undefined, precision: string | undefined, conversion: string) => {
    if (conversion === '%') return '%';
    if (next >= values.length) throw new AppsScriptException('Too few arguments for the format string.');
    const text = convert(conversion, values[next++], flags, precision === undefined ? undefined : Number(precision));
    return applyWidth(text, flags, width === undefined ? undefined : Number(width), conversion !== 's' && conversion !== 'c');
  });
}
