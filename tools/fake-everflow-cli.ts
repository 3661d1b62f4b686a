/**
 * Serves the fake Everflow API on the real clock until killed, for the demo and manual tries:
 *   npx tsx tools/fake-everflow-cli.ts [--port N] [--invoices N] [--seed N] [--latency MS]
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SharedClock } from '../test-support/clock';
import { DEMO_AFFILIATE_KEY, DEMO_NETWORK_KEY, FakeEverflowServer } from '../test-support/fake-everflow';

const wholeNumber = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `--${name} takes a whole number`)
    .transform(Number);

const argsSchema = z.object({
  port: wholeNumber('port').pipe(z.number().max(65_535)).default(0),
  invoices: wholeNumber('invoices').default(120),
  seed: wholeNumber('seed').default(1),
  latency: wholeNumber('latency').default(0),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, invoices: { type: 'string' }, seed: { type: 'string' }, latency: { type: 'string' } },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((issue) => issue.message).join('\n'));
    console.error('usage: npx tsx tools/fake-everflow-cli.ts [--port N] [--invoices N] [--seed N] [--latency MS]');
    process.exit(2);
  }
  const { port, invoices, seed, latency } = parsed.data;
  const server = new FakeEverflowServer({ clock: SharedClock.real(), seed, invoiceCount: invoices, latencyMs: latency });
  const baseUrl = await server.listen(port);
  console.log(`Fake Everflow API: ${baseUrl}`);
  console.log(`Affiliate key (demo): ${DEMO_AFFILIATE_KEY}`);
  console.log(`Network key (demo): ${DEMO_NETWORK_KEY}`);
  console.log(`${invoices} invoices, seed ${seed}, latency ${latency} ms. Ctrl-C to stop.`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
