// What the auth module needs of an account: its login state (failures, lockout, TOTP) and its scopes.
// Part of the users service; auth reaches accounts only through these functions.
import type { Ctx } from '../../core/context.ts';
import * as store from './store.ts';
import type { ScopeUnit, UserRow } from './store.ts';

export type { ScopeUnit, UserRow };

export const TOTP_CONTEXT = 'user.totp_secret';

export function findUserByUsername(ctx: Ctx, username: string): Promise<UserRow | undefined> {
  return store.findByUsername(ctx.db, username);
}

export function findUserById(ctx: Ctx, id: string): Promise<UserRow | undefined> {
  return store.findById(ctx.db, id);
}

export async function scopeUnitsOf(ctx: Ctx, userId: string): Promise<ScopeUnit[]> {
  return (await store.scopesOf(ctx.db, [userId])).get(userId)!;
}

/** Counts a failure within the window; locks the account when the count reaches the limit. */
export async function recordLoginFailure(ctx: Ctx, user: UserRow): Promise<{ lockedUntil: number | null }> {
  const { maxFailures, windowMinutes, lockMinutes } = ctx.config.lockout;
  const now = ctx.clock.now();
  // Read again in the caller's transaction, the row locked on PostgreSQL: failures sent in parallel (to one instance
  // or several) each count, and none writes over a lock that another has just set.
  const state = (await store.failureStateForUpdate(ctx.db, ctx.dialect, user.id)) ?? user;
  if (state.lockedUntil !== null && state.lockedUntil > now) return { lockedUntil: state.lockedUntil };
  const inWindow = state.firstFailedAt !== null && now - state.firstFailedAt < windowMinutes * 60_000;
  const failedCount = inWindow ? state.failedCount + 1 : 1;
  const lockedUntil = failedCount >= maxFailures ? now + lockMinutes * 60_000 : null;
  await store.updateUser(ctx.db, user.id, {
    failedCount: lockedUntil ? 0 : failedCount,
    firstFailedAt: lockedUntil ? null : inWindow ? state.firstFailedAt : now,
    lockedUntil,
  });
  return { lockedUntil };
}

export async function recordLoginSuccess(ctx: Ctx, user: UserRow, totpStep: number | null): Promise<void> {
  await store.updateUser(ctx.db, user.id, {
    failedCount: 0,
    firstFailedAt: null,
    lockedUntil: null,
    lastLoginAt: ctx.clock.now(),
    ...(totpStep !== null && { totpLastStep: totpStep }),
  });
}

export async function recordTotpStep(ctx: Ctx, userId: string, step: number): Promise<void> {
  await store.updateUser(ctx.db, userId, { totpLastStep: step });
}

export async function storeTotpSecret(ctx: Ctx, userId: string, secret: string | null, enabled: boolean): Promise<void> {
  await store.updateUser(ctx.db, userId, {
    totpSecretEnc: secret === null ? null : ctx.cipher.encrypt(TOTP_CONTEXT, secret),
    totpEnabled: enabled,
    ...(secret === null && { totpLastStep: null }),
    updatedAt: ctx.clock.now(),
  });
}

export function totpSecretOf(ctx: Ctx, user: UserRow): string | null {
  return user.totpSecretEnc ? ctx.cipher.decrypt(TOTP_CONTEXT, user.totpSecretEnc) : null;
}
