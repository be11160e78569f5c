// SQLite storage faults, on a small tmpfs as the data directory: the disk fills up under load, then space is freed;
// later the volume is read-only. Writes are refused with 503 and a message that names the cause, nothing is
// half-written, and the instance recovers without a restart once there is space again.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runServeExpectingExit, spawnServe, type ServeProcess } from '../cli/run.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { startPhones, until, type Answer } from './phones.ts';
import { expectAcknowledgedStoredOnce, faultEnv, openRawStore, prepareSite, type FaultEnv } from './world.ts';

const mount = (...args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });

/** Mounts a tmpfs of `mb` MiB on a new directory; a reason instead when this machine does not let us. */
function mountTmpfs(mb: number): { dir: string } | { reason: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-fault-disk-'));
  try {
    mount('-t', 'tmpfs', '-o', `size=${mb}m,mode=0700`, 'tmpfs', dir);
    return { dir };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { reason: `cannot mount a tmpfs (needs root and mount rights): ${(e as Error).message.split('\n')[0]}` };
  }
}

/** Writes a file until the file system has no space left; answers its path. */
function fillDisk(dir: string): string {
  const file = path.join(dir, 'filler');
  const fd = fs.openSync(file, 'w');
  try {
    for (const size of [1 << 20, 64 << 10, 4 << 10, 512]) {
      const chunk = Buffer.alloc(size, 1);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: { 'accept-language': 'en', ...headers } });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } } };
}

describe('SQLite storage faults', { timeout: 150_000 }, () => {
  let dir: string | undefined;
  let f: FaultEnv | undefined;
  let server: ServeProcess | undefined;
  let token: string | undefined;
  let ackedBefore: number | undefined;
  afterAll(async () => {
    server?.kill();
    await server?.exited;
    if (dir) {
      try {
        mount('-o', 'remount,rw', dir);
      } catch {
        // not mounted, or already writable
      }
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses writes while the disk is full, loses nothing, and writes again once space is freed', async (ctx) => {
    const mounted = mountTmpfs(48);
    if ('reason' in mounted) {
      if (process.env.CI === 'true') throw new Error(mounted.reason);
      ctx.skip(mounted.reason);
      return;
    }
    dir = mounted.dir;
    f = faultEnv({ dataDir: dir });
    token = await prepareSite(f);
    server = await spawnServe({ env: f.env, cwd: dir, timeoutMs: 90_000 });
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: f.env.TRACEGRID_ADMIN_PASSWORD }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];

    let stopping = false;
    const { run, done } = startPhones({ urls: [server.url], phones: 6, token, stopping: () => stopping, resendDelayMs: 100, finishWithinMs: 30_000 });
    await until(() => run.acked.size >= 100, 30_000, 'check-ins before the disk fills');

    const filler = fillDisk(dir);
    const fullAt = Date.now();
    // The WAL reuses its space for a while; then a commit needs more and the disk says no.
    await until(() => run.answers.some((a) => a.at >= fullAt && a.code === 'db.full'), 60_000, 'a check-in refused for a full disk');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await get(`${server.url}/healthz`)).status).toBe(200);
    const refused = run.answers.find((a) => a.code === 'db.full')!;
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toMatch(/^\d+$/);
    expect(refused.message).toMatch(/out of storage space/);

    fs.rmSync(filler);
    const freedAt = Date.now();
    await until(() => run.answers.filter((a) => a.at >= freedAt + 500 && a.status === 201).length >= 50, 30_000, 'check-ins acknowledged once space is freed');
    stopping = true;
    await done;

    expect(server.child.exitCode, 'the server exited').toBeNull();
    const whileFull = run.answers.filter((a) => a.at >= fullAt && a.at < freedAt);
    const unexpected = (list: Answer[]) => list.filter((a) => a.status === 0 || (a.status >= 500 && !(a.status === 503 && a.code === 'db.full')));
    expect(unexpected(whileFull), 'answers other than 201 or 503 db.full while the disk was full').toEqual([]);
    expect(unexpected(run.answers)).toEqual([]);
    expect(run.unanswered).toEqual(new Set());
    // An authenticated read after recovery.
    expect((await get(`${server.url}/api/v1/checkins?limit=5`, { cookie })).status).toBe(200);

    server.child.kill('SIGTERM');
    await server.exited;
    const file = path.join(dir, 'tracegrid.sqlite');
    const db = new Sqlite(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    await expectAcknowledgedStoredOnce({ sqliteFile: file }, run);
    ackedBefore = run.acked.size;
  });

  // A tmpfs cannot be remounted read-only while a process holds files on it open for writing (the kernel answers
  // "busy"), so the volume turns read-only between two runs: the start is refused with a message naming the cause,
  // and once it is writable again the instance starts with everything it had.
  it('refuses to start on a read-only volume, saying so, and starts with its data once writable again', async (ctx) => {
    if (!dir || !f || ackedBefore === undefined) return ctx.skip('needs the volume of the previous test');
    mount('-o', 'remount,ro', dir);
    const refused = await runServeExpectingExit({ env: f.env, cwd: dir, timeoutMs: 90_000 });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('read-only');
    expect(refused.stderr).toContain(dir);
    expect(refused.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace

    mount('-o', 'remount,rw', dir);
    server = await spawnServe({ env: f.env, cwd: dir, timeoutMs: 90_000 });
    const res = await fetch(`${server.url}/api/v1/checkins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, key: idemKey(), direction: 'in', person: syntheticPerson(), origin: '150102', destination: '150103' }) });
    expect(res.status).toBe(201);
    server.child.kill('SIGTERM');
    await server.exited;
    const store = await openRawStore({ sqliteFile: path.join(dir, 'tracegrid.sqlite') });
    try {
      const [{ n }] = await store.query<{ n: number }>('select count(*) as n from checkins');
      expect(n).toBe(ackedBefore + 1);
    } finally {
      await store.close();
    }
  });
});
