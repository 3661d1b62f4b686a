import type { ReportRunRecord, RunSummary } from './run-reports';

const count = (n: number, unit: string): string => `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;

function runLine(run: ReportRunRecord): string {
  const head = `${run.name}: ${run.result}`;
  if (run.result === 'skipped' || run.result === 'failed') return `${head}. ${run.details ?? ''}`.trim();
  const effect = `${count(run.rowsWritten, 'row')} written, ${count(run.rowsRemoved, 'row')} removed, ${count(run.requests, 'request')}`;
  return `${head}, ${effect}${run.details ? `. ${run.details}` : '.'}`;
}

/** What a person reads after "Refresh now": one line per report, then anything unreadable. */
export function runSummaryText(summary: RunSummary): string {
  if (summary.lockBusy) return 'Another refresh of this document is running. Try again in a minute.';
  const lines = summary.runs.map(runLine);
  for (const problem of summary.problems) lines.push(`Report "${problem.id}" could not be read: ${problem.message}`);
  if (lines.length === 0) return 'There are no reports to refresh. Insert one from the menu or the sidebar.';
  return lines.join('\n');
}
