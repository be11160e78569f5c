// Home observation (居家观察): a person is observed for some days (14 by default) and reports their temperature twice a
// day through a personal link (observation-report.ts); a 'home_observation' task routed to their grid carries it for
// the workers, and a slot left without a report becomes a 'missed_report' task (observation-missed.ts).
// Started by leaders (admin, commander, analyst) or by a post holder of the person's grid; read masked in scope.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { localDay } from '../../core/local-day.ts';
import { pathInScope } from '../../core/scope.ts';
import { knownInScope, wholeTree } from '../people/read-store.ts';
import { mergedGroup, rootOf } from '../people/store.ts';
import { owedSlots } from './observation-slots.ts';
import * as store from './observation-store.ts';
import { issueObservationToken, observationLink } from './observation-token.ts';
import { LEADER_ROLES, postsOf } from './posts.ts';
import { createTask } from './tasks.ts';
import { personRefs, toTaskViews, unitsByIds } from './task-view.ts';
import type { MaskedPersonRef, TaskView, UnitRef } from './types.ts';

export const DAY_MS = 86_400_000;
export const DEFAULT_DAYS = 14;
export const MAX_DAYS = 30;
/** A start may be written down a little late, or planned for the coming week. */
const START_PAST_MS = 3 * DAY_MS;
const START_FUTURE_MS = 7 * DAY_MS;

export interface ReportView {
  slot: string;
  temperature: number;
  symptoms: string[];
  at: string;
  source: string;
  flagged: boolean;
}

export interface ObservationView {
  id: string;
  status: string;
  person: MaskedPersonRef | null;
  orgUnit: UnitRef | null;
  taskId: string;
  startAt: string;
  endAt: string;
  days: number;
  /** the day of the observation today (1 on the first day), null outside it */
  day: number | null;
  reports: ReportView[];
  /** owed slots that closed with no report */
  missed: string[];
  createdAt: string;
  endedAt: string | null;
}

const iso = (ms: number) => new Date(Number(ms)).toISOString();

export function observationDays(o: { startAt: number; endAt: number }): number {
  return Math.max(1, Math.round((Number(o.endAt) - Number(o.startAt)) / DAY_MS));
}

/** Day n of the observation (1-based) at `now`, by local days; null before it starts or after it ends. */
export function observationDay(o: { startAt: number; endAt: number }, now: number): number | null {
  if (now < o.startAt || now >= o.endAt) return null;
  return Math.round((Date.parse(`${localDay(now)}T00:00:00Z`) - Date.parse(`${localDay(o.startAt)}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Fever at or above the risk threshold (37.3 by default), or any symptom. */
export function isFlagged(ctx: Ctx, r: { temperature: number; symptoms: string[] }): boolean {
  return r.temperature >= ctx.config.risk.feverThreshold || r.symptoms.length > 0;
}

export function parseSymptoms(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

/** Slots owed so far (by `now`): those opened after the observation was both started and written down. */
export function owedSoFar(o: store.ObservationRow, now: number) {
  return owedSlots(Math.max(Number(o.startAt), Number(o.createdAt)), Number(o.endAt), now);
}

export async function toObservationView(ctx: Ctx, o: store.ObservationRow): Promise<ObservationView> {
  const [persons, units, reports] = await Promise.all([personRefs(ctx, [o.personId]), unitsByIds(ctx, [o.orgUnitId]), store.reportsOf(ctx.db, [o.id])]);
  const now = ctx.clock.now();
  const reported = new Set(reports.map((r) => r.slot));
  return {
    id: o.id,
    status: o.status,
    person: persons.get(o.personId) ?? null,
    orgUnit: units.get(o.orgUnitId) ?? null,
    taskId: o.taskId,
    startAt: iso(o.startAt),
    endAt: iso(o.endAt),
    days: observationDays(o),
    day: o.status === 'active' ? observationDay(o, now) : null,
    reports: reports.map((r) => {
      const symptoms = parseSymptoms(r.symptoms);
      return { slot: r.slot, temperature: r.temperature, symptoms, at: iso(r.at), source: r.source, flagged: isFlagged(ctx, { temperature: r.temperature, symptoms }) };
    }),
    missed: owedSoFar(o, now).filter((w) => !reported.has(w.slot)).map((w) => w.slot),
    createdAt: iso(o.createdAt),
    endedAt: o.endedAt === null ? null : iso(o.endedAt),
  };
}

/** Leaders in scope, or a holder of a post on the grid (or a grid above it) the observation belongs to. */
async function requireObserver(ctx: Ctx, actor: Actor, orgPath: string): Promise<void> {
  if (LEADER_ROLES.has(actor.role)) return;
  const posts = await postsOf(ctx, actor.userId);
  if (!posts.some((p) => orgPath.startsWith(p.orgUnit.path))) throw forbidden('auth.forbidden');
}

/** The person's records, if the caller may see them: known in scope (lists, check-ins, hits) or living in a grid of it. */
async function personInScope(ctx: Ctx, actor: Actor, personId: string): Promise<{ rootId: string; ids: string[]; idBidxs: string[] }> {
  const records = await mergedGroup(ctx.db, await rootOf(ctx.db, personId));
  if (!records.length) throw notFound('person.not_found');
  const ids = records.map((r) => r.id);
  const idBidxs = [...new Set(records.map((r) => r.idBidx).filter((b): b is string => !!b))];
  const visible =
    wholeTree(actor.scope) ||
    (await knownInScope(ctx.db, actor.scope, ids, idBidxs)) ||
    (await ctx.db
      .selectFrom('householdMembers')
      .innerJoin('addresses', 'addresses.id', 'householdMembers.addressId')
      .select('addresses.orgPath')
      .where('householdMembers.personId', 'in', ids)
      .execute()).some((a) => pathInScope(actor.scope, a.orgPath));
  if (!visible) throw notFound('person.not_found');
  return { rootId: records[0].id, ids, idBidxs };
}

/**
 * Where the task goes when the person has no household in the grids yet: the unit of their newest list entry in the
 * caller's scope (the observation list they came from), else the caller's own unit.
 */
async function fallbackUnit(ctx: Ctx, actor: Actor, personIds: string[]): Promise<string> {
  const entries = await ctx.db.selectFrom('listEntries').select(['orgPath', 'createdAt']).where('personId', 'in', personIds).orderBy('createdAt', 'desc').limit(50).execute();
  const entry = entries.find((e) => pathInScope(actor.scope, e.orgPath));
  const path = entry?.orgPath ?? actor.homePath ?? actor.scope.paths[0] ?? '/';
  const id = path.split('/').filter(Boolean).pop();
  if (id) return id;
  // the operator's whole-tree scope ('/'): the root of the tree
  const root = await ctx.db.selectFrom('orgUnits').select('id').where('parentId', 'is', null).orderBy('path').limit(1).executeTakeFirst();
  if (!root) throw invalid('observation.no_unit');
  return root.id;
}

export interface StartInput {
  personId: string;
  days?: number;
  startAt?: string;
}

export interface Started {
  observation: ObservationView;
  task: TaskView;
  link: string;
}

export async function startObservation(ctx: Ctx, actor: Actor, input: StartInput): Promise<Started> {
  if (!LEADER_ROLES.has(actor.role) && !(await postsOf(ctx, actor.userId)).length) throw forbidden('auth.forbidden');
  const days = input.days ?? DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw invalid('observation.days', { max: MAX_DAYS }, 'days');
  const now = ctx.clock.now();
  const startAt = input.startAt === undefined ? now : Date.parse(input.startAt);
  if (!Number.isFinite(startAt) || startAt < now - START_PAST_MS || startAt > now + START_FUTURE_MS) throw invalid('observation.start_at', {}, 'startAt');
  const endAt = startAt + days * DAY_MS;
  return inTransaction(ctx, async (tx) => {
    const person = await personInScope(tx, actor, input.personId);
    const running = await store.activeObservationOf(tx.db, person.ids);
    if (running) throw conflict('observation.already_active', { endAt: localDay(running.endAt) }, 'personId');
    const id = newId(now);
    const task = await createTask(tx, actor, {
      kind: 'home_observation',
      personId: person.rootId,
      fallbackUnitId: await fallbackUnit(tx, actor, person.ids),
      dueAt: endAt,
      sourceType: 'observation',
      sourceId: id,
      detail: { observationId: id, startAt: iso(startAt), endAt: iso(endAt), days },
    });
    // Checked where the task landed: a worker starts observations in their own grids only (the whole call rolls back).
    await requireObserver(tx, actor, task.orgPath);
    if (!LEADER_ROLES.has(actor.role) && !pathInScope(actor.scope, task.orgPath)) throw forbidden('auth.out_of_scope');
    const row: store.ObservationRow = {
      id, personId: person.rootId, taskId: task.id, orgUnitId: task.orgUnitId, orgPath: task.orgPath, startAt, endAt, status: 'active',
      tokenVersion: 1, createdBy: actor.userId, createdAt: now, endedAt: null,
    };
    await store.insertObservation(tx.db, row);
    await recordAudit(tx, actor, {
      action: 'observation.start', targetType: 'observation', targetId: id, orgPath: task.orgPath,
      detail: { personId: person.rootId, taskId: task.id, days, startAt: iso(startAt), assignedTo: task.assignedTo },
    });
    const [view] = await toTaskViews(tx, [(await tx.db.selectFrom('tasks').selectAll().where('id', '=', task.id).executeTakeFirstOrThrow())]);
    return { observation: await toObservationView(tx, row), task: view, link: observationLink(tx, issueObservationToken(tx, row)) };
  });
}

async function observationInScope(ctx: Ctx, actor: Actor, id: string): Promise<store.ObservationRow> {
  const o = await store.observationById(ctx.db, id);
  if (!o || !pathInScope(actor.scope, o.orgPath)) throw notFound('observation.not_found');
  return o;
}

export async function getObservation(ctx: Ctx, actor: Actor, id: string): Promise<ObservationView> {
  return toObservationView(ctx, await observationInScope(ctx, actor, id));
}

/**
 * A person's observations in the caller's scope, newest first (the running one is the first when there is one).
 * Out of scope, or no such person: an empty list, saying nothing of either.
 */
export async function observationsOfPerson(ctx: Ctx, actor: Actor, personId: string): Promise<{ items: ObservationView[] }> {
  const ids = (await mergedGroup(ctx.db, await rootOf(ctx.db, personId))).map((r) => r.id);
  const rows = (await store.observationsOfPersons(ctx.db, ids)).filter((o) => pathInScope(actor.scope, o.orgPath));
  return { items: await Promise.all(rows.map((o) => toObservationView(ctx, o))) };
}

/** A new personal link; the one handed out before stops working at once (a lost or shared phone). */
export async function rotateObservationLink(ctx: Ctx, actor: Actor, id: string): Promise<{ observation: ObservationView; link: string }> {
  return inTransaction(ctx, async (tx) => {
    const o = await observationInScope(tx, actor, id);
    await requireObserver(tx, actor, o.orgPath);
    if (o.status !== 'active') throw invalid('observation.ended');
    await store.bumpTokenVersion(tx.db, id);
    const row = { ...o, tokenVersion: o.tokenVersion + 1 };
    await recordAudit(tx, actor, { action: 'observation.link', targetType: 'observation', targetId: id, orgPath: o.orgPath, detail: { version: row.tokenVersion } });
    return { observation: await toObservationView(tx, row), link: observationLink(tx, issueObservationToken(tx, row)) };
  });
}
