/**
 * npm run report -- <report.json> [--base-url URL] [--api-key KEY] [--role affiliate|network] [--runs N] [--format table|json]
 *   [--timezone TZ] [--invoices N] [--change-fraction F] [--fault-rate R] [--clock real|virtual] [--max-rows N]
 *
 * Installs the report in a document of the Apps Script emulator running the built bundle (dist/)
 * and runs it N times as its hourly trigger would, printing per run the result, requests, 429s,
 * rows written and removed, duration and progress, then the report's sheet. The report's kind
 * chooses the provider: Everflow, or Affise for the affise-* kinds (--base-url is then an Affise
 * API host, the key --api-key or AFFISE_API_KEY). Without --base-url it starts that provider's
 * demo API, which can change invoices between runs (--change-fraction) and inject faults
 * (--fault-rate) to show incremental refreshes and survival. `--role network` runs an Everflow report
 * with the demo network key (every partner's invoices, the network's columns), or records that
 * type for the key of --base-url/--api-key, as `npm run formula` does (./everflow-role.ts). An
 * invalid report file prints the engine's message naming every bad field and exits 1.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isAffiseReport, parseReportDefinition, ReportDefinitionError, type ReportDefinition } from '../../src/app/reports/definition';
import { describeSchedule } from '../../src/app/reports/schedule';
import { SharedClock } from '../../test-support/clock';
import { FAULT_KINDS, type FaultKind } from '../../test-support/fake-everflow';
import type { FaultOptions } from '../../test-support/fake-http/faults';
import { AddOnHarness } from '../../test-support/harness';
import { IntlZoneRules } from '../../test-support/intl-zone-rules';
import { DEMO_NETWORK_PARTNERS, demoKeyOf, recordRole, roleOption, ROLE_USAGE } from './everflow-role';
import { installReport } from './report-document';
import { displayGrid, renderRunsTable, REPORT_OUTPUT_FORMATS, summariseRun, valueGrid, type ReportRunnerResult, type RunSummaryRow } from './report-output';
import { runReportOnce } from './report-runs';
import { renderGrid } from './render-grid';

const USAGE =
  `usage: npm run report -- <report.json> [--base-url URL] [--api-key KEY] ${ROLE_USAGE} [--runs N] [--format table|json] [--timezone TZ]\n` +
  '         demo API only: [--invoices N] [--change-fraction F] [--fault-rate R] [--clock real|virtual]; [--max-rows N]\n' +
  '       Affise reports (kind affise-*): --base-url https://api-yourcompany.affise.com, the key --api-key or AFFISE_API_KEY; no --role';

/** Which API a report reads: its kind says. */
type Provider = 'everflow' | 'affise';
const KEY_VARIABLE: Readonly<Record<Provider, string>> = { everflow: 'EFLOW_API_KEY', affise: 'AFFISE_API_KEY' };
/** How many invoices the demo API of each provider holds when --invoices is left out (per partner for Everflow). */
const DEMO_INVOICES: Readonly<Record<Provider, number>> = { everflow: 120, affise: 150 };

/** Faults --fault-rate spreads its rate over (latency only slows a request down). */
const INJECTED_FAULTS: readonly FaultKind[] = FAULT_KINDS.filter((kind) => kind !== 'latency');

const whole = (flag: string) =>
  z
    .string()
    .regex(/^\d+$/, `--${flag} takes a whole number`)
    .transform(Number);
const fraction = (flag: string) =>
  z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, `--${flag} takes a fraction from 0 to 1, e.g. 0.01`)
    .transform(Number);

const optionShape = {
  'base-url': z.string().optional(),
  'api-key': z.string().optional(),
  role: roleOption,
  runs: whole('runs').pipe(z.number().min(1, '--runs takes at least 1').max(1000, '--runs takes at most 1000')).default(1),
  format: z.enum(REPORT_OUTPUT_FORMATS, { message: `--format takes ${REPORT_OUTPUT_FORMATS.join(' or ')}` }).default('table'),
  timezone: z.string().default('UTC'),
  invoices: whole('invoices').pipe(z.number().min(0).max(100_000, '--invoices takes at most 100,000')).optional(),
  'change-fraction': fraction('change-fraction').optional(),
  'fault-rate': fraction('fault-rate').optional(),
  clock: z.enum(['real', 'virtual'], { message: '--clock takes real or virtual' }).default('real'),
  'max-rows': whole('max-rows').optional(),
};

const optionsSchema = z
  .object(optionShape)
  .superRefine((options, ctx) => {
    if (!new IntlZoneRules().isKnownZone(options.timezone)) ctx.addIssue({ code: 'custom', message: `--timezone: "${options.timezone}" is not an IANA time zone such as Europe/Paris` });
    if (options['base-url'] === undefined) return;
    for (const demoOnly of ['invoices', 'change-fraction', 'fault-rate'] as const) {
      if (options[demoOnly] !== undefined) ctx.addIssue({ code: 'custom', message: `--${demoOnly} changes the demo API: leave out --base-url to use it` });
    }
    if (options.clock === 'virtual') ctx.addIssue({ code: 'custom', message: '--clock virtual needs the demo API, which runs on the same clock: leave out --base-url' });
  });
type Options = z.infer<typeof optionsSchema>;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** The file's JSON, which the report is saved from as the add-on saves what a user gives it, and its definition. */
function readReportFile(file: string): { json: unknown; definition: ReportDefinition } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return { json, definition: parseReportDefinition(json) };
  } catch (error) {
    if (error instanceof ReportDefinitionError) fail(`${file}: ${error.message}`);
    throw error;
  }
}

function injectedFaults(options: Options): Pick<FaultOptions, 'rates'> | null {
  const rate = options['fault-rate'] ?? 0;
  return rate > 0 ? { rates: Object.fromEntries(INJECTED_FAULTS.map((kind) => [kind, rate / INJECTED_FAULTS.length])) } : null;
}

async function startHarness(options: Options, provider: Provider): Promise<AddOnHarness> {
  const baseUrl = options['base-url'];
  const keyVariable = KEY_VARIABLE[provider];
  const demoKey = provider === 'everflow' && baseUrl === undefined && options.role !== undefined ? demoKeyOf(options.role) : undefined;
  const apiKey = options['api-key'] ?? process.env[keyVariable] ?? demoKey;
  if (baseUrl !== undefined && !apiKey) fail(`--base-url needs a key: pass --api-key KEY or set ${keyVariable}.`);
  const faults = injectedFaults(options);
  const common = { clock: options.clock === 'virtual' ? SharedClock.virtual(Date.now()) : SharedClock.real(), spreadsheetTimeZone: options.timezone };
  if (provider === 'affise') {
    const demoAffise = { ...(options.invoices === undefined ? {} : { paymentCount: options.invoices }), ...(faults ? { faults } : {}) };
    // The document holds the Affise connection only (named "Affise"), as a report without `account` expects.
    return AddOnHarness.start({ ...common, apiKey: null, affise: baseUrl === undefined ? demoAffise : { baseUrl }, ...(apiKey ? { affiseKey: apiKey } : {}) });
  }
  const demoApi = {
    // The demo network has partners without keys of their own besides the demo partner.
    networkAffiliateIds: DEMO_NETWORK_PARTNERS,
    ...(options.invoices === undefined ? {} : { invoiceCount: options.invoices }),
    ...(faults ? { faults } : {}),
  };
  return AddOnHarness.start({ ...common, api: baseUrl === undefined ? demoApi : { baseUrl }, ...(apiKey ? { apiKey } : {}) });
}

function describeApi(options: Options, provider: Provider): string {
  if (options['base-url'] !== undefined) return options.role === undefined ? options['base-url'] : `${options['base-url']} (${options.role} key)`;
  const invoices = (options.invoices ?? DEMO_INVOICES[provider]).toLocaleString('en-US');
  const parts =
    provider === 'affise'
      ? [`demo Affise API, ${invoices} invoices`]
      : [`demo API, ${invoices} invoices per partner`, options.role === 'network' ? 'network key (every partner)' : 'partner key'];
  if (options['change-fraction'] !== undefined) parts.push(`${options['change-fraction'] * 100}% changed before each run after the first`);
  if (options['fault-rate'] !== undefined) parts.push(`${options['fault-rate'] * 100}% of requests faulty (${INJECTED_FAULTS.join(', ')})`);
  return parts.join('; ');
}

/**
 * Changes a share of the demo API's invoices, as someone editing them between runs would: Everflow's
 * fake picks them itself; on Affise every invoice's turn comes, spread over the list and moving
 * with each run, as an edit in Affise's UI moves its `updated_at`. Answers how many changed.
 */
async function changeInvoices(harness: AddOnHarness, provider: Provider, fraction: number, run: number): Promise<number | null> {
  if (provider === 'everflow') return harness.api ? (await harness.api.mutate({ kind: 'changeFraction', fraction })).ids.length : null;
  if (!harness.affise) return null;
  const ids = (await harness.affise.payments()).map((payment) => payment.id);
  const count = Math.round(fraction * ids.length);
  const chosen = Array.from({ length: count }, (_, index) => ids[(Math.floor((index * ids.length) / count) + run) % ids.length] as number);
  return (await harness.affise.mutate({ kind: 'touch', ids: chosen })).ids.length;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: Object.fromEntries(Object.keys(optionShape).map((name) => [name, { type: 'string' as const }])),
  });
  if (positionals.length !== 1) fail(USAGE);
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) fail(`${parsed.error.issues.map((issue) => issue.message).join('\n')}\n${USAGE}`);
  const options = parsed.data;
  const file = positionals[0] ?? '';
  const { json, definition } = readReportFile(file);
  const provider: Provider = isAffiseReport(definition) ? 'affise' : 'everflow';
  if (provider === 'affise' && options.role !== undefined) fail(`--role is the type of an Everflow key; ${definition.kind} reports take none.`);

  const harness = await startHarness(options, provider);
  try {
    recordRole(harness, options.role);
    installReport(harness, json);
    const runs: RunSummaryRow[] = [];
    for (let run = 1; run <= options.runs; run += 1) {
      const change = run > 1 ? options['change-fraction'] : undefined;
      const changed = change !== undefined ? await changeInvoices(harness, provider, change, run) : null;
      runs.push(summariseRun(runReportOnce(harness, definition), run, options.timezone, changed));
    }
    const sheet = harness.sheets.spreadsheet.sheetByName(definition.sheet);
    const maxRows = options['max-rows'] ?? (options.format === 'table' ? 50 : 0);
    if (options.format === 'json') {
      const { grid, omittedRows } = sheet ? valueGrid(sheet, maxRows) : { grid: [], omittedRows: 0 };
      const result: ReportRunnerResult = { report: definition, spreadsheetTimeZone: options.timezone, api: describeApi(options, provider), runs, sheet: grid, omittedRows };
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    const out: string[] = [
      `Report "${definition.name}": ${definition.kind}, ${definition.mode}, ${describeSchedule(definition.schedule).toLowerCase()}, on sheet "${definition.sheet}"`,
      `${describeApi(options, provider)}; ${options.clock} clock; spreadsheet time zone ${options.timezone}`,
      '',
      renderRunsTable(runs, options.timezone),
      ...runs.filter((run) => run.details !== null).map((run) => `Run ${run.run}: ${run.details ?? ''}`),
      '',
    ];
    if (!sheet) out.push(`Sheet "${definition.sheet}" was never written.`);
    else {
      const { grid, omittedRows } = displayGrid(sheet, maxRows);
      out.push(`Sheet "${definition.sheet}" (${Math.max(0, sheet.lastRow() - 1).toLocaleString('en-US')} rows):`, renderGrid(grid, 'table', options.timezone));
      if (omittedRows > 0) out.push(`… ${omittedRows.toLocaleString('en-US')} more rows (--max-rows 0 prints all)`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await harness.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
