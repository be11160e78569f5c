// The two jobs of home observations, run every minute by the grid schedule (src/modules/grid/schedule.ts), on any
// number of instances at once: a slot that closed with no report (by the person or a worker) becomes one
// 'missed_report' task for the grid (the dedupe key makes it one, whoever notices first), and an observation whose
// days are over ends, closing its task as done ('completed').
import { recordAudit, type AuditActor } from '../../core/audit.ts';
import { inTransaction, type Ctx } from '../../core/context.ts';
import { addDays, localDay } from '../../core/local-day.ts';
import { owedSoFar } from './observation-service.ts';
import { HALVES, slotWindow } from './observation-slots.ts';
import { missedKey } from './observation-report.ts';
import * as store from './observation-store.ts';
import { createTask } from './tasks.ts';

/** A missed report is due two hours after it is noticed: time for the worker to call or knock. */
export const MISSED_DUE_MS = 2 * 3_600_000;
const SYSTEM: AuditActor = { userId: null, username: 'scheduler', ip: null };

async function openTaskIds(ctx: Ctx, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await ctx.db.selectFrom('tasks').select('id').where('id', 'in', ids).where('status', '=', 'open').execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * When each database was last checked in this process. Slots close at two fixed times a day (12:00 and 21:00), and
 * an observation owes no slot that closed before it was written down: so a tick with no slot closing since the last
 * complete check has nothing new to find, and the every-minute job reads nothing.
 */
const checkedUntil = new WeakMap<object, number>();

/** Whether 12:00 or 21:00 China time falls in (from, to]. */
function closesIn(from: number, to: number): boolean {
  for (let day = localDay(from); day <= localDay(to); day = addDays(day, 1)) {
    for (const half of HALVES) {
      const end = slotWindow(day, half).end;
      if (end > from && end <= to) return true;
    }
  }
  return false;
}

/** Creates the missing 'missed_report' tasks; returns how many it created. */
export async function checkMissedReports(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const last = checkedUntil.get(ctx.db);
  if (last !== undefined && last <= now && !closesIn(last, now)) return 0;
  const created = await createMissed(ctx, now);
  checkedUntil.set(ctx.db, now);
  return created;
}

async function createMissed(ctx: Ctx, now: number): Promise<number> {
  const active = await store.activeObservations(ctx.db);
  if (!active.length) return 0;
  const ids = active.map((o) => o.id);
  const [reported, known, open] = await Promise.all([store.reportedSlots(ctx.db, ids), store.missedKeys(ctx.db, ids), openTaskIds(ctx, active.map((o) => o.taskId))]);
  let created = 0;
  for (const o of active) {
    // An observation whose task was closed or cancelled early is ended by endObservations: nothing more is owed.
    if (!open.has(o.taskId)) continue;
    for (const w of owedSoFar(o, now)) {
      const key = missedKey(o.id, w.slot);
      if (reported.has(`${o.id}|${w.slot}`) || known.has(key)) continue;
      const task = await createTask(ctx, null, {
        kind: 'missed_report',
        personId: o.personId,
        // the grid of the observation, unless the person has moved to another household since
        fallbackUnitId: o.orgUnitId,
        // noticed late (no instance ran for a while), the worker still gets their two hours
        dueAt: Math.max(w.end, now) + MISSED_DUE_MS,
        sourceType: 'observation',
        sourceId: o.id,
        dedupeKey: key,
        detail: { observationId: o.id, slot: w.slot, observationTaskId: o.taskId },
      });
      if (task.created) created++;
    }
  }
  return created;
}

/**
 * Ends observations whose days are over (their task is closed as done with result 'completed') and those whose task
 * was closed or cancelled before (ended early by a worker or a leader). Returns how many it ended.
 */
export async function endObservations(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  let ended = 0;
  for (const o of await store.observationsToEnd(ctx.db, now)) {
    const over = now >= o.endAt;
    const done = await inTransaction(ctx, async (tx) => {
      if (!(await store.markEnded(tx.db, o.id, now))) return false; // another instance ended it
      const closed = over ? await store.closeTask(tx.db, o.taskId, 'completed', now) : false;
      await recordAudit(tx, SYSTEM, {
        action: 'observation.end', targetType: 'observation', targetId: o.id, orgPath: o.orgPath,
        detail: { reason: over ? 'completed' : 'task_closed', taskId: o.taskId, taskClosed: closed },
      });
      return true;
    });
    if (done) ended++;
  }
  return ended;
}
