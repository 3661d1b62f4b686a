/**
 * Serves the fake Affise API on the real clock until killed, for the demo and manual tries:
 *   npx tsx tools/fake-affise-cli.ts [--port N] [--payments N] [--partners N] [--seed N] [--latency MS] [--creation-delay MS] [--no-billing]
 */
import { z } from 'zod';
import { SharedClock } from '../test-support/clock';
import { DEMO_AFFISE_KEY, FakeAffiseServer } from '../test-support/fake-affise';
import { parseOptions, portOption, serveUntilStopped, wholeNumber } from './fake-server-cli';

const argsSchema = z.object({
  port: portOption,
  payments: wholeNumber('payments').default(150),
  partners: wholeNumber('partners').pipe(z.number().min(1, '--partners takes at least 1')).default(12),
  seed: wholeNumber('seed').default(1),
  latency: wholeNumber('latency').default(0),
  'creation-delay': wholeNumber('creation-delay').default(120_000),
  'no-billing': z.boolean().default(false),
});

const USAGE =
  'usage: npx tsx tools/fake-affise-cli.ts [--port N] [--payments N] [--partners N] [--seed N] [--latency MS] [--creation-delay MS] [--no-billing]';

serveUntilStopped(async () => {
  const options = parseOptions(
    {
      port: { type: 'string' },
      payments: { type: 'string' },
      partners: { type: 'string' },
      seed: { type: 'string' },
      latency: { type: 'string' },
      'creation-delay': { type: 'string' },
      'no-billing': { type: 'boolean' },
    },
    argsSchema,
    USAGE,
  );
  const { port, payments, partners, seed, latency } = options;
  const server = new FakeAffiseServer({
    clock: SharedClock.real(),
    seed,
    paymentCount: payments,
    partnerCount: partners,
    latencyMs: latency,
    creationDelayMs: options['creation-delay'],
    billingEnabled: !options['no-billing'],
  });
  const baseUrl = await server.listen(port);
  console.log(`Fake Affise API (host): ${baseUrl}`);
  console.log(`API key (demo): ${DEMO_AFFISE_KEY}`);
  console.log(`${payments} invoices, ${partners} affiliates, seed ${seed}, latency ${latency} ms${options['no-billing'] ? ', plan WITHOUT the Billing API' : ''}. Ctrl-C to stop.`);
  console.log(`Try: curl -H 'API-Key: ${DEMO_AFFISE_KEY}' '${baseUrl}/3.1/payments?date_from=2000-01-01&date_to=2100-01-01&limit=2'`);
  return server;
});
