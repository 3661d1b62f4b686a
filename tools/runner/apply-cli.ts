/**
 * npm run apply -- <report.json> --edits <edits.json> [--base-url URL] [--api-key KEY] [--confirm]
 *   [--runs N] [--format table|json] [--role affise|network]
 *
 * An Everflow "invoices" report (or --role network) runs the same flow for a network key:
 * tools/runner/apply-network.ts.
 *
 * Review and apply as a user does, on the built bundle (dist/) in the Apps Script emulator:
 * installs the editable Affise invoices report of the report file, refreshes it ("Refresh this
 * sheet's report"), types the edits into the sheet, and reviews them through the review dialog's
 * calls (what the menu's dialog and the sidebar's Changes tab call), printing what it lists (counts
 * and totals, the pending changes in words, the refused rows with their reasons). Without
 * --confirm nothing is sent. With --confirm it chooses "Apply N changes" and prints what the apply
 * said, each edited row's Apply result, the requests and 429s, the Audit log and the sheet;
 * --runs N reviews and applies N times in all, to show that nothing is sent twice (on the demo,
 * Affise's few minutes to create invoices pass between runs, so later reviews bind the created
 * invoices to their rows).
 *
 * Without --base-url it runs on the demo (the fake Affise, on a virtual clock); with it, on any
 * Affise-compatible host with --api-key, on the real clock. The edits file is a list of
 * {"row": <invoice id or "new">, "column": <header>, "value": <typed text>}; consecutive "new"
 * edits fill one new row, and a "new" edit to a column that row already has starts another.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ChangeJournal } from '../../src/app/changes/journal';
import { ACTION_HEADERS, EDITABLE_COLUMNS, IDENTITY_HEADERS, TOKEN_PATTERN } from '../../src/app/changes/review';
import { parseReportDefinition, ReportDefinitionError, type ReportDefinition } from '../../src/app/reports/definition';
import type { ChangeApplyView, ChangeReviewView } from '../../src/app/sidebar/api';
import { SharedClock } from '../../test-support/clock';
import { AFFISE_QUIRKS_OFF, DEMO_AFFISE_KEY } from '../../test-support/fake-affise';
import { AddOnHarness } from '../../test-support/harness';
import { printAuditLog, printReportSheet } from './apply-output';
import { emulatorReportAdminDeps, installReport, userSpreadsheetApp } from './report-document';
import { valueGrid } from './report-output';
import { refreshReportFromMenu } from './report-runs';
import { applyNetwork } from './apply-network';
import { refusedText, reviewLines } from './review-lines';

const USAGE = 'usage: npm run apply -- <report.json> --edits <edits.json> [--base-url URL] [--api-key KEY] [--role affise|network] [--confirm] [--runs N] [--format table|json]';

/** Columns a user types into: a new row's identity, the editable fields, the columns to act with. */
const TYPED_COLUMNS = [IDENTITY_HEADERS.affiliateId, IDENTITY_HEADERS.amount, IDENTITY_HEADERS.currency, ...EDITABLE_COLUMNS.map((column) => column.header), ACTION_HEADERS.correction, ACTION_HEADERS.correctionComment, ACTION_HEADERS.delete];

/** The demo: a small seeded Affise network, on a virtual clock; created invoices appear two minutes after they are sent. */
const DEMO_AFFISE = { seed: 7, paymentCount: 30, partnerCount: 6, latencyMs: 100, creationDelayMs: 120_000, quirks: AFFISE_QUIRKS_OFF };
/** Time let pass between runs on the demo: Affise's few minutes to create an invoice. */
const DEMO_PAUSE_MS = 130_000;

const editsSchema = z.array(
  z.object({
    row: z.union([z.literal('new'), z.string().regex(/^\d+$/, 'row is an invoice id or "new"'), z.number().int().positive()]),
    column: z.enum(TYPED_COLUMNS as [string, ...string[]], { message: `column is one of ${TYPED_COLUMNS.join(', ')}` }),
    value: z.union([z.string(), z.number(), z.boolean()]),
  }),
);
type Edit = z.infer<typeof editsSchema>[number];

const optionsSchema = z.object({
  edits: z.string({ message: '--edits <edits.json> is required' }),
  'base-url': z.string().url('--base-url is a URL such as https://api-yournetwork.affise.com').optional(),
  'api-key': z.string().optional(),
  confirm: z.boolean().default(false),
  runs: z.string().regex(/^\d+$/, '--runs takes a whole number').transform(Number).pipe(z.number().min(1, '--runs takes at least 1').max(20, '--runs takes at most 20')).default(1),
  format: z.enum(['table', 'json'], { message: '--format takes table or json' }).default('table'),
  role: z.enum(['affise', 'network'], { message: '--role takes affise or network (an Everflow network key; an Everflow "invoices" report is one by itself)' }).optional(),
});
type Options = z.infer<typeof optionsSchema>;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(1);
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return fail(`Cannot read the ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`).join('; ');
}

/** The report file: a report definition (validated by the engine), which must be an editable Affise invoices report. */
function readReport(path: string): ReportDefinition {
  let definition: ReportDefinition;
  try {
    definition = parseReportDefinition(readJson(path, 'report file'));
  } catch (error) {
    if (error instanceof ReportDefinitionError) fail(`The report file ${path}: ${error.message}`);
    throw error;
  }
  if (definition.editable !== true) fail(`The report file ${path}: changes are made on an editable report: add "editable": true (an "affise-invoices" report, or an Everflow "invoices" report of a network key, in "merge" mode).`);
  return definition;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { edits: { type: 'string' }, 'base-url': { type: 'string' }, 'api-key': { type: 'string' }, confirm: { type: 'boolean' }, runs: { type: 'string' }, format: { type: 'string' }, role: { type: 'string' } },
  });
  const [reportPath] = positionals;
  if (!reportPath || positionals.length > 1) fail('Give one report file.');
  const options = optionsSchema.safeParse(values);
  if (!options.success) fail(issuesOf(options.error));
  const baseUrl = options.data['base-url'];
  if (baseUrl !== undefined && !options.data['api-key']) fail('--base-url needs --api-key.');
  // An Everflow report (kind "invoices") is a network's: only a network key changes invoices.
  const raw = readJson(reportPath, 'report file');
  if (options.data.role === 'network' || (typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === 'invoices')) {
    try {
      const printed = await applyNetwork(readReport(reportPath), options.data.edits, { baseUrl, apiKey: options.data['api-key'], confirm: options.data.confirm, runs: options.data.runs });
      console.log(options.data.format === 'json' ? JSON.stringify(printed.json, null, 2) : printed.text.join('\n'));
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    return;
  }
  const edits = editsSchema.safeParse(readJson(options.data.edits, 'edits file'));
  if (!edits.success) fail(`The edits file is not valid: ${issuesOf(edits.error)}`);
  const definition = readReport(reportPath);

  const harness = await AddOnHarness.start({
    clock: baseUrl === undefined ? SharedClock.virtual() : SharedClock.real(),
    spreadsheetTimeZone: 'UTC',
    affise: baseUrl === undefined ? DEMO_AFFISE : { baseUrl },
    affiseKey: options.data['api-key'] ?? DEMO_AFFISE_KEY,
  });
  try {
    const printed = await run(harness, definition, edits.data, options.data);
    console.log(options.data.format === 'json' ? JSON.stringify(printed.json, null, 2) : printed.text.join('\n'));
  } finally {
    await harness.close();
  }
}

/** Types the edits into the report's sheet as the user would; answers the sheet rows edited. */
function typeEdits(harness: AddOnHarness, definition: ReportDefinition, edits: readonly Edit[]): number[] {
  const book = userSpreadsheetApp(harness).getActive();
  const sheet = book.getSheetByName(definition.sheet);
  if (!sheet) return fail(`The refresh wrote no sheet "${definition.sheet}".`);
  book.setActiveSheet(sheet);
  const headers = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0]?.map(String) ?? [];
  const ids = sheet.getLastRow() < 2 ? [] : sheet.getRange(2, headers.indexOf(IDENTITY_HEADERS.invoiceId) + 1, sheet.getLastRow() - 1, 1).getValues().map((row) => String(row[0]));
  const edited = new Set<number>();
  let newRow = 0;
  const filled = new Set<string>();
  for (const edit of edits) {
    let sheetRow: number;
    if (edit.row === 'new') {
      if (newRow === 0 || filled.has(edit.column)) {
        newRow = sheet.getLastRow() + 1;
        filled.clear();
      }
      filled.add(edit.column);
      sheetRow = newRow;
    } else {
      const index = ids.indexOf(String(edit.row));
      if (index < 0) fail(`Invoice ${edit.row} is not in the report (it shows ${ids.length} invoices).`);
      sheetRow = index + 2;
    }
    const column = headers.indexOf(edit.column);
    if (column < 0) fail(`The sheet has no column "${edit.column}".`);
    sheet.getRange(sheetRow, column + 1).setValue(edit.value);
    edited.add(sheetRow);
  }
  return [...edited].sort((a, b) => a - b);
}

async function run(harness: AddOnHarness, definition: ReportDefinition, edits: readonly Edit[], options: Options): Promise<{ text: string[]; json: Record<string, unknown> }> {
  const text: string[] = [];
  const json: Record<string, unknown> = {};
  const api = harness.affise ? `demo Affise (fake, ${DEMO_AFFISE.paymentCount} invoices) on a virtual clock` : (options['base-url'] ?? '');
  text.push(`Report "${definition.name}": ${definition.kind}, ${definition.mode}, editable, on sheet "${definition.sheet}"; ${api}`);
  json.report = definition;
  json.api = api;

  installReport(harness, definition);
  const refresh = refreshReportFromMenu(harness, definition);
  if (!refresh.outcome.ok || refresh.log?.result !== 'ok') fail(`The refresh failed: ${refresh.outcome.ok ? (refresh.log?.details ?? 'no Sync log line') : refresh.outcome.error}`);
  text.push(`Refreshed: ${refresh.log.rowsWritten} rows written, ${refresh.log.requests} requests, ${refresh.log.rateLimited} 429s.`);
  json.refresh = { rowsWritten: refresh.log.rowsWritten, requests: refresh.log.requests, rateLimited: refresh.log.rateLimited };
  const opened = harness.execute('onOpen', { authMode: 'FULL' });
  if (!opened.ok) fail(`onOpen failed: ${opened.error}`);
  const editedRows = typeEdits(harness, definition, edits);

  // A fresh journal each time: one reads its sheet once.
  const unfinished = (): number => new ChangeJournal(emulatorReportAdminDeps(harness).spreadsheet, definition.id).entries().filter((entry) => entry.state === 'queued' || entry.state === 'under-way').length;
  /** Review changes… (the review dialog's call, as the menu's dialog and the sidebar make it): sends nothing. */
  const review = (): ChangeReviewView => {
    const outcome = harness.execute('sidebarReviewChanges');
    if (!outcome.ok) return fail(`Review changes… failed: ${outcome.error}`);
    return outcome.value as ChangeReviewView;
  };
  /** Its "Apply N changes" (or "Finish the earlier apply"): exactly the reviewed plan. */
  const apply = (reviewed: ChangeReviewView): ChangeApplyView | string => {
    const outcome = harness.execute('sidebarApplyChanges', { sheet: reviewed.sheet, plan: reviewed.plan });
    return outcome.ok ? (outcome.value as ChangeApplyView) : `The apply's execution failed: ${outcome.error}`;
  };

  // The review: what it lists; nothing is sent.
  const first = review();
  text.push('', 'Review changes…:', ...reviewLines(first).map((line) => `  ${line}`));
  json.review = { confirmLabel: first.confirmLabel, changes: first.changes.map((change) => change.text), counts: first.counts, totals: first.totals, refused: first.refused.map(refusedText), notes: first.notes };
  if (!options.confirm) text.push('', `${first.confirmLabel === null ? '' : `Not confirmed: nothing was sent. Add --confirm to choose "${first.confirmLabel}".`}`);
  // Each edited row, known by its invoice id or its new row's token (deleting rows moves the others up).
  const edited = editedRows.map((sheetRow) => rowKeyOf(harness, definition, sheetRow));
  const idsAtReview = sheetGrid(harness, definition).rows.map((row) => String(row[0] ?? ''));

  if (options.confirm) {
    const runs: unknown[] = [];
    for (let n = 1; n <= options.runs; n++) {
      if (n > 1 && harness.affise) harness.clock.advance(DEMO_PAUSE_MS);
      const received = harness.affise ? (await harness.affise.journal()).length : 0;
      const requests = harness.emulator.urlFetchCount;
      const rateLimited = harness.emulator.urlFetchRateLimitedCount;
      // Later runs review again (which binds created invoices) and apply when there is something to send.
      const reviewed = n === 1 ? first : review();
      const applied = reviewed.confirmLabel === null ? null : apply(reviewed);
      const said = applied === null ? reviewed.notes.join('\n') : typeof applied === 'string' ? applied : (applied.refusedBecause ?? applied.summary);
      const results = edited.map((key) => rowResult(harness, definition, key, idsAtReview));
      const counts = {
        requests: harness.emulator.urlFetchCount - requests,
        rateLimited: harness.emulator.urlFetchRateLimitedCount - rateLimited,
        received: harness.affise ? (await harness.affise.journal()).length - received : null,
      };
      const finished = unfinished() === 0;
      text.push(
        '',
        `Apply ${n}: ${applied === null ? 'nothing to send' : `"${reviewed.confirmLabel ?? ''}"`}, ${finished ? 'finished' : 'not finished'}; requests ${counts.requests}, 429s ${counts.rateLimited}${counts.received === null ? '' : `, changes Affise received ${counts.received}`}`,
        ...said.split('\n').map((line) => `  ${line}`),
        ...results.map((result) => `  ${result.row}: ${result.applyResult}`),
      );
      runs.push({ run: n, confirmed: applied === null ? null : reviewed.confirmLabel, said, finished, ...counts, results });
    }
    json.applies = runs;
    printAuditLog(harness, { text, json });
  }
  printReportSheet(harness, definition.sheet, { text, json });
  return { text, json };
}

/** How an edited row is found again: its invoice id, its new row's token, or (a refused new row) its place. */
type RowKey = { invoice: string } | { token: string } | { sheetRow: number };

function sheetGrid(harness: AddOnHarness, definition: ReportDefinition): { headers: string[]; rows: unknown[][] } {
  const sheet = harness.sheets.spreadsheet.sheetByName(definition.sheet);
  const grid = sheet ? valueGrid(sheet, 0).grid : [];
  return { headers: (grid[0] ?? []).map(String), rows: grid.slice(1) };
}

function rowKeyOf(harness: AddOnHarness, definition: ReportDefinition, sheetRow: number): RowKey {
  const { headers, rows } = sheetGrid(harness, definition);
  const row = rows[sheetRow - 2] ?? [];
  const invoice = String(row[headers.indexOf(IDENTITY_HEADERS.invoiceId)] ?? '');
  const token = TOKEN_PATTERN.exec(String(row[headers.indexOf('Notes')] ?? ''))?.[1];
  return invoice !== '' ? { invoice } : token ? { token } : { sheetRow };
}

/** An edited row as the sheet shows it now: what it is, and its Apply result. */
function rowResult(harness: AddOnHarness, definition: ReportDefinition, key: RowKey, idsAtReview: readonly string[]): { row: string; applyResult: string } {
  const { headers, rows } = sheetGrid(harness, definition);
  const cell = (row: readonly unknown[], header: string): string => String(row[headers.indexOf(header)] ?? '');
  const ids = new Set(rows.map((row) => cell(row, IDENTITY_HEADERS.invoiceId)));
  // A refused new row has neither id nor token: it moved up by the rows deleted above it.
  const movedUp = (sheetRow: number): number => idsAtReview.slice(0, sheetRow - 2).filter((id) => id !== '' && !ids.has(id)).length;
  const index =
    'invoice' in key
      ? rows.findIndex((row) => cell(row, IDENTITY_HEADERS.invoiceId) === key.invoice)
      : 'token' in key
        ? rows.findIndex((row) => TOKEN_PATTERN.exec(cell(row, 'Notes'))?.[1] === key.token)
        : key.sheetRow - 2 - movedUp(key.sheetRow);
  if (index < 0) return { row: 'invoice' in key ? `invoice ${key.invoice}` : 'new row', applyResult: 'row removed (the invoice was deleted)' };
  const row = rows[index] ?? [];
  const id = cell(row, IDENTITY_HEADERS.invoiceId);
  const what = 'token' in key ? (id === '' ? `new row [ref:${key.token}]` : `new row [ref:${key.token}], now invoice ${id}`) : id === '' ? 'new row' : `invoice ${id}`;
  return { row: `row ${index + 2} (${what})`, applyResult: cell(row, ACTION_HEADERS.result) };
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
