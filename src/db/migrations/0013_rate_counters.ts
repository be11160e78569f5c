// Rate limits shared by the instances on one PostgreSQL: a count per (key, fixed window), topped up by each
// instance's flushes (see http/shared-rate-store.ts). UNLOGGED on PostgreSQL: a counter lost in a crash only lets a
// minute's requests through again, and unlogged writes skip the WAL. On SQLite (one server) it stays unused.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './types.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  let table = db.schema
    .createTable('rate_counters')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', t.time, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_counters_pk', ['key', 'window_start']);
  if (dialect === 'postgres') table = table.modifyFront(sql`unlogged`);
  await table.execute();
}
