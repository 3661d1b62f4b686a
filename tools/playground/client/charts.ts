import type { GridChart } from '../protocol';

/**
 * The active sheet's embedded charts, drawn as SVG column charts from the emulated chart objects
 * (type, title, colours, stacking, and the cells of their ranges). Built element by element:
 * every text from a cell or a chart option goes in as textContent, never as markup.
 */

const SVG = 'http://www.w3.org/2000/svg';
/** Google Sheets' default series colours. */
const PALETTE = ['#4285f4', '#ea4335', '#fbbc04', '#34a853', '#ff6d01', '#46bdc6', '#7baaf7', '#f07b72'];
const WIDTH = 520;
const HEIGHT = 300;
const MARGIN = { right: 12, bottom: 64, left: 72 };
const TICKS = 4;

function svg<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const amountText = (value: number): string => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The highest value the axis must reach: the tallest stack, or the tallest bar. */
function axisMax(chart: GridChart): number {
  const totals = chart.categories.map((_, index) => {
    const values = chart.series.map((series) => Math.max(0, series.values[index] ?? 0));
    return chart.stacked ? values.reduce((sum, value) => sum + value, 0) : Math.max(0, ...values);
  });
  const max = Math.max(0, ...totals);
  return max === 0 ? 1 : max;
}

function columnChart(chart: GridChart): SVGSVGElement {
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: 'img', class: 'chart-svg' });
  root.setAttribute('aria-label', chart.title === '' ? 'Chart' : chart.title);
  root.append(svg('text', { x: WIDTH / 2, y: 20, 'text-anchor': 'middle', class: 'chart-title' }, chart.title));

  const legend = svg('g', { class: 'chart-legend' });
  let legendLeft = MARGIN.left;
  let top = 44;
  chart.series.forEach((series, seriesIndex) => {
    const itemWidth = 22 + series.name.length * 7;
    if (legendLeft + itemWidth > WIDTH && legendLeft > MARGIN.left) {
      legendLeft = MARGIN.left;
      top += 14;
    }
    legend.append(svg('rect', { x: legendLeft, y: top - 9, width: 10, height: 10, fill: chart.colors[seriesIndex] ?? PALETTE[seriesIndex % PALETTE.length] ?? '#4285f4' }));
    legend.append(svg('text', { x: legendLeft + 14, y: top, class: 'chart-legend-label' }, series.name));
    legendLeft += itemWidth;
  });
  root.append(legend);

  // The plot starts under the legend's last row.
  const plotTop = top + 16;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - plotTop - MARGIN.bottom;
  const max = axisMax(chart);
  const y = (value: number): number => plotTop + plotHeight - (value / max) * plotHeight;

  for (let tick = 0; tick <= TICKS; tick += 1) {
    const value = (max * tick) / TICKS;
    root.append(svg('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value), class: 'chart-gridline' }));
    root.append(svg('text', { x: MARGIN.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'chart-tick' }, amountText(value)));
  }

  const groupWidth = chart.categories.length === 0 ? plotWidth : plotWidth / chart.categories.length;
  const barsPerGroup = chart.stacked ? 1 : Math.max(1, chart.series.length);
  const barWidth = (groupWidth * 0.7) / barsPerGroup;
  chart.categories.forEach((category, index) => {
    const groupLeft = MARGIN.left + index * groupWidth + groupWidth * 0.15;
    let stackTop = 0;
    chart.series.forEach((series, seriesIndex) => {
      const value = Math.max(0, series.values[index] ?? 0);
      const base = chart.stacked ? stackTop : 0;
      const left = chart.stacked ? groupLeft : groupLeft + seriesIndex * barWidth;
      const bar = svg('rect', {
        x: left,
        y: y(base + value),
        width: barWidth,
        height: y(base) - y(base + value),
        fill: chart.colors[seriesIndex] ?? PALETTE[seriesIndex % PALETTE.length] ?? '#4285f4',
        class: 'chart-bar',
      });
      bar.dataset['series'] = series.name;
      bar.dataset['category'] = category;
      bar.dataset['value'] = String(series.values[index] ?? '');
      bar.append(svg('title', {}, `${category} · ${series.name}: ${amountText(series.values[index] ?? 0)}`));
      root.append(bar);
      if (chart.stacked) stackTop += value;
    });
    // Narrow columns (dates under nine weeks) get their labels slanted so they never overlap.
    const labelX = groupLeft + (groupWidth * 0.7) / 2;
    const labelY = plotTop + plotHeight + 16;
    const slanted = groupWidth < category.length * 7;
    const label = svg('text', { x: labelX, y: labelY, 'text-anchor': slanted ? 'end' : 'middle', class: 'chart-category' }, category);
    if (slanted) label.setAttribute('transform', `rotate(-30 ${labelX} ${labelY})`);
    root.append(label);
  });

  return root;
}

/** Replaces the panel's charts with those of the sheet; the panel hides when the sheet has none. */
export function drawCharts(panel: HTMLElement, charts: readonly GridChart[]): void {
  panel.hidden = charts.length === 0;
  panel.replaceChildren(
    ...charts.map((chart) => {
      const figure = document.createElement('figure');
      figure.className = 'chart';
      figure.dataset['chartId'] = String(chart.chartId);
      figure.append(columnChart(chart));
      const caption = document.createElement('figcaption');
      caption.textContent = `${chart.stacked ? 'Stacked columns' : 'Columns'}: ${chart.series.length} series over ${chart.categories.length} categories`;
      figure.append(caption);
      return figure;
    }),
  );
}
