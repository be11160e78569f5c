// Check-ins (the three self-registration systems), their idempotency keys, and risk areas.
import { sql, type Kysely } from 'kysely';
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
    // Name, document number, phone, plate and the kind's details, sealed as one document: one cipher operation
    // per row on the write path. Look-ups go through the blind indexes.
    .addColumn('pii_enc', 'text', (c) => c.notNull())
    .addColumn('id_type', 'text')
    .addColumn('id_bidx', 'text')
    .addColumn('phone_bidx', 'text')
    .addColumn('plate_bidx', 'text')
    .addColumn('plate_type', 'text')
    .addColumn('vehicle_role', 'text')
    .addColumn('temperature', 'real')
    .addColumn('symptoms', 'text')
    .addColumn('origin', 'text')
    .addColumn('destination', 'text')
    .addColumn('places14d', 'text')
    .addColumn('purpose', 'text')
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('entered_by', 'text')
    // Only the submission's first row carries the client's idempotency key; NULLs do not collide.
    .addColumn('idem_key', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('checkins_site_at').on('checkins').columns(['site_id', 'at']).execute();
  await db.schema.createIndex('checkins_id_bidx_at').on('checkins').columns(['id_bidx', 'at']).execute();
  // Writes are bound by random index inserts: companions have no phone and most people no plate, so those
  // indexes hold only the rows that have one. Time ranges go by id (ULIDs are time-ordered): no index on `at`.
  await db.schema.createIndex('checkins_phone_bidx').on('checkins').column('phone_bidx').where(sql.ref('phone_bidx'), 'is not', null).execute();
  await db.schema.createIndex('checkins_plate_bidx').on('checkins').column('plate_bidx').where(sql.ref('plate_bidx'), 'is not', null).execute();
  await db.schema.createIndex('checkins_group').on('checkins').column('group_id').execute();

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
