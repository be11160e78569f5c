// SQLite backups: an online copy of a live (WAL) database, checked read-only, and putting a backup in place of a
// stopped server's database with the old one kept aside.
import fs from 'node:fs';
import SqliteDriver from 'better-sqlite3';
import { ConfigError } from '../core/errors.ts';

/**
 * Copies the database `source` is connected to into `dest` while other connections (a running server) go on
 * writing. The whole copy is one step, hence one read snapshot: a paged copy restarts whenever another process
 * commits, and under a steady stream of check-ins it might never finish.
 */
export async function copySqliteOnline(source: SqliteDriver.Database, dest: string): Promise<void> {
  await source.backup(dest, { progress: () => 0x7fffffff });
  // A backup is one self-contained file: rollback journal mode, so no -wal or -shm has to travel with it.
  const copy = new SqliteDriver(dest);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

export interface SqliteBackupCheck {
  integrity: string;
  /** the `meta` rows, which hold the key checks */
  meta: Map<string, string>;
}

/** Opens a backup file read-only: its integrity check and its key-check rows. */
export function inspectSqliteBackup(file: string): SqliteBackupCheck {
  if (!fs.existsSync(file)) throw new ConfigError(`No such backup file: ${file}.`);
  let db: SqliteDriver.Database;
  try {
    db = new SqliteDriver(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new ConfigError(`Cannot open the backup ${file} as an SQLite database: ${(e as Error).message}.`);
  }
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    let rows: { key: string; value: string }[] = [];
    try {
      rows = db.prepare('select key, value from meta').all() as typeof rows;
    } catch {
      // not a TraceGrid database: no meta table; the caller reports the missing key checks
    }
    return { integrity, meta: new Map(rows.map((r) => [r.key, r.value])) };
  } catch (e) {
    throw new ConfigError(`The backup ${file} is not a readable SQLite database: ${(e as Error).message}.`);
  } finally {
    db.close();
  }
}

/**
 * Whether a process has the database open. Every WAL connection holds a shared lock for as long as it is open, so an
 * exclusive lock taken without waiting fails while any server, worker thread or command has the file, busy or idle.
 */
export function sqliteInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const probe = new SqliteDriver(file, { timeout: 0, fileMustExist: true });
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('begin exclusive');
    probe.exec('commit');
    return false;
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED') return true;
    // A damaged file is what a restore is for: no server can be using it either.
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return false;
    throw e;
  } finally {
    // Closing the last connection checkpoints the WAL into the file: what is set aside next is complete.
    probe.close();
  }
}

/**
 * Puts a copy of `backup` at `target`; the database there (with its -wal, if any is left) is renamed to
 * `<target>.before-restore-<stamp>`. The copy is written beside the target first, so the swap is two renames.
 */
export function placeSqliteBackup(backup: string, target: string, stamp: string): { keptAside?: string } {
  const incoming = `${target}.restoring`;
  fs.copyFileSync(backup, incoming);
  const fd = fs.openSync(incoming, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  let keptAside: string | undefined;
  if (fs.existsSync(target)) {
    keptAside = `${target}.before-restore-${stamp}`;
    // Never over an earlier one (two restores within a second).
    for (let n = 2; fs.existsSync(keptAside); n++) keptAside = `${target}.before-restore-${stamp}-${n}`;
    fs.renameSync(target, keptAside);
    if (fs.existsSync(`${target}-wal`)) fs.renameSync(`${target}-wal`, `${keptAside}-wal`);
  }
  // Stale sidecars would be replayed onto the restored file.
  fs.rmSync(`${target}-wal`, { force: true });
  fs.rmSync(`${target}-shm`, { force: true });
  fs.renameSync(incoming, target);
  return { keptAside };
}
