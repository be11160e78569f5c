// The timeline view of a trace: time on the x axis (the window), one row per person (the case on top, then the
// contacts by degree and score), a mark per evidence at the contact's time, coloured by how; on the case's row, a
// mark per time the case was at a place where it met someone. The chosen cluster's rows stay bright.
import type { ChartOption } from '../../composables/useEcharts.ts';
import { EXPOSURE_KINDS, type Evidence, type ExposureKind, type TraceView } from '../../services/tracing.ts';
import { clusterFocus, contactLabel } from './graph.ts';
import { esc, evidenceLine, type Look } from './format.ts';

export const KIND_COLORS: Record<ExposureKind, string> = {
  household: '#cf1322',
  companion: '#d46b08',
  vehicle: '#d4b106',
  floating_address: '#7cb305',
  community_building: '#08979c',
  community_presence: '#1d39c4',
  checkpoint_passage: '#722ed1',
};
const CASE_COLOR = '#d9363e';
const ROW_HEIGHT = 26;
const HOUR = 3_600_000;

/** One mark: [time ms, row] and what its tooltip says. */
interface Mark {
  value: [number, number];
  tip: string;
  weight: number;
  faded: boolean;
}

export function timelineRows(trace: TraceView): string[] {
  const contacts = [...trace.contacts].sort((a, b) => a.degree - b.degree || b.score - a.score);
  return [trace.case.node, ...contacts.map((c) => c.node)];
}

export function timelineHeight(trace: TraceView): number {
  return Math.max(320, Math.min(1400, 110 + timelineRows(trace).length * ROW_HEIGHT));
}

export function timelineOption(trace: TraceView, look: Look, clusterId: string | null): ChartOption {
  const { t } = look;
  const rows = timelineRows(trace);
  const rowOf = new Map(rows.map((node, i) => [node, i]));
  const byNode = new Map(trace.contacts.map((c) => [c.node, c]));
  const focus = clusterFocus(trace, clusterId);
  const faded = (node: string) => !!focus && !focus.has(node);
  const labels = rows.map((node, i) => {
    if (i === 0) return trace.case.person.name ?? t('tracing.graph.case');
    const c = byNode.get(node)!;
    return `${contactLabel(c, look)} (${c.degree})`;
  });
  const marks = new Map<ExposureKind, Mark[]>(EXPOSURE_KINDS.map((k) => [k, []]));
  /** presence longer than a moment, as segments [start, row], [end, row], then a break */
  const spans = new Map<ExposureKind, ([number, number] | null)[]>(EXPOSURE_KINDS.map((k) => [k, []]));
  const casePresence = new Map<number, Evidence[]>();
  const caseSpans: ([number, number] | null)[] = [];
  const times: number[] = [];
  for (const c of trace.contacts) {
    const row = rowOf.get(c.node)!;
    for (const e of c.evidence) {
      const [start, end] = e.times.contact.map(Date.parse);
      marks.get(e.how)!.push({ value: [start, row], tip: esc(evidenceLine(e, look)), weight: e.weight, faded: faded(c.node) });
      if (end > start) spans.get(e.how)!.push([start, row], [end, row], null);
      times.push(start, end);
      if (e.from === trace.case.node) {
        const at = Date.parse(e.times.source[0]);
        casePresence.set(at, [...(casePresence.get(at) ?? []), e]);
        const until = Date.parse(e.times.source[1]);
        if (until > at) caseSpans.push([at, 0], [until, 0], null);
        times.push(at, until);
      }
    }
  }
  // The axis spans the window and every presence shown; the view opens on the evidence (the slider shows the rest).
  const from = Math.min(Date.parse(trace.window.from), ...times);
  const to = Math.max(Date.parse(trace.window.to), ...times);
  const pad = Math.max(HOUR, ((times.length ? Math.max(...times) - Math.min(...times) : 0) * 0.08));
  const zoom = times.length ? { startValue: Math.max(from, Math.min(...times) - pad), endValue: Math.min(to, Math.max(...times) + pad) } : {};
  const size = (w: number) => 8 + Math.round(w * 14);
  return {
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => {
        const item = p as unknown as { data: { tip?: string } };
        return item.data.tip ?? '';
      },
    },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 24, top: 36, bottom: 56, containLabel: true },
    xAxis: {
      type: 'time',
      min: from,
      max: to,
      axisLabel: { formatter: { year: '{yyyy}', month: '{MM}-{dd}', day: '{MM}-{dd}', hour: '{HH}:{mm}', minute: '{HH}:{mm}', second: '{HH}:{mm}:{ss}' } },
      splitLine: { show: true, lineStyle: { type: 'dashed', opacity: 0.5 } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels,
      axisLabel: { width: 140, overflow: 'truncate', color: (_v?: string | number, i?: number) => (i === 0 ? CASE_COLOR : '#555') },
      splitLine: { show: true, lineStyle: { opacity: 0.35 } },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none', ...zoom },
      { type: 'slider', xAxisIndex: 0, height: 18, bottom: 8, filterMode: 'none', ...zoom },
    ],
    series: [
      {
        type: 'scatter',
        name: t('tracing.graph.legend.case'),
        itemStyle: { color: CASE_COLOR },
        symbol: 'diamond',
        symbolSize: 12,
        data: [...casePresence.entries()].map(([at, list]) => ({
          value: [at, 0],
          tip: [esc(t('tracing.graph.case')), ...list.map((e) => esc(evidenceLine(e, look)))].join('<br/>'),
          itemStyle: { opacity: focus ? 0.5 : 1 },
        })),
      },
      ...EXPOSURE_KINDS.filter((k) => marks.get(k)!.length).map((k) => ({
        type: 'scatter' as const,
        name: t(`tracing.kinds.${k}`),
        itemStyle: { color: KIND_COLORS[k] },
        data: marks.get(k)!.map((m) => ({ value: m.value, tip: m.tip, symbolSize: size(m.weight), itemStyle: { opacity: m.faded ? 0.12 : 0.9 } })),
      })),
      // Same name as the marks of the kind: the legend shows and hides both.
      ...[{ name: t('tracing.graph.legend.case'), data: caseSpans, color: CASE_COLOR }, ...EXPOSURE_KINDS.map((k) => ({ name: t(`tracing.kinds.${k}`), data: spans.get(k)!, color: KIND_COLORS[k] }))]
        .filter((line) => line.data.length)
        .map((line) => ({
          type: 'line' as const,
          name: line.name,
          data: line.data,
          connectNulls: false,
          symbol: 'none',
          silent: true,
          lineStyle: { width: 6, color: line.color, opacity: focus ? 0.15 : 0.35, cap: 'round' as const },
          z: 1,
        })),
    ],
  };
}
