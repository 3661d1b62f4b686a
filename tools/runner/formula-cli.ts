/**
 * npm run formula -- '<formula>' [--base-url URL] [--api-key KEY] [--role affiliate|network] [--timezone TZ] [--format table|tsv|json]
 *
 * Evaluates one custom-function formula with the built bundle (dist/) in the Apps Script emulator
 * and prints the grid. Without --base-url it starts the built-in demo API of the formula's
 * provider (Everflow for EFLOW_, Affise for AFFISE_); with it, --base-url is that provider's API
 * (an Affise host such as https://api-yourcompany.affise.com). `--role network` reads the demo
 * Everflow with its network key (every partner's invoices); with --base-url and --api-key it
 * records the key's type as Test connection would (tools/runner/everflow-role.ts, as
 * `npm run report` reads it). An error exits 1 with the message Sheets would show, on stderr.
 */
import { parseArgs } from 'node:util';
import { FormulaSyntaxError, parseFormula } from '../../src/app/formula-call';
import { SharedClock } from '../../test-support/clock';
import { toPlainGrid } from '../../test-support/emulator/emulator';
import { AddOnHarness } from '../../test-support/harness';
import { DEMO_NETWORK_PARTNERS, demoKeyOf, parseRoleOption, recordRole, ROLE_USAGE } from './everflow-role';
import { OUTPUT_FORMATS, renderGrid, type OutputFormat } from './render-grid';

const USAGE =
  `usage: npm run formula -- '=EFLOW_INVOICES("unpaid")' [--base-url URL] [--api-key KEY] ${ROLE_USAGE} [--timezone TZ] [--format table|tsv|json]\n` +
  "       npm run formula -- '=AFFISE_INVOICES(\"waiting\")' [--base-url https://api-yourcompany.affise.com] [--api-key KEY]";
function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'base-url': { type: 'string' },
      'api-key': { type: 'string' },
      role: { type: 'string' },
      timezone: { type: 'string', default: 'UTC' },
      format: { type: 'string', default: 'table' },
    },
  });
  if (positionals.length !== 1) fail(USAGE);
  const format = values.format as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) fail(`--format must be one of ${OUTPUT_FORMATS.join(', ')}`);
  const timeZone = values.timezone ?? 'UTC';
  if (!Intl.supportedValuesOf('timeZone').includes(timeZone) && timeZone !== 'UTC') fail(`--timezone: "${timeZone}" is not an IANA time zone such as Europe/Paris`);

  let call;
  try {
    call = parseFormula(positionals[0] ?? '');
  } catch (error) {
    if (error instanceof FormulaSyntaxError) fail(error.message);
    throw error;
  }
  const affise = call.name.toUpperCase().startsWith('AFFISE_');
  const role = parseRoleOption(values.role);
  if (typeof role === 'object') fail(role.error);
  if (role !== undefined && affise) fail('--role is the type of an Everflow key; AFFISE_ formulas take none.');
  const baseUrl = values['base-url'];
  const keyVariable = affise ? 'AFFISE_API_KEY' : 'EFLOW_API_KEY';
  const apiKey = values['api-key'] ?? process.env[keyVariable] ?? (!affise && !baseUrl && role !== undefined ? demoKeyOf(role) : undefined);
  if (baseUrl && !apiKey) fail(`--base-url needs a key: pass --api-key KEY or set ${keyVariable}.`);

  const harness = await AddOnHarness.start({
    clock: SharedClock.real(),
    ...(affise
      ? { affise: baseUrl ? { baseUrl } : {}, ...(apiKey ? { affiseKey: apiKey } : {}) }
      : {
          // The demo network has partners without keys of their own besides the demo partner.
          ...(baseUrl ? { api: { baseUrl } } : { api: { networkAffiliateIds: DEMO_NETWORK_PARTNERS } }),
          ...(apiKey ? { apiKey } : {}),
        }),
    spreadsheetTimeZone: timeZone,
  });
  try {
    recordRole(harness, role);
    const outcome = harness.formula(call.name, ...call.args);
    if (!outcome.ok) fail(outcome.error);
    process.stdout.write(`${renderGrid(toPlainGrid(outcome.value), format, timeZone)}\n`);
  } finally {
    await harness.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
