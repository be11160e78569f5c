// Uploaded list files, in the database (issue 9: instances share only the database, so an upload taken by one
// instance must be readable by the one that previews or imports it). Each chunk is sealed on its own (FieldCipher
// bytes, the import id and the chunk number bound as associated data): a list file is personal data.
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('upload_chunks')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('upload_chunks_pk', ['import_id', 'seq'])
    .execute();
}
