/**
 * Part of `npm run bench:changes`: 1,000 status changes of a network's invoices through the change
 * engine and the Everflow provider, against the fake Everflow (worker thread, loopback HTTP) on
 * the virtual clock, with Everflow's network bucket (30 requests a second, bursts of 50) and 100 ms
 * latency a request. Once in PATCH batches (100 invoices a request, a result per invoice), once as
 * per-invoice PUTs (each a read of the invoice and its full replacement), the way an engine
 * without batches would send them. Printed: requests, serial rounds, 429s and time, against the floor.
 * The 1,000 go in ONE confirmed apply (its journal is a hidden sheet, up to 5,000 changes).
 *
 * The floor: the larger of 100 ms per round that must follow another and the bucket's wait for the
 * requests made, max(0, (requests - 50) / 30) s. The apply reads its invoices twice (the conflict
 * check and the read-back: the network list, page 1 then page 2, and its deleted invoices: 3 rounds
 * each; the client also asks the list's size first, one round the floor does not count). PATCH: one
 * request per status per 100 invoices, one after another (each batch recorded under way before it
 * goes): 6 + 11 rounds here (5 for one status, 6 for the other). PUT: per invoice a GET and its PUT, one
 * after the other (an invoice with extra periods is refused after its GET: no PUT can send them
 * back): 6 + 2,000 rounds less one per such invoice.
 */
import { applyPlan, confirmPlan } from '../../src/app/changes/apply';
import type { AuditRow } from '../../src/app/changes/audit';
import type { PlannedChange } from '../../src/app/changes/change';
import { EverflowChangeProvider } from '../../src/app/changes/everflow-changes';
import { ChangeJournal } from '../../src/app/changes/journal';
import { Deadline } from '../../src/ports/clock';
import { EverflowClient } from '../../src/provider/everflow/client';
import { RATE_LIMITS } from '../../src/provider/everflow/rate-pacer';
import { SharedClock } from '../../test-support/clock';
import { DEMO_NETWORK_KEY, QUIRKS_OFF, invoiceTotals, startFakeEverflow } from '../../test-support/fake-everflow';
import { IntlZoneRules } from '../../test-support/intl-zone-rules';
import { MemorySpreadsheet } from '../../test-support/memory-spreadsheet';
import { SyncHttpPort } from '../../test-support/sync-http-port';

const LATENCY_MS = 100;
const CHANGES = 1_000;
/** Reading the invoices back: the network list (page 1, then page 2) and its deleted invoices. */
const READ_ROUNDS = 3;
const LIMIT = RATE_LIMITS.network;

async function scenario(label: string, statusBatches: boolean, rate429: number): Promise<string> {
  const clock = SharedClock.virtual();
  const http = new SyncHttpPort(clock);
  const zones = new IntlZoneRules();
  const fake = await startFakeEverflow({ clock, seed: 23, invoiceCount: 700, networkAffiliateIds: [21, 22, 23], quirks: QUIRKS_OFF, latencyMs: LATENCY_MS, requestLogLimit: 10_000 });
  try {
    const invoices = (await fake.networkInvoices()).filter((invoice) => invoice.deleted !== true).slice(0, CHANGES);
    if (invoices.length < CHANGES) throw new Error(`the fake has only ${invoices.length} invoices`);
    const changes: PlannedChange[] = invoices.map((invoice) => {
      const status = invoiceTotals(invoice).status;
      return {
        key: `u:${invoice.id}`,
        action: 'update',
        invoiceId: String(invoice.id),
        rowKey: String(invoice.id),
        fields: [{ field: 'status', label: 'Status', before: status, after: status === 'paid' ? 'unpaid' : 'paid' }],
        amount: null,
        comment: '',
        affiliateId: null,
        token: null,
        baseVersion: String(invoice.timeSaved),
      };
    });
    const journal = new ChangeJournal(new MemorySpreadsheet(), 'bench');
    const audit: AuditRow[] = [];
    await fake.resetStats();
    await fake.configure({ faults: { plan: {}, rates: rate429 > 0 ? { '429': rate429 } : {} } });
    const client = new EverflowClient({ http, clock, sleeper: clock, apiKey: DEMO_NETWORK_KEY, keyType: 'network', baseUrl: fake.baseUrl, zones, random: () => 0.5 });
    const provider = new EverflowChangeProvider(client, zones, () => clock.now(), { statusBatches });
    const startedMs = clock.now();
    let executions = 0;
    const states: Record<string, number> = {};
    confirmPlan(journal, changes, clock.now());
    let report;
    do {
      report = applyPlan({ provider, journal, audit: { append: (rows) => audit.push(...rows) }, clock, deadline: Deadline.after(clock, 360_000), user: 'bench@example.test', account: 'Bench', marginMs: 5_000 });
      executions += 1;
    } while (!report.finished && executions < 20);
    for (const result of report.results) states[result.state] = (states[result.state] ?? 0) + 1;
    const seconds = (clock.now() - startedMs) / 1000;
    const stats = await fake.stats();
    const writes = (await fake.journal()).filter((entry) => entry.kind !== 'payment');
    const landed = new Set(writes.flatMap((entry) => entry.invoiceIds));
    const accepted = stats.totalRequests - stats.rateLimited;
    const floorRounds = READ_ROUNDS * 2 + (statusBatches ? leastBatches(changes) : 2 * CHANGES - (states.refused ?? 0));
    // Serial rounds and the bucket both bound the time; requests in serial rounds wait for no token unless they outrun it.
    const floor = Math.max((floorRounds * LATENCY_MS) / 1000, Math.max(0, (accepted - LIMIT.burst) / LIMIT.perSecond) + LATENCY_MS / 1000);
    const note = `${writes.length} writes, ${landed.size} invoices changed, ${executions} execution${executions === 1 ? '' : 's'}, ${JSON.stringify(states)}`;
    return `| ${label} | ${stats.totalRequests} | ${client.stats.rounds} | ${stats.rateLimited} | ${seconds.toFixed(1)} s | ${floor.toFixed(1)} s | ${(seconds / floor).toFixed(2)}× | ${note} |`;
  } finally {
    await fake.close();
    await http.close();
  }
}

/** The fewest PATCHes the changes need: one status a request, 100 invoices at most. */
function leastBatches(changes: readonly PlannedChange[]): number {
  const perStatus = new Map<string, number>();
  for (const change of changes) perStatus.set(change.fields[0]?.after ?? '', (perStatus.get(change.fields[0]?.after ?? '') ?? 0) + 1);
  return [...perStatus.values()].reduce((batches, count) => batches + Math.ceil(count / 100), 0);
}

/** The table's rows: PATCH batches and per-invoice PUTs, then both with 5% of requests answered 429. */
export async function benchNetworkChanges(): Promise<string[]> {
  return [
    '| network apply | requests | rounds | 429s | time (virtual, 100 ms a request) | floor | vs floor | what landed |',
    '|---|---|---|---|---|---|---|---|',
    await scenario(`${CHANGES.toLocaleString('en-US')} status changes, PATCH batches of 100`, true, 0),
    await scenario(`${CHANGES.toLocaleString('en-US')} status changes, one PUT each`, false, 0),
    await scenario('PATCH batches, 5% of requests answered 429', true, 0.05),
    await scenario('one PUT each, 5% of requests answered 429', false, 0.05),
  ];
}
