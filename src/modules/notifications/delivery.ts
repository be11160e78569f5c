// One attempt at one claimed delivery: open the hook's sealed address and secret, send with a time limit, record
// the outcome (sent; retrying with the next wait; failed after the last attempt). Never throws for the endpoint's
// faults: they are the delivery's record.
import type { Ctx } from '../../core/context.ts';
import type { NotificationsConfig } from '../../config.ts';
import type { Alert } from './alert.ts';
import { buildRequest, judgeResponse, type Outcome, type WebhookKind } from './formats.ts';
import * as store from './store.ts';

/** Cipher contexts: a sealed address copied into another column fails to open instead of leaking there. */
export const URL_CONTEXT = 'webhook.url';
export const SECRET_CONTEXT = 'webhook.secret';
const MAX_ANSWER_BYTES = 16 * 1024;

/** The wait before retry number `attempts` (1 = after the first failure); the last wait repeats. */
export function backoffAfter(cfg: Pick<NotificationsConfig, 'backoffMs'>, attempts: number): number {
  return cfg.backoffMs[Math.min(attempts, cfg.backoffMs.length) - 1];
}

/** How long a claim holds: the request's time limit and room to record the outcome. */
export const leaseMs = (cfg: NotificationsConfig) => cfg.timeoutMs + 30_000;

/** A robot's answer is a few bytes: more is not read, so an endpoint cannot make us buffer without end. */
async function readAnswer(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

/** Network errors by their code only: messages may hold the address, and the address holds the robot's key. */
function describeFailure(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; cause?: { code?: string; name?: string } };
  if (err?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  return `request failed: ${err?.cause?.code ?? err?.cause?.name ?? err?.name ?? 'unknown error'}`;
}

export interface AttemptOptions {
  /** false: one attempt only (the "send a test message" action answers with its result) */
  retry: boolean;
  /** aborted when the process shuts down: the claim is given back, the attempt not counted */
  signal?: AbortSignal;
  /** how the outcome is written (the sender batches them); at once when absent */
  record?: (id: string, lease: number, change: Parameters<typeof store.finishAttempt>[3], sent?: boolean) => Promise<boolean>;
}

export async function attemptDelivery(ctx: Ctx, deliveryId: string, lease: number, opts: AttemptOptions): Promise<void> {
  await attemptMessage(ctx, [deliveryId], lease, opts);
}

/**
 * One attempt at one message: a single delivery, or several claimed deliveries of one robot hook sent as a digest
 * (formats.ts); the outcome is recorded on each of them. A robot's "too fast" answer is retried after the robot's
 * pause and not counted as an attempt, so a burst never makes a delivery fail. Answers whether the robot said
 * "too fast" (the sender then waits before its next message to that hook).
 */
export async function attemptMessage(ctx: Ctx, deliveryIds: string[], lease: number, opts: AttemptOptions): Promise<{ tooFast: boolean }> {
  const cfg = ctx.config.notifications;
  const finish = opts.record ?? ((id, l, change, sent) => store.finishAttempt(ctx.db, id, l, change, sent));
  const found = await Promise.all(deliveryIds.map((id) => store.findDeliveryById(ctx.db, id)));
  const ds = found.filter((d) => d !== undefined); // deleted with their hook meanwhile
  if (!ds.length) return { tooFast: false };
  const hook = await store.findHookForSending(ctx.db, ds[0].webhookId);
  if (!hook || (hook.disabled && ds.some((d) => d.event !== 'test'))) {
    const now = ctx.clock.now();
    await Promise.all(ds.map((d) => finish(d.id, lease, { status: 'failed', nextAt: null, lastStatus: null, lastError: 'webhook disabled', updatedAt: now, sentAt: null }, false)));
    return { tooFast: false };
  }
  const endpoint = { url: ctx.cipher.decrypt(URL_CONTEXT, hook.urlEnc), secret: hook.secretEnc ? ctx.cipher.decrypt(SECRET_CONTEXT, hook.secretEnc) : null };
  const alerts = ds.map((d) => JSON.parse(d.payload) as Alert);
  const request = buildRequest(hook.kind as WebhookKind, endpoint, alerts.length === 1 ? alerts[0] : alerts, { deliveryId: ds[0].id, now: ctx.clock.now() });
  let status: number | null = null;
  let outcome: Outcome;
  try {
    const timeout = AbortSignal.timeout(cfg.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
    // Redirects are not followed: an alert goes to the address the administrator gave, nowhere else.
    const res = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal });
    status = res.status;
    outcome = judgeResponse(hook.kind as WebhookKind, res.status, await readAnswer(res));
  } catch (e) {
    if (opts.signal?.aborted) {
      await Promise.all(ds.map((d) => store.releaseClaim(ctx.db, d.id, lease)));
      return { tooFast: false };
    }
    outcome = { ok: false, error: describeFailure(e, cfg.timeoutMs) };
  }
  const now = ctx.clock.now();
  const last = { lastStatus: status, updatedAt: now };
  const tooFast = !outcome.ok && !!outcome.tooFast;
  await Promise.all(ds.map((d) => {
    const attempts = d.attempts + 1;
    if (outcome.ok) return finish(d.id, lease, { ...last, status: 'sent', nextAt: null, lastError: null, sentAt: now });
    if (tooFast && opts.retry) {
      return finish(d.id, lease, { ...last, status: 'retrying', nextAt: now + Math.max(cfg.robotIntervalMs, 1), lastError: outcome.error, sentAt: null }, false);
    }
    if (!opts.retry || attempts >= cfg.maxAttempts) return finish(d.id, lease, { ...last, status: 'failed', nextAt: null, lastError: outcome.error, sentAt: null });
    return finish(d.id, lease, { ...last, status: 'retrying', nextAt: now + backoffAfter(cfg, attempts), lastError: outcome.error, sentAt: null });
  }));
  return { tooFast };
}
