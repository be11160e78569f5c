// The officer app: decisions taken at a passage, and the group-chat / webhook notifications with their deliveries.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './types.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('checkin_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    // The check-in's org path: decisions are read in the same scope as the check-in they are about.
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull()) // 'pass' | 'hold' | 'refer'
    .addColumn('note', 'text')
    .addColumn('via', 'text', (c) => c.notNull()) // 'feed' | 'scan' | 'lookup'
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('by_user', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_checkin').on('decisions').columns(['checkin_id', 'at']).execute();
  await db.schema.createIndex('decisions_site_at').on('decisions').columns(['site_id', 'at']).execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    // Alerts of every site under this path go to this hook.
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'wecom' | 'dingtalk' | 'generic'
    // The address holds the robot's key and the secret signs: both sealed.
    .addColumn('url_enc', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text')
    .addColumn('events', 'text', (c) => c.notNull()) // JSON array: 'flagged' | 'decision'
    .addColumn('disabled', t.bool, (c) => c.notNull().defaultTo(t.false))
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('webhooks_org_path').on('webhooks').column('org_path').execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text') // the check-in or decision the alert is about
    .addColumn('payload', 'text', (c) => c.notNull()) // masked message, JSON
    .addColumn('status', 'text', (c) => c.notNull()) // 'pending' | 'retrying' | 'sent' | 'failed'
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_at', t.time)
    // A claim by one sender (of one instance) until this time: two instances never send the same delivery at once.
    .addColumn('lease_until', t.time)
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .addColumn('sent_at', t.time)
    .execute();
  await sql`create index webhook_deliveries_due on webhook_deliveries (next_at) where status in ('pending', 'retrying')`.execute(db);
  await db.schema.createIndex('webhook_deliveries_hook').on('webhook_deliveries').columns(['webhook_id', 'created_at']).execute();
}
