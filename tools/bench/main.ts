/**
 * npm run bench [-- --only functions|report|cells|affise|network] [--invoices N] [--ids 100,500] [--cells 200] [--affise-invoices N] [--network-invoices 50000]
 *
 * The built bundle in the emulator against the fake Everflow API with Everflow's rate limit for an
 * affiliate key (5 requests a second, bursts of 20) and 150 ms latency, on the real clock.
 * (a) custom functions: EFLOW_INVOICES over all invoices, EFLOW_INVOICE_LINES over 100 and 500 ids,
 *     cold then warm;
 * (b) a lines report: the first backfill over several executions, then refreshes with nothing and
 *     with 1% of the invoices changed;
 * (c) a formula dragged down 200 rows: one execution per cell, 30 at once, sharing cache and limit;
 * (d) Affise (tools/bench/affise.ts): AFFISE_INVOICES over 10,000 invoices (and in a 429 storm),
 *     AFFISE_INVOICE_LINES over 500 ids, an Affise invoices report's first run and refreshes, an
 *     Affise receivables dashboard over every invoice owed;
 * (e) a network's list of 50,000 invoices read with a network key (tools/bench/network-list.ts).
 * Each measurement is held against its floor: the token bucket's wait, max(0, (requests - 20) / 5)
 * seconds, plus 150 ms per round that must follow another. The full run (10,000 invoices) takes
 * about 40 minutes, mostly the backfill at 5 requests a second; `--invoices 200` takes about two.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SharedClock } from '../../test-support/clock';
import { AddOnHarness } from '../../test-support/harness';
import { benchAffise } from './affise';
import { benchCellsAtOnce } from './cells-at-once';
import { benchCustomFunctions } from './custom-functions';
import { benchLinesReport } from './lines-report';
import { benchNetworkList, NETWORK_LIMIT } from './network-list';
import { AFFILIATE_LIMIT, count, LATENCY_MS, markdownTable, type Measurement } from './traffic';

const USAGE = 'usage: npm run bench [-- --only functions|report|cells|affise|network] [--invoices N] [--ids 100,500] [--cells 200] [--affise-invoices N] [--network-invoices 50000]';

const optionsSchema = z.object({
  only: z.enum(['functions', 'report', 'cells', 'affise', 'network'], { message: '--only takes functions, report, cells, affise or network' }).optional(),
  'network-invoices': z
    .string()
    .regex(/^\d+$/, '--network-invoices takes a whole number')
    .transform(Number)
    .pipe(z.number().min(1, '--network-invoices takes at least 1').max(100_000, '--network-invoices takes at most 100,000'))
    .default(50_000),
  'affise-invoices': z
    .string()
    .regex(/^\d+$/, '--affise-invoices takes a whole number')
    .transform(Number)
    .pipe(z.number().min(1, '--affise-invoices takes at least 1').max(50_000, '--affise-invoices takes at most 50,000'))
    .default(10_000),
  invoices: z
    .string()
    .regex(/^\d+$/, '--invoices takes a whole number')
    .transform(Number)
    .pipe(z.number().min(1, '--invoices takes at least 1').max(50_000, '--invoices takes at most 50,000'))
    .default(10_000),
  ids: z
    .string()
    .regex(/^\d+(,\d+)*$/, '--ids takes counts separated by commas, e.g. 100,500')
    .transform((text) => text.split(',').map(Number))
    .pipe(z.array(z.number().min(1).max(500, '--ids: a formula takes at most 500 ids')))
    .default([100, 500]),
  cells: z
    .string()
    .regex(/^\d+$/, '--cells takes a whole number')
    .transform(Number)
    .pipe(z.number().min(1, '--cells takes at least 1').max(1_000, '--cells takes at most 1,000'))
    .default(200),
});

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(1);
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function printMeasurement(m: Measurement): void {
  const ratio = m.floorSeconds > 0.05 ? `, ${(m.seconds / m.floorSeconds).toFixed(2)}× the floor of ${m.floorSeconds.toFixed(1)} s` : '';
  say(`  ${m.name}: ${count(m.requests, 'request')} in ${count(m.rounds, 'round')}, ${m.rateLimited} × 429, ${m.seconds.toFixed(1)} s${ratio}${m.note ? ` (${m.note})` : ''}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, invoices: { type: 'string' }, ids: { type: 'string' }, cells: { type: 'string' }, 'affise-invoices': { type: 'string' }, 'network-invoices': { type: 'string' } },
  });
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) fail(parsed.error.issues.map((issue) => issue.message).join('\n'));
  const options = parsed.data;

  const results: Measurement[] = [];
  if (options.only !== 'affise' && options.only !== 'network') results.push(...(await benchEverflow(options)));
  if (options.only === undefined || options.only === 'affise') {
    say('\n(d) Affise');
    results.push(...(await benchAffise(options['affise-invoices'], printMeasurement, say)));
  }
  if (options.only === undefined || options.only === 'network') {
    say(`\n(e) A network's list with a network key (${NETWORK_LIMIT.perSecond} requests/s, bursts of ${NETWORK_LIMIT.burst}; its own fake API)`);
    results.push(...(await benchNetworkList(options['network-invoices'], printMeasurement)));
  }
  say(
    `\nSummary (floor: Everflow max(0, (requests - ${AFFILIATE_LIMIT.burst}) / ${AFFILIATE_LIMIT.perSecond}) s + ${LATENCY_MS} ms per round that must follow another; a network key's bucket: ${NETWORK_LIMIT.burst} and ${NETWORK_LIMIT.perSecond}/s; Affise, with no published limit, ${LATENCY_MS} ms per such round)\n`,
  );
  say(markdownTable(results));
}

async function benchEverflow(options: z.infer<typeof optionsSchema>): Promise<Measurement[]> {
  const harness = await AddOnHarness.start({
    clock: SharedClock.real(),
    api: { invoiceCount: options.invoices, latencyMs: LATENCY_MS, requestLogLimit: options.invoices + 5_000 },
  });
  try {
    const invoiceCount = (await harness.api?.invoiceIds())?.length ?? 0;
    const idCounts = [...new Set(options.ids.map((count) => Math.min(count, invoiceCount)))];
    say(
      `Fake Everflow API: ${invoiceCount.toLocaleString('en-US')} invoices, ${AFFILIATE_LIMIT.perSecond} requests/s (bursts of ${AFFILIATE_LIMIT.burst}), ${LATENCY_MS} ms latency; real clock.`,
    );

    const results: Measurement[] = [];
    if (options.only === undefined || options.only === 'functions') {
      say('\n(a) Custom functions');
      results.push(...(await benchCustomFunctions(harness, invoiceCount, idCounts, printMeasurement)));
    }
    if (options.only === undefined || options.only === 'report') {
      say('\n(b) Lines report, run by its hourly trigger (each run an execution of at most 6 minutes)');
      const measured = await benchLinesReport(harness, invoiceCount, say);
      measured.forEach(printMeasurement);
      results.push(...measured);
    }
    if (options.only === undefined || options.only === 'cells') {
      say('\n(c) A formula dragged down a column (each cell its own execution, at most 30 at once)');
      const measured = await benchCellsAtOnce(harness, options.cells);
      printMeasurement(measured);
      results.push(measured);
    }
    return results;
  } finally {
    await harness.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
