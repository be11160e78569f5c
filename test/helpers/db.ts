// Test runtimes on both engines: a fresh SQLite file or a fresh PostgreSQL database per call.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Clock } from '../../src/core/clock.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';

export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

const b64 = () => crypto.randomBytes(32).toString('base64');

/** Keys for a test database, passed as environment like an operator would. */
export function testKeysEnv(): Record<string, string> {
  return { TRACEGRID_PII_KEYS: `k1:${b64()}`, TRACEGRID_INDEX_KEY: b64(), TRACEGRID_SESSION_SECRET: b64() };
}

/** Creates an empty PostgreSQL database (on the tests' cluster unless another is named) and returns its URL. */
export async function createPgDatabase(base: string = inject('pgUrl'), name = `t_${crypto.randomBytes(6).toString('hex')}`): Promise<string> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestEnv {
  env: Record<string, string>;
  dataDir: string;
  cleanup(): void;
}

/** The environment a process (server or CLI) would be started with for this dialect. */
export async function testEnv(dialect: TestDialect, extra: Record<string, string> = {}): Promise<TestEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-test-'));
  const env: Record<string, string> = { NODE_ENV: 'test', TRACEGRID_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...testKeysEnv(), ...extra };
  if (dialect === 'postgres') env.DATABASE_URL = await createPgDatabase();
  return { env, dataDir, cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

export interface TestRuntime extends Runtime {
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export async function createTestRuntime(
  dialect: TestDialect,
  opts: { clock?: Clock; env?: Record<string, string>; configure?: (c: Config) => Config } = {},
): Promise<TestRuntime> {
  const t = await testEnv(dialect, opts.env);
  let config = loadConfig(t.env, t.dataDir);
  if (opts.configure) config = opts.configure(config);
  const rt = await openRuntime(config, { clock: opts.clock });
  return {
    ...rt,
    env: t.env,
    async dispose() {
      await rt.close();
      t.cleanup();
    },
  };
}
