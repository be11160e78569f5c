// SQL of the person master index. Plain functions of a db (or a transaction of it).
import type { DbLike } from '../../db/database.ts';
import type { PersonTable } from '../../db/tables.ts';

export type PersonRow = PersonTable;

/** Batches of IN lists stay under the bound-parameter limits of both engines. */
const IN_BATCH = 500;

export async function personsByIdBidx(db: DbLike, bidxs: string[]): Promise<Pick<PersonRow, 'id' | 'idBidx' | 'nameBidx' | 'mergedInto'>[]> {
  const out: Pick<PersonRow, 'id' | 'idBidx' | 'nameBidx' | 'mergedInto'>[] = [];
  const unique = [...new Set(bidxs)];
  for (let i = 0; i < unique.length; i += IN_BATCH) {
    const part = unique.slice(i, i + IN_BATCH);
    out.push(...(await db.selectFrom('persons').select(['id', 'idBidx', 'nameBidx', 'mergedInto']).where('idBidx', 'in', part).execute()));
  }
  return out;
}

/** Inserts persons; rows whose document is already indexed (a concurrent writer) are skipped. */
export async function insertPersons(db: DbLike, rows: PersonRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('persons')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('idBidx').doNothing())
      .execute();
  }
}

export async function personById(db: DbLike, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The record and every record merged into it (merges can chain), the record first. */
export async function mergedGroup(db: DbLike, rootId: string): Promise<PersonRow[]> {
  const root = await personById(db, rootId);
  if (!root) return [];
  const out = [root];
  let frontier = [rootId];
  while (frontier.length) {
    const next = await db.selectFrom('persons').selectAll().where('mergedInto', 'in', frontier).execute();
    out.push(...next);
    frontier = next.map((r) => r.id);
  }
  return out;
}

/** The record a person id now stands for: itself, or the record it was merged into (following chains). */
export async function rootOf(db: DbLike, id: string): Promise<string> {
  let current = id;
  for (let hops = 0; hops < 64; hops++) {
    const row = await db.selectFrom('persons').select('mergedInto').where('id', '=', current).executeTakeFirst();
    if (!row?.mergedInto) return current;
    current = row.mergedInto;
  }
  return current;
}
