// Creating and changing tasks. Every task is routed to a grid and assigned there (routing.ts); a task with a dedupe
// key (a missed report's slot, a campaign's address) is created once whoever notices it first.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { pathInScope } from '../../core/scope.ts';
import { resolveOrgCodes } from '../org/service.ts';
import { LEADER_ROLES, postsOf } from './posts.ts';
import { assigneeFor, routeTask } from './routing.ts';
import { taskInScope } from './task-read.ts';

export interface NewTask {
  kind: string;
  personId?: string | null;
  addressId?: string | null;
  fallbackUnitId: string;
  dueAt: number;
  title?: string | null;
  detail?: Record<string, unknown> | null;
  sourceType?: string | null;
  sourceId?: string | null;
  campaignId?: string | null;
  dedupeKey?: string | null;
  /** a user id; by default the grid's post holder */
  assignee?: string | null;
}

export interface CreatedTask {
  id: string;
  orgUnitId: string;
  orgPath: string;
  assignedTo: string | null;
  created: boolean;
}

/** Routes, assigns and writes a task, in the caller's transaction when there is one. */
export async function createTask(ctx: Ctx, actor: Actor | null, input: NewTask): Promise<CreatedTask> {
  return inTransaction(ctx, async (tx) => {
    if (input.dedupeKey) {
      const known = await tx.db.selectFrom('tasks').select(['id', 'orgUnitId', 'orgPath', 'assignedTo']).where('dedupeKey', '=', input.dedupeKey).executeTakeFirst();
      if (known) return { ...known, created: false };
    }
    const unit = await routeTask(tx, input);
    const assignedTo = input.assignee ?? (await assigneeFor(tx, unit.orgPath));
    const now = tx.clock.now();
    const id = newId(now);
    const r = await tx.db
      .insertInto('tasks')
      .values({
        id, kind: input.kind, status: 'open', orgUnitId: unit.orgUnitId, orgPath: unit.orgPath, personId: input.personId ?? null, addressId: unit.addressId,
        sourceType: input.sourceType ?? null, sourceId: input.sourceId ?? null, campaignId: input.campaignId ?? null, title: input.title ?? null,
        detail: input.detail ? JSON.stringify(input.detail) : null, dueAt: input.dueAt, assignedTo, result: null, createdBy: actor?.userId ?? null,
        createdAt: now, updatedAt: now, doneAt: null, dedupeKey: input.dedupeKey ?? null,
      })
      .onConflict((oc) => oc.column('dedupeKey').where('dedupeKey', 'is not', null).doNothing())
      .executeTakeFirst();
    if (input.dedupeKey && !Number(r.numInsertedOrUpdatedRows ?? 0)) {
      const known = await tx.db.selectFrom('tasks').select(['id', 'orgUnitId', 'orgPath', 'assignedTo']).where('dedupeKey', '=', input.dedupeKey).executeTakeFirstOrThrow();
      return { ...known, created: false };
    }
    return { id, orgUnitId: unit.orgUnitId, orgPath: unit.orgPath, assignedTo, created: true };
  });
}

const MAX_DUE_MS = 366 * 86_400_000;

async function userIdOf(ctx: Ctx, username: string): Promise<string> {
  const u = await ctx.db.selectFrom('users').select(['id', 'disabled']).where('username', '=', username).executeTakeFirst();
  if (!u || u.disabled) throw notFound('user.not_found', { name: username }, 'assignee');
  return u.id;
}

/** Leaders (admin, commander, analyst) anywhere in scope; a building leader or above over their own grids. */
async function requireLeaderOver(ctx: Ctx, actor: Actor, orgPath: string): Promise<void> {
  if (!pathInScope(actor.scope, orgPath)) throw notFound('grid.task_not_found');
  if (LEADER_ROLES.has(actor.role)) return;
  const posts = await postsOf(ctx, actor.userId);
  const leads = posts.some((p) => p.post !== 'door_leader' && orgPath.startsWith(p.orgUnit.path));
  if (!leads) throw forbidden('auth.forbidden');
}

export interface AdHocInput {
  title: string;
  orgCode?: string;
  personId?: string;
  addressId?: string;
  dueAt: string;
  assignee?: string;
  note?: string;
}

/** A task a leader gives a grid: for a person, a household, or the grid itself. */
export async function createAdHocTask(ctx: Ctx, actor: Actor, input: AdHocInput): Promise<string> {
  const title = input.title.trim();
  if (!title) throw invalid('validation.required', { field: 'title' }, 'title');
  const dueAt = Date.parse(input.dueAt);
  const now = ctx.clock.now();
  if (!Number.isFinite(dueAt) || dueAt <= now || dueAt > now + MAX_DUE_MS) throw invalid('grid.due', {}, 'dueAt');
  if (!input.orgCode && !input.personId && !input.addressId) throw invalid('grid.task_target', {}, 'orgCode');
  return inTransaction(ctx, async (tx) => {
    let fallback: { id: string; path: string } | undefined;
    if (input.orgCode) [fallback] = await resolveOrgCodes(tx, actor, [input.orgCode]);
    if (input.personId && !(await tx.db.selectFrom('persons').select('id').where('id', '=', input.personId).executeTakeFirst())) throw notFound('person.not_found');
    const routed = input.addressId || input.personId ? await routeTask(tx, { personId: input.personId, addressId: input.addressId, fallbackUnitId: fallback?.id ?? '' }).catch((e) => {
      if (fallback) throw e;
      throw invalid('grid.task_target', {}, 'orgCode');
    }) : { orgUnitId: fallback!.id, orgPath: fallback!.path };
    await requireLeaderOver(tx, actor, routed.orgPath);
    const task = await createTask(tx, actor, {
      kind: 'ad_hoc', personId: input.personId, addressId: input.addressId, fallbackUnitId: routed.orgUnitId, dueAt, title,
      detail: input.note?.trim() ? { note: input.note.trim() } : null, assignee: input.assignee ? await userIdOf(tx, input.assignee) : null,
    });
    await recordAudit(tx, actor, { action: 'task.create', targetType: 'task', targetId: task.id, orgPath: task.orgPath, detail: { kind: 'ad_hoc', title, assignedTo: task.assignedTo } });
    return task.id;
  });
}

export interface TaskPatch {
  assignee?: string;
  dueAt?: string;
  status?: 'cancelled';
}

export async function patchTask(ctx: Ctx, actor: Actor, id: string, patch: TaskPatch): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const task = await taskInScope(tx, actor, id);
    await requireLeaderOver(tx, actor, task.orgPath);
    if (task.status !== 'open') throw invalid('grid.task_closed');
    const now = tx.clock.now();
    const changes: Record<string, unknown> = { updatedAt: now };
    if (patch.assignee !== undefined) changes.assignedTo = await userIdOf(tx, patch.assignee);
    if (patch.dueAt !== undefined) {
      const dueAt = Date.parse(patch.dueAt);
      if (!Number.isFinite(dueAt) || dueAt <= now || dueAt > now + MAX_DUE_MS) throw invalid('grid.due', {}, 'dueAt');
      // a new due time is a new chance: the escalation starts over
      Object.assign(changes, { dueAt, escalatedTo: null, escalatedPath: null, escalatedAt: null });
    }
    if (patch.status === 'cancelled') Object.assign(changes, { status: 'cancelled', doneAt: now });
    await tx.db.updateTable('tasks').set(changes).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'task.update', targetType: 'task', targetId: id, orgPath: task.orgPath, detail: { ...patch } });
  });
}
