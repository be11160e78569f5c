// Start-up and shutdown of the real process: wrong keys, unreachable database, first start, graceful SIGTERM.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { newKeyFileContent } from '../../src/core/secrets.ts';
import { openRuntime } from '../../src/runtime.ts';
import { count, rawSql, runCli, runServeExpectingExit, spawnServe, type ServeProcess } from '../cli/run.ts';
import { DIALECTS, testEnv, testKeysEnv, type TestDialect, type TestEnv } from '../helpers/db.ts';

/** Spawns on a shared 2-core machine that may be busy with other suites. */
const SPAWNING_TEST_TIMEOUT = 180_000;

const NO_KEYS = { TRACEGRID_PII_KEYS: undefined, TRACEGRID_INDEX_KEY: undefined, TRACEGRID_SESSION_SECRET: undefined };

/** testEnv's variables without the keys (for key-file cases). */
function withoutKeys(env: Record<string, string>): Record<string, string> {
  const { TRACEGRID_PII_KEYS: _p, TRACEGRID_INDEX_KEY: _i, TRACEGRID_SESSION_SECRET: _s, ...rest } = env;
  return rest;
}

/** Opens the database once in-process, as a first start would: migrates it and records which keys it uses. */
async function firstStart(t: TestEnv, env: Record<string, string>): Promise<void> {
  const rt = await openRuntime(loadConfig(env, t.dataDir));
  await rt.close();
}

function writeKeyFile(dir: string, name: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(newKeyFileContent()), { mode: 0o600 });
  return file;
}

function expectCleanFailure(r: { code: number | null; stderr: string }, message: RegExp): void {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.code, r.stderr).not.toBeNull();
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

interface HttpReply {
  status: number;
  body: string;
}

function post(url: string, body: unknown): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function waitReady(url: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`${url}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > until) throw new Error(`${url}/readyz did not answer 200 within ${timeoutMs} ms (last: ${status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const envs: TestEnv[] = [];
const servers: ServeProcess[] = [];
async function fresh(dialect: TestDialect, extra: Record<string, string> = {}): Promise<TestEnv> {
  const t = await testEnv(dialect, extra);
  envs.push(t);
  return t;
}
afterEach(() => {
  while (servers.length) servers.pop()!.kill();
});
afterAll(() => envs.forEach((t) => t.cleanup()));

for (const dialect of DIALECTS) {
  // The two engines side by side; inside each, one test at a time.
  describe.concurrent(`keys that do not match the database, on ${dialect}`, { timeout: SPAWNING_TEST_TIMEOUT }, () => {
    describe.sequential('are refused', () => {
      it('PII key with the same id but other bytes: refused, naming the key, and nothing is written', async () => {
        const t = await fresh(dialect);
        await firstStart(t, t.env);
        const meta = await count(dialect, t, 'meta');
        const other = testKeysEnv();
        const r = await runCli(['user', 'list'], { env: { ...t.env, TRACEGRID_PII_KEYS: other.TRACEGRID_PII_KEYS } });
        expectCleanFailure(r, /PII key "k1" from environment is not the key this database was written with/);
        expect(await count(dialect, t, 'meta')).toBe(meta);
        await firstStart(t, t.env); // the right keys still open it
      });

      it('PII keys with other ids: refused, naming the ids the database was written with', async () => {
        const t = await fresh(dialect);
        await firstStart(t, t.env);
        const r = await runCli(['user', 'list'], { env: { ...t.env, TRACEGRID_PII_KEYS: `k7:${crypto.randomBytes(32).toString('base64')}` } });
        expectCleanFailure(r, /PII keys from environment \(k7\) are not the keys this database was written with \(k1\)/);
      });

      it('blind-index key: refused, saying look-ups would find nothing', async () => {
        const t = await fresh(dialect);
        await firstStart(t, t.env);
        const r = await runCli(['user', 'list'], { env: { ...t.env, TRACEGRID_INDEX_KEY: testKeysEnv().TRACEGRID_INDEX_KEY } });
        expectCleanFailure(r, /blind-index key from environment is not the one this database was written with/);
      });

      it('serve with another key file exits non-zero, saying the key does not match', async () => {
        const t = await fresh(dialect);
        const base = withoutKeys(t.env);
        // SQLite: the first start creates <dataDir>/keys.json; PostgreSQL needs an explicit key file.
        const firstEnv = dialect === 'sqlite' ? base : { ...base, TRACEGRID_KEY_FILE: writeKeyFile(t.dataDir, 'keys-a.json') };
        await firstStart(t, firstEnv);
        if (dialect === 'sqlite') expect(fs.existsSync(path.join(t.dataDir, 'keys.json'))).toBe(true);
        const wrong = writeKeyFile(t.dataDir, 'keys-b.json');
        const r = await runServeExpectingExit({ env: { ...NO_KEYS, ...base, TRACEGRID_KEY_FILE: wrong }, timeoutMs: 30_000 });
        expectCleanFailure(r, /keys-b\.json is not the key this database was written with/);
        expect(r.stdout).not.toMatch(/TraceGrid is running/);
        expect(r.stdout).not.toMatch(/log in as "admin"/);
        expect(await count(dialect, t, 'users')).toBe(0);
      });
    });
  });
}

describe('a database that cannot be reached', { timeout: SPAWNING_TEST_TIMEOUT }, () => {
  const unreachable = 'postgres://postgres:x@127.0.0.1:1/nope';
  // "Quickly": runCli kills the process and fails the test if it has not exited within 30 s (a refused connection
  // must not be retried forever); the start-up of the process itself takes most of that on a busy machine.

  it('serve exits non-zero quickly, saying to check DATABASE_URL, without printing the password', async () => {
    const r = await runServeExpectingExit({ env: { ...testKeysEnv(), NODE_ENV: 'test', DATABASE_URL: unreachable }, timeoutMs: 30_000 });
    expectCleanFailure(r, /Cannot reach PostgreSQL .*DATABASE_URL/);
    expect(r.stderr).not.toContain(':x@');
  });

  it('migrate too', async () => {
    const r = await runCli(['migrate'], { env: { ...testKeysEnv(), NODE_ENV: 'test', DATABASE_URL: unreachable }, timeoutMs: 30_000 });
    expectCleanFailure(r, /Cannot reach PostgreSQL .*DATABASE_URL/);
    expect(r.stderr).not.toContain(':x@');
  });
});

describe('configuration problems reach the operator as a message, not a stack trace', { timeout: SPAWNING_TEST_TIMEOUT }, () => {
  it('serve with a bad PORT', async () => {
    const t = await fresh('sqlite');
    const r = await runServeExpectingExit({ env: { ...t.env, PORT: '99999' } });
    expectCleanFailure(r, /PORT must be a whole number from 0 to 65535/);
  });

  it('migrate with a bad PORT', async () => {
    const t = await fresh('sqlite');
    const r = await runCli(['migrate'], { env: { ...t.env, PORT: '99999' } });
    expectCleanFailure(r, /^tracegrid: PORT must be a whole number from 0 to 65535/);
  });

  it('user list with a TRACEGRID_DATA_DIR that is a file', async () => {
    const t = await fresh('sqlite');
    const notADir = path.join(t.dataDir, 'plain-file');
    fs.writeFileSync(notADir, 'x');
    const r = await runCli(['user', 'list'], { env: { ...t.env, TRACEGRID_DATA_DIR: notADir } });
    expectCleanFailure(r, /TRACEGRID_DATA_DIR/);
  });
});

describe('serve on sqlite', { timeout: SPAWNING_TEST_TIMEOUT }, () => {
  it('first start without TRACEGRID_ADMIN_PASSWORD prints a generated password once, and it logs in', async () => {
    const t = await fresh('sqlite');
    const env = { ...t.env, TRACEGRID_ADMIN_PASSWORD: undefined };
    const first = await spawnServe({ env });
    servers.push(first);
    const out = first.stdout();
    const m = /log in as "admin" with password (\S+)/.exec(out);
    expect(m, out).not.toBeNull();
    const password = m![1];
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(out.split(password)).toHaveLength(2); // printed exactly once

    await waitReady(first.url);
    const ok = await post(`${first.url}/api/v1/auth/login`, { username: 'admin', password });
    expect(ok.status, ok.body).toBe(200);
    expect(JSON.parse(ok.body).user).toMatchObject({ username: 'admin', role: 'admin' });
    const wrong = await post(`${first.url}/api/v1/auth/login`, { username: 'admin', password: `${password}x` });
    expect(wrong.status).toBe(401);

    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    // It is kept nowhere in clear: not in the database, its WAL, or the key file.
    for (const f of fs.readdirSync(t.dataDir)) {
      expect(fs.readFileSync(path.join(t.dataDir, f)).includes(password), f).toBe(false);
    }

    // A second start does not print a password again.
    const second = await spawnServe({ env });
    servers.push(second);
    expect(second.stdout()).not.toMatch(/password/i);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('SIGTERM lets an in-flight login finish with 200, then exits 0', async () => {
    const adminPassword = 'Correct-horse-battery-42';
    const t = await fresh('sqlite', { TRACEGRID_ADMIN_PASSWORD: adminPassword, LOG_LEVEL: 'info' });
    const srv = await spawnServe({ env: t.env });
    servers.push(srv);
    expect(srv.stdout()).not.toMatch(/log in as "admin"/);
    await waitReady(srv.url);

    // The request is sent in two halves so that it is provably in flight when SIGTERM arrives: the server has read
    // its headers (it logs "incoming request"), then shuts down, and only then receives the rest of the body.
    const body = JSON.stringify({ username: 'admin', password: adminPassword });
    const req = http.request(`${srv.url}/api/v1/auth/login`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const reply = new Promise<HttpReply>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
    });
    req.setNoDelay(true);
    req.write(body.slice(0, 12));
    await srv.waitForStdout(/incoming request.*\/api\/v1\/auth\/login|\/api\/v1\/auth\/login.*incoming request/, 15_000);
    srv.child.kill('SIGTERM');
    await srv.waitForStdout(/SIGTERM: finishing in-flight requests/, 15_000);
    req.end(body.slice(12));

    const res = await reply;
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body).user.username).toBe('admin');
    const exit = await srv.exited;
    expect(exit, srv.stderr()).toEqual({ code: 0, signal: null });
    // The login's session was committed before the database was closed.
    expect(await count('sqlite', t, 'sessions')).toBe(1);
    const [last] = await rawSql<{ action: string }>('sqlite', t, 'select action from audit_log order by seq desc limit 1');
    expect(last.action).toMatch(/^auth\.login/);
  });
});
