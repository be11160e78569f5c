// Spawns the real `tracegrid` command (node bin/tracegrid.js) the way an operator would, and touches the database
// behind a test environment directly (for set-up and for tampering), without going through the code under test.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import type { TestDialect, TestEnv } from '../helpers/db.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'tracegrid.js');

/** Variables an outer shell might have set that would change what the command does; a test sets them itself. */
const SCRUBBED = [
  'DATABASE_URL', 'PORT', 'HOST', 'LOG_LEVEL', 'TRACEGRID_CONFIG', 'TRACEGRID_DATA_DIR', 'TRACEGRID_KEY_FILE',
  'TRACEGRID_PII_KEYS', 'TRACEGRID_INDEX_KEY', 'TRACEGRID_SESSION_SECRET', 'TRACEGRID_ADMIN_PASSWORD',
  'TRACEGRID_DEMO_PASSWORD', 'TRACEGRID_REGION_CODE', 'TRACEGRID_REGION_NAME',
];

/** process.env, minus TraceGrid settings, plus `env`; a value of undefined removes the variable. */
export function processEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
  for (const k of SCRUBBED) delete merged[k];
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  return merged;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** written to stdin, which is then closed; stdin is closed empty when not given */
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs `node bin/tracegrid.js ...args` to completion; kills it and rejects after the timeout. */
export function runCli(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 45_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: processEnv(opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tracegrid ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.on('error', () => {}); // the command may exit before reading its input
    child.stdin.end(opts.input ?? '');
  });
}

/** One SQL statement or query straight on the test database (no placeholders; the SQL is the same on both engines). */
export async function rawSql<T = Record<string, unknown>>(dialect: TestDialect, t: TestEnv, text: string): Promise<T[]> {
  if (dialect === 'sqlite') {
    const db = new Sqlite(path.join(t.dataDir, 'tracegrid.sqlite'), { fileMustExist: true });
    try {
      const stmt = db.prepare(text);
      if (stmt.reader) return stmt.all() as T[];
      stmt.run();
      return [];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: t.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function count(dialect: TestDialect, t: TestEnv, fromWhere: string): Promise<number> {
  const [row] = await rawSql<{ n: number | string }>(dialect, t, `select count(*) as n from ${fromWhere}`);
  return Number(row.n);
}

// ---------- a running `tracegrid serve` ----------

export interface ServeProcess {
  child: ChildProcess;
  /** base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  stdout(): string;
  stderr(): string;
  /** resolves once stdout contains a line matching `re` */
  waitForStdout(re: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running (for clean-up after a failed test) */
  kill(): void;
}

/** Spawns `serve`; rejects with its output when it exits or stays silent instead of listening. */
export function spawnServe(opts: RunOptions & { args?: string[] } = {}): Promise<ServeProcess> {
  const timeoutMs = opts.timeoutMs ?? 45_000;
  const child = spawn(process.execPath, [BIN, 'serve', ...(opts.args ?? [])], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: processEnv({ PORT: '0', HOST: '127.0.0.1', ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const line = out.split('\n').find((l) => w.re.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    check();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const waitForStdout = (re: RegExp, ms = timeoutMs) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve: no line matching ${re} within ${ms} ms\nstdout: ${out}\nstderr: ${err}`)), ms);
      const done = (line: string) => {
        clearTimeout(timer);
        resolve(line);
      };
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`serve exited (code ${code}, signal ${signal}) before printing ${re}\nstdout: ${out}\nstderr: ${err}`));
      });
      waiters.push({ re, resolve: done });
      check();
    });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return waitForStdout(/TraceGrid is running: /).then(
    (line) => {
      const url = /(https?:\/\/[^/\s]+)/.exec(line)![1];
      return { child, url, stdout: () => out, stderr: () => err, waitForStdout, exited, kill };
    },
    (e) => {
      kill();
      throw e;
    },
  );
}

/** Spawns `serve` expecting it to fail at start-up; returns its exit and output. */
export function runServeExpectingExit(opts: RunOptions = {}): Promise<CliResult> {
  return runCli(['serve'], { ...opts, env: { PORT: '0', HOST: '127.0.0.1', ...opts.env } });
}
