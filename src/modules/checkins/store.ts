// SQL for reading check-ins. Reads are always given the caller's scope (org path of the site).
import type { Selectable } from 'kysely';
import type { DbLike } from '../../db/database.ts';
import type { CheckinTable } from '../../db/tables.ts';
import { inScope, type Scope } from '../../core/scope.ts';

export type CheckinRecord = Selectable<CheckinTable> & { siteCode: string; siteName: string };

export interface CheckinFilter {
  siteCode?: string;
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
    .selectAll('c')
    .select(['s.code as siteCode', 's.name as siteName'])
    .where((eb) => inScope(eb, 'c.orgPath', scope));
}

export async function listCheckins(db: DbLike, scope: Scope, f: CheckinFilter): Promise<CheckinRecord[]> {
  // ULIDs are made at arrival, so id order is time order and pages by id.
  let q = scoped(db, scope).orderBy('c.id', 'desc').limit(f.limit);
  if (f.siteCode) q = q.where('s.code', '=', f.siteCode);
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
