// SQL of home observations and their temperature reports.
import type { Insertable, Selectable } from 'kysely';
import type { DbLike } from '../../db/database.ts';
import type { ObservationTable, TemperatureReportTable } from '../../db/tables.ts';

export type ObservationRow = Selectable<ObservationTable>;
export type ReportRow = Selectable<TemperatureReportTable>;

export async function insertObservation(db: DbLike, row: Insertable<ObservationTable>): Promise<void> {
  await db.insertInto('observations').values(row).execute();
}

export async function observationById(db: DbLike, id: string): Promise<ObservationRow | undefined> {
  return db.selectFrom('observations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function observationByTask(db: DbLike, taskId: string): Promise<ObservationRow | undefined> {
  return db.selectFrom('observations').selectAll().where('taskId', '=', taskId).executeTakeFirst();
}

/** The running observation of any of these person records (a person is observed once at a time). */
export async function activeObservationOf(db: DbLike, personIds: string[]): Promise<ObservationRow | undefined> {
  if (!personIds.length) return undefined;
  return db.selectFrom('observations').selectAll().where('personId', 'in', personIds).where('status', '=', 'active').executeTakeFirst();
}

/** Every observation of these person records, newest first (the person page shows the running one and the past). */
export async function observationsOfPersons(db: DbLike, personIds: string[]): Promise<ObservationRow[]> {
  if (!personIds.length) return [];
  return db.selectFrom('observations').selectAll().where('personId', 'in', personIds).orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(50).execute();
}

export async function activeObservations(db: DbLike): Promise<ObservationRow[]> {
  return db.selectFrom('observations').selectAll().where('status', '=', 'active').orderBy('id').execute();
}

/** Active observations that should end: their days are over, or their task was closed or cancelled early. */
export async function observationsToEnd(db: DbLike, now: number): Promise<(ObservationRow & { taskStatus: string | null })[]> {
  return db
    .selectFrom('observations as o')
    .leftJoin('tasks as t', 't.id', 'o.taskId')
    .selectAll('o')
    .select('t.status as taskStatus')
    .where('o.status', '=', 'active')
    .where((eb) => eb.or([eb('o.endAt', '<=', now), eb('t.status', 'is', null), eb('t.status', '!=', 'open')]))
    .orderBy('o.id')
    .execute();
}

export async function bumpTokenVersion(db: DbLike, id: string): Promise<void> {
  await db.updateTable('observations').set((eb) => ({ tokenVersion: eb('tokenVersion', '+', 1) })).where('id', '=', id).execute();
}

/** Ends it once: false when another instance or tick ended it first. */
export async function markEnded(db: DbLike, id: string, now: number): Promise<boolean> {
  const r = await db.updateTable('observations').set({ status: 'ended', endedAt: now }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function reportsOf(db: DbLike, observationIds: string[]): Promise<ReportRow[]> {
  if (!observationIds.length) return [];
  return db.selectFrom('temperatureReports').selectAll().where('observationId', 'in', observationIds).orderBy('at').orderBy('id').execute();
}

export async function reportedSlots(db: DbLike, observationIds: string[]): Promise<Set<string>> {
  if (!observationIds.length) return new Set();
  const rows = await db.selectFrom('temperatureReports').select(['observationId', 'slot']).distinct().where('observationId', 'in', observationIds).execute();
  return new Set(rows.map((r) => `${r.observationId}|${r.slot}`));
}

export async function reportByClientId(db: DbLike, clientId: string): Promise<ReportRow | undefined> {
  return db.selectFrom('temperatureReports').selectAll().where('clientId', '=', clientId).executeTakeFirst();
}

/** Once per client id: false when a report with that id is already stored (a resend). */
export async function insertReport(db: DbLike, row: Insertable<TemperatureReportTable>): Promise<boolean> {
  const r = await db.insertInto('temperatureReports').values(row).onConflict((oc) => oc.column('clientId').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Dedupe keys of the missed-report tasks already made for these observations. */
export async function missedKeys(db: DbLike, observationIds: string[]): Promise<Set<string>> {
  if (!observationIds.length) return new Set();
  const rows = await db
    .selectFrom('tasks')
    .select('dedupeKey')
    .where('kind', '=', 'missed_report')
    .where('sourceType', '=', 'observation')
    .where('sourceId', 'in', observationIds)
    .execute();
  return new Set(rows.map((r) => r.dedupeKey).filter((k): k is string => !!k));
}

export async function taskRow(db: DbLike, id: string) {
  return db.selectFrom('tasks').select(['id', 'kind', 'status', 'orgPath', 'detail', 'sourceType', 'sourceId']).where('id', '=', id).executeTakeFirst();
}

/** Closes an open task (the observation's own at its end, a missed report the person made up for late). */
export async function closeTask(db: DbLike, id: string, result: string, now: number): Promise<boolean> {
  const r = await db.updateTable('tasks').set({ status: 'done', result, doneAt: now, updatedAt: now }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function openTaskByDedupeKey(db: DbLike, key: string) {
  return db.selectFrom('tasks').select(['id', 'orgPath']).where('dedupeKey', '=', key).where('status', '=', 'open').executeTakeFirst();
}

export async function setTaskDetail(db: DbLike, id: string, detail: Record<string, unknown>, now: number): Promise<void> {
  await db.updateTable('tasks').set({ detail: JSON.stringify(detail), updatedAt: now }).where('id', '=', id).execute();
}
