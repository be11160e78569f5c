// SQL of report rows: requests, the schedule's once-only inserts, the job runner's claim and lease, reads in scope,
// and the removal of old ones.
import type { ExpressionBuilder } from 'kysely';
import { inScope, type Scope } from '../../core/scope.ts';
import type { DbLike } from '../../db/database.ts';
import type { ReportTable, Tables } from '../../db/tables.ts';

export type ReportRow = ReportTable;
export type ReportRecord = ReportRow & { orgCode: string; orgName: string; requestedByName: string | null };

export interface ReportFilter {
  kind?: string;
  /** reports of this org unit and the units below it */
  orgPath?: string;
  /** the page after this id (ids sort by creation time) */
  before?: string;
  limit: number;
}

export async function insertReport(db: DbLike, row: ReportRow): Promise<void> {
  await db.insertInto('reports').values(row).execute();
}

/** Inserts a scheduled report unless its schedule_key is taken already (by this or another instance). */
export async function insertScheduled(db: DbLike, row: ReportRow): Promise<boolean> {
  const r = await db
    .insertInto('reports')
    .values(row)
    .onConflict((oc) => oc.column('scheduleKey').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

function records(db: DbLike) {
  return db
    .selectFrom('reports')
    .innerJoin('orgUnits', 'orgUnits.id', 'reports.orgUnitId')
    .leftJoin('users', 'users.id', 'reports.requestedBy')
    .selectAll('reports')
    .select(['orgUnits.code as orgCode', 'orgUnits.name as orgName', 'users.username as requestedByName']);
}

export async function reportInScope(db: DbLike, scope: Scope, id: string): Promise<ReportRecord | undefined> {
  return records(db)
    .where('reports.id', '=', id)
    .where((eb) => inScope(eb, 'reports.orgPath', scope))
    .executeTakeFirst();
}

/** Newest first; one more than the limit, so the caller knows whether there is a next page. */
export async function reportsInScope(db: DbLike, scope: Scope, f: ReportFilter): Promise<ReportRecord[]> {
  let q = records(db).where((eb) => inScope(eb, 'reports.orgPath', scope));
  if (f.kind) q = q.where('reports.kind', '=', f.kind);
  if (f.orgPath) q = q.where('reports.orgPath', 'like', `${f.orgPath}%`);
  if (f.before) q = q.where('reports.id', '<', f.before);
  return q.orderBy('reports.id', 'desc').limit(f.limit + 1).execute();
}

/** A row by id, whatever the scope: for the job runner and the schedule. */
export async function reportById(db: DbLike, id: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function orgCodeOf(db: DbLike, orgUnitId: string): Promise<string> {
  return (await db.selectFrom('orgUnits').select('code').where('id', '=', orgUnitId).executeTakeFirstOrThrow()).code;
}

/**
 * Takes one report to build: a queued one, or a running one whose process stopped renewing its lease. The guarded
 * UPDATE lets only one of several instances that picked the same row have it; attempts counts the takes.
 */
export async function claimReport(db: DbLike, now: number, staleBefore: number): Promise<ReportRow | null> {
  const takeable = (eb: ExpressionBuilder<Tables, 'reports'>) =>
    eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb.or([eb('heartbeatAt', '<', staleBefore), eb('heartbeatAt', 'is', null)])])]);
  const next = await db.selectFrom('reports').selectAll().where(takeable).orderBy('createdAt').orderBy('id').limit(1).executeTakeFirst();
  if (!next) return null;
  const r = await db
    .updateTable('reports')
    .set((eb) => ({ status: 'running', heartbeatAt: now, startedAt: now, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', next.id)
    .where(takeable)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  return { ...next, status: 'running', heartbeatAt: now, startedAt: now, attempts: Number(next.attempts) + 1 };
}

/** Renews the lease of a running build (and sets `set` with it): false when another process holds it now. */
export async function renewLease(db: DbLike, id: string, lease: number, next: number, set: Partial<ReportRow> = {}): Promise<boolean> {
  const r = await db
    .updateTable('reports')
    .set({ ...set, heartbeatAt: next })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('heartbeatAt', '=', lease)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Reports asked for before `before`, oldest first; a build in progress is left to finish. */
export async function expiredReports(db: DbLike, before: number, limit: number): Promise<ReportRow[]> {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('createdAt', '<', before)
    .where('status', '!=', 'running')
    .orderBy('createdAt')
    .limit(limit)
    .execute();
}

export async function insertReportFiles(db: DbLike, id: string, files: { pdf: Buffer; xlsx: Buffer }): Promise<void> {
  await db.insertInto('reportFiles').values([{ reportId: id, format: 'pdf', data: files.pdf }, { reportId: id, format: 'xlsx', data: files.xlsx }]).execute();
}

export async function reportFileData(db: DbLike, id: string, format: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('reportFiles').select('data').where('reportId', '=', id).where('format', '=', format).executeTakeFirst();
  return row && Buffer.from(row.data);
}

export async function deleteReport(db: DbLike, id: string): Promise<boolean> {
  await db.deleteFrom('reportFiles').where('reportId', '=', id).execute();
  const r = await db.deleteFrom('reports').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
