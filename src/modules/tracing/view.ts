// A stored trace as people read it: contacts masked, or routed when the unit responsible for them is outside the
// reader's scope (then neither who they are nor where they were is shown). The stored result holds ids, codes and
// times only; names and numbers are opened here, from the person or the check-in, and masked.
import type { Actor, Ctx } from '../../core/context.ts';
import { localDay } from '../../core/local-day.ts';
import { maskPerson } from '../../core/masking.ts';
import { pathInScope } from '../../core/scope.ts';
import type { TraceTable } from '../../db/tables.ts';
import { openPii } from '../checkins/pii.ts';
import { openPersonPii } from '../people/pii.ts';
import type { RawEvidence } from './exposures.ts';
import * as store from './store.ts';
import { EXPOSURE_KINDS, type AcceptResult, type Cluster, type Contact, type Evidence, type ExposureKind, type PersonRef, type TraceParams, type TraceView } from './types.ts';

/** Evidence as stored with a trace: what was found, without the rows it was found in. */
export type StoredEvidence = Omit<RawEvidence, 'row' | 'personId'>;

export interface StoredContact {
  node: string;
  personId: string | null;
  rowId: string;
  degree: number;
  score: number;
  via: string[];
  unitId: string;
  evidence: StoredEvidence[];
}

export interface StoredTrace {
  caseNode: string;
  category: string | null;
  categoryDate: number | null;
  caseUnitId: string | null;
  contacts: StoredContact[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const kindsOf = (evidence: { how: ExposureKind }[]) => EXPOSURE_KINDS.filter((k) => evidence.some((e) => e.how === k));

/** Names and numbers of contacts, opened once and masked (or clear, on the reveal path). */
export async function personRefs(ctx: Ctx, contacts: { node: string; personId: string | null; rowId: string }[], clear: boolean): Promise<Map<string, PersonRef & { clearId: string | null }>> {
  const persons = new Map((await store.personsByIds(ctx.db, contacts.filter((c) => c.personId).map((c) => c.personId!))).map((p) => [p.id, p]));
  const sealed = await store.sealedOf(ctx.db, contacts.filter((c) => !c.personId && c.rowId).map((c) => c.rowId));
  const out = new Map<string, PersonRef & { clearId: string | null }>();
  for (const c of contacts) {
    const p = c.personId ? persons.get(c.personId) : undefined;
    const pii = p ? openPersonPii(ctx, p) : sealed.has(c.rowId) ? openPii(ctx, { piiEnc: sealed.get(c.rowId)! }) : null;
    if (!pii) continue;
    out.set(c.node, { ...maskPerson(pii), clearId: clear ? (pii.idNumber ?? null) : null });
  }
  return out;
}

/** Contacts sharing an event (the same site on the same day, from the same source). */
export function clustersOf(contacts: Contact[]): Cluster[] {
  const events = new Map<string, Cluster>();
  for (const c of contacts) {
    for (const e of c.evidence) {
      if (!e.site) continue;
      const day = localDay(Date.parse(e.times.source[0]));
      const id = `${e.from}|${e.site}|${day}`;
      let cluster = events.get(id);
      if (!cluster) events.set(id, (cluster = { id, site: e.site, siteName: e.siteName, day, nodes: [] }));
      if (!cluster.nodes.includes(c.node)) cluster.nodes.push(c.node);
    }
  }
  return [...events.values()].filter((c) => c.nodes.length >= 2).sort((a, b) => b.nodes.length - a.nodes.length || a.id.localeCompare(b.id));
}

export async function traceView(ctx: Ctx, actor: Actor, row: TraceTable, opts: { reveal?: boolean } = {}): Promise<TraceView> {
  const stored = JSON.parse(row.result) as StoredTrace;
  const params = JSON.parse(row.params) as TraceParams;
  const units = await store.orgUnitsByIds(ctx.db, [...stored.contacts.map((c) => c.unitId), ...(stored.caseUnitId ? [stored.caseUnitId] : [])]);
  const sites = await store.sitesByIds(ctx.db, stored.contacts.flatMap((c) => c.evidence.map((e) => e.siteId).filter((s): s is string => !!s)));
  const visible = (c: StoredContact) => {
    const unit = units.get(c.unitId);
    return !!unit && pathInScope(actor.scope, unit.path);
  };
  const shown = stored.contacts.filter(visible);
  const refs = await personRefs(ctx, shown, !!opts.reveal);
  const [casePerson] = await store.personsByIds(ctx.db, [row.personId]);
  const names = await store.userNames(ctx.db, [row.createdBy, row.acceptedBy]);
  const kinds = await store.activeKinds(ctx.db, stored.contacts.filter((c) => c.personId).map((c) => c.personId!));
  const unitRef = (id: string) => {
    const u = units.get(id);
    return u ? { code: u.code, name: u.name } : null;
  };
  const evidenceView = (e: StoredEvidence): Evidence => {
    const site = e.siteId ? sites.get(e.siteId) : undefined;
    return {
      how: e.how, from: e.from, site: site?.code ?? null, siteName: site?.name ?? null,
      times: { source: [iso(e.source[0]), iso(e.source[1])], contact: [iso(e.contact[0]), iso(e.contact[1])] }, minutes: e.minutes, weight: e.weight,
    };
  };
  const contacts: Contact[] = stored.contacts.map((c) => {
    const inScope = visible(c);
    const ref = refs.get(c.node);
    const times = c.evidence.flatMap((e) => e.contact);
    return {
      node: c.node, personId: inScope ? c.personId : null, degree: c.degree, score: c.score, kinds: kindsOf(c.evidence), via: c.via,
      firstAt: iso(Math.min(...times)), lastAt: iso(Math.max(...times)),
      person: inScope && ref ? { name: ref.name, idNumber: ref.idNumber, phone: ref.phone } : null,
      orgUnit: inScope ? unitRef(c.unitId) : null,
      routedTo: inScope ? null : unitRef(c.unitId),
      categories: inScope && c.personId ? (kinds.get(c.personId) ?? []) : [],
      evidence: inScope ? c.evidence.map(evidenceView) : [],
      ...(opts.reveal && inScope && { idNumber: ref?.clearId ?? null }),
    };
  });
  const byDegree: Record<string, number> = {};
  for (const c of contacts) byDegree[c.degree] = (byDegree[c.degree] ?? 0) + 1;
  return {
    id: row.id,
    status: row.status as TraceView['status'],
    case: {
      node: stored.caseNode, personId: row.personId, person: casePerson ? maskPerson(openPersonPii(ctx, casePerson)) : { name: null, idNumber: null, phone: null },
      category: stored.category, categoryDate: stored.categoryDate === null ? null : iso(stored.categoryDate), orgUnit: stored.caseUnitId ? unitRef(stored.caseUnitId) : null,
    },
    window: { from: iso(Number(row.fromAt)), to: iso(Number(row.toAt)) },
    depth: row.depth,
    params,
    contacts,
    clusters: clustersOf(contacts),
    counts: { contacts: contacts.length, byDegree, routed: contacts.filter((c) => c.routedTo).length },
    purpose: row.purpose,
    createdAt: iso(Number(row.createdAt)),
    createdBy: row.createdBy ? (names.get(row.createdBy) ?? null) : null,
    acceptedAt: row.acceptedAt === null ? null : iso(Number(row.acceptedAt)),
    acceptedBy: row.acceptedBy ? (names.get(row.acceptedBy) ?? null) : null,
    accepted: row.acceptResult ? (JSON.parse(row.acceptResult) as AcceptResult) : null,
  };
}
