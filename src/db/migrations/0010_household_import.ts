// Household lists (issue 8) are imported by the list-import machinery: an import says what it fills — a list, or
// the grid's addresses and households — and counts the addresses a household import added.
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('imports').addColumn('target', 'text', (c) => c.notNull().defaultTo('list')).execute(); // list | households
  await db.schema.alterTable('imports').addColumn('addresses_created', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
