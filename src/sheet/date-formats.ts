import type { WallClock } from '../ports/time-zone';

/**
 * How the spreadsheet's locale writes dates: the one place a locale becomes the number formats of
 * date and date-time cells (reports, the Sync log) and the text of times the sidebar and the
 * playground show, so all of them read alike in one document.
 */
interface DateConvention {
  order: 'dmy' | 'mdy' | 'ymd';
  separator: string;
  /** 01.09.2026, or 9/1/2026 as Sheets writes en_US dates. */
  padded: boolean;
}

const DMY_SLASH: DateConvention = { order: 'dmy', separator: '/', padded: true };
const DMY_DOT: DateConvention = { order: 'dmy', separator: '.', padded: true };
const YMD_SLASH: DateConvention = { order: 'ymd', separator: '/', padded: true };
const YMD_DASH: DateConvention = { order: 'ymd', separator: '-', padded: true };

/** Sheets' locales (getSpreadsheetLocale: "en_US") by the full code first, then by language. */
const CONVENTIONS: Readonly<Record<string, DateConvention>> = {
  en_US: { order: 'mdy', separator: '/', padded: false },
  en_CA: YMD_DASH,
  fr_CA: YMD_DASH,
  en: DMY_SLASH,
  fr: DMY_SLASH,
  es: DMY_SLASH,
  it: DMY_SLASH,
  pt: DMY_SLASH,
  el: DMY_SLASH,
  de: DMY_DOT,
  ru: DMY_DOT,
  uk: DMY_DOT,
  pl: DMY_DOT,
  cs: DMY_DOT,
  ro: DMY_DOT,
  tr: DMY_DOT,
  fi: DMY_DOT,
  nb: DMY_DOT,
  no: DMY_DOT,
  da: { order: 'dmy', separator: '-', padded: true },
  nl: { order: 'dmy', separator: '-', padded: true },
  ja: YMD_SLASH,
  zh: YMD_SLASH,
  sv: YMD_DASH,
  lt: YMD_DASH,
};

/** A locale with no convention here gets year-first dates, which no reader takes for another day. */
const FALLBACK = YMD_DASH;

export interface DateFormats {
  /** Sheets number formats: "dd.mm.yyyy" and "dd.mm.yyyy hh:mm:ss" for de_DE. */
  date: string;
  dateTime: string;
}

function conventionOf(locale: string): DateConvention {
  const [language = '', country = ''] = locale.trim().replace('-', '_').split('_');
  const full = `${language.toLowerCase()}_${country.toUpperCase()}`;
  return CONVENTIONS[full] ?? CONVENTIONS[language.toLowerCase()] ?? FALLBACK;
}

function ordered(convention: DateConvention, year: string, month: string, day: string): string {
  const parts = convention.order === 'dmy' ? [day, month, year] : convention.order === 'mdy' ? [month, day, year] : [year, month, day];
  return parts.join(convention.separator);
}

/** The date and date-time number formats of a locale; hours run 00-23 in every locale. */
export function dateFormatsOf(locale: string): DateFormats {
  const convention = conventionOf(locale);
  const unit = convention.padded ? (pattern: string) => pattern : (pattern: string) => pattern.charAt(0);
  const date = ordered(convention, 'yyyy', unit('mm'), unit('dd'));
  return { date, dateTime: `${date} hh:mm:ss` };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A wall clock written as the locale's formats show it: "21.11.2026 14:00" (to the minute) for de_DE. */
export function wallClockText(wall: WallClock, locale: string, precision: 'date' | 'minute' | 'second'): string {
  const convention = conventionOf(locale);
  const unit = convention.padded ? pad : String;
  const date = ordered(convention, String(wall.year), unit(wall.month), unit(wall.day));
  if (precision === 'date') return date;
  const time = `${pad(wall.hour)}:${pad(wall.minute)}`;
  return `${date} ${precision === 'second' ? `${time}:${pad(wall.second)}` : time}`;
}
