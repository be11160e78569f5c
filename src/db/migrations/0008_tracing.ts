// Contact tracing (issue 7): the place keys check-ins are matched on, traces and their contacts, and the follow-up
// tasks accepting a trace hands to the grids (the grid issue builds on the tasks table).
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './types.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  // Blind indexes of where a resident lives (compound, building, unit, room) or a floating arrival stays (address):
  // the room and the building are matched without opening sealed documents. Only rows that have one are indexed.
  await db.schema.alterTable('checkins').addColumn('dwelling_bidx', 'text').execute();
  await db.schema.alterTable('checkins').addColumn('building_bidx', 'text').execute();
  await db.schema.createIndex('checkins_dwelling_at').on('checkins').columns(['dwelling_bidx', 'at']).where(sql.ref('dwelling_bidx'), 'is not', null).execute();
  await db.schema.createIndex('checkins_building_at').on('checkins').columns(['building_bidx', 'at']).where(sql.ref('building_bidx'), 'is not', null).execute();
  // The registered address of a person (from the lists): the same household across sources.
  await db.schema.alterTable('persons').addColumn('address_bidx', 'text').execute();
  await db.schema.createIndex('persons_address_bidx').on('persons').column('address_bidx').where(sql.ref('address_bidx'), 'is not', null).execute();
  // A close contact found by tracing names the case it was found from.
  await db.schema.alterTable('list_entries').addColumn('source_person_id', 'text').execute();
  // Minutes two passages of a checkpoint may lie apart and still count as an exposure; null: the default.
  await db.schema.alterTable('sites').addColumn('trace_tolerance_min', 'integer').execute();

  await db.schema
    .createTable('traces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull()) // the case (root of its merged group)
    .addColumn('category', 'text') // confirmed | suspected | fever | close_contact
    .addColumn('org_path', 'text', (c) => c.notNull()) // who may read it: the unit it was traced for
    .addColumn('from_at', t.time, (c) => c.notNull())
    .addColumn('to_at', t.time, (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull()) // JSON: tolerance, thresholds
    .addColumn('result', 'text', (c) => c.notNull()) // JSON: contacts and evidence (ids, codes, times; no personal values)
    .addColumn('contacts', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // 'draft' | 'accepted'
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('accepted_by', 'text')
    .addColumn('accepted_at', t.time)
    .addColumn('accept_result', 'text') // JSON: listed, tasks, routed
    .execute();
  await db.schema.createIndex('traces_person').on('traces').columns(['person_id', 'created_at']).execute();
  await db.schema.createIndex('traces_org_path').on('traces').columns(['org_path', 'created_at']).execute();

  await db.schema
    .createTable('trace_contacts')
    .addColumn('trace_id', 'text', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull()) // the contact within the trace: person id, or check-in id without a document
    .addColumn('person_id', 'text')
    .addColumn('degree', 'integer', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull()) // the unit responsible for the contact (where they live)
    .addColumn('entry_id', 'text') // the close-contact entry made on acceptance
    .addColumn('task_id', 'text') // the follow-up task made on acceptance
    .addPrimaryKeyConstraint('trace_contacts_pk', ['trace_id', 'node'])
    .execute();
  await db.schema.createIndex('trace_contacts_person').on('trace_contacts').column('person_id').execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'contact_follow_up' (tracing); the grid issue adds its kinds
    .addColumn('status', 'text', (c) => c.notNull()) // 'open' | 'done' | 'cancelled'
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id')) // the grid it is routed to
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('source_type', 'text') // 'trace'
    .addColumn('source_id', 'text')
    .addColumn('detail', 'text') // JSON: what the worker needs (case, exposure summary), no personal values
    .addColumn('due_at', t.time, (c) => c.notNull())
    .addColumn('assigned_to', 'text')
    .addColumn('result', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .addColumn('done_at', t.time)
    .execute();
  await db.schema.createIndex('tasks_org_status').on('tasks').columns(['org_path', 'status', 'due_at']).execute();
  await db.schema.createIndex('tasks_source').on('tasks').columns(['source_type', 'source_id']).execute();
  await db.schema.createIndex('tasks_person').on('tasks').column('person_id').execute();
}
