// SQL for accounts. A user is visible to a caller when any of the user's scopes lies inside the caller's scope.
import type { Selectable } from 'kysely';
import type { DbLike, Dialect } from '../../db/database.ts';
import type { OrgUnitTable, UserTable } from '../../db/tables.ts';
import { inScope, type Scope } from '../../core/scope.ts';

export type UserRow = Selectable<UserTable>;
export type ScopeUnit = Pick<Selectable<OrgUnitTable>, 'id' | 'code' | 'name' | 'level' | 'path'>;

function visibleUsers(db: DbLike, scope: Scope) {
  return db.selectFrom('users as u').where(({ exists, selectFrom }) =>
    exists(
      selectFrom('userScopes as us')
        .innerJoin('orgUnits as o', 'o.id', 'us.orgUnitId')
        .select('us.userId')
        .whereRef('us.userId', '=', 'u.id')
        .where((eb) => inScope(eb, 'o.path', scope)),
    ),
  );
}

export interface UserFilter {
  orgId?: string;
  q?: string;
  limit: number;
  offset: number;
}

export async function listUsers(db: DbLike, scope: Scope, f: UserFilter): Promise<{ rows: UserRow[]; total: number }> {
  let base = visibleUsers(db, scope);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('u.username', 'like', like), eb('u.displayName', 'like', like)]));
  }
  if (f.orgId) {
    const orgId = f.orgId;
    base = base.where(({ exists, selectFrom }) =>
      exists(selectFrom('userScopes as s2').select('s2.userId').whereRef('s2.userId', '=', 'u.id').where('s2.orgUnitId', '=', orgId)),
    );
  }
  const [rows, count] = await Promise.all([
    base.selectAll('u').orderBy('u.username').limit(f.limit).offset(f.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findVisibleUser(db: DbLike, scope: Scope, id: string): Promise<UserRow | undefined> {
  return visibleUsers(db, scope).selectAll('u').where('u.id', '=', id).executeTakeFirst();
}

/** Unscoped: only for logging in and for uniqueness checks. */
export async function findByUsername(db: DbLike, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Unscoped: only for resolving an authenticated session or token to its own user. */
export async function findById(db: DbLike, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function scopesOf(db: DbLike, userIds: string[]): Promise<Map<string, ScopeUnit[]>> {
  const map = new Map<string, ScopeUnit[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('userScopes as us')
    .innerJoin('orgUnits as o', 'o.id', 'us.orgUnitId')
    .select(['us.userId', 'o.id', 'o.code', 'o.name', 'o.level', 'o.path'])
    .where('us.userId', 'in', userIds)
    .orderBy('o.code')
    .execute();
  for (const r of rows) map.get(r.userId)!.push({ id: r.id, code: r.code, name: r.name, level: r.level, path: r.path });
  return map;
}

export async function insertUser(db: DbLike, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/** An account's login failures as they are now, the row locked (PostgreSQL) until the caller's transaction ends. */
export async function failureStateForUpdate(db: DbLike, dialect: Dialect, id: string): Promise<Pick<UserRow, 'failedCount' | 'firstFailedAt' | 'lockedUntil'> | undefined> {
  return db
    .selectFrom('users')
    .select(['failedCount', 'firstFailedAt', 'lockedUntil'])
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function updateUser(db: DbLike, id: string, patch: Partial<Omit<UserRow, 'id'>>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function setScopes(db: DbLike, userId: string, orgUnitIds: string[]): Promise<void> {
  await db.deleteFrom('userScopes').where('userId', '=', userId).execute();
  await db.insertInto('userScopes').values(orgUnitIds.map((orgUnitId) => ({ userId, orgUnitId }))).execute();
}

export async function countUsers(db: DbLike): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
