/**
 * The receivables dashboard in the playground, added from the sidebar: its two embedded charts are drawn from the
 * emulated chart objects (as SVG), and after a refresh with changed data they are the same two
 * charts showing the new amounts.
 */
import type { Locator } from 'playwright-core';
import { saveScreenshot } from './support/artifacts';
import { openPlayground, showSheet, waitForText, type PlaygroundSession } from './support/playground';

const SHEET = 'Receivables dashboard';
let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ fakeApi: { invoiceCount: 60 }, spreadsheetTimeZone: 'Europe/London' });
});
afterAll(async () => {
  await session.close();
});

interface DrawnChart {
  id: string | undefined;
  title: string;
  bars: Array<{ series: string; category: string; value: string }>;
}

async function drawnCharts(charts: Locator): Promise<DrawnChart[]> {
  return charts.locator('figure.chart').evaluateAll((figures) =>
    figures.map((figure) => ({
      id: (figure as HTMLElement).dataset['chartId'],
      title: figure.querySelector('svg')?.getAttribute('aria-label') ?? '',
      bars: [...figure.querySelectorAll('rect.chart-bar')].map((bar) => ({
        series: (bar as SVGElement).dataset['series'] ?? '',
        category: (bar as SVGElement).dataset['category'] ?? '',
        value: (bar as SVGElement).dataset['value'] ?? '',
      })),
    })),
  );
}

test('draws the dashboard charts, and redraws the same charts with the new amounts after a refresh', async () => {
  const { page, playground, sidebar } = session;
  // The sidebar's "Add a receivables dashboard": the form comes filled in (its own sheet, daily at 06:00).
  await sidebar.getByRole('tab', { name: 'Reports' }).click();
  await sidebar.getByRole('button', { name: 'Add a receivables dashboard' }).click();
  const form = sidebar.locator('#report-form');
  await waitForText(sidebar.locator('#report-form-title'), 'New receivables dashboard');
  expect(await form.getByLabel('Target sheet').inputValue()).toBe(SHEET);
  expect(await form.getByLabel('Refresh').inputValue()).toBe('daily');
  expect(await form.getByLabel('Hour').inputValue()).toBe('6');
  await expect(form.getByLabel('Status').isVisible()).resolves.toBe(false);
  await saveScreenshot(page, 'dashboard-form');
  await form.getByRole('button', { name: 'Save' }).click();
  await waitForText(sidebar.locator('#reports-notice'), 'Saved "Receivables dashboard".');
  await sidebar.locator('li[data-report-id="receivables-dashboard"]').getByRole('button', { name: 'Run Receivables dashboard now' }).click();
  await waitForText(sidebar.locator('#reports-notice'), 'Receivables dashboard: ok');
  await page.reload();
  await page.locator('body[data-version]').waitFor();
  await showSheet(page, SHEET);
  const charts = page.getByRole('region', { name: 'Charts on this sheet' });
  await charts.locator('figure.chart svg[role="img"]').nth(1).waitFor();
  await waitForText(charts.locator('.chart-title').first(), 'Aging per currency');

  const before = await drawnCharts(charts);
  expect(before.map((chart) => chart.title)).toEqual(['Aging per currency', 'Falling due by week, per currency']);
  const [aging, due] = before;
  expect(aging?.bars.length).toBeGreaterThan(0);
  expect(new Set(aging?.bars.map((bar) => bar.series))).toEqual(new Set(['Not yet due', '1–30 days', '31–60 days', '61–90 days', 'Over 90 days', 'No due date']));
  // One series per currency in the weekly chart: currencies are never added together.
  expect(due?.bars.every((bar) => /^[A-Z]{3}$/.test(bar.series))).toBe(true);
  await saveScreenshot(page, 'dashboard-charts');

  // Every invoice paid but the first ten: the refreshed charts are the same two, with other amounts.
  const api = playground.harness.api;
  if (!api) throw new Error('the playground runs the fake API');
  const ids = (await api.invoices()).map((invoice) => invoice.id);
  await api.mutate({ kind: 'touch', ids: ids.slice(10), changes: { status: 'paid' } });
  expect(playground.harness.execute('menuRefreshAll')).toMatchObject({ ok: true });
  await page.reload();
  await page.locator('body[data-version]').waitFor();
  await showSheet(page, SHEET);
  await charts.locator('figure.chart svg[role="img"]').nth(1).waitFor();

  const after = await drawnCharts(charts);
  expect(after.map((chart) => chart.id)).toEqual(before.map((chart) => chart.id));
  expect(after.map((chart) => chart.title)).toEqual(before.map((chart) => chart.title));
  expect(after[0]?.bars).not.toEqual(aging?.bars);
  await saveScreenshot(page, 'dashboard-charts-refreshed');
  expect(session.pageErrors).toEqual([]);
});

test("adds an Affise account's dashboard from the same button: its charts render and change after a refresh with changed data", async () => {
  const { page, playground, sidebar } = session;
  const affiseSheet = 'Affise receivables';
  await sidebar.getByRole('tab', { name: 'Reports' }).click();
  await sidebar.getByRole('button', { name: 'Add a receivables dashboard' }).click();
  const form = sidebar.locator('#report-form');
  await waitForText(sidebar.locator('#report-form-title'), 'New receivables dashboard');
  // The Account lists Everflow and Affise connections alike; choosing the Affise one makes it Affise's dashboard.
  const account = form.getByLabel('Account');
  const offered = await account.locator('option').allTextContents();
  expect(offered).toEqual(expect.arrayContaining(['Affise (Affise)']));
  expect(offered.some((label) => label.endsWith('(Everflow)'))).toBe(true);
  await account.selectOption({ label: 'Affise (Affise)' });
  expect(await form.getByLabel('Kind').inputValue()).toBe('affise-dashboard');
  await expect(form.getByLabel('Min balance').isVisible()).resolves.toBe(false);
  await expect(form.getByLabel('Status').isVisible()).resolves.toBe(false);
  // Affise filters on the creation date.
  await expect(form.getByLabel('Created from').isVisible()).resolves.toBe(true);
  await form.getByLabel('Name').fill('Affise receivables');
  await form.getByLabel('Target sheet').fill(affiseSheet);
  await form.getByLabel('Refresh').selectOption('weekly');
  await form.getByLabel('Day').selectOption('monday');
  await form.getByRole('button', { name: 'Estimate cost' }).click();
  await waitForText(sidebar.locator('#report-cost'), 'invoices match');
  await saveScreenshot(page, 'affise-dashboard-form');
  await form.getByRole('button', { name: 'Save' }).click();
  await waitForText(sidebar.locator('#reports-notice'), 'Saved "Affise receivables".');
  const item = sidebar.locator('li[data-report-id="affise-receivables"]');
  await waitForText(item, 'Mondays at 06:00');
  await item.getByRole('button', { name: 'Run Affise receivables now' }).click();
  await waitForText(sidebar.locator('#reports-notice'), 'Affise receivables: ok');

  await page.reload();
  await page.locator('body[data-version]').waitFor();
  await showSheet(page, affiseSheet);
  const charts = page.getByRole('region', { name: 'Charts on this sheet' });
  await charts.locator('figure.chart svg[role="img"]').nth(1).waitFor();
  const before = await drawnCharts(charts);
  expect(before.map((chart) => chart.title)).toEqual(['Aging per currency', 'Falling due by week, per currency']);
  const [aging, due] = before;
  expect(aging?.bars.some((bar) => Number(bar.value) > 0)).toBe(true);
  expect(due?.bars.every((bar) => /^[A-Z]{3}$/.test(bar.series))).toBe(true);
  await saveScreenshot(page, 'affise-dashboard-charts');

  // Most of what was owed is paid (completed): the same two charts, with other amounts.
  const affise = playground.harness.affise;
  if (!affise) throw new Error('the playground runs the fake Affise');
  const owed = (await affise.payments()).filter((payment) => [1, 3, 4].includes(payment.status)).map((payment) => payment.id);
  await affise.mutate({ kind: 'touch', ids: owed.slice(5), status: 2 });
  expect(playground.harness.execute('menuRefreshAll')).toMatchObject({ ok: true });
  await page.reload();
  await page.locator('body[data-version]').waitFor();
  await showSheet(page, affiseSheet);
  await charts.locator('figure.chart svg[role="img"]').nth(1).waitFor();

  const after = await drawnCharts(charts);
  expect(after.map((chart) => chart.id)).toEqual(before.map((chart) => chart.id));
  expect(after.map((chart) => chart.title)).toEqual(before.map((chart) => chart.title));
  expect(after[0]?.bars).not.toEqual(aging?.bars);
  await saveScreenshot(page, 'affise-dashboard-charts-refreshed');
  expect(session.pageErrors).toEqual([]);
});
