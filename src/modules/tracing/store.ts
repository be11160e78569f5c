// SQL of contact tracing. Every read of check-ins goes through an index: (id_bidx, at) for a person's own history,
// (site_id, at) for who was at a place, (dwelling_bidx, at) and (building_bidx, at) for homes, group_id for
// companions. Tracing reads the whole tree on purpose (a contact may live anywhere); what the caller sees of the
// contacts is decided by the service (routing), not here.
import type { DbLike } from '../../db/database.ts';
import type { PersonTable } from '../../db/tables.ts';

/** What tracing needs of a check-in: no personal value but the sealed document, opened only where needed. */
export interface TraceRow {
  id: string;
  groupId: string;
  siteId: string;
  orgPath: string;
  kind: string;
  direction: string;
  at: number;
  idBidx: string | null;
  plateBidx: string | null;
  dwellingBidx: string | null;
  buildingBidx: string | null;
}

const COLUMNS = ['id', 'groupId', 'siteId', 'orgPath', 'kind', 'direction', 'at', 'idBidx', 'plateBidx', 'dwellingBidx', 'buildingBidx'] as const;
const SLICE = 500;

function slices<T>(xs: T[], n = SLICE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

const toRow = (r: Record<string, unknown>): TraceRow => ({ ...(r as unknown as TraceRow), at: Number(r.at) });

/** A person's own check-ins in a window, oldest first. */
export async function rowsOfDocuments(db: DbLike, idBidxs: string[], from: number, to: number): Promise<TraceRow[]> {
  const out: TraceRow[] = [];
  for (const part of slices(idBidxs)) {
    if (!part.length) continue;
    const rows = await db.selectFrom('checkins').select(COLUMNS).where('idBidx', 'in', part).where('at', '>=', from).where('at', '<=', to).execute();
    out.push(...rows.map(toRow));
  }
  return out.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
}

export async function rowsOfGroups(db: DbLike, groupIds: string[]): Promise<TraceRow[]> {
  const out: TraceRow[] = [];
  for (const part of slices([...new Set(groupIds)])) {
    if (part.length) out.push(...(await db.selectFrom('checkins').select(COLUMNS).where('groupId', 'in', part).execute()).map(toRow));
  }
  return out;
}

/** Check-ins at these sites between two times (both included). */
export async function rowsAtSites(db: DbLike, siteIds: string[], from: number, to: number): Promise<TraceRow[]> {
  if (!siteIds.length) return [];
  const q = db.selectFrom('checkins').select(COLUMNS).where('at', '>=', from).where('at', '<=', to);
  const rows = await (siteIds.length === 1 ? q.where('siteId', '=', siteIds[0]) : q.where('siteId', 'in', siteIds)).execute();
  return rows.map(toRow);
}

export async function rowsOfBuilding(db: DbLike, buildingBidx: string, from: number, to: number): Promise<TraceRow[]> {
  return (await db.selectFrom('checkins').select(COLUMNS).where('buildingBidx', '=', buildingBidx).where('at', '>=', from).where('at', '<', to).execute()).map(toRow);
}

export async function rowsOfDwellings(db: DbLike, dwellingBidxs: string[], from: number, to: number): Promise<TraceRow[]> {
  const out: TraceRow[] = [];
  for (const part of slices([...new Set(dwellingBidxs)])) {
    if (!part.length) continue;
    out.push(...(await db.selectFrom('checkins').select(COLUMNS).where('dwellingBidx', 'in', part).where('at', '>=', from).where('at', '<=', to).execute()).map(toRow));
  }
  return out;
}

/** The sealed documents of some check-ins (to read a floating stay, or to name a contact without a person). */
export async function sealedOf(db: DbLike, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of slices([...new Set(ids)])) {
    if (!part.length) continue;
    for (const r of await db.selectFrom('checkins').select(['id', 'piiEnc']).where('id', 'in', part).execute()) out.set(r.id, r.piiEnc);
  }
  return out;
}

/** The community sites of a compound: the sites of that kind in the same org unit. */
export async function compoundSites(db: DbLike, orgUnitId: string): Promise<string[]> {
  return (await db.selectFrom('sites').select('id').where('orgUnitId', '=', orgUnitId).where('kind', '=', 'community').execute()).map((r) => r.id);
}

export interface SiteInfo {
  id: string;
  code: string;
  name: string;
  kind: string;
  orgUnitId: string;
  traceToleranceMin: number | null;
}

export async function sitesByIds(db: DbLike, ids: string[]): Promise<Map<string, SiteInfo>> {
  const out = new Map<string, SiteInfo>();
  for (const part of slices([...new Set(ids)])) {
    if (!part.length) continue;
    const rows = await db.selectFrom('sites').select(['id', 'code', 'name', 'kind', 'orgUnitId', 'traceToleranceMin']).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, { ...r, traceToleranceMin: r.traceToleranceMin === null ? null : Number(r.traceToleranceMin) });
  }
  return out;
}

export async function personsByIdBidxs(db: DbLike, idBidxs: string[]): Promise<PersonTable[]> {
  const out: PersonTable[] = [];
  for (const part of slices([...new Set(idBidxs)])) if (part.length) out.push(...(await db.selectFrom('persons').selectAll().where('idBidx', 'in', part).execute()));
  return out;
}

export async function personsByIds(db: DbLike, ids: string[]): Promise<PersonTable[]> {
  const out: PersonTable[] = [];
  for (const part of slices([...new Set(ids)])) if (part.length) out.push(...(await db.selectFrom('persons').selectAll().where('id', 'in', part).execute()));
  return out;
}

export async function personsByAddress(db: DbLike, addressBidxs: string[]): Promise<PersonTable[]> {
  if (!addressBidxs.length) return [];
  return db.selectFrom('persons').selectAll().where('addressBidx', 'in', addressBidxs).where('mergedInto', 'is', null).execute();
}

/**
 * Where each document last registered a home (a community resident's room, a floating address) since a time: its
 * site. Bounded in time so that the work follows the trace, not the length of the history kept.
 */
export async function latestHomes(db: DbLike, idBidxs: string[], since: number): Promise<Map<string, { siteId: string; at: number }>> {
  const out = new Map<string, { siteId: string; at: number }>();
  for (const part of slices([...new Set(idBidxs)])) {
    if (!part.length) continue;
    const rows = await db
      .selectFrom('checkins')
      .select(['idBidx', 'siteId', 'at'])
      .where('idBidx', 'in', part)
      .where('at', '>=', since)
      .where('dwellingBidx', 'is not', null)
      .execute();
    for (const r of rows) {
      const at = Number(r.at);
      const seen = out.get(r.idBidx!);
      if (!seen || at > seen.at) out.set(r.idBidx!, { siteId: r.siteId, at });
    }
  }
  return out;
}

/** The newest active list entry of each of these persons in a unit: the org path of the person's own unit. */
export async function entryPaths(db: DbLike, personIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of slices(personIds)) {
    if (!part.length) continue;
    const rows = await db.selectFrom('listEntries').select(['personId', 'orgPath', 'createdAt']).where('personId', 'in', part).where('endedAt', 'is', null).orderBy('createdAt').execute();
    for (const r of rows) out.set(r.personId, r.orgPath);
  }
  return out;
}

/** Active list kinds of each person (categories and lists), for the contact table and the graph. */
export async function activeKinds(db: DbLike, personIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of slices(personIds)) {
    if (!part.length) continue;
    const rows = await db
      .selectFrom('listEntries as e')
      .innerJoin('lists as l', 'l.id', 'e.listId')
      .select(['e.personId', 'l.kind'])
      .where('e.personId', 'in', part)
      .where('e.endedAt', 'is', null)
      .execute();
    for (const r of rows) out.set(r.personId, [...new Set([...(out.get(r.personId) ?? []), r.kind])]);
  }
  return out;
}

export async function orgUnitsByIds(db: DbLike, ids: string[]): Promise<Map<string, { id: string; code: string; name: string; path: string; level: string }>> {
  const out = new Map<string, { id: string; code: string; name: string; path: string; level: string }>();
  for (const part of slices([...new Set(ids)])) {
    if (!part.length) continue;
    for (const r of await db.selectFrom('orgUnits').select(['id', 'code', 'name', 'path', 'level']).where('id', 'in', part).execute()) out.set(r.id, r);
  }
  return out;
}

/** The last segment of a materialised path is the unit's own id. */
export const unitIdOfPath = (path: string): string => path.split('/').filter(Boolean).pop() ?? '';

/** Display names of users (who ran or accepted a trace). */
export async function userNames(db: DbLike, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  if (!wanted.length) return new Map();
  return new Map((await db.selectFrom('users').select(['id', 'displayName']).where('id', 'in', wanted).execute()).map((u) => [u.id, u.displayName]));
}
