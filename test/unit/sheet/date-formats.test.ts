import { dateFormatsOf, wallClockText } from '../../../src/sheet/date-formats';

const WALL = { year: 2026, month: 9, day: 1, hour: 7, minute: 5, second: 9 };

describe('dateFormatsOf: a locale becomes its date and date-time formats', () => {
  it.each([
    ['en_US', 'm/d/yyyy', 'm/d/yyyy hh:mm:ss', '9/1/2026 07:05'],
    ['en_GB', 'dd/mm/yyyy', 'dd/mm/yyyy hh:mm:ss', '01/09/2026 07:05'],
    ['de_DE', 'dd.mm.yyyy', 'dd.mm.yyyy hh:mm:ss', '01.09.2026 07:05'],
    ['ja_JP', 'yyyy/mm/dd', 'yyyy/mm/dd hh:mm:ss', '2026/09/01 07:05'],
    ['fr_FR', 'dd/mm/yyyy', 'dd/mm/yyyy hh:mm:ss', '01/09/2026 07:05'],
    ['nl_NL', 'dd-mm-yyyy', 'dd-mm-yyyy hh:mm:ss', '01-09-2026 07:05'],
    ['sv_SE', 'yyyy-mm-dd', 'yyyy-mm-dd hh:mm:ss', '2026-09-01 07:05'],
    ['en_CA', 'yyyy-mm-dd', 'yyyy-mm-dd hh:mm:ss', '2026-09-01 07:05'],
  ])('%s: %s and %s; the sidebar writes %s', (locale, date, dateTime, text) => {
    expect(dateFormatsOf(locale)).toEqual({ date, dateTime });
    expect(wallClockText(WALL, locale, 'minute')).toBe(text);
  });

  it('reads a locale by its language when the country is not listed (de_AT, en_AU, pt_BR)', () => {
    expect(dateFormatsOf('de_AT')).toEqual(dateFormatsOf('de_DE'));
    expect(dateFormatsOf('en_AU')).toEqual(dateFormatsOf('en_GB'));
    expect(dateFormatsOf('pt_BR').date).toBe('dd/mm/yyyy');
    expect(dateFormatsOf('de-CH').date).toBe('dd.mm.yyyy');
  });

  it('falls back to year-first dates for a locale it does not know, or none', () => {
    for (const locale of ['ko_KR', 'xx_YY', '', 'nonsense']) {
      expect(dateFormatsOf(locale)).toEqual({ date: 'yyyy-mm-dd', dateTime: 'yyyy-mm-dd hh:mm:ss' });
      expect(wallClockText(WALL, locale, 'second')).toBe('2026-09-01 07:05:09');
    }
  });

  it('writes a date alone, to the minute or to the second, in the same order', () => {
    expect(wallClockText(WALL, 'en_US', 'date')).toBe('9/1/2026');
    expect(wallClockText({ ...WALL, month: 12, day: 31, hour: 23, minute: 59, second: 59 }, 'en_US', 'second')).toBe('12/31/2026 23:59:59');
    expect(wallClockText(WALL, 'de_DE', 'second')).toBe('01.09.2026 07:05:09');
  });
});
