/**
 * npm run bench:changes
 *
 * The change engine and the Affise client against the fake Affise (worker thread, loopback HTTP)
 * on the virtual clock with 100 ms latency a request: 500 status updates and 100 new invoices in one
 * apply, then a second apply once Affise has created the invoices (it binds them, sending nothing).
 * Printed: requests, serial rounds, 429s and time, against the floor. Then the same with 5% of
 * requests answered 429.
 *
 * The floor: Affise has no batch update or batch create, so each change is one request, and the
 * engine sends them one after another so that each is recorded as under way before it goes and its
 * answer is recorded before the next (exactly once). Rounds that must follow one another: 1 read
 * of the invoices (100 ids a request, together) + 500 updates + 1 currency list + 100 creations +
 * 1 read-back = 603, at 100 ms each.
 *
 * Then Everflow networks (tools/bench/network-changes.ts): 1,000 status changes in PATCH batches
 * against per-invoice PUTs.
 */
import { AffiseChangeProvider } from '../../src/app/changes/affise-changes';
import { applyPlan, confirmPlan } from '../../src/app/changes/apply';
import type { AuditRow } from '../../src/app/changes/audit';
import type { PlannedChange } from '../../src/app/changes/change';
import { ChangeJournal } from '../../src/app/changes/journal';
import { Deadline } from '../../src/ports/clock';
import { AffiseClient } from '../../src/provider/affise/client';
import { AFFISE_STATUS_WORDS } from '../../src/provider/affise/normalize';
import { SharedClock } from '../../test-support/clock';
import { AFFISE_QUIRKS_OFF, DEMO_AFFISE_KEY, startFakeAffise } from '../../test-support/fake-affise';
import { MemorySpreadsheet } from '../../test-support/memory-spreadsheet';
import { SyncHttpPort } from '../../test-support/sync-http-port';
import { benchNetworkChanges } from './network-changes';

const LATENCY_MS = 100;
const UPDATES = 500;
const CREATIONS = 100;
const FLOOR_ROUNDS = 1 + UPDATES + 1 + CREATIONS + 1;

async function scenario(label: string, rate429: number): Promise<string> {
  const clock = SharedClock.virtual();
  const http = new SyncHttpPort(clock);
  const fake = await startFakeAffise({ clock, seed: 21, paymentCount: UPDATES, partnerCount: 20, quirks: AFFISE_QUIRKS_OFF, latencyMs: LATENCY_MS, creationDelayMs: 120_000 });
  try {
    const invoices = await fake.payments();
    const partners = await fake.partners();
    const changes: PlannedChange[] = invoices.map((invoice) => ({
      key: `u:${invoice.id}`,
      action: 'update',
      invoiceId: String(invoice.id),
      rowKey: String(invoice.id),
      fields: [{ field: 'status', label: 'Status', before: AFFISE_STATUS_WORDS[String(invoice.status)] ?? '', after: invoice.status === 2 ? 'waiting' : 'completed' }],
      amount: null,
      comment: '',
      affiliateId: null,
      token: null,
      baseVersion: invoice.updatedAt,
    }));
    for (let n = 0; n < CREATIONS; n++) {
      changes.push({ key: `n:${n}`, action: 'create', invoiceId: null, rowKey: `t${n}`, fields: [], amount: { text: `${100 + n}.50`, currency: 'EUR' }, comment: 'bench', affiliateId: String(partners[n % partners.length]?.id ?? 0), token: `bench${n}`, baseVersion: null });
    }
    const journal = new ChangeJournal(new MemorySpreadsheet(), 'bench');
    const audit: AuditRow[] = [];
    confirmPlan(journal, changes, clock.now());
    await fake.resetStats();
    await fake.configure({ faults: { plan: {}, rates: rate429 > 0 ? { '429': rate429 } : {} } });
    const client = new AffiseClient({ http, clock, sleeper: clock, apiKey: DEMO_AFFISE_KEY, baseUrl: fake.baseUrl, random: () => 0.5 });
    const provider = new AffiseChangeProvider(client, () => clock.now());
    const run = () => applyPlan({ provider, journal, audit: { append: (rows) => audit.push(...rows) }, clock, deadline: Deadline.after(clock, 360_000), user: 'bench@example.test', account: 'Bench', marginMs: 5_000 });
    const startedMs = clock.now();
    let executions = 0;
    let report = run();
    executions += 1;
    while (!report.finished && executions < 10 && report.results.some((result) => result.state === 'queued' || result.state === 'under-way')) {
      report = run();
      executions += 1;
    }
    const seconds = (clock.now() - startedMs) / 1000;
    const rounds = client.stats.rounds;
    const stats = await fake.stats();
    const states = report.results.reduce<Record<string, number>>((counts, result) => ({ ...counts, [result.state]: (counts[result.state] ?? 0) + 1 }), {});
    await fake.configure({ faults: { plan: {}, rates: {} } });
    clock.advance(130_000);
    await fake.resetStats();
    const bind = run();
    const bindStats = await fake.stats();
    const bindRounds = client.stats.rounds - rounds;
    const bound = bind.results.filter((result) => result.state === 'applied').length;
    const floor = (FLOOR_ROUNDS * LATENCY_MS) / 1000;
    return [
      `| ${label} | ${stats.totalRequests} | ${rounds} | ${stats.rateLimited} | ${seconds.toFixed(1)} s | ${floor.toFixed(1)} s | ${(seconds / floor).toFixed(2)}× | ${executions} | ${JSON.stringify(states)} |`,
      `| ${label}: binding the 100 created invoices later | ${bindStats.totalRequests} | ${bindRounds} | ${bindStats.rateLimited} | — | — | — | 1 | ${bound} of ${changes.length} applied |`,
    ].join('\n');
  } finally {
    await fake.close();
    await http.close();
  }
}

async function main(): Promise<void> {
  const rows = [await scenario('500 status updates + 100 creations', 0), await scenario('the same, 5% of requests answered 429', 0.05)];
  console.log('| apply | requests | rounds | 429s | time (virtual, 100 ms a request) | floor | vs floor | executions | states after |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log('');
  for (const line of await benchNetworkChanges()) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
