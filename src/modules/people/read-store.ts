// SQL of a person's page and report: what is held about a group of merged records, always in the caller's scope.
import type { Selectable } from 'kysely';
import { inScope, type Scope } from '../../core/scope.ts';
import type { DbLike } from '../../db/database.ts';
import type { AuditLogTable, ListEntryTable, PersonMergeTable, PersonTable, WatchHitTable } from '../../db/tables.ts';

const NONE = ['-'];
const some = (xs: string[]) => (xs.length ? xs : NONE);

/** True when the scope is the whole tree (the region, or the operator): it sees persons nobody in it knows yet. */
export function wholeTree(scope: Scope): boolean {
  return scope.paths.some((p) => p.split('/').filter(Boolean).length <= 1);
}

export async function personsByIdBidx(db: DbLike, bidx: string): Promise<PersonTable[]> {
  return db.selectFrom('persons').selectAll().where('idBidx', '=', bidx).execute();
}

export async function personsByPhoneBidx(db: DbLike, bidx: string, limit: number): Promise<PersonTable[]> {
  return db.selectFrom('persons').selectAll().where('phoneBidx', '=', bidx).orderBy('id').limit(limit).execute();
}

/** Whether anyone in the scope knows the person: a list entry, a check-in of one of its documents or a hit. */
export async function knownInScope(db: DbLike, scope: Scope, personIds: string[], idBidxs: string[]): Promise<boolean> {
  const entry = await db.selectFrom('listEntries').select('id').where('personId', 'in', some(personIds)).where((eb) => inScope(eb, 'orgPath', scope)).limit(1).executeTakeFirst();
  if (entry) return true;
  if (idBidxs.length) {
    const checkin = await db.selectFrom('checkins').select('id').where('idBidx', 'in', idBidxs).where((eb) => inScope(eb, 'orgPath', scope)).limit(1).executeTakeFirst();
    if (checkin) return true;
  }
  const hit = await db.selectFrom('watchHits').select('checkinId').where('personId', 'in', some(personIds)).where((eb) => inScope(eb, 'orgPath', scope)).limit(1).executeTakeFirst();
  return !!hit;
}

/** Check-ins of these documents in scope, newest first: the same reading as the check-in list's. */
export { findByDocuments as checkinsOfDocuments } from '../checkins/store.ts';

export type EntryRecord = Selectable<ListEntryTable> & { listName: string; kind: string; watch: boolean };

function entries(db: DbLike, scope: Scope) {
  return db
    .selectFrom('listEntries as e')
    .innerJoin('lists as l', 'l.id', 'e.listId')
    .selectAll('e')
    .select(['l.name as listName', 'l.kind', 'l.watch'])
    .where((eb) => inScope(eb, 'e.orgPath', scope));
}

export async function entriesOfPersons(db: DbLike, scope: Scope, personIds: string[]): Promise<EntryRecord[]> {
  if (!personIds.length) return [];
  return entries(db, scope).where('e.personId', 'in', personIds).orderBy('e.listedAt', 'desc').orderBy('e.id', 'desc').execute() as Promise<EntryRecord[]>;
}

export async function entriesOfDocument(db: DbLike, scope: Scope, idBidx: string): Promise<EntryRecord[]> {
  return entries(db, scope).where('e.idBidx', '=', idBidx).execute() as Promise<EntryRecord[]>;
}

export type HitRecord = WatchHitTable & { listName: string; kind: string; siteCode: string | null; siteName: string | null };

export async function hitsOfPersons(db: DbLike, scope: Scope, personIds: string[]): Promise<HitRecord[]> {
  if (!personIds.length) return [];
  return db
    .selectFrom('watchHits as h')
    .innerJoin('lists as l', 'l.id', 'h.listId')
    .leftJoin('checkins as c', 'c.id', 'h.checkinId')
    .leftJoin('sites as s', 's.id', 'c.siteId')
    .selectAll('h')
    .select(['l.name as listName', 'l.kind', 's.code as siteCode', 's.name as siteName'])
    .where('h.personId', 'in', personIds)
    .where((eb) => inScope(eb, 'h.orgPath', scope))
    .orderBy('h.at', 'desc')
    .execute() as Promise<HitRecord[]>;
}

export async function mergesOf(db: DbLike, scope: Scope, personIds: string[]): Promise<PersonMergeTable[]> {
  if (!personIds.length) return [];
  return db
    .selectFrom('personMerges')
    .selectAll()
    .where((eb) => eb.or([eb('keptId', 'in', personIds), eb('mergedId', 'in', personIds)]))
    .where((eb) => inScope(eb, 'orgPath', scope))
    .orderBy('at')
    .execute();
}

/** The newest check-in time of each document, in scope: what a search result shows as "last seen". */
export async function lastSeen(db: DbLike, scope: Scope, idBidxs: string[]): Promise<Map<string, number>> {
  if (!idBidxs.length) return new Map();
  const rows = await db
    .selectFrom('checkins')
    .select((eb) => ['idBidx', eb.fn.max('at').as('at')])
    .where('idBidx', 'in', idBidxs)
    .where((eb) => inScope(eb, 'orgPath', scope))
    .groupBy('idBidx')
    .execute();
  return new Map(rows.map((r) => [r.idBidx!, Number(r.at)]));
}

/** Audit entries about these targets, oldest first; entries without an org path only for the whole tree. */
export async function auditAbout(db: DbLike, scope: Scope, targets: { type: string; ids: string[] }[]): Promise<Selectable<AuditLogTable>[]> {
  const wanted = targets.filter((t) => t.ids.length);
  if (!wanted.length) return [];
  const out: Selectable<AuditLogTable>[] = [];
  for (const t of wanted) {
    for (let i = 0; i < t.ids.length; i += 500) {
      out.push(
        ...(await db
          .selectFrom('auditLog')
          .selectAll()
          .where('targetType', '=', t.type)
          .where('targetId', 'in', t.ids.slice(i, i + 500))
          .where((eb) => (wholeTree(scope) ? eb.or([eb('orgPath', 'is', null), inScope(eb, 'orgPath', scope)]) : inScope(eb, 'orgPath', scope)))
          .execute()),
      );
    }
  }
  return out.sort((a, b) => a.seq - b.seq);
}
