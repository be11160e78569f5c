// Scheduled work that must happen once per period across instances (a day's purge): the period's row is written
// when the work is done, under an advisory lock (see core/job-lock.ts), so a second instance finds it and skips.
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './types.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('job_runs')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('started_at', t.time, (c) => c.notNull())
    .addColumn('finished_at', t.time, (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text') // JSON: what the run did (counts), for operators
    .addPrimaryKeyConstraint('job_runs_pk', ['name', 'period'])
    .execute();
}
