// The transmission chain as chart options, built from a trace: pure functions, so the three views (hierarchical,
// force, timeline) draw the same people the same way. Nodes are the case and its contacts; an edge goes from each
// node a contact was reached from (`via`) to the contact, carrying the evidence whose `from` is that node.
import type { ChartOption } from '../../composables/useEcharts.ts';
import type { Cluster, Contact, Evidence, TraceView } from '../../services/tracing.ts';
import { esc, evidenceLine, type Look } from './format.ts';

/** Categories of the graph (legend order): the case, contacts who are cases themselves, each degree, routed. */
export const NODE_KINDS = ['case', 'caseLike', 'd1', 'd2', 'd3', 'routed'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
export const NODE_COLORS: Record<NodeKind, string> = {
  case: '#d9363e',
  caseLike: '#f5222d',
  d1: '#f08a24',
  d2: '#5b8ff9',
  d3: '#5ad8a6',
  routed: '#b0b0b0',
};
const CASE_CATEGORIES = new Set(['confirmed', 'suspected']);
const CLUSTER_BORDER = '#722ed1';
const FADED = 0.15;

/** What a click on a node needs: which person page to open, if any. */
export interface NodeMeta {
  node: string;
  personId: string | null;
  routed: boolean;
}

export interface GraphNode {
  id: string;
  name: string;
  value: number;
  category: number;
  symbolSize: number;
  degree: number;
  meta: NodeMeta;
  contact: Contact | null;
}

export interface GraphEdge {
  source: string;
  target: string;
  evidence: Evidence[];
  /** combined weight of its evidence, 0-1 */
  weight: number;
  routed: boolean;
}

export function nodeKind(c: Contact): NodeKind {
  if (c.routedTo) return 'routed';
  if (c.categories.some((k) => CASE_CATEGORIES.has(k))) return 'caseLike';
  return c.degree >= 3 ? 'd3' : c.degree === 2 ? 'd2' : 'd1';
}

/** Routed contacts are labelled with the unit they were handed to; others with their masked name. */
export function contactLabel(c: Contact, look: Look): string {
  if (c.routedTo) return c.routedTo.name;
  return c.person?.name ?? look.t('tracing.graph.unknownPerson');
}

export function buildNodes(trace: TraceView, look: Look): GraphNode[] {
  const root: GraphNode = {
    id: trace.case.node,
    name: trace.case.person.name ?? look.t('tracing.graph.case'),
    value: 100,
    category: NODE_KINDS.indexOf('case'),
    symbolSize: 46,
    degree: 0,
    meta: { node: trace.case.node, personId: trace.case.personId, routed: false },
    contact: null,
  };
  const contacts = trace.contacts.map<GraphNode>((c) => {
    const kind = nodeKind(c);
    return {
      id: c.node,
      name: contactLabel(c, look),
      value: c.score,
      category: NODE_KINDS.indexOf(kind),
      // A contact who is a case is drawn as one (red, large); the others by their score.
      symbolSize: kind === 'caseLike' ? 36 : 12 + Math.round(c.score * 0.26),
      degree: c.degree,
      meta: { node: c.node, personId: c.personId, routed: !!c.routedTo },
      contact: c,
    };
  });
  return [root, ...contacts];
}

/** 1 - prod(1 - w): what the evidence of one edge stands for together. */
export function combined(evidence: Evidence[]): number {
  return 1 - evidence.reduce((p, e) => p * (1 - e.weight), 1);
}

export function buildEdges(trace: TraceView, known: Set<string>): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const c of trace.contacts) {
    for (const from of new Set(c.via)) {
      if (!known.has(from) || from === c.node) continue;
      const evidence = c.evidence.filter((e) => e.from === from);
      edges.push({ source: from, target: c.node, evidence, weight: combined(evidence), routed: !!c.routedTo });
    }
  }
  return edges;
}

/** The chart's box around the graph, px: room for the legend above and the labels on the right. */
export const GRAPH_BOX = { top: 44, bottom: 24, left: 40, right: 140 } as const;

/**
 * Hierarchical positions in px of the chart's box (`size`: the drawing area inside GRAPH_BOX): x by degree, y spread
 * within each degree. A column is ordered by the mean position of the nodes its members came from (fewer crossings),
 * then by score. Pixels, so that the graph is drawn 1:1 (a stretched view would draw the circles as ellipses).
 */
export function hierarchicalPositions(nodes: GraphNode[], edges: GraphEdge[], size: { width: number; height: number }): Map<string, [number, number]> {
  const pos = new Map<string, [number, number]>();
  const parents = new Map<string, string[]>();
  for (const e of edges) parents.set(e.target, [...(parents.get(e.target) ?? []), e.source]);
  const depth = Math.max(1, ...nodes.map((n) => n.degree));
  const tallest = Math.max(1, ...Array.from({ length: depth + 1 }, (_v, d) => nodes.filter((n) => n.degree === d).length));
  const column = size.width / depth;
  const row = size.height / tallest;
  for (let d = 0; d <= depth; d++) {
    const members = nodes.filter((n) => n.degree === d);
    const anchor = (n: GraphNode) => {
      const ys = (parents.get(n.id) ?? []).map((p) => pos.get(p)?.[1]).filter((y): y is number => y !== undefined);
      return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : 0;
    };
    members.sort((a, b) => anchor(a) - anchor(b) || b.value - a.value);
    members.forEach((n, i) => pos.set(n.id, [d * column, size.height / 2 + (i - (members.length - 1) / 2) * row]));
  }
  return pos;
}

const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Whom a cluster's members met there. A cluster is one event of one source, but the contract does not carry the
 * source: it is the node whose contacts at that site on that day (of the source's presence) are exactly the cluster's (members with evidence;
 * routed members carry none). Null when no single node fits.
 */
export function clusterSource(trace: TraceView, cluster: Cluster, look: Look): string | null {
  const shown = new Set(trace.contacts.filter((c) => !c.routedTo).map((c) => c.node));
  const members = cluster.nodes.filter((n) => shown.has(n));
  const metBy = new Map<string, Set<string>>();
  for (const c of trace.contacts) {
    for (const e of c.evidence) {
      if (e.site !== cluster.site || chinaDay(e.times.source[0]) !== cluster.day) continue;
      metBy.set(e.from, (metBy.get(e.from) ?? new Set()).add(c.node));
    }
  }
  const fits = [...metBy.entries()].filter(([, met]) => met.size === members.length && members.every((n) => met.has(n)));
  if (fits.length !== 1) return null;
  const from = fits[0][0];
  if (from === trace.case.node) return trace.case.person.name ?? look.t('tracing.graph.case');
  const contact = trace.contacts.find((c) => c.node === from);
  return contact ? contactLabel(contact, look) : null;
}

/** The nodes a chosen cluster puts forward: its members and the nodes they were reached from. */
export function clusterFocus(trace: TraceView, clusterId: string | null): Set<string> | null {
  const cluster = clusterId ? trace.clusters.find((c) => c.id === clusterId) : undefined;
  if (!cluster) return null;
  const focus = new Set(cluster.nodes);
  for (const c of trace.contacts) if (cluster.nodes.includes(c.node)) c.via.forEach((v) => focus.add(v));
  return focus;
}

function nodeTooltip(n: GraphNode, look: Look): string {
  const { t } = look;
  const c = n.contact;
  if (!c) return `<b>${esc(n.name)}</b><br/>${esc(t('tracing.graph.case'))}`;
  const lines = [`<b>${esc(n.name)}</b>`, `${esc(t(`tracing.degreeNames.d${Math.min(3, c.degree)}`))} · ${esc(t('tracing.graph.score', { total: c.score.toFixed(1) }))}`];
  if (c.routedTo) lines.push(esc(t('tracing.table.handedTo', { name: c.routedTo.name })));
  else {
    if (c.kinds.length) lines.push(c.kinds.map((k) => esc(t(`tracing.kinds.${k}`))).join('、'));
    if (c.orgUnit) lines.push(esc(c.orgUnit.name));
  }
  if (c.categories.length) lines.push(c.categories.map((k) => esc(t(`people.kinds.${k}`))).join('、'));
  return lines.join('<br/>');
}

function edgeTooltip(e: GraphEdge, look: Look): string {
  if (!e.evidence.length) return esc(look.t('tracing.graph.routed'));
  const head = esc(look.t('tracing.graph.evidenceCount', { total: e.evidence.length }));
  return [head, ...e.evidence.map((ev) => esc(evidenceLine(ev, look)))].join('<br/>');
}

export type GraphLayout = 'hierarchical' | 'force';

/**
 * The graph view: nodes sized by score, edges as wide as their evidence is strong, the chosen cluster forward.
 * `size`: the chart's size in px (the hierarchy is laid out in it).
 */
export function graphOption(trace: TraceView, layout: GraphLayout, look: Look, clusterId: string | null, size: { width: number; height: number }): ChartOption {
  const { t } = look;
  const nodes = buildNodes(trace, look);
  const edges = buildEdges(trace, new Set(nodes.map((n) => n.id)));
  const area = { width: Math.max(200, size.width - GRAPH_BOX.left - GRAPH_BOX.right), height: Math.max(200, size.height - GRAPH_BOX.top - GRAPH_BOX.bottom) };
  const pos = layout === 'hierarchical' ? hierarchicalPositions(nodes, edges, area) : null;
  // Two invisible corners make the drawing's extent the box itself: the view maps it 1:1 (after all the nodes, so
  // a data index still names a node).
  const corners = pos ? [[0, 0], [area.width, area.height]].map(([x, y], i) => ({ id: `corner-${i}`, name: '', x, y, symbolSize: 0, label: { show: false }, tooltip: { show: false } })) : [];
  const focus = clusterFocus(trace, clusterId);
  const members = new Set(clusterId ? (trace.clusters.find((c) => c.id === clusterId)?.nodes ?? []) : []);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const faded = (id: string) => !!focus && !focus.has(id);
  const nodeData = nodes.map((n) => {
    const at = pos?.get(n.id);
    const inCluster = members.has(n.id);
    return {
      id: n.id,
      name: n.name,
      value: n.value,
      category: n.category,
      symbolSize: n.symbolSize,
      ...(at && { x: at[0], y: at[1] }),
      cursor: n.meta.personId && !n.meta.routed ? 'pointer' : 'default',
      itemStyle: {
        opacity: faded(n.id) ? FADED : 1,
        ...(inCluster && { borderColor: CLUSTER_BORDER, borderWidth: 4 }),
        ...(n.degree === 0 && { borderColor: '#fff', borderWidth: 2 }),
      },
      label: { opacity: faded(n.id) ? 0.3 : 1, fontWeight: n.degree === 0 || inCluster ? ('bold' as const) : ('normal' as const) },
    };
  });
  return {
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => {
        const item = p as unknown as { dataType?: string; dataIndex: number };
        if (item.dataType === 'edge') return edgeTooltip(edges[item.dataIndex], look);
        const node = nodes[item.dataIndex];
        return node ? nodeTooltip(node, look) : '';
      },
    },
    // Only the kinds of node this trace has.
    legend: { top: 0, data: NODE_KINDS.filter((_k, i) => nodes.some((n) => n.category === i)).map((k) => t(`tracing.graph.legend.${k}`)) },
    series: [
      {
        id: 'trace-graph',
        type: 'graph',
        layout: layout === 'force' ? 'force' : 'none',
        ...GRAPH_BOX,
        roam: true,
        draggable: layout === 'force',
        force: { repulsion: 260, edgeLength: [70, 170], gravity: 0.06, layoutAnimation: true },
        categories: NODE_KINDS.map((k) => ({ name: t(`tracing.graph.legend.${k}`), itemStyle: { color: NODE_COLORS[k] } })),
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: [0, 8],
        emphasis: { focus: 'adjacency', lineStyle: { width: 4 } },
        label: { show: true, position: layout === 'hierarchical' ? 'right' : 'bottom', fontSize: 12 },
        data: [...nodeData, ...corners],
        links: edges.map((e) => ({
          source: e.source,
          target: e.target,
          value: e.weight,
          lineStyle: {
            width: 1 + Math.round(e.weight * 4),
            type: e.routed ? 'dashed' : 'solid',
            color: NODE_COLORS[nodeKind(byId.get(e.target)!.contact!)],
            opacity: focus && !(focus.has(e.source) && focus.has(e.target)) ? 0.08 : 0.6,
            // Within one column of the hierarchy a straight edge would run through the nodes between: an arc.
            curveness: layout === 'force' ? 0.1 : byId.get(e.source)!.degree === byId.get(e.target)!.degree ? 0.5 : 0,
          },
        })),
      },
    ],
  };
}

/** The node a click landed on, from its data index (the case is index 0, then the contacts in trace order). */
export function nodeAt(trace: TraceView, index: number): NodeMeta | null {
  if (index === 0) return { node: trace.case.node, personId: trace.case.personId, routed: false };
  const c = trace.contacts[index - 1];
  return c ? { node: c.node, personId: c.personId, routed: !!c.routedTo } : null;
}
