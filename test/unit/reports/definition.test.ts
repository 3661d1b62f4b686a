import { affiseFiltersOf, invoiceFiltersOf, isAffiseReport, parseReportDefinition, progressText, ReportDefinitionError } from '../../../src/app/reports/definition';
import { MAX_ERROR_CHARS, MAX_PROPERTY_BYTES, ReportStore, ReportStoreError, utf8Length } from '../../../src/app/reports/report-store';
import { EMPTY_STATUS } from '../../../src/app/reports/definition';
import { MemoryProperties } from '../../../test-support/memory-ports';

const minimal = { id: 'unpaid', name: 'Unpaid invoices', kind: 'invoices', sheet: 'Unpaid', mode: 'replace' };

describe('report definition', () => {
  it('fills defaults and normalises filters the way the custom functions read them', () => {
    const definition = parseReportDefinition({
      ...minimal,
      kind: 'lines',
      mode: 'merge',
      filters: { status: ' PAID ', start_date: '2025-01-01', end_date: '2025-12-31', min_balance: '10.5', type: 'Offer Detail' },
    });
    expect(definition.schedule).toEqual({ frequency: 'none' });
    expect(definition.enabled).toBe(true);
    expect(definition.notifyAfterFailures).toBe(3);
    expect(definition.filters).toEqual({ status: 'paid', start_date: '2025-01-01', end_date: '2025-12-31', min_balance: 10.5, type: 'offer_detail' });
    if (isAffiseReport(definition)) throw new Error('an Everflow kind was parsed');
    expect(invoiceFiltersOf(definition)).toEqual({ status: 'paid', startDate: '2025-01-01', endDate: '2025-12-31', minBalance: 10.5, maxBalance: null, affiliateIds: null, search: null });
  });

  it('reads an Affise dashboard: its dates and affiliates, and the statuses still owed (waiting, pending, partly paid)', () => {
    const definition = parseReportDefinition({ ...minimal, kind: 'affise-dashboard', filters: { date_from: '2025-01-01', affiliate_ids: '7, 9' } });
    if (!isAffiseReport(definition)) throw new Error('an Affise kind was parsed as Everflow');
    expect(affiseFiltersOf(definition)).toEqual({ statuses: ['waiting', 'pending', 'partly paid'], dateFrom: '2025-01-01', dateTo: null, affiliateIds: [7, 9] });
  });

  it('accepts every schedule form', () => {
    for (const schedule of [
      { frequency: 'hourly' },
      { frequency: 'every-2-hours' },
      { frequency: 'every-4-hours' },
      { frequency: 'every-6-hours' },
      { frequency: 'every-12-hours' },
      { frequency: 'daily', hour: 0 },
      { frequency: 'weekly', day: 'sunday', hour: 23 },
    ]) {
      expect(parseReportDefinition({ ...minimal, schedule }).schedule).toEqual(schedule);
    }
  });

  it('names every bad field in one message', () => {
    const attempt = (): unknown =>
      parseReportDefinition({
        id: 'Bad Id',
        name: '',
        kind: 'invoices',
        sheet: 'Sync log',
        mode: 'replace',
        filters: { status: 'open', start_date: '2025-02-30', colour: 'red' },
        schedule: { frequency: 'daily', hour: 24 },
      });
    expect(attempt).toThrow(ReportDefinitionError);
    expect(attempt).toThrow(/id: must be/);
    expect(attempt).toThrow(/name: is empty/);
    expect(attempt).toThrow(/filters\.status: "open" is not a status/);
    expect(attempt).toThrow(/filters\.start_date: "2025-02-30" is not a date\. Use a date as YYYY-MM-DD/);
    expect(attempt).toThrow(/filters: "colour": not a filter of invoices reports/);
    expect(attempt).toThrow(/sheet: is a sheet the add-on keeps for itself/);
    expect(attempt).toThrow(/schedule\.hour: is an hour from 0 to 23/);
  });

  it('refuses modes and filters that do not fit the kind', () => {
    expect(() => parseReportDefinition({ ...minimal, kind: 'summary', mode: 'merge' })).toThrow(/mode: "merge" does not apply to a summary report; use "replace"/);
    expect(() => parseReportDefinition({ ...minimal, kind: 'lines', mode: 'history' })).toThrow(/"history" does not apply to a lines report/);
    expect(() => parseReportDefinition({ ...minimal, kind: 'refunds' })).toThrow('kind: is not a kind of report; use "invoices", "lines", "payments", "summary", "dashboard", "affise-invoices", "affise-lines", "affise-summary", "affise-dashboard".');
    expect(() => parseReportDefinition({ ...minimal, kind: 'dashboard', filters: { status: 'paid' } })).toThrow(
      /filters: "status": not a filter of dashboard reports, which take start_date, end_date, min_balance, max_balance/,
    );
    expect(() => parseReportDefinition({ ...minimal, kind: 'dashboard', mode: 'merge' })).toThrow(/mode: "merge" does not apply to a dashboard report; use "replace"/);
    expect(() => parseReportDefinition({ ...minimal, kind: 'affise-dashboard', filters: { status: 'waiting' } })).toThrow(
      /filters: "status": not a filter of affise-dashboard reports, which take date_from, date_to, affiliate_ids/,
    );
    expect(() => parseReportDefinition({ ...minimal, kind: 'affise-dashboard', mode: 'merge' })).toThrow(/mode: "merge" does not apply to a affise-dashboard report; use "replace"/);
    expect(() => parseReportDefinition({ ...minimal, kind: 'affise-dashboard', filters: { date_from: '2025-02-01', date_to: '2025-01-01' } })).toThrow(/filters\.date_from: "2025-02-01" is after date_to/);
    expect(() => parseReportDefinition({ ...minimal, filters: { type: 'vat' } })).toThrow(/filters: "type": not a filter of invoices reports, which take status, start_date, end_date, min_balance, max_balance/);
    expect(() => parseReportDefinition({ ...minimal, filters: { start_date: '2025-02-01', end_date: '2025-01-01' } })).toThrow(/is after end_date/);
    expect(() => parseReportDefinition({ ...minimal, filters: { min_balance: 5, max_balance: 1 } })).toThrow(/is more than max_balance/);
  });

  it('lets only an invoices report (Affise, or Everflow for a network key) in merge mode be editable, saying which ones can', () => {
    expect(parseReportDefinition({ ...minimal, kind: 'affise-invoices', mode: 'merge', editable: true }).editable).toBe(true);
    expect(parseReportDefinition({ ...minimal, mode: 'merge', editable: true }).editable).toBe(true);
    expect(parseReportDefinition({ ...minimal, kind: 'affise-invoices', mode: 'replace', editable: false }).editable).toBe(false);
    expect(parseReportDefinition({ ...minimal, kind: 'affise-invoices', mode: 'merge' }).editable).toBeUndefined();
    const only = 'editable: only an "affise-invoices" report, or an "invoices" report of an Everflow network connection, in "merge" mode can be editable';
    expect(() => parseReportDefinition({ ...minimal, kind: 'affise-invoices', mode: 'replace', editable: true })).toThrow(`${only} (this one is "affise-invoices" in "replace" mode)`);
    expect(() => parseReportDefinition({ ...minimal, kind: 'affise-lines', mode: 'merge', editable: true })).toThrow(`${only} (this one is "affise-lines" in "merge" mode)`);
    expect(() => parseReportDefinition({ ...minimal, mode: 'replace', editable: true })).toThrow(`${only} (this one is "invoices" in "replace" mode)`);
    expect(() => parseReportDefinition({ ...minimal, kind: 'lines', mode: 'merge', editable: true })).toThrow(`${only} (this one is "lines" in "merge" mode)`);
    expect(() => parseReportDefinition({ ...minimal, kind: 'affise-invoices', mode: 'merge', editable: 'yes' })).toThrow(/editable:/);
  });

  it('shows backfill progress with thousands separators', () => {
    expect(progressText({ done: 3000, total: 10000 })).toBe('3,000 / 10,000 invoices');
    expect(progressText(null)).toBeNull();
  });
});

describe('report store', () => {
  it('keeps one property per report and reads it back validated', () => {
    const properties = new MemoryProperties();
    const store = new ReportStore(properties);
    const definition = parseReportDefinition(minimal);
    store.put({ definition, status: { ...EMPTY_STATUS, lastRunMs: 5 } });
    expect(properties.keys()).toEqual(['report.unpaid']);
    expect(store.get('unpaid')).toEqual({ definition, status: { ...EMPTY_STATUS, lastRunMs: 5 } });
    expect(store.get('missing')).toBeNull();
  });

  it('reports a corrupt report instead of dropping it, and keeps listing the others', () => {
    const properties = new MemoryProperties();
    const store = new ReportStore(properties);
    store.put({ definition: parseReportDefinition(minimal), status: EMPTY_STATUS });
    properties.set('report.broken', '{"definition": {"id": "broken"');
    properties.set('report.wrong', JSON.stringify({ definition: { ...minimal, id: 'wrong', mode: 'sideways' }, status: {} }));
    properties.set('report.renamed', JSON.stringify({ definition: { ...minimal, id: 'other' }, status: {} }));
    properties.set('unrelated', 'x');
    const listing = store.list();
    expect(listing.reports.map((report) => report.definition.id)).toEqual(['unpaid']);
    expect(listing.problems.map((problem) => problem.id).sort()).toEqual(['broken', 'renamed', 'wrong']);
    expect(listing.problems.find((problem) => problem.id === 'broken')?.message).toMatch(/cannot be read \(it is not valid JSON\)\. Open it and save it again, or remove it\./);
    expect(listing.problems.find((problem) => problem.id === 'wrong')?.message).toMatch(/mode/);
    expect(() => store.get('broken')).toThrow(ReportStoreError);
    expect(properties.get('report.broken')).not.toBeNull();
  });

  it('clips long errors and refuses a report that would not fit the 9 KB property limit', () => {
    const properties = new MemoryProperties();
    const store = new ReportStore(properties);
    const definition = parseReportDefinition(minimal);
    store.put({ definition, status: { ...EMPTY_STATUS, lastError: 'x'.repeat(50_000) } });
    expect(store.get('unpaid')?.status.lastError).toHaveLength(MAX_ERROR_CHARS);
    const hugeEmail = `${'é'.repeat(MAX_PROPERTY_BYTES / 2)}@example.com`;
    expect(() => store.put({ definition, status: { ...EMPTY_STATUS, ownerEmail: hugeEmail } })).toThrow(/may take at most 9,000/);
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
  });
});
