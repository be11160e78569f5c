// Reading tasks: a worker's own (assigned to them, or in the grids they hold posts for), a unit's, and those
// escalated to a unit. Always within the caller's scope; persons masked unless revealed with a purpose (audited).
import { sql } from 'kysely';
import { recordAudit } from '../../core/audit.ts';
import type { Actor, Ctx } from '../../core/context.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import { dayStartMs, addDays, localDay } from '../../core/local-day.ts';
import { MIN_PURPOSE_LENGTH } from '../../core/reveal.ts';
import { inScope, pathInScope } from '../../core/scope.ts';
import { mergedGroup, rootOf } from '../people/store.ts';
import { postsOf } from './posts.ts';
import { toTaskViews, type TaskRow } from './task-view.ts';
import type { TaskEventView, TaskView } from './types.ts';

const READER_ROLES = new Set(['admin', 'commander', 'analyst', 'officer', 'grid_worker']);

export async function taskInScope(ctx: Ctx, actor: Actor, id: string): Promise<TaskRow> {
  if (!READER_ROLES.has(actor.role)) throw forbidden('auth.forbidden');
  const row = await ctx.db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !pathInScope(actor.scope, row.orgPath)) throw notFound('grid.task_not_found');
  return row;
}

export interface TaskQuery {
  view?: 'mine' | 'unit' | 'escalated';
  orgId?: string;
  status?: 'open' | 'done' | 'all';
  kind?: string;
  due?: 'today' | 'overdue';
  /** a person's tasks (any record of their merged group), still within the caller's scope */
  personId?: string;
  limit?: number;
  offset?: number;
}

async function unitPath(ctx: Ctx, actor: Actor, orgId: string): Promise<string> {
  const u = await ctx.db.selectFrom('orgUnits').select('path').where('id', '=', orgId).executeTakeFirst();
  if (!u || !pathInScope(actor.scope, u.path)) throw notFound('org.not_found', { code: orgId });
  return u.path;
}

/** The ids of a person's merged records (a task names the group's root, an older one a record merged since). */
export async function personGroup(ctx: Ctx, personId: string): Promise<string[]> {
  const ids = (await mergedGroup(ctx.db, await rootOf(ctx.db, personId))).map((r) => r.id);
  return ids.length ? ids : [personId];
}

export async function listTasks(ctx: Ctx, actor: Actor, q: TaskQuery): Promise<{ items: TaskView[]; total: number }> {
  if (!READER_ROLES.has(actor.role)) throw forbidden('auth.forbidden');
  const view = q.view ?? 'unit';
  const now = ctx.clock.now();
  const postPaths = view === 'unit' ? [] : (await postsOf(ctx, actor.userId)).map((p) => p.orgUnit.path);
  const at = q.orgId ? await unitPath(ctx, actor, q.orgId) : null;
  let base = ctx.db.selectFrom('tasks').where((eb) => inScope(eb, 'tasks.orgPath', actor.scope));
  if (view === 'mine') {
    base = base.where((eb) => eb.or([eb('assignedTo', '=', actor.userId ?? ''), ...postPaths.map((p) => eb('orgPath', 'like', `${p}%`))]));
  } else if (view === 'escalated') {
    // escalated to this unit, or (without one) to any unit the caller holds a post for or is scoped to
    const targets = at ? [at] : postPaths.length ? postPaths : actor.scope.paths;
    base = base.where('escalatedPath', 'is not', null).where((eb) => eb.or(targets.map((p) => eb('escalatedPath', 'like', `${p}%`))));
  }
  if (at && view !== 'escalated') base = base.where('orgPath', 'like', `${at}%`);
  const status = q.status ?? 'open';
  if (status !== 'all') base = base.where('status', '=', status);
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.personId) base = base.where('personId', 'in', await personGroup(ctx, q.personId));
  if (q.due === 'today') base = base.where('dueAt', '<', dayStartMs(addDays(localDay(now), 1)));
  if (q.due === 'overdue') base = base.where('dueAt', '<', now).where('status', '=', 'open');
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await base
    .selectAll()
    // open ones first, soonest due (the overdue) first; closed ones newest first
    .orderBy(sql`case when status = 'open' then 0 else 1 end`)
    .orderBy(sql`case when status = 'open' then due_at else -coalesce(done_at, due_at) end`)
    .orderBy('id')
    .limit(q.limit ?? 50)
    .offset(q.offset ?? 0)
    .execute();
  return { items: await toTaskViews(ctx, rows), total };
}

export async function taskEvents(ctx: Ctx, taskId: string): Promise<TaskEventView[]> {
  const rows = await ctx.db.selectFrom('taskEvents').leftJoin('users', 'users.id', 'taskEvents.byUser').select(['taskEvents.id', 'taskEvents.kind', 'taskEvents.at', 'taskEvents.result', 'taskEvents.temperature', 'taskEvents.noteEnc', 'users.displayName']).where('taskId', '=', taskId).orderBy('taskEvents.at').execute();
  return rows.map((e) => ({
    id: e.id, kind: e.kind, at: new Date(Number(e.at)).toISOString(), result: e.result, temperature: e.temperature === null ? null : Number(e.temperature),
    note: e.noteEnc ? ctx.cipher.decrypt('task.note', e.noteEnc) : null, by: e.displayName ?? null,
  }));
}

export async function getTask(ctx: Ctx, actor: Actor, id: string): Promise<TaskView & { events: TaskEventView[] }> {
  const row = await taskInScope(ctx, actor, id);
  const [view] = await toTaskViews(ctx, [row]);
  return { ...view, events: await taskEvents(ctx, id) };
}

/** The person and the address of a task in clear: the worker at the door needs them. Audited with the purpose. */
export async function revealTask(ctx: Ctx, actor: Actor, id: string, purpose: string): Promise<TaskView & { events: TaskEventView[] }> {
  if (purpose.trim().length < MIN_PURPOSE_LENGTH) throw invalid('reveal.purpose_required', { min: MIN_PURPOSE_LENGTH }, 'purpose');
  const row = await taskInScope(ctx, actor, id);
  const [view] = await toTaskViews(ctx, [row], { clear: true });
  await recordAudit(ctx, actor, { action: 'task.reveal', targetType: 'task', targetId: id, purpose: purpose.trim(), orgPath: row.orgPath, detail: { person: row.personId, address: row.addressId } });
  return { ...view, events: await taskEvents(ctx, id) };
}
