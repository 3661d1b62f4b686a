/**
 * Embedded charts: `Sheet.newChart()`, the builders, `EmbeddedChart` and `Charts.ChartType`, over
 * `ChartRecord`s kept on the model sheet. As in Apps Script, a built chart is a value: nothing on
 * the sheet changes until `insertChart`, `updateChart` or `removeChart`, and a chart read with
 * `getCharts()` keeps its id across updates, so tests can tell an updated chart from a new one.
 */
import type { GridArea } from './a1';
import { AppsScriptException } from '../exception';
import type { FakeSheet } from './model';
import { enumName, enumOf, type EnumValue } from './service-context';

export const CHART_TYPES = [
  'AREA',
  'BAR',
  'BUBBLE',
  'CANDLESTICK',
  'COLUMN',
  'COMBO',
  'GAUGE',
  'GEO',
  'HISTOGRAM',
  'RADAR',
  'LINE',
  'ORG',
  'PIE',
  'SCATTER',
  'SPARKLINE',
  'STEPPED_AREA',
  'TABLE',
  'TIMELINE',
  'TREEMAP',
  'WATERFALL',
] as const;
export type ChartTypeName = (typeof CHART_TYPES)[number];

/** The `Charts` global: the enums a spreadsheet script uses to build embedded charts. */
export const ChartsFake = Object.freeze({
  ChartType: enumOf(CHART_TYPES),
  ChartMergeStrategy: enumOf(['MERGE_COLUMNS', 'MERGE_ROWS'] as const),
  ChartHiddenDimensionStrategy: enumOf(['IGNORE_BOTH', 'IGNORE_ROWS', 'IGNORE_COLUMNS', 'SHOW_BOTH'] as const),
  Position: enumOf(['TOP', 'RIGHT', 'BOTTOM', 'NONE'] as const),
});

/** A chart's source range: the sheet it is on and where. */
export interface ChartRange {
  sheet: FakeSheet;
  area: GridArea;
}

export interface ChartPosition {
  anchorRow: number;
  anchorColumn: number;
  offsetX: number;
  offsetY: number;
}

/** What a sheet stores of one embedded chart (tests and the playground read these). */
export interface ChartRecord {
  chartId: number;
  type: ChartTypeName;
  ranges: ChartRange[];
  /** Options by their dotted names ('title', 'isStacked', 'colors', 'series.0.color', ...). */
  options: Map<string, unknown>;
  position: ChartPosition;
  numHeaders: number;
  mergeStrategy: string;
  transposeRowsAndColumns: boolean;
  hiddenDimensionStrategy: string;
}

/** What the chart views need from the spreadsheet views (kept abstract to avoid an import cycle). */
export interface ChartHost {
  /** The `Range` view of a chart range. */
  rangeView(range: ChartRange): unknown;
  /** The model behind a `Range` view passed in by the script, or null if it is not a range. */
  rangeModel(value: unknown): ChartRange | null;
  /** The next chart id of the spreadsheet (unique across its sheets). */
  nextChartId(): number;
}

type ChartState = Omit<ChartRecord, 'chartId'> & { chartId: number | null };

function copyState(state: ChartState): ChartState {
  return { ...state, ranges: state.ranges.map((range) => ({ ...range, area: { ...range.area } })), options: new Map(state.options), position: { ...state.position } };
}

function mismatch(method: string, args: readonly unknown[]): AppsScriptException {
  const types = args.map((value) => (value === null || value === undefined ? 'null' : typeof value === 'string' ? 'String' : typeof value === 'number' ? 'number' : 'Object'));
  return new AppsScriptException(`The parameters (${types.join(',')}) don't match the method signature for ${method}.`);
}

/** A fresh chart's state: no type, no ranges, anchored at A1. */
export function emptyChartState(): ChartState {
  return {
    chartId: null,
    type: 'COLUMN',
    ranges: [],
    options: new Map(),
    position: { anchorRow: 1, anchorColumn: 1, offsetX: 0, offsetY: 0 },
    numHeaders: -1,
    mergeStrategy: 'MERGE_COLUMNS',
    transposeRowsAndColumns: false,
    hiddenDimensionStrategy: 'IGNORE_BOTH',
  };
}

/** `EmbeddedChartBuilder` and its typed variants (`asColumnChart()` returns the same builder). */
export class EmbeddedChartBuilderFake {
  private typeChosen: boolean;

  constructor(
    private readonly host: ChartHost,
    private readonly state: ChartState,
  ) {
    this.typeChosen = state.chartId !== null;
  }

  addRange(range: unknown): this {
    const model = this.host.rangeModel(range);
    if (!model) throw mismatch('EmbeddedChartBuilder.addRange', [range]);
    this.state.ranges.push({ sheet: model.sheet, area: { ...model.area } });
    return this;
  }

  removeRange(range: unknown): this {
    const model = this.host.rangeModel(range);
    if (!model) throw mismatch('EmbeddedChartBuilder.removeRange', [range]);
    const index = this.state.ranges.findIndex((candidate) => candidate.sheet === model.sheet && sameArea(candidate.area, model.area));
    if (index >= 0) this.state.ranges.splice(index, 1);
    return this;
  }

  clearRanges(): this {
    this.state.ranges.length = 0;
    return this;
  }

  getRanges(): unknown[] {
    return this.state.ranges.map((range) => this.host.rangeView(range));
  }

  setChartType(type: unknown): this {
    const name = enumName(type);
    if (name === null || !(CHART_TYPES as readonly string[]).includes(name)) throw mismatch('EmbeddedChartBuilder.setChartType', [type]);
    this.state.type = name as ChartTypeName;
    this.typeChosen = true;
    return this;
  }

  getChartType(): EnumValue | null {
    return this.typeChosen ? ChartsFake.ChartType[this.state.type] : null;
  }

  setOption(option: unknown, value: unknown): this {
    if (typeof option !== 'string' || option === '') throw mismatch('EmbeddedChartBuilder.setOption', [option, value]);
    this.state.options.set(option, structuredCloneOption(value));
    return this;
  }

  setPosition(anchorRowPos: unknown, anchorColPos: unknown, offsetX: unknown, offsetY: unknown): this {
    const args = [anchorRowPos, anchorColPos, offsetX, offsetY];
    if (!args.every((value) => typeof value === 'number' && Number.isInteger(value))) throw mismatch('EmbeddedChartBuilder.setPosition', args);
    if ((anchorRowPos as number) < 1 || (anchorColPos as number) < 1) throw new AppsScriptException('The chart position must be inside the sheet.');
    this.state.position = { anchorRow: anchorRowPos as number, anchorColumn: anchorColPos as number, offsetX: offsetX as number, offsetY: offsetY as number };
    return this;
  }

  setNumHeaders(headers: unknown): this {
    if (typeof headers !== 'number' || !Number.isInteger(headers)) throw mismatch('EmbeddedChartBuilder.setNumHeaders', [headers]);
    this.state.numHeaders = headers;
    return this;
  }

  setMergeStrategy(strategy: unknown): this {
    const name = enumName(strategy);
    if (name !== 'MERGE_COLUMNS' && name !== 'MERGE_ROWS') throw mismatch('EmbeddedChartBuilder.setMergeStrategy', [strategy]);
    this.state.mergeStrategy = name;
    return this;
  }

  setTransposeRowsAndColumns(transpose: unknown): this {
    if (typeof transpose !== 'boolean') throw mismatch('EmbeddedChartBuilder.setTransposeRowsAndColumns', [transpose]);
    this.state.transposeRowsAndColumns = transpose;
    return this;
  }

  setHiddenDimensionStrategy(strategy: unknown): this {
    const name = enumName(strategy);
    if (name === null || !(Object.keys(ChartsFake.ChartHiddenDimensionStrategy) as string[]).includes(name)) throw mismatch('EmbeddedChartBuilder.setHiddenDimensionStrategy', [strategy]);
    this.state.hiddenDimensionStrategy = name;
    return this;
  }

  // The typed builders' setters are options under Google Charts' names.
  setTitle(title: unknown): this {
    return this.setOption('title', String(title));
  }

  setStacked(): this {
    return this.setOption('isStacked', true);
  }

  setColors(colors: unknown): this {
    if (!Array.isArray(colors) || !colors.every((color) => typeof color === 'string')) throw mismatch('EmbeddedChartBuilder.setColors', [colors]);
    return this.setOption('colors', colors);
  }

  setLegendPosition(position: unknown): this {
    const name = enumName(position);
    if (name === null) throw mismatch('EmbeddedChartBuilder.setLegendPosition', [position]);
    return this.setOption('legend.position', name.toLowerCase());
  }

  setXAxisTitle(title: unknown): this {
    return this.setOption('hAxis.title', String(title));
  }

  setYAxisTitle(title: unknown): this {
    return this.setOption('vAxis.title', String(title));
  }

  asColumnChart(): this {
    return this.setChartType(ChartsFake.ChartType.COLUMN);
  }

  asBarChart(): this {
    return this.setChartType(ChartsFake.ChartType.BAR);
  }

  asLineChart(): this {
    return this.setChartType(ChartsFake.ChartType.LINE);
  }

  asPieChart(): this {
    return this.setChartType(ChartsFake.ChartType.PIE);
  }

  asAreaChart(): this {
    return this.setChartType(ChartsFake.ChartType.AREA);
  }

  asTableChart(): this {
    return this.setChartType(ChartsFake.ChartType.TABLE);
  }

  build(): EmbeddedChartFake {
    if (!this.typeChosen) throw new AppsScriptException('The chart type must be set before the chart is built.');
    return new EmbeddedChartFake(this.host, copyState(this.state));
  }
}

/** `ChartOptions`: read-only view of a chart's options. */
export class ChartOptionsFake {
  constructor(private readonly options: ReadonlyMap<string, unknown>) {}

  get(option: unknown): unknown {
    if (typeof option !== 'string') throw mismatch('ChartOptions.get', [option]);
    return this.options.has(option) ? structuredCloneOption(this.options.get(option)) : null;
  }

  getOrDefault(option: unknown): unknown {
    return this.get(option);
  }
}

/** `EmbeddedChart`: a value; `modify()` starts a builder from it. */
export class EmbeddedChartFake {
  constructor(
    private readonly host: ChartHost,
    /** The chart as built or as read from the sheet (id null until inserted and read back). */
    readonly state: ChartState,
  ) {}

  getChartId(): number | null {
    return this.state.chartId;
  }

  getId(): string | null {
    return this.state.chartId === null ? null : `u${this.state.chartId}`;
  }

  getRanges(): unknown[] {
    return this.state.ranges.map((range) => this.host.rangeView(range));
  }

  getOptions(): ChartOptionsFake {
    return new ChartOptionsFake(this.state.options);
  }

  getNumHeaders(): number {
    return this.state.numHeaders;
  }

  getMergeStrategy(): EnumValue {
    return ChartsFake.ChartMergeStrategy[this.state.mergeStrategy as 'MERGE_COLUMNS'];
  }

  getTransposeRowsAndColumns(): boolean {
    return this.state.transposeRowsAndColumns;
  }

  getHiddenDimensionStrategy(): EnumValue {
    return ChartsFake.ChartHiddenDimensionStrategy[this.state.hiddenDimensionStrategy as 'IGNORE_BOTH'];
  }

  getContainerInfo(): { getAnchorRow(): number; getAnchorColumn(): number; getOffsetX(): number; getOffsetY(): number } {
    const position = { ...this.state.position };
    return { getAnchorRow: () => position.anchorRow, getAnchorColumn: () => position.anchorColumn, getOffsetX: () => position.offsetX, getOffsetY: () => position.offsetY };
  }

  modify(): EmbeddedChartBuilderFake {
    return new EmbeddedChartBuilderFake(this.host, copyState(this.state));
  }
}

/** The sheet side: what `Sheet.newChart/insertChart/updateChart/removeChart/getCharts` do. */
export class SheetCharts {
  constructor(
    private readonly host: ChartHost,
    private readonly sheet: FakeSheet,
  ) {}

  newChart(): EmbeddedChartBuilderFake {
    return new EmbeddedChartBuilderFake(this.host, emptyChartState());
  }

  getCharts(): EmbeddedChartFake[] {
    return this.sheet.charts.map((record) => new EmbeddedChartFake(this.host, copyState(record)));
  }

  insertChart(chart: unknown): void {
    if (!(chart instanceof EmbeddedChartFake)) throw mismatch('Sheet.insertChart', [chart]);
    if (chart.state.chartId !== null && this.sheet.charts.some((record) => record.chartId === chart.state.chartId)) {
      throw new AppsScriptException('The chart is already on the sheet: use updateChart to change it.');
    }
    this.sheet.charts.push({ ...copyState(chart.state), chartId: this.host.nextChartId() });
  }

  updateChart(chart: unknown): void {
    if (!(chart instanceof EmbeddedChartFake)) throw mismatch('Sheet.updateChart', [chart]);
    const index = this.sheet.charts.findIndex((record) => record.chartId === chart.state.chartId);
    if (chart.state.chartId === null || index < 0) throw new AppsScriptException('The chart does not exist on this sheet: it may have been removed.');
    this.sheet.charts[index] = { ...copyState(chart.state), chartId: chart.state.chartId };
  }

  removeChart(chart: unknown): void {
    if (!(chart instanceof EmbeddedChartFake)) throw mismatch('Sheet.removeChart', [chart]);
    const index = this.sheet.charts.findIndex((record) => record.chartId === chart.state.chartId);
    if (chart.state.chartId === null || index < 0) throw new AppsScriptException('The chart does not exist on this sheet: it may have been removed.');
    this.sheet.charts.splice(index, 1);
  }
}

function sameArea(a: GridArea, b: GridArea): boolean {
  return a.row === b.row && a.column === b.column && a.numRows === b.numRows && a.numColumns === b.numColumns;
}

/** Options hold JSON-like values; a copy keeps the script from changing a stored chart in place. */
function structuredCloneOption(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value)) as unknown;
}
