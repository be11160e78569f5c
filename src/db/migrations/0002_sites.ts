// Sites: the registration points (checkpoints, compounds, floating-population offices, screening stations).
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './types.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Tokens carry the generation they were signed for; rotating increments it.
    .addColumn('token_generation', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('previous_generation', 'integer')
    .addColumn('previous_valid_until', t.time)
    .addColumn('disabled', t.bool, (c) => c.notNull().defaultTo(t.false))
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sites_org_unit').on('sites').column('org_unit_id').execute();
  // Listing by kind within a scope is the console's common filter.
  await sql`create index sites_kind on sites (kind, code)`.execute(db);
}
