// Work that must not run in two instances at once, and scheduled work that must run once per period.
// On PostgreSQL an advisory lock is held on one reserved connection while the work runs: another instance's try
// finds it taken and skips; a killed instance's connection closes and the lock goes with it. On SQLite there is one
// server process, so a lock in this process is enough.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Ctx } from './context.ts';

/** this process, in job_runs: which instance did a run */
export const INSTANCE_ID = `${process.pid}-${crypto.randomBytes(3).toString('hex')}`;

// The first key of the two-key advisory lock: TraceGrid's own space, clear of other applications' locks.
const LOCK_SPACE = 0x7472; // 'tr'
const heldInProcess = new WeakMap<object, Set<string>>();

export type Exclusive<T> = { ran: true; value: T } | { ran: false };

/** Runs fn unless another instance (or another pass in this process) holds the lock of `name`; then skips. */
export async function runExclusive<T>(ctx: Ctx, name: string, fn: () => Promise<T>): Promise<Exclusive<T>> {
  const db = ctx.db as Db;
  if (db.isTransaction) throw new Error(`runExclusive(${name}) must not run inside a transaction`);
  let held = heldInProcess.get(db);
  if (!held) heldInProcess.set(db, (held = new Set()));
  if (held.has(name)) return { ran: false };
  held.add(name);
  try {
    if (ctx.dialect !== 'postgres') return { ran: true, value: await fn() };
    return await db.connection().execute(async (conn) => {
      const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_lock(${LOCK_SPACE}, hashtext(${name})) as got`.execute(conn);
      if (!rows[0]?.got) return { ran: false } as const;
      try {
        return { ran: true, value: await fn() } as const;
      } finally {
        await sql`select pg_advisory_unlock(${LOCK_SPACE}, hashtext(${name}))`.execute(conn).catch(() => {});
      }
    });
  } finally {
    held.delete(name);
  }
}

export type OncePerPeriod<T> = { ran: true; value: T } | { ran: false; reason: 'busy' | 'done' };

/**
 * Runs fn once for (name, period) across all instances: under the lock, a period already recorded in job_runs is
 * skipped; the record is written when fn has finished, so a run cut short by a crash is done again at the next try.
 * `outcome` (what fn returned) is stored as JSON for operators.
 */
export async function runOncePerPeriod<T>(ctx: Ctx, name: string, period: string, fn: () => Promise<T>): Promise<OncePerPeriod<T>> {
  const r = await runExclusive(ctx, name, async () => {
    const done = await ctx.db.selectFrom('jobRuns').select('name').where('name', '=', name).where('period', '=', period).executeTakeFirst();
    if (done) return { done: true as const };
    const startedAt = ctx.clock.now();
    const value = await fn();
    await ctx.db
      .insertInto('jobRuns')
      .values({ name, period, startedAt, finishedAt: ctx.clock.now(), instance: INSTANCE_ID, outcome: value === undefined ? null : JSON.stringify(value) })
      .onConflict((oc) => oc.columns(['name', 'period']).doNothing())
      .execute();
    return { done: false as const, value };
  });
  if (!r.ran) return { ran: false, reason: 'busy' };
  if (r.value.done) return { ran: false, reason: 'done' };
  return { ran: true, value: r.value.value as T };
}
