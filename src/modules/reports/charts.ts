// Report charts, drawn on the server: ECharts' server-side SVG renderer (no DOM, no canvas) gives an SVG string
// per chart, which pdf.ts draws into the PDF as vectors. Only the chart types and components used are registered.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { CategoryDay, DayFigures, DispatchRow, OriginFigures } from '../analytics/types.ts';
import { CATEGORIES } from '../analytics/types.ts';
import { kindName, word, type ReportLang } from './text.ts';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/** The font family written into the SVG; pdf.ts registers Noto Sans SC under this name. */
export const CHART_FONT = 'NotoSansSC';

/** A chart as drawn: the SVG and its size in CSS pixels (pdf.ts scales it to the page). */
export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
}

/** Charts span the text width of an A4 page (515 pt = 687 px at 96 px per inch). */
export const CHART_WIDTH = 687;
const PALETTE = ['#3b6fd8', '#d9453d', '#f0a330', '#2e9e6b', '#8a5cc7', '#4bb0c8', '#c7703b', '#8a8f99'];

type Option = echarts.EChartsCoreOption;

export function renderChart(option: Option, width: number, height: number): ChartSvg {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: CHART_FONT, fontSize: 11 },
      ...option,
    });
    return { svg: chart.renderToSVGString(), width, height };
  } finally {
    chart.dispose();
  }
}

const legend = { top: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontFamily: CHART_FONT, fontSize: 11 } };
/** "2026-11-28" -> "11-28": the year is in the report's period already. */
const shortDay = (day: string) => day.slice(5);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Check-ins per day (bars), their 7-day average (line) and flagged people per day (line on the right axis). */
export function dailyChart(daily: DayFigures[], lang: ReportLang): ChartSvg {
  return renderChart(
    {
      legend,
      grid: { left: 56, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: daily.map((d) => shortDay(d.day)) },
      yAxis: [
        { type: 'value', name: word(lang, 'checkins'), minInterval: 1 },
        { type: 'value', name: word(lang, 'flagged'), minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: word(lang, 'checkins'), data: daily.map((d) => d.checkins), barMaxWidth: 18 },
        { type: 'line', name: word(lang, 'flagged'), yAxisIndex: 1, data: daily.map((d) => d.flagged), symbolSize: 4 },
        { type: 'line', name: word(lang, 'checkinsAvg7'), data: daily.map((d) => round1(d.checkinsAvg7)), symbol: 'none', lineStyle: { type: 'dashed', width: 2 } },
      ],
    },
    CHART_WIDTH,
    300,
  );
}

/** Horizontal bars, one row per unit, busiest at the top; the height grows with the number of units. */
function unitBars(names: string[], series: Array<{ name: string; data: number[] }>): ChartSvg {
  const rows = names.length;
  return renderChart(
    {
      legend,
      // Room for the unit names inside the chart (ECharts 6's form of the old containLabel).
      grid: { left: 8, right: 40, top: 30, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: { type: 'value', minInterval: 1 },
      // ECharts draws the first category at the bottom; reversed, the busiest is on top like in the table.
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 140, overflow: 'truncate' } },
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, barMaxWidth: 14, label: { show: rows <= 12, position: 'right', fontSize: 9, textBorderColor: 'none' } })),
    },
    CHART_WIDTH,
    Math.max(160, 46 + rows * (series.length > 1 ? 26 : 18)),
  );
}

/** At most this many units in a bar chart; the table below it lists them all. */
export const MAX_CHART_UNITS = 15;

export function subUnitChart(units: Array<{ name: string; checkins: number; flagged: number }>, lang: ReportLang): ChartSvg {
  const shown = units.slice(0, MAX_CHART_UNITS);
  return unitBars(
    shown.map((u) => u.name),
    [
      { name: word(lang, 'checkins'), data: shown.map((u) => u.checkins) },
      { name: word(lang, 'flagged'), data: shown.map((u) => u.flagged) },
    ],
  );
}

/** This week against last week per unit. */
export function weeklyComparisonChart(rows: DispatchRow[], lang: ReportLang): ChartSvg {
  const shown = rows.slice(0, MAX_CHART_UNITS);
  return unitBars(
    shown.map((r) => r.name),
    [
      { name: word(lang, 'week'), data: shown.map((r) => r.checkins.value) },
      { name: word(lang, 'lastWeek'), data: shown.map((r) => r.checkins.previous) },
    ],
  );
}

/** Slices of the pie: the biggest origins, the rest as one "other" slice. */
export const PIE_SLICES = 8;

export function originPie(origins: OriginFigures[], lang: ReportLang): ChartSvg {
  const top = origins.slice(0, PIE_SLICES).map((o) => ({ name: o.name, value: o.checkins }));
  const rest = origins.slice(PIE_SLICES).reduce((s, o) => s + o.checkins, 0);
  if (rest > 0) top.push({ name: word(lang, 'other'), value: rest });
  return renderChart(
    {
      series: [
        {
          type: 'pie',
          radius: ['30%', '62%'],
          center: ['50%', '52%'],
          data: top,
          // No halo around labels: svg-to-pdfkit ignores paint-order, so the white halo would be drawn over the text.
          label: { formatter: '{b} {c} ({d}%)', fontSize: 10, textBorderColor: 'none' },
          itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        },
      ],
    },
    CHART_WIDTH,
    280,
  );
}

/** Current count of each of the four categories at the end of every day. */
export function categoryChart(days: CategoryDay[], lang: ReportLang): ChartSvg {
  return renderChart(
    {
      legend,
      grid: { left: 48, right: 24, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: days.map((d) => shortDay(d.day)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: CATEGORIES.map((c) => ({ type: 'line', name: kindName(lang, c), data: days.map((d) => d[c]), symbolSize: 4 })),
    },
    CHART_WIDTH,
    240,
  );
}
