// `tracegrid backup` and `restore` on SQLite: an online backup taken while a server writes check-ins, restored into a
// fresh data directory that a server then runs on; refusals (wrong keys, a server holding the database) change
// nothing. PostgreSQL: backup-postgres.test.ts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openPii } from '../../src/modules/checkins/pii.ts';
import { openRuntime } from '../../src/runtime.ts';
import { runCli, spawnServe, type ServeProcess } from './run.ts';
import { testEnv, testKeysEnv, type TestEnv } from '../helpers/db.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { ADMIN_PASSWORD, login, prepare, streamCheckins, withConfigFile, type Sent } from '../helpers/backup-world.ts';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('backup and restore on sqlite', { timeout: 170_000 }, () => {
  let src: TestEnv;
  let dst: TestEnv;
  let server: ServeProcess | undefined;
  let backupFile: string;
  let beforeBackup: Sent[] = [];

  beforeAll(async () => {
    src = await testEnv('sqlite', { LOG_LEVEL: 'warn' });
    dst = await testEnv('sqlite', { LOG_LEVEL: 'warn' });
    Object.assign(src.env, withConfigFile(src.dataDir));
    // The same keys, as an operator restoring on a new machine would bring them; another data directory.
    Object.assign(dst.env, { TRACEGRID_PII_KEYS: src.env.TRACEGRID_PII_KEYS, TRACEGRID_INDEX_KEY: src.env.TRACEGRID_INDEX_KEY, TRACEGRID_SESSION_SECRET: src.env.TRACEGRID_SESSION_SECRET });
  });
  afterAll(() => {
    server?.kill();
    src?.cleanup();
    dst?.cleanup();
  });

  it('backs up while a server writes check-ins, and the copy is checked', async () => {
    const token = await prepare(src.env, src.dataDir);
    server = await spawnServe({ env: src.env, cwd: src.dataDir, timeoutMs: 90_000 });
    const stream = streamCheckins(server.url, token);
    while (stream.acked.length < 100) await new Promise((r) => setTimeout(r, 20));
    beforeBackup = [...stream.acked];
    const res = await runCli(['backup'], { env: src.env, cwd: src.dataDir, timeoutMs: 90_000 });
    const duringBackup = stream.acked.length - beforeBackup.length;
    await stream.stop();
    server.kill();
    await server.exited;
    server = undefined;
    expect(res.code, res.stderr).toBe(0);
    const [, file, size] = /^Backup written: (.+) \(([\d.]+) MiB, [\d.]+ s\), checked: integrity ok, keys match\.$/m.exec(res.stdout) ?? [];
    expect(file, res.stdout).toBeDefined();
    backupFile = file;
    expect(path.dirname(backupFile)).toBe(path.join(src.dataDir, 'backups'));
    expect(path.basename(backupFile)).toMatch(/^tracegrid-\d{8}T\d{6}Z\.sqlite$/);
    expect(Number(size)).toBeCloseTo(fs.statSync(backupFile).size / 1024 / 1024, 1);
    // Where the keys are that the backup does not hold.
    expect(res.stdout).toMatch(/keys are NOT in the backup: keep a copy of the environment \(TRACEGRID_PII_KEYS/);
    // The server went on acknowledging check-ins while the copy was taken: the backup did not stop it.
    expect(duringBackup).toBeGreaterThan(0);
    const rt = await openRuntime(loadConfig(src.env, src.dataDir));
    try {
      const entries = await rt.database.db.selectFrom('auditLog').select(['action', 'actorName', 'detail']).where('action', '=', 'backup.create').execute();
      expect(entries).toHaveLength(1);
      expect(JSON.stringify(entries[0].detail)).not.toMatch(/\d{17}[\dX]/);
      expect(entries[0].actorName).toMatch(/^cli:/);
    } finally {
      await rt.close();
    }
  });

  it('refuses a backup made with other keys and changes nothing', async () => {
    const wrong = { ...dst.env, ...testKeysEnv() };
    fs.writeFileSync(path.join(dst.dataDir, 'tracegrid.sqlite'), 'placeholder');
    const before = sha(path.join(dst.dataDir, 'tracegrid.sqlite'));
    const res = await runCli(['restore', '--from', backupFile], { env: wrong, cwd: dst.dataDir, timeoutMs: 90_000 });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/written with other keys/);
    expect(res.stderr).toMatch(/key file .*that was in use when the backup was made/);
    expect(sha(path.join(dst.dataDir, 'tracegrid.sqlite'))).toBe(before);
    expect(fs.readdirSync(dst.dataDir).filter((f) => f.includes('before-restore'))).toEqual([]);
  });

  it('restores into a fresh data directory: a server runs on it with the check-ins, personal data and logins', async () => {
    // What lies there is no database at all (damaged): a restore is what it needs, and it is kept aside all the same.
    const res = await runCli(['restore', '--from', backupFile], { env: dst.env, cwd: dst.dataDir, timeoutMs: 90_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/keys match/);
    expect(res.stdout).toMatch(/replaced is kept as .*tracegrid\.sqlite\.before-restore-\d{8}T\d{6}Z/);
    server = await spawnServe({ env: dst.env, cwd: dst.dataDir, timeoutMs: 90_000 });
    expect(await login(server.url, 'admin', ADMIN_PASSWORD)).toBe(200);
    expect(await login(server.url, 'officer-a', PASSWORD)).toBe(200);
    const rt = await openRuntime(loadConfig(dst.env, dst.dataDir));
    try {
      const ids = beforeBackup.map((s) => s.id);
      const rows = await rt.database.db.selectFrom('checkins').select(['id', 'piiEnc']).where('id', 'in', ids).execute();
      expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const s of beforeBackup.slice(0, 20)) {
        const pii = openPii(rt.ctx, byId.get(s.id)!);
        expect(pii.name).toBe(s.person.name);
        expect(pii.idNumber).toBe(s.person.idNumber);
        expect(pii.phone).toBe(s.person.phone);
      }
      const restore = await rt.database.db.selectFrom('auditLog').select(['actorName', 'detail']).where('action', '=', 'backup.restore').execute();
      expect(restore).toHaveLength(1);
      expect(restore[0].actorName).toMatch(/^cli:/);
    } finally {
      await rt.close();
    }
  });

  it('refuses to restore while a server holds the database, and changes nothing', async () => {
    expect(server).toBeDefined();
    const file = path.join(dst.dataDir, 'tracegrid.sqlite');
    const rt = await openRuntime(loadConfig(dst.env, dst.dataDir));
    const countCheckins = async () => Number((await rt.database.db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    try {
      const before = await countCheckins();
      const res = await runCli(['restore', '--from', backupFile], { env: dst.env, cwd: dst.dataDir, timeoutMs: 90_000 });
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/is in use .*Stop every server/);
      const aside = fs.readdirSync(dst.dataDir).filter((f) => f.includes('before-restore'));
      expect(aside).toHaveLength(1); // the first restore's, nothing new
      expect(fs.existsSync(file)).toBe(true);
      expect(await countCheckins()).toBe(before);
    } finally {
      await rt.close();
    }
    server!.kill();
    await server!.exited;
    server = undefined;
    // Stopped: the restore goes through and keeps the replaced database aside.
    const again = await runCli(['restore', '--from', backupFile], { env: dst.env, cwd: dst.dataDir, timeoutMs: 90_000 });
    expect(again.code, again.stderr).toBe(0);
    // The damaged file of the first restore and the database of this one.
    expect(fs.readdirSync(dst.dataDir).filter((f) => /^tracegrid\.sqlite\.before-restore-\d{8}T\d{6}Z(-\d+)?$/.test(f))).toHaveLength(2);
    expect(again.stdout).toMatch(/replaced is kept as/);
  });
});
