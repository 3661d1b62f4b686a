/**
 * Serves the fake Everflow API on the real clock until killed, for the demo and manual tries:
 *   npx tsx tools/fake-everflow-cli.ts [--port N] [--invoices N] [--seed N] [--latency MS]
 */
import { z } from 'zod';
import { SharedClock } from '../test-support/clock';
import { DEMO_AFFILIATE_KEY, DEMO_NETWORK_KEY, FakeEverflowServer } from '../test-support/fake-everflow';
import { parseOptions, portOption, serveUntilStopped, wholeNumber } from './fake-server-cli';

const argsSchema = z.object({
  port: portOption,
  invoices: wholeNumber('invoices').default(120),
  seed: wholeNumber('seed').default(1),
  latency: wholeNumber('latency').default(0),
});

const USAGE = 'usage: npx tsx tools/fake-everflow-cli.ts [--port N] [--invoices N] [--seed N] [--latency MS]';

serveUntilStopped(async () => {
  const { port, invoices, seed, latency } = parseOptions(
    { port: { type: 'string' }, invoices: { type: 'string' }, seed: { type: 'string' }, latency: { type: 'string' } },
    argsSchema,
    USAGE,
  );
  const server = new FakeEverflowServer({ clock: SharedClock.real(), seed, invoiceCount: invoices, latencyMs: latency });
  const baseUrl = await server.listen(port);
  console.log(`Fake Everflow API: ${baseUrl}`);
  console.log(`Affiliate key (demo): ${DEMO_AFFILIATE_KEY}`);
  console.log(`Network key (demo): ${DEMO_NETWORK_KEY}`);
  console.log(`${invoices} invoices, seed ${seed}, latency ${latency} ms. Ctrl-C to stop.`);
  return server;
});
