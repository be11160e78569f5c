// SQL of lists, their entries and the watch-list hits.
import type { Scope } from '../../core/scope.ts';
import { inScope } from '../../core/scope.ts';
import type { DbLike } from '../../db/database.ts';
import type { ListTable, WatchHitTable } from '../../db/tables.ts';

export type ListRow = ListTable;

export async function listByName(db: DbLike, name: string): Promise<ListRow | undefined> {
  return db.selectFrom('lists').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function listById(db: DbLike, scope: Scope, id: string): Promise<ListRow | undefined> {
  return db.selectFrom('lists').selectAll().where('id', '=', id).where((eb) => inScope(eb, 'orgPath', scope)).executeTakeFirst();
}

export async function insertList(db: DbLike, row: ListRow): Promise<void> {
  await db.insertInto('lists').values(row).execute();
}

export async function listsInScope(db: DbLike, scope: Scope): Promise<(ListRow & { entries: number; active: number })[]> {
  return db
    .selectFrom('lists')
    .selectAll('lists')
    .select((eb) => [
      eb.selectFrom('listEntries').select((e) => e.fn.countAll<number>().as('n')).whereRef('listEntries.listId', '=', 'lists.id').as('entries'),
      eb.selectFrom('listEntries').select((e) => e.fn.countAll<number>().as('n')).whereRef('listEntries.listId', '=', 'lists.id').where('listEntries.endedAt', 'is', null).as('active'),
    ])
    .where((eb) => inScope(eb, 'lists.orgPath', scope))
    .orderBy('lists.createdAt', 'desc')
    .execute() as Promise<(ListRow & { entries: number; active: number })[]>;
}

export interface WatchEntry {
  entryId: string;
  listId: string;
  listName: string;
  kind: string;
  personId: string;
  idBidx: string;
  listedAt: number | null;
  createdAt: number;
}

/** Active entries of watched lists for these documents: one indexed probe per document. */
export async function activeWatchEntries(db: DbLike, idBidxs: string[]): Promise<WatchEntry[]> {
  if (idBidxs.length === 0) return [];
  return db
    .selectFrom('listEntries')
    .innerJoin('lists', 'lists.id', 'listEntries.listId')
    .select(['listEntries.id as entryId', 'lists.id as listId', 'lists.name as listName', 'lists.kind', 'listEntries.personId', 'listEntries.idBidx', 'listEntries.listedAt', 'listEntries.createdAt'])
    .where('listEntries.idBidx', 'in', idBidxs)
    .where('listEntries.endedAt', 'is', null)
    .where('lists.watch', '=', true)
    .execute() as Promise<WatchEntry[]>;
}

export async function insertWatchHits(db: DbLike, rows: WatchHitTable[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const r = await db
      .insertInto('watchHits')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['checkinId', 'listId']).doNothing())
      .executeTakeFirst();
    n += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return n;
}
