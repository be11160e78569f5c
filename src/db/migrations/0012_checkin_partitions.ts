// Check-ins for retention at scale. Idempotency keys move to their own table, `checkin_keys` (a partitioned table
// cannot have a unique index without the partition key; the keys table also outlives nothing it should not: it is
// purged with the check-ins). On PostgreSQL `checkins` becomes partitioned by month and kind (see
// modules/retention/partitions.ts), so the purge drops a kind's old months whole. Both engines rebuild the table
// without the old idem_key column and its unique index (SQLite cannot drop a column that has one).
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { createMonthPartition, monthsBetween } from '../../modules/retention/partitions.ts';
import { columnTypes } from './types.ts';

const COLUMNS = [
  'id', 'group_id', 'site_id', 'org_path', 'kind', 'direction', 'at', 'role', 'relation', 'pii_enc', 'id_type', 'id_bidx',
  'phone_bidx', 'plate_bidx', 'plate_type', 'vehicle_role', 'temperature', 'symptoms', 'origin', 'destination',
  'places14d', 'purpose', 'flags', 'lang', 'entered_by', 'dwelling_bidx', 'building_bidx',
];

/** The columns of 0003_checkins and 0008_tracing, less idem_key. */
function withColumns<T extends string>(b: CreateTableBuilder<T, never>, dialect: Dialect): CreateTableBuilder<T, never> {
  const t = columnTypes(dialect);
  // PostgreSQL: the primary key (id, at, kind) is added after the copy; it must hold both partition keys.
  return b
    .addColumn('id', 'text', (c) => (dialect === 'postgres' ? c.notNull() : c.primaryKey()))
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('relation', 'text')
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
    .addColumn('dwelling_bidx', 'text')
    .addColumn('building_bidx', 'text');
}

/** The indexes of 0003, 0006 and 0008, made again on the new table (on PostgreSQL: on every partition). */
async function createIndexes(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`alter table checkins add constraint checkins_pkey primary key (id, at, kind)`.execute(db);
  await db.schema.createIndex('checkins_site_at').on('checkins').columns(['site_id', 'at']).execute();
  await db.schema.createIndex('checkins_id_bidx_at').on('checkins').columns(['id_bidx', 'at']).execute();
  await db.schema.createIndex('checkins_phone_bidx').on('checkins').column('phone_bidx').where(sql.ref('phone_bidx'), 'is not', null).execute();
  await db.schema.createIndex('checkins_plate_bidx').on('checkins').column('plate_bidx').where(sql.ref('plate_bidx'), 'is not', null).execute();
  await db.schema.createIndex('checkins_group').on('checkins').column('group_id').execute();
  if (dialect === 'postgres') await sql`create index checkins_flagged on checkins ((org_path collate "C"), at) where flags <> '[]'`.execute(db);
  else await db.schema.createIndex('checkins_flagged').on('checkins').columns(['org_path', 'at']).where(sql.ref('flags'), '<>', '[]').execute();
  await db.schema.createIndex('checkins_dwelling_at').on('checkins').columns(['dwelling_bidx', 'at']).where(sql.ref('dwelling_bidx'), 'is not', null).execute();
  await db.schema.createIndex('checkins_building_at').on('checkins').columns(['building_bidx', 'at']).where(sql.ref('building_bidx'), 'is not', null).execute();
}

async function migrate(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('checkin_keys')
    .addColumn('idem_key', 'text', (c) => c.primaryKey())
    .addColumn('checkin_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('at', t.time, (c) => c.notNull())
    .execute();
  // The purge removes keys by time.
  await db.schema.createIndex('checkin_keys_at').on('checkin_keys').column('at').execute();
  await sql`insert into checkin_keys (idem_key, checkin_id, group_id, flags, at)
    select idem_key, id, group_id, flags, at from checkins where idem_key is not null`.execute(db);

  // The old table's indexes keep their names until it is dropped; the new ones are made after.
  await sql`alter table checkins rename to checkins_0011`.execute(db);
  if (dialect === 'postgres') {
    await withColumns(db.schema.createTable('checkins'), dialect).modifyEnd(sql`partition by range (at)`).execute();
    await sql`create table checkins_default partition of checkins default`.execute(db);
    // The months of the rows there are, and this and the next two months.
    const { rows } = await sql<{ m: string }>`select distinct to_char(to_timestamp(at / 1000.0) at time zone 'UTC', 'YYYY_MM') as m from checkins_0011`.execute(db);
    const now = new Date();
    const months = new Set([...rows.map((r) => r.m), ...monthsBetween(now.getTime(), Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1))]);
    for (const month of [...months].sort()) await createMonthPartition(db, month);
  } else {
    await withColumns(db.schema.createTable('checkins'), dialect).execute();
  }
  const cols = sql.join(COLUMNS.map((c) => sql.id(c)));
  await sql`insert into checkins (${cols}) select ${cols} from checkins_0011`.execute(db);
  await sql`drop table checkins_0011`.execute(db);
  await createIndexes(db, dialect);
}

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // PostgreSQL runs each migration in a transaction; SQLite's migrator does not, and a rebuild cut short must not
  // leave the check-ins in a table of another name.
  if (dialect === 'postgres') await migrate(db, dialect);
  else await db.transaction().execute((tx) => migrate(tx, dialect));
}
