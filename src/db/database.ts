// The Database: one Kysely codebase over SQLite (better-sqlite3) and PostgreSQL (pg).
import fs from 'node:fs';
import path from 'node:path';
import SqliteDriver from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import type { DatabaseConfig } from '../config.ts';
import { ConfigError } from '../core/errors.ts';
import { NormalizeResultsPlugin, pgTypes, sqliteParam } from './normalize.ts';
import type { Tables } from './tables.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Tables>;
export type Tx = Transaction<Tables>;
/** Services take a DbLike so they run alone or inside a caller's transaction. */
export type DbLike = Db | Tx;

const plugins = () => [new CamelCasePlugin(), new NormalizeResultsPlugin()];

/**
 * Wraps better-sqlite3 so booleans bind as 0/1 (see normalize.ts), and keeps prepared statements: Kysely
 * prepares every query anew, and preparing was the largest single cost of a check-in.
 */
function sqliteWithParams(raw: SqliteDriver.Database) {
  const fix = (params: readonly unknown[]) => params.map(sqliteParam);
  const statements = new Map<string, SqliteDriver.Statement>();
  const prepared = (text: string) => {
    // Transactions take the write lock when they begin. A deferred one that reads first cannot upgrade to a write
    // once another connection (the check-in writer, an import, another process) has committed since its read:
    // SQLite answers SQLITE_BUSY_SNAPSHOT at once instead of waiting. Waiting at BEGIN is what every writer wants.
    const sqlText = text === 'begin' ? 'begin immediate' : text;
    let stmt = statements.get(sqlText);
    if (!stmt) {
      stmt = raw.prepare(sqlText);
      // Bounded: queries with IN lists of varying length each have their own text.
      if (statements.size >= 500) statements.delete(statements.keys().next().value!);
      statements.set(sqlText, stmt);
    }
    return stmt;
  };
  return {
    close: () => raw.close(),
    prepare(sqlText: string) {
      const stmt = prepared(sqlText);
      return {
        reader: stmt.reader,
        all: (params: readonly unknown[]) => stmt.all(...fix(params)),
        run: (params: readonly unknown[]) => stmt.run(...fix(params)),
        iterate: (params: readonly unknown[]) => stmt.iterate(...fix(params)),
      };
    },
  };
}

export class Database {
  private constructor(
    readonly db: Db,
    readonly dialect: Dialect,
    private readonly closeDriver: () => Promise<void>,
    readonly sqlite?: SqliteDriver.Database,
    /** the SQLite file, for a second connection in a worker thread */
    readonly sqliteFile?: string,
  ) {}

  static sqlite(file: string): Database {
    let raw: SqliteDriver.Database;
    try {
      if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
      raw = new SqliteDriver(file);
    } catch (e) {
      throw new ConfigError(`Cannot open the SQLite database ${file}: ${(e as Error).message}. Check TRACEGRID_DATA_DIR and its permissions.`);
    }
    // WAL: readers never block the writer; NORMAL sync keeps every commit across a process crash.
    try {
      raw.pragma('journal_mode = WAL');
    } catch (e) {
      raw.close();
      throw new ConfigError(describeUnwritable(file, e));
    }
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    // 64 MiB of page cache instead of 2: blind indexes are random keys, and imports of millions of rows touch
    // index pages all over the file.
    raw.pragma('cache_size = -65536');
    const db = new Kysely<Tables>({
      dialect: new SqliteDialect({ database: sqliteWithParams(raw) as never }),
      plugins: plugins(),
    });
    return new Database(db, 'sqlite', async () => void raw.close(), raw, file === ':memory:' ? undefined : file);
  }

  static postgres(url: string, poolSize = 10): Database {
    const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes, connectionTimeoutMillis: 10_000 });
    // An idle client that loses its server must not crash the process; the next query reports the error.
    pool.on('error', () => {});
    // Nor one checked out between two queries (a transaction awaiting, a held advisory lock): pg emits 'error' on the
    // client, with no listener while it is out of the pool. The client is then unusable; released, it is discarded.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }), plugins: plugins() });
    return new Database(db, 'postgres', () => pool.end());
  }

  static open(config: DatabaseConfig): Database {
    return config.kind === 'sqlite' ? Database.sqlite(config.file) : Database.postgres(config.url);
  }

  /** Throws when the database cannot answer; used by /readyz and at start-up. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  transaction<T>(fn: (trx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async close(): Promise<void> {
    await this.db.destroy().catch(() => {});
    await this.closeDriver().catch(() => {});
  }
}

/** Why SQLite could not set up its file: a read-only or full volume is named as such (SQLite says only "unable to open"). */
function describeUnwritable(file: string, e: unknown): string {
  const dir = path.dirname(file);
  let cause = (e as Error).message;
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (a) {
    const code = (a as NodeJS.ErrnoException).code;
    if (code === 'EROFS') cause = 'the file system is mounted read-only';
    else if (code === 'EACCES' || code === 'EPERM') cause = 'this user may not write there';
  }
  return `Cannot use the SQLite database ${file}: ${cause}. SQLite writes the database and its -wal and -shm files in ${dir}: make it writable (remount it read-write, free space) or set TRACEGRID_DATA_DIR to a writable directory.`;
}

/** Describes why a database cannot be reached, in words that say what to fix. */
export function describeConnectionError(config: DatabaseConfig, e: unknown): string {
  const msg = (e as Error).message ?? String(e);
  if (config.kind === 'postgres') {
    const safe = config.url.replace(/:[^:@/]*@/, ':***@');
    return `Cannot reach PostgreSQL at ${safe}: ${msg}. Check DATABASE_URL, that the server runs and accepts this user.`;
  }
  return `Cannot use the SQLite database ${config.file}: ${msg}.`;
}
