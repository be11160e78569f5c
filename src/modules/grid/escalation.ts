// Overdue tasks go one level up: a task still open after its due time is escalated to the parent of its grid (a
// door's task to its building, a community's to its township), where it shows among the unit's escalated tasks,
// and the group chats of the grid and of the unit above that asked for it are told. Once per task: the update only
// takes a task not yet escalated, so two instances ticking at once escalate it once.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Ctx } from '../../core/context.ts';
import { taskOverdueDeliveries } from './daily-summary.ts';

const BATCH = 200;
const SCHEDULER = { userId: null, username: 'grid-schedule', ip: null };

/** Escalates what is overdue now; returns how many tasks were escalated and whether deliveries were queued. */
export async function escalateOverdue(ctx: Ctx): Promise<{ escalated: number; queued: number }> {
  const now = ctx.clock.now();
  let escalated = 0;
  let queued = 0;
  for (;;) {
    const due = await ctx.db.selectFrom('tasks').selectAll().where('status', '=', 'open').where('dueAt', '<', now).where('escalatedAt', 'is', null).orderBy('dueAt').limit(BATCH).execute();
    if (!due.length) break;
    for (const task of due) {
      await inTransaction(ctx, async (tx) => {
        const unit = await tx.db.selectFrom('orgUnits').select(['id', 'parentId']).where('id', '=', task.orgUnitId).executeTakeFirstOrThrow();
        const up = (unit.parentId && (await tx.db.selectFrom('orgUnits').select(['id', 'code', 'name', 'level', 'path']).where('id', '=', unit.parentId).executeTakeFirst())) || null;
        const target = up ?? (await tx.db.selectFrom('orgUnits').select(['id', 'code', 'name', 'level', 'path']).where('id', '=', unit.id).executeTakeFirstOrThrow());
        const r = await tx.db
          .updateTable('tasks')
          .set({ escalatedTo: target.id, escalatedPath: target.path, escalatedAt: now, updatedAt: now })
          .where('id', '=', task.id)
          .where('escalatedAt', 'is', null)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (!Number(r.numUpdatedRows)) return;
        escalated++;
        await recordAudit(tx, SCHEDULER, { action: 'task.escalate', targetType: 'task', targetId: task.id, orgPath: task.orgPath, detail: { kind: task.kind, to: target.code, dueAt: new Date(Number(task.dueAt)).toISOString() } });
        const deliveries = await taskOverdueDeliveries(tx, task, target);
        if (deliveries.length) {
          await tx.db.insertInto('webhookDeliveries').values(deliveries).execute();
          queued += deliveries.length;
        }
      });
    }
    if (due.length < BATCH) break;
  }
  return { escalated, queued };
}
