// The append-only, hash-chained audit log: who did what to which data, why, from where, when.
import { AUDIT_GENESIS, ChainVerifier, entryHash, type ChainCheck } from './audit-chain.ts';
import { inTransaction, type Actor, type Ctx } from './context.ts';
import { inScope, type Scope } from './scope.ts';

export interface AuditInput {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  purpose?: string | null;
  orgPath?: string | null;
  detail?: Record<string, unknown> | null;
}

export type AuditActor = Pick<Actor, 'userId' | 'username' | 'ip'>;

/**
 * Appends one entry, in the caller's transaction when there is one, so the action and its record commit together.
 * The head row is locked first: appends are serialised across connections and instances.
 */
export async function recordAudit(ctx: Ctx, actor: AuditActor, input: AuditInput): Promise<number> {
  return inTransaction(ctx, async ({ db, dialect, clock }) => {
    const headQuery = db.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1);
    const head = await (dialect === 'postgres' ? headQuery.forUpdate() : headQuery).executeTakeFirst();
    const prev = head ?? { seq: 0, hash: AUDIT_GENESIS };
    const fields = {
      seq: prev.seq + 1,
      at: clock.now(),
      actorId: actor.userId,
      actorName: actor.username,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      purpose: input.purpose ?? null,
      ip: actor.ip,
      orgPath: input.orgPath ?? null,
      detail: input.detail ? JSON.stringify(input.detail) : null,
      prevHash: prev.hash,
    };
    const hash = entryHash(fields);
    await db.insertInto('auditLog').values({ ...fields, hash }).execute();
    await db.updateTable('auditHead').set({ seq: fields.seq, hash }).where('id', '=', 1).execute();
    return fields.seq;
  });
}

/** Re-computes the whole chain in pages; names the first entry that was edited, removed or reordered. */
export async function verifyAuditChain(ctx: Ctx, onProgress?: (checked: number, total: number) => void): Promise<ChainCheck> {
  const verifier = new ChainVerifier();
  const head = (await ctx.db.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst()) ?? {
    seq: 0,
    hash: AUDIT_GENESIS,
  };
  let after = 0;
  for (;;) {
    const rows = await ctx.db.selectFrom('auditLog').selectAll().where('seq', '>', after).orderBy('seq').limit(2000).execute();
    if (rows.length === 0) break;
    for (const row of rows) if (!verifier.push(row)) return verifier.end(head);
    after = rows[rows.length - 1].seq;
    onProgress?.(after, head.seq);
  }
  return verifier.end(head);
}

export interface AuditEntryView {
  seq: number;
  at: string;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  purpose: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

/**
 * Newest first. Entries carry the org path of the data they concern; entries with no org path (system-wide
 * events) are shown only to callers whose scope is the whole tree.
 */
export async function listAudit(
  ctx: Ctx,
  scope: Scope,
  opts: { limit: number; before?: number; action?: string; actorId?: string },
): Promise<{ items: AuditEntryView[]; nextBefore: number | null }> {
  const seesSystem = scope.paths.some((p) => p.split('/').filter(Boolean).length <= 1);
  let q = ctx.db
    .selectFrom('auditLog')
    .selectAll()
    .where((eb) => (seesSystem ? eb.or([eb('orgPath', 'is', null), inScope(eb, 'orgPath', scope)]) : inScope(eb, 'orgPath', scope)))
    .orderBy('seq', 'desc')
    .limit(opts.limit + 1);
  if (opts.before) q = q.where('seq', '<', opts.before);
  if (opts.action) q = q.where('action', '=', opts.action);
  if (opts.actorId) q = q.where('actorId', '=', opts.actorId);
  const rows = await q.execute();
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((r) => ({
      seq: r.seq,
      at: new Date(r.at).toISOString(),
      actorName: r.actorName,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      purpose: r.purpose,
      ip: r.ip,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    })),
    nextBefore: rows.length > opts.limit ? page[page.length - 1].seq : null,
  };
}

