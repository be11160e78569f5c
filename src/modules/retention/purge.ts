// Retention: check-ins older than their kind's days are removed, with what hangs on them (their idempotency keys,
// officers' decisions, watch-list hits), and ended observations with their temperature reports. Rollups (the
// counts dashboards and reports read), the audit log, persons and lists are never touched: the days' counts stay.
// PostgreSQL drops the (month, kind) partitions that end before the cutoff; what is left before a cutoff (the month
// it falls in, the default partitions, SQLite) is deleted in batches, site by site through the (site_id, at) index:
// exact by time, whatever order the ids were made in (SQLite has no index on `at`).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { CHECKIN_KINDS, type CheckinKind } from '../../config.ts';
import { recordAudit, type AuditActor } from '../../core/audit.ts';
import type { Ctx } from '../../core/context.ts';
import { addDays, dayStartMs, localDay } from '../../core/local-day.ts';
import { existingMonths, kindPartitions, monthEnd, monthTable, OTHER } from './partitions.ts';

/** rows per transaction: short transactions, so check-ins keep being written while the purge runs */
const BATCH = 5000;
const OBSERVATION_BATCH = 500;

export interface PurgeCutoffs {
  /** per kind: check-ins before this time are removed */
  checkins: Record<CheckinKind, number>;
  /** the earliest of them (the longest retention): kinds without their own, and the keys */
  oldest: number;
  /** the latest of them */
  newest: number;
  /** observations ended before this time */
  healthRecords: number;
}

/** A retention of N days keeps today and the N whole days (China time) before it. */
export function purgeCutoffs(ctx: Pick<Ctx, 'config'>, now: number): PurgeCutoffs {
  const today = localDay(now);
  const cut = (days: number) => dayStartMs(addDays(today, -days));
  const { checkinDays, healthRecordDays } = ctx.config.retention;
  const checkins = Object.fromEntries(CHECKIN_KINDS.map((k) => [k, cut(checkinDays[k])])) as Record<CheckinKind, number>;
  const times = Object.values(checkins);
  return { checkins, oldest: Math.min(...times), newest: Math.max(...times), healthRecords: cut(healthRecordDays) };
}

export interface PurgeResult {
  dryRun: boolean;
  cutoffs: { checkins: Record<CheckinKind, string>; healthRecords: string };
  /** check-ins removed (or that would be) per kind; `other`: kinds without their own retention */
  checkins: Record<string, number>;
  /** PostgreSQL: partitions dropped whole */
  partitions: string[];
  tables: { checkinKeys: number; decisions: number; watchHits: number; observations: number; temperatureReports: number };
}

type Tally = Omit<PurgeResult, 'dryRun' | 'cutoffs'>;

const count = (n: bigint | number | string | undefined) => Number(n ?? 0);

/** ids in one parameter: one statement text for any number of them */
function idIn(ctx: Pick<Ctx, 'dialect'>, column: string, ids: string[]): RawBuilder<boolean> {
  return ctx.dialect === 'postgres' ? sql<boolean>`${sql.raw(column)} = any(${ids}::text[])` : sql<boolean>`${sql.raw(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/** The kind's cutoff of a check-in row, as SQL (constants only). */
function cutoffOfRow(c: PurgeCutoffs): RawBuilder<number> {
  return sql`case kind ${sql.join(CHECKIN_KINDS.map((k) => sql`when ${sql.lit(k)} then ${sql.lit(c.checkins[k])}`), sql` `)} else ${sql.lit(c.oldest)} end`;
}

/** PostgreSQL: the (month, kind) partitions that end at or before their kind's cutoff, with their dependants. */
async function dropPartitions(ctx: Ctx, c: PurgeCutoffs, dryRun: boolean, out: Tally): Promise<void> {
  const db = ctx.db as unknown as Kysely<unknown>;
  for (const month of await existingMonths(db)) {
    const end = monthEnd(month);
    if (end > c.newest) break; // months are in order: no kind's cutoff reaches this one or any later
    const parts = await kindPartitions(db, month);
    // Every kind's cutoff past the month's end: the whole month goes, its default partition with it.
    const whole = end <= c.oldest;
    const doomed = [...parts].filter(([kind]) => whole || (kind !== OTHER && end <= c.checkins[kind as CheckinKind]));
    for (const [kind, table] of doomed) {
      const ofRows = sql`(select id from ${sql.id(table)})`;
      const n = await ctx.db.transaction().execute(async (tx) => {
        const t = tx as unknown as Kysely<unknown>;
        const rows = async () => Number((await sql<{ n: string }>`select count(*) as n from ${sql.id(table)}`.execute(t)).rows[0].n);
        if (dryRun) {
          out.tables.decisions += count((await sql<{ n: string }>`select count(*) as n from decisions where checkin_id in ${ofRows}`.execute(t)).rows[0].n);
          out.tables.watchHits += count((await sql<{ n: string }>`select count(*) as n from watch_hits where checkin_id in ${ofRows}`.execute(t)).rows[0].n);
          return rows();
        }
        // Detaching takes a short exclusive lock on the month: wait for it at most this long (tried again later).
        // Detached first, so the rows counted are the rows dropped.
        await sql`set local lock_timeout = '3s'`.execute(t);
        await sql`alter table ${sql.id(monthTable(month))} detach partition ${sql.id(table)}`.execute(t);
        const dropped = await rows();
        out.tables.decisions += count((await sql`delete from decisions where checkin_id in ${ofRows}`.execute(t)).numAffectedRows);
        out.tables.watchHits += count((await sql`delete from watch_hits where checkin_id in ${ofRows}`.execute(t)).numAffectedRows);
        await sql`drop table ${sql.id(table)}`.execute(t);
        return dropped;
      });
      if (kind !== OTHER || n) out.checkins[kind] = (out.checkins[kind] ?? 0) + n;
      out.partitions.push(table);
    }
    if (whole) {
      if (!dryRun) {
        // An exclusive lock on `checkins`: inserts queue behind it while it is waited for, so not for long (a
        // long read holding the table makes the run fail; the schedule tries again at its next tick).
        await ctx.db.transaction().execute(async (tx) => {
          await sql`set local lock_timeout = '3s'`.execute(tx);
          await sql`alter table checkins detach partition ${sql.id(monthTable(month))}`.execute(tx);
          await sql`drop table ${sql.id(monthTable(month))}`.execute(tx);
        });
      }
      out.partitions.push(monthTable(month));
    }
  }
}

/** Check-ins before their kind's cutoff that are left (SQLite: all of them), site by site, in batches. */
async function deleteCheckins(ctx: Ctx, c: PurgeCutoffs, dryRun: boolean, out: Tally): Promise<void> {
  const sites = await ctx.db.selectFrom('sites').select('id').orderBy('id').execute();
  // A dry run on PostgreSQL has counted the partitions it would drop already.
  const counted = dryRun && out.partitions.length ? sql` and tableoid::regclass::text <> all(${out.partitions}::text[])` : sql``;
  for (const { id: site } of sites) {
    // (site_id, at) is an index on both engines; the kind's cutoff is checked on the rows found.
    const old = sql`site_id = ${site} and at < ${c.newest} and at < ${cutoffOfRow(c)}`;
    if (dryRun) {
      const { rows } = await sql<{ kind: string; n: string }>`select kind, count(*) as n from checkins where ${old}${counted} group by kind`.execute(ctx.db);
      for (const r of rows) out.checkins[r.kind] = (out.checkins[r.kind] ?? 0) + Number(r.n);
      const ofRows = sql`(select id from checkins where ${old}${counted})`;
      out.tables.decisions += count((await sql<{ n: string }>`select count(*) as n from decisions where checkin_id in ${ofRows}`.execute(ctx.db)).rows[0].n);
      out.tables.watchHits += count((await sql<{ n: string }>`select count(*) as n from watch_hits where checkin_id in ${ofRows}`.execute(ctx.db)).rows[0].n);
      continue;
    }
    for (;;) {
      const { rows } = await sql<{ id: string; kind: string }>`select id, kind from checkins where ${old} limit ${BATCH}`.execute(ctx.db);
      if (!rows.length) break;
      const ids = rows.map((r) => r.id);
      await ctx.db.transaction().execute(async (tx) => {
        out.tables.decisions += count((await sql`delete from decisions where ${idIn(ctx, 'checkin_id', ids)}`.execute(tx)).numAffectedRows);
        out.tables.watchHits += count((await sql`delete from watch_hits where ${idIn(ctx, 'checkin_id', ids)}`.execute(tx)).numAffectedRows);
        // The time bound lets PostgreSQL skip the partitions after the cutoffs.
        await sql`delete from checkins where ${idIn(ctx, 'id', ids)} and at < ${c.newest}`.execute(tx);
      });
      for (const r of rows) out.checkins[r.kind] = (out.checkins[r.kind] ?? 0) + 1;
      if (rows.length < BATCH) break;
    }
  }
}

/**
 * Deletes the rows `where` selects, by `key`, a batch per transaction; a dry run counts them, less `counted` (the
 * rows it has counted with their check-ins already).
 */
async function inBatchesOf(ctx: Ctx, dryRun: boolean, table: string, key: string, where: RawBuilder<unknown>, counted: RawBuilder<unknown> = sql`false`, batch = BATCH): Promise<number> {
  if (dryRun) return count((await sql<{ n: string }>`select count(*) as n from ${sql.id(table)} where ${where} and not ${counted}`.execute(ctx.db)).rows[0].n);
  let total = 0;
  for (;;) {
    const r = await sql`delete from ${sql.id(table)} where ${sql.raw(key)} in (select ${sql.raw(key)} from ${sql.id(table)} where ${where} limit ${batch}) and ${where}`.execute(ctx.db);
    const n = count(r.numAffectedRows);
    total += n;
    if (n === 0) return total;
  }
}

/** Ended observations before the cutoff, with their temperature reports. */
async function deleteHealthRecords(ctx: Ctx, cutoff: number, dryRun: boolean, out: Tally): Promise<void> {
  const ended = sql`status = 'ended' and ended_at < ${cutoff}`;
  if (dryRun) {
    out.tables.observations = count((await sql<{ n: string }>`select count(*) as n from observations where ${ended}`.execute(ctx.db)).rows[0].n);
    out.tables.temperatureReports = count((await sql<{ n: string }>`select count(*) as n from temperature_reports where observation_id in (select id from observations where ${ended})`.execute(ctx.db)).rows[0].n);
    return;
  }
  for (;;) {
    const { rows } = await sql<{ id: string }>`select id from observations where ${ended} limit ${OBSERVATION_BATCH}`.execute(ctx.db);
    if (!rows.length) return;
    const ids = rows.map((r) => r.id);
    await ctx.db.transaction().execute(async (tx) => {
      out.tables.temperatureReports += count((await sql`delete from temperature_reports where ${idIn(ctx, 'observation_id', ids)}`.execute(tx)).numAffectedRows);
      out.tables.observations += count((await sql`delete from observations where ${idIn(ctx, 'id', ids)}`.execute(tx)).numAffectedRows);
    });
  }
}

/**
 * Removes what is past its retention (or, with dryRun, only counts it) and audits the run as `actor`: one
 * `retention.purge` entry with the counts and cutoffs (a dry run changes nothing and is not audited). The caller
 * keeps two purges from running at once (runExclusive / runOncePerPeriod under 'retention.purge').
 */
export async function purgeExpired(ctx: Ctx, actor: AuditActor, opts: { dryRun?: boolean } = {}): Promise<PurgeResult> {
  const dryRun = !!opts.dryRun;
  const c = purgeCutoffs(ctx, ctx.clock.now());
  const out: Tally = {
    checkins: Object.fromEntries(CHECKIN_KINDS.map((k) => [k, 0])),
    partitions: [],
    tables: { checkinKeys: 0, decisions: 0, watchHits: 0, observations: 0, temperatureReports: 0 },
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const result: PurgeResult = {
    dryRun,
    cutoffs: { checkins: Object.fromEntries(CHECKIN_KINDS.map((k) => [k, iso(c.checkins[k])])) as Record<CheckinKind, string>, healthRecords: iso(c.healthRecords) },
    ...out, // the same objects: the counts below are the result's
  };
  const audit = (failed?: string) =>
    recordAudit(ctx, actor, {
      action: 'retention.purge',
      targetType: 'retention',
      detail: { cutoffs: result.cutoffs, checkins: result.checkins, partitions: result.partitions.length, tables: result.tables, ...(failed && { failed }) },
    });
  try {
    if (ctx.dialect === 'postgres') await dropPartitions(ctx, c, dryRun, out);
    await deleteCheckins(ctx, c, dryRun, out);
    // Keys are kept as long as the longest-kept kind; decisions and hits whose check-in went earlier (a kind's own
    // cutoff) went with it above: what is older than every cutoff by their own time is left over from before.
    out.tables.checkinKeys += await inBatchesOf(ctx, dryRun, 'checkin_keys', 'idem_key', sql`at < ${c.oldest}`);
    const withCheckin = (table: string) => sql`exists (select 1 from checkins where checkins.id = ${sql.id(table, 'checkin_id')})`;
    out.tables.decisions += await inBatchesOf(ctx, dryRun, 'decisions', 'id', sql`at < ${c.oldest}`, withCheckin('decisions'));
    out.tables.watchHits += await inBatchesOf(ctx, dryRun, 'watch_hits', 'checkin_id', sql`at < ${c.oldest}`, withCheckin('watch_hits'));
    await deleteHealthRecords(ctx, c.healthRecords, dryRun, out);
  } catch (e) {
    // What was removed before the failure is on record too.
    if (!dryRun) await audit((e as Error).message.slice(0, 200)).catch(() => {});
    throw e;
  }
  if (!dryRun) await audit();
  return result;
}
