/**
 * `npm run apply` for an Everflow network (an editable `invoices` report, or `--role network`):
 * review and apply as a user does, on the built bundle (dist/) in the Apps Script emulator.
 * Installs the report with a network key, refreshes it, types the edits into the sheet and its
 * lines sheet, reviews (the Review changes… dialog's call) and prints what it lists (changes in
 * words, counts, totals, refused rows). Without --confirm nothing is sent. With --confirm it
 * applies the reviewed plan ("Apply N changes") and prints what the apply said, each edited row's
 * Apply result, the requests and the writes Everflow received; --runs N reviews and applies N
 * times, to show that nothing is sent twice.
 *
 * Without --base-url it runs on the demo (the fake Everflow, a small network on a virtual clock,
 * its demo network key); with --base-url URL --api-key KEY, on any Everflow-compatible API.
 * Edits: {"row": <invoice id | "new" | "line">, "column": <header>, "value": <typed text>};
 * consecutive "new" edits fill one new invoice row and consecutive "line" edits one row of the
 * lines sheet (a column already filled starts another), e.g. examples/apply/network-edits.json.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { NETWORK_ACTION_HEADERS, NETWORK_EDITABLE_COLUMNS, NEW_LINE_INPUT_HEADERS, newLinesSheetName } from '../../src/app/changes/network-review';
import type { ReportDefinition } from '../../src/app/reports/definition';
import type { ChangeApplyView, ChangeReviewView } from '../../src/app/sidebar/api';
import { SharedClock } from '../../test-support/clock';
import { DEMO_NETWORK_KEY, QUIRKS_OFF } from '../../test-support/fake-everflow';
import { AddOnHarness } from '../../test-support/harness';
import { printAuditLog, printReportSheet } from './apply-output';
import { installReport, userSpreadsheetApp } from './report-document';
import { valueGrid } from './report-output';
import { runReportOnce } from './report-runs';
import { reviewLines } from './review-lines';

/** The demo: a small seeded network (the demo partner and two more) on a virtual clock. */
const DEMO_NETWORK = { seed: 8, invoiceCount: 8, networkAffiliateIds: [21, 22], latencyMs: 100, quirks: QUIRKS_OFF };

const ROW_COLUMNS = ['Affiliate ID', 'Period start', 'Period end', NETWORK_ACTION_HEADERS.newInvoiceKey, ...NETWORK_EDITABLE_COLUMNS.map((column) => column.header)];

export const networkEditsSchema = z.array(
  z
    .object({
      row: z.union([z.literal('new'), z.literal('line'), z.string().regex(/^\d+$/, 'row is an invoice id, "new" or "line"'), z.number().int().positive()]),
      column: z.string(),
      value: z.union([z.string(), z.number(), z.boolean()]),
    })
    .superRefine((edit, ctx) => {
      const allowed: readonly string[] = edit.row === 'line' ? NEW_LINE_INPUT_HEADERS : ROW_COLUMNS;
      if (!allowed.includes(edit.column)) ctx.addIssue({ code: 'custom', path: ['column'], message: `column of ${edit.row === 'line' ? 'a line' : 'a row'} is one of ${allowed.join(', ')}` });
    }),
);
type Edit = z.infer<typeof networkEditsSchema>[number];

export interface NetworkApplyOptions {
  baseUrl: string | undefined;
  apiKey: string | undefined;
  confirm: boolean;
  runs: number;
}

/** Runs the network flow; answers the text and JSON to print. A usage problem throws its message. */
export async function applyNetwork(definition: ReportDefinition, editsPath: string, options: NetworkApplyOptions): Promise<{ text: string[]; json: Record<string, unknown> }> {
  if (definition.kind !== 'invoices' || definition.mode !== 'merge' || definition.editable !== true) {
    throw new Error('A network apply needs an editable Everflow "invoices" report in "merge" mode ("editable": true).');
  }
  const edits = networkEditsSchema.safeParse(JSON.parse(readFileSync(editsPath, 'utf8')));
  if (!edits.success) throw new Error(`The edits file is not valid: ${edits.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const harness = await AddOnHarness.start({
    clock: options.baseUrl === undefined ? SharedClock.virtual() : SharedClock.real(),
    spreadsheetTimeZone: 'UTC',
    api: options.baseUrl === undefined ? DEMO_NETWORK : { baseUrl: options.baseUrl },
    apiKey: options.apiKey ?? DEMO_NETWORK_KEY,
  });
  try {
    return await run(harness, definition, edits.data, options);
  } finally {
    await harness.close();
  }
}

async function run(harness: AddOnHarness, definition: ReportDefinition, edits: readonly Edit[], options: NetworkApplyOptions): Promise<{ text: string[]; json: Record<string, unknown> }> {
  const text: string[] = [];
  const json: Record<string, unknown> = {};
  const where = harness.api ? `demo Everflow network (fake) on a virtual clock` : (options.baseUrl ?? '');
  text.push(`Report "${definition.name}": Everflow invoices, merge, editable, network key, on sheet "${definition.sheet}"; ${where}`);
  json.report = definition;
  installReport(harness, definition);
  const refresh = runReportOnce(harness, definition);
  if (refresh.log?.result !== 'ok') throw new Error(`The refresh failed: ${refresh.log?.details ?? 'no Sync log line'}`);
  text.push(`Refreshed: ${refresh.log.rowsWritten} rows written, ${refresh.log.requests} requests.`);
  const opened = harness.execute('onOpen', { authMode: 'FULL' });
  if (!opened.ok) throw new Error(`onOpen failed: ${opened.error}`);
  const editedRows = typeEdits(harness, definition, edits);

  // Review changes… (the menu's dialog, the sidebar's Changes tab): its calls, as the dialog makes them.
  const reviewCall = (): ChangeReviewView => {
    const outcome = harness.execute('sidebarReviewChanges');
    if (!outcome.ok) throw new Error(`Review changes… failed: ${outcome.error}`);
    return outcome.value as ChangeReviewView;
  };
  const reviewed = reviewCall();
  const shown = reviewLines(reviewed);
  text.push('', `Review changes… (${reviewed.provider}, "${reviewed.account}"):`, ...shown.map((line) => `  ${line}`));
  json.review = reviewed;
  if (!options.confirm) text.push('', `${reviewed.confirmLabel !== null ? 'Not applied: nothing was sent. ' : ''}Add --confirm to apply.`);
  const ids = editedRows.map((sheetRow) => idOf(harness, definition, sheetRow));

  if (options.confirm) {
    const applies: unknown[] = [];
    for (let n = 1; n <= options.runs; n++) {
      const requests = harness.emulator.urlFetchCount;
      const writes = harness.api ? (await harness.api.journal()).length : 0;
      // The first run applies what was reviewed above; later ones review again first, as a user would.
      const view = n === 1 ? reviewed : reviewCall();
      let said = view.confirmLabel === null ? [...view.notes, 'Nothing to send.'].join('\n') : '';
      if (view.confirmLabel !== null) {
        const outcome = harness.execute('sidebarApplyChanges', { sheet: view.sheet, plan: view.plan });
        if (!outcome.ok) throw new Error(`Apply failed: ${outcome.error}`);
        said = (outcome.value as ChangeApplyView).summary;
      }
      const received = harness.api ? (await harness.api.journal()).slice(writes) : [];
      const results = editedRows.map((sheetRow, index) => rowResult(harness, definition, sheetRow, ids[index] ?? ''));
      const counts = { requests: harness.emulator.urlFetchCount - requests, writes: harness.api ? received.map((entry) => `${entry.method} ${entry.invoiceIds.join(',')}`) : null };
      text.push('', `Apply ${n}: requests ${counts.requests}${counts.writes === null ? '' : `, writes Everflow received: ${counts.writes.length === 0 ? 'none' : counts.writes.join('; ')}`}`, ...said.split('\n').map((line) => `  ${line}`), ...results.map((line) => `  ${line}`));
      applies.push({ run: n, said, ...counts, results });
    }
    json.applies = applies;
    if (harness.api) json.payments = (await harness.api.journal()).filter((entry) => entry.kind === 'payment').length;
    printAuditLog(harness, { text, json });
  }
  printReportSheet(harness, definition.sheet, { text, json });
  return { text, json };
}

/** Types the edits as the user would; answers the report sheet's rows edited. */
function typeEdits(harness: AddOnHarness, definition: ReportDefinition, edits: readonly Edit[]): number[] {
  const book = userSpreadsheetApp(harness).getActive();
  const sheet = book.getSheetByName(definition.sheet);
  const lines = book.getSheetByName(newLinesSheetName(definition.sheet));
  if (!sheet || !lines) throw new Error(`The refresh wrote no sheet "${definition.sheet}" or its lines sheet.`);
  book.setActiveSheet(sheet);
  const headers = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0]?.map(String) ?? [];
  const ids = sheet.getLastRow() < 2 ? [] : sheet.getRange(2, 1, sheet.getLastRow() - 1, 1).getValues().map((row) => String(row[0]));
  const edited = new Set<number>();
  const filling = { new: { row: 0, filled: new Set<string>() }, line: { row: 0, filled: new Set<string>() } };
  for (const edit of edits) {
    if (edit.row === 'new' || edit.row === 'line') {
      const target = edit.row === 'new' ? sheet : lines;
      const fill = filling[edit.row];
      if (fill.row === 0 || fill.filled.has(edit.column)) {
        fill.row = target.getLastRow() + 1;
        fill.filled.clear();
      }
      fill.filled.add(edit.column);
      const column = edit.row === 'new' ? headers.indexOf(edit.column) : (NEW_LINE_INPUT_HEADERS as readonly string[]).indexOf(edit.column);
      target.getRange(fill.row, column + 1).setValue(edit.value);
      if (edit.row === 'new') edited.add(fill.row);
      continue;
    }
    const index = ids.indexOf(String(edit.row));
    if (index < 0) throw new Error(`Invoice ${edit.row} is not in the report (it shows ${ids.length} invoices: ${ids.slice(0, 5).join(', ')}…).`);
    const column = headers.indexOf(edit.column);
    if (column < 0) throw new Error(`The sheet has no column "${edit.column}": is the connection's key a network key?`);
    sheet.getRange(index + 2, column + 1).setValue(edit.value);
    edited.add(index + 2);
  }
  return [...edited].sort((a, b) => a - b);
}

function cells(harness: AddOnHarness, definition: ReportDefinition): { headers: string[]; rows: unknown[][] } {
  const sheet = harness.sheets.spreadsheet.sheetByName(definition.sheet);
  const grid = sheet ? valueGrid(sheet, 0).grid : [];
  return { headers: (grid[0] ?? []).map(String), rows: grid.slice(1) };
}

function idOf(harness: AddOnHarness, definition: ReportDefinition, sheetRow: number): string {
  return String(cells(harness, definition).rows[sheetRow - 2]?.[0] ?? '');
}

/** An edited row now: its invoice (a new row's, once created) and its Apply result. Rows keep their places (Everflow deletes by status). */
function rowResult(harness: AddOnHarness, definition: ReportDefinition, sheetRow: number, idAtReview: string): string {
  const { headers, rows } = cells(harness, definition);
  const row = rows[sheetRow - 2] ?? [];
  const id = String(row[0] ?? '');
  const what = idAtReview === '' ? (id === '' ? 'new row' : `new row, now invoice ${id}`) : `invoice ${id}`;
  return `row ${sheetRow} (${what}): ${String(row[headers.indexOf(NETWORK_ACTION_HEADERS.result)] ?? '')}`;
}
