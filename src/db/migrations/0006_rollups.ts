// Rollups: the counts dashboards and reports read, kept current by the write path in the same transaction as the
// rows they count (see src/modules/analytics/rollup-write.ts), so reading them costs the same at 100 thousand
// check-ins as at 10 million. Counts of check-ins count people. Days are China Standard Time days (YYYY-MM-DD).
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

const COUNTS = ['people', 'submissions', 'flagged', 'entries', 'exits'] as const;

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // Subtrees are read as a range of org paths ('/a/b/' to '/a/b0'): byte order on both engines, so PostgreSQL's
  // locale collation (which skips punctuation) must not apply to these columns.
  const path = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  // per site and hour: today's curve and the hours of a shift
  let siteHour = db.schema
    .createTable('rollup_site_hour')
    .addColumn('hour', 'integer', (c) => c.notNull()) // epoch hour
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('org_path', path, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull());
  for (const c of COUNTS) siteHour = siteHour.addColumn(c, 'integer', (col) => col.notNull());
  await siteHour.addPrimaryKeyConstraint('rollup_site_hour_pk', ['hour', 'site_id']).execute();

  // per site and day: the org unit's day is the sum of its sites' days (an org unit has a handful of sites)
  let siteDay = db.schema
    .createTable('rollup_site_day')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('org_path', path, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull());
  for (const c of COUNTS) siteDay = siteDay.addColumn(c, 'integer', (col) => col.notNull());
  await siteDay.addPrimaryKeyConstraint('rollup_site_day_pk', ['day', 'site_id']).execute();

  // people in flagged submissions, per reason (one submission with two reasons counts under both)
  await db.schema
    .createTable('rollup_flag_day')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('org_path', path, (c) => c.notNull())
    .addColumn('flag', 'text', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_flag_day_pk', ['day', 'org_path', 'flag'])
    .execute();

  // where people came from (the GB/T 2260 code they gave), for check-ins that ask
  await db.schema
    .createTable('rollup_origin_day')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('org_path', path, (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_origin_day_pk', ['day', 'org_path', 'origin'])
    .execute();

  // list entries added and ended per list kind (the four categories among them), by the list's org unit, on the day
  // an entry is listed for (arrival, onset, confirmation) or else the day it was added
  await db.schema
    .createTable('rollup_list_day')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('org_path', path, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull())
    .addColumn('ended', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_list_day_pk', ['day', 'org_path', 'kind'])
    .execute();

  // The flagged check-ins of a subtree and period, for the analysis report: few rows, so the index is small and
  // costs nothing for the unflagged majority.
  if (dialect === 'postgres') await sql`create index checkins_flagged on checkins ((org_path collate "C"), at) where flags <> '[]'`.execute(db);
  else await db.schema.createIndex('checkins_flagged').on('checkins').columns(['org_path', 'at']).where(sql.ref('flags'), '<>', '[]').execute();
}
