/**
 * A run's rows and its memory of them land together or not at all, whatever the report holds.
 * Text longer than a cell (50,000 characters) in an invoice note, a line note and a payment note:
 * every kind of report is cut to fit and refreshes, run after run, without a row twice, and the
 * Sync log adds up to what the sheet holds.
 */
import type { ReportDefinition, ReportDefinitionInput } from '../../../src/app/reports/definition';
import { invoiceTotals } from '../../../test-support/fake-everflow/model';
import type { AddOnHarness } from '../../../test-support/harness';
import { latestSyncLogLine, storedReport } from '../../../tools/runner/report-document';
import type { ReportRun } from '../../../tools/runner/report-runs';
import { addReport, apiOf, HOUR_MS, runByTrigger, sheetValues, startReportsHarness, type PlainValue } from '../support-reports/reports-harness';

const OVERLONG = `${'Long note. '.repeat(4_600)}end`;
const SHORTENED = /… \[shortened: Sheets holds at most 50,000 characters in a cell\]$/;
const RUNS = 3;

const REPORTS: ReportDefinitionInput[] = [
  { id: 'invoices', name: 'Invoices', kind: 'invoices', mode: 'merge', sheet: 'Invoices', schedule: { frequency: 'hourly' } },
  { id: 'lines', name: 'Lines', kind: 'lines', mode: 'merge', sheet: 'Lines', schedule: { frequency: 'hourly' } },
  { id: 'payments', name: 'Payments', kind: 'payments', mode: 'replace', sheet: 'Payments', schedule: { frequency: 'hourly' } },
  { id: 'history', name: 'Unpaid history', kind: 'invoices', mode: 'history', filters: { status: 'unpaid' }, sheet: 'History', schedule: { frequency: 'hourly' } },
];

let harness: AddOnHarness;
let definitions: ReportDefinition[];
/** Runs per report id, in order. */
const runs = new Map<string, ReportRun[]>();
let unpaidCount = 0;

beforeAll(async () => {
  harness = await startReportsHarness({ api: { invoiceCount: 60 } });
  const api = apiOf(harness);
  const invoices = await api.invoices();
  const unpaid = invoices.filter((invoice) => invoiceTotals(invoice).status === 'unpaid');
  const withPayment = invoices.find((invoice) => invoice.payments.length > 0);
  if (unpaid.length < 2 || !withPayment) throw new Error('The demo data has no invoice to hold the notes.');
  unpaidCount = unpaid.length;
  // Statuses stay as they are: only the notes change.
  await api.mutate({ kind: 'touch', ids: [unpaid[0]?.id ?? 0], changes: { status: 'unpaid', notes: OVERLONG, lineNotes: OVERLONG } });
  await api.mutate({ kind: 'touch', ids: [withPayment.id], changes: { status: invoiceTotals(withPayment).status, paymentNotes: OVERLONG } });
  definitions = REPORTS.map((input) => addReport(harness, input));
  // Each firing of the hourly trigger runs all four reports.
  for (let run = 0; run < RUNS; run += 1) {
    const firing = runByTrigger(harness, definitions[0] as ReportDefinition);
    for (const definition of definitions) {
      const log = latestSyncLogLine(harness, definition.name);
      const ran = { ...firing, log: log && log.atMs >= firing.startedAtMs ? log : null, status: storedReport(harness, definition.id).status };
      runs.set(definition.id, [...(runs.get(definition.id) ?? []), ran]);
    }
    harness.clock.advance(HOUR_MS);
  }
});
afterAll(async () => {
  await harness.close();
});

const dataRows = (definition: ReportDefinition): PlainValue[][] => sheetValues(harness, definition.sheet).slice(1);

describe.each(REPORTS.map((input) => input.id))('the %s report, run three times', (id) => {
  const definition = (): ReportDefinition => definitions.find((candidate) => candidate.id === id) as ReportDefinition;
  const runsOf = (): ReportRun[] => runs.get(id) ?? [];

  it('succeeds every time, the first writing and the others finding nothing to do', () => {
    expect(runsOf().map((run) => run.log?.result)).toEqual(['ok', 'ok', 'ok']);
    expect(runsOf().map((run) => run.status.lastError)).toEqual([null, null, null]);
    expect(runsOf()[0]?.log?.rowsWritten).toBeGreaterThan(0);
    expect(runsOf().slice(1).map((run) => [run.log?.rowsWritten, run.log?.rowsRemoved])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('holds no row twice, and the Sync log adds up to the rows on the sheet', () => {
    const rows = dataRows(definition());
    expect(new Set(rows.map((row) => JSON.stringify(row))).size).toBe(rows.length);
    const logged = runsOf().reduce((sum, run) => sum + (run.log?.rowsWritten ?? 0) - (run.log?.rowsRemoved ?? 0), 0);
    expect(logged).toBe(rows.length);
  });

  it('shows the overlong note cut to fit, saying so', () => {
    const cells = dataRows(definition()).flat().filter((cell): cell is string => typeof cell === 'string' && cell.length >= 50_000);
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      expect(cell.length).toBe(50_000);
      expect(cell).toMatch(SHORTENED);
    }
  });
});

it('records each unpaid invoice once in the history, as new', () => {
  const history = definitions.find((definition) => definition.id === 'history') as ReportDefinition;
  const rows = dataRows(history);
  expect(rows).toHaveLength(unpaidCount);
  expect(new Set(rows.map((row) => row[1]))).toEqual(new Set(['new']));
});
