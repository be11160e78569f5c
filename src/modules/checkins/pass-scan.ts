// An officer scans a person's pass: the check-in it names, the person's latest check-in in the officer's scope,
// the companions registered with them, the decisions taken so far. Masked, and audited: a scan reads a person.
import type { Actor, Ctx } from '../../core/context.ts';
import { recordAudit } from '../../core/audit.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { decisionsOn } from '../decisions/store.ts';
import { watchEntriesFor } from '../lists/watch.ts';
import { toDecisionView, type DecisionView } from '../decisions/service.ts';
import { checkPass } from './pass.ts';
import { maskedViews, requireReader, type CheckinView } from './read-service.ts';
import { findByBlindIndex, findGroup } from './store.ts';

/**
 * A watched list the person is on: its kind (incoming, high_risk, confirmed, ...) and since when. The officer sees
 * the same thing the watch-list flag tells them, wherever the list was imported; the list itself stays with its
 * owners.
 */
export interface ListMembership {
  list: string;
  category: string | null;
  since: string | null;
}

export interface PassScan {
  checkin: CheckinView;
  companions: CheckinView[];
  latest: CheckinView | null;
  lists: ListMembership[];
  decisions: DecisionView[];
  issuedAt: string;
}

export async function scanPass(ctx: Ctx, actor: Actor, token: string): Promise<PassScan> {
  requireReader(actor);
  const pass = checkPass(ctx, token.trim());
  if (!pass.ok) throw invalid(`pass.${pass.reason}`, {}, 'token');
  const group = await findGroup(ctx.db, actor.scope, pass.groupId);
  if (!group.length) throw notFound('checkin.not_found');
  const submitter = group[0];
  const history = submitter.idBidx ? await findByBlindIndex(ctx.db, actor.scope, 'idBidx', submitter.idBidx, 1) : [];
  const latestRow = history[0] && history[0].id !== submitter.id ? history[0] : null;
  const [views, decisions, watched] = await Promise.all([
    maskedViews(ctx, actor, latestRow ? [...group, latestRow] : group),
    decisionsOn(ctx.db, actor.scope, latestRow ? [submitter.id, latestRow.id] : [submitter.id]),
    watchEntriesFor(ctx, [submitter.idBidx]),
  ]);
  const kinds = new Map<string, number>();
  for (const e of watched) kinds.set(e.kind, Math.min(kinds.get(e.kind) ?? Infinity, e.listedAt ?? e.createdAt));
  await recordAudit(ctx, actor, { action: 'pass.scan', targetType: 'checkin', targetId: submitter.id, orgPath: submitter.orgPath, detail: { latest: latestRow?.id ?? submitter.id } });
  return {
    checkin: views[0],
    companions: views.slice(1, group.length),
    latest: latestRow ? views[group.length] : views[0],
    lists: [...kinds].map(([kind, since]) => ({ list: kind, category: null, since: new Date(since).toISOString() })),
    decisions: decisions.map(toDecisionView),
    issuedAt: new Date(pass.issuedAt).toISOString(),
  };
}
