// Where an org unit's alerts go: WeCom or DingTalk group robots, or a generic JSON webhook. Administrators manage
// the hooks of the units in their scope (audited); administrators and commanders read them and their deliveries.
// A hook's address holds the robot's key and its secret signs: both are sealed at rest and never shown again,
// only the address's host.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { getOrgUnit, requireAdmin, resolveOrgCodes } from '../org/service.ts';
import { alertTitle, type Alert, type AlertEvent } from './alert.ts';
import { attemptDelivery, leaseMs, SECRET_CONTEXT, URL_CONTEXT } from './delivery.ts';
import type { WebhookKind } from './formats.ts';
import * as store from './store.ts';

export const DELIVERY_STATUSES = ['pending', 'retrying', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
const READERS = new Set(['admin', 'commander']);
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface WebhookView {
  id: string;
  name: string;
  kind: WebhookKind;
  orgUnit: { id: string; code: string; name: string };
  /** scheme and host only: the rest of the address is the robot's key */
  urlHint: string;
  hasSecret: boolean;
  events: AlertEvent[];
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryView {
  id: string;
  webhookId: string;
  event: AlertEvent | 'test';
  /** the check-in the alert is about */
  subjectId: string | null;
  summary: string;
  status: DeliveryStatus;
  attempts: number;
  nextAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const hint = (url: URL) => `${url.protocol}//${url.host}/…`;

function toView(ctx: Ctx, h: store.WebhookWithOrg): WebhookView {
  return {
    id: h.id,
    name: h.name,
    kind: h.kind as WebhookKind,
    orgUnit: { id: h.orgUnitId, code: h.orgCode, name: h.orgName },
    urlHint: hint(new URL(ctx.cipher.decrypt(URL_CONTEXT, h.urlEnc))),
    hasSecret: h.secretEnc !== null,
    events: JSON.parse(h.events) as AlertEvent[],
    disabled: h.disabled,
    createdAt: iso(h.createdAt)!,
    updatedAt: iso(h.updatedAt)!,
  };
}

export function toDeliveryView(d: store.DeliveryRow): DeliveryView {
  return {
    id: d.id,
    webhookId: d.webhookId,
    event: d.event as DeliveryView['event'],
    subjectId: d.subjectId,
    summary: alertTitle(JSON.parse(d.payload) as Alert),
    status: d.status as DeliveryStatus,
    attempts: d.attempts,
    nextAt: d.status === 'pending' || d.status === 'retrying' ? iso(d.nextAt) : null,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: iso(d.createdAt)!,
    updatedAt: iso(d.updatedAt)!,
    sentAt: iso(d.sentAt),
  };
}

function requireReader(actor: Actor): void {
  if (!READERS.has(actor.role)) throw forbidden('auth.forbidden');
}

/** https anywhere; http only to this machine (a local relay, the tests) or where the operator allows it. */
function checkUrl(ctx: Ctx, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid('webhook.invalid_url', {}, 'url');
  }
  const http = url.protocol === 'http:' && (LOOPBACK.has(url.hostname) || ctx.config.notifications.allowHttp);
  if ((url.protocol !== 'https:' && !http) || url.username || url.password || url.hash) throw invalid('webhook.invalid_url', {}, 'url');
  return url;
}

function checkSecret(kind: string, secret: string | null | undefined): string | null {
  const s = secret?.trim() || null;
  if (s && kind === 'wecom') throw invalid('webhook.secret_not_used', {}, 'secret');
  return s;
}

const checkName = (name: string) => {
  const n = name.trim();
  if (!n) throw invalid('validation.required', { field: 'name' }, 'name');
  return n;
};

async function getInScope(ctx: Ctx, actor: Actor, id: string): Promise<store.WebhookWithOrg> {
  const hook = await store.findHook(ctx.db, actor.scope, id);
  // Out of scope and absent look the same.
  if (!hook) throw notFound('webhook.not_found');
  return hook;
}

export async function listWebhooks(ctx: Ctx, actor: Actor): Promise<WebhookView[]> {
  requireReader(actor);
  return (await store.listHooks(ctx.db, actor.scope)).map((h) => toView(ctx, h));
}

export async function getWebhook(ctx: Ctx, actor: Actor, id: string): Promise<WebhookView> {
  requireReader(actor);
  return toView(ctx, await getInScope(ctx, actor, id));
}

export interface NewWebhook {
  orgCode?: string;
  orgId?: string;
  name: string;
  kind: WebhookKind;
  url: string;
  secret?: string | null;
  events: AlertEvent[];
}

export async function createWebhook(ctx: Ctx, actor: Actor, input: NewWebhook): Promise<WebhookView> {
  requireAdmin(actor);
  const name = checkName(input.name);
  const url = checkUrl(ctx, input.url);
  const secret = checkSecret(input.kind, input.secret);
  if (!input.orgCode && !input.orgId) throw invalid('validation.required', { field: 'orgCode' }, 'orgCode');
  return inTransaction(ctx, async (tx) => {
    const orgCode = input.orgCode ?? (await getOrgUnit(tx, actor, input.orgId!)).unit.code;
    const [unit] = await resolveOrgCodes(tx, actor, [orgCode]).catch((e: unknown) => {
      throw e instanceof DomainError ? new DomainError(e.code, e.kind, e.params, input.orgCode ? 'orgCode' : 'orgId') : e;
    });
    const now = tx.clock.now();
    const row: store.WebhookRow = {
      id: newId(now),
      orgUnitId: unit.id,
      orgPath: unit.path,
      name,
      kind: input.kind,
      urlEnc: tx.cipher.encrypt(URL_CONTEXT, url.toString()),
      secretEnc: secret ? tx.cipher.encrypt(SECRET_CONTEXT, secret) : null,
      events: JSON.stringify([...new Set(input.events)]),
      disabled: false,
      createdAt: now,
      updatedAt: now,
      createdBy: actor.userId,
    };
    await store.insertHook(tx.db, row);
    await recordAudit(tx, actor, {
      action: 'webhook.create', targetType: 'webhook', targetId: row.id, orgPath: unit.path,
      detail: { name, kind: row.kind, host: url.host, signed: secret !== null, events: JSON.parse(row.events) as string[], orgCode: unit.code },
    });
    return toView(tx, { ...row, orgCode: unit.code, orgName: unit.name, unitPath: unit.path });
  });
}

export interface WebhookPatch {
  name?: string;
  url?: string;
  /** null removes the secret */
  secret?: string | null;
  events?: AlertEvent[];
  disabled?: boolean;
}

export async function updateWebhook(ctx: Ctx, actor: Actor, id: string, patch: WebhookPatch): Promise<WebhookView> {
  requireAdmin(actor);
  const name = patch.name === undefined ? undefined : checkName(patch.name);
  const url = patch.url === undefined ? undefined : checkUrl(ctx, patch.url);
  return inTransaction(ctx, async (tx) => {
    const hook = await getInScope(tx, actor, id);
    const secret = patch.secret === undefined ? undefined : checkSecret(hook.kind, patch.secret);
    const changes: Partial<store.WebhookRow> = {
      updatedAt: tx.clock.now(),
      ...(name !== undefined && { name }),
      ...(url !== undefined && { urlEnc: tx.cipher.encrypt(URL_CONTEXT, url.toString()) }),
      ...(secret !== undefined && { secretEnc: secret === null ? null : tx.cipher.encrypt(SECRET_CONTEXT, secret) }),
      ...(patch.events !== undefined && { events: JSON.stringify([...new Set(patch.events)]) }),
      ...(patch.disabled !== undefined && { disabled: patch.disabled }),
    };
    await store.updateHook(tx.db, hook.id, changes);
    await recordAudit(tx, actor, {
      action: 'webhook.update', targetType: 'webhook', targetId: hook.id, orgPath: hook.unitPath,
      // Which parts changed; never the address or the secret themselves.
      detail: {
        name: name ?? hook.name,
        ...(url !== undefined && { host: url.host }),
        ...(secret !== undefined && { secret: secret === null ? 'removed' : 'replaced' }),
        ...(patch.events !== undefined && { events: patch.events }),
        ...(patch.disabled !== undefined && { disabled: patch.disabled }),
      },
    });
    return toView(tx, { ...hook, ...changes });
  });
}

/** Removes a hook with its delivery record (disable it instead to keep the record). */
export async function deleteWebhook(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  requireAdmin(actor);
  await inTransaction(ctx, async (tx) => {
    const hook = await getInScope(tx, actor, id);
    await store.deleteHook(tx.db, hook.id);
    await recordAudit(tx, actor, { action: 'webhook.delete', targetType: 'webhook', targetId: hook.id, orgPath: hook.unitPath, detail: { name: hook.name, kind: hook.kind } });
  });
}

/**
 * Sends a test message now, once, and answers with its delivery: the administrator sees at once whether the robot
 * took it. Also for a disabled hook, to try it before enabling it.
 */
export async function sendTestMessage(ctx: Ctx, actor: Actor, id: string): Promise<DeliveryView> {
  requireAdmin(actor);
  const hook = await getInScope(ctx, actor, id);
  const now = ctx.clock.now();
  const alert: Alert = { event: 'test', at: new Date(now).toISOString(), site: null, checkin: null, link: `${ctx.config.publicUrl}/console/notifications` };
  // Claimed from the start: the background sender leaves it to this request.
  const lease = now + leaseMs(ctx.config.notifications);
  const row: store.DeliveryRow = {
    id: newId(now), webhookId: hook.id, orgPath: hook.unitPath, event: 'test', subjectId: null, payload: JSON.stringify(alert), status: 'pending',
    attempts: 0, nextAt: now, leaseUntil: lease, lastStatus: null, lastError: null, createdAt: now, updatedAt: now, sentAt: null,
  };
  await inTransaction(ctx, async (tx) => {
    await store.insertDeliveries(tx.db, [row]);
    await recordAudit(tx, actor, { action: 'webhook.test', targetType: 'webhook', targetId: hook.id, orgPath: hook.unitPath, detail: { name: hook.name, delivery: row.id } });
  });
  await attemptDelivery(ctx, row.id, lease, { retry: false });
  return toDeliveryView((await store.findDeliveryById(ctx.db, row.id))!);
}

export async function listDeliveries(ctx: Ctx, actor: Actor, webhookId: string, f: store.DeliveryFilter): Promise<{ items: DeliveryView[]; nextBefore: string | null }> {
  requireReader(actor);
  const hook = await getInScope(ctx, actor, webhookId);
  const rows = await store.listDeliveries(ctx.db, hook.id, { ...f, limit: f.limit + 1 });
  const page = rows.slice(0, f.limit);
  return { items: page.map(toDeliveryView), nextBefore: rows.length > f.limit ? page[page.length - 1].id : null };
}

/** Sends a failed delivery again now (or a waiting one before its time); `wake` tells the sender. */
export async function retryDelivery(ctx: Ctx, actor: Actor, id: string, wake: () => void): Promise<DeliveryView> {
  requireAdmin(actor);
  const d = await store.findDelivery(ctx.db, actor.scope, id);
  if (!d) throw notFound('webhook.delivery_not_found');
  if (d.status === 'sent') throw conflict('webhook.delivery_not_retryable');
  await inTransaction(ctx, async (tx) => {
    // false while a sender holds it: it is being sent right now
    if (await store.requeueDelivery(tx.db, d.id, tx.clock.now())) {
      await recordAudit(tx, actor, { action: 'webhook.retry', targetType: 'webhook_delivery', targetId: d.id, orgPath: d.unitPath, detail: { webhookId: d.webhookId, attempts: d.attempts } });
    }
  });
  wake();
  return toDeliveryView((await store.findDeliveryById(ctx.db, d.id))!);
}
