/**
 * Every kind and output mode through the built bundle: a report's sheet shows what the custom
 * function of its kind returns (same columns, same values), formatted per cell, header frozen.
 */
import type { ReportDefinition, ReportDefinitionInput } from '../../../src/app/reports/definition';
import { toPlainGrid } from '../../../test-support/emulator/emulator';
import type { AddOnHarness } from '../../../test-support/harness';
import {
  addReport,
  apiOf,
  HOUR_MS,
  plainResult,
  runByTrigger,
  sheetFormats,
  sheetValues,
  snapshotSheet,
  startReportsHarness,
  type PlainValue,
} from '../support-reports/reports-harness';

const ZONE = 'America/New_York';

let harness: AddOnHarness;
beforeEach(async () => {
  harness = await startReportsHarness({ api: { invoiceCount: 30 }, spreadsheetTimeZone: ZONE });
});
afterEach(async () => {
  await harness.close();
});

/** What a custom function shows right now, in sheet terms. */
function formulaGrid(name: string, ...args: unknown[]): PlainValue[][] {
  const outcome = harness.formula(name, ...args);
  if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error}`);
  return toPlainGrid(outcome.value).map((row) => row.map((cell) => plainResult(cell, ZONE)));
}

/** The listed invoice ids, newest first, as a range of cells (a column). */
function invoiceIdRange(): number[][] {
  return formulaGrid('EFLOW_INVOICES')
    .slice(1)
    .map((row) => [Number(row[0])]);
}

function report(kind: ReportDefinition['kind'], mode: ReportDefinition['mode'], filters: ReportDefinition['filters'] = {}): ReportDefinition {
  // Built from parts typed for any kind: parseReportDefinition checks the whole as a file would be.
  const input = { id: `${kind}-${mode}`, name: `${kind} ${mode}`, kind, mode, filters, sheet: `${kind} ${mode}`, schedule: { frequency: 'hourly' } } as ReportDefinitionInput;
  return addReport(harness, input);
}

const columnOf = (header: readonly PlainValue[], title: string): number => {
  const index = header.indexOf(title);
  if (index < 0) throw new Error(`No column "${title}"`);
  return index;
};

/** ISO 4217 minor units, from Intl: JPY and KRW amounts are whole. */
const hasMinorUnits = (currency: string): boolean => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits !== 0;

/** Formats every report applies: header and text plain text, ids whole, money in the row's currency, dates. */
function expectFormats(definition: ReportDefinition, money: readonly string[], currencyColumn: string): void {
  const values = sheetValues(harness, definition.sheet);
  const header = values[0] ?? [];
  const formats = sheetFormats(harness, definition.sheet, header.length);
  expect(harness.sheets.spreadsheet.sheet(definition.sheet).frozenRows).toBe(1);
  expect(new Set(formats[0])).toEqual(new Set(['@']));
  values.slice(1).forEach((row, index) => {
    const rowFormats = formats[index + 1] ?? [];
    const currency = String(row[columnOf(header, currencyColumn)]);
    for (const title of money) {
      expect(rowFormats[columnOf(header, title)]).toBe(`${hasMinorUnits(currency) ? '#,##0.00' : '#,##0'} [$${currency}]`);
    }
    if (header.includes('Invoice ID')) expect(rowFormats[columnOf(header, 'Invoice ID')]).toBe('0');
    if (header.includes('Notes')) expect(rowFormats[columnOf(header, 'Notes')]).toBe('@');
  });
}

describe('replace', () => {
  it('invoices: the sheet holds exactly what EFLOW_INVOICES shows, formatted per cell', () => {
    const definition = report('invoices', 'replace');
    const run = runByTrigger(harness, definition);
    const listed = formulaGrid('EFLOW_INVOICES');
    expect(run.log).toMatchObject({ result: 'ok', requests: 1, rateLimited: 0, rowsWritten: listed.length - 1, rowsRemoved: 0 });
    expect(sheetValues(harness, definition.sheet)).toEqual(listed);
    expectFormats(definition, ['Billed', 'Paid', 'Balance'], 'Currency');
    const header = sheetValues(harness, definition.sheet)[0] ?? [];
    const formats = sheetFormats(harness, definition.sheet, header.length)[1] ?? [];
    expect(formats[columnOf(header, 'Period start')]).toBe('m/d/yyyy hh:mm:ss');
  });

  it('lines and payments: the sheet holds what EFLOW_INVOICE_LINES and EFLOW_INVOICE_PAYMENTS show for the listed invoices', () => {
    const lines = report('lines', 'replace');
    const payments = report('payments', 'replace');
    expect(runByTrigger(harness, lines).log).toMatchObject({ result: 'ok' });
    const ids = invoiceIdRange();
    expect(sheetValues(harness, lines.sheet)).toEqual(formulaGrid('EFLOW_INVOICE_LINES', ids));
    expect(sheetValues(harness, payments.sheet)).toEqual(formulaGrid('EFLOW_INVOICE_PAYMENTS', ids));
    expectFormats(lines, ['Amount'], 'Currency');
    expectFormats(payments, ['Amount'], 'Currency');
  });

  it('summary: one row per currency, as EFLOW_INVOICE_SUMMARY shows', () => {
    const definition = report('summary', 'replace', { status: 'unpaid' });
    runByTrigger(harness, definition);
    expect(sheetValues(harness, definition.sheet)).toEqual(formulaGrid('EFLOW_INVOICE_SUMMARY', 'unpaid'));
    expectFormats(definition, ['Billed', 'Paid', 'Balance', 'Overdue balance'], 'Currency');
  });

  it('empties the rows left over when fewer invoices match, and rewrites nothing that is already right', async () => {
    const definition = report('invoices', 'replace');
    runByTrigger(harness, definition);
    const before = sheetValues(harness, definition.sheet);
    const removed = (await apiOf(harness).mutate({ kind: 'remove', ids: before.slice(1, 3).map((row) => Number(row[0])) })).ids;
    const run = runByTrigger(harness, definition);
    // Everything below the removed rows moved up two rows: rewritten; the last two rows emptied.
    expect(run.log).toMatchObject({ result: 'ok', rowsRemoved: 2, rowsWritten: before.length - 1 - 2 });
    expect(sheetValues(harness, definition.sheet)).toEqual(formulaGrid('EFLOW_INVOICES'));
    expect(sheetValues(harness, definition.sheet).flat()).not.toEqual(expect.arrayContaining(removed));
    const unchanged = runByTrigger(harness, definition);
    expect(unchanged.log).toMatchObject({ result: 'ok', rowsWritten: 0, rowsRemoved: 0 });
  });
});

describe('merge', () => {
  /** Rows keyed by their key column, as sets: merge appends new keys at the bottom instead of in list order. */
  const byKey = (grid: readonly PlainValue[][], keyColumn: number): Map<PlainValue, PlainValue[]> => new Map(grid.slice(1).map((row) => [row[keyColumn] ?? '', row]));

  it.each([
    ['invoices', 'EFLOW_INVOICES', 0],
    ['lines', 'EFLOW_INVOICE_LINES', 1],
    ['payments', 'EFLOW_INVOICE_PAYMENTS', 1],
  ] as const)('%s: updates rows in place, appends new keys at the bottom, deletes rows that no longer match', async (kind, formula, keyColumn) => {
    const definition = report(kind, 'merge');
    runByTrigger(harness, definition);
    const first = sheetValues(harness, definition.sheet);
    const api = apiOf(harness);
    const ids = (await api.invoiceIds()).slice(0, 10);
    const touched = (await api.mutate({ kind: 'touch', ids: [ids[1] ?? 0, ids[4] ?? 0] })).ids;
    const removed = (await api.mutate({ kind: 'remove', ids: [ids[7] ?? 0] })).ids;
    const added = (await api.mutate({ kind: 'add', count: 1 })).ids;

    const run = runByTrigger(harness, definition);
    // The list, then details of the touched and added invoices only.
    expect(run.log?.requests).toBe(kind === 'invoices' ? 1 : 1 + touched.length + added.length);
    const expected = formulaGrid(formula, ...(kind === 'invoices' ? [] : [invoiceIdRange()]));
    const merged = sheetValues(harness, definition.sheet);
    expect(merged[0]).toEqual(expected[0]);
    expect(byKey(merged, keyColumn)).toEqual(byKey(expected, keyColumn));
    // Rows of invoices that stayed keep their place relative to each other; the new invoice's rows come last.
    const invoiceOrder = (grid: readonly PlainValue[][]): number[] => [...new Set(grid.slice(1).map((row) => Number(row[0])))];
    const kept = invoiceOrder(first).filter((id) => !removed.includes(id) && invoiceOrder(merged).includes(id));
    expect(invoiceOrder(merged).filter((id) => kept.includes(id))).toEqual(kept);
    if (invoiceOrder(merged).includes(added[0] ?? 0)) expect(invoiceOrder(merged).at(-1)).toBe(added[0]);
    expect(run.log?.rowsRemoved).toBe(first.filter((row) => removed.includes(Number(row[0]))).length);
  });
});

describe('history', () => {
  it('records each invoice once, then appends a dated row per change and per invoice that left; earlier rows never change', async () => {
    const definition = report('invoices', 'history');
    const first = runByTrigger(harness, definition);
    const initial = sheetValues(harness, definition.sheet);
    const listed = formulaGrid('EFLOW_INVOICES');
    expect(initial[0]).toEqual(['Recorded at', 'Change', ...(listed[0] ?? [])]);
    expect(initial.slice(1).map((row) => row[1])).toEqual(listed.slice(1).map(() => 'new'));
    expect(initial.slice(1).map((row) => row[2])).toEqual(listed.slice(1).map((row) => row[0]));
    expect(first.log).toMatchObject({ result: 'ok', requests: 1, rowsWritten: listed.length - 1 });
    const before = snapshotSheet(harness, definition.sheet);

    const api = apiOf(harness);
    const invoices = await api.invoices();
    const paidOne = invoices.find((invoice) => listed.some((row) => row[0] === invoice.id && row[1] === 'paid'));
    const unpaidOne = invoices.find((invoice) => listed.some((row) => row[0] === invoice.id && row[1] === 'unpaid'));
    if (!paidOne || !unpaidOne) throw new Error('The data needs a paid and an unpaid invoice.');
    await api.mutate({ kind: 'touch', ids: [unpaidOne.id], changes: { status: 'paid' } });
    await api.mutate({ kind: 'touch', ids: [paidOne.id], changes: { status: 'unpaid' } });
    const gone = invoices.find((invoice) => invoice.id !== paidOne.id && invoice.id !== unpaidOne.id);
    await api.mutate({ kind: 'remove', ids: [gone?.id ?? 0] });
    harness.clock.advance(HOUR_MS);

    const second = runByTrigger(harness, definition);
    const after = sheetValues(harness, definition.sheet);
    expect(second.log).toMatchObject({ result: 'ok', rowsWritten: 3, rowsRemoved: 0 });
    // The earlier rows, cells and formats, are untouched.
    const earlier = snapshotSheet(harness, definition.sheet);
    expect(earlier?.cells.filter(([row]) => row <= initial.length)).toEqual(before?.cells);
    const appended = after.slice(initial.length);
    const changeOf = (id: number): PlainValue | undefined => appended.find((row) => row[2] === id)?.[1];
    expect(changeOf(unpaidOne.id)).toMatch(/^status unpaid → paid, balance [\d.]+ → 0, paid [\d.]+ → [\d.]+$/);
    expect(changeOf(paidOne.id)).toMatch(/^status paid → unpaid, balance 0 → [\d.]+$/);
    expect(changeOf(gone?.id ?? 0)).toBe('left the filter');
    // Each appended row is dated with the run's time.
    const recordedAt = new Set(appended.map((row) => row[0]));
    expect(recordedAt.size).toBe(1);
    expect(recordedAt).not.toContain(initial[1]?.[0]);
  });
});
