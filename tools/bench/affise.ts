/**
 * Benchmark part (c): Affise, the built bundle against the fake Affise with 150 ms latency on the
 * real clock. Affise publishes no rate limit: the client sends a listing's pages in parallel
 * rounds (page 1 tells the total, then up to 50 at once, halved by a round with a 429) and backs
 * off on 429. The floor is one latency per round that must follow another.
 * - AFFISE_INVOICES over every invoice (100 a request), cold, then in a 429 storm;
 * - AFFISE_INVOICE_LINES over 500 ids (100 a request, one round), cold then warm (no request);
 * - an invoices report: the first run, a refresh with nothing changed (1 request), and one with
 *   1% of the invoices changed (ceil(K/100) + 1);
 * - a receivables dashboard with every invoice owed: each refresh lists them all (ceil(N/100), no
 *   request for one invoice), first run, nothing changed (no cell written), 1% paid, a 429 storm.
 */
import { parseReportDefinition } from '../../src/app/reports/definition';
import { SharedClock } from '../../test-support/clock';
import type { FakeAffiseHandle } from '../../test-support/fake-affise';
import { AddOnHarness } from '../../test-support/harness';
import { installReport } from '../runner/report-document';
import { runReportOnce } from '../runner/report-runs';
import { count, countRounds, LATENCY_MS, type Measurement } from './traffic';

const PAGE_SIZE = 100;
/** 429s answered in a row: the client resends each after a backoff (it gives up after 6 attempts of one request). */
const STORM = 4;

const REPORT = parseReportDefinition({ id: 'bench-affise', name: 'Affise invoices (benchmark)', kind: 'affise-invoices', mode: 'merge', sheet: 'Affise invoices' });
const DASHBOARD = parseReportDefinition({ id: 'bench-affise-dashboard', name: 'Affise receivables (benchmark)', kind: 'affise-dashboard', mode: 'replace', sheet: 'Affise receivables' });
/** Affise's status codes: waiting, partly paid, pending (owed) and completed. */
const WAITING = 1;
const PARTLY_PAID = 3;
const PENDING = 4;
const COMPLETED = 2;

async function measure(affise: FakeAffiseHandle, name: string, step: () => { seconds: number; error: string | null }, inherentRounds: number, note: string): Promise<Measurement> {
  await affise.resetStats();
  const outcome = step();
  const stats = await affise.stats();
  const notes = [note, outcome.error ? `FAILED: ${outcome.error}` : ''].filter((text) => text !== '');
  return {
    name,
    requests: stats.totalRequests,
    rounds: countRounds(stats.log),
    rateLimited: stats.rateLimited,
    seconds: outcome.seconds,
    floorSeconds: (inherentRounds * LATENCY_MS) / 1000,
    note: notes.join('; '),
  };
}

export async function benchAffise(paymentCount: number, print: (m: Measurement) => void, say: (line: string) => void): Promise<Measurement[]> {
  const harness = await AddOnHarness.start({
    clock: SharedClock.real(),
    apiKey: null,
    affise: { paymentCount, partnerCount: 40, latencyMs: LATENCY_MS, requestLogLimit: paymentCount + 5_000 },
  });
  const results: Measurement[] = [];
  const record = (measurement: Measurement): void => {
    results.push(measurement);
    print(measurement);
  };
  try {
    const affise = harness.affise;
    if (!affise) throw new Error('The benchmark needs the fake Affise it started.');
    const payments = await affise.payments();
    say(`Fake Affise API: ${payments.length.toLocaleString('en-US')} invoices, no published rate limit, ${LATENCY_MS} ms latency; real clock.`);
    const pages = Math.ceil(payments.length / PAGE_SIZE);
    const formula = (name: string, ...args: unknown[]) => (): { seconds: number; error: string | null } => {
      const outcome = harness.formula(name, ...args);
      return { seconds: outcome.elapsedMs / 1000, error: outcome.ok ? null : outcome.error };
    };
    const clearCache = (): void => {
      harness.execute('menuClearCache');
    };
    // Page 1, the other pages (in rounds of at most 50), then the affiliate names.
    const listRounds = 1 + Math.ceil((pages - 1) / 50) + 1;

    clearCache();
    record(
      await measure(affise, `AFFISE_INVOICES, ${payments.length.toLocaleString('en-US')} invoices, cold`, formula('AFFISE_INVOICES'), listRounds, `target: ${count(pages, 'list request')} and 1 of affiliate names`),
    );
    record(await measure(affise, 'AFFISE_INVOICES, warm', formula('AFFISE_INVOICES'), 0, 'target: no request'));

    clearCache();
    await affise.configure({ faults: { storm429: { requests: STORM } } });
    record(await measure(affise, `AFFISE_INVOICES, cold, ${STORM} × 429 in a row`, formula('AFFISE_INVOICES'), listRounds, 'each 429 resent after a backoff; rounds halve'));

    const ids = payments.slice(0, 500).map((payment) => [payment.id]);
    clearCache();
    record(await measure(affise, `AFFISE_INVOICE_LINES, ${ids.length} ids, cold`, formula('AFFISE_INVOICE_LINES', ids), 1, `target: ${count(Math.ceil(ids.length / PAGE_SIZE), 'request')} (id[], 100 a request), 1 round`));
    record(await measure(affise, `AFFISE_INVOICE_LINES, ${ids.length} ids, warm`, formula('AFFISE_INVOICE_LINES', ids), 0, 'target: no request'));

    installReport(harness, REPORT);
    const report = (): { seconds: number; error: string | null } => {
      const run = runReportOnce(harness, REPORT);
      const failed = !run.outcome.ok ? run.outcome.error : run.status.lastResult === 'failed' ? run.status.lastError : null;
      return { seconds: run.outcome.elapsedMs / 1000, error: failed };
    };
    record(await measure(affise, 'Affise invoices report, first run', report, listRounds, `target: ${count(pages, 'list request')} and 1 of names`));
    record(await measure(affise, 'Affise invoices report, nothing changed', report, 1, 'target: 1 request'));
    const changed = payments.slice(0, Math.max(1, Math.round(payments.length / 100))).map((payment) => payment.id);
    await affise.mutate({ kind: 'touch', ids: changed });
    record(
      await measure(affise, `Affise invoices report, ${changed.length} changed`, report, 2, `target: about ceil(K/100) + 1 = ${count(Math.ceil(changed.length / PAGE_SIZE) + 1, 'request')}; the hour-wide filter also returns what changed earlier in that hour`),
    );

    // Every invoice owed (what is not becomes waiting or pending), so the dashboard lists all of them.
    const notOwed = payments.filter((payment) => ![WAITING, PENDING, PARTLY_PAID].includes(payment.status)).map((payment) => payment.id);
    await affise.mutate({ kind: 'touch', ids: notOwed.slice(0, notOwed.length / 2), status: WAITING });
    await affise.mutate({ kind: 'touch', ids: notOwed.slice(notOwed.length / 2), status: PENDING });
    installReport(harness, DASHBOARD);
    const dashboardRounds = 1 + Math.ceil((pages - 1) / 50);
    let written = '';
    const dashboard = (): { seconds: number; error: string | null } => {
      harness.sheets.calls.reset();
      const run = runReportOnce(harness, DASHBOARD);
      const failed = !run.outcome.ok ? run.outcome.error : run.status.lastResult === 'failed' ? run.status.lastError : null;
      written = `${count(harness.sheets.calls.count('Range.setValues'), 'write')} of changed cells in ${count(run.log?.rowsWritten ?? 0, 'row')}`;
      return { seconds: run.outcome.elapsedMs / 1000, error: failed };
    };
    const measureDashboard = async (name: string, owed: number, note = ''): Promise<void> => {
      const measured = await measure(affise, name, dashboard, dashboardRounds, `target: ${count(Math.ceil(owed / PAGE_SIZE), 'list request')}, none for one invoice${note}`);
      record({ ...measured, note: `${measured.note}; ${written}` });
    };
    const owed = payments.length;
    await measureDashboard(`Affise dashboard, ${owed.toLocaleString('en-US')} owed invoices, first run`, owed);
    await measureDashboard('Affise dashboard, nothing changed', owed);
    const paid = payments.slice(0, Math.max(1, Math.round(payments.length / 100))).map((payment) => payment.id);
    await affise.mutate({ kind: 'touch', ids: paid, status: COMPLETED });
    await measureDashboard(`Affise dashboard, ${paid.length} paid`, owed - paid.length);
    await affise.configure({ faults: { storm429: { requests: STORM } } });
    await measureDashboard(`Affise dashboard, ${STORM} × 429 in a row`, owed - paid.length, '; each 429 resent after a backoff');
  } finally {
    await harness.close();
  }
  return results;
}
