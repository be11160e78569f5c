// Finding the contacts of a case: its own check-ins in the window, then, for each, who was with it (companions,
// the same checkpoint within the tolerance, the same compound at the same time, the same building that day, the same
// room or address); then the same from each strong enough contact, in its own window, to the depth asked. A person
// reached by several paths is one contact carrying all its evidence.
import type { Ctx } from '../../core/context.ts';
import { dayStartMs, localDay } from '../../core/local-day.ts';
import { openPii } from '../checkins/pii.ts';
import {
  buildingEvidence, byPerson, companionEvidence, floatingEvidence, householdEvidence, passageEvidence, presenceEvidence, presenceIntervals,
  type RawEvidence, type Stay,
} from './exposures.ts';
import { asScore, sourceChance, WEIGHT } from './score.ts';
import * as store from './store.ts';
import type { TraceRow } from './store.ts';

const DAY = 86_400_000;
/** How far back a room is searched for the people living in it, before the window. */
const HOUSEHOLD_LOOKBACK = 30 * DAY;
/** How far back a floating registration may start and still be a stay overlapping the window. */
const STAY_LOOKBACK = 400 * DAY;
/** Contacts traced further per degree, at most. */
export const MAX_EXPANDED = 50;

export interface FindOptions {
  depth: number;
  toleranceMs: number;
  maxStayMs: number;
  /** score (0-100) from which a contact is traced further */
  expandFromScore: number;
  /** a contact's own window: from its first exposure, this long, not beyond now */
  contactWindowMs: number;
  now: number;
}

export interface Source {
  node: string;
  idBidxs: string[];
  personIds: string[];
  from: number;
  to: number;
}

export interface FoundContact {
  node: string;
  personId: string | null;
  /** the documents of the contact (every record of a person group) */
  idBidxs: string[];
  /** a check-in of the contact: names someone without a person record */
  rowId: string;
  degree: number;
  via: Set<string>;
  evidence: RawEvidence[];
  score: number;
}

export interface Found {
  contacts: Map<string, FoundContact>;
  sites: Map<string, store.SiteInfo>;
}

/** Reads shared by the sources of one trace: sites, compounds and persons are looked up once. */
class Lookups {
  readonly sites = new Map<string, store.SiteInfo>();
  private readonly compounds = new Map<string, string[]>();
  constructor(private readonly ctx: Ctx) {}

  async site(ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.sites.has(id));
    if (missing.length) for (const [id, s] of await store.sitesByIds(this.ctx.db, missing)) this.sites.set(id, s);
  }

  async compound(orgUnitId: string): Promise<string[]> {
    let ids = this.compounds.get(orgUnitId);
    if (!ids) this.compounds.set(orgUnitId, (ids = await store.compoundSites(this.ctx.db, orgUnitId)));
    return ids;
  }
}

function stayOf(ctx: Ctx, sealed: string | undefined, fallback: number): Stay {
  const details = sealed ? (openPii(ctx, { piiEnc: sealed }).details as { floating?: { arrivalDate?: string; stayDays?: number } } | undefined) : undefined;
  const f = details?.floating;
  const start = f?.arrivalDate ? dayStartMs(f.arrivalDate) : dayStartMs(localDay(fallback));
  return { start, end: start + Math.max(1, f?.stayDays ?? 1) * DAY };
}

/** The exposures of one source in its window: raw evidence, contacts not yet resolved to persons. */
async function exposuresOf(ctx: Ctx, look: Lookups, src: Source, opts: FindOptions, self: Set<string>): Promise<RawEvidence[]> {
  const db = ctx.db;
  const own = await store.rowsOfDocuments(db, src.idBidxs, src.from, src.to);
  await look.site(own.map((r) => r.siteId));
  const ownIds = new Set(own.map((r) => r.id));
  const other = (r: TraceRow) => !(r.idBidx && self.has(r.idBidx)) && !ownIds.has(r.id);
  const out: RawEvidence[] = [];

  const groups = (await store.rowsOfGroups(db, own.map((r) => r.groupId))).filter(other);
  for (const r of own) out.push(...companionEvidence(src.node, r, groups));

  const community = new Map<string, TraceRow[]>();
  const buildingDays = new Map<string, TraceRow>();
  for (const r of own) {
    const site = look.sites.get(r.siteId);
    if (!site) continue;
    if (site.kind === 'checkpoint' || site.kind === 'station') {
      const tol = site.traceToleranceMin ? site.traceToleranceMin * 60_000 : opts.toleranceMs;
      const there = (await store.rowsAtSites(db, [r.siteId], r.at - tol, r.at + tol)).filter(other);
      out.push(...passageEvidence(src.node, r, there, tol));
    } else if (site.kind === 'community') {
      community.set(site.orgUnitId, [...(community.get(site.orgUnitId) ?? []), r]);
      const key = `${r.buildingBidx}|${localDay(r.at)}`;
      if (r.buildingBidx && !buildingDays.has(key)) buildingDays.set(key, r);
    }
  }

  for (const [unitId, rows] of community) {
    const gates = await look.compound(unitId);
    for (const interval of presenceIntervals(rows, opts.maxStayMs)) {
      // from a stay's longest before the source came to its longest after: whoever was inside, and when they left
      const there = (await store.rowsAtSites(db, gates, interval.start - opts.maxStayMs, interval.end + opts.maxStayMs)).filter(other);
      out.push(...presenceEvidence(src.node, [interval], there, opts.maxStayMs));
    }
  }

  for (const r of buildingDays.values()) {
    const start = dayStartMs(localDay(r.at));
    const sameDay = (await store.rowsOfBuilding(db, r.buildingBidx!, start, start + DAY)).filter(other);
    // one evidence per person and day: their first passage that day
    out.push(...buildingEvidence(src.node, r, [...byPerson(sameDay).values()].map((rows) => rows.sort((a, b) => a.at - b.at)[0])));
  }

  const rooms = own.filter((r) => r.dwellingBidx && look.sites.get(r.siteId)?.kind === 'community');
  if (rooms.length) {
    const sameRoom = (await store.rowsOfDwellings(db, rooms.map((r) => r.dwellingBidx!), src.from - HOUSEHOLD_LOOKBACK, src.to)).filter(other);
    out.push(...householdEvidence(src.node, rooms, sameRoom.filter((r) => r.kind === 'community'), src.to - src.from));
  }

  const stays = own.filter((r) => r.dwellingBidx && look.sites.get(r.siteId)?.kind === 'floating');
  if (stays.length) {
    const others = (await store.rowsOfDwellings(db, stays.map((r) => r.dwellingBidx!), src.from - STAY_LOOKBACK, src.to)).filter((r) => r.kind === 'floating' && other(r));
    const sealed = await store.sealedOf(db, [...stays, ...others].map((r) => r.id));
    const withStays = others.map((row) => ({ row, stay: stayOf(ctx, sealed.get(row.id), row.at) }));
    for (const r of stays) out.push(...floatingEvidence(src.node, r, stayOf(ctx, sealed.get(r.id), r.at), withStays, { start: src.from, end: src.to }));
  }

  if (src.personIds.length) {
    const mine = await store.personsByIds(db, src.personIds);
    const addresses = [...new Set(mine.map((p) => p.addressBidx).filter((a): a is string => !!a))];
    for (const p of await store.personsByAddress(db, addresses)) {
      if (src.personIds.includes(p.id) || (p.idBidx && self.has(p.idBidx))) continue;
      out.push({ how: 'household', from: src.node, siteId: null, source: [src.from, src.to], contact: [src.from, src.to], minutes: Math.round((src.to - src.from) / 60_000), weight: WEIGHT.household, row: null, personId: p.id });
    }
  }
  return out;
}

/** Person groups of documents: a merged record follows the person kept. */
async function resolveDocuments(ctx: Ctx, idBidxs: string[]): Promise<Map<string, { root: string; idBidxs: string[] }>> {
  const found = await store.personsByIdBidxs(ctx.db, idBidxs);
  const roots = [...new Set(found.map((p) => p.mergedInto ?? p.id))];
  const members = await membersOf(ctx, roots);
  return new Map(found.map((p) => {
    const root = p.mergedInto ?? p.id;
    return [p.idBidx!, { root, idBidxs: members.get(root) ?? [p.idBidx!] }];
  }));
}

/** The documents of each person group. */
export async function membersOf(ctx: Ctx, roots: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!roots.length) return out;
  for (let i = 0; i < roots.length; i += 500) {
    const part = roots.slice(i, i + 500);
    const rows = await ctx.db.selectFrom('persons').select(['id', 'mergedInto', 'idBidx']).where((eb) => eb.or([eb('id', 'in', part), eb('mergedInto', 'in', part)])).execute();
    for (const r of rows) {
      if (!r.idBidx) continue;
      const root = r.mergedInto ?? r.id;
      out.set(root, [...(out.get(root) ?? []), r.idBidx]);
    }
  }
  return out;
}

const evidenceKey = (e: RawEvidence) => `${e.how}|${e.from}|${e.siteId}|${e.source.join('-')}|${e.contact.join('-')}`;

/** Base scores: through sources of a lower degree only (what expansion is decided on); then the final ones. */
export function scoreContacts(contacts: Map<string, FoundContact>, caseNode: string): void {
  const sorted = [...contacts.values()].sort((a, b) => a.degree - b.degree);
  const base = new Map<string, number>();
  const scoreOf = (c: FoundContact, carriedBy: (node: string) => number | undefined) => {
    const bySource = new Map<string, RawEvidence[]>();
    for (const e of c.evidence) bySource.set(e.from, [...(bySource.get(e.from) ?? []), e]);
    let best = 0;
    for (const [from, evidence] of bySource) {
      const carried = from === caseNode ? 1 : carriedBy(from);
      if (carried !== undefined) best = Math.max(best, sourceChance(evidence) * carried);
    }
    return best;
  };
  for (const c of sorted) base.set(c.node, scoreOf(c, (n) => (contacts.get(n)!.degree < c.degree ? base.get(n) : undefined)));
  for (const c of sorted) c.score = asScore(scoreOf(c, (n) => base.get(n)));
}

/** When an exposure could first have happened: both sides there, not before the window of the trace. */
const exposureStart = (e: RawEvidence) => Math.max(e.source[0], e.contact[0]);

export async function findContacts(ctx: Ctx, origin: Source, opts: FindOptions): Promise<Found> {
  const look = new Lookups(ctx);
  const contacts = new Map<string, FoundContact>();
  const caseDocs = new Set(origin.idBidxs);
  const casePersons = new Set(origin.personIds);
  const docNodes = new Map<string, string>();

  const absorb = async (evidence: RawEvidence[], degree: number, exclude: Set<string>) => {
    const people = await resolveDocuments(ctx, evidence.map((e) => e.row?.idBidx).filter((b): b is string => !!b));
    for (const rows of byPerson(evidence.map((e) => e.row).filter((r): r is TraceRow => !!r && !!r.idBidx)).values()) {
      const b = rows[0].idBidx!;
      if (!people.has(b) && !docNodes.has(b)) docNodes.set(b, `c:${rows.map((r) => r.id).sort()[0]}`);
    }
    const directPersons = new Map((await store.personsByIds(ctx.db, evidence.filter((e) => e.personId).map((e) => e.personId!))).map((p) => [p.id, p]));
    const directMembers = await membersOf(ctx, [...directPersons.keys()]);
    for (const e of evidence) {
      let node: string;
      let personId: string | null = null;
      let idBidxs: string[] = [];
      if (e.personId) {
        personId = directPersons.get(e.personId)?.mergedInto ?? e.personId;
        node = `p:${personId}`;
        idBidxs = directMembers.get(personId) ?? [];
      } else if (e.row!.idBidx) {
        const person = people.get(e.row!.idBidx);
        personId = person?.root ?? null;
        node = person ? `p:${person.root}` : docNodes.get(e.row!.idBidx)!;
        idBidxs = person?.idBidxs ?? [e.row!.idBidx];
      } else node = `c:${e.row!.id}`;
      if ((personId && casePersons.has(personId)) || idBidxs.some((b) => caseDocs.has(b) || exclude.has(b))) continue;
      let c = contacts.get(node);
      if (!c) contacts.set(node, (c = { node, personId, idBidxs, rowId: e.row?.id ?? '', degree, via: new Set(), evidence: [], score: 0 }));
      c.degree = Math.min(c.degree, degree);
      c.via.add(e.from);
      if (!c.evidence.some((x) => evidenceKey(x) === evidenceKey(e))) c.evidence.push(e);
    }
  };

  await absorb(await exposuresOf(ctx, look, origin, opts, caseDocs), 1, caseDocs);
  const expanded = new Set<string>();
  for (let d = 1; d < opts.depth; d++) {
    scoreContacts(contacts, origin.node);
    // The strongest first, and no more than MAX_EXPANDED of them: at a busy checkpoint hundreds of people pass within
    // the tolerance, and tracing each of them again would take minutes; the closest contacts matter most.
    const frontier = [...contacts.values()]
      .filter((c) => c.degree === d && c.score >= opts.expandFromScore && c.idBidxs.length && !expanded.has(c.node))
      .sort((a, b) => b.score - a.score || a.node.localeCompare(b.node))
      .slice(0, MAX_EXPANDED);
    for (const c of frontier) {
      expanded.add(c.node);
      const first = Math.max(origin.from, Math.min(...c.evidence.map(exposureStart)));
      const src: Source = { node: c.node, idBidxs: c.idBidxs, personIds: c.personId ? [c.personId] : [], from: first, to: Math.min(opts.now, first + opts.contactWindowMs) };
      const self = new Set([...caseDocs, ...c.idBidxs]);
      await absorb(await exposuresOf(ctx, look, src, opts, self), d + 1, self);
    }
  }
  scoreContacts(contacts, origin.node);
  return { contacts, sites: look.sites };
}
