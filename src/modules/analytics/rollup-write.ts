// The write side of the rollups: what a batch of new check-ins (or list entries) adds to each rollup table, as
// upserts that run in the transaction of the rows they count. A batch is summed per key first, so a group commit of
// 400 check-ins at a dozen sites is a dozen upserts, not 400; and rows are sorted by key, so two instances that
// upsert the same keys take their row locks in the same order on PostgreSQL and cannot deadlock.
import type { Compilable, CompiledQuery, Insertable } from 'kysely';
import type { DbLike } from '../../db/database.ts';
import type { CheckinTable, RollupFlagDayTable, RollupListDayTable, RollupOriginDayTable, RollupSiteDayTable, RollupSiteHourTable } from '../../db/tables.ts';
import { epochHour, localDay } from '../../core/local-day.ts';

type CheckinFacts = Pick<Insertable<CheckinTable>, 'groupId' | 'siteId' | 'orgPath' | 'kind' | 'direction' | 'at' | 'flags' | 'origin' | 'role'>;

export interface CheckinRollups {
  siteHour: RollupSiteHourTable[];
  siteDay: RollupSiteDayTable[];
  flagDay: RollupFlagDayTable[];
  originDay: RollupOriginDayTable[];
}

type SiteCounts = Pick<RollupSiteHourTable, 'people' | 'submissions' | 'flagged' | 'entries' | 'exits'>;

function bump<T>(map: Map<string, T>, key: string, init: () => T, add: (t: T) => void): void {
  let t = map.get(key);
  if (!t) map.set(key, (t = init()));
  add(t);
}

const sorted = <T>(map: Map<string, T>): T[] => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/** What these new check-in rows add to the rollups. Every row of a submission is in the batch (a submission is
 * written whole), and only the submitter's row carries the flags: they count for everyone it brought. */
export function checkinRollups(rows: readonly CheckinFacts[]): CheckinRollups {
  const groupFlags = new Map<string, string[]>();
  for (const r of rows) if (r.role === 'self') groupFlags.set(r.groupId, JSON.parse(r.flags) as string[]);
  const siteHour = new Map<string, RollupSiteHourTable>();
  const siteDay = new Map<string, RollupSiteDayTable>();
  const flagDay = new Map<string, RollupFlagDayTable>();
  const originDay = new Map<string, RollupOriginDayTable>();
  for (const r of rows) {
    const at = Number(r.at);
    const hour = epochHour(at);
    const day = localDay(at);
    const flags = groupFlags.get(r.groupId) ?? [];
    const add = (c: SiteCounts) => {
      c.people += 1;
      if (r.role === 'self') c.submissions += 1;
      if (flags.length) c.flagged += 1;
      if (r.direction === 'in') c.entries += 1;
      if (r.direction === 'out') c.exits += 1;
    };
    const zero = { siteId: r.siteId, orgPath: r.orgPath, kind: r.kind, people: 0, submissions: 0, flagged: 0, entries: 0, exits: 0 };
    bump(siteHour, `${hour}|${r.siteId}`, () => ({ hour, ...zero }), add);
    bump(siteDay, `${day}|${r.siteId}`, () => ({ day, ...zero }), add);
    for (const flag of flags) bump(flagDay, `${day}|${r.orgPath}|${flag}`, () => ({ day, orgPath: r.orgPath, flag, people: 0 }), (c) => (c.people += 1));
    if (r.origin) bump(originDay, `${day}|${r.orgPath}|${r.origin}`, () => ({ day, orgPath: r.orgPath, origin: r.origin!, people: 0 }), (c) => (c.people += 1));
  }
  return { siteHour: sorted(siteHour), siteDay: sorted(siteDay), flagDay: sorted(flagDay), originDay: sorted(originDay) };
}

const SITE_COUNTS = ['people', 'submissions', 'flagged', 'entries', 'exits'] as const;

/** The upserts that add these counts (nothing for an empty table). Run them with execute(), or compile them for a
 * connection of another thread (the SQLite insert worker). */
export function checkinRollupQueries(db: DbLike, r: CheckinRollups): Compilable[] {
  const out: Compilable[] = [];
  if (r.siteHour.length) {
    out.push(
      db.insertInto('rollupSiteHour').values(r.siteHour).onConflict((oc) =>
        oc.columns(['hour', 'siteId']).doUpdateSet((eb) => Object.fromEntries(SITE_COUNTS.map((c) => [c, eb(eb.ref(`rollupSiteHour.${c}`), '+', eb.ref(`excluded.${c}`))]))),
      ),
    );
  }
  if (r.siteDay.length) {
    out.push(
      db.insertInto('rollupSiteDay').values(r.siteDay).onConflict((oc) =>
        oc.columns(['day', 'siteId']).doUpdateSet((eb) => Object.fromEntries(SITE_COUNTS.map((c) => [c, eb(eb.ref(`rollupSiteDay.${c}`), '+', eb.ref(`excluded.${c}`))]))),
      ),
    );
  }
  if (r.flagDay.length) {
    out.push(
      db.insertInto('rollupFlagDay').values(r.flagDay).onConflict((oc) =>
        oc.columns(['day', 'orgPath', 'flag']).doUpdateSet((eb) => ({ people: eb(eb.ref('rollupFlagDay.people'), '+', eb.ref('excluded.people')) })),
      ),
    );
  }
  if (r.originDay.length) {
    out.push(
      db.insertInto('rollupOriginDay').values(r.originDay).onConflict((oc) =>
        oc.columns(['day', 'orgPath', 'origin']).doUpdateSet((eb) => ({ people: eb(eb.ref('rollupOriginDay.people'), '+', eb.ref('excluded.people')) })),
      ),
    );
  }
  return out;
}

export async function applyCheckinRollups(db: DbLike, rows: readonly CheckinFacts[]): Promise<void> {
  for (const q of checkinRollupQueries(db, checkinRollups(rows))) await db.executeQuery(q.compile());
}

/** The same upserts compiled for the SQLite insert worker: SQL text and parameters, run in its transaction. */
export function compiledCheckinRollups(db: DbLike, rows: readonly CheckinFacts[]): Array<Pick<CompiledQuery, 'sql' | 'parameters'>> {
  return checkinRollupQueries(db, checkinRollups(rows)).map((q) => {
    const c = q.compile();
    return { sql: c.sql, parameters: c.parameters };
  });
}

/** List entries added (or ended): counted on the day given, under the list's org unit and kind. */
export async function applyListRollups(db: DbLike, changes: ReadonlyArray<{ orgPath: string; kind: string; at: number; added: number; ended: number }>): Promise<void> {
  const byKey = new Map<string, RollupListDayTable>();
  for (const c of changes) {
    const day = localDay(c.at);
    bump(byKey, `${day}|${c.orgPath}|${c.kind}`, () => ({ day, orgPath: c.orgPath, kind: c.kind, added: 0, ended: 0 }), (r) => {
      r.added += c.added;
      r.ended += c.ended;
    });
  }
  const rows = sorted(byKey).filter((r) => r.added || r.ended);
  if (!rows.length) return;
  await db
    .insertInto('rollupListDay')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['day', 'orgPath', 'kind']).doUpdateSet((eb) => ({
        added: eb(eb.ref('rollupListDay.added'), '+', eb.ref('excluded.added')),
        ended: eb(eb.ref('rollupListDay.ended'), '+', eb.ref('excluded.ended')),
      })),
    )
    .execute();
}
