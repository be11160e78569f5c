// SQL of exports: the rows of a filtered set in the caller's scope, read in pages by id (keyset), never all at once.
// A set is fixed when the export starts: its count and its last id; pages stop there, so rows written meanwhile
// do not change what the audit entry says was exported.
//
// Check-in pages walk the primary key (id order). A site filter could be served by the (site, time) index, and the
// planner would then sort the whole site again for every page: quadratic. In page queries that filter is written
// so that no index can serve it (`col || ''`, the same in both engines), which keeps each page a short walk of the
// primary key and the whole export linear. List entries have a (list, id) index: pages walk it.
import { sql } from 'kysely';
import type { DbLike } from '../../db/database.ts';
import { inScope, type Scope } from '../../core/scope.ts';

export interface CheckinSlice {
  /** org path of a unit: its subtree */
  orgPath?: string;
  siteCode?: string;
  kind?: string;
  flagged?: boolean;
  from?: number;
  to?: number;
}

export interface SetBounds {
  rows: number;
  /** the last id in the set when it was counted; null for an empty set */
  lastId: string | null;
}

/** `column || ''`: the same value, but no index can serve a comparison with it (see above). */
const unindexed = (column: string) => sql<string>`${sql.ref(column)} || ''`;

function checkins(db: DbLike, scope: Scope, f: CheckinSlice, paging = false) {
  let q = db
    .selectFrom('checkins as c')
    .innerJoin('sites as s', 's.id', 'c.siteId')
    .where((eb) => inScope(eb, 'c.orgPath', scope));
  if (f.orgPath) q = q.where('c.orgPath', 'like', `${f.orgPath}%`);
  if (f.siteCode) q = q.where(paging ? unindexed('s.code') : sql.ref<string>('s.code'), '=', f.siteCode);
  if (f.kind) q = q.where('c.kind', '=', f.kind);
  if (f.flagged) q = q.where('c.flags', '!=', '[]');
  if (f.from !== undefined) q = q.where('c.at', '>=', f.from);
  if (f.to !== undefined) q = q.where('c.at', '<', f.to);
  return q;
}

export async function checkinBounds(db: DbLike, scope: Scope, f: CheckinSlice): Promise<SetBounds> {
  const r = await checkins(db, scope, f)
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('c.id').as('lastId')])
    .executeTakeFirstOrThrow();
  return { rows: Number(r.n), lastId: (r.lastId as string | null) ?? null };
}

export interface CheckinExportRow {
  id: string;
  at: number;
  kind: string;
  direction: string;
  piiEnc: string;
  temperature: number | null;
  flags: string;
  origin: string | null;
  destination: string | null;
  siteCode: string;
  siteName: string;
}

/** The next page of the set: ids after `after` (all when null), up to and with `lastId`, oldest first. */
export async function checkinPage(db: DbLike, scope: Scope, f: CheckinSlice, after: string | null, lastId: string, limit: number): Promise<CheckinExportRow[]> {
  let q = checkins(db, scope, f, true)
    .select(['c.id', 'c.at', 'c.kind', 'c.direction', 'c.piiEnc', 'c.temperature', 'c.flags', 'c.origin', 'c.destination', 's.code as siteCode', 's.name as siteName'])
    .where('c.id', '<=', lastId)
    .orderBy('c.id')
    .limit(limit);
  if (after) q = q.where('c.id', '>', after);
  return q.execute();
}

export interface EntrySlice {
  listId: string;
  /** on the time the person was listed (arrival, date of the category) */
  from?: number;
  to?: number;
}

function entries(db: DbLike, scope: Scope, f: EntrySlice) {
  let q = db
    .selectFrom('listEntries as e')
    .innerJoin('lists as l', 'l.id', 'e.listId')
    .where('e.listId', '=', f.listId)
    .where((eb) => inScope(eb, 'e.orgPath', scope));
  if (f.from !== undefined) q = q.where('e.listedAt', '>=', f.from);
  if (f.to !== undefined) q = q.where('e.listedAt', '<', f.to);
  return q;
}

export async function entryBounds(db: DbLike, scope: Scope, f: EntrySlice): Promise<SetBounds> {
  const r = await entries(db, scope, f)
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('e.id').as('lastId')])
    .executeTakeFirstOrThrow();
  return { rows: Number(r.n), lastId: (r.lastId as string | null) ?? null };
}

export interface EntryExportRow {
  id: string;
  piiEnc: string;
  origin: string | null;
  listedAt: number | null;
  source: string;
  createdAt: number;
  endedAt: number | null;
  listName: string;
}

export async function entryPage(db: DbLike, scope: Scope, f: EntrySlice, after: string | null, lastId: string, limit: number): Promise<EntryExportRow[]> {
  let q = entries(db, scope, f)
    .select(['e.id', 'e.piiEnc', 'e.origin', 'e.listedAt', 'e.source', 'e.createdAt', 'e.endedAt', 'l.name as listName'])
    .where('e.id', '<=', lastId)
    .orderBy('e.id')
    .limit(limit);
  if (after) q = q.where('e.id', '>', after);
  return q.execute();
}
