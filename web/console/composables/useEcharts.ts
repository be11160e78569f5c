// The one way the console draws a chart: tree-shaken ECharts (only the charts and components used here), the SVG
// renderer (crisp on a big screen, text in the DOM), resized with its box, disposed with its component. The option
// is a reactive getter: when what it reads changes, the chart is updated in place (no re-creation, no flicker).
import { onBeforeUnmount, onMounted, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue';
import { init, use, type ComposeOption, type ECElementEvent, type EChartsType } from 'echarts/core';
import {
  BarChart,
  GraphChart,
  LineChart,
  PieChart,
  ScatterChart,
  type BarSeriesOption,
  type GraphSeriesOption,
  type LineSeriesOption,
  type PieSeriesOption,
  type ScatterSeriesOption,
} from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// The dashboard's bars, lines and pies; the transmission chain of a trace (graph) and its timeline (scatter, zoomed).
use([BarChart, LineChart, PieChart, GraphChart, ScatterChart, DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GraphSeriesOption
  | ScatterSeriesOption
  | DataZoomComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export type ChartTheme = 'light' | 'dark';
export type ChartClick = ECElementEvent;

export interface EchartsOptions {
  theme?: MaybeRefOrGetter<ChartTheme>;
  /** a click on a data item (a bar, a slice, a point) */
  onClick?: (event: ChartClick) => void;
}

export function useEcharts(el: Ref<HTMLElement | null>, option: () => ChartOption, opts: EchartsOptions = {}) {
  const chart = shallowRef<EChartsType | null>(null);
  let observer: ResizeObserver | null = null;
  const themeName = () => (toValue(opts.theme) === 'dark' ? 'dark' : undefined);

  function apply(next: ChartOption): void {
    // The series are replaced (a drill-down may bring other ones); the rest merges, so updates animate.
    chart.value?.setOption({ backgroundColor: 'transparent', ...next }, { replaceMerge: ['series'] });
  }

  onMounted(() => {
    if (!el.value) return;
    const instance = init(el.value, themeName(), { renderer: 'svg' });
    chart.value = instance;
    if (opts.onClick) instance.on('click', (e) => opts.onClick?.(e as ECElementEvent));
    apply(option());
    observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.value);
  });

  watch(option, (next) => apply(next));
  watch(themeName, (name) => {
    chart.value?.setTheme(name ?? 'default');
  });

  onBeforeUnmount(() => {
    observer?.disconnect();
    observer = null;
    chart.value?.dispose();
    chart.value = null;
  });

  return { chart };
}
