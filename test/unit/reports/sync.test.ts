import type { ReportDefinitionInput } from '../../../src/app/reports/definition';
import { WRITE_RESERVE_MS } from '../../../src/app/reports/refresh';
import { ReportStore } from '../../../src/app/reports/report-store';
import { runReportsNow, type RunSummary } from '../../../src/app/reports/run-reports';
import { stateSheetName } from '../../../src/app/reports/sync-state';
import { DETAIL_REQUEST_MS, LIST_REQUEST_MS, makeInvoice, makeLine, PAGE_SIZE } from './support/fake-provider';
import { Harness } from './support/harness';

const lines = (mode: 'merge' | 'replace' = 'merge'): ReportDefinitionInput => ({ id: 'lines', name: 'Lines', kind: 'lines', sheet: 'Lines', mode });
const payments = (mode: 'merge' | 'replace' = 'merge'): ReportDefinitionInput => ({ id: 'payments', name: 'Payments', kind: 'payments', sheet: 'Payments', mode });

function harnessWith(count: number, definition: ReportDefinitionInput, lineCount = 2): Harness {
  const harness = new Harness();
  for (let id = 1; id <= count; id += 1) harness.provider.add(makeInvoice(id, { lineCount }));
  harness.save(definition);
  return harness;
}

/** Runs the report once, as "refresh now" does, and answers the run with its request count. */
function refresh(harness: Harness, id: string): RunSummary['runs'][number] {
  const summary = runReportsNow(harness.deps(), harness.deadline(), [id]);
  const run = summary.runs[0];
  if (!run) throw new Error('the report did not run');
  return run;
}

const sheetValues = (harness: Harness, name: string): unknown[][] => harness.spreadsheet.sheetByName(name)?.values() ?? [];
const invoiceIdsOnSheet = (harness: Harness, name: string): number[] => [...new Set(sheetValues(harness, name).slice(1).map((row) => row[0] as number))];

describe('incremental sync of lines and payments', () => {
  it.each([1, 2000, 2001, 4500])('costs ceil(N / 2000) + N requests the first time and ceil(N / 2000) when nothing changed (N = %i)', (count) => {
    const harness = harnessWith(count, lines(), 1);
    const pages = Math.ceil(count / PAGE_SIZE);
    // 4,500 invoices take more than one run's time: let the backfill finish first.
    let first = 0;
    for (let run = 0; run < 5; run += 1) {
      const result = refresh(harness, 'lines');
      first += result.requests;
      if (result.result === 'ok') break;
      harness.clock.advance(3_600_000);
    }
    if (count <= 1000) expect(first).toBe(pages + count);
    expect(sheetValues(harness, 'Lines')).toHaveLength(count + 1);
    const steady = refresh(harness, 'lines');
    expect(steady.result).toBe('ok');
    expect(steady.requests).toBe(pages);
    expect(steady.rowsWritten).toBe(0);
  });

  it('fetches only new and changed invoices: exactly ceil(N / 2000) + K requests', () => {
    const harness = harnessWith(300, lines());
    refresh(harness, 'lines');
    const changed = [7, 150, 299];
    for (const id of changed) harness.provider.update(id, (invoice) => invoice.lines.push(makeLine(id, id * 100 + 50)));
    harness.provider.add(makeInvoice(301));
    harness.provider.detailRequests = [];
    const run = refresh(harness, 'lines');
    expect(run.requests).toBe(1 + 4);
    expect(harness.provider.detailRequests.sort((a, b) => a - b)).toEqual([7, 150, 299, 301]);
    expect(run.rowsWritten).toBe(3 + 2);
    expect(sheetValues(harness, 'Lines')).toHaveLength(1 + 300 * 2 + 3 + 2);
  });

  it('removes the rows of invoices that left the filter, without fetching them', () => {
    const harness = harnessWith(20, payments());
    refresh(harness, 'payments');
    harness.provider.remove(5);
    harness.provider.update(6, (invoice) => {
      invoice.item = { ...invoice.item, status: 'paid' };
    });
    harness.save({ id: 'payments', name: 'Payments', kind: 'payments', sheet: 'Payments', mode: 'merge', filters: { status: 'unpaid' } });
    // A changed filter starts the sync state over: every matching invoice is fetched once.
    const refilter = refresh(harness, 'payments');
    expect(refilter.requests).toBe(1 + 18);
    expect(invoiceIdsOnSheet(harness, 'Payments')).not.toContain(5);
    expect(invoiceIdsOnSheet(harness, 'Payments')).not.toContain(6);
    harness.provider.remove(7);
    const run = refresh(harness, 'payments');
    expect(run.requests).toBe(1);
    expect(run.rowsRemoved).toBe(1);
    expect(invoiceIdsOnSheet(harness, 'Payments')).toHaveLength(17);
  });

  it('fetches again an invoice whose rows the user deleted, and one with no time_saved', () => {
    const harness = harnessWith(10, lines());
    const invoice3 = harness.provider.invoices.get(3);
    if (!invoice3) throw new Error('no invoice 3');
    invoice3.item = { ...invoice3.item, updatedMs: null };
    refresh(harness, 'lines');
    const sheet = harness.spreadsheet.sheetByName('Lines');
    if (!sheet) throw new Error('no sheet');
    const rowOfInvoice8 = sheet.values().findIndex((row) => row[0] === 8) + 1;
    sheet.deleteRows(rowOfInvoice8, 1);
    harness.provider.detailRequests = [];
    refresh(harness, 'lines');
    expect(harness.provider.detailRequests.sort((a, b) => a - b)).toEqual([3, 8]);
    expect(sheet.values().filter((row) => row[0] === 8)).toHaveLength(2);
  });

  it('shows a line Everflow sends twice once, and does not fetch its invoice again and again', () => {
    for (const mode of ['merge', 'replace'] as const) {
      const harness = new Harness();
      const invoice = makeInvoice(1, { lineCount: 0 });
      invoice.lines = [makeLine(1, 10), makeLine(1, 10), makeLine(1, 11)];
      harness.provider.add(invoice);
      harness.save(lines(mode));
      refresh(harness, 'lines');
      expect(sheetValues(harness, 'Lines').map((row) => row[1])).toEqual(['Line ID', 10, 11]);
      expect(refresh(harness, 'lines').requests).toBe(1);
    }
  });

  it('keeps its state in a hidden sheet, so a new execution syncs incrementally', () => {
    const harness = harnessWith(50, lines());
    refresh(harness, 'lines');
    const stateSheet = harness.spreadsheet.sheetByName(stateSheetName('lines'));
    expect(stateSheet?.hidden).toBe(true);
    expect(stateSheet?.values()).toHaveLength(51);
    expect(refresh(harness, 'lines').requests).toBe(1);
  });

  it('starts over, and ends on the same sheet, when the saved state is unreadable', () => {
    const harness = harnessWith(30, lines('replace'));
    refresh(harness, 'lines');
    const before = harness.spreadsheet.sheetByName('Lines')?.values();
    harness.spreadsheet.sheetByName(stateSheetName('lines'))?.type(1, 1, 'garbage');
    const run = refresh(harness, 'lines');
    expect(run.requests).toBe(1 + 30);
    expect(run.rowsWritten).toBe(0);
    expect(harness.spreadsheet.sheetByName('Lines')?.values()).toEqual(before);
    expect(harness.log.lines.some((line) => line.includes('starting over'))).toBe(true);
  });

  it('filters lines by type', () => {
    const harness = new Harness();
    const invoice = makeInvoice(1, { lineCount: 0 });
    invoice.lines = [makeLine(1, 1, 'vat'), makeLine(1, 2, 'referral'), makeLine(1, 3, 'VAT')];
    harness.provider.add(invoice);
    harness.save({ id: 'lines', name: 'Lines', kind: 'lines', sheet: 'Lines', mode: 'merge', filters: { type: 'vat' } });
    refresh(harness, 'lines');
    expect(sheetValues(harness, 'Lines').map((row) => row[1])).toEqual(['Line ID', 1, 3]);
  });

  it('keeps API text inert in line notes and offer names', () => {
    const harness = new Harness();
    const invoice = makeInvoice(1, { lineCount: 0 });
    invoice.lines = [{ ...makeLine(1, 1), offerName: '=HYPERLINK("https://evil.example","click")', notes: '+SUM(A:A)' }];
    harness.provider.add(invoice);
    harness.save(lines());
    refresh(harness, 'lines');
    const sheet = harness.spreadsheet.sheetByName('Lines');
    expect(sheet?.formulas().flat().filter((formula) => formula !== '')).toEqual([]);
    expect(sheet?.values()[1]?.[4]).toBe('=HYPERLINK("https://evil.example","click")');
  });
});

describe('backfill across runs', () => {
  it('writes whole invoices as far as time allows, says how far it came, and continues on the next run', () => {
    const count = 3000;
    const harness = harnessWith(count, lines());
    const pages = Math.ceil(count / PAGE_SIZE);
    const perRun = Math.floor((5 * 60_000 - WRITE_RESERVE_MS - pages * LIST_REQUEST_MS) / DETAIL_REQUEST_MS);
    const runs = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const run = refresh(harness, 'lines');
      runs.push(run);
      const status = new ReportStore(harness.documentProperties).get('lines')?.status;
      const onSheet = invoiceIdsOnSheet(harness, 'Lines');
      // Whole invoices only: every invoice on the sheet has both its lines.
      expect(sheetValues(harness, 'Lines').length - 1).toBe(onSheet.length * 2);
      if (run.result === 'ok') {
        expect(status?.progress).toBeNull();
        break;
      }
      expect(run.result).toBe('partial');
      expect(onSheet).toHaveLength(Math.min(count, perRun * runs.length));
      expect(status?.progress).toEqual({ done: onSheet.length, total: count });
      expect(run.details).toBe(`Backfill under way: ${onSheet.length.toLocaleString('en-US')} / 3,000 invoices. The next run continues.`);
      harness.clock.advance(3_600_000);
    }
    expect(runs.map((run) => run.result)).toEqual(['partial', 'partial', 'ok']);
    expect(runs.reduce((sum, run) => sum + run.requests, 0)).toBe(runs.length * pages + count);
    expect(invoiceIdsOnSheet(harness, 'Lines')).toHaveLength(count);
  });
});

describe("Google's daily URL-fetch quota", () => {
  it('stops a backfill where the quota ran out, keeps what came, says so, and goes on after the reset', () => {
    const harness = harnessWith(50, lines());
    harness.provider.urlFetchesLeft = 1 + 20;
    const stopped = refresh(harness, 'lines');
    expect(stopped.result).toBe('partial');
    expect(stopped.requests).toBe(1 + 20);
    expect(invoiceIdsOnSheet(harness, 'Lines')).toHaveLength(20);
    expect(stopped.details).toBe(
      "Backfill under way: 20 / 50 invoices. Stopped: Google's daily quota of URL fetches (20,000 a day, 100,000 on Workspace) is used up for this Google account. " +
        'The rows fetched so far are written; the report goes on by itself once the quota resets.',
    );
    const status = new ReportStore(harness.documentProperties).get('lines')?.status;
    expect(status?.progress).toEqual({ done: 20, total: 50 });
    expect(status?.lastError).toContain('URL fetches');

    // Still spent an hour later: nothing is sent and nothing lost.
    harness.clock.advance(3_600_000);
    const refused = refresh(harness, 'lines');
    expect(refused.result).toBe('failed');
    expect(refused.details).toContain('Nothing was written this run; the sheet keeps its data and the report goes on by itself once the quota resets.');
    expect(invoiceIdsOnSheet(harness, 'Lines')).toHaveLength(20);

    harness.provider.urlFetchesLeft = Number.POSITIVE_INFINITY;
    const resumed = refresh(harness, 'lines');
    expect(resumed.result).toBe('ok');
    expect(resumed.requests).toBe(1 + 30);
    expect(sheetValues(harness, 'Lines')).toHaveLength(1 + 50 * 2);
    expect(new ReportStore(harness.documentProperties).get('lines')?.status.lastError).toBeNull();
  });
});

describe('failures at every request index', () => {
  /** A synced report, then changes on Everflow's side that the next run must pick up: 1 list + 4 detail requests. */
  function prepared(definition: ReportDefinitionInput): Harness {
    const harness = harnessWith(8, definition);
    refresh(harness, String(definition.id));
    harness.provider.update(2, (invoice) => invoice.lines.push(makeLine(2, 250)));
    harness.provider.update(5, (invoice) => {
      invoice.lines = [makeLine(5, 500)];
      invoice.payments = [];
    });
    harness.provider.update(7, (invoice) => {
      invoice.item = { ...invoice.item, notes: 'changed' };
    });
    harness.provider.remove(3);
    harness.provider.add(makeInvoice(9));
    return harness;
  }

  const snapshotOf = (harness: Harness): string => {
    const reportSheets = harness.spreadsheet.sheets.filter((sheet) => sheet.name() !== 'Sync log');
    return JSON.stringify(reportSheets.map((sheet) => [sheet.name(), sheet.values(), sheet.formulas(), sheet.numberFormats()]), (_key, value: unknown) =>
      value instanceof Date ? value.getTime() : value,
    );
  };

  it.each([lines('merge'), lines('replace'), payments('merge'), payments('replace')])('leaves the sheet as before or as the completed run would ($kind, $mode)', (definition) => {
    const id = String(definition.id);
    const reference = prepared(definition);
    const before = snapshotOf(reference);
    const completed = refresh(reference, id);
    expect(completed.result).toBe('ok');
    expect(completed.requests).toBe(1 + 4);
    const after = snapshotOf(reference);
    expect(after).not.toBe(before);

    for (let index = 1; index <= completed.requests; index += 1) {
      for (const kind of ['fatal', 'transient'] as const) {
        const harness = prepared(definition);
        harness.provider.failure = { atRequest: harness.provider.stats.requests + index, kind };
        const run = refresh(harness, id);
        if (kind === 'fatal') {
          expect(run.result).toBe('failed');
          expect(snapshotOf(harness)).toBe(before);
          // The next run recovers fully.
          expect(refresh(harness, id).result).toBe('ok');
          expect(snapshotOf(harness)).toBe(after);
        } else {
          expect(run.result).toBe('ok');
          expect(run.rateLimited).toBe(1);
          expect(snapshotOf(harness)).toBe(after);
        }
      }
    }
  });
});
