// PostgreSQL keeps check-ins in one partition per calendar month (UTC month boundaries) and kind, so the purge of
// a kind's old months drops whole tables instead of deleting row by row:
//   checkins                   partitioned by range (at)
//     checkins_2026_11         one month, partitioned by list (kind)
//       checkins_2026_11_checkpoint, _community, _floating, _station, and _other (default: a kind added later, or
//       a kind whose partition of that month the purge already dropped, still has a place)
//     checkins_default         rows outside every prepared month: an insert never fails for want of a month; the
//                              month is made later and its rows are moved into it
// SQLite has one plain table; everything here is a no-op there.
import { sql, type Kysely } from 'kysely';
import { CHECKIN_KINDS } from '../../config.ts';
import type { Ctx } from '../../core/context.ts';

/** Months are written 'YYYY_MM' (as in the table names). */
export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function monthStart(month: string): number {
  const [y, m] = month.split('_').map(Number);
  return Date.UTC(y, m - 1, 1);
}

export function monthEnd(month: string): number {
  const [y, m] = month.split('_').map(Number);
  return Date.UTC(y, m, 1);
}

/** Every month from the one of `fromMs` to the one of `toMs`, both included. */
export function monthsBetween(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  for (let m = monthOf(fromMs); monthStart(m) <= toMs; m = monthOf(monthEnd(m))) out.push(m);
  return out;
}

export const monthTable = (month: string) => `checkins_${month}`;
export const kindTable = (month: string, kind: string) => `checkins_${month}_${kind}`;
/** the month's default partition, for kinds without their own */
export const OTHER = 'other';
const MONTH_NAME = /^checkins_(\d{4}_\d{2})$/;

/**
 * Makes one month (its kind partitions included), moving the rows the default partition holds for it: PostgreSQL
 * refuses a new partition while the default one holds rows that belong to it. Runs in the caller's transaction.
 * The month is built apart and then attached: attaching locks `checkins` only against other schema changes, where
 * CREATE TABLE ... PARTITION OF would lock out every insert while it waits for the readers of the table.
 */
export async function createMonthPartition(db: Kysely<unknown>, month: string): Promise<number> {
  const from = monthStart(month);
  const to = monthEnd(month);
  const parked = await sql<{ n: string }>`select count(*) as n from checkins_default where at >= ${from} and at < ${to}`.execute(db);
  const moving = Number(parked.rows[0].n);
  if (moving) {
    await sql`create temp table checkins_moving on commit drop as select * from checkins_default where at >= ${from} and at < ${to}`.execute(db);
    await sql`delete from checkins_default where at >= ${from} and at < ${to}`.execute(db);
  }
  // Bounds are literals in DDL: no parameters there. The check lets the attach skip scanning the month.
  await sql`create table ${sql.id(monthTable(month))} (like checkins including defaults,
    constraint ${sql.id(`${monthTable(month)}_at`)} check (at >= ${sql.lit(from)} and at < ${sql.lit(to)})) partition by list (kind)`.execute(db);
  for (const kind of CHECKIN_KINDS) {
    await sql`create table ${sql.id(kindTable(month, kind))} partition of ${sql.id(monthTable(month))} for values in (${sql.lit(kind)})`.execute(db);
  }
  await sql`create table ${sql.id(kindTable(month, OTHER))} partition of ${sql.id(monthTable(month))} default`.execute(db);
  // The parent's indexes are made on the month's partitions as it is attached.
  await sql`alter table checkins attach partition ${sql.id(monthTable(month))} for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(db);
  await sql`alter table ${sql.id(monthTable(month))} drop constraint ${sql.id(`${monthTable(month)}_at`)}`.execute(db);
  if (moving) await sql`insert into checkins select * from checkins_moving`.execute(db);
  return moving;
}

/** The months that have their partition now. */
export async function existingMonths(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = to_regclass('checkins')`.execute(db);
  return rows.flatMap((r) => MONTH_NAME.exec(r.name)?.[1] ?? []).sort();
}

/** The partitions of one month: kind (or 'other') -> table name. */
export async function kindPartitions(db: Kysely<unknown>, month: string): Promise<Map<string, string>> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = to_regclass(${monthTable(month)})`.execute(db);
  const prefix = `${monthTable(month)}_`;
  return new Map(rows.filter((r) => r.name.startsWith(prefix)).map((r) => [r.name.slice(prefix.length), r.name]));
}

export interface EnsuredPartitions {
  created: string[];
  /** rows moved out of the default partition into the months made */
  moved: number;
}

// The same lock space as core/job-lock.ts: TraceGrid's own.
const LOCK_SPACE = 0x7472;

/**
 * Makes the missing months from `fromMs` to `toMs`. Idempotent, and safe when instances race: each month is made
 * under a transaction-scoped advisory lock, looked for again under it, and a duplicate_table still counts as made.
 * Attaching waits for the readers of the default partition, and look-ups queue behind it meanwhile: it waits 3 s at
 * most, and the months left are made at the next try (they are made two months ahead; until then a row would go to
 * the default partition).
 */
export async function ensureCheckinPartitions(ctx: Pick<Ctx, 'db' | 'dialect'>, fromMs: number, toMs: number): Promise<EnsuredPartitions> {
  const out: EnsuredPartitions = { created: [], moved: 0 };
  if (ctx.dialect !== 'postgres') return out;
  const db = ctx.db as unknown as Kysely<unknown>;
  const have = new Set(await existingMonths(db));
  for (const month of monthsBetween(fromMs, toMs)) {
    if (have.has(month)) continue;
    try {
      await db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(${LOCK_SPACE}, hashtext('checkins.partitions'))`.execute(tx);
        await sql`set local lock_timeout = '3s'`.execute(tx);
        const { rows } = await sql<{ t: string | null }>`select to_regclass(${monthTable(month)})::text as t`.execute(tx);
        if (rows[0].t) return;
        out.moved += await createMonthPartition(tx, month);
        out.created.push(month);
      });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === '55P03') break; // lock_not_available: next time
      if (code !== '42P07') throw e; // duplicate_table: another instance made it
    }
  }
  return out;
}

/**
 * The months a server keeps ready: from this month (or the month of the oldest row parked in the default partition)
 * to two months ahead. Run at start-up and daily by the retention schedule. Back-dated writers (the demo history)
 * make their own months first.
 */
export async function preparePartitions(ctx: Pick<Ctx, 'db' | 'dialect' | 'clock'>): Promise<EnsuredPartitions> {
  if (ctx.dialect !== 'postgres') return { created: [], moved: 0 };
  const now = new Date(ctx.clock.now());
  let from = now.getTime();
  // The default partition is small (a safety net), so its oldest row costs little to find.
  const parked = await sql<{ at: string | null }>`select min(at) as at from checkins_default`.execute(ctx.db);
  if (parked.rows[0].at !== null) from = Math.min(from, Number(parked.rows[0].at));
  return ensureCheckinPartitions(ctx, from, Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
}
