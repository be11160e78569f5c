// One set of migrations for both engines; each migration is given the dialect where its SQL must differ.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database, Dialect } from './database.ts';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_sites.ts';
import * as m0003 from './migrations/0003_checkins.ts';
import * as m0004 from './migrations/0004_officer.ts';
import * as m0005 from './migrations/0005_people.ts';
import * as m0006 from './migrations/0006_rollups.ts';
import * as m0007 from './migrations/0007_reports.ts';
import * as m0008 from './migrations/0008_tracing.ts';
import * as m0009 from './migrations/0009_grid.ts';
import * as m0010 from './migrations/0010_household_import.ts';
import * as m0011 from './migrations/0011_job_runs.ts';
import * as m0012 from './migrations/0012_checkin_partitions.ts';
import * as m0013 from './migrations/0013_rate_counters.ts';
import * as m0014 from './migrations/0014_upload_chunks.ts';

type DialectMigration = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> };

const MIGRATIONS: Record<string, DialectMigration> = {
  '0001_foundation': m0001,
  '0002_sites': m0002,
  '0003_checkins': m0003,
  '0004_officer': m0004,
  '0005_people': m0005,
  '0006_rollups': m0006,
  '0007_reports': m0007,
  '0008_tracing': m0008,
  '0009_grid': m0009,
  '0010_household_import': m0010,
  '0011_job_runs': m0011,
  '0012_checkin_partitions': m0012,
  '0013_rate_counters': m0013,
  '0014_upload_chunks': m0014,
};

class DialectMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, this.dialect) }]),
    );
  }
}

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the schema to the latest version (or, for tests of a migration, to the one named); throws (never just
 * logs) when a migration fails.
 */
export async function migrateToLatest(database: Database, upTo?: string): Promise<MigrationReport> {
  const migrator = new Migrator({ db: database.db, provider: new DialectMigrationProvider(database.dialect) });
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
