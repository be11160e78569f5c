// Grid operations (issue 8): who holds which post in which grid, the grid's addresses and households (一标三实, kept
// light), what workers record on tasks (synced from phones, once per client id), home observations with their
// temperature reports, and door-to-door screening campaigns.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './types.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('grid_posts')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('post', 'text', (c) => c.notNull()) // grid_worker | building_leader | door_leader | community_police | community_staff
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addPrimaryKeyConstraint('grid_posts_pk', ['user_id', 'org_unit_id', 'post'])
    .execute();
  await db.schema.createIndex('grid_posts_unit').on('grid_posts').column('org_unit_id').execute();

  await db.schema
    .createTable('addresses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id')) // the grid it belongs to
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // residence | workplace
    .addColumn('line_enc', 'text', (c) => c.notNull()) // sealed {line, building, unit, room}
    .addColumn('address_bidx', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // import | floating | manual
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('addresses_bidx').on('addresses').column('address_bidx').unique().execute();
  await db.schema.createIndex('addresses_org_path').on('addresses').columns(['org_path', 'id']).execute();

  await db.schema
    .createTable('household_members')
    .addColumn('address_id', 'text', (c) => c.notNull().references('addresses.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull()) // resident | owner | tenant | worker | floating
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('since_at', t.time, (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addPrimaryKeyConstraint('household_members_pk', ['address_id', 'person_id'])
    .execute();
  await db.schema.createIndex('household_members_person').on('household_members').columns(['person_id', 'since_at']).execute();

  await db.schema.alterTable('tasks').addColumn('title', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('address_id', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('campaign_id', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('escalated_to', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('escalated_path', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('escalated_at', t.time).execute();
  await db.schema.alterTable('tasks').addColumn('dedupe_key', 'text').execute();
  // A missed report or a campaign visit is created once, whichever instance or tick notices it first.
  await db.schema.createIndex('tasks_dedupe').on('tasks').column('dedupe_key').unique().where(sql.ref('dedupe_key'), 'is not', null).execute();
  await db.schema.createIndex('tasks_assigned').on('tasks').columns(['assigned_to', 'status', 'due_at']).execute();
  await db.schema.createIndex('tasks_campaign').on('tasks').columns(['campaign_id', 'org_path']).where(sql.ref('campaign_id'), 'is not', null).execute();
  await db.schema.createIndex('tasks_open_due').on('tasks').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('tasks_address').on('tasks').column('address_id').where(sql.ref('address_id'), 'is not', null).execute();

  await db.schema
    .createTable('task_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addColumn('client_id', 'text', (c) => c.notNull()) // made on the phone: a retried sync is recognised
    .addColumn('kind', 'text', (c) => c.notNull()) // visit | temperature | done | note | cancel
    .addColumn('at', t.time, (c) => c.notNull()) // when it happened (the phone's time, kept within bounds)
    .addColumn('received_at', t.time, (c) => c.notNull())
    .addColumn('by_user', 'text')
    .addColumn('result', 'text')
    .addColumn('temperature', 'real')
    .addColumn('note_enc', 'text')
    .addColumn('org_path', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_events_client').on('task_events').column('client_id').unique().execute();
  await db.schema.createIndex('task_events_task').on('task_events').columns(['task_id', 'at']).execute();

  await db.schema
    .createTable('observations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('org_unit_id', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('start_at', t.time, (c) => c.notNull())
    .addColumn('end_at', t.time, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // active | ended
    .addColumn('token_version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('ended_at', t.time)
    .execute();
  await db.schema.createIndex('observations_status_end').on('observations').columns(['status', 'end_at']).execute();
  await db.schema.createIndex('observations_person').on('observations').column('person_id').execute();

  await db.schema
    .createTable('temperature_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('observation_id', 'text', (c) => c.notNull().references('observations.id'))
    .addColumn('slot', 'text', (c) => c.notNull()) // YYYY-MM-DD/am | YYYY-MM-DD/pm (local day)
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('temperature', 'real', (c) => c.notNull())
    .addColumn('symptoms', 'text') // JSON array of symptom codes
    .addColumn('source', 'text', (c) => c.notNull()) // self | worker
    .addColumn('by_user', 'text')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('temperature_reports_client').on('temperature_reports').column('client_id').unique().execute();
  await db.schema.createIndex('temperature_reports_slot').on('temperature_reports').columns(['observation_id', 'slot']).execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('org_unit_ids', 'text', (c) => c.notNull()) // JSON array
    .addColumn('org_path', 'text', (c) => c.notNull()) // the smallest subtree holding them all
    .addColumn('status', 'text', (c) => c.notNull()) // active | closed
    .addColumn('due_at', t.time, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaigns_org_path').on('campaigns').columns(['org_path', 'created_at']).execute();
}
