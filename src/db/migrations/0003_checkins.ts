// Check-ins (the three self-registration systems), their idempotency keys, and risk areas.
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './types.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('checkins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // One submission: the person and the companions registered with them share a group id.
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    // The org path of the site at check-in time: scope filters need no join on the hot read paths.
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('relation', 'text')
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('id_type', 'text')
    .addColumn('id_number_enc', 'text')
    .addColumn('id_bidx', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_bidx', 'text')
    .addColumn('plate_enc', 'text')
    .addColumn('plate_bidx', 'text')
    .addColumn('plate_type', 'text')
    .addColumn('vehicle_role', 'text')
    .addColumn('temperature', 'real')
    .addColumn('symptoms', 'text')
    .addColumn('origin', 'text')
    .addColumn('destination', 'text')
    .addColumn('places14d', 'text')
    .addColumn('purpose', 'text')
    // Address, community and floating details: personal, so sealed as one JSON document.
    .addColumn('details_enc', 'text')
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('entered_by', 'text')
    // Only the submission's first row carries the client's idempotency key; NULLs do not collide.
    .addColumn('idem_key', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('checkins_site_at').on('checkins').columns(['site_id', 'at']).execute();
  await db.schema.createIndex('checkins_id_bidx_at').on('checkins').columns(['id_bidx', 'at']).execute();
  await db.schema.createIndex('checkins_phone_bidx').on('checkins').column('phone_bidx').execute();
  await db.schema.createIndex('checkins_plate_bidx').on('checkins').column('plate_bidx').execute();
  await db.schema.createIndex('checkins_group').on('checkins').column('group_id').execute();
  await db.schema.createIndex('checkins_at').on('checkins').column('at').execute();

  await db.schema
    .createTable('risk_areas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('valid_from', t.time, (c) => c.notNull())
    .addColumn('valid_to', t.time)
    .addColumn('note', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('risk_areas_code').on('risk_areas').column('code').execute();
}
