import type { ChartSpec, ChartStyle, SheetChartsPort } from '../../ports/charts';
import type { CellBlock } from '../../ports/spreadsheet';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type EmbeddedChartBuilder = GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;

/** Embedded charts through Sheet.newChart / insertChart / updateChart. */
export class AppsScriptSheetCharts implements SheetChartsPort {
  constructor(private readonly sheet: Sheet) {}

  ids(): number[] {
    return this.sheet.getCharts().flatMap((chart) => {
      const id = chart.getChartId();
      return id === null ? [] : [id];
    });
  }

  rangesOf(id: number): CellBlock[] {
    const chart = this.sheet.getCharts().find((candidate) => candidate.getChartId() === id);
    const sheetId = this.sheet.getSheetId();
    return (chart?.getRanges() ?? [])
      .filter((range) => range.getSheet().getSheetId() === sheetId)
      .map((range) => ({ row: range.getRow(), column: range.getColumn(), rows: range.getNumRows(), columns: range.getNumColumns() }));
  }

  insert(spec: ChartSpec): number {
    const before = new Set(this.ids());
    const builder = this.withData(this.sheet.newChart(), spec)
      .setOption('title', spec.title)
      .setPosition(spec.anchor.row, spec.anchor.column, 0, 0);
    this.sheet.insertChart(builder.build());
    // insertChart answers nothing: the new chart is the one whose id was not there before.
    const id = this.ids().find((candidate) => !before.has(candidate));
    if (id === undefined) throw new Error('The chart was inserted but does not show on the sheet.');
    return id;
  }

  update(id: number, spec: Pick<ChartSpec, 'style' | 'ranges'>): void {
    const chart = this.sheet.getCharts().find((candidate) => candidate.getChartId() === id);
    if (!chart) throw new Error(`The chart ${id} is no longer on the sheet.`);
    this.sheet.updateChart(this.withData(chart.modify().clearRanges(), spec).build());
  }

  /** Ranges, type and stacking: what the add-on owns on its charts. */
  private withData(builder: EmbeddedChartBuilder, spec: Pick<ChartSpec, 'style' | 'ranges'>): EmbeddedChartBuilder {
    let next = builder.setChartType(Charts.ChartType.COLUMN).setNumHeaders(1).setOption('isStacked', isStacked(spec.style));
    for (const block of spec.ranges) next = next.addRange(rangeOf(this.sheet, block));
    return next;
  }
}

function isStacked(style: ChartStyle): boolean {
  return style === 'stacked-columns';
}

function rangeOf(sheet: Sheet, block: CellBlock): GoogleAppsScript.Spreadsheet.Range {
  return sheet.getRange(block.row, block.column, block.rows, block.columns);
}
