// Reads of the rollup tables for one org subtree and a range of days. Every query is bounded by the days asked for
// and the subtree, never by the number of check-ins behind the counts.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DbLike, Dialect } from '../../db/database.ts';
import type { Tables } from '../../db/tables.ts';

/** Org paths are ids and slashes: the subtree of '/a/b/' is the byte range ['/a/b/', '/a/b0') ('0' follows '/'). */
export function inSubtree<TB extends keyof Tables>(eb: ExpressionBuilder<Tables, TB>, column: string, path: string): Expression<SqlBool> {
  const ref = eb.ref(column as never);
  return eb.and([eb(ref, '>=', path as never), eb(ref, '<', `${path.slice(0, -1)}0` as never)]);
}

const n = (v: unknown) => Number(v ?? 0);

export interface SiteTotal {
  siteId: string;
  orgPath: string;
  kind: string;
  people: number;
  flagged: number;
}

/** Per site (with its org path and kind) over the days. */
export async function siteTotals(db: DbLike, path: string, from: string, to: string): Promise<SiteTotal[]> {
  const rows = await db
    .selectFrom('rollupSiteDay')
    .select(['siteId', 'orgPath', 'kind'])
    .select((eb) => [eb.fn.sum<number>('people').as('people'), eb.fn.sum<number>('flagged').as('flagged')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where((eb) => inSubtree(eb, 'orgPath', path))
    .groupBy(['siteId', 'orgPath', 'kind'])
    .execute();
  return rows.map((r) => ({ siteId: r.siteId, orgPath: r.orgPath, kind: r.kind, people: n(r.people), flagged: n(r.flagged) }));
}

export interface DayTotal {
  day: string;
  people: number;
  flagged: number;
}

export async function dayTotals(db: DbLike, path: string, from: string, to: string): Promise<DayTotal[]> {
  const rows = await db
    .selectFrom('rollupSiteDay')
    .select('day')
    .select((eb) => [eb.fn.sum<number>('people').as('people'), eb.fn.sum<number>('flagged').as('flagged')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where((eb) => inSubtree(eb, 'orgPath', path))
    .groupBy('day')
    .execute();
  return rows.map((r) => ({ day: r.day, people: n(r.people), flagged: n(r.flagged) }));
}

/** People of flagged submissions per reason and day. */
export async function flagTotals(db: DbLike, path: string, from: string, to: string): Promise<Array<{ day: string; flag: string; people: number }>> {
  const rows = await db
    .selectFrom('rollupFlagDay')
    .select(['day', 'flag'])
    .select((eb) => eb.fn.sum<number>('people').as('people'))
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where((eb) => inSubtree(eb, 'orgPath', path))
    .groupBy(['day', 'flag'])
    .execute();
  return rows.map((r) => ({ day: r.day, flag: r.flag, people: n(r.people) }));
}

/** Per org path (the leaf unit of the counts) and reason: the watch-list hits of each subordinate unit. */
export async function flagTotalsByPath(db: DbLike, path: string, from: string, to: string, flag: string): Promise<Array<{ orgPath: string; people: number }>> {
  const rows = await db
    .selectFrom('rollupFlagDay')
    .select('orgPath')
    .select((eb) => eb.fn.sum<number>('people').as('people'))
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('flag', '=', flag)
    .where((eb) => inSubtree(eb, 'orgPath', path))
    .groupBy('orgPath')
    .execute();
  return rows.map((r) => ({ orgPath: r.orgPath, people: n(r.people) }));
}

export async function originTotals(db: DbLike, path: string, from: string, to: string): Promise<Array<{ origin: string; people: number }>> {
  const rows = await db
    .selectFrom('rollupOriginDay')
    .select('origin')
    .select((eb) => eb.fn.sum<number>('people').as('people'))
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where((eb) => inSubtree(eb, 'orgPath', path))
    .groupBy('origin')
    .execute();
  return rows.map((r) => ({ origin: r.origin, people: n(r.people) }));
}

export interface ListDayTotal {
  day: string;
  orgPath: string;
  kind: string;
  added: number;
  ended: number;
}

/** List movements up to a day, from the first: the current count of a kind is the sum of added minus ended. */
export async function listTotalsUpTo(db: DbLike, path: string, to: string): Promise<ListDayTotal[]> {
  const rows = await db
    .selectFrom('rollupListDay')
    .select(['day', 'orgPath', 'kind'])
    .select((eb) => [eb.fn.sum<number>('added').as('added'), eb.fn.sum<number>('ended').as('ended')])
    .where('day', '<=', to)
    .where((eb) => inSubtree(eb, 'orgPath', path))
    .groupBy(['day', 'orgPath', 'kind'])
    .execute();
  return rows.map((r) => ({ day: r.day, orgPath: r.orgPath, kind: r.kind, added: n(r.added), ended: n(r.ended) }));
}

export async function sitesByIds(db: DbLike, ids: string[]): Promise<Array<{ id: string; code: string; name: string; kind: string }>> {
  if (!ids.length) return [];
  return db.selectFrom('sites').select(['id', 'code', 'name', 'kind']).where('id', 'in', ids).execute();
}

export interface FlaggedRow {
  id: string;
  groupId: string;
  at: number;
  flags: string;
  piiEnc: string;
  siteCode: string;
  siteName: string;
}

/** The latest flagged submissions of a subtree in a time range (the partial index checkins_flagged), and how many. */
export async function flaggedCheckins(db: DbLike, dialect: Dialect, path: string, fromMs: number, toMs: number, limit: number): Promise<{ rows: FlaggedRow[]; total: number }> {
  // PostgreSQL's index is on the path in byte order (collate "C"); the range must compare the same way to use it.
  const orgPath = dialect === 'postgres' ? sql`c.org_path collate "C"` : sql`c.org_path`;
  const where = sql<SqlBool>`c.flags <> '[]' and ${orgPath} >= ${path} and ${orgPath} < ${`${path.slice(0, -1)}0`} and c.at >= ${fromMs} and c.at < ${toMs}`;
  const [rows, total] = await Promise.all([
    db
      .selectFrom('checkins as c')
      .innerJoin('sites as s', 's.id', 'c.siteId')
      .select(['c.id', 'c.groupId', 'c.at', 'c.flags', 'c.piiEnc', 's.code as siteCode', 's.name as siteName'])
      .where(where)
      .orderBy('c.at', 'desc')
      .limit(limit)
      .execute(),
    db.selectFrom('checkins as c').select((eb) => eb.fn.countAll<number>().as('n')).where(where).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ ...r, at: Number(r.at) })), total: n(total.n) };
}

/** People per submission, for a page of flagged submissions. */
export async function groupSizes(db: DbLike, groupIds: string[]): Promise<Map<string, number>> {
  if (!groupIds.length) return new Map();
  const rows = await db
    .selectFrom('checkins')
    .select('groupId')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('groupId', 'in', groupIds)
    .groupBy('groupId')
    .execute();
  return new Map(rows.map((r) => [r.groupId, n(r.n)]));
}
