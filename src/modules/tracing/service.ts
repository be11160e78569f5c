// Contact tracing as the data team runs it: a case (visible in the caller's scope), its category and window, the
// contacts found (find.ts), the unit responsible for each, stored as a draft and audited with its purpose. Tracing
// searches the whole region (a contact may live anywhere); what the caller sees of a contact depends on whether the
// unit responsible for it is in their scope (view.ts).
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { commonPath, inScope, pathInScope } from '../../core/scope.ts';
import { CATEGORY_KINDS, requireDataRole, requirePeopleReader } from '../lists/service.ts';
import { checkPurpose, normalIdNumber, visibleGroup } from '../people/read-service.ts';
import * as people from '../people/read-store.ts';
import { findContacts, type FindOptions, type FoundContact } from './find.ts';
import * as store from './store.ts';
import type { TraceParams, TraceRequest, TraceSummary, TraceView } from './types.ts';
import { personRefs, traceView, type StoredContact, type StoredTrace } from './view.ts';

const DAY = 86_400_000;
export const DEFAULT_WINDOW_DAYS = 14;
/** Where someone lives is read from their registrations of the 30 days before the window on. */
const HOME_LOOKBACK = 30 * DAY;
export const DEFAULT_DEPTH = 2;
export const MAX_DEPTH = 3;
export const DEFAULT_PARAMS: TraceParams = { toleranceMinutes: 30, siteTolerances: {}, expandFromScore: 30, maxStayHours: 12 };

function parseTime(value: string | undefined, field: string): number | null {
  if (value === undefined || value === '') return null;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00+08:00`) : Date.parse(value);
  if (Number.isNaN(ms)) throw invalid('validation.format', { field }, field);
  return ms;
}

function checkRequest(req: TraceRequest): { depth: number; tolerance: number } {
  const depth = req.depth ?? DEFAULT_DEPTH;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) throw invalid('trace.depth', { max: MAX_DEPTH }, 'depth');
  const tolerance = req.toleranceMinutes ?? DEFAULT_PARAMS.toleranceMinutes;
  if (!Number.isInteger(tolerance) || tolerance < 1 || tolerance > 720) throw invalid('trace.tolerance', { max: 720 }, 'toleranceMinutes');
  if (req.category !== undefined && !CATEGORY_KINDS.includes(req.category as never)) throw invalid('validation.enum', { field: 'category', allowed: CATEGORY_KINDS.join(', ') }, 'category');
  return { depth, tolerance };
}

/** The case by person id or ID number, only if the caller's scope knows it. */
async function caseGroup(ctx: Ctx, actor: Actor, req: TraceRequest) {
  let id = req.personId?.trim();
  if (!id && req.idNumber?.trim()) {
    const [p] = await people.personsByIdBidx(ctx.db, ctx.blindIndex.of('id_number', normalIdNumber(req.idNumber)));
    id = p?.mergedInto ?? p?.id;
  }
  if (!req.personId?.trim() && !req.idNumber?.trim()) throw invalid('person.search_key_required', {}, 'idNumber');
  const group = id ? await visibleGroup(ctx, actor, id) : null;
  if (!group) throw notFound('person.not_found');
  return group;
}

export async function runTrace(ctx: Ctx, actor: Actor, req: TraceRequest): Promise<TraceView> {
  requireDataRole(actor);
  const why = checkPurpose(req.purpose ?? '');
  const { depth, tolerance } = checkRequest(req);
  const group = await caseGroup(ctx, actor, req);
  const now = ctx.clock.now();

  // The category and its date: onset or confirmation (listed_at), isolation when the case was listed.
  const entries = (await people.entriesOfPersons(ctx.db, actor.scope, group.ids)).filter((e) => e.endedAt === null && CATEGORY_KINDS.includes(e.kind as never));
  const entry = req.category ? entries.find((e) => e.kind === req.category) : CATEGORY_KINDS.map((k) => entries.find((e) => e.kind === k)).find(Boolean);
  const anchor = entry ? Number(entry.listedAt ?? entry.createdAt) : null;
  const from = parseTime(req.from, 'from') ?? (anchor !== null ? anchor - DEFAULT_WINDOW_DAYS * DAY : now - DEFAULT_WINDOW_DAYS * DAY);
  const to = Math.min(now, parseTime(req.to, 'to') ?? (entry ? Math.max(anchor!, Number(entry.createdAt)) : now));
  if (from > to) throw invalid('trace.window', {}, 'from');
  if (to - from > 60 * DAY) throw invalid('trace.window_too_long', { days: 60 }, 'from');

  const opts: FindOptions = {
    depth, toleranceMs: tolerance * 60_000, maxStayMs: DEFAULT_PARAMS.maxStayHours * 3_600_000, expandFromScore: DEFAULT_PARAMS.expandFromScore,
    contactWindowMs: DEFAULT_WINDOW_DAYS * DAY, now,
  };
  const caseNode = `p:${group.root.id}`;
  const found = await findContacts(ctx, { node: caseNode, idBidxs: group.idBidxs, personIds: group.ids, from, to }, opts);
  const contacts = [...found.contacts.values()].sort((a, b) => b.score - a.score || a.degree - b.degree || a.node.localeCompare(b.node));
  const units = await responsibleUnits(ctx, contacts, found.sites, actor, from - HOME_LOOKBACK);
  const siteTolerances = Object.fromEntries([...found.sites.values()].filter((s) => s.traceToleranceMin).map((s) => [s.code, s.traceToleranceMin!]));
  const params: TraceParams = { ...DEFAULT_PARAMS, toleranceMinutes: tolerance, siteTolerances };
  // The trace belongs to the case's unit (its category entry, else where it lives) when the caller covers it.
  const home = entry ? null : [...(await store.latestHomes(ctx.db, group.idBidxs, from - HOME_LOOKBACK)).values()].sort((a, b) => b.at - a.at)[0];
  const homeUnit = home ? (await store.sitesByIds(ctx.db, [home.siteId])).get(home.siteId)?.orgUnitId : undefined;
  const homePath = homeUnit ? (await store.orgUnitsByIds(ctx.db, [homeUnit])).get(homeUnit)?.path : undefined;
  const casePath = entry?.orgPath ?? homePath;
  const orgPath = (casePath && pathInScope(actor.scope, casePath) ? casePath : null) ?? commonPath(actor.scope.paths) ?? actor.scope.paths[0] ?? '/';
  const stored: StoredTrace = {
    caseNode, category: entry?.kind ?? req.category ?? null, categoryDate: anchor, caseUnitId: casePath ? store.unitIdOfPath(casePath) : null,
    contacts: contacts.map((c): StoredContact => ({
      node: c.node, personId: c.personId, rowId: c.rowId, degree: c.degree, score: c.score, via: [...c.via], unitId: units.get(c.node)!.id,
      evidence: c.evidence
        .sort((a, b) => b.weight - a.weight || a.source[0] - b.source[0])
        .map((e) => ({ how: e.how, from: e.from, siteId: e.siteId, source: e.source, contact: e.contact, minutes: e.minutes, weight: e.weight })),
    })),
  };
  const id = newId(now);
  const row = {
    id, personId: group.root.id, category: stored.category, orgPath, fromAt: from, toAt: to, depth, params: JSON.stringify(params), result: JSON.stringify(stored),
    contacts: contacts.length, status: 'draft', purpose: why, createdBy: actor.userId, createdAt: now, acceptedBy: null, acceptedAt: null, acceptResult: null,
  };
  await inTransaction(ctx, async (tx) => {
    await tx.db.insertInto('traces').values(row).execute();
    for (let i = 0; i < stored.contacts.length; i += 300) {
      const part = stored.contacts.slice(i, i + 300);
      await tx.db
        .insertInto('traceContacts')
        .values(part.map((c) => ({ traceId: id, node: c.node, personId: c.personId, degree: c.degree, score: c.score, orgPath: units.get(c.node)!.path, entryId: null, taskId: null })))
        .execute();
    }
    await recordAudit(tx, actor, {
      action: 'trace.run', targetType: 'person', targetId: group.root.id, purpose: why, orgPath,
      detail: { trace: id, depth, from: new Date(from).toISOString(), to: new Date(to).toISOString(), contacts: contacts.length },
    });
  });
  return traceView(ctx, actor, row);
}

/**
 * The unit responsible for each contact: where it last registered a home (a compound's room, a floating address;
 * from a month before the window),
 * else where its strongest exposure was, else the unit of a list it is on.
 */
async function responsibleUnits(ctx: Ctx, contacts: FoundContact[], sites: Map<string, store.SiteInfo>, actor: Actor, since: number) {
  const homes = await store.latestHomes(ctx.db, contacts.flatMap((c) => c.idBidxs), since);
  const homeSites = await store.sitesByIds(ctx.db, [...homes.values()].map((h) => h.siteId));
  const listed = await store.entryPaths(ctx.db, contacts.filter((c) => c.personId).map((c) => c.personId!));
  const unitOf = new Map<string, string>();
  for (const c of contacts) {
    const home = c.idBidxs.map((b) => homes.get(b)).filter((h) => !!h).sort((a, b) => b!.at - a!.at)[0];
    const strongest = [...c.evidence].sort((a, b) => b.weight - a.weight).find((e) => e.siteId);
    const unit =
      (home && homeSites.get(home.siteId)?.orgUnitId) ??
      (strongest?.siteId ? sites.get(strongest.siteId)?.orgUnitId : undefined) ??
      (c.personId && listed.get(c.personId) ? store.unitIdOfPath(listed.get(c.personId)!) : undefined) ??
      store.unitIdOfPath(actor.scope.paths[0] ?? '');
    unitOf.set(c.node, unit);
  }
  const units = await store.orgUnitsByIds(ctx.db, [...unitOf.values()]);
  return new Map(contacts.map((c) => [c.node, units.get(unitOf.get(c.node)!) ?? { id: unitOf.get(c.node)!, path: '/', code: '', name: '', level: '' }]));
}

async function traceInScope(ctx: Ctx, actor: Actor, id: string) {
  const row = await ctx.db.selectFrom('traces').selectAll().where('id', '=', id).where((eb) => inScope(eb, 'orgPath', actor.scope)).executeTakeFirst();
  if (!row) throw notFound('trace.not_found');
  return { ...row, fromAt: Number(row.fromAt), toAt: Number(row.toAt), createdAt: Number(row.createdAt), acceptedAt: row.acceptedAt === null ? null : Number(row.acceptedAt) };
}

export async function getTrace(ctx: Ctx, actor: Actor, id: string): Promise<TraceView> {
  requirePeopleReader(actor);
  const row = await traceInScope(ctx, actor, id);
  await recordAudit(ctx, actor, { action: 'trace.view', targetType: 'trace', targetId: id, orgPath: row.orgPath });
  return traceView(ctx, actor, row);
}

/** The trace with the in-scope contacts' ID numbers in clear: a stated purpose, and an audit entry. */
export async function revealTrace(ctx: Ctx, actor: Actor, id: string, purpose: string): Promise<TraceView> {
  requireDataRole(actor);
  const why = checkPurpose(purpose ?? '');
  const row = await traceInScope(ctx, actor, id);
  const view = await traceView(ctx, actor, row, { reveal: true });
  await recordAudit(ctx, actor, {
    action: 'reveal', targetType: 'trace', targetId: id, purpose: why, orgPath: row.orgPath,
    detail: { fields: ['idNumber'], contacts: view.contacts.filter((c) => c.idNumber).length },
  });
  return view;
}

export async function listTraces(ctx: Ctx, actor: Actor, q: { personId?: string; limit?: number }): Promise<{ items: TraceSummary[] }> {
  requirePeopleReader(actor);
  let query = ctx.db.selectFrom('traces').selectAll().where((eb) => inScope(eb, 'orgPath', actor.scope)).orderBy('createdAt', 'desc').limit(Math.min(200, q.limit ?? 50));
  if (q.personId) query = query.where('personId', '=', q.personId);
  const rows = await query.execute();
  const refs = await personRefs(ctx, rows.map((r) => ({ node: r.id, personId: r.personId, rowId: '' })), false);
  const names = await store.userNames(ctx.db, rows.map((r) => r.createdBy));
  return {
    items: rows.map((r) => {
      const ref = refs.get(r.id);
      return {
        id: r.id, status: r.status as TraceSummary['status'],
        case: { personId: r.personId, person: { name: ref?.name ?? null, idNumber: ref?.idNumber ?? null, phone: ref?.phone ?? null }, category: r.category },
        window: { from: new Date(Number(r.fromAt)).toISOString(), to: new Date(Number(r.toAt)).toISOString() }, depth: r.depth, contacts: Number(r.contacts),
        createdAt: new Date(Number(r.createdAt)).toISOString(), createdBy: r.createdBy ? (names.get(r.createdBy) ?? null) : null,
      };
    }),
  };
}

export { traceInScope };
