// Reports (analysis report, weekly dispatch) asked for in the console or made on the schedule: one row per report,
// its two files in report_files (in the database, so every instance can serve a report any other one built). A scheduled report has a schedule_key, unique: of several
// instances ticking at once only one row is made.
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './types.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'analysis' | 'weekly'
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('from_day', 'text', (c) => c.notNull()) // YYYY-MM-DD, China Standard Time
    .addColumn('to_day', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull()) // 'zh' | 'en'
    .addColumn('status', 'text', (c) => c.notNull()) // 'queued' | 'running' | 'done' | 'failed'
    .addColumn('trigger', 'text', (c) => c.notNull()) // 'on_demand' | 'schedule'
    // 'analysis:CODE:DAY' | 'weekly:CODE:DAY'; NULLs (on-demand reports) do not collide
    .addColumn('schedule_key', 'text', (c) => c.unique())
    .addColumn('requested_by', 'text') // the user; null for the schedule
    .addColumn('title', 'text') // as the built document names itself
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('started_at', t.time)
    .addColumn('finished_at', t.time)
    // a running build renews it; one that stops (its process died) is taken up again, a few times at most
    .addColumn('heartbeat_at', t.time)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0)) // percent of the build's steps done
    .addColumn('error', 'text')
    .addColumn('pdf_bytes', 'integer')
    .addColumn('xlsx_bytes', 'integer')
    .execute();
  await db.schema.createIndex('reports_org_path').on('reports').columns(['org_path', 'id']).execute();
  await db.schema.createIndex('reports_status').on('reports').columns(['status', 'created_at']).execute();
  await db.schema
    .createTable('report_files')
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
    .addColumn('format', 'text', (c) => c.notNull()) // 'pdf' | 'xlsx'
    .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_files_pk', ['report_id', 'format'])
    .execute();
}
