// `tracegrid backup` and `tracegrid restore`: a checked copy of the database (SQLite online backup, or pg_dump), and
// putting one back. The keys are never in a backup: without them the personal data in it cannot be read.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig, type Config } from '../config.ts';
import { recordAudit } from '../core/audit.ts';
import { BlindIndex, FieldCipher } from '../core/crypto.ts';
import { ConfigError } from '../core/errors.ts';
import { loadSecrets, type Secrets } from '../core/secrets.ts';
import { copySqliteOnline, inspectSqliteBackup, placeSqliteBackup, sqliteInUse } from '../db/backup-sqlite.ts';
import { checkDumpVersion, connectionArgs, dumpMeta, findPgTool, maskUrl, runPgTool, toolMajor } from '../db/backup-postgres.ts';
import { hasKeyChecks, keysMismatch, openRuntime, type Runtime } from '../runtime.ts';
import { operatorActor, reportError, withRuntime } from './runtime.ts';

/** 2026-11-29T15:04:05.123Z → 20261129T150405Z */
export const backupStamp = (d = new Date()): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function keysReminder(secrets: Secrets): string {
  const where = secrets.source === 'environment' ? 'the environment (TRACEGRID_PII_KEYS, TRACEGRID_INDEX_KEY, TRACEGRID_SESSION_SECRET)' : secrets.source;
  return `The keys are NOT in the backup: keep a copy of ${where} apart from it. Without them the personal data in the backup cannot be read.\n`;
}

/** The backup was written with these keys, or a message naming the fix. */
function checkBackupKeys(meta: Map<string, string>, secrets: Secrets, file: string): void {
  if (!hasKeyChecks(meta)) throw new ConfigError(`${file} holds no key checks (meta table): it is not a TraceGrid backup, or it is damaged.`);
  const problem = keysMismatch(meta, { cipher: new FieldCipher(secrets.keyRing), blindIndex: new BlindIndex(secrets.indexKey) }, secrets);
  if (problem) {
    throw new ConfigError(`${file} was written with other keys than the configured ones. ${problem} Restore with the key file (or TRACEGRID_PII_KEYS, TRACEGRID_INDEX_KEY, TRACEGRID_SESSION_SECRET) that was in use when the backup was made; nothing was changed.`);
  }
}

function outputFile(config: Config, out: string | undefined, ext: string): string {
  const file = path.resolve(out ?? path.join(config.dataDir, 'backups', `tracegrid-${backupStamp()}.${ext}`));
  if (fs.existsSync(file)) throw new ConfigError(`${file} already exists; a backup never overwrites a file. Choose another --out.`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return file;
}

async function backupSqlite(rt: Runtime, file: string): Promise<number> {
  const partial = `${file}.partial`;
  try {
    await copySqliteOnline(rt.database.sqlite!, partial);
    const check = inspectSqliteBackup(partial);
    if (check.integrity !== 'ok') throw new ConfigError(`The copy failed its integrity check (${check.integrity}); no backup was written.`);
    checkBackupKeys(check.meta, rt.secrets, partial);
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return fs.statSync(file).size;
}

async function backupPostgres(rt: Runtime, file: string, url: string): Promise<number> {
  const pgDump = findPgTool('pg_dump');
  const { rows } = await sql<{ serverVersionNum: string }>`show server_version_num`.execute(rt.database.db);
  checkDumpVersion(pgDump, await toolMajor(pgDump), Number(rows[0].serverVersionNum));
  const conn = connectionArgs(url);
  const partial = `${file}.partial`;
  try {
    await runPgTool(pgDump, ['--format=custom', `--file=${partial}`, `--dbname=${conn.url}`], conn.env, conn.env.PGPASSWORD);
    // Read back: the archive lists, and its key checks are the configured keys'.
    checkBackupKeys(await dumpMeta(findPgTool('pg_restore'), partial), rt.secrets, partial);
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return fs.statSync(file).size;
}

export async function backupCommand(opts: { out?: string; json?: boolean }): Promise<void> {
  await withRuntime(async (rt) => {
    const { database } = rt.config;
    const file = outputFile(rt.config, opts.out, database.kind === 'sqlite' ? 'sqlite' : 'dump');
    const started = Date.now();
    const bytes = database.kind === 'sqlite' ? await backupSqlite(rt, file) : await backupPostgres(rt, file, database.url);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    await recordAudit(rt.ctx, operatorActor(), { action: 'backup.create', targetType: 'database', detail: { engine: database.kind, file: path.basename(file), bytes } });
    if (opts.json) return void process.stdout.write(JSON.stringify({ file, bytes, seconds, engine: database.kind, keys: rt.secrets.source }) + '\n');
    process.stdout.write(`Backup written: ${file} (${mib(bytes)}, ${seconds} s), checked: ${database.kind === 'sqlite' ? 'integrity ok, ' : ''}keys match.\n`);
    process.stdout.write(keysReminder(rt.secrets));
  });
}

/** Keys must be configured before a restore: otherwise the first start would make new ones that read nothing. */
function configuredSecrets(config: Config): Secrets {
  const env = config.keysFromEnv;
  const defaultFile = path.join(config.dataDir, 'keys.json');
  if (!env.piiKeys && !env.indexKey && !env.sessionSecret && !config.keyFile && !fs.existsSync(defaultFile)) {
    throw new ConfigError(`No keys are configured for ${config.dataDir}: put the key file the backup was made with at ${defaultFile} (or set TRACEGRID_KEY_FILE, or TRACEGRID_PII_KEYS, TRACEGRID_INDEX_KEY and TRACEGRID_SESSION_SECRET), then restore.`);
  }
  return loadSecrets(config);
}

async function restoreSqlite(config: Config, from: string, secrets: Secrets, stamp: string): Promise<Record<string, unknown>> {
  const target = (config.database as { file: string }).file;
  const check = inspectSqliteBackup(from);
  if (check.integrity !== 'ok') throw new ConfigError(`The backup ${from} fails its integrity check (${check.integrity}); nothing was changed.`);
  checkBackupKeys(check.meta, secrets, from);
  if (sqliteInUse(target)) {
    throw new ConfigError(`${target} is in use (a TraceGrid server or another command has it open). Stop every server on this data directory, then restore; nothing was changed.`);
  }
  const { keptAside } = placeSqliteBackup(from, target, stamp);
  return { target, keptAside };
}

async function restorePostgres(url: string, from: string, secrets: Secrets, force: boolean, stamp: string): Promise<Record<string, unknown>> {
  if (!fs.existsSync(from)) throw new ConfigError(`No such backup file: ${from}.`);
  const pgRestore = findPgTool('pg_restore');
  checkBackupKeys(await dumpMeta(pgRestore, from), secrets, from);
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw new ConfigError(`Cannot reach PostgreSQL at ${maskUrl(url)}: ${(e as Error).message}.`);
  }
  // With --force the current tables are kept aside as a renamed schema (pg_restore --clean cannot drop the
  // constraints of partitions), and put back should the restore fail.
  const aside = `tracegrid_before_restore_${stamp.toLowerCase()}`;
  let keptAside: string | undefined;
  try {
    const others = Number((await client.query(`select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`)).rows[0].n);
    if (others > 0) throw new ConfigError(`${others} other connection(s) use ${maskUrl(url)}: stop every TraceGrid server on it, then restore; nothing was changed.`);
    const tables = Number((await client.query(`select count(*) as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`)).rows[0].n);
    if (tables > 0 && !force) {
      throw new ConfigError(`${maskUrl(url)} already holds ${tables} tables. Restore into an empty database (createdb), or add --force to replace them (they are kept aside in a schema); nothing was changed.`);
    }
    if (tables > 0) {
      await client.query(`begin; alter schema public rename to ${aside}; create schema public; commit`);
      keptAside = aside;
    }
    const conn = connectionArgs(url);
    // One transaction: a failed restore leaves the database as it was.
    const args = ['--no-owner', '--single-transaction', '--exit-on-error', `--dbname=${conn.url}`, from];
    try {
      await runPgTool(pgRestore, args, conn.env, conn.env.PGPASSWORD);
    } catch (e) {
      if (keptAside) await client.query(`begin; drop schema public cascade; alter schema ${aside} rename to public; commit`);
      throw e;
    }
  } finally {
    await client.end();
  }
  return { target: maskUrl(url), keptAside: keptAside && `schema ${keptAside} (DROP SCHEMA ${keptAside} CASCADE once the restore is checked)` };
}

export async function restoreCommand(opts: { from: string; force?: boolean; json?: boolean }): Promise<void> {
  let rt: Runtime | undefined;
  try {
    const config = loadConfig();
    const from = path.resolve(opts.from);
    const secrets = configuredSecrets(config);
    const stamp = backupStamp();
    const { database } = config;
    const result = database.kind === 'sqlite' ? await restoreSqlite(config, from, secrets, stamp) : await restorePostgres(database.url, from, secrets, !!opts.force, stamp);
    // Opened like a server would: migrations (none, or those newer than the backup) and the key check; the audit
    // entry goes into the restored database, where the next operator looks.
    rt = await openRuntime(config);
    const [{ n }] = await rt.database.db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n')).execute();
    await recordAudit(rt.ctx, operatorActor(), { action: 'backup.restore', targetType: 'database', detail: { engine: database.kind, file: path.basename(from), checkins: Number(n), keptAside: result.keptAside ? (database.kind === 'sqlite' ? path.basename(String(result.keptAside)) : String(result.keptAside).split(' ')[1]) : null } });
    if (opts.json) process.stdout.write(JSON.stringify({ from, ...result, checkins: Number(n) }) + '\n');
    else {
      process.stdout.write(`Restored ${from} into ${String(result.target)}: ${Number(n)} check-ins, keys match.\n`);
      if (result.keptAside) process.stdout.write(`The database it replaced is kept as ${String(result.keptAside)}.\n`);
    }
  } catch (e) {
    process.exitCode = reportError(e);
  } finally {
    await rt?.close();
  }
}
