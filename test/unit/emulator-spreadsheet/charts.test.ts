import { harness } from './stub-runtime';

function setup() {
  const { globals, state } = harness(() => ({}));
  const app = globals.SpreadsheetApp;
  const sheet = app.getActiveSheet();
  sheet.getRange('A1:C3').setValues([
    ['Currency', 'Due', 'Late'],
    ['USD', 10, 5],
    ['EUR', 7, 0],
  ]);
  return { app, sheet, state, Charts: globals.Charts };
}

describe('embedded charts', () => {
  it('builds a chart as a value: nothing is on the sheet until insertChart', () => {
    const { sheet, Charts, state } = setup();
    const chart = sheet.newChart().setChartType(Charts.ChartType.COLUMN).addRange(sheet.getRange('A1:C3')).setOption('isStacked', true).setPosition(5, 1, 0, 0).build();
    expect(chart.getChartId()).toBeNull();
    expect(sheet.getCharts()).toHaveLength(0);

    sheet.insertChart(chart);
    const [stored] = sheet.getCharts();
    expect(stored?.getChartId()).toBe(1);
    expect(stored?.getOptions().get('isStacked')).toBe(true);
    expect(stored?.getOptions().get('title')).toBeNull();
    expect((stored?.getRanges()[0] as { getA1Notation(): string }).getA1Notation()).toBe('A1:C3');
    expect(stored?.getContainerInfo().getAnchorRow()).toBe(5);
    expect(state.spreadsheet.allCharts()).toHaveLength(1);
  });

  it('updates a chart in place through modify(): same id, other options kept', () => {
    const { sheet, Charts } = setup();
    sheet.insertChart(sheet.newChart().asColumnChart().addRange(sheet.getRange('A1:C3')).build());
    const userEdit = sheet.getCharts()[0]?.modify().setOption('title', 'My aging').setColors(['#123456']).build();
    sheet.updateChart(userEdit);

    const original = sheet.getCharts()[0];
    const refreshed = original?.modify().clearRanges().addRange(sheet.getRange('A1:C2')).build();
    sheet.updateChart(refreshed);

    const [chart, ...others] = sheet.getCharts();
    expect(others).toHaveLength(0);
    expect(chart?.getChartId()).toBe(original?.getChartId());
    expect(chart?.getOptions().get('title')).toBe('My aging');
    expect(chart?.getOptions().get('colors')).toEqual(['#123456']);
    expect((chart?.getRanges() as { getA1Notation(): string }[]).map((range) => range.getA1Notation())).toEqual(['A1:C2']);
    expect(chart?.modify().getChartType()).toBe(Charts.ChartType.COLUMN);
  });

  it('refuses what Apps Script refuses', () => {
    const { sheet } = setup();
    expect(() => sheet.newChart().addRange(sheet.getRange('A1:B2')).build()).toThrow('The chart type must be set before the chart is built.');
    expect(() => sheet.newChart().addRange('A1:B2')).toThrow("The parameters (String) don't match the method signature for EmbeddedChartBuilder.addRange.");
    const built = sheet.newChart().asLineChart().build();
    expect(() => sheet.updateChart(built)).toThrow('The chart does not exist on this sheet');
    sheet.insertChart(built);
    const stored = sheet.getCharts()[0];
    expect(() => sheet.insertChart(stored)).toThrow('already on the sheet');
    sheet.removeChart(stored);
    expect(sheet.getCharts()).toHaveLength(0);
    expect(() => sheet.removeChart(stored)).toThrow('The chart does not exist on this sheet');
  });

  it('keeps a stored chart safe from changes to a builder or to the values read from it', () => {
    const { sheet } = setup();
    const builder = sheet.newChart().asPieChart().setOption('colors', ['red']);
    sheet.insertChart(builder.build());
    builder.setOption('colors', ['blue']);
    const colors = sheet.getCharts()[0]?.getOptions().get('colors') as string[];
    colors.push('green');
    expect(sheet.getCharts()[0]?.getOptions().get('colors')).toEqual(['red']);
  });

  it('gives ids unique across sheets and never reuses one', () => {
    const { app, sheet } = setup();
    const other = app.getActive().insertSheet('Other');
    sheet.insertChart(sheet.newChart().asBarChart().build());
    sheet.removeChart(sheet.getCharts()[0]);
    other.insertChart(other.newChart().asBarChart().build());
    expect(other.getCharts()[0]?.getChartId()).toBe(2);
  });
});
