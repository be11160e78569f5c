// Temperature reports of a home observation: by the person through their link (no account), or by a worker at the
// door (the grid sync's 'temperature' event). Each is stored once per client id, so a phone that resends after a
// lost answer, or a sync replayed, never counts twice.
//
// A fever (at or above the risk threshold) or a symptom flags the report. Kept simple on purpose: the flag is
// written on the observation's task detail (`flags`, the newest last; the worker's task list shows it) and in the
// audit log (`observation.flag`), rather than spawning another task: the observation task is already the worker's
// to act on, and the missed-report task covers the silent case.
import { recordAudit, type AuditActor } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { localDay } from '../../core/local-day.ts';
import { maskName } from '../../core/masking.ts';
import { pathInScope } from '../../core/scope.ts';
import { validateTemperature } from '../../core/validation/measures.ts';
import { openPersonPii } from '../people/pii.ts';
import { isFlagged, observationDay, observationDays } from './observation-service.ts';
import { opensAt, parseSlot, selfSlotAt, slotDuring, slotName, workerSlotAt, type SlotWindow } from './observation-slots.ts';
import * as store from './observation-store.ts';
import { readObservationToken } from './observation-token.ts';

export const OBSERVATION_TEMPERATURE_MIN = 35;
export const OBSERVATION_TEMPERATURE_MAX = 42;
/** Flags kept on the task detail: the latest ones are what a worker acts on. */
const MAX_FLAGS = 20;
/** Who the audit log names for a report made through a personal link (no account). */
const LINK_ACTOR = (ip: string | null): AuditActor => ({ userId: null, username: 'observation-link', ip });

const iso = (ms: number) => new Date(Number(ms)).toISOString();
/** 'YYYY-MM-DD HH:MM' China time, for messages a person reads. */
const localTime = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** 35.0-42.0 °C, one decimal: a thermometer at home reads within that; anything else is a misreading. */
export function checkObservationTemperature(raw: number): number {
  const r = validateTemperature(raw);
  if (!r.ok) throw invalid(`validation.${r.reason}`, {}, 'temperature');
  if (r.value < OBSERVATION_TEMPERATURE_MIN || r.value > OBSERVATION_TEMPERATURE_MAX) throw invalid('observation.temperature_range', {}, 'temperature');
  return r.value;
}

/** The observation a personal link names, if the link is still the current one. */
async function observationOfToken(ctx: Ctx, token: string): Promise<store.ObservationRow> {
  const { observationId, version } = readObservationToken(ctx, token);
  const o = await store.observationById(ctx.db, observationId);
  if (!o) throw invalid('observation.token_invalid', {}, 'token');
  if (o.tokenVersion !== version) throw invalid('observation.token_rotated', {}, 'token');
  return o;
}

export interface PublicStatus {
  person: string | null;
  status: string;
  startAt: string;
  endAt: string;
  day: number | null;
  days: number;
  today: { am: boolean; pm: boolean };
  /** the slot a report made now counts for; null when none takes one now */
  slot: 'am' | 'pm' | null;
}

/** Which slot a self-report made now would fill, or the reason there is none. */
function selfSlot(o: store.ObservationRow, now: number, reported: Set<string>): { window: SlotWindow } | { refuse: () => Error } {
  if (o.status !== 'active' || now >= o.endAt) return { refuse: () => invalid('observation.ended') };
  if (now < o.startAt) return { refuse: () => invalid('observation.not_started', { startAt: localTime(Number(o.startAt)) }) };
  const found = selfSlotAt(now);
  const noSlot = () => invalid('observation.no_slot', { am: opensAt('am'), pm: opensAt('pm') });
  if (!found || !slotDuring(found.window, Number(o.startAt), Number(o.endAt))) return { refuse: noSlot };
  // Between slots, a late report makes up for the slot that just closed, unless someone already reported it.
  if (found.late && reported.has(found.window.slot)) {
    return { refuse: () => invalid('observation.slot_reported', { next: found.window.half === 'am' ? opensAt('pm') : opensAt('am') }) };
  }
  return { window: found.window };
}

export async function publicObservationStatus(ctx: Ctx, token: string): Promise<PublicStatus> {
  const o = await observationOfToken(ctx, token);
  const now = ctx.clock.now();
  const today = localDay(now);
  const reports = await store.reportsOf(ctx.db, [o.id]);
  const reported = new Set(reports.map((r) => r.slot));
  const pii = openPersonPii(ctx, (await ctx.db.selectFrom('persons').select('piiEnc').where('id', '=', o.personId).executeTakeFirstOrThrow()));
  const slot = selfSlot(o, now, reported);
  return {
    person: maskName(pii.name),
    status: o.status === 'active' && now >= o.endAt ? 'ended' : o.status,
    startAt: iso(o.startAt),
    endAt: iso(o.endAt),
    day: o.status === 'active' ? observationDay(o, now) : null,
    days: observationDays(o),
    today: { am: reported.has(slotName(today, 'am')), pm: reported.has(slotName(today, 'pm')) },
    slot: 'window' in slot ? slot.window.half : null,
  };
}

interface NewReport {
  temperature: number;
  symptoms: string[];
  at: number;
  source: 'self' | 'worker';
  byUser: string | null;
  clientId: string;
}

/** Stores the report once; on a fever or a symptom, flags it on the task and in the audit log. */
async function saveReport(ctx: Ctx, o: store.ObservationRow, slot: string, r: NewReport, auditActor: AuditActor): Promise<{ slot: string; duplicate: boolean; flagged: boolean }> {
  const now = ctx.clock.now();
  const inserted = await store.insertReport(ctx.db, {
    id: newId(now), observationId: o.id, slot, at: r.at, temperature: r.temperature, symptoms: r.symptoms.length ? JSON.stringify(r.symptoms) : null,
    source: r.source, byUser: r.byUser, clientId: r.clientId, orgPath: o.orgPath, createdAt: now,
  });
  if (!inserted) {
    // The same client id arrived twice at once: the other one stored it.
    const first = await store.reportByClientId(ctx.db, r.clientId);
    return { slot: first?.slot ?? slot, duplicate: true, flagged: false };
  }
  const flagged = isFlagged(ctx, r);
  if (flagged) {
    const task = await store.taskRow(ctx.db, o.taskId);
    if (task) {
      const detail = (task.detail ? JSON.parse(task.detail) : {}) as Record<string, unknown>;
      const flags = Array.isArray(detail.flags) ? (detail.flags as unknown[]) : [];
      const flag = { slot, at: iso(r.at), temperature: r.temperature, symptoms: r.symptoms, source: r.source };
      await store.setTaskDetail(ctx.db, task.id, { ...detail, flagged: true, flags: [...flags, flag].slice(-MAX_FLAGS) }, now);
    }
    await recordAudit(ctx, auditActor, {
      action: 'observation.flag', targetType: 'observation', targetId: o.id, orgPath: o.orgPath,
      detail: { slot, source: r.source, fever: r.temperature >= ctx.config.risk.feverThreshold, symptoms: r.symptoms.length, taskId: o.taskId },
    });
  }
  return { slot, duplicate: false, flagged };
}

export interface SelfReportInput {
  token: string;
  clientId: string;
  temperature: number;
  symptoms?: string[];
}

/** A report through the personal link: the slot open now (or just closed, see selfSlot). */
export async function selfReport(ctx: Ctx, input: SelfReportInput, ip: string | null): Promise<{ slot: 'am' | 'pm'; duplicate: boolean }> {
  return inTransaction(ctx, async (tx) => {
    const o = await observationOfToken(tx, input.token);
    // A resend of what is stored already answers as it did, even if the slot has closed since.
    const known = await store.reportByClientId(tx.db, input.clientId);
    if (known) {
      if (known.observationId !== o.id) throw invalid('observation.client_id_reused', {}, 'clientId');
      return { slot: parseSlot(known.slot)!.half, duplicate: true };
    }
    const temperature = checkObservationTemperature(input.temperature);
    const symptoms = [...new Set(input.symptoms ?? [])];
    const now = tx.clock.now();
    const reported = new Set((await store.reportsOf(tx.db, [o.id])).map((r) => r.slot));
    const found = selfSlot(o, now, reported);
    if ('refuse' in found) throw found.refuse();
    const r = await saveReport(tx, o, found.window.slot, { temperature, symptoms, at: now, source: 'self', byUser: null, clientId: input.clientId }, LINK_ACTOR(ip));
    // Made up for late: the missed-report task the slot's end created is done, nobody needs to go.
    if (!r.duplicate) {
      const missed = await store.openTaskByDedupeKey(tx.db, missedKey(o.id, found.window.slot));
      if (missed) await store.closeTask(tx.db, missed.id, 'reported', now);
    }
    return { slot: parseSlot(r.slot)?.half ?? found.window.half, duplicate: r.duplicate };
  });
}

export function missedKey(observationId: string, slot: string): string {
  return `missed|${observationId}|${slot}`;
}

export interface WorkerTemperature {
  observationId?: string | null;
  /** the observation's task, or one of its missed-report tasks (then the temperature fills that slot) */
  taskId?: string | null;
  temperature: number;
  /** when it was taken (the phone's time, epoch ms) */
  at: number;
  clientId: string;
}

/**
 * A temperature a worker took (the grid sync's 'temperature' event on a home_observation or missed_report task).
 * In the caller's transaction; idempotent by clientId. The slot: the missed-report task's own, else the slot open
 * when it was taken, else the last one that opened before (workerSlotAt): never refused for the hour.
 */
export async function recordWorkerTemperature(ctx: Ctx, actor: Actor, input: WorkerTemperature): Promise<{ observationId: string; slot: string; duplicate: boolean; flagged: boolean }> {
  return inTransaction(ctx, async (tx) => {
    let o: store.ObservationRow | undefined;
    let slot: string | null = null;
    if (input.observationId) o = await store.observationById(tx.db, input.observationId);
    else if (input.taskId) {
      const task = await store.taskRow(tx.db, input.taskId);
      if (task?.kind === 'home_observation') o = await store.observationByTask(tx.db, task.id);
      else if (task?.kind === 'missed_report' && task.sourceType === 'observation' && task.sourceId) {
        o = await store.observationById(tx.db, task.sourceId);
        const detail = (task.detail ? JSON.parse(task.detail) : {}) as { slot?: unknown };
        if (typeof detail.slot === 'string' && parseSlot(detail.slot)) slot = detail.slot;
      }
    }
    if (!o || !pathInScope(actor.scope, o.orgPath)) throw notFound('observation.not_found');
    const known = await store.reportByClientId(tx.db, input.clientId);
    if (known) return { observationId: known.observationId, slot: known.slot, duplicate: true, flagged: false };
    const temperature = checkObservationTemperature(input.temperature);
    if (!Number.isFinite(input.at)) throw invalid('validation.format', { field: 'at' }, 'at');
    slot ??= workerSlotAt(input.at).slot;
    const r = await saveReport(tx, o, slot, { temperature, symptoms: [], at: input.at, source: 'worker', byUser: actor.userId, clientId: input.clientId }, actor);
    return { observationId: o.id, ...r };
  });
}
