// SQL for reading check-ins. Reads are always given the caller's scope (org path of the site).
import { sql, type Selectable } from 'kysely';
import type { DbLike } from '../../db/database.ts';
import type { CheckinTable } from '../../db/tables.ts';
import { inScope, type Scope } from '../../core/scope.ts';

export type CheckinRecord = Selectable<CheckinTable> & { siteCode: string; siteName: string; orgName: string; enteredByName: string | null };

export interface CheckinFilter {
  siteCode?: string;
  /** one submission: the person and their companions */
  groupId?: string;
  kind?: string;
  flagged?: boolean;
  from?: number;
  to?: number;
  before?: string; // id: pages go back in time
  limit: number;
}

function scoped(db: DbLike, scope: Scope) {
  return db
    .selectFrom('checkins as c')
    .innerJoin('sites as s', 's.id', 'c.siteId')
    .innerJoin('orgUnits as o', 'o.id', 's.orgUnitId')
    .leftJoin('users as e', 'e.id', 'c.enteredBy')
    .selectAll('c')
    .select(['s.code as siteCode', 's.name as siteName', 'o.name as orgName', 'e.displayName as enteredByName'])
    .where((eb) => inScope(eb, 'c.orgPath', scope));
}

export async function listCheckins(db: DbLike, scope: Scope, f: CheckinFilter): Promise<CheckinRecord[]> {
  // ULIDs are made at arrival, so id order is time order and pages by id.
  let q = scoped(db, scope).orderBy('c.id', 'desc').limit(f.limit);
  if (f.siteCode) q = q.where('s.code', '=', f.siteCode);
  if (f.groupId) q = q.where('c.groupId', '=', f.groupId);
  if (f.kind) q = q.where('c.kind', '=', f.kind);
  if (f.flagged !== undefined) q = q.where('c.flags', f.flagged ? '!=' : '=', '[]');
  if (f.from !== undefined) q = q.where('c.at', '>=', f.from);
  if (f.to !== undefined) q = q.where('c.at', '<', f.to);
  if (f.before) q = q.where('c.id', '<', f.before);
  return q.execute();
}

export async function findCheckin(db: DbLike, scope: Scope, id: string): Promise<CheckinRecord | undefined> {
  return scoped(db, scope).where('c.id', '=', id).executeTakeFirst();
}

/** Submissions (the submitter's rows) after an id, oldest first: what a reconnecting feed missed. */
export async function listSubmissionsAfter(db: DbLike, scope: Scope, afterId: string, limit: number): Promise<(CheckinRecord & { people: number })[]> {
  return scoped(db, scope)
    .select((eb) => eb.selectFrom('checkins as g').select(eb.fn.countAll<number>().as('n')).whereRef('g.groupId', '=', 'c.groupId').as('people'))
    .where('c.role', '=', 'self')
    .where('c.id', '>', afterId)
    .orderBy('c.id')
    .limit(limit)
    .execute() as Promise<(CheckinRecord & { people: number })[]>;
}

export type LookupKey = 'idBidx' | 'phoneBidx' | 'plateBidx';

/** Check-ins whose blind index equals `bidx`, newest first: an exact look-up that never decrypts a row to search. */
export async function findByBlindIndex(db: DbLike, scope: Scope, key: LookupKey, bidx: string, limit: number): Promise<CheckinRecord[]> {
  return scoped(db, scope).where(`c.${key}`, '=', bidx).orderBy('c.id', 'desc').limit(limit).execute();
}

/** Check-ins of any of these documents, newest first (a person's merged records each have their own). */
export async function findByDocuments(db: DbLike, scope: Scope, idBidxs: string[], limit: number): Promise<CheckinRecord[]> {
  if (!idBidxs.length) return [];
  return scoped(db, scope).where('c.idBidx', 'in', idBidxs).orderBy('c.id', 'desc').limit(limit).execute();
}

/** The rows of one submission: the submitter first, then the companions. */
export async function findGroup(db: DbLike, scope: Scope, groupId: string): Promise<CheckinRecord[]> {
  return scoped(db, scope).where('c.groupId', '=', groupId).orderBy('c.id').execute();
}

export interface SiteShiftCounts {
  direction: string;
  people: number;
  submissions: number;
  flagged: number;
}

/** People, submissions and flagged submissions by direction at one site in [from, to). */
export async function countAtSite(db: DbLike, siteId: string, from: number, to: number): Promise<SiteShiftCounts[]> {
  return db
    .selectFrom('checkins')
    .select((eb) => [
      'direction',
      eb.fn.countAll<number>().as('people'),
      eb.fn.sum<number>(eb.case().when('role', '=', 'self').then(1).else(0).end()).as('submissions'),
      eb.fn.sum<number>(eb.case().when('flags', '!=', '[]').then(1).else(0).end()).as('flagged'),
    ])
    .where('siteId', '=', siteId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy('direction')
    .execute();
}

/** People per hour (epoch hour number) at one site in [from, to). */
export async function hourlyAtSite(db: DbLike, siteId: string, from: number, to: number): Promise<Array<{ hour: number; n: number }>> {
  // Both engines divide integers as integers: at / 3600000 is the hour the check-in fell in.
  const hour = sql<number>`at / 3600000`;
  return db
    .selectFrom('checkins')
    .select((eb) => [hour.as('hour'), eb.fn.countAll<number>().as('n')])
    .where('siteId', '=', siteId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy(hour)
    .orderBy(hour)
    .execute();
}
