/**
 * The built page alone, with google.script.run answered by stubs: the page's own behaviour
 * (tabs, keyboard, how a failed call shows) without the emulator.
 */
import type { Page } from 'playwright-core';
import type { ReportForm, ReportRunView, ReportsOverview, ReportView, RunProgressView, SidebarState } from '../../src/app/sidebar/api';
import { definitionOf } from '../../src/app/sidebar/reports';
import { sidebarCatalog } from '../../src/entry/sidebar/catalog';
import { dateFormatsOf } from '../../src/sheet/date-formats';
import { saveScreenshot } from './support/artifacts';
import { UI_TIMEOUT_MS } from './support/playground';
import { useStubbedSidebar } from './support/stubbed-page';

const STATE: SidebarState = { connections: { connections: [], problem: null }, functions: sidebarCatalog(), timeZone: 'Europe/Berlin', locale: 'de_DE', dateFormats: dateFormatsOf('de_DE') };

const stubbed = useStubbedSidebar({ width: 300, height: 800 });

test('the page loads its state and moves between tabs with the arrow keys', async () => {
  const { page } = stubbed;
  const sidebar = await stubbed.serve({ sidebarLoad: () => STATE });
  await page.goto(sidebar.url);
  await page.locator('body[data-ready="true"]').waitFor();
  await expectText(page, '#connection-summary', 'No connection yet. Add your Everflow or Affise account.');

  await page.getByRole('tab', { name: 'Connection' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(await page.getByRole('tab', { name: 'Functions' }).getAttribute('aria-selected')).toBe('true');
  expect(await page.locator('#panel-functions').isVisible()).toBe(true);
  expect(await page.locator('#panel-connection').isVisible()).toBe(false);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-functions');

  await page.keyboard.press('End');
  expect(await page.locator('#panel-help').isVisible()).toBe(true);
  const helpNames = await page.locator('#help-functions h3').allTextContents();
  expect(helpNames.map((text) => text.split('(')[0])).toEqual(STATE.functions.map((fn) => `=${fn.name}`));
  // How dates read comes with the page's state, in the spreadsheet's locale.
  await expectText(
    page,
    '#help-dates',
    "This spreadsheet's locale is de_DE and its time zone Europe/Berlin: reports write dates as dd.mm.yyyy and times as dd.mm.yyyy hh:mm:ss, as does the Sync log, and the times in this sidebar read the same way.",
  );
  await saveScreenshot(page, 'sidebar-help');
  // Passing the Reports tab loaded its list: panels load on first view.
  expect(sidebar.calls.map((call) => call.fn)).toEqual(['sidebarLoad', 'sidebarListReports']);
});

test('a server that cannot be reached shows why in the alert region', async () => {
  const { page } = stubbed;
  const sidebar = await stubbed.serve({
    sidebarLoad: () => {
      throw new Error('Exception: Authorisation is required to perform that action.');
    },
  });
  await page.goto(sidebar.url);
  await expectText(page, '#connection-list-error', 'Authorisation is required to perform that action.');
  expect(await page.locator('#connection-list-error').getAttribute('role')).toBe('alert');
  await expectText(page, '#connection-summary', 'The add-on could not be reached.');
});

const REPORT: ReportView = {
  id: 'lines',
  name: 'All lines',
  kind: 'Lines',
  filtersText: 'All invoices',
  sheet: 'Lines',
  mode: 'Replace',
  scheduleText: 'Not scheduled',
  enabled: true,
  lastRun: null,
  lastResult: null,
  nextRun: null,
  lastError: null,
  progressText: null,
  form: { id: 'lines', name: 'All lines', kind: 'lines', status: '', startDate: '', endDate: '', minBalance: '', maxBalance: '', lineType: '', sheet: 'Lines', mode: 'replace', frequency: 'none', hour: '', day: '', enabled: true },
};

const OVERVIEW: ReportsOverview = {
  reports: [REPORT],
  problems: [],
  sheets: ['Sheet1'],
  triggerText: 'No report has a schedule, so no trigger is installed.',
  choices: { kinds: ['lines'], modesByKind: { lines: ['replace'] }, frequencies: [{ value: 'none', label: 'Only when I run it', needsHour: false, needsDay: false }], weekdays: [], statuses: [], lineTypes: [],
    accounts: [],
    affiseAccounts: [],
    networkAccounts: [],
    providerByKind: { lines: 'everflow' },
    fieldsByKind: { lines: ['status', 'startDate', 'endDate', 'minBalance', 'maxBalance', 'lineType'] },
    dashboardKindByProvider: { everflow: 'dashboard', affise: 'affise-dashboard' },
  },
  timeZone: 'Etc/UTC',
};

function slice(done: number, total: number): ReportRunView {
  const complete = done === total;
  return {
    report: { ...REPORT, progressText: complete ? null : `${done} / ${total} invoices` },
    outcome: complete ? 'ok' : 'partial',
    complete,
    done: complete ? null : done,
    total: complete ? null : total,
    message: complete ? 'All lines: ok, 4,000 rows written.' : `All lines: partial. Backfill under way: ${done} / ${total} invoices. The next run continues.`,
  };
}

test('run now shows the backfill moving across calls until it completes', async () => {
  // Each call waits until the test answers it, so every step of the progress can be seen.
  const calls = new HeldCalls<ReportRunView>();
  const { page } = stubbed;
  const sidebar = await stubbed.serve({
    sidebarLoad: () => STATE,
    sidebarListReports: () => OVERVIEW,
    sidebarRunReport: () => calls.hold(),
    // Nothing counted yet: the count moves only as each call answers.
    sidebarRunProgress: () => null,
  });
  await page.goto(sidebar.url);
  await page.locator('body[data-ready="true"]').waitFor();
  await page.getByRole('tab', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Run All lines now' }).click();

  const progress = page.getByRole('progressbar', { name: 'Progress of All lines' });
  const status = 'li[data-report-id="lines"] [role="status"]';
  const answer = await calls.next();
  await expectText(page, status, 'Running "All lines"…');
  expect(await progress.getAttribute('value')).toBeNull();
  expect(await page.getByRole('button', { name: 'Run All lines now' }).isDisabled()).toBe(true);

  answer(slice(300, 1000));
  const second = await calls.next();
  await expectText(page, status, 'Running "All lines"… 300 / 1,000 invoices');
  // "Running" shows once: on the card, not again in the list's busy line.
  expect(await page.locator('#reports-busy').textContent()).toBe('');
  expect(await progress.evaluate((bar) => [(bar as HTMLProgressElement).value, (bar as HTMLProgressElement).max])).toEqual([300, 1000]);

  second(slice(700, 1000));
  const third = await calls.next();
  await expectText(page, status, 'Running "All lines"… 700 / 1,000 invoices');
  expect(await progress.evaluate((bar) => (bar as HTMLProgressElement).value)).toBe(700);

  third(slice(1000, 1000));
  await expectText(page, '#reports-notice', 'All lines: ok, 4,000 rows written. Open sheet "Lines"');
  const runCalls = sidebar.calls.map((call) => call.fn).filter((fn) => fn !== 'sidebarRunProgress');
  expect(runCalls).toEqual(['sidebarLoad', 'sidebarListReports', 'sidebarRunReport', 'sidebarRunReport', 'sidebarRunReport', 'sidebarListReports']);
  expect(await page.getByRole('button', { name: 'Run All lines now' }).isDisabled()).toBe(false);
});

test('while one run call is in flight, the count moves as the page asks for it', async () => {
  const runs = new HeldCalls<ReportRunView>();
  const counts = new HeldCalls<RunProgressView | null>();
  const { page } = stubbed;
  const sidebar = await stubbed.serve({
    sidebarLoad: () => STATE,
    sidebarListReports: () => OVERVIEW,
    sidebarRunReport: () => runs.hold(),
    sidebarRunProgress: () => counts.hold(),
  });
  await page.goto(sidebar.url);
  await page.locator('body[data-ready="true"]').waitFor();
  await page.getByRole('tab', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Run All lines now' }).click();

  const status = 'li[data-report-id="lines"] [role="status"]';
  const progress = page.getByRole('progressbar', { name: 'Progress of All lines' });
  const run = await runs.next();
  // Asked before the run counted anything: no count, still "Running" alone.
  (await counts.next())(null);
  await expectText(page, status, 'Running "All lines"…');
  (await counts.next())({ done: 120, total: 539 });
  await expectText(page, status, 'Running "All lines"… 120 / 539 invoices');
  expect(await progress.evaluate((bar) => [(bar as HTMLProgressElement).value, (bar as HTMLProgressElement).max])).toEqual([120, 539]);
  (await counts.next())({ done: 300, total: 539 });
  await expectText(page, status, 'Running "All lines"… 300 / 539 invoices');
  await saveScreenshot(page, 'report-run-counting');
  expect(await page.locator('#reports-busy').textContent()).toBe('');
  expect(await page.getByText(/Running/).count()).toBe(1);

  // A count still in flight when the run answers is older than the answer: it is dropped.
  const late = await counts.next();
  run(slice(539, 539));
  await expectText(page, '#reports-notice', 'All lines: ok, 4,000 rows written. Open sheet "Lines"');
  late({ done: 310, total: 539 });
  await page.getByRole('button', { name: 'Open sheet "Lines"' }).waitFor();
  expect(await page.getByText(/310 \/ 539/).count()).toBe(0);
  expect(sidebar.calls.filter((call) => call.fn === 'sidebarRunProgress').map((call) => call.args)).toEqual(Array.from({ length: 4 }, () => [{ id: 'lines' }]));
});

test('Affiliate IDs and Search show for a network key’s connection; a wrong ID is named under its field, as the server reads it', async () => {
  const overview: ReportsOverview = {
    ...OVERVIEW,
    reports: [],
    choices: {
      ...OVERVIEW.choices,
      kinds: ['invoices', 'dashboard'],
      modesByKind: { invoices: ['replace'], dashboard: ['replace'] },
      accounts: ['Partner', 'Network'],
      networkAccounts: ['Network'],
      providerByKind: { invoices: 'everflow', dashboard: 'everflow' },
      fieldsByKind: { invoices: ['status', 'startDate', 'endDate', 'minBalance', 'maxBalance', 'affiliateIds', 'search'], dashboard: ['startDate', 'endDate', 'minBalance', 'maxBalance'] },
    },
  };
  const saved: ReportForm[] = [];
  const { page } = stubbed;
  const sidebar = await stubbed.serve({
    sidebarLoad: () => STATE,
    sidebarListReports: () => overview,
    sidebarEstimateReportCost: () => ({ invoices: 40, requests: 1, executions: 1, triggerMinutes: 1, level: 'ok', lines: ['About 40 invoices match.'] }),
    // The server's own check of the form: the functions' parameters, its messages labelled as the form labels its fields.
    sidebarSaveReport: (form) => {
      definitionOf(form, null, []);
      saved.push(form);
      return overview;
    },
  });
  await page.goto(sidebar.url);
  await page.locator('body[data-ready="true"]').waitFor();
  await page.getByRole('tab', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'New report' }).click();
  const form = page.locator('#report-form');
  await form.getByLabel('Name').fill('Network invoices');
  await form.getByLabel('Target sheet').fill('Network');
  const affiliates = form.getByLabel('Affiliate IDs');
  const search = form.getByLabel('Search');

  // Of two connections, which one "the only connection" means is unknown; the partner key's has no such filters.
  expect([await affiliates.isVisible(), await search.isVisible()]).toEqual([false, false]);
  await form.getByLabel('Account').selectOption('everflow:Partner');
  expect([await affiliates.isVisible(), await search.isVisible()]).toEqual([false, false]);
  await form.getByLabel('Account').selectOption('everflow:Network');
  expect([await affiliates.isVisible(), await search.isVisible()]).toEqual([true, true]);

  await affiliates.fill('21, x');
  await search.fill('Acme');
  await page.getByRole('button', { name: 'Save' }).click();
  await expectText(
    page,
    '#report-affiliates-error',
    'Affiliate IDs: "x" (in "21, x") is not an affiliate ID. Use whole numbers above 0 such as 123, a list such as "123, 456" or a range of cells holding IDs, or leave it empty for every affiliate; blank cells and a header such as "Affiliate ID" are skipped.',
  );
  expect(await affiliates.getAttribute('aria-invalid')).toBe('true');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('report-affiliates');
  expect(saved).toEqual([]);

  await affiliates.fill('21, 22');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#reports-notice').filter({ hasText: 'Saved "Network invoices".' }).waitFor();
  expect(saved.map((report) => [report.account, report.affiliateIds, report.search])).toEqual([['Network', '21, 22', 'Acme']]);

  // A kind that takes neither hides them, and they are sent empty.
  await page.getByRole('button', { name: 'New report' }).click();
  await form.getByLabel('Account').selectOption('everflow:Network');
  expect(await affiliates.isVisible()).toBe(true);
  await form.getByLabel('Kind').selectOption('dashboard');
  expect([await affiliates.isVisible(), await search.isVisible()]).toEqual([false, false]);
});

/** Server calls held until the test answers them, one at a time in the order they came. */
class HeldCalls<T> {
  private readonly held: Array<(answer: T) => void> = [];
  private arrived: (() => void) | null = null;

  hold(): Promise<T> {
    return new Promise<T>((resolve) => {
      this.held.push(resolve);
      this.arrived?.();
    });
  }

  /** The answer function of the next call, once the page made it. */
  async next(): Promise<(answer: T) => void> {
    if (this.held.length === 0) await new Promise<void>((resolve) => (this.arrived = resolve));
    this.arrived = null;
    const answer = this.held.shift();
    if (!answer) throw new Error('no call arrived');
    return answer;
  }
}

async function expectText(target: Page, selector: string, text: string): Promise<void> {
  const locator = target.locator(selector);
  await locator.filter({ hasText: text }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect((await locator.textContent())?.trim()).toBe(text);
}
