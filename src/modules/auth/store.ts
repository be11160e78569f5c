// SQL for sessions and API tokens. Only keyed hashes of the secrets are stored.
import type { Selectable } from 'kysely';
import type { DbLike } from '../../db/database.ts';
import type { ApiTokenTable, SessionTable } from '../../db/tables.ts';

export type SessionRow = Selectable<SessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;

export async function insertSession(db: DbLike, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSession(db: DbLike, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: DbLike, id: string, at: number): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt: at }).where('id', '=', id).execute();
}

export async function revokeSession(db: DbLike, id: string, at: number): Promise<void> {
  await db.updateTable('sessions').set({ revokedAt: at }).where('id', '=', id).where('revokedAt', 'is', null).execute();
}

/** Sessions past their absolute lifetime are of no use to anyone: removed on login, keeping the table small. */
export async function deleteExpiredSessions(db: DbLike, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expiresAt', '<', now).execute();
}

export async function insertToken(db: DbLike, row: ApiTokenRow): Promise<void> {
  await db.insertInto('apiTokens').values(row).execute();
}

export async function findTokenByHash(db: DbLike, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('apiTokens').selectAll().where('tokenHash', '=', tokenHash).where('revokedAt', 'is', null).executeTakeFirst();
}

export async function listTokens(db: DbLike, userId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('apiTokens').selectAll().where('userId', '=', userId).where('revokedAt', 'is', null).orderBy('createdAt', 'desc').execute();
}

export async function revokeToken(db: DbLike, userId: string, id: string, at: number): Promise<boolean> {
  const r = await db.updateTable('apiTokens').set({ revokedAt: at }).where('id', '=', id).where('userId', '=', userId).where('revokedAt', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function touchToken(db: DbLike, id: string, at: number): Promise<void> {
  await db.updateTable('apiTokens').set({ lastUsedAt: at }).where('id', '=', id).execute();
}
