// The world of a fault test: a data directory with keys and a config that keeps rate limits out of the way of the
// load, one site to register at, and the check of what was stored against what was acknowledged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
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
  /** ids stored more than once (a partitioned table's key may not prevent it) */
  duplicateIds: string[];
  /** idempotency keys stored on more than one check-in */
  duplicateKeys: string[];
  /** acknowledged keys not stored with the id they were acknowledged with */
  wrongKey: string[];
  /** rows stored beyond one per submission sent */
  extraRows: number;
  total: number;
  /** people counted by the daily site rollup: equal to total when every commit took its counts with it */
  rollupPeople: number;
}

const literal = (s: string) => {
  if (!/^[\w-]+$/.test(s)) throw new Error(`unexpected id or key ${s}`);
  return `'${s}'`;
};

/**
 * Every acknowledged check-in present once, by id and by key. Each submission is one row (no companions), so the
 * row count also bounds duplicates whatever the schema keeps keys in: at most one row per key sent.
 */
export async function checkStored(store: RawStore, run: PhoneRun): Promise<StoredCheck> {
  const entries = [...run.acked];
  // Keys are on the check-in row, or (partitioned PostgreSQL) in a table of their own: look where they are.
  const keyed = await store.query('select idem_key from checkins where 1 = 0').then(() => true, () => false);
  const keyOf = keyed ? 'idem_key' : 'null';
  const byId = new Map<string, string | null>();
  for (let i = 0; i < entries.length; i += 500) {
    const ids = entries.slice(i, i + 500).map(([, id]) => literal(id));
    const rows = await store.query<{ id: string; idem_key: string | null }>(`select id, ${keyOf} as idem_key from checkins where id in (${ids.join(',')})`);
    for (const r of rows) byId.set(r.id, r.idem_key);
  }
  // Where keys have their own table (checkin_keys: key -> the submitter's check-in), each acknowledged key must lead
  // to the id it was acknowledged with.
  const keyTable = await store.query('select idem_key, checkin_id from checkin_keys where 1 = 0').then(() => true, () => false);
  const idOfKey = new Map<string, string>();
  for (let i = 0; keyTable && i < entries.length; i += 500) {
    const keys = entries.slice(i, i + 500).map(([key]) => literal(key));
    const rows = await store.query<{ idem_key: string; checkin_id: string }>(`select idem_key, checkin_id from checkin_keys where idem_key in (${keys.join(',')})`);
    for (const r of rows) idOfKey.set(r.idem_key, r.checkin_id);
  }
  const dupIds = await store.query<{ id: string }>('select id from checkins group by id having count(*) > 1');
  const dupKeys = keyed ? await store.query<{ idem_key: string }>('select idem_key from checkins where idem_key is not null group by idem_key having count(*) > 1') : [];
  const [{ n }] = await store.query<{ n: string | number }>('select count(*) as n from checkins');
  const total = Number(n);
  const [{ p }] = await store.query<{ p: string | number }>('select coalesce(sum(people), 0) as p from rollup_site_day');
  return {
    missing: entries.filter(([, id]) => !byId.has(id)).map(([, id]) => id),
    duplicateIds: dupIds.map((r) => r.id),
    duplicateKeys: dupKeys.map((r) => r.idem_key),
    wrongKey: entries
      .filter(([key, id]) => (keyTable ? idOfKey.get(key) !== id : byId.has(id) && byId.get(id) !== null && byId.get(id) !== key))
      .map(([key]) => key),
    extraRows: Math.max(0, total - run.sent.size),
    total,
    rollupPeople: Number(p),
  };
}
