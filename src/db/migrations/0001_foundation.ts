// Foundation tables: org hierarchy, accounts, sessions, API tokens, audit log.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './types.ts';
import { AUDIT_GENESIS } from '../../core/audit-chain.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema.createTable('meta').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();

  await db.schema
    .createTable('org_units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('org_units.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_units_parent').on('org_units').column('parent_id').execute();
  // text_pattern_ops lets PostgreSQL use the index for LIKE 'prefix%' whatever the collation.
  if (dialect === 'postgres') await sql`create index org_units_path on org_units (path text_pattern_ops)`.execute(db);
  else await db.schema.createIndex('org_units_path').on('org_units').column('path').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text')
    .addColumn('phone_bidx', 'text')
    .addColumn('disabled', t.bool, (c) => c.notNull().defaultTo(t.false))
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_failed_at', t.time)
    .addColumn('locked_until', t.time)
    .addColumn('totp_secret_enc', 'text')
    .addColumn('totp_enabled', t.bool, (c) => c.notNull().defaultTo(t.false))
    .addColumn('totp_last_step', t.time)
    .addColumn('last_login_at', t.time)
    .addColumn('sessions_revoked_at', t.time)
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_phone_bidx').on('users').column('phone_bidx').execute();

  await db.schema
    .createTable('user_scopes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addPrimaryKeyConstraint('user_scopes_pk', ['user_id', 'org_unit_id'])
    .execute();
  await db.schema.createIndex('user_scopes_org').on('user_scopes').column('org_unit_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('last_seen_at', t.time, (c) => c.notNull())
    .addColumn('expires_at', t.time, (c) => c.notNull())
    .addColumn('revoked_at', t.time)
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('last_used_at', t.time)
    .addColumn('revoked_at', t.time)
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', t.serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('purpose', 'text')
    .addColumn('ip', 'text')
    .addColumn('org_path', 'text')
    .addColumn('detail', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'seq']).execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', t.time, (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  // One head row, locked by every append: it serialises writers across instances and anchors the chain's end,
  // so removing the newest entries is detected too.
  await sql`insert into audit_head (id, seq, hash) values (1, 0, ${AUDIT_GENESIS})`.execute(db);
}
