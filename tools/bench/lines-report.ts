/**
 * Benchmark part (b): a lines report over all invoices, on the real clock, run as its hourly
 * trigger runs it. The first backfill spans several executions (each stops before 5 minutes);
 * then a refresh with nothing changed and one with 1% of the invoices changed, whose cost should
 * be exactly ceil(N / 2000) + K requests.
 */
import { parseReportDefinition, progressText } from '../../src/app/reports/definition';
import type { AddOnHarness } from '../../test-support/harness';
import { installReport } from '../runner/report-document';
import { fireTriggerUntilReportRuns, type ReportRun } from '../runner/report-runs';
import { count, floorSeconds, refillBucket, startCounting, trafficSince, type Measurement, type Traffic } from './traffic';

const PAGE_SIZE = 2_000;
/** A backfill of 10,000 invoices takes 8 runs; this many means something is wrong. */
const MAX_BACKFILL_RUNS = 30;

const DEFINITION = parseReportDefinition({
  id: 'bench-lines',
  name: 'Line items (benchmark)',
  kind: 'lines',
  mode: 'merge',
  sheet: 'Lines',
  schedule: { frequency: 'hourly' },
});

interface MeasuredRun {
  run: ReportRun;
  traffic: Traffic;
  seconds: number;
  floorSeconds: number;
}

/** Rounds that must follow one another: the list's first page, its other pages, then details. */
function inherentRounds(invoiceCount: number, requests: number): number {
  const pages = Math.ceil(invoiceCount / PAGE_SIZE);
  return (pages > 1 ? 2 : 1) + (requests > pages ? 1 : 0);
}

/** One run by the trigger, with the bucket full as after the hour between firings. */
async function measuredRun(harness: AddOnHarness, invoiceCount: number): Promise<MeasuredRun> {
  const api = harness.api;
  if (!api) throw new Error('The benchmark needs the fake API it started.');
  await refillBucket();
  await startCounting(api);
  const run = fireTriggerUntilReportRuns(harness, DEFINITION);
  const traffic = await trafficSince(api);
  return { run, traffic, seconds: run.outcome.elapsedMs / 1000, floorSeconds: floorSeconds(traffic, inherentRounds(invoiceCount, traffic.requests)) };
}

function describeRun(label: string, measured: MeasuredRun): string {
  const { run, traffic } = measured;
  const result = run.outcome.ok ? (run.log?.result ?? 'no log line') : `execution failed: ${run.outcome.error}`;
  const progress = progressText(run.status.progress) ?? 'complete';
  const error = run.status.lastResult === 'failed' ? ` (${run.status.lastError ?? ''})` : '';
  return `  ${label}: ${result}${error}, ${count(traffic.requests, 'request')}, ${traffic.rateLimited} × 429, ${measured.seconds.toFixed(1)} s (floor ${measured.floorSeconds.toFixed(1)} s), ${progress}`;
}

export async function benchLinesReport(harness: AddOnHarness, invoiceCount: number, log: (line: string) => void): Promise<Measurement[]> {
  const api = harness.api;
  if (!api) throw new Error('The benchmark needs the fake API it started.');
  installReport(harness, DEFINITION);
  const pages = Math.ceil(invoiceCount / PAGE_SIZE);

  const backfill: MeasuredRun[] = [];
  for (let index = 1; index <= MAX_BACKFILL_RUNS; index += 1) {
    const measured = await measuredRun(harness, invoiceCount);
    backfill.push(measured);
    log(describeRun(`backfill run ${index}`, measured));
    if (measured.run.status.lastResult === 'ok') break;
  }
  const lines = Math.max(0, (harness.sheets.spreadsheet.sheetByName(DEFINITION.sheet)?.lastRow() ?? 1) - 1);
  const sum = (pick: (m: MeasuredRun) => number): number => backfill.reduce((total, m) => total + pick(m), 0);
  const completed = backfill.at(-1)?.run.status.lastResult === 'ok';
  const first: Measurement = {
    name: `Lines report, ${invoiceCount.toLocaleString('en-US')} invoices (${lines.toLocaleString('en-US')} lines): first backfill`,
    requests: sum((m) => m.traffic.requests),
    rounds: sum((m) => m.traffic.rounds),
    rateLimited: sum((m) => m.traffic.rateLimited),
    seconds: sum((m) => m.seconds),
    floorSeconds: sum((m) => m.floorSeconds),
    note: `${count(backfill.length, 'run')} of at most 5 min${completed ? '' : '; NOT COMPLETED'}; target ${count(invoiceCount + pages * backfill.length, 'request')}`,
  };

  const steady = async (label: string, changed: number): Promise<Measurement> => {
    const measured = await measuredRun(harness, invoiceCount);
    log(describeRun(label, measured));
    const target = pages + changed;
    return {
      name: `Lines report: ${label}`,
      ...measured.traffic,
      seconds: measured.seconds,
      floorSeconds: measured.floorSeconds,
      note: `target ${count(target, 'request')} (ceil(N/2000) + K), 0 × 429${measured.traffic.requests === target && measured.traffic.rateLimited === 0 ? '' : ' - MISSED'}`,
    };
  };
  const unchanged = await steady('refresh, nothing changed (K = 0)', 0);
  const changed = (await api.mutate({ kind: 'changeFraction', fraction: 0.01 })).ids.length;
  const onePercent = await steady(`refresh, 1% changed (K = ${changed})`, changed);
  return [first, unchanged, onePercent];
}
