// SQL for webhooks and their deliveries. A hook's scope is the current path of its org unit (joined, so a moved
// unit takes its hooks along); a delivery is read through its hook. Only the dispatcher and the sender, which act
// for the system, read without a scope.
import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { DbLike } from '../../db/database.ts';
import type { Tables, WebhookDeliveryTable, WebhookTable } from '../../db/tables.ts';
import { inScope, type Scope } from '../../core/scope.ts';

export type WebhookRow = Selectable<WebhookTable>;
export type WebhookWithOrg = WebhookRow & { orgCode: string; orgName: string; unitPath: string };
export type DeliveryRow = Selectable<WebhookDeliveryTable>;

const DUE = ['pending', 'retrying'];

function hooksWithOrg(db: DbLike) {
  return db
    .selectFrom('webhooks as w')
    .innerJoin('orgUnits as o', 'o.id', 'w.orgUnitId')
    .selectAll('w')
    .select(['o.code as orgCode', 'o.name as orgName', 'o.path as unitPath']);
}

export function listHooks(db: DbLike, scope: Scope): Promise<WebhookWithOrg[]> {
  return hooksWithOrg(db).where((eb) => inScope(eb, 'o.path', scope)).orderBy('o.path').orderBy('w.name').execute();
}

export function findHook(db: DbLike, scope: Scope, id: string): Promise<WebhookWithOrg | undefined> {
  return hooksWithOrg(db).where('w.id', '=', id).where((eb) => inScope(eb, 'o.path', scope)).executeTakeFirst();
}

/** Unscoped: the sender reads the hook of a delivery it has claimed. */
export function findHookForSending(db: DbLike, id: string): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Unscoped: enabled hooks of the units on the path of an event (a unit's hook hears every unit below it). */
export function hooksOnPath(db: DbLike, orgPath: string): Promise<WebhookWithOrg[]> {
  const ids = orgPath.split('/').filter(Boolean);
  const paths = ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
  if (paths.length === 0) return Promise.resolve([]);
  return hooksWithOrg(db).where('o.path', 'in', paths).where('w.disabled', '=', false).execute();
}

export async function insertHook(db: DbLike, row: WebhookRow): Promise<void> {
  await db.insertInto('webhooks').values(row).execute();
}

export async function updateHook(db: DbLike, id: string, patch: Partial<Omit<WebhookRow, 'id' | 'createdAt' | 'createdBy'>>): Promise<void> {
  await db.updateTable('webhooks').set(patch).where('id', '=', id).execute();
}

/** A hook and its delivery record go together (the record's rows reference the hook). */
export async function deleteHook(db: DbLike, id: string): Promise<void> {
  await db.deleteFrom('webhookDeliveries').where('webhookId', '=', id).execute();
  await db.deleteFrom('webhooks').where('id', '=', id).execute();
}

export async function insertDeliveries(db: DbLike, rows: DeliveryRow[]): Promise<void> {
  if (rows.length) await db.insertInto('webhookDeliveries').values(rows).execute();
}

export interface DeliveryFilter {
  status?: string;
  before?: string; // id: pages go back in time
  limit: number;
}

export function listDeliveries(db: DbLike, webhookId: string, f: DeliveryFilter): Promise<DeliveryRow[]> {
  let q = db.selectFrom('webhookDeliveries').selectAll().where('webhookId', '=', webhookId).orderBy('id', 'desc').limit(f.limit);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.before) q = q.where('id', '<', f.before);
  return q.execute();
}

/** A delivery whose hook's unit is in scope. */
export function findDelivery(db: DbLike, scope: Scope, id: string): Promise<(DeliveryRow & { unitPath: string }) | undefined> {
  return db
    .selectFrom('webhookDeliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhookId')
    .innerJoin('orgUnits as o', 'o.id', 'w.orgUnitId')
    .selectAll('d')
    .select('o.path as unitPath')
    .where('d.id', '=', id)
    .where((eb) => inScope(eb, 'o.path', scope))
    .executeTakeFirst();
}

/** Unscoped: the sender reads a delivery it has claimed. */
export function findDeliveryById(db: DbLike, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhookDeliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Claims up to `limit` deliveries due at `now` and not held by a sender, oldest due first, in one statement: the
 * ids that are now held until `leaseUntil`. The conditions are checked again on each row as it is updated, so of
 * two senders (instances) racing for a row only one gets it.
 */
export async function claimDue(db: DbLike, now: number, leaseUntil: number, limit: number): Promise<string[]> {
  const free = (eb: ExpressionBuilder<Tables, 'webhookDeliveries'>) =>
    eb.and([eb('status', 'in', DUE), eb('nextAt', '<=', now), eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<', now)])]);
  // Looked for first: an idle poll must not take SQLite's write lock from the check-in writer.
  if (!(await db.selectFrom('webhookDeliveries').select('id').where(free).limit(1).executeTakeFirst())) return [];
  const rows = await db
    .updateTable('webhookDeliveries')
    .set({ leaseUntil })
    .where('id', 'in', (eb) => eb.selectFrom('webhookDeliveries').select('id').where(free).orderBy('nextAt').limit(limit))
    .where(free)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Claims one delivery (see claimDue): false when it is not due or another sender holds it. */
export async function claimDelivery(db: DbLike, id: string, now: number, leaseUntil: number): Promise<boolean> {
  const result = await db
    .updateTable('webhookDeliveries')
    .set({ leaseUntil })
    .where('id', '=', id)
    .where('status', 'in', DUE)
    .where('nextAt', '<=', now)
    .where((eb) => eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records an attempt's outcome, only while the claim is still ours (an expired claim may be another's now).
 * `sent: false` when nothing went out (the hook was disabled meanwhile), or a robot refused it for its rate limit:
 * the attempts count what was sent and judged.
 */
export async function finishAttempt(
  db: DbLike,
  id: string,
  lease: number,
  change: Pick<DeliveryRow, 'status' | 'nextAt' | 'lastStatus' | 'lastError' | 'updatedAt' | 'sentAt'>,
  sent = true,
): Promise<boolean> {
  const result = await db
    .updateTable('webhookDeliveries')
    .set({ ...change, attempts: sent ? sql<number>`attempts + 1` : sql<number>`attempts`, leaseUntil: null })
    .where('id', '=', id)
    .where('leaseUntil', '=', lease)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a claim back unchanged (the process is shutting down mid-request): another sender takes it up. */
export async function releaseClaim(db: DbLike, id: string, lease: number): Promise<void> {
  await db.updateTable('webhookDeliveries').set({ leaseUntil: null }).where('id', '=', id).where('leaseUntil', '=', lease).execute();
}

/** Makes a failed (or waiting) delivery due now, unless a sender holds it. */
export async function requeueDelivery(db: DbLike, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('webhookDeliveries')
    .set({ status: 'pending', nextAt: now, updatedAt: now })
    .where('id', '=', id)
    .where('status', 'in', ['failed', 'retrying'])
    .where((eb) => eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Unscoped: the hook (and its kind) of each claimed delivery, so the sender can gather a robot's into one message. */
export function claimedWithKind(db: DbLike, ids: string[]): Promise<Array<{ id: string; webhookId: string; kind: string | null }>> {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('webhookDeliveries as d')
    .leftJoin('webhooks as w', 'w.id', 'd.webhookId')
    .select(['d.id', 'd.webhookId', 'w.kind'])
    .where('d.id', 'in', ids)
    .execute();
}

/** Claims up to `limit` more due deliveries of one hook (see claimDue): they join the digest being sent. */
export async function claimDueForHook(db: DbLike, webhookId: string, now: number, leaseUntil: number, limit: number): Promise<string[]> {
  if (limit <= 0) return [];
  const free = (eb: ExpressionBuilder<Tables, 'webhookDeliveries'>) =>
    eb.and([eb('webhookId', '=', webhookId), eb('status', 'in', DUE), eb('nextAt', '<=', now), eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<', now)])]);
  if (!(await db.selectFrom('webhookDeliveries').select('id').where(free).limit(1).executeTakeFirst())) return [];
  const rows = await db
    .updateTable('webhookDeliveries')
    .set({ leaseUntil })
    .where('id', 'in', (eb) => eb.selectFrom('webhookDeliveries').select('id').where(free).orderBy('nextAt').limit(limit))
    .where(free)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Gives claims back to be due at `nextAt` (their robot may not send before then): no attempt is counted. */
export async function deferClaims(db: DbLike, ids: string[], lease: number, nextAt: number): Promise<void> {
  if (!ids.length) return;
  await db.updateTable('webhookDeliveries').set({ nextAt, leaseUntil: null }).where('id', 'in', ids).where('leaseUntil', '=', lease).execute();
}
