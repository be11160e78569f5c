// What services are given: the database (or a transaction of it) and the cross-cutting parts.
import type { Config } from '../config.ts';
import type { DbLike, Dialect } from '../db/database.ts';
import type { Clock } from './clock.ts';
import type { BlindIndex, FieldCipher } from './crypto.ts';
import type { EventBus } from './events.ts';
import type { Scope } from './scope.ts';

export interface Ctx {
  db: DbLike;
  dialect: Dialect;
  clock: Clock;
  cipher: FieldCipher;
  blindIndex: BlindIndex;
  sessionKey: Buffer;
  config: Config;
  events: EventBus;
}

/** Runs fn in a transaction, or in the caller's transaction when ctx already carries one. */
export function inTransaction<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}

export type Role = 'admin' | 'commander' | 'analyst' | 'officer' | 'grid_worker';
export const ROLES: readonly Role[] = ['admin', 'commander', 'analyst', 'officer', 'grid_worker'];

/** Who is acting: a logged-in user, an API token's user, or the operator at the CLI. */
export interface Actor {
  userId: string | null;
  username: string;
  role: Role;
  scope: Scope;
  ip: string | null;
  /** org path written on audit entries about the actor themselves (logins) */
  homePath: string | null;
}
