/**
 * A report's cost in Google's daily quotas, in the form, on the built page with google.script.run
 * answered by stubs: a new report is estimated before it is saved, a warning past a day's quota
 * holds the save until Save is pressed again, and Estimate cost answers for any form.
 */
import type { ReportCostView, ReportForm, ReportsOverview, SidebarState } from '../../src/app/sidebar/api';
import { sidebarCatalog } from '../../src/entry/sidebar/catalog';
import { saveScreenshot } from './support/artifacts';
import { dateFormatsOf } from '../../src/sheet/date-formats';
import { useStubbedSidebar } from './support/stubbed-page';

const STATE: SidebarState = {
  connections: { connections: [{ id: 'c1', name: 'Everflow', provider: 'everflow', providerLabel: 'Everflow', region: 'us', host: null, endpoint: 'US', maskedKey: '••••abcd', keyType: 'Affiliate (partner) API key' }], problem: null },
  functions: sidebarCatalog(),
  timeZone: 'Etc/UTC',
  locale: 'en_US',
  dateFormats: dateFormatsOf('en_US'),
};

const EMPTY: ReportsOverview = {
  reports: [],
  problems: [],
  sheets: ['Sheet1'],
  triggerText: 'No report has a schedule, so no trigger is installed.',
  choices: {
    kinds: ['invoices', 'lines'],
    modesByKind: { invoices: ['replace'], lines: ['merge'] },
    frequencies: [
      { value: 'none', label: 'Only when I run it', needsHour: false, needsDay: false },
      { value: 'hourly', label: 'Every hour', needsHour: false, needsDay: false },
    ],
    weekdays: [],
    statuses: [],
    lineTypes: [],
    accounts: [],
    affiseAccounts: [],
    networkAccounts: [],
    providerByKind: { invoices: 'everflow', lines: 'everflow' },
    fieldsByKind: { invoices: ['status', 'startDate', 'endDate', 'minBalance', 'maxBalance'], lines: ['status', 'startDate', 'endDate', 'minBalance', 'maxBalance', 'lineType'] },
    dashboardKindByProvider: { everflow: 'dashboard', affise: 'affise-dashboard' },
  },
  timeZone: 'Etc/UTC',
};

const WARNING: ReportCostView = {
  invoices: 60_000,
  requests: 61_410,
  executions: 48,
  triggerMinutes: 217,
  level: 'warning',
  lines: [
    'About 60,000 invoices match: the first fill takes about 61,410 requests in 48 executions (217 minutes of run time), one an hour: complete in about 47 hours.',
    "Warning: that is more than a day of Google's URL fetches on a consumer account (30,720 of 20,000 a day; Workspace: 100,000).",
  ],
};

const NOTE: ReportCostView = {
  invoices: 10_000,
  requests: 10_040,
  executions: 8,
  triggerMinutes: 36,
  level: 'note',
  lines: ['About 10,000 invoices match.', "Note: that is about 51% of a consumer account's 20,000 URL fetches a day."],
};

const stubbed = useStubbedSidebar({ width: 300, height: 900 });

async function newLinesReport(): Promise<void> {
  const { page } = stubbed;
  await page.goto(stubbed.sidebar?.url ?? '');
  await page.locator('body[data-ready="true"]').waitFor();
  await page.getByRole('tab', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'New report' }).click();
  const form = page.locator('#report-form');
  await form.getByLabel('Name').fill('All lines');
  await form.getByLabel('Kind').selectOption('lines');
  await form.getByLabel('Target sheet').fill('Lines');
  await form.getByLabel('Refresh').selectOption('hourly');
}

const callNames = (): string[] => stubbed.sidebar?.calls.map((call) => call.fn) ?? [];

test('a new report past a day of a quota shows the warning, and is saved only on a second Save', async () => {
  const saved: ReportForm[] = [];
  const { page } = stubbed;
  await stubbed.serve({
    sidebarLoad: () => STATE,
    sidebarListReports: () => EMPTY,
    sidebarEstimateReportCost: () => WARNING,
    sidebarSaveReport: (form) => {
      saved.push(form);
      return EMPTY;
    },
  });
  await newLinesReport();
  await page.getByRole('button', { name: 'Save' }).click();

  const cost = page.locator('#report-cost');
  await cost.filter({ hasText: 'Warning:' }).waitFor();
  expect(await cost.locator('p').allTextContents()).toEqual(WARNING.lines);
  expect(await cost.getAttribute('class')).toBe('cost warning');
  expect((await page.locator('#report-form-error').textContent())?.trim()).toBe(
    'This report needs more than a day of a Google quota (see above). Save again to keep it anyway, or narrow its filters.',
  );
  expect(callNames()).toEqual(['sidebarLoad', 'sidebarListReports', 'sidebarEstimateReportCost']);
  expect(saved).toEqual([]);
  await saveScreenshot(page, 'report-cost-warning');

  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#reports-notice').filter({ hasText: 'Saved "All lines".' }).waitFor();
  expect(saved.map((form) => [form.name, form.kind, form.frequency])).toEqual([['All lines', 'lines', 'hourly']]);
  expect(callNames().filter((name) => name === 'sidebarEstimateReportCost')).toHaveLength(1);
});

test('a changed form is estimated again; a report within the quotas is saved at once', async () => {
  let answer = WARNING;
  const { page } = stubbed;
  const sidebar = await stubbed.serve({
    sidebarLoad: () => STATE,
    sidebarListReports: () => EMPTY,
    sidebarEstimateReportCost: () => answer,
    sidebarSaveReport: () => EMPTY,
  });
  await newLinesReport();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#report-cost').filter({ hasText: 'Warning:' }).waitFor();

  // Narrower filters: a new estimate, a note only, and the report is saved.
  answer = NOTE;
  await page.locator('#report-form').getByLabel('Period from').fill('2026-01-01');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#reports-notice').filter({ hasText: 'Saved "All lines".' }).waitFor();
  expect(callNames()).toEqual(['sidebarLoad', 'sidebarListReports', 'sidebarEstimateReportCost', 'sidebarEstimateReportCost', 'sidebarSaveReport']);
  const estimated = sidebar.calls.filter((call) => call.fn === 'sidebarEstimateReportCost').map((call) => (call.args[0] as ReportForm).startDate);
  expect(estimated).toEqual(['', '2026-01-01']);
});

test('Estimate cost answers without saving, and shows why when it cannot', async () => {
  let fail = false;
  const { page } = stubbed;
  await stubbed.serve({
    sidebarLoad: () => STATE,
    sidebarListReports: () => EMPTY,
    sidebarEstimateReportCost: () => {
      if (fail) throw new Error("Exception: Google's daily quota of URL fetches (20,000 a day, 100,000 on Workspace) is used up for this Google account.");
      return NOTE;
    },
  });
  await newLinesReport();
  await page.getByRole('button', { name: 'Estimate cost' }).click();
  const cost = page.locator('#report-cost');
  await cost.filter({ hasText: 'Note:' }).waitFor();
  expect(await cost.getAttribute('class')).toBe('cost note');

  fail = true;
  await page.getByRole('button', { name: 'Estimate cost' }).click();
  await page.locator('#report-form-error').filter({ hasText: 'URL fetches' }).waitFor();
  expect(await cost.isHidden()).toBe(true);
  expect(callNames()).not.toContain('sidebarSaveReport');
});
