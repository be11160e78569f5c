// Migration 0012 on a database that has check-ins already: the rows stay (on PostgreSQL, each in its month and
// kind), their idempotency keys move to checkin_keys and still answer a resend, the old column and its unique
// index are gone, the indexes are there again.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openHistoryWriter } from '../../src/modules/demo/history.ts';
import { openRuntime } from '../../src/runtime.ts';
import { DIALECTS, testEnv, type TestEnv } from '../helpers/db.ts';

const MARCH_2025 = Date.UTC(2025, 2, 10, 6, 0);
const NOW = Date.now();

function row(id: string, group: string, kind: string, at: number, key: string | null) {
  return sql`insert into checkins (id, group_id, site_id, org_path, kind, direction, at, role, pii_enc, flags, idem_key)
    values (${id}, ${group}, 's1', '/r/', ${kind}, 'in', ${at}, ${id === group ? 'self' : 'companion'}, 'sealed', ${id === group ? '["fever"]' : '[]'}, ${key})`;
}

for (const dialect of DIALECTS) {
  describe(`migration 0012 on ${dialect}`, () => {
    let t: TestEnv | undefined;
    afterEach(() => t?.cleanup());

    it('keeps the check-ins written before it and their keys', async () => {
      t = await testEnv(dialect);
      const config = loadConfig(t.env, t.dataDir);
      const database = Database.open(config.database);
      try {
        await migrateToLatest(database, '0011_job_runs');
        for (const q of [row('A1', 'A1', 'checkpoint', MARCH_2025, 'key-a'), row('A2', 'A1', 'checkpoint', MARCH_2025, null), row('B1', 'B1', 'station', NOW, 'key-b')]) await q.execute(database.db);
        const { applied } = await migrateToLatest(database);
        expect(applied).toContain('0012_checkin_partitions');
        const rows = await database.db.selectFrom('checkins').select(['id', 'groupId', 'kind', 'at', 'piiEnc', 'flags']).orderBy('id').execute();
        expect(rows).toEqual([
          { id: 'A1', groupId: 'A1', kind: 'checkpoint', at: MARCH_2025, piiEnc: 'sealed', flags: '["fever"]' },
          { id: 'A2', groupId: 'A1', kind: 'checkpoint', at: MARCH_2025, piiEnc: 'sealed', flags: '[]' },
          { id: 'B1', groupId: 'B1', kind: 'station', at: NOW, piiEnc: 'sealed', flags: '["fever"]' },
        ]);
        expect(await database.db.selectFrom('checkinKeys').selectAll().orderBy('idemKey').execute()).toEqual([
          { idemKey: 'key-a', checkinId: 'A1', groupId: 'A1', flags: '["fever"]', at: MARCH_2025 },
          { idemKey: 'key-b', checkinId: 'B1', groupId: 'B1', flags: '["fever"]', at: NOW },
        ]);
        const indexes = ['checkins_site_at', 'checkins_id_bidx_at', 'checkins_phone_bidx', 'checkins_plate_bidx', 'checkins_group', 'checkins_flagged', 'checkins_dwelling_at', 'checkins_building_at'];
        if (dialect === 'postgres') {
          const cols = await sql<{ c: string }>`select column_name as c from information_schema.columns where table_name = 'checkins'`.execute(database.db);
          expect(cols.rows.map((r) => r.c)).not.toContain('idem_key');
          const march = await sql<{ id: string }>`select id from checkins_2025_03_checkpoint order by id`.execute(database.db);
          expect(march.rows.map((r) => r.id)).toEqual(['A1', 'A2']);
          expect((await sql`select 1 from checkins_default`.execute(database.db)).rows).toHaveLength(0);
          const idx = await sql<{ n: string }>`select indexname as n from pg_indexes where tablename = 'checkins'`.execute(database.db);
          expect(idx.rows.map((r) => r.n).sort()).toEqual([...indexes, 'checkins_pkey'].sort());
        } else {
          const cols = await sql<{ name: string }>`select name from pragma_table_info('checkins')`.execute(database.db);
          expect(cols.rows.map((r) => r.name)).not.toContain('idem_key');
          const idx = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'checkins' and name not like 'sqlite_autoindex%'`.execute(database.db);
          expect(idx.rows.map((r) => r.name).sort()).toEqual([...indexes].sort());
        }
      } finally {
        await database.close();
      }

      // A resend of a key written before the migration is answered with its check-in; a new key is stored.
      const rt = await openRuntime(config);
      const writer = openHistoryWriter(rt.database);
      try {
        const sub = (key: string, id: string) => ({
          idemKey: key,
          rows: [{ id, groupId: id, siteId: 's1', orgPath: '/r/', kind: 'checkpoint', direction: 'in', at: NOW, role: 'self', relation: null, piiEnc: 'sealed', idType: null, idBidx: null, phoneBidx: null, plateBidx: null, plateType: null, vehicleRole: null, temperature: null, symptoms: null, origin: null, destination: null, places14d: null, purpose: null, flags: '[]', lang: null, enteredBy: null, dwellingBidx: null, buildingBidx: null }],
        });
        expect(await writer.submit(sub('key-a', 'C1'))).toEqual({ id: 'A1', groupId: 'A1', flags: ['fever'], duplicate: true });
        expect(await writer.submit(sub('key-c', 'C2'))).toEqual({ id: 'C2', groupId: 'C2', flags: [], duplicate: false });
        expect(await writer.submit(sub('key-c', 'C3'))).toMatchObject({ id: 'C2', duplicate: true });
        // Two writers (two instances) with the same new key at once: one row, both answered with it.
        const other = openHistoryWriter(rt.database);
        try {
          const both = await Promise.all([writer.submit(sub('key-d', 'D1')), other.submit(sub('key-d', 'D2'))]);
          expect(both[0].id).toBe(both[1].id);
          expect(both.filter((w) => w.duplicate)).toHaveLength(1);
        } finally {
          await other.close();
        }
        const ids = (await rt.ctx.db.selectFrom('checkins').select('id').orderBy('id').execute()).map((r) => r.id);
        expect(ids).toHaveLength(5);
        expect(ids.slice(0, 4)).toEqual(['A1', 'A2', 'B1', 'C2']);
      } finally {
        await writer.close();
        await rt.close();
      }
    });
  });
}
