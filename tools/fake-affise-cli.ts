/**
 * Serves the fake Affise API on the real clock until killed, for the demo and manual tries:
 *   npx tsx tools/fake-affise-cli.ts [--port N] [--payments N] [--partners N] [--seed N] [--latency MS] [--creation-delay MS] [--no-billing]
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SharedClock } from '../test-support/clock';
import { DEMO_AFFISE_KEY, FakeAffiseServer } from '../test-support/fake-affise';

const wholeNumber = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `--${name} takes a whole number`)
    .transform(Number);

const argsSchema = z.object({
  port: wholeNumber('port').pipe(z.number().max(65_535)).default(0),
  payments: wholeNumber('payments').default(150),
  partners: wholeNumber('partners').pipe(z.number().min(1, '--partners takes at least 1')).default(12),
  seed: wholeNumber('seed').default(1),
  latency: wholeNumber('latency').default(0),
  'creation-delay': wholeNumber('creation-delay').default(120_000),
  'no-billing': z.boolean().default(false),
});

const USAGE =
  'usage: npx tsx tools/fake-affise-cli.ts [--port N] [--payments N] [--partners N] [--seed N] [--latency MS] [--creation-delay MS] [--no-billing]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      payments: { type: 'string' },
      partners: { type: 'string' },
      seed: { type: 'string' },
      latency: { type: 'string' },
      'creation-delay': { type: 'string' },
      'no-billing': { type: 'boolean' },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((issue) => issue.message).join('\n'));
    console.error(USAGE);
    process.exit(2);
  }
  const { port, payments, partners, seed, latency } = parsed.data;
  const server = new FakeAffiseServer({
    clock: SharedClock.real(),
    seed,
    paymentCount: payments,
    partnerCount: partners,
    latencyMs: latency,
    creationDelayMs: parsed.data['creation-delay'],
    billingEnabled: !parsed.data['no-billing'],
  });
  const baseUrl = await server.listen(port);
  console.log(`Fake Affise API (host): ${baseUrl}`);
  console.log(`API key (demo): ${DEMO_AFFISE_KEY}`);
  console.log(`${payments} invoices, ${partners} affiliates, seed ${seed}, latency ${latency} ms${parsed.data['no-billing'] ? ', plan WITHOUT the Billing API' : ''}. Ctrl-C to stop.`);
  console.log(`Try: curl -H 'API-Key: ${DEMO_AFFISE_KEY}' '${baseUrl}/3.1/payments?date_from=2000-01-01&date_to=2100-01-01&limit=2'`);
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
