// Refusals that look like attacks leave an audit entry: forged, altered, expired or replaced tokens (site QR codes,
// observation links, personal passes), unknown sessions and API tokens, CSRF failures, another scope's records asked
// for by id, and rate limits. Audited here, at the edge, because only the request knows the client address, and
// because the refusing code (token checks, scope filters) is pure or shared by reads that must not write.
//
// Anonymous callers can send refusals as fast as the network allows, and every audit entry is a row and a step of
// the hash chain (src/core/audit-chain.ts): so entries are throttled to at most one per minute per caller (the user,
// or else the client address) and kind, each carrying `count`, the refusals of that kind from that caller since its
// previous entry, this one included. The throttle is per instance (N instances write at most N entries a minute) and
// forgets the quietest callers past MAX_CALLERS, dropping their pending counts: a bounded memory beats exact counts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit } from '../core/audit.ts';
import { DomainError } from '../core/errors.ts';

const WINDOW_MS = 60_000;
const MAX_CALLERS = 10_000;

type Kind = 'site_token' | 'observation_link' | 'pass' | 'session' | 'api_token' | 'csrf' | 'forbidden' | 'not_found' | 'rate_limit';

const TOKEN_KINDS: Record<string, Kind> = {
  'site.token_invalid': 'site_token',
  'site.token_expired': 'site_token',
  'site.token_rotated': 'site_token',
  'observation.token_invalid': 'observation_link',
  'observation.token_expired': 'observation_link',
  'observation.token_rotated': 'observation_link',
  'pass.invalid': 'pass',
  'pass.expired': 'pass',
  'auth.session_expired': 'session',
  'auth.csrf': 'csrf',
};

/** The audit action of each kind: a credential-like token refused, or a record or rate refused. */
const ACTION = (kind: Kind) => (['forbidden', 'not_found', 'rate_limit'].includes(kind) ? 'security.access_refused' : 'security.token_refused');

/** Which refusal this error is, or null for ordinary ones (bad input, conflicts, a login: auth/service.ts audits those). */
export function refusalKind(request: FastifyRequest, err: unknown): Kind | null {
  const code = err instanceof DomainError ? err.code : undefined;
  const status = err instanceof DomainError ? undefined : (err as { statusCode?: number }).statusCode;
  if (code && TOKEN_KINDS[code]) return TOKEN_KINDS[code];
  if (code === 'request.rate_limited' || status === 429) return 'rate_limit';
  if (code === 'auth.required' && request.headers.authorization) return 'api_token';
  if (!(err instanceof DomainError) || !request.principal) return null;
  if (err.kind === 'forbidden') return 'forbidden';
  // a record asked for by id (or by a pass) and not found in the caller's scope: how other counties' ids are guessed
  const params = request.params as Record<string, unknown> | undefined;
  const byToken = typeof (request.body as { token?: unknown } | undefined)?.token === 'string';
  if (err.kind === 'not_found' && (params?.id !== undefined || params?.code !== undefined || byToken)) return 'not_found';
  return null;
}

export class RefusalThrottle {
  private readonly callers = new Map<string, { recordedAt: number; pending: number }>();

  /** The count to record now (refusals since the caller's previous entry), or null while within its minute. */
  hit(key: string, now: number): number | null {
    const c = this.callers.get(key);
    if (c && now - c.recordedAt < WINDOW_MS) {
      c.pending++;
      return null;
    }
    if (this.callers.size >= MAX_CALLERS && !c) this.forget(now);
    this.callers.set(key, { recordedAt: now, pending: 0 });
    return (c?.pending ?? 0) + 1;
  }

  private forget(now: number): void {
    for (const [key, c] of this.callers) if (now - c.recordedAt >= WINDOW_MS) this.callers.delete(key);
    // all within their minute: drop the oldest half (a Map iterates in insertion order)
    if (this.callers.size >= MAX_CALLERS) for (const key of [...this.callers.keys()].slice(0, MAX_CALLERS / 2)) this.callers.delete(key);
  }
}

export function registerRefusalAudit(app: FastifyInstance): void {
  const throttle = new RefusalThrottle();
  app.addHook('onError', async (request, _reply, err) => {
    const kind = refusalKind(request, err);
    if (!kind) return;
    const p = request.principal;
    const count = throttle.hit(`${p ? `u:${p.userId}` : `a:${request.ip}`}|${kind}`, app.ctx.clock.now());
    if (count === null) return;
    try {
      await recordAudit(app.ctx, p ?? { userId: null, username: 'anonymous', ip: request.ip }, {
        action: ACTION(kind),
        orgPath: p?.homePath ?? null,
        detail: { kind, code: err instanceof DomainError ? err.code : `http.${(err as { statusCode?: number }).statusCode}`, method: request.method, route: request.routeOptions.url ?? null, count },
      });
    } catch (e) {
      // the refusal is answered whatever happens to its audit entry (the database may be what failed)
      request.log.warn({ err: e }, 'refusal not audited');
    }
  });
}
