// SQL for decisions. Reads are given the caller's scope (the org path of the check-in's site).
import type { Selectable } from 'kysely';
import type { DbLike } from '../../db/database.ts';
import type { DecisionTable } from '../../db/tables.ts';
import { inScope, type Scope } from '../../core/scope.ts';

export type DecisionRecord = Selectable<DecisionTable> & { byName: string; siteCode: string };

function scoped(db: DbLike, scope: Scope) {
  return db
    .selectFrom('decisions as d')
    .innerJoin('users as u', 'u.id', 'd.byUser')
    .innerJoin('sites as s', 's.id', 'd.siteId')
    .selectAll('d')
    .select(['u.displayName as byName', 's.code as siteCode'])
    .where((eb) => inScope(eb, 'd.orgPath', scope));
}

export async function insertDecision(db: DbLike, row: DecisionTable): Promise<void> {
  await db.insertInto('decisions').values(row).execute();
}

/** Every decision on the given check-ins, oldest first. */
export async function decisionsOn(db: DbLike, scope: Scope, checkinIds: string[]): Promise<DecisionRecord[]> {
  if (!checkinIds.length) return [];
  return scoped(db, scope).where('d.checkinId', 'in', checkinIds).orderBy('d.at').orderBy('d.id').execute();
}

/** Decisions after an id (ids are time-ordered ULIDs), oldest first: what a reconnecting feed missed. */
export async function decisionsAfter(db: DbLike, scope: Scope, afterId: string, limit: number): Promise<DecisionRecord[]> {
  return scoped(db, scope).where('d.id', '>', afterId).orderBy('d.id').limit(limit).execute();
}

export async function countDecisionsAt(db: DbLike, siteId: string, from: number, to: number): Promise<Array<{ decision: string; n: number }>> {
  return db
    .selectFrom('decisions')
    .select((eb) => ['decision', eb.fn.countAll<number>().as('n')])
    .where('siteId', '=', siteId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy('decision')
    .execute();
}
