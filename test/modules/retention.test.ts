// Retention on both engines: three months of check-ins of every kind, written through the real ingest on a manual
// clock, purged with the defaults and then with a shorter retention for stations. Exactly the old rows go (with
// their keys, decisions and hits), the new stay, the days' counts in the rollups do not change, PostgreSQL drops
// the partitions of old months, each run is audited, a dry run changes nothing and a second run removes nothing.
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKIN_KINDS, type CheckinKind } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { dayStartMs } from '../../src/core/local-day.ts';
import { Database } from '../../src/db/database.ts';
import { ensureCheckinPartitions, preparePartitions } from '../../src/modules/retention/partitions.ts';
import { purgeExpired } from '../../src/modules/retention/purge.ts';
import { retentionTick } from '../../src/modules/retention/schedule.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 8, 1, 2, 0); // 2026-09-01 10:00 China time
const NOW = Date.UTC(2026, 10, 28, 2, 0); // 2026-11-28 10:00 China time

const body = (kind: CheckinKind, token: string) => {
  const base = { token, key: idemKey(), person: syntheticPerson('钱测试') };
  if (kind === 'checkpoint') return { ...base, direction: 'in', origin: '150102', destination: '110101' };
  if (kind === 'community') return { ...base, direction: 'in', person: { name: '孙测试', phone: '13912340000' }, community: { role: 'visitor', visiting: '3-2-501' } };
  if (kind === 'floating') return { ...base, origin: '420106', address: { building: '8', room: '1203' }, floating: { arrivalDate: '2026-09-01', host: '房东', hostKind: 'landlord', stayDays: 30 } };
  return { ...base, direction: 'in' };
};

for (const dialect of DIALECTS) {
  describe(`retention on ${dialect}`, () => {
    const clock = new ManualClock(START);
    let rt: TestRuntime;
    let app: FastifyInstance;
    const tokens = {} as Record<CheckinKind, string>;
    const written: Array<{ id: string; kind: CheckinKind; at: number; key: string }> = [];

    const ids = async () => new Set((await rt.database.db.selectFrom('checkins').select('id').execute()).map((r) => r.id));
    const count = async (table: 'decisions' | 'watchHits' | 'checkinKeys' | 'observations' | 'temperatureReports') =>
      Number((await rt.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rollups = () => rt.database.db.selectFrom('rollupSiteDay').select(['day', 'siteId', 'people', 'submissions']).orderBy('day').orderBy('siteId').execute();
    const tables = async (like: string) =>
      (await sql<{ name: string }>`select relname as name from pg_class where relkind in ('r', 'p') and relname like ${like} order by relname`.execute(rt.database.db)).rows.map((r) => r.name);
    const post = async (kind: CheckinKind) => {
      const b = body(kind, tokens[kind]);
      const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: b });
      expect(res.statusCode, res.body).toBe(201);
      written.push({ id: res.json().id, kind, at: clock.now(), key: b.key });
      return b;
    };
    /** the ids that a purge with these cutoffs keeps */
    const kept = (cut: Record<CheckinKind, number>) => new Set(written.filter((w) => w.at >= cut[w.kind]).map((w) => w.id));

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      for (const kind of CHECKIN_KINDS) tokens[kind] = (await createSite(rt.ctx, operator, { orgCode: '150102', kind, name: `${kind} 新城区` })).url.split('/r/')[1];
      app = await buildTestApp(rt);
      // Every five days from 1 September to 25 November, one check-in of each kind.
      for (; clock.now() < NOW; clock.advance(5 * DAY)) for (const kind of CHECKIN_KINDS) await post(kind);
      clock.advance(NOW - clock.now());
      const first = written[0];
      const last = written.at(-1)!;
      const site = (await rt.database.db.selectFrom('checkins').select(['siteId', 'orgPath', 'groupId']).where('id', '=', first.id).executeTakeFirstOrThrow());
      const decision = (id: string, checkinId: string, at: number) => ({ id, checkinId, groupId: checkinId, siteId: site.siteId, orgPath: site.orgPath, decision: 'pass', note: null, via: 'lookup', at, byUser: 'u1' });
      await rt.database.db.insertInto('decisions').values([decision('d-old', first.id, first.at + 60_000), decision('d-new', last.id, last.at + 60_000)]).execute();
      const stationOld = written.find((w) => w.kind === 'station' && w.at > Date.UTC(2026, 10, 5))!; // 10 November: kept by 28 days, not by 14
      const hit = (w: (typeof written)[number]) => ({ checkinId: w.id, listId: 'l1', entryId: 'e1', personId: 'p1', orgPath: site.orgPath, at: w.at, found: 'checkin', createdAt: w.at });
      await rt.database.db.insertInto('watchHits').values([hit(first), hit(stationOld), hit(last)]).execute();
      const observation = (id: string, status: string, endedAt: number | null) => ({
        id, personId: 'p1', taskId: 't1', orgUnitId: 'o1', orgPath: site.orgPath, startAt: START, endAt: START + 14 * DAY, status, tokenVersion: 1, createdBy: null, createdAt: START, endedAt,
      });
      await rt.database.db.insertInto('observations').values([observation('obs-old', 'ended', Date.UTC(2026, 9, 1)), observation('obs-recent', 'ended', Date.UTC(2026, 10, 20)), observation('obs-active', 'active', null)]).execute();
      const report = (id: string, observationId: string) => ({ id, observationId, slot: '2026-09-02/am', at: START + DAY, temperature: 36.5, symptoms: null, source: 'self', byUser: null, clientId: id, orgPath: site.orgPath, createdAt: START + DAY });
      await rt.database.db.insertInto('temperatureReports').values([report('r1', 'obs-old'), report('r2', 'obs-old'), report('r3', 'obs-recent'), report('r4', 'obs-active')]).execute();
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    const cut28 = dayStartMs('2026-10-31');
    const defaults = { checkpoint: cut28, community: cut28, floating: cut28, station: cut28 };

    it('a dry run counts what would go and changes nothing', async () => {
      const before = { ids: await ids(), keys: await count('checkinKeys'), audits: await rt.database.db.selectFrom('auditLog').select('seq').execute() };
      const r = await purgeExpired(rt.ctx, operator, { dryRun: true });
      const gone = written.filter((w) => !kept(defaults).has(w.id));
      for (const kind of CHECKIN_KINDS) expect(r.checkins[kind], kind).toBe(gone.filter((w) => w.kind === kind).length);
      expect(r.tables).toMatchObject({ checkinKeys: gone.length, decisions: 1, watchHits: 1, observations: 1, temperatureReports: 2 });
      expect(r.cutoffs.checkins.station).toBe(new Date(cut28).toISOString());
      if (dialect === 'postgres') expect(r.partitions).toContain('checkins_2026_09');
      expect(await ids()).toEqual(before.ids);
      expect(await count('checkinKeys')).toBe(before.keys);
      expect(await rt.database.db.selectFrom('auditLog').select('seq').execute()).toEqual(before.audits);
      if (dialect === 'postgres') expect(await tables('checkins_2026_09%')).toHaveLength(6);
    });

    it('removes exactly the check-ins before the cutoff with their keys, decisions, hits and ended observations; rollups stay', async () => {
      const rollupsBefore = await rollups();
      expect(rollupsBefore.length).toBeGreaterThan(20);
      const r = await purgeExpired(rt.ctx, operator);
      expect(await ids()).toEqual(kept(defaults));
      const gone = written.filter((w) => !kept(defaults).has(w.id));
      expect(Object.values(r.checkins).reduce((a, b) => a + b, 0)).toBe(gone.length);
      expect(r.tables).toEqual({ checkinKeys: gone.length, decisions: 1, watchHits: 1, observations: 1, temperatureReports: 2 });
      expect(await count('checkinKeys')).toBe(written.length - gone.length);
      expect((await rt.database.db.selectFrom('decisions').select('id').execute()).map((d) => d.id)).toEqual(['d-new']);
      expect(await count('watchHits')).toBe(2);
      expect((await rt.database.db.selectFrom('observations').select('id').orderBy('id').execute()).map((o) => o.id)).toEqual(['obs-active', 'obs-recent']);
      expect(await count('temperatureReports')).toBe(2);
      // The days' counts are the rollups': the old days still count what happened.
      expect(await rollups()).toEqual(rollupsBefore);
      if (dialect === 'postgres') {
        expect(await tables('checkins_2026_09%')).toEqual([]);
        expect(r.partitions).toEqual(expect.arrayContaining(['checkins_2026_09_checkpoint', 'checkins_2026_09_station', 'checkins_2026_09']));
        // October holds the cutoff: its rows before it were deleted, the partitions stay.
        expect(await tables('checkins_2026_10%')).toHaveLength(6);
      }
      const audit = await rt.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'retention.purge').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0].actorName).toBe(operator.username);
      const detail = JSON.parse(audit[0].detail!);
      expect(detail.checkins).toEqual(r.checkins);
      expect(detail.cutoffs.checkins.checkpoint).toBe(new Date(cut28).toISOString());
      expect(audit[0].detail).not.toMatch(/钱测试|孙测试/);
    });

    it('a kind kept for fewer days loses more, and a second run removes nothing', async () => {
      rt.ctx.config.retention.checkinDays.station = 14;
      try {
        const cut = { ...defaults, station: dayStartMs('2026-11-14') };
        const r = await purgeExpired(rt.ctx, operator);
        expect(await ids()).toEqual(kept(cut));
        expect(r.checkins).toEqual({ checkpoint: 0, community: 0, floating: 0, station: 3 }); // 31 October, 5 and 10 November
        expect(r.tables.watchHits).toBe(1);
        if (dialect === 'postgres') {
          expect(r.partitions).toEqual(['checkins_2026_10_station']);
          expect(await tables('checkins_2026_10%')).not.toContain('checkins_2026_10_station');
          expect(await tables('checkins_2026_10%')).toContain('checkins_2026_10_checkpoint');
        }
        const again = await purgeExpired(rt.ctx, operator);
        expect(again.checkins).toEqual({ checkpoint: 0, community: 0, floating: 0, station: 0 });
        expect(again.tables).toEqual({ checkinKeys: 0, decisions: 0, watchHits: 0, observations: 0, temperatureReports: 0 });
        expect(again.partitions).toEqual([]);
        expect(await ids()).toEqual(kept(cut));
      } finally {
        rt.ctx.config.retention.checkinDays.station = 28;
      }
    });

    it('still answers a resent key with the first check-in, and a back-dated station check-in still has a place', async () => {
      const b = await post('checkpoint');
      const again = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: b });
      expect(again.statusCode).toBe(201);
      expect(again.json().id).toBe(written.at(-1)!.id);
      expect(await rt.database.db.selectFrom('checkins').select('id').where('groupId', '=', written.at(-1)!.id).execute()).toHaveLength(1);
      const back = clock.now();
      clock.advance(Date.UTC(2026, 9, 20) - back); // 20 October: its station partition was dropped
      try {
        await post('station');
      } finally {
        clock.advance(back - clock.now());
      }
      expect(await ids()).toContain(written.at(-1)!.id);
    });

    it('runs the schedule once a day from 03:30 China time, audited as the schedule', async () => {
      const base = clock.now();
      clock.advance(dayStartMs('2026-11-29') + 3 * 3_600_000 - base); // 03:00: not yet
      expect(await retentionTick(rt.ctx)).toBeNull();
      clock.advance(40 * 60_000);
      const run = await retentionTick(rt.ctx);
      expect(run).toMatchObject({ ran: true });
      expect(await retentionTick(rt.ctx)).toEqual({ ran: false, reason: 'done' });
      const last = await rt.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'retention.purge').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(last.actorName).toBe('retention-schedule');
      clock.advance(base - clock.now());
    });

    it('stores a check-in far outside the prepared months, and moves it into its month when that is made', async () => {
      const base = clock.now();
      clock.advance(Date.UTC(2027, 5, 15) - base); // June 2027: months are ready up to January
      try {
        await post('checkpoint');
      } finally {
        clock.advance(base - clock.now());
      }
      const far = written.at(-1)!;
      expect(await ids()).toContain(far.id);
      if (dialect !== 'postgres') return;
      const inDefault = async () => (await sql<{ id: string }>`select id from checkins_default`.execute(rt.database.db)).rows.map((r) => r.id);
      expect(await inDefault()).toEqual([far.id]);
      clock.advance(Date.UTC(2027, 4, 2) - base); // May 2027: the schedule makes May to July
      try {
        const made = await preparePartitions(rt.ctx);
        expect(made).toEqual({ created: ['2027_05', '2027_06', '2027_07'], moved: 1 });
      } finally {
        clock.advance(base - clock.now());
      }
      expect(await inDefault()).toEqual([]);
      expect((await sql<{ id: string }>`select id from checkins_2027_06_checkpoint`.execute(rt.database.db)).rows.map((r) => r.id)).toEqual([far.id]);
      expect(await preparePartitions(rt.ctx)).toEqual({ created: [], moved: 0 });
    });

    it('makes each month once when two instances make the same months at once', async () => {
      const from = Date.UTC(2028, 0, 1);
      const to = Date.UTC(2028, 3, 1);
      if (dialect !== 'postgres') return void expect(await ensureCheckinPartitions(rt.ctx, from, to)).toEqual({ created: [], moved: 0 });
      const other = Database.open(rt.config.database);
      try {
        const [a, b] = await Promise.all([ensureCheckinPartitions(rt.ctx, from, to), ensureCheckinPartitions({ db: other.db, dialect }, from, to)]);
        expect([...a.created, ...b.created].sort()).toEqual(['2028_01', '2028_02', '2028_03', '2028_04']);
      } finally {
        await other.close();
      }
      expect(await tables('checkins_2028_0%')).toHaveLength(24);
    });

    it('does not hold up check-ins while a long read keeps a new month from being attached', async () => {
      if (dialect !== 'postgres') return;
      const reader = Database.open(rt.config.database);
      try {
        await reader.db.connection().execute(async (conn) => {
          await sql`begin`.execute(conn);
          await sql`select count(*) from checkins`.execute(conn); // holds every partition, the default one too
          const started = Date.now();
          const ensuring = ensureCheckinPartitions(rt.ctx, Date.UTC(2029, 0, 1), Date.UTC(2029, 0, 1));
          await post('checkpoint'); // into this month, meanwhile
          expect(Date.now() - started).toBeLessThan(2500);
          expect(await ensuring).toEqual({ created: [], moved: 0 }); // gave up after 3 s: next time
          await sql`commit`.execute(conn);
        });
      } finally {
        await reader.close();
      }
      expect(await ensureCheckinPartitions(rt.ctx, Date.UTC(2029, 0, 1), Date.UTC(2029, 0, 1))).toEqual({ created: ['2029_01'], moved: 0 });
    });
  });
}
