// Data integration: the person master index, the lists analysts import (with their jobs, refused rows and saved
// column mappings), merge candidates and merges, and the links between listed people and their check-ins.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './types.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // One person per ID document: NULLs (records without a usable document) do not collide.
    .addColumn('id_bidx', 'text', (c) => c.unique())
    .addColumn('id_type', 'text')
    // sealed JSON { name, idNumber?, phone?, birthDate?, gender?, address? } (context person.pii)
    .addColumn('pii_enc', 'text', (c) => c.notNull())
    .addColumn('phone_bidx', 'text')
    // blind index of the name's toneless pinyin: 张三 and 章三 block together for matching
    .addColumn('name_bidx', 'text')
    .addColumn('source', 'text', (c) => c.notNull()) // 'checkin' | 'import' | 'officer'
    // An accepted merge points the merged record at the one kept; undoing it clears this.
    .addColumn('merged_into', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('persons_phone_bidx').on('persons').column('phone_bidx').where(sql.ref('phone_bidx'), 'is not', null).execute();
  await db.schema.createIndex('persons_name_bidx').on('persons').column('name_bidx').execute();
  await db.schema.createIndex('persons_merged_into').on('persons').column('merged_into').where(sql.ref('merged_into'), 'is not', null).execute();

  await db.schema
    .createTable('lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    // 'incoming' | 'observation' | 'high_risk' | 'confirmed' | 'suspected' | 'fever' | 'close_contact'
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    // check-ins of people on a watched list are flagged 'watch_list' at once
    .addColumn('watch', t.bool, (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('lists_org_path').on('lists').column('org_path').execute();

  await db.schema
    .createTable('list_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('list_id', 'text', (c) => c.notNull().references('lists.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    // keyed hash of the list and the row's normalised values: importing the same row twice finds it here
    .addColumn('row_key', 'text', (c) => c.notNull())
    // sealed JSON of the row's personal values as received (context list_entry.pii)
    .addColumn('pii_enc', 'text', (c) => c.notNull())
    .addColumn('id_bidx', 'text')
    .addColumn('phone_bidx', 'text')
    .addColumn('origin', 'text') // GB/T 2260 code
    .addColumn('listed_at', t.time) // arrival time, or the date of the category (onset, confirmation)
    .addColumn('note', 'text')
    .addColumn('source', 'text', (c) => c.notNull()) // 'import' | 'officer' | 'tracing'
    .addColumn('import_id', 'text')
    .addColumn('row_no', 'integer')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('ended_at', t.time)
    .execute();
  await db.schema.createIndex('list_entries_row_key').on('list_entries').columns(['list_id', 'row_key']).unique().execute();
  await db.schema.createIndex('list_entries_id_bidx').on('list_entries').column('id_bidx').where(sql.ref('id_bidx'), 'is not', null).execute();
  await db.schema.createIndex('list_entries_person').on('list_entries').column('person_id').execute();
  await db.schema.createIndex('list_entries_import').on('list_entries').column('import_id').execute();
  // A list read or exported in pages walks this (ids are time-ordered: appends, cheap on the write path).
  await db.schema.createIndex('list_entries_list_id').on('list_entries').columns(['list_id', 'id']).execute();

  await db.schema
    .createTable('import_mappings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('columns', 'text', (c) => c.notNull()) // JSON { field: header }
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // chosen when the job is started; an upload waiting for its mapping has none
    .addColumn('list_id', 'text', (c) => c.references('lists.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_path', 'text') // the stored upload, removed when the job ends
    .addColumn('format', 'text', (c) => c.notNull()) // 'csv' | 'xlsx'
    .addColumn('columns', 'text') // JSON { field: header }, set when started
    .addColumn('status', 'text', (c) => c.notNull()) // 'uploaded' | 'queued' | 'running' | 'done' | 'failed'
    .addColumn('bytes_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_refused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('persons_created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('candidates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('checkins_linked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('started_at', t.time)
    .addColumn('finished_at', t.time)
    // a running job whose heartbeat stops (its process died) is taken up again from rows_read
    .addColumn('heartbeat_at', t.time)
    .execute();
  await db.schema.createIndex('imports_org_path').on('imports').columns(['org_path', 'created_at']).execute();

  await db.schema
    .createTable('import_refusals')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('column_name', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull()) // message code, e.g. validation.id_number.checksum
    .addPrimaryKeyConstraint('import_refusals_pk', ['import_id', 'row_no', 'column_name'])
    .execute();

  await db.schema
    .createTable('merge_candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_a', 'text', (c) => c.notNull())
    .addColumn('person_b', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull()) // JSON array of { kind, weight }
    .addColumn('status', 'text', (c) => c.notNull()) // 'open' | 'accepted' | 'rejected' | 'undone'
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', t.time)
    .execute();
  await db.schema.createIndex('merge_candidates_pair').on('merge_candidates').columns(['person_a', 'person_b']).unique().execute();
  await db.schema.createIndex('merge_candidates_open').on('merge_candidates').columns(['status', 'score']).execute();

  await db.schema
    .createTable('person_merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('candidate_id', 'text')
    .addColumn('kept_id', 'text', (c) => c.notNull())
    .addColumn('merged_id', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('by_user', 'text')
    .addColumn('undone_at', t.time)
    .addColumn('undone_by', 'text')
    .execute();
  await db.schema.createIndex('person_merges_kept').on('person_merges').column('kept_id').execute();

  await db.schema
    .createTable('watch_hits')
    .addColumn('checkin_id', 'text', (c) => c.notNull())
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull()) // the check-in's
    .addColumn('at', t.time, (c) => c.notNull()) // the check-in's time
    .addColumn('found', 'text', (c) => c.notNull()) // 'checkin' (at once) | 'import' (linked afterwards)
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addPrimaryKeyConstraint('watch_hits_pk', ['checkin_id', 'list_id'])
    .execute();
  await db.schema.createIndex('watch_hits_person').on('watch_hits').columns(['person_id', 'at']).execute();
  await db.schema.createIndex('watch_hits_org_at').on('watch_hits').columns(['org_path', 'at']).execute();

  // A subject-access report lists who viewed, revealed and exported a person: audit entries by their target.
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_type', 'target_id']).execute();
}
