/**
 * Dates in the spreadsheet's locale: the same report, run in an en_US and a de_DE spreadsheet,
 * shows its dates and times as each locale writes them (through the emulator's rendering of the
 * number formats the add-on set), and the Sync log's times read the same way.
 */
import { SYNC_LOG_SHEET, type ReportDefinitionInput } from '../../../src/app/reports/definition';
import type { AddOnHarness } from '../../../test-support/harness';
import { addReport, runByTrigger, sheetValues, startReportsHarness } from '../support-reports/reports-harness';

const INVOICES: ReportDefinitionInput = { id: 'invoices', name: 'Invoices', kind: 'invoices', sheet: 'Invoices', mode: 'replace', schedule: { frequency: 'hourly' } };

let harness: AddOnHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** "2026-09-01T13:05:09" (a cell's wall clock) written by hand as each locale writes it. */
const written: Record<string, (wall: string, withTime: boolean) => string> = {
  en_US: (wall, withTime) => {
    const [, y, m, d, time] = /^(\d{4})-(\d{2})-(\d{2})T(.{8})$/.exec(wall) ?? [];
    return `${Number(m)}/${Number(d)}/${y}${withTime ? ` ${time}` : ''}`;
  },
  de_DE: (wall, withTime) => {
    const [, y, m, d, time] = /^(\d{4})-(\d{2})-(\d{2})T(.{8})$/.exec(wall) ?? [];
    return `${d}.${m}.${y}${withTime ? ` ${time}` : ''}`;
  },
};

describe.each(['en_US', 'de_DE'])('a report in a %s spreadsheet', (locale) => {
  it('shows its dates, times and Sync log times as the locale writes them', async () => {
    harness = await startReportsHarness({ api: { invoiceCount: 12 }, spreadsheetTimeZone: 'Europe/Berlin' });
    const book = harness.sheets.spreadsheet;
    if (locale !== 'en_US') book.locale = locale;
    const definition = addReport(harness, INVOICES);
    expect(runByTrigger(harness, definition).log).toMatchObject({ result: 'ok' });

    const sheet = book.sheet(definition.sheet);
    const values = sheetValues(harness, definition.sheet);
    const header = values[0] ?? [];
    const write = written[locale];
    if (!write) throw new Error(`no hand-written dates for ${locale}`);
    const startColumn = header.indexOf('Period start') + 1;
    const dueColumn = header.indexOf('Due date') + 1;
    expect(startColumn).toBeGreaterThan(0);
    expect(dueColumn).toBeGreaterThan(0);
    for (let row = 2; row <= values.length; row += 1) {
      const start = values[row - 1]?.[startColumn - 1];
      expect(typeof start).toBe('string');
      expect(sheet.displayAt(row, startColumn)).toBe(write(String(start), true));
      const due = values[row - 1]?.[dueColumn - 1];
      if (due !== '') expect(sheet.displayAt(row, dueColumn)).toBe(write(String(due), false));
    }

    const log = book.sheet(SYNC_LOG_SHEET);
    const [logged] = sheetValues(harness, SYNC_LOG_SHEET).slice(1);
    expect(log.displayAt(2, 1)).toBe(write(String(logged?.[0]), true));
  });
});
