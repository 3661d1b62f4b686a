/**
 * Text from Everflow never becomes anything but text in a report's cells: no formula, number,
 * date or boolean is made of it; text longer than a Sheets cell holds is cut to fit.
 */
import { DEMO_NETWORK_KEY, HOSTILE_AFFILIATE_NAMES } from '../../../test-support/fake-everflow';
import { AddOnHarness } from '../../../test-support/harness';
import { syncLogLines } from '../../../tools/runner/report-document';
import { addReport, apiOf, runByTrigger, sheetValues, startReportsHarness } from '../support-reports/reports-harness';

const HOSTILE = ['=HYPERLINK("http://evil.example","click")', '+1', '-2', '@SUM(A1)', '\tleading tab', '\rcarriage return', '=1+1', '2024-01-01', 'TRUE', '1,234.50', "'quoted", '50%'];

let harness: AddOnHarness;
afterEach(async () => {
  await harness.close();
});

it('writes hostile notes, offer names, report names and sheet names as the text they are', async () => {
  harness = await startReportsHarness({ api: { invoiceCount: 30 } });
  const api = apiOf(harness);
  const ids = (await api.invoiceIds()).slice(0, HOSTILE.length);
  for (const [index, notes] of HOSTILE.entries()) await api.mutate({ kind: 'touch', ids: [ids[index] ?? 0], changes: { notes } });
  const invoices = addReport(harness, { id: 'invoices', name: '=HYPERLINK("x","report")', kind: 'invoices', mode: 'merge', sheet: '+Invoices', schedule: { frequency: 'hourly' } });
  const lines = addReport(harness, { id: 'lines', name: '@lines', kind: 'lines', mode: 'replace', sheet: '-Lines', schedule: { frequency: 'hourly' } });
  expect(runByTrigger(harness, invoices).log).toMatchObject({ result: 'ok' });

  const values = sheetValues(harness, invoices.sheet);
  const notesColumn = values[0]?.indexOf('Notes') ?? -1;
  const notesOf = new Map(values.slice(1).map((row) => [row[0], row[notesColumn]]));
  expect(ids.map((id) => notesOf.get(id))).toEqual(HOSTILE);
  // The generator's offer names include formula-like ones ("=Offer+1"); each shows as typed by Everflow.
  const offers = sheetValues(harness, lines.sheet).map((row) => row[4]);
  expect(offers.filter((offer) => typeof offer === 'string' && /^[=+\-@]/.test(offer)).length).toBeGreaterThan(0);

  // No cell of any sheet holds a formula; every hostile string is stored as a string.
  for (const sheet of harness.sheets.spreadsheet.sheets) {
    expect({ sheet: sheet.name, formulas: sheet.formulaCells().map(({ row, column }) => [row, column]) }).toEqual({ sheet: sheet.name, formulas: [] });
  }
  expect(syncLogLines(harness).map((line) => line.report)).toEqual(['@lines', '=HYPERLINK("x","report")']);
});

it('writes partner names a network key reads (one starting with "="), in invoices and lines reports, as the text they are', async () => {
  // Partners 3, 13, 23 and 33 of the fake carry its hostile names.
  harness = await AddOnHarness.start({ api: { invoiceCount: 4, networkAffiliateIds: [3, 13, 23, 33] }, apiKey: DEMO_NETWORK_KEY, spreadsheetTimeZone: 'UTC' });
  const invoices = addReport(harness, { id: 'invoices', name: 'Invoices', kind: 'invoices', mode: 'merge', sheet: 'Invoices', schedule: { frequency: 'hourly' } });
  const lines = addReport(harness, { id: 'lines', name: 'Lines', kind: 'lines', mode: 'merge', sheet: 'Lines', schedule: { frequency: 'hourly' } });
  expect(runByTrigger(harness, invoices).log).toMatchObject({ result: 'ok' });
  expect(runByTrigger(harness, lines).log).toMatchObject({ result: 'ok' });
  for (const sheet of [invoices.sheet, lines.sheet]) {
    const values = sheetValues(harness, sheet);
    expect(values[0]?.slice(0, 3)).toEqual(['Invoice ID', 'Affiliate ID', 'Affiliate']);
    const names = new Set(values.slice(1).map((row) => row[2]));
    expect(HOSTILE_AFFILIATE_NAMES.filter((name) => !names.has(name))).toEqual([]);
  }
  for (const sheet of harness.sheets.spreadsheet.sheets) {
    expect({ sheet: sheet.name, formulas: sheet.formulaCells().map(({ row, column }) => [row, column]) }).toEqual({ sheet: sheet.name, formulas: [] });
  }
});

describe('text longer than a Sheets cell holds (50,000 characters)', () => {
  const OVERLONG = `${'Long note. '.repeat(4_600)}end`;
  const SHORTENED = /^(Long note\. )+.*… \[shortened: Sheets holds at most 50,000 characters in a cell\]$/;

  it('is cut to fit, saying so, and the report refreshes (a run that failed whole before)', async () => {
    harness = await startReportsHarness({ api: { invoiceCount: 40 } });
    const api = apiOf(harness);
    const definition = addReport(harness, { id: 'invoices', name: 'Invoices', kind: 'invoices', mode: 'replace', sheet: 'Invoices', schedule: { frequency: 'hourly' } });
    runByTrigger(harness, definition);
    // Two rows far apart change, the second to hold the overlong note.
    const ids = await api.invoiceIds();
    const [early, late] = [ids[0] ?? 0, ids[30] ?? 0];
    await api.mutate({ kind: 'touch', ids: [early] });
    await api.mutate({ kind: 'touch', ids: [late], changes: { notes: OVERLONG } });
    expect(runByTrigger(harness, definition).log).toMatchObject({ result: 'ok', rowsWritten: 2 });
    const notes = String(sheetValues(harness, definition.sheet).find((cells) => cells[0] === late)?.[12]);
    expect(notes.length).toBe(50_000);
    expect(notes).toMatch(SHORTENED);
    // Written once: the next refresh finds the row as it should be.
    expect(runByTrigger(harness, definition).log).toMatchObject({ result: 'ok', rowsWritten: 0 });
  });

  it("keeps a lines report over the demo data, whose line notes include one, incremental", async () => {
    harness = await startReportsHarness({ api: { invoiceCount: 120 } });
    const overlong = (await apiOf(harness).invoices()).filter((invoice) => invoice.lines.some((line) => line.notes.length > 50_000));
    expect(overlong.length).toBeGreaterThan(0);
    const definition = addReport(harness, { id: 'lines', name: 'Lines', kind: 'lines', mode: 'merge', sheet: 'Lines', schedule: { frequency: 'hourly' } });
    expect(runByTrigger(harness, definition).log).toMatchObject({ result: 'ok' });
    const notes = sheetValues(harness, definition.sheet).map((row) => String(row[12]));
    expect(notes.filter((text) => text.length === 50_000)).toHaveLength(overlong.length);
    expect(runByTrigger(harness, definition).log).toMatchObject({ result: 'ok', requests: 1, rowsWritten: 0 });
  });
});
