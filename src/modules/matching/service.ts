// Merge candidates of the person master index and the analyst's decisions on them: accept (one record is merged
// into the other, which it then stands for), reject, and undo an accepted merge (the pair can be decided again).
// Every decision is audited with ids and the score only, never personal values.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { conflict, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { requireDataRole, requirePeopleReader } from '../lists/service.ts';
import type { Reason } from './similarity.ts';
import * as store from './store.ts';
import { personViews, type MergePersonView } from './view.ts';

export { proposeCandidates, type MatchSubject } from './propose.ts';

export const CANDIDATE_STATUSES = ['open', 'accepted', 'rejected', 'undone'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];
/** A candidate still to decide: never decided, or its merge was undone. */
const DECIDABLE = ['open', 'undone'];

export interface CandidateView {
  id: string;
  score: number;
  reasons: Reason[];
  status: CandidateStatus;
  a: MergePersonView;
  b: MergePersonView;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

export interface MergeView {
  id: string;
  candidateId: string | null;
  kept: MergePersonView;
  merged: MergePersonView;
  at: string;
  by: string | null;
  undoneAt: string | null;
  undoneBy: string | null;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

async function candidateViews(ctx: Ctx, actor: Actor, rows: store.CandidateRecord[]): Promise<CandidateView[]> {
  const people = await personViews(ctx, actor, rows.flatMap((r) => [r.personA, r.personB]));
  return rows.map((r) => ({
    id: r.id,
    score: Number(r.score),
    reasons: JSON.parse(r.reasons) as Reason[],
    status: r.status as CandidateStatus,
    a: people.get(r.personA)!,
    b: people.get(r.personB)!,
    createdAt: iso(r.createdAt)!,
    decidedAt: iso(r.decidedAt),
    decidedBy: r.decidedByName,
  }));
}

async function mergeViews(ctx: Ctx, actor: Actor, rows: store.MergeRecord[]): Promise<MergeView[]> {
  const people = await personViews(ctx, actor, rows.flatMap((r) => [r.keptId, r.mergedId]));
  return rows.map((r) => ({
    id: r.id,
    candidateId: r.candidateId,
    kept: people.get(r.keptId)!,
    merged: people.get(r.mergedId)!,
    at: iso(r.at)!,
    by: r.byName,
    undoneAt: iso(r.undoneAt),
    undoneBy: r.undoneByName,
  }));
}

export async function listCandidates(ctx: Ctx, actor: Actor, q: { status?: CandidateStatus; limit?: number; offset?: number }): Promise<CandidateView[]> {
  requirePeopleReader(actor);
  const rows = await store.listCandidates(ctx.db, actor.scope, q.status ?? 'open', q.limit ?? 50, q.offset ?? 0);
  return candidateViews(ctx, actor, rows);
}

export async function getCandidate(ctx: Ctx, actor: Actor, id: string): Promise<CandidateView> {
  requirePeopleReader(actor);
  const row = await store.candidateById(ctx.db, actor.scope, id);
  if (!row) throw notFound('merge.candidate_not_found');
  return (await candidateViews(ctx, actor, [row]))[0];
}

async function decidable(tx: Ctx, actor: Actor, id: string): Promise<store.CandidateRecord> {
  const c = await store.candidateById(tx.db, actor.scope, id);
  if (!c) throw notFound('merge.candidate_not_found');
  if (!DECIDABLE.includes(c.status)) throw conflict('merge.already_decided', { status: c.status });
  return c;
}

/**
 * Merges the pair: the record not kept points at the kept one from now on. By default the record holding a
 * document is kept, else the older one. Both must still stand for themselves (not merged elsewhere meanwhile).
 */
export async function acceptCandidate(ctx: Ctx, actor: Actor, id: string, keep?: 'a' | 'b'): Promise<MergeView> {
  requireDataRole(actor);
  const mergeId = await inTransaction(ctx, async (tx) => {
    const c = await decidable(tx, actor, id);
    // Lock both records (PostgreSQL) so two merges of the same people in opposite directions cannot both pass.
    const persons = await store.lockPersons(tx.db, [c.personA, c.personB], tx.dialect === 'postgres');
    const a = persons.find((p) => p.id === c.personA);
    const b = persons.find((p) => p.id === c.personB);
    if (!a || !b) throw notFound('merge.candidate_not_found');
    if (a.mergedInto || b.mergedInto) throw conflict('merge.not_root');
    const side = keep ?? (b.idBidx && !a.idBidx ? 'b' : 'a');
    const [kept, merged] = side === 'a' ? [a, b] : [b, a];
    const at = tx.clock.now();
    if (!(await store.setCandidateStatus(tx.db, c.id, DECIDABLE, 'accepted', actor.userId, at))) throw conflict('merge.already_decided', { status: 'accepted' });
    if (!(await store.setMergedInto(tx.db, merged.id, null, kept.id, at))) throw conflict('merge.not_root');
    const row: store.MergeRow = { id: newId(at), candidateId: c.id, keptId: kept.id, mergedId: merged.id, orgPath: c.orgPath, at, byUser: actor.userId, undoneAt: null, undoneBy: null };
    await store.insertMerge(tx.db, row);
    await recordAudit(tx, actor, {
      action: 'merge.accept',
      targetType: 'person',
      targetId: merged.id,
      orgPath: c.orgPath,
      detail: { candidateId: c.id, mergeId: row.id, keptId: kept.id, mergedId: merged.id, score: Number(c.score) },
    });
    return row.id;
  });
  return getMerge(ctx, actor, mergeId);
}

export async function rejectCandidate(ctx: Ctx, actor: Actor, id: string): Promise<CandidateView> {
  requireDataRole(actor);
  await inTransaction(ctx, async (tx) => {
    const c = await decidable(tx, actor, id);
    if (!(await store.setCandidateStatus(tx.db, c.id, DECIDABLE, 'rejected', actor.userId, tx.clock.now()))) throw conflict('merge.already_decided', { status: 'rejected' });
    await recordAudit(tx, actor, {
      action: 'merge.reject',
      targetType: 'merge_candidate',
      targetId: c.id,
      orgPath: c.orgPath,
      detail: { personA: c.personA, personB: c.personB, score: Number(c.score) },
    });
  });
  return getCandidate(ctx, actor, id);
}

export async function listMerges(ctx: Ctx, actor: Actor, q: { limit?: number; before?: string }): Promise<{ items: MergeView[]; nextBefore: string | null }> {
  requirePeopleReader(actor);
  const limit = q.limit ?? 50;
  const rows = await store.listMerges(ctx.db, actor.scope, limit + 1, q.before);
  const page = rows.slice(0, limit);
  return { items: await mergeViews(ctx, actor, page), nextBefore: rows.length > limit ? page[page.length - 1].id : null };
}

export async function getMerge(ctx: Ctx, actor: Actor, id: string): Promise<MergeView> {
  requirePeopleReader(actor);
  const row = await store.mergeById(ctx.db, actor.scope, id);
  if (!row) throw notFound('merge.not_found');
  return (await mergeViews(ctx, actor, [row]))[0];
}

/** Separates the merged record again; its candidate becomes `undone`, to be decided again later. */
export async function undoMerge(ctx: Ctx, actor: Actor, id: string): Promise<MergeView> {
  requireDataRole(actor);
  await inTransaction(ctx, async (tx) => {
    const m = await store.mergeById(tx.db, actor.scope, id);
    if (!m) throw notFound('merge.not_found');
    if (m.undoneAt !== null) throw conflict('merge.already_undone');
    await store.lockPersons(tx.db, [m.keptId, m.mergedId], tx.dialect === 'postgres');
    const at = tx.clock.now();
    if (!(await store.markMergeUndone(tx.db, m.id, actor.userId, at))) throw conflict('merge.already_undone');
    if (!(await store.setMergedInto(tx.db, m.mergedId, m.keptId, null, at))) throw conflict('merge.changed_since');
    if (m.candidateId) await store.setCandidateStatus(tx.db, m.candidateId, ['accepted'], 'undone', actor.userId, at);
    await recordAudit(tx, actor, {
      action: 'merge.undo',
      targetType: 'person',
      targetId: m.mergedId,
      orgPath: m.orgPath,
      detail: { mergeId: m.id, candidateId: m.candidateId, keptId: m.keptId, mergedId: m.mergedId },
    });
  });
  return getMerge(ctx, actor, id);
}
