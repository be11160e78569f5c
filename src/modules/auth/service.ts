// Logging in and out, sessions (idle and absolute timeouts, revocable), API tokens, lockout and TOTP.
import { recordAudit, type AuditActor } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx, type Role } from '../../core/context.ts';
import { hmac, randomToken } from '../../core/crypto.ts';
import { forbidden, locked, notFound, unauthenticated } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { dummyPasswordHash, verifyPassword } from '../../core/password.ts';
import { commonPath, normalizeScope } from '../../core/scope.ts';
import { verifyTotp } from '../../core/totp.ts';
import * as users from '../users/login-state.ts';
import * as store from './store.ts';

export interface Principal extends Actor {
  userId: string;
  displayName: string;
  scopeUnits: users.ScopeUnit[];
  totpEnabled: boolean;
  via: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
  ip: string | null;
  userAgent: string | null;
}

const TOKEN_PREFIX = 'tgt_';

function sessionIdOf(ctx: Ctx, cookieValue: string): string {
  return hmac(ctx.sessionKey, `session:${cookieValue}`);
}

function tokenHashOf(ctx: Ctx, token: string): string {
  return hmac(ctx.sessionKey, `api-token:${token}`);
}

async function principalFor(
  ctx: Ctx,
  user: users.UserRow,
  ip: string | null,
  via: Principal['via'],
  session: store.SessionRow | null,
  knownScopes?: users.ScopeUnit[],
): Promise<Principal> {
  const scopeUnits = knownScopes ?? (await users.scopeUnitsOf(ctx, user.id));
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role as Role,
    scope: normalizeScope(scopeUnits.map((u) => u.path)),
    scopeUnits,
    ip,
    homePath: commonPath(scopeUnits.map((u) => u.path)),
    totpEnabled: user.totpEnabled,
    via,
    sessionId: session?.id ?? null,
    csrfToken: session?.csrfToken ?? null,
  };
}

/** Every outcome is audited; a locked or unknown account costs the same time as a wrong password. */
export async function login(ctx: Ctx, input: LoginInput): Promise<{ sessionToken: string; principal: Principal }> {
  const user = await users.findUserByUsername(ctx, input.username);
  const actor: AuditActor = { userId: user?.id ?? null, username: input.username, ip: input.ip };
  const scopes = user ? await users.scopeUnitsOf(ctx, user.id) : [];
  const audit = (action: string, detail?: Record<string, unknown>) =>
    recordAudit(ctx, actor, { action, targetType: 'user', targetId: user?.id ?? null, orgPath: commonPath(scopes.map((u) => u.path)), detail });
  const now = ctx.clock.now();

  if (!user) {
    await verifyPassword(await dummyPasswordHash(ctx.config.passwordHashing), input.password);
    await audit('auth.login_failed', { reason: 'unknown_user' });
    throw unauthenticated('auth.invalid_credentials');
  }
  if (user.lockedUntil !== null && user.lockedUntil > now) {
    await audit('auth.login_refused', { reason: 'locked' });
    throw locked('auth.locked', { minutes: Math.ceil((user.lockedUntil - now) / 60_000) });
  }
  const passwordOk = await verifyPassword(user.passwordHash, input.password);
  if (passwordOk && user.totpEnabled && !input.totp) throw unauthenticated('auth.totp_required', {}, 'totp');
  const totpStep = user.totpEnabled ? verifyTotp(users.totpSecretOf(ctx, user)!, input.totp ?? '', now, user.totpLastStep) : null;
  const totpOk = !user.totpEnabled || totpStep !== null;
  if (!passwordOk || !totpOk) {
    const { lockedUntil } = await inTransaction(ctx, async (tx) => {
      const r = await users.recordLoginFailure(tx, user);
      await recordAudit(tx, actor, {
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: user.id,
        orgPath: commonPath(scopes.map((u) => u.path)),
        detail: { reason: passwordOk ? 'totp' : 'password', ...(r.lockedUntil && { locked: true }) },
      });
      return r;
    });
    if (lockedUntil) throw locked('auth.locked', { minutes: ctx.config.lockout.lockMinutes });
    throw unauthenticated(passwordOk ? 'auth.totp_invalid' : 'auth.invalid_credentials');
  }
  if (user.disabled) {
    await audit('auth.login_refused', { reason: 'disabled' });
    throw forbidden('auth.disabled');
  }
  const sessionToken = randomToken();
  const session: store.SessionRow = {
    id: sessionIdOf(ctx, sessionToken),
    userId: user.id,
    csrfToken: randomToken(24),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + ctx.config.session.absoluteHours * 3_600_000,
    revokedAt: null,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  };
  await inTransaction(ctx, async (tx) => {
    await store.deleteExpiredSessions(tx.db, now);
    await store.insertSession(tx.db, session);
    await users.recordLoginSuccess(tx, user, totpStep);
    await recordAudit(tx, actor, { action: 'auth.login', targetType: 'user', targetId: user.id, orgPath: commonPath(scopes.map((u) => u.path)) });
  });
  return { sessionToken, principal: await principalFor(ctx, user, input.ip, 'session', session) };
}

/** Resolves a session cookie; null when absent, expired (idle or absolute), revoked, or the user is disabled. */
export async function authenticateSession(ctx: Ctx, cookieValue: string, ip: string | null): Promise<Principal | null> {
  const session = await store.findSession(ctx.db, sessionIdOf(ctx, cookieValue));
  const now = ctx.clock.now();
  if (!session || session.revokedAt !== null || session.expiresAt <= now) return null;
  if (now - session.lastSeenAt > ctx.config.session.idleMinutes * 60_000) return null;
  // The user and their scopes in parallel: on PostgreSQL they take two pool connections instead of two round trips.
  const [user, scopes] = await Promise.all([users.findUserById(ctx, session.userId), users.scopeUnitsOf(ctx, session.userId)]);
  if (!user || user.disabled || (user.sessionsRevokedAt !== null && session.createdAt <= user.sessionsRevokedAt)) return null;
  // One write a minute at most: idle tracking need not cost a write per request.
  if (now - session.lastSeenAt > 60_000) await store.touchSession(ctx.db, session.id, now);
  return principalFor(ctx, user, ip, 'session', session, scopes);
}

export async function authenticateToken(ctx: Ctx, token: string, ip: string | null): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await store.findTokenByHash(ctx.db, tokenHashOf(ctx, token));
  if (!row) return null;
  const user = await users.findUserById(ctx, row.userId);
  if (!user || user.disabled) return null;
  const now = ctx.clock.now();
  if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) await store.touchToken(ctx.db, row.id, now);
  return principalFor(ctx, user, ip, 'token', null);
}

export async function logout(ctx: Ctx, principal: Principal): Promise<void> {
  if (!principal.sessionId) return;
  await inTransaction(ctx, async (tx) => {
    await store.revokeSession(tx.db, principal.sessionId!, tx.clock.now());
    await recordAudit(tx, principal, { action: 'auth.logout', targetType: 'user', targetId: principal.userId, orgPath: principal.homePath });
  });
}

export interface ApiTokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function createApiToken(ctx: Ctx, principal: Principal, name: string): Promise<{ token: string; info: ApiTokenView }> {
  const token = TOKEN_PREFIX + randomToken();
  const now = ctx.clock.now();
  const row: store.ApiTokenRow = { id: newId(now), userId: principal.userId, name: name.trim(), tokenHash: tokenHashOf(ctx, token), createdAt: now, lastUsedAt: null, revokedAt: null };
  await inTransaction(ctx, async (tx) => {
    await store.insertToken(tx.db, row);
    await recordAudit(tx, principal, { action: 'auth.token_create', targetType: 'api_token', targetId: row.id, orgPath: principal.homePath, detail: { name: row.name } });
  });
  return { token, info: { id: row.id, name: row.name, createdAt: new Date(now).toISOString(), lastUsedAt: null } };
}

export async function listApiTokens(ctx: Ctx, principal: Principal): Promise<ApiTokenView[]> {
  const rows = await store.listTokens(ctx.db, principal.userId);
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: new Date(r.createdAt).toISOString(), lastUsedAt: r.lastUsedAt === null ? null : new Date(r.lastUsedAt).toISOString() }));
}

export async function revokeApiToken(ctx: Ctx, principal: Principal, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    if (!(await store.revokeToken(tx.db, principal.userId, id, tx.clock.now()))) throw notFound('request.not_found', { method: 'DELETE', url: `token ${id}` });
    await recordAudit(tx, principal, { action: 'auth.token_revoke', targetType: 'api_token', targetId: id, orgPath: principal.homePath });
  });
}
