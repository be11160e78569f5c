// Who is calling: a session cookie (console, officer app) or a bearer API token (integrations).
// Cookie-authenticated writes must carry the session's CSRF token; bearer tokens cannot be sent by a browser
// on its own, so they need none.
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEqual } from '../core/crypto.ts';
import { forbidden, unauthenticated } from '../core/errors.ts';
import type { Role } from '../core/context.ts';
import { authenticateSession, authenticateToken, type Principal } from '../modules/auth/service.ts';

export const SESSION_COOKIE = 'tg_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** no login needed (login itself, health checks, public pages) */
    public?: boolean;
    /** a public write that staff may also send for someone else (assisted registration), with their session */
    onBehalf?: boolean;
  }
}

export const authPlugin = fp(async (app) => {
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const ctx = app.ctx;
    const header = request.headers.authorization;
    const cookie = request.cookies[SESSION_COOKIE];
    if (header?.startsWith('Bearer ')) {
      request.principal = await authenticateToken(ctx, header.slice(7).trim(), request.ip);
      if (!request.principal) throw unauthenticated('auth.required');
      return;
    }
    if (cookie) {
      request.principal = await authenticateSession(ctx, cookie, request.ip);
      if (request.principal && UNSAFE.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !constantTimeEqual(sent, request.principal.csrfToken ?? '')) {
          // A public write (self-registration) from a browser that also holds a staff session, sent without the
          // token, stays anonymous: it must not act as that staff member, nor be refused. Sent with a token, it
          // claims to act as staff (assisted registration): a wrong token is refused, never made anonymous.
          if (request.routeOptions.config.public && (sent === undefined || !request.routeOptions.config.onBehalf)) request.principal = null;
          else throw forbidden('auth.csrf');
        }
      }
    }
    // A public write that claims a staff session (the CSRF header) whose session is gone is refused too: stored
    // anonymously, an officer's assisted registration would lose who entered it.
    const claimsStaff = request.routeOptions.config.onBehalf && UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== undefined;
    if (!request.principal && (!request.routeOptions.config.public || claimsStaff)) {
      throw unauthenticated(cookie ? 'auth.session_expired' : 'auth.required');
    }
  });
});

/** The caller, for routes that need one (the hook has already refused anonymous calls). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated('auth.required');
  return request.principal;
}

export function requireRole(request: FastifyRequest, ...roles: Role[]): Principal {
  const p = principalOf(request);
  if (!roles.includes(p.role)) throw forbidden('auth.forbidden');
  return p;
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure, maxAge: maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
