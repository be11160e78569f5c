// An officer's decision for one passage: let pass, hold for screening, or refer to a medical point. Stored with
// who took it and how they reached the person (feed, pass scan, look-up), and sent live to every feed in scope.
import type { Actor, Ctx } from '../../core/context.ts';
import { recordAudit } from '../../core/audit.ts';
import { inTransaction } from '../../core/context.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import type { DecisionEvent } from '../../core/events.ts';
import { newId } from '../../core/ids.ts';
import { findCheckin } from '../checkins/store.ts';
import { openPii } from '../checkins/pii.ts';
import { maskPerson } from '../../core/masking.ts';
import type { AlertOutbox } from '../notifications/outbox.ts';
import * as store from './store.ts';

export const DECISIONS = ['pass', 'hold', 'refer'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_VIA = ['feed', 'scan', 'lookup'] as const;
export type DecisionVia = (typeof DECISION_VIA)[number];

/** Those who stand at the gate decide; analysts read. */
const DECIDERS = new Set(['admin', 'commander', 'officer']);

export interface DecisionView {
  id: string;
  checkinId: string;
  decision: Decision;
  note: string | null;
  via: DecisionVia;
  at: string;
  by: { id: string; displayName: string };
}

export function toDecisionView(r: store.DecisionRecord): DecisionView {
  return {
    id: r.id,
    checkinId: r.checkinId,
    decision: r.decision as Decision,
    note: r.note,
    via: r.via as DecisionVia,
    at: new Date(r.at).toISOString(),
    by: { id: r.byUser, displayName: r.byName },
  };
}

export interface DecisionInput {
  decision: Decision;
  note?: string;
  via?: DecisionVia;
}

export interface DecisionDeps {
  emit(e: DecisionEvent): void;
  /** a hold or a referral is an alert: its deliveries are written with the decision */
  alerts?: Pick<AlertOutbox, 'forDecision' | 'queued'>;
}

export async function recordDecision(ctx: Ctx, actor: Actor, checkinId: string, input: DecisionInput, deps: DecisionDeps): Promise<DecisionView> {
  if (!DECIDERS.has(actor.role) || !actor.userId) throw forbidden('auth.forbidden');
  const checkin = await findCheckin(ctx.db, actor.scope, checkinId);
  if (!checkin) throw notFound('checkin.not_found');
  const at = ctx.clock.now();
  const row = {
    id: newId(at),
    checkinId: checkin.id,
    groupId: checkin.groupId,
    siteId: checkin.siteId,
    orgPath: checkin.orgPath,
    decision: input.decision,
    note: input.note?.trim() || null,
    via: input.via ?? 'feed',
    at,
    byUser: actor.userId,
  };
  const stored = await inTransaction(ctx, async (tx) => {
    await store.insertDecision(tx.db, row);
    await recordAudit(tx, actor, { action: 'decision.record', targetType: 'checkin', targetId: checkin.id, orgPath: checkin.orgPath, detail: { decision: row.decision, via: row.via } });
    const [view] = (await store.decisionsOn(tx.db, actor.scope, [checkin.id])).filter((d) => d.id === row.id);
    const event: DecisionEvent = { id: row.id, checkinId: row.checkinId, groupId: row.groupId, site: checkin.siteCode, siteId: row.siteId, orgPath: row.orgPath, decision: input.decision, at, by: view.byName };
    const pii = openPii(ctx, checkin);
    const alerts = deps.alerts
      ? await deps.alerts.forDecision(
          tx, // inside the transaction: on SQLite a read on the outer connection would wait for it forever
          { code: checkin.siteCode, name: checkin.siteName, orgName: checkin.orgName, orgPath: checkin.orgPath },
          { id: checkin.id, kind: checkin.kind, direction: checkin.direction, flags: JSON.parse(checkin.flags) as string[], person: maskPerson(pii) },
          event,
        )
      : [];
    if (alerts.length) await tx.db.insertInto('webhookDeliveries').values(alerts).execute();
    return { view, event, alerts: alerts.length };
  });
  deps.emit(stored.event);
  if (stored.alerts) deps.alerts?.queued();
  return toDecisionView(stored.view);
}

/** The latest decision on each of the given check-ins. */
export async function latestDecisions(ctx: Ctx, actor: Actor, checkinIds: string[]): Promise<Map<string, DecisionView>> {
  const latest = new Map<string, DecisionView>();
  for (const r of await store.decisionsOn(ctx.db, actor.scope, checkinIds)) latest.set(r.checkinId, toDecisionView(r));
  return latest;
}

export async function decisionsOfCheckin(ctx: Ctx, actor: Actor, checkinId: string): Promise<DecisionView[]> {
  const checkin = await findCheckin(ctx.db, actor.scope, checkinId);
  if (!checkin) throw notFound('checkin.not_found');
  return (await store.decisionsOn(ctx.db, actor.scope, [checkinId])).map(toDecisionView);
}

/** The decision events a feed missed since `afterId`, in the caller's scope. */
export async function decisionEventsAfter(ctx: Ctx, actor: Actor, afterId: string, limit: number): Promise<DecisionEvent[]> {
  const rows = await store.decisionsAfter(ctx.db, actor.scope, afterId, limit);
  return rows.map((r) => ({ id: r.id, checkinId: r.checkinId, groupId: r.groupId, site: r.siteCode, siteId: r.siteId, orgPath: r.orgPath, decision: r.decision as Decision, at: r.at, by: r.byName }));
}
