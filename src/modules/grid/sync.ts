// What workers record on their tasks, sent from phones that may have been offline for hours: each record carries
// the client id the phone gave it, so a batch sent twice (the answer was lost) is written once. Each record is its
// own transaction: one refused record (a task closed meanwhile) does not hold back the others.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { DomainError, invalid } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { formatMessage, type Locale } from '../../core/messages.ts';
import { OBSERVATION_TEMPERATURE_MAX, OBSERVATION_TEMPERATURE_MIN, recordWorkerTemperature } from './observation-report.ts';
import { taskInScope } from './task-read.ts';
import { toTaskViews } from './task-view.ts';
import { EVENT_KINDS, SCREENING_RESULTS, VISIT_RESULTS, DONE_RESULTS, type TaskView } from './types.ts';

export interface TaskEventInput {
  clientId: string;
  taskId: string;
  kind: string;
  at: string;
  result?: string;
  temperature?: number;
  note?: string;
}

export interface SyncResult {
  clientId: string;
  status: 'created' | 'duplicate' | 'refused';
  error?: string;
  task?: TaskView;
}

/** A phone's clock may be off; a record from the future is taken as now, one older than this is refused. */
const MAX_AGE_MS = 30 * 86_400_000;
/** the same range as a self-report: a reading outside it is a typing slip, not a temperature */
const MIN_TEMPERATURE = OBSERVATION_TEMPERATURE_MIN;
const MAX_TEMPERATURE = OBSERVATION_TEMPERATURE_MAX;


function checkEvent(e: TaskEventInput, kind: string, now: number): number {
  if (!(EVENT_KINDS as readonly string[]).includes(e.kind)) throw invalid('validation.enum', { field: 'kind', allowed: EVENT_KINDS.join(', ') }, 'kind');
  const at = Date.parse(e.at);
  if (!Number.isFinite(at) || at < now - MAX_AGE_MS) throw invalid('grid.event_time', {}, 'at');
  if (e.kind === 'visit' && !(VISIT_RESULTS as readonly string[]).includes(e.result ?? '')) throw invalid('validation.enum', { field: 'result', allowed: VISIT_RESULTS.join(', ') }, 'result');
  if (e.kind === 'done') {
    const allowed: readonly string[] = kind === 'screening' ? SCREENING_RESULTS : DONE_RESULTS;
    if (!allowed.includes(e.result ?? '')) throw invalid('validation.enum', { field: 'result', allowed: allowed.join(', ') }, 'result');
  }
  if (e.kind === 'temperature') {
    const t = e.temperature;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < MIN_TEMPERATURE || t > MAX_TEMPERATURE) throw invalid('grid.temperature', { min: MIN_TEMPERATURE, max: MAX_TEMPERATURE }, 'temperature');
  }
  return Math.min(at, now);
}

async function recordOne(ctx: Ctx, actor: Actor, e: TaskEventInput): Promise<SyncResult> {
  return inTransaction(ctx, async (tx) => {
    const known = await tx.db.selectFrom('taskEvents').select(['taskId']).where('clientId', '=', e.clientId).executeTakeFirst();
    if (known) {
      const task = await tx.db.selectFrom('tasks').selectAll().where('id', '=', known.taskId).executeTakeFirstOrThrow();
      return { clientId: e.clientId, status: 'duplicate', task: (await toTaskViews(tx, [task]))[0] };
    }
    const task = await taskInScope(tx, actor, e.taskId);
    const now = tx.clock.now();
    const at = checkEvent(e, task.kind, now);
    if (task.status !== 'open' && e.kind !== 'note') throw invalid('grid.task_closed');
    const inserted = await tx.db
      .insertInto('taskEvents')
      .values({
        id: newId(now), taskId: task.id, clientId: e.clientId, kind: e.kind, at, receivedAt: now, byUser: actor.userId, result: e.result ?? null,
        temperature: e.kind === 'temperature' ? e.temperature! : null, noteEnc: e.note?.trim() ? tx.cipher.encrypt('task.note', e.note.trim()) : null, orgPath: task.orgPath,
      })
      // the same record arriving through another instance at the same moment
      .onConflict((oc) => oc.column('clientId').doNothing())
      .executeTakeFirst();
    if (!Number(inserted.numInsertedOrUpdatedRows ?? 0)) return { clientId: e.clientId, status: 'duplicate', task: (await toTaskViews(tx, [task]))[0] };
    // a worker's temperature on an observed person's task is that slot's report too
    if (e.kind === 'temperature' && (task.kind === 'home_observation' || task.kind === 'missed_report')) {
      await recordWorkerTemperature(tx, actor, { taskId: task.id, temperature: e.temperature!, at, clientId: e.clientId });
    }
    if (e.kind === 'done') {
      await tx.db.updateTable('tasks').set({ status: 'done', result: e.result!, doneAt: at, updatedAt: now }).where('id', '=', task.id).execute();
      await recordAudit(tx, actor, { action: 'task.done', targetType: 'task', targetId: task.id, orgPath: task.orgPath, detail: { kind: task.kind, result: e.result! } });
    }
    const fresh = await tx.db.selectFrom('tasks').selectAll().where('id', '=', task.id).executeTakeFirstOrThrow();
    return { clientId: e.clientId, status: 'created', task: (await toTaskViews(tx, [fresh]))[0] };
  });
}

export async function syncTaskEvents(ctx: Ctx, actor: Actor, events: TaskEventInput[], locale: Locale): Promise<SyncResult[]> {
  const ids = new Set<string>();
  const out: SyncResult[] = [];
  for (const e of events) {
    // the same record twice in one batch: the second is the duplicate
    if (ids.has(e.clientId)) {
      out.push({ clientId: e.clientId, status: 'duplicate' });
      continue;
    }
    ids.add(e.clientId);
    try {
      out.push(await recordOne(ctx, actor, e));
    } catch (err) {
      if (!(err instanceof DomainError) || err.kind === 'internal') throw err;
      out.push({ clientId: e.clientId, status: 'refused', error: formatMessage(locale, err.code, err.params) });
    }
  }
  return out;
}
