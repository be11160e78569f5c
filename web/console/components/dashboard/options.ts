// The chart options of the dashboard, built from its figures: pure functions, so the desk view and the big screen
// draw the same charts (the big screen with larger type). Labels in the page language; place names from the server.
import type { ChartOption } from '../../composables/useEcharts.ts';
import { CATEGORIES, type Dashboard, type SubUnitFigures } from '../../services/dashboard.ts';

export type Translate = (key: string, named?: Record<string, unknown>) => string;

export interface ChartLook {
  t: Translate;
  /** the big screen: larger type */
  large: boolean;
}

/** A slice per item; the smallest beyond this many become one "other" slice, so a pie stays readable. */
const PIE_SLICES = 10;
const CATEGORY_COLORS: Record<string, string> = { confirmed: '#d9363e', suspected: '#f08a24', fever: '#e6b422', close_contact: '#5b8ff9' };
const FLAG_COLORS: Record<string, string> = { fever: '#d9363e', risk_area: '#f08a24', symptoms: '#e6b422', watch_list: '#8e44ad' };

const fontSize = (look: ChartLook) => (look.large ? 18 : 12);

/** The parts every chart has: type size, tooltip, legend, an empty-state title. */
function base(look: ChartLook, empty: boolean, trigger: 'axis' | 'item'): ChartOption {
  const size = fontSize(look);
  return {
    textStyle: { fontSize: size },
    tooltip: { trigger, confine: true, textStyle: { fontSize: size } },
    legend: { top: 0, type: 'scroll', textStyle: { fontSize: size } },
    title: { show: empty, text: look.t('dashboard.noData'), left: 'center', top: 'middle', textStyle: { fontSize: size + 2, fontWeight: 'normal', color: '#999' } },
  };
}

function shortDay(day: string): string {
  return day.slice(5);
}

/** A sub-unit's name; the row of the unit's own sites says so. */
export function subUnitName(u: SubUnitFigures, t: Translate): string {
  return u.own ? t('dashboard.subUnits.own', { name: u.name }) : u.name;
}

/** The unit to drill down to from the sub-unit at this index (bar or row); none for the unit's own sites. */
export function drillTarget(d: Dashboard, index: number): string | null {
  const unit = d.subUnits[index];
  return unit && !unit.own ? unit.code : null;
}

/** Horizontal bars, busiest on top: check-ins and flagged per subordinate unit. Click a bar to drill down. */
export function subUnitBars(d: Dashboard, look: ChartLook): ChartOption {
  const units = d.subUnits;
  return horizontalBars(
    units.map((u) => subUnitName(u, look.t)),
    [
      { name: look.t('dashboard.series.checkins'), data: units.map((u) => u.checkins), color: '#5b8ff9' },
      { name: look.t('dashboard.series.flagged'), data: units.map((u) => u.flagged), color: '#d9363e' },
    ],
    look,
  );
}

/** The busiest sites of the subtree. */
export function siteBars(d: Dashboard, look: ChartLook): ChartOption {
  const sites = d.sites.slice(0, look.large ? 12 : 15);
  return horizontalBars(
    sites.map((s) => s.name),
    [
      { name: look.t('dashboard.series.checkins'), data: sites.map((s) => s.checkins), color: '#5ad8a6' },
      { name: look.t('dashboard.series.flagged'), data: sites.map((s) => s.flagged), color: '#d9363e' },
    ],
    look,
  );
}

function horizontalBars(names: string[], series: Array<{ name: string; data: number[]; color: string }>, look: ChartLook): ChartOption {
  const size = fontSize(look);
  return {
    ...base(look, names.length === 0, 'axis'),
    grid: { left: 8, right: 24, top: look.large ? 40 : 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: size } },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { fontSize: size, width: look.large ? 180 : 120, overflow: 'truncate' } },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, itemStyle: { color: s.color }, barMaxWidth: look.large ? 28 : 18, cursor: 'pointer' })),
  };
}

export type PieKind = 'provinces' | 'cities' | 'siteKinds' | 'flagReasons';

function pieData(d: Dashboard, kind: PieKind, t: Translate): Array<{ name: string; value: number; itemStyle?: { color: string } }> {
  switch (kind) {
    case 'provinces':
      return d.origins.provinces.map((o) => ({ name: o.name, value: o.checkins }));
    case 'cities':
      return d.origins.cities.map((o) => ({ name: o.name, value: o.checkins }));
    case 'siteKinds':
      return d.siteKinds.map((k) => ({ name: t(`dashboard.siteKinds.${k.kind}`), value: k.checkins }));
    case 'flagReasons':
      return d.flagReasons.map((f) => ({
        name: t(`dashboard.flags.${f.flag in FLAG_COLORS ? f.flag : 'other'}`),
        value: f.count,
        ...(FLAG_COLORS[f.flag] ? { itemStyle: { color: FLAG_COLORS[f.flag] } } : {}),
      }));
  }
}

/** A ring of slices, the biggest first; beyond PIE_SLICES the rest is one "other" slice. */
export function pie(d: Dashboard, kind: PieKind, look: ChartLook): ChartOption {
  const all = pieData(d, kind, look.t).filter((x) => x.value > 0).sort((a, b) => b.value - a.value);
  const data = all.length > PIE_SLICES ? [...all.slice(0, PIE_SLICES - 1), { name: look.t('dashboard.flags.other'), value: all.slice(PIE_SLICES - 1).reduce((n, x) => n + x.value, 0) }] : all;
  const size = fontSize(look);
  return {
    ...base(look, data.length === 0, 'item'),
    legend: { type: 'scroll', bottom: 0, textStyle: { fontSize: size } },
    series: [
      {
        type: 'pie',
        name: look.t(`dashboard.charts.${kind === 'provinces' ? 'originProvince' : kind === 'cities' ? 'originCity' : kind}`),
        // Room around the ring for the labels (name over share), so place names are not cut short.
        radius: ['30%', '54%'],
        center: ['50%', '46%'],
        avoidLabelOverlap: true,
        minShowLabelAngle: 6,
        label: { formatter: '{b}\n{d}%', fontSize: size, lineHeight: Math.round(size * 1.3) },
        data,
      },
    ],
  };
}

/** Check-ins (left axis) and flagged (right axis) per day, each with its 7-day average dashed. */
export function dailyLines(d: Dashboard, look: ChartLook): ChartOption {
  const size = fontSize(look);
  const t = look.t;
  const line = (name: string, data: number[], color: string, axis: number, dashed: boolean) => ({
    type: 'line' as const,
    name,
    data,
    yAxisIndex: axis,
    // Straight segments: a smoothed curve would dip below zero next to a jump.
    smooth: false,
    showSymbol: !dashed,
    itemStyle: { color },
    lineStyle: { color, type: dashed ? ('dashed' as const) : ('solid' as const), width: look.large ? 3 : 2 },
  });
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    ...base(look, d.daily.length === 0, 'axis'),
    grid: { left: 8, right: 8, top: look.large ? 48 : 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: d.daily.map((x) => shortDay(x.day)), axisLabel: { fontSize: size } },
    yAxis: [
      { type: 'value', minInterval: 1, name: t('dashboard.series.checkins'), nameTextStyle: { fontSize: size }, axisLabel: { fontSize: size } },
      { type: 'value', minInterval: 1, name: t('dashboard.series.flagged'), nameTextStyle: { fontSize: size }, axisLabel: { fontSize: size }, splitLine: { show: false } },
    ],
    series: [
      line(t('dashboard.series.checkins'), d.daily.map((x) => x.checkins), '#5b8ff9', 0, false),
      line(t('dashboard.series.checkinsAvg7'), d.daily.map((x) => round(x.checkinsAvg7)), '#5b8ff9', 0, true),
      line(t('dashboard.series.flagged'), d.daily.map((x) => x.flagged), '#d9363e', 1, false),
      line(t('dashboard.series.flaggedAvg7'), d.daily.map((x) => round(x.flaggedAvg7)), '#d9363e', 1, true),
    ],
  };
}

/** The current count of each of the four categories at the end of every day. */
export function categoryLines(d: Dashboard, look: ChartLook): ChartOption {
  const size = fontSize(look);
  return {
    ...base(look, d.categoriesDaily.length === 0, 'axis'),
    grid: { left: 8, right: 16, top: look.large ? 48 : 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: d.categoriesDaily.map((x) => shortDay(x.day)), axisLabel: { fontSize: size } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: size } },
    series: CATEGORIES.map((c) => ({
      type: 'line' as const,
      name: look.t(`dashboard.categories.${c}`),
      data: d.categoriesDaily.map((x) => x[c]),
      itemStyle: { color: CATEGORY_COLORS[c] },
      lineStyle: { width: look.large ? 3 : 2 },
    })),
  };
}

export { CATEGORY_COLORS };
