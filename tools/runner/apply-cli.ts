/**
 * npm run apply -- <report.json> --edits <edits.json> [--base-url URL] [--api-key KEY] [--confirm]
 *   [--runs N] [--format table|json]
 *
 * Review and apply, as a user would: fills an editable Affise invoices sheet from the report's
 * filters (a refresh), types the edits, runs Review and prints the pending changes (in words, with
 * counts and totals) and the refused rows with their reasons. With --confirm it applies them and
 * prints each row's result, the audit log's rows, the requests and 429s, and the sheet; --runs N
 * applies N times in all, to show that nothing is sent twice (on the demo, Affise's few minutes to
 * create invoices pass between runs, so later runs bind the created invoices to their rows).
 *
 * Without --base-url it runs on the demo (the fake Affise on a virtual clock); with it, on any
 * Affise-compatible host with --api-key. The edits file is a list of
 * {"row": <invoice id or "new">, "column": <header>, "value": <typed text>}; consecutive "new" edits
 * fill one new row, and a "new" edit to a column that row already has starts another.
 *
 * Interim: this runs the change engine's modules in Node on an in-memory sheet. It moves to the
 * built bundle in the emulator once the Affise invoices report (merge mode) is on main.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AffiseChangeProvider, rememberAffisePayment } from '../../src/app/changes/affise-changes';
import { AUDIT_LOG_HEADERS, AUDIT_LOG_SHEET, AuditLogSheet } from '../../src/app/changes/audit-sheet';
import { EditableMemoryStore } from '../../src/app/changes/memory-sheet';
import { applySheet, NOTHING_CONFIRMED, reviewSheet, type SheetChangesContext } from '../../src/app/changes/sheet-changes';
import { Deadline } from '../../src/ports/clock';
import type { SheetCell } from '../../src/ports/spreadsheet';
import { AffiseClient } from '../../src/provider/affise/client';
import { AFFISE_STATUS_CODES, type AffisePayment, type AffiseStatusWord } from '../../src/provider/affise/normalize';
import { allTimeRange } from '../../src/provider/affise/query';
import { SharedClock } from '../../test-support/clock';
import { DEMO_AFFISE_KEY, startFakeAffise, type FakeAffiseHandle } from '../../test-support/fake-affise';
import { MemoryProperties } from '../../test-support/memory-ports';
import { SyncHttpPort } from '../../test-support/sync-http-port';
import { MemoryLock } from '../../test/unit/reports/support/harness';
import { MemorySpreadsheet } from '../../test/unit/reports/support/memory-spreadsheet';

const USAGE = 'usage: npm run apply -- <report.json> --edits <edits.json> [--base-url URL] [--api-key KEY] [--confirm] [--runs N] [--format table|json]';

/** The editable report's columns (the Affise invoices report's, then the columns to act with). */
const HEADERS = ['Invoice ID', 'Affiliate ID', 'Status', 'Currency', 'Amount', 'Total', 'Payment account', 'Comment', 'Notes', 'Correction', 'Correction comment', 'Delete', 'Apply result'];

const reportSchema = z
  .object({
    sheet: z.string().min(1).default('Affise invoices'),
    filters: z
      .object({
        date_from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date_from is a date such as 2026-01-01').optional(),
        date_to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date_to is a date such as 2026-12-31').optional(),
        status: z.enum(Object.keys(AFFISE_STATUS_CODES) as [AffiseStatusWord, ...AffiseStatusWord[]], { message: `status is one of ${Object.keys(AFFISE_STATUS_CODES).join(', ')}` }).optional(),
        affiliate_ids: z.array(z.number().int().positive()).optional(),
      })
      .strict()
      .default({}),
  })
  .passthrough();

const editsSchema = z.array(
  z.object({
    row: z.union([z.literal('new'), z.string().regex(/^\d+$/, 'row is an invoice id or "new"'), z.number().int().positive()]),
    column: z.enum(HEADERS.filter((header) => header !== 'Apply result') as [string, ...string[]], { message: `column is one of ${HEADERS.filter((header) => header !== 'Apply result').join(', ')}` }),
    value: z.union([z.string(), z.number(), z.boolean()]),
  }),
);

const optionsSchema = z.object({
  edits: z.string({ message: '--edits <edits.json> is required' }),
  'base-url': z.string().url('--base-url is a URL such as https://api-yournetwork.affise.com').optional(),
  'api-key': z.string().optional(),
  confirm: z.boolean().default(false),
  runs: z.string().regex(/^\d+$/, '--runs takes a whole number').transform(Number).pipe(z.number().min(1, '--runs takes at least 1').max(20, '--runs takes at most 20')).default(1),
  format: z.enum(['table', 'json'], { message: '--format takes table or json' }).default('table'),
});

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

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { edits: { type: 'string' }, 'base-url': { type: 'string' }, 'api-key': { type: 'string' }, confirm: { type: 'boolean' }, runs: { type: 'string' }, format: { type: 'string' } },
  });
  const [reportPath] = positionals;
  if (!reportPath || positionals.length > 1) fail('Give one report file.');
  const options = optionsSchema.safeParse(values);
  if (!options.success) fail(issuesOf(options.error));
  const report = reportSchema.safeParse(readJson(reportPath, 'report file'));
  if (!report.success) fail(`The report file is not valid: ${issuesOf(report.error)}`);
  const edits = editsSchema.safeParse(readJson(options.data.edits, 'edits file'));
  if (!edits.success) fail(`The edits file is not valid: ${issuesOf(edits.error)}`);
  const baseUrl = options.data['base-url'];
  if (baseUrl !== undefined && !options.data['api-key']) fail('--base-url needs --api-key.');

  const clock = baseUrl === undefined ? SharedClock.virtual() : SharedClock.real();
  const http = new SyncHttpPort(clock);
  let fake: FakeAffiseHandle | null = null;
  try {
    if (baseUrl === undefined) fake = await startFakeAffise({ clock, seed: 7, paymentCount: 30, partnerCount: 6, latencyMs: 100, creationDelayMs: 120_000 });
    const client = new AffiseClient({ http, clock, sleeper: clock, apiKey: options.data['api-key'] ?? DEMO_AFFISE_KEY, baseUrl: baseUrl ?? fake?.baseUrl ?? '' });
    const out = run(client, clock, fake, report.data, edits.data, options.data);
    const printed = await out;
    console.log(options.data.format === 'json' ? JSON.stringify(printed, null, 2) : printed.text.join('\n'));
  } finally {
    await fake?.close();
    await http.close();
  }
}

type Report = z.infer<typeof reportSchema>;
type Edit = z.infer<typeof editsSchema>[number];
type Options = z.infer<typeof optionsSchema>;

async function run(client: AffiseClient, clock: SharedClock, fake: FakeAffiseHandle | null, report: Report, edits: readonly Edit[], options: Options) {
  const deadline = (): Deadline => Deadline.after(clock, 330_000);
  const book = new MemorySpreadsheet('UTC');
  const sheet = book.insertSheet(report.sheet);
  const text: string[] = [];
  const json: Record<string, unknown> = {};

  // The refresh: the report's invoices on the sheet, and the memory review compares with.
  const range = allTimeRange(clock.now());
  const filters = report.filters;
  const payments = client.listPayments(
    {
      dateFrom: filters.date_from ?? range.dateFrom,
      dateTo: filters.date_to ?? range.dateTo,
      statuses: filters.status ? [AFFISE_STATUS_CODES[filters.status]] : undefined,
      affiliateIds: filters.affiliate_ids,
    },
    deadline(),
  );
  const rows: SheetCell[][] = payments.map((payment) => [
    String(payment.id),
    String(payment.affiliateId ?? ''),
    payment.status ?? '',
    payment.currency ?? '',
    payment.amount?.text ?? '',
    payment.total?.text ?? '',
    payment.paymentAccount ?? '',
    payment.comment ?? '',
    payment.notes ?? '',
    '',
    '',
    false,
    '',
  ]);
  sheet.writeBlock(1, 1, [HEADERS, ...rows], [HEADERS, ...rows].map((row) => row.map(() => '@')));
  new EditableMemoryStore(book, 'apply-runner').save(new Map(payments.map((payment) => [String(payment.id), rememberAffisePayment(payment)])));
  text.push(`Refreshed "${report.sheet}": ${payments.length} invoices.`);
  json.refreshed = payments.length;

  // The edits, typed.
  let newRow = 0;
  const filled = new Set<string>();
  for (const edit of edits) {
    let sheetRow: number;
    if (edit.row === 'new') {
      if (newRow === 0 || filled.has(edit.column)) {
        newRow = sheet.lastRow() + 1;
        filled.clear();
      }
      filled.add(edit.column);
      sheetRow = newRow;
    } else {
      const index = payments.findIndex((payment) => String(payment.id) === String(edit.row));
      if (index < 0) fail(`Invoice ${edit.row} is not in the report (it shows ${payments.length} invoices).`);
      sheetRow = index + 2;
    }
    sheet.writeBlock(sheetRow, HEADERS.indexOf(edit.column) + 1, [[edit.value]], [['@']]);
  }

  const context: SheetChangesContext<AffisePayment> = {
    spreadsheet: book,
    sheetName: report.sheet,
    reportId: 'apply-runner',
    provider: new AffiseChangeProvider(client, () => clock.now()),
    remember: rememberAffisePayment,
    properties: new MemoryProperties(),
    lock: new MemoryLock(clock),
    clock,
    audit: new AuditLogSheet(book),
    user: 'runner@localhost',
    account: fake ? 'Demo Affise' : 'Affise',
  };
  const review = reviewSheet(context, deadline());
  text.push('', `Review: ${review.summary.confirmLabel}`, ...review.summary.lines.map((line) => `  ${line}`));
  for (const total of review.summary.totals) text.push(`  ${total.currency}: corrections ${total.corrections}, new invoices ${total.creations}`);
  text.push(`Refused rows: ${review.refused.length}`, ...review.refused.map((refusal) => `  row ${refusal.sheetRow}: ${refusal.reason}`));
  json.review = { changes: review.summary.lines, counts: review.summary.counts, totals: review.summary.totals, refused: review.refused };

  if (options.confirm) {
    const runs: unknown[] = [];
    let confirmed = review.confirmed;
    for (let n = 1; n <= options.runs; n++) {
      if (n > 1 && fake) clock.advance(130_000);
      const journalBefore = fake ? (await fake.journal()).length : 0;
      const statsBefore = { ...client.stats };
      const applied = applySheet(context, confirmed, deadline());
      confirmed = NOTHING_CONFIRMED;
      const sent = fake ? (await fake.journal()).length - journalBefore : null;
      const requests = client.stats.requests - statsBefore.requests;
      const rateLimited = client.stats.rateLimited - statsBefore.rateLimited;
      text.push('', `Apply ${n}: ${applied.refusedBecause ?? (applied.report?.finished ? 'finished' : `stopped: ${applied.report?.stoppedBecause ?? ''}`)}; requests ${requests}, 429s ${rateLimited}${sent === null ? '' : `, changes the API received ${sent}`}`);
      for (const result of applied.report?.results ?? []) text.push(`  ${result.change.invoiceId ?? `new (${result.change.token ?? ''})`} ${result.change.action}: ${result.state}: ${result.message}`);
      runs.push({ run: n, refusedBecause: applied.refusedBecause, finished: applied.report?.finished ?? false, requests, rateLimited, received: sent, results: applied.report?.results.map((result) => ({ key: result.change.key, state: result.state, message: result.message, createdId: result.createdId })) });
    }
    json.applies = runs;
    const log = book.sheetByName(AUDIT_LOG_SHEET);
    const audit = log && log.lastRow() > 1 ? log.readValues({ row: 2, column: 1, rows: log.lastRow() - 1, columns: AUDIT_LOG_HEADERS.length }) : [];
    const auditText = audit.map((row) => row.map((cell) => (cell instanceof Date ? cell.toISOString() : String(cell))));
    text.push('', 'Audit log:', `  ${AUDIT_LOG_HEADERS.join(' | ')}`, ...auditText.map((row) => `  ${row.join(' | ')}`));
    json.audit = auditText;
  }
  const grid = sheet.readValues({ row: 1, column: 1, rows: sheet.lastRow(), columns: HEADERS.length }).map((row) => row.map((cell) => String(cell)));
  // Long or multi-line cells are clipped in the table, as a narrow column would show them; json has them whole.
  const clip = (cell: string): string => {
    const line = cell.replace(/\s+/g, ' ');
    return line.length > 40 ? `${line.slice(0, 39)}…` : line;
  };
  text.push('', `Sheet "${report.sheet}":`, ...grid.map((row) => row.map(clip).join(' | ')));
  json.sheet = grid;
  return { text, ...json };
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
