// SQL of imports: the job rows, their refused rows, saved mappings, and the batch writes of the engine.
import { sql, type ExpressionBuilder, type Insertable } from 'kysely';
import type { Scope } from '../../core/scope.ts';
import { inScope } from '../../core/scope.ts';
import { applyListRollups } from '../analytics/rollup-write.ts';
import type { DbLike } from '../../db/database.ts';
import type { ImportMappingTable, ImportRefusalTable, ImportTable, ListEntryTable, Tables } from '../../db/tables.ts';

export type ImportRow = ImportTable;
export type ImportRowWithList = ImportRow & { listName: string | null };
export type EntryRow = Insertable<ListEntryTable>;

/** Row counts per statement: under SQLite's 32766 bound parameters, and short statements for PostgreSQL. */
const ENTRY_ROWS = 500;
const KEY_BATCH = 1000;

export async function insertImport(db: DbLike, row: ImportRow): Promise<void> {
  await db.insertInto('imports').values(row).execute();
}

function withList(db: DbLike) {
  return db.selectFrom('imports').leftJoin('lists', 'lists.id', 'imports.listId').selectAll('imports').select('lists.name as listName');
}

export async function importById(db: DbLike, id: string): Promise<ImportRowWithList | undefined> {
  return withList(db).where('imports.id', '=', id).executeTakeFirst();
}

/** An import the actor may see: in their scope, or an upload of their own that is not started yet. */
export async function importInScope(db: DbLike, scope: Scope, userId: string | null, id: string): Promise<ImportRowWithList | undefined> {
  return withList(db)
    .where('imports.id', '=', id)
    .where((eb) => (userId ? eb.or([inScope(eb, 'imports.orgPath', scope), eb.and([eb('imports.createdBy', '=', userId), eb('imports.status', '=', 'uploaded')])]) : inScope(eb, 'imports.orgPath', scope)))
    .executeTakeFirst();
}

export async function importsInScope(db: DbLike, scope: Scope, userId: string | null, limit: number): Promise<ImportRowWithList[]> {
  return withList(db)
    .where((eb) => (userId ? eb.or([inScope(eb, 'imports.orgPath', scope), eb.and([eb('imports.createdBy', '=', userId), eb('imports.status', '=', 'uploaded')])]) : inScope(eb, 'imports.orgPath', scope)))
    .orderBy('imports.createdAt', 'desc')
    .orderBy('imports.id', 'desc')
    .limit(limit)
    .execute();
}

export async function updateImport(db: DbLike, id: string, set: Partial<ImportRow>, onlyStatus?: string[]): Promise<number> {
  let q = db.updateTable('imports').set(set).where('id', '=', id);
  if (onlyStatus) q = q.where('status', 'in', onlyStatus);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function updateImportIf(db: DbLike, id: string, set: Partial<ImportRow>, where: { status: string; heartbeatAt: number }): Promise<number> {
  const r = await db.updateTable('imports').set(set).where('id', '=', id).where('status', '=', where.status).where('heartbeatAt', '=', where.heartbeatAt).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface BatchCounts {
  read: number;
  imported: number;
  unchanged: number;
  refused: number;
  personsCreated: number;
  candidates: number;
  checkinsLinked: number;
  addressesCreated: number;
}

/**
 * Adds a committed batch's counts and sets the position (rows_read) the job resumes from. The heartbeat doubles
 * as the holder's lease: the update applies only while it is still the value this process last wrote, so a
 * process that lost its job to another instance (it stalled past the timeout) cannot count twice. Returns
 * whether the lease was still held.
 */
export async function addCounts(db: DbLike, id: string, c: BatchCounts, at: { rowsRead: number; bytesDone: number; lease: number; next: number }): Promise<boolean> {
  const r = await db
    .updateTable('imports')
    .set((eb) => ({
      rowsRead: at.rowsRead,
      bytesDone: at.bytesDone,
      heartbeatAt: at.next,
      rowsImported: eb('rowsImported', '+', c.imported),
      rowsUnchanged: eb('rowsUnchanged', '+', c.unchanged),
      rowsRefused: eb('rowsRefused', '+', c.refused),
      personsCreated: eb('personsCreated', '+', c.personsCreated),
      candidates: eb('candidates', '+', c.candidates),
      checkinsLinked: eb('checkinsLinked', '+', c.checkinsLinked),
      addressesCreated: eb('addressesCreated', '+', c.addressesCreated),
    }))
    .where('id', '=', id)
    .where('heartbeatAt', '=', at.lease)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Renews the lease (see addCounts): false when another process holds the job now. */
export async function renewLease(db: DbLike, id: string, lease: number, next: number, set: Partial<ImportRow> = {}): Promise<boolean> {
  const r = await db.updateTable('imports').set({ ...set, heartbeatAt: next }).where('id', '=', id).where('heartbeatAt', '=', lease).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The row keys of the list among these: rows already imported (by any import of the list). */
export async function existingRowKeys(db: DbLike, listId: string, keys: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += KEY_BATCH) {
    const rows = await db.selectFrom('listEntries').select('rowKey').where('listId', '=', listId).where('rowKey', 'in', keys.slice(i, i + KEY_BATCH)).execute();
    for (const r of rows) out.add(r.rowKey);
  }
  return out;
}

/**
 * Inserts the entries the list does not hold yet, and counts those in the list rollups of the same transaction, on
 * the day they are listed for (arrival, onset, confirmation) when the row says, else the day they were added: a
 * backlog of last week's cases imported today counts last week.
 */
export async function insertEntries(db: DbLike, kind: string, rows: EntryRow[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += ENTRY_ROWS) {
    const inserted = await db
      .insertInto('listEntries')
      .values(rows.slice(i, i + ENTRY_ROWS))
      .onConflict((oc) => oc.columns(['listId', 'rowKey']).doNothing())
      .returning(['orgPath', 'createdAt', 'listedAt'])
      .execute();
    await applyListRollups(db, inserted.map((r) => ({ orgPath: r.orgPath, kind, at: Number(r.listedAt ?? r.createdAt), added: 1, ended: 0 })));
    added += inserted.length;
  }
  return added;
}

export async function insertRefusals(db: DbLike, rows: ImportRefusalTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ENTRY_ROWS) {
    await db
      .insertInto('importRefusals')
      .values(rows.slice(i, i + ENTRY_ROWS))
      .onConflict((oc) => oc.columns(['importId', 'rowNo', 'columnName']).doNothing())
      .execute();
  }
}

/**
 * Links the check-ins of these new entries' documents to them (found = 'import'): one INSERT ... SELECT join per
 * slice of entries. A check-in already linked to the list (at check-in time, or by an earlier import) is kept.
 */
export async function linkCheckins(db: DbLike, entryIds: string[], now: number): Promise<number> {
  let n = 0;
  for (let i = 0; i < entryIds.length; i += ENTRY_ROWS) {
    const ids = entryIds.slice(i, i + ENTRY_ROWS);
    const r = await sql`
      insert into watch_hits (checkin_id, list_id, entry_id, person_id, org_path, at, found, created_at)
      select c.id, e.list_id, e.id, e.person_id, c.org_path, c.at, 'import', ${now}
      from list_entries e join checkins c on c.id_bidx = e.id_bidx
      where e.id in (${sql.join(ids)}) and e.id_bidx is not null
      on conflict (checkin_id, list_id) do nothing`.execute(db);
    n += Number(r.numAffectedRows ?? 0);
  }
  return n;
}

/** Refused rows in file order, a page at a time (a report can hold millions). */
export async function refusalsPage(db: DbLike, importId: string, after: { rowNo: number; column: string } | null, limit: number): Promise<ImportRefusalTable[]> {
  let q = db.selectFrom('importRefusals').selectAll().where('importId', '=', importId);
  if (after) q = q.where((eb) => eb.or([eb('rowNo', '>', after.rowNo), eb.and([eb('rowNo', '=', after.rowNo), eb('columnName', '>', after.column)])]));
  return q.orderBy('rowNo').orderBy('columnName').limit(limit).execute();
}

/**
 * Takes one job for this instance: a queued one, or a running one whose process stopped beating. The guarded
 * UPDATE lets only one of several instances that picked the same row have it.
 */
export async function claimJob(db: DbLike, now: number, staleBefore: number): Promise<{ id: string; heartbeatAt: number } | null> {
  const takeable = (eb: ExpressionBuilder<Tables, 'imports'>) =>
    eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb.or([eb('heartbeatAt', '<', staleBefore), eb('heartbeatAt', 'is', null)])])]);
  const next = await db.selectFrom('imports').select('id').where(takeable).orderBy('createdAt').limit(1).executeTakeFirst();
  if (!next) return null;
  const r = await db.updateTable('imports').set({ status: 'running', heartbeatAt: now }).where('id', '=', next.id).where(takeable).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? { id: next.id, heartbeatAt: now } : null;
}

export async function mappings(db: DbLike): Promise<ImportMappingTable[]> {
  return db.selectFrom('importMappings').selectAll().orderBy('name').execute();
}

export async function mappingByName(db: DbLike, name: string): Promise<ImportMappingTable | undefined> {
  return db.selectFrom('importMappings').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function upsertMapping(db: DbLike, row: ImportMappingTable): Promise<void> {
  await db
    .insertInto('importMappings')
    .values(row)
    .onConflict((oc) => oc.column('name').doUpdateSet({ columns: row.columns, updatedAt: row.updatedAt }))
    .execute();
}

/** Uploads never started, created before `before`: their files are removed and the rows marked failed. */
export async function staleUploads(db: DbLike, before: number): Promise<{ id: string; filePath: string | null }[]> {
  return db.selectFrom('imports').select(['id', 'filePath']).where('status', '=', 'uploaded').where('createdAt', '<', before).limit(100).execute();
}
