// The grid's group-chat messages: the evening summary (grid_daily) of each subscribed webhook's subtree, and the
// alert of a task escalated when overdue (task_overdue). Both are built masked and queued as webhook deliveries;
// the sender sends them (the caller wakes it after its commit).
import { createHash } from 'node:crypto';
import type { Ctx } from '../../core/context.ts';
import { idSequence, newId } from '../../core/ids.ts';
import { dayStartMs, HOUR_MS, localDay } from '../../core/local-day.ts';
import type { GridDayCounts, Alert } from '../notifications/alert.ts';
import * as hooks from '../notifications/store.ts';
import { personRefs, unitsByIds, type TaskRow } from './task-view.ts';

/** The summary goes out at 20:00 China time: the day's work is mostly done, and people still read the chat. */
export const DAILY_HOUR = 20;

export const dailySubject = (day: string, webhookId: string) => `grid_daily|${day}|${webhookId}`;

const percent = (done: number, total: number) => (total === 0 ? 0 : Math.round((done * 1000) / total) / 10);
const n = (v: unknown) => Number(v ?? 0);

/**
 * A delivery id made from the day and the hook, not at random: two instances queueing the same summary write the
 * same primary key, and the second insert does nothing. Stamped 20:00 of the day, so it sorts with that evening's.
 */
function dailyDeliveryId(day: string, webhookId: string): string {
  const stamp = idSequence()(dayStartMs(day) + DAILY_HOUR * HOUR_MS).slice(0, 10);
  const hash = createHash('sha256').update(`${day}|${webhookId}`).digest().subarray(0, 16);
  return stamp + [...hash].map((b) => ULID_ALPHABET[b % 32]).join('');
}

const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The counts of a subtree on the day of `now`: open, done today, overdue, missed reports today, active campaigns. */
export async function gridDayCounts(ctx: Ctx, path: string, now: number): Promise<GridDayCounts> {
  const day = localDay(now);
  const from = dayStartMs(day);
  const to = from + 24 * HOUR_MS;
  const under = `${path}%`;
  const row = await ctx.db
    .selectFrom('tasks')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('status', '=', 'open').then(1).else(0).end()).as('open'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('status', '=', 'open'), eb('dueAt', '<', now)])).then(1).else(0).end()).as('overdue'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('status', '=', 'done'), eb('doneAt', '>=', from), eb('doneAt', '<', to)])).then(1).else(0).end()).as('doneToday'),
    ])
    .where('orgPath', 'like', under)
    .where((eb) => eb.or([eb('status', '=', 'open'), eb('doneAt', '>=', from)]))
    .executeTakeFirst();
  // A missed report's task names its slot in its dedupe key (missed|<observation>|<day>/<am|pm>).
  const missed = await ctx.db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('orgPath', 'like', under)
    .where('kind', '=', 'missed_report')
    .where((eb) => eb.or([eb('dedupeKey', 'like', `%|${day}/%`), eb.and([eb('dedupeKey', 'is', null), eb('createdAt', '>=', from), eb('createdAt', '<', to)])]))
    .executeTakeFirst();
  const campaigns = await ctx.db
    .selectFrom('tasks as t')
    .innerJoin('campaigns as c', 'c.id', 't.campaignId')
    .select((eb) => [
      'c.id',
      'c.name',
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(eb.case().when('t.status', '=', 'done').then(1).else(0).end()).as('done'),
    ])
    .where('t.orgPath', 'like', under)
    .where('c.status', '=', 'active')
    .where('t.status', '!=', 'cancelled')
    .groupBy(['c.id', 'c.name'])
    .orderBy('c.id')
    .execute();
  return {
    day,
    open: n(row?.open),
    doneToday: n(row?.doneToday),
    overdue: n(row?.overdue),
    missedReports: n(missed?.n),
    campaigns: campaigns.map((c) => ({ name: c.name, total: n(c.total), done: n(c.done), percentDone: percent(n(c.done), n(c.total)) })),
  };
}

/**
 * Queues today's summary for every enabled webhook subscribed to grid_daily that has none yet, once it is 20:00
 * China time or later. Safe to call every minute, from every instance. Answers how many were queued: the caller
 * wakes the sender when there are any.
 */
export async function queueDailySummaries(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const day = localDay(now);
  if (now < dayStartMs(day) + DAILY_HOUR * HOUR_MS) return 0;
  const subscribed = (
    await ctx.db
      .selectFrom('webhooks as w')
      .innerJoin('orgUnits as o', 'o.id', 'w.orgUnitId')
      .select(['w.id', 'w.events', 'o.code', 'o.name', 'o.path'])
      .where('w.disabled', '=', false)
      .execute()
  ).filter((h) => (JSON.parse(h.events) as string[]).includes('grid_daily'));
  if (!subscribed.length) return 0;
  const sent = new Set(
    (
      await ctx.db
        .selectFrom('webhookDeliveries')
        .select('subjectId')
        .where('event', '=', 'grid_daily')
        .where('subjectId', 'in', subscribed.map((h) => dailySubject(day, h.id)))
        .execute()
    ).map((r) => r.subjectId),
  );
  let queued = 0;
  for (const h of subscribed) {
    const subjectId = dailySubject(day, h.id);
    if (sent.has(subjectId)) continue;
    const alert: Alert = {
      event: 'grid_daily',
      at: new Date(now).toISOString(),
      site: null,
      checkin: null,
      grid: { code: h.code, name: h.name, counts: await gridDayCounts(ctx, h.path, now) },
      link: `${ctx.config.publicUrl}/console/grid?org=${encodeURIComponent(h.code)}`,
    };
    const result = await ctx.db
      .insertInto('webhookDeliveries')
      .values({
        id: dailyDeliveryId(day, h.id), webhookId: h.id, orgPath: h.path, event: 'grid_daily', subjectId, payload: JSON.stringify(alert),
        status: 'pending', attempts: 0, nextAt: now, leaseUntil: null, lastStatus: null, lastError: null, createdAt: now, updatedAt: now, sentAt: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    queued += result.length;
  }
  return queued;
}

/**
 * The task_overdue deliveries of one escalated task: for the enabled webhooks of the task's grid and the units above
 * it subscribed to task_overdue, the person masked. The escalation inserts them in its own transaction (so an
 * escalation is never without its alerts) and wakes the sender after the commit.
 */
export async function taskOverdueDeliveries(ctx: Ctx, task: TaskRow, escalatedUnit: { code: string; name: string } | null): Promise<hooks.DeliveryRow[]> {
  const subscribed = (await hooks.hooksOnPath(ctx.db, task.orgPath)).filter((h) => (JSON.parse(h.events) as string[]).includes('task_overdue'));
  if (!subscribed.length) return [];
  const [units, people] = await Promise.all([unitsByIds(ctx, [task.orgUnitId]), task.personId ? personRefs(ctx, [task.personId]) : Promise.resolve(new Map())]);
  const unit = units.get(task.orgUnitId);
  const person = task.personId ? people.get(task.personId) : undefined;
  const now = ctx.clock.now();
  const alert: Alert = {
    event: 'task_overdue',
    at: new Date(task.escalatedAt === null ? now : Number(task.escalatedAt)).toISOString(),
    site: null,
    checkin: null,
    grid: { code: unit?.code ?? '', name: unit?.name ?? '' },
    task: {
      id: task.id,
      kind: task.kind,
      title: task.title,
      person: person ? { name: person.name, idNumber: person.idNumber, phone: person.phone } : null,
      dueAt: new Date(Number(task.dueAt)).toISOString(),
      escalatedTo: escalatedUnit ? { code: escalatedUnit.code, name: escalatedUnit.name } : null,
    },
    link: `${ctx.config.publicUrl}/console/grid?task=${encodeURIComponent(task.id)}`,
  };
  const payload = JSON.stringify(alert);
  return subscribed.map((h) => ({
    id: newId(now), webhookId: h.id, orgPath: task.orgPath, event: 'task_overdue', subjectId: task.id, payload, status: 'pending', attempts: 0,
    nextAt: now, leaseUntil: null, lastStatus: null, lastError: null, createdAt: now, updatedAt: now, sentAt: null,
  }));
}
