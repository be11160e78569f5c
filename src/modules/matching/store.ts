// SQL of matching: blocking the person index by its blind indexes, merge candidates and merges. Reads of candidates
// and merges are given the caller's scope (the org path of the list or place that produced the candidate).
import type { Selectable } from 'kysely';
import type { DbLike } from '../../db/database.ts';
import type { MergeCandidateTable, PersonMergeTable, PersonTable } from '../../db/tables.ts';
import { inScope, type Scope } from '../../core/scope.ts';

export type CandidateRow = Selectable<MergeCandidateTable>;
export type MergeRow = Selectable<PersonMergeTable>;
export type PersonRow = Selectable<PersonTable>;
export type BlockColumn = 'phoneBidx' | 'nameBidx';

/** IN lists stay under the bound-parameter limits of both engines. */
const IN_BATCH = 500;

async function inBatches<T>(keys: string[], fn: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(keys)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += IN_BATCH) out.push(...(await fn(unique.slice(i, i + IN_BATCH))));
  return out;
}

export function personsByIds(db: DbLike, ids: string[]): Promise<PersonRow[]> {
  return inBatches(ids, (part) => db.selectFrom('persons').selectAll().where('id', 'in', part).execute());
}

/** How many unmerged records each key holds: blocks of very common names are too large to compare. */
export async function blockSizes(db: DbLike, column: BlockColumn, keys: string[]): Promise<Map<string, number>> {
  const rows = await inBatches(keys, (part) =>
    db
      .selectFrom('persons')
      .select((eb) => [eb.ref(column).as('key'), eb.fn.countAll<number | string>().as('n')])
      .where(column, 'in', part)
      .where('mergedInto', 'is', null)
      .groupBy(column)
      .execute(),
  );
  return new Map(rows.map((r) => [r.key as string, Number(r.n)]));
}

/** The unmerged records under the given keys. */
export function personsInBlocks(db: DbLike, column: BlockColumn, keys: string[]): Promise<PersonRow[]> {
  return inBatches(keys, (part) => db.selectFrom('persons').selectAll().where(column, 'in', part).where('mergedInto', 'is', null).execute());
}

/** Inserts candidates; a pair already proposed (whatever became of it) is left as it is. Returns how many were new. */
export async function insertCandidates(db: DbLike, rows: CandidateRow[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const done = await db
      .insertInto('mergeCandidates')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['personA', 'personB']).doNothing())
      .returning('id')
      .execute();
    n += done.length;
  }
  return n;
}

export type CandidateRecord = CandidateRow & { decidedByName: string | null };

function candidates(db: DbLike, scope: Scope) {
  return db
    .selectFrom('mergeCandidates as c')
    .leftJoin('users as u', 'u.id', 'c.decidedBy')
    .selectAll('c')
    .select('u.displayName as decidedByName')
    .where((eb) => inScope(eb, 'c.orgPath', scope));
}

export function candidateById(db: DbLike, scope: Scope, id: string): Promise<CandidateRecord | undefined> {
  return candidates(db, scope).where('c.id', '=', id).executeTakeFirst();
}

/** Highest score first (open ones), or latest decided first. */
export function listCandidates(db: DbLike, scope: Scope, status: string, limit: number, offset: number): Promise<CandidateRecord[]> {
  const q = candidates(db, scope).where('c.status', '=', status);
  const ordered = status === 'open' ? q.orderBy('c.score', 'desc').orderBy('c.id') : q.orderBy('c.decidedAt', 'desc').orderBy('c.id', 'desc');
  return ordered.limit(limit).offset(offset).execute();
}

/** Moves a candidate from one of the given statuses; 0 when another decision came first. */
export async function setCandidateStatus(db: DbLike, id: string, from: string[], status: string, by: string | null, at: number): Promise<number> {
  const r = await db.updateTable('mergeCandidates').set({ status, decidedBy: by, decidedAt: at }).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Locks the two records for the rest of the transaction (PostgreSQL), smaller id first so lockers never cross. */
export async function lockPersons(db: DbLike, ids: string[], forUpdate: boolean): Promise<PersonRow[]> {
  const q = db.selectFrom('persons').selectAll().where('id', 'in', ids).orderBy('id');
  return (forUpdate ? q.forUpdate() : q).execute();
}

/** Points a record at another (or back at none), only when it still points where expected. */
export async function setMergedInto(db: DbLike, id: string, expected: string | null, value: string | null, at: number): Promise<number> {
  const r = await db
    .updateTable('persons')
    .set({ mergedInto: value, updatedAt: at })
    .where('id', '=', id)
    .where('mergedInto', expected === null ? 'is' : '=', expected)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertMerge(db: DbLike, row: MergeRow): Promise<void> {
  await db.insertInto('personMerges').values(row).execute();
}

export type MergeRecord = MergeRow & { byName: string | null; undoneByName: string | null };

function merges(db: DbLike, scope: Scope) {
  return db
    .selectFrom('personMerges as m')
    .leftJoin('users as u', 'u.id', 'm.byUser')
    .leftJoin('users as v', 'v.id', 'm.undoneBy')
    .selectAll('m')
    .select(['u.displayName as byName', 'v.displayName as undoneByName'])
    .where((eb) => inScope(eb, 'm.orgPath', scope));
}

export function mergeById(db: DbLike, scope: Scope, id: string): Promise<MergeRecord | undefined> {
  return merges(db, scope).where('m.id', '=', id).executeTakeFirst();
}

/** Newest first; ids are time-ordered. */
export function listMerges(db: DbLike, scope: Scope, limit: number, before?: string): Promise<MergeRecord[]> {
  let q = merges(db, scope).orderBy('m.id', 'desc').limit(limit);
  if (before) q = q.where('m.id', '<', before);
  return q.execute();
}

export async function markMergeUndone(db: DbLike, id: string, by: string | null, at: number): Promise<number> {
  const r = await db.updateTable('personMerges').set({ undoneAt: at, undoneBy: by }).where('id', '=', id).where('undoneAt', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Names of the lists in scope each person is on: where a record came from, for the analyst comparing two. */
export async function listNamesOf(db: DbLike, scope: Scope, personIds: string[]): Promise<Map<string, string[]>> {
  const rows = await inBatches(personIds, (part) =>
    db
      .selectFrom('listEntries as e')
      .innerJoin('lists as l', 'l.id', 'e.listId')
      .select(['e.personId', 'l.name'])
      .distinct()
      .where('e.personId', 'in', part)
      .where((eb) => inScope(eb, 'l.orgPath', scope))
      .orderBy('l.name')
      .execute(),
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.personId, [...(out.get(r.personId) ?? []), r.name]);
  return out;
}
