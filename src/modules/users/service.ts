// Accounts: administrators manage the users of their subtree; passwords, phones and scopes are checked here.
import { runExclusive } from '../../core/job-lock.ts';
import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, ROLES, type Actor, type Ctx, type Role } from '../../core/context.ts';
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { maskPhone } from '../../core/masking.ts';
import { checkPasswordStrength, hashPassword } from '../../core/password.ts';
import { revealField } from '../../core/reveal.ts';
import { commonPath, pathInScope } from '../../core/scope.ts';
import { createOrgUnit, getOrgUnit, listOrgUnits as listOrgRoots, requireAdmin, resolveOrgCodes } from '../org/service.ts';
import * as store from './store.ts';
import type { ScopeUnit, UserRow } from './store.ts';

export const PHONE_CONTEXT = 'user.phone';
const USERNAME = /^[A-Za-z0-9._-]{3,32}$/;
const PHONE = /^1[3-9]\d{9}$/;

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopes: { id: string; code: string; name: string; level: string }[];
  phoneMasked: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Scopes outside the caller's own are left out: a shared user must not reveal the other subtree. */
function toView(ctx: Ctx, u: UserRow, scopes: ScopeUnit[], viewer?: Actor): UserView {
  const shown = viewer ? scopes.filter((s) => pathInScope(viewer.scope, s.path)) : scopes;
  const lockedUntil = u.lockedUntil !== null && u.lockedUntil > ctx.clock.now() ? u.lockedUntil : null;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    scopes: shown.map(({ id, code, name, level }) => ({ id, code, name, level })),
    phoneMasked: u.phoneEnc ? maskPhone(ctx.cipher.decrypt(PHONE_CONTEXT, u.phoneEnc)) : null,
    disabled: u.disabled,
    lockedUntil: iso(lockedUntil),
    lastLoginAt: iso(u.lastLoginAt),
    createdAt: iso(u.createdAt)!,
  };
}

function checkRole(role: string): asserts role is Role {
  if (!(ROLES as readonly string[]).includes(role)) throw invalid('validation.enum', { field: 'role', allowed: ROLES.join(', ') }, 'role');
}

function normalizePhone(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (!PHONE.test(digits)) throw invalid('validation.format', { field: 'phone' }, 'phone');
  return digits;
}

/** A user the caller may change: every one of the user's scopes lies inside the caller's scope. */
async function getManageable(ctx: Ctx, actor: Actor, id: string): Promise<{ user: UserRow; scopes: ScopeUnit[] }> {
  requireAdmin(actor);
  const user = await store.findVisibleUser(ctx.db, actor.scope, id);
  if (!user) throw notFound('user.not_found');
  const scopes = (await store.scopesOf(ctx.db, [id])).get(id)!;
  if (!scopes.every((s) => pathInScope(actor.scope, s.path))) throw forbidden('auth.out_of_scope');
  return { user, scopes };
}

export async function listUsers(ctx: Ctx, actor: Actor, f: store.UserFilter): Promise<{ items: UserView[]; total: number }> {
  requireAdmin(actor);
  if (f.orgId) await getOrgUnit(ctx, actor, f.orgId); // not found when outside the caller's scope
  const { rows, total } = await store.listUsers(ctx.db, actor.scope, f);
  const scopes = await store.scopesOf(ctx.db, rows.map((r) => r.id));
  return { items: rows.map((r) => toView(ctx, r, scopes.get(r.id)!, actor)), total };
}

export async function getUser(ctx: Ctx, actor: Actor, id: string): Promise<UserView> {
  requireAdmin(actor);
  const user = await store.findVisibleUser(ctx.db, actor.scope, id);
  if (!user) throw notFound('user.not_found');
  return toView(ctx, user, (await store.scopesOf(ctx.db, [id])).get(id)!, actor);
}

export interface NewUser {
  username: string;
  displayName: string;
  role: string;
  orgCodes: string[];
  password: string;
  phone?: string;
}

export async function createUser(ctx: Ctx, actor: Actor, input: NewUser): Promise<UserView> {
  requireAdmin(actor);
  if (!USERNAME.test(input.username)) throw invalid('user.invalid_username', {}, 'username');
  checkRole(input.role);
  if (input.orgCodes.length === 0) throw invalid('user.no_scope', {}, 'orgCodes');
  checkPasswordStrength(input.password, input.username);
  const phone = input.phone ? normalizePhone(input.phone) : null;
  const displayName = input.displayName.trim() || input.username;
  const passwordHash = await hashPassword(input.password, ctx.config.passwordHashing);
  return inTransaction(ctx, async (tx) => {
    const units = await resolveOrgCodes(tx, actor, input.orgCodes);
    if (await store.findByUsername(tx.db, input.username)) throw conflict('user.duplicate_username', { username: input.username }, 'username');
    const now = tx.clock.now();
    const row: UserRow = {
      id: newId(now),
      username: input.username,
      displayName,
      role: input.role,
      passwordHash,
      phoneEnc: phone ? tx.cipher.encrypt(PHONE_CONTEXT, phone) : null,
      phoneBidx: phone ? tx.blindIndex.of('phone', phone) : null,
      disabled: false,
      failedCount: 0,
      firstFailedAt: null,
      lockedUntil: null,
      totpSecretEnc: null,
      totpEnabled: false,
      totpLastStep: null,
      lastLoginAt: null,
      sessionsRevokedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await store.insertUser(tx.db, row);
    await store.setScopes(tx.db, row.id, units.map((u) => u.id));
    await recordAudit(tx, actor, {
      action: 'user.create',
      targetType: 'user',
      targetId: row.id,
      orgPath: commonPath(units.map((u) => u.path)),
      detail: { username: row.username, role: row.role, orgCodes: units.map((u) => u.code) },
    });
    return toView(tx, row, units, actor);
  });
}

export interface UserPatch {
  displayName?: string;
  role?: string;
  orgCodes?: string[];
  disabled?: boolean;
  password?: string;
  phone?: string | null;
}

export async function updateUser(ctx: Ctx, actor: Actor, id: string, patch: UserPatch): Promise<UserView> {
  if (patch.role !== undefined) checkRole(patch.role);
  if (patch.orgCodes !== undefined && patch.orgCodes.length === 0) throw invalid('user.no_scope', {}, 'orgCodes');
  const phone = patch.phone ? normalizePhone(patch.phone) : patch.phone;
  return inTransaction(ctx, async (tx) => {
    const { user, scopes } = await getManageable(tx, actor, id);
    if (id === actor.userId && ((patch.role !== undefined && patch.role !== user.role) || patch.disabled)) {
      throw forbidden('user.cannot_change_self');
    }
    if (patch.password !== undefined) checkPasswordStrength(patch.password, user.username);
    const now = tx.clock.now();
    const changes: Partial<UserRow> = { updatedAt: now };
    if (patch.displayName !== undefined) changes.displayName = patch.displayName.trim() || user.username;
    if (patch.role !== undefined) changes.role = patch.role;
    if (patch.disabled !== undefined) changes.disabled = patch.disabled;
    if (patch.password !== undefined) changes.passwordHash = await hashPassword(patch.password, tx.config.passwordHashing);
    if (phone !== undefined) {
      changes.phoneEnc = phone ? tx.cipher.encrypt(PHONE_CONTEXT, phone) : null;
      changes.phoneBidx = phone ? tx.blindIndex.of('phone', phone) : null;
    }
    // Anything that changes what the account may do ends its open sessions.
    if (patch.disabled || patch.password !== undefined || patch.role !== undefined || patch.orgCodes !== undefined) {
      changes.sessionsRevokedAt = now;
    }
    let units = scopes;
    if (patch.orgCodes !== undefined) {
      const resolved = await resolveOrgCodes(tx, actor, patch.orgCodes);
      await store.setScopes(tx.db, id, resolved.map((u) => u.id));
      units = resolved;
    }
    await store.updateUser(tx.db, id, changes);
    await recordAudit(tx, actor, {
      action: 'user.update',
      targetType: 'user',
      targetId: id,
      orgPath: commonPath(units.map((u) => u.path)),
      detail: {
        username: user.username,
        ...(patch.role !== undefined && { role: patch.role }),
        ...(patch.disabled !== undefined && { disabled: patch.disabled }),
        ...(patch.orgCodes !== undefined && { orgCodes: units.map((u) => u.code) }),
        ...(patch.password !== undefined && { password: 'changed' }),
        ...(phone !== undefined && { phone: 'changed' }),
        ...(patch.displayName !== undefined && { displayName: changes.displayName }),
      },
    });
    return toView(tx, { ...user, ...changes }, units, actor);
  });
}

export async function revokeSessions(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { user, scopes } = await getManageable(tx, actor, id);
    const now = tx.clock.now();
    await store.updateUser(tx.db, id, { sessionsRevokedAt: now, updatedAt: now });
    await recordAudit(tx, actor, { action: 'user.revoke_sessions', targetType: 'user', targetId: id, orgPath: commonPath(scopes.map((u) => u.path)), detail: { username: user.username } });
  });
}

export async function revealUserField(ctx: Ctx, actor: Actor, id: string, field: 'phone', purpose: string): Promise<string | null> {
  requireAdmin(actor);
  const user = await store.findVisibleUser(ctx.db, actor.scope, id);
  if (!user) throw notFound('user.not_found');
  const scopes = (await store.scopesOf(ctx.db, [id])).get(id)!;
  return revealField(ctx, actor, {
    field: `user.${field}`,
    ciphertext: user.phoneEnc,
    purpose,
    targetType: 'user',
    targetId: id,
    orgPath: commonPath(scopes.map((u) => u.path)),
  });
}

/**
 * First start: make sure the region's top unit and the administrator exist. Returns the generated password
 * when none was configured, for the caller to print once.
 */
export async function bootstrapAdministrator(
  ctx: Ctx,
  opts: { password?: string; regionCode: string; regionName: string },
): Promise<{ created: boolean; generatedPassword?: string }> {
  // Several instances may start at once on an empty database: one creates the administrator, the others skip.
  const r = await runExclusive(ctx, 'users.bootstrap', async () => {
    if ((await store.countUsers(ctx.db)) > 0) return { created: false };
    const operator: Actor = { userId: null, username: 'system', role: 'admin', scope: { paths: ['/'] }, ip: null, homePath: null };
    const password = opts.password ?? generatePassword();
    await inTransaction(ctx, async (tx) => {
      const [existing] = await listOrgRoots(tx, operator);
      const root = existing ?? (await createOrgUnit(tx, operator, { code: opts.regionCode, name: opts.regionName, level: 'region', parentId: null }));
      await createUser(tx, operator, { username: 'admin', displayName: 'Administrator', role: 'admin', orgCodes: [root.code], password });
    });
    return { created: true, generatedPassword: opts.password ? undefined : password };
  });
  return r.ran ? r.value : { created: false };
}

function generatePassword(): string {
  // 16 characters from an alphabet without look-alikes, with at least one letter and one digit.
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  for (;;) {
    const bytes = randomBytes(16);
    const pw = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
    if (/\d/.test(pw) && /[a-zA-Z]/.test(pw)) return pw;
  }
}
