// The world of a fault test: a data directory with keys and a config that keeps rate limits out of the way of the
// load, one site to register at, and the check of what was stored against what was acknowledged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { openRuntime } from '../../src/runtime.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import type { PhoneRun } from './phones.ts';

export interface FaultEnv {
  env: Record<string, string>;
  dataDir: string;
}

/** Environment for `tracegrid serve` on `dataDir` (made when not given), on PostgreSQL when `databaseUrl` is given. */
export function faultEnv(opts: { databaseUrl?: string; dataDir?: string; extra?: Record<string, string> } = {}): FaultEnv {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-fault-'));
  const config = { rateLimit: { perMinute: 1_000_000, loginPerMinute: 1000 }, checkinLimits: { perAddress: 1_000_000, perSite: 10_000_000 } };
  fs.writeFileSync(path.join(dataDir, 'tracegrid.config.json'), JSON.stringify(config));
  const b64 = () => crypto.randomBytes(32).toString('base64');
  const env: Record<string, string> = {
    NODE_ENV: 'test', TRACEGRID_DATA_DIR: dataDir, LOG_LEVEL: 'warn', TRACEGRID_ADMIN_PASSWORD: 'Fault-test-pass-1',
    TRACEGRID_PII_KEYS: `k1:${b64()}`, TRACEGRID_INDEX_KEY: b64(), TRACEGRID_SESSION_SECRET: b64(),
    ...(opts.databaseUrl && { DATABASE_URL: opts.databaseUrl }),
    ...opts.extra,
  };
  return { env, dataDir };
}

/** Migrates, seeds the org tree and a checkpoint; answers the site's QR token. */
export async function prepareSite(f: FaultEnv): Promise<string> {
  const rt = await openRuntime(loadConfig(f.env, f.dataDir));
  try {
    await seedOrgTree(rt.ctx);
    const site = await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '故障测试卡口' });
    return site.url.split('/r/')[1];
  } finally {
    await rt.close();
  }
}

/** A database straight, not through the code under test: PostgreSQL by URL, SQLite by file. */
export interface RawStore {
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
  close(): Promise<void>;
}

export async function openRawStore(target: { databaseUrl?: string; sqliteFile?: string }): Promise<RawStore> {
  if (target.databaseUrl) {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    return { query: async (text) => (await client.query(text)).rows, close: () => client.end() };
  }
  const db = new Sqlite(target.sqliteFile!, { fileMustExist: true });
  return { query: async (text) => db.prepare(text).all() as never, close: async () => void db.close() };
}

export interface StoredCheck {
  /** acknowledged ids not found */
  missing: string[];
  /** ids stored more than once (a partitioned table's key, (id, at, kind), does not prevent it) */
  duplicateIds: string[];
  /** acknowledged keys not stored with the id they were acknowledged with */
  wrongKey: string[];
  total: number;
  /** people counted by the daily site rollup: equal to total when every commit took its counts with it */
  rollupPeople: number;
}

const literal = (s: string) => {
  if (!/^[\w-]+$/.test(s)) throw new Error(`unexpected id or key ${s}`);
  return `'${s}'`;
};

/** What was stored of the acknowledged check-ins, by id and by key (checkin_keys: key -> the submitter's check-in). */
export async function checkStored(store: RawStore, run: PhoneRun): Promise<StoredCheck> {
  const entries = [...run.acked];
  const found = new Set<string>();
  const idOfKey = new Map<string, string>();
  for (let i = 0; i < entries.length; i += 500) {
    const part = entries.slice(i, i + 500);
    const rows = await store.query<{ id: string }>(`select id from checkins where id in (${part.map(([, id]) => literal(id)).join(',')})`);
    for (const r of rows) found.add(r.id);
    const keys = await store.query<{ idem_key: string; checkin_id: string }>(`select idem_key, checkin_id from checkin_keys where idem_key in (${part.map(([key]) => literal(key)).join(',')})`);
    for (const r of keys) idOfKey.set(r.idem_key, r.checkin_id);
  }
  const dupIds = await store.query<{ id: string }>('select id from checkins group by id having count(*) > 1');
  const [{ n }] = await store.query<{ n: string | number }>('select count(*) as n from checkins');
  const [{ p }] = await store.query<{ p: string | number }>('select coalesce(sum(people), 0) as p from rollup_site_day');
  return {
    missing: entries.filter(([, id]) => !found.has(id)).map(([, id]) => id),
    duplicateIds: dupIds.map((r) => r.id),
    wrongKey: entries.filter(([key, id]) => idOfKey.get(key) !== id).map(([key]) => key),
    total: Number(n),
    rollupPeople: Number(p),
  };
}

/**
 * Every acknowledged check-in present once, under its key, and nothing else stored (each submission is one row, no
 * companions); the rollups took exactly the rows that committed: no half-written batch.
 */
export async function expectAcknowledgedStoredOnce(target: { databaseUrl?: string; sqliteFile?: string }, run: PhoneRun): Promise<void> {
  const store = await openRawStore(target);
  try {
    const stored = await checkStored(store, run);
    expect(stored.missing, 'acknowledged but not stored').toEqual([]);
    expect(stored.duplicateIds).toEqual([]);
    expect(stored.wrongKey).toEqual([]);
    expect(stored.total).toBe(run.acked.size);
    expect(stored.rollupPeople, 'people counted by the rollups').toBe(stored.total);
  } finally {
    await store.close();
  }
}
