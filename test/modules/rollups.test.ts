// The rollups are kept by the write path: after a random mix of writes (check-ins of every kind at sites in several
// units, across midnight in China time, with companions, flags, watch-list hits, resends, refusals; list imports
// and re-imports), every rollup row equals a recount from the raw rows, and nothing else is in the tables.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { epochHour, localDay } from '../../src/core/local-day.ts';
import { runImport } from '../../src/modules/imports/engine.ts';
import { createFileImport } from '../../src/modules/imports/service.ts';
import { createList } from '../../src/modules/lists/service.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { syntheticId, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

/** A small seeded generator: the mix is random but the same on every run, so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

type Count = Record<string, number>;
const add = (m: Map<string, Count>, key: string, counts: Count) => {
  const c = m.get(key) ?? {};
  for (const [k, v] of Object.entries(counts)) c[k] = (c[k] ?? 0) + v;
  m.set(key, c);
};
const sortedEntries = (m: Map<string, Count>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

for (const dialect of DIALECTS) {
  describe(`rollups on ${dialect}`, () => {
    // 22:30 China time: the mix runs past midnight, so days and hours both roll over.
    const clock = new ManualClock(Date.UTC(2026, 10, 20 + DIALECTS.indexOf(dialect) * 3, 14, 30, 0));
    let rt: TestRuntime;
    let app: FastifyInstance;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rollups-'));
    const sites: Array<{ kind: string; token: string }> = [];
    const watched = syntheticPerson('钱观察');
    const db = () => rt.database.db;

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      for (const [org, kind] of [['150102', 'checkpoint'], ['150102001001', 'community'], ['150103', 'floating'], ['150202', 'checkpoint'], ['150202', 'community']] as const) {
        const site = await createSite(rt.ctx, operator, { orgCode: org, kind, name: `${kind} ${org}` });
        sites.push({ kind, token: decodeURIComponent(site.url.split('/r/')[1]) });
      }
      app = await buildTestApp(rt);
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    async function importList(name: string, rows: string[][]): Promise<void> {
      const file = path.join(tmp, `${name}.csv`);
      fs.writeFileSync(file, ['姓名,身份证号,手机号,确诊日期', ...rows.map((r) => r.join(','))].join('\n'));
      await runImport(rt.ctx, await createFileImport(rt.ctx, operator, { file, list: name, columns: { name: '姓名', idNumber: '身份证号', phone: '手机号', listedAt: '确诊日期' } }));
    }

    function submission(r: ReturnType<typeof prng>, site: { kind: string; token: string }): Record<string, unknown> {
      const person = r.int(12) === 0 ? watched : syntheticPerson(r.pick(['张三', '李四', '王五', '赵六']));
      const base = { token: site.token, key: `k${r.next().toString(36).slice(2)}`.padEnd(16, '0'), person, temperature: r.int(8) === 0 ? 38.2 : 36.5 };
      const companions = r.int(4) === 0 ? Array.from({ length: 1 + r.int(2) }, () => ({ name: '同行人', relation: 'child', idType: 'resident_id', idNumber: syntheticId('20100101') })) : undefined;
      if (site.kind === 'checkpoint') return { ...base, direction: r.pick(['in', 'out']), origin: r.pick(['150102', '110101', '420106', '130102']), destination: '150103', ...(companions && { companions }) };
      if (site.kind === 'community') return { ...base, direction: r.pick(['in', 'out']), community: { role: 'resident' }, address: { building: '3', unit: '1', room: '502' } };
      return { ...base, origin: r.pick(['420106', '610113']), address: { line: '新华大街8号' }, floating: { arrivalDate: localDay(clock.now()), stayDays: 3, hostKind: 'landlord' } };
    }

    it('equal a recount from raw check-ins and list entries after a random mix of writes', async () => {
      const r = prng(dialect === 'sqlite' ? 7 : 11);
      await createList(rt.ctx, operator, { name: '高风险人员', kind: 'high_risk', orgCode: '150102', watch: true });
      await importList('高风险人员', [['钱观察', watched.idNumber, watched.phone, '']]);
      for (const [name, kind, org] of [['确诊病例', 'confirmed', '150102'], ['密接人员', 'close_contact', '150103'], ['发热人员', 'fever', '150202']] as const) {
        await createList(rt.ctx, operator, { name, kind, orgCode: org });
      }
      const resends: Record<string, unknown>[] = [];
      for (let i = 0; i < 160; i++) {
        clock.advance(r.int(40) * 60_000); // up to 40 minutes between writes: about two days in all
        const roll = r.int(20);
        if (roll === 0 && resends.length) {
          const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: r.pick(resends) });
          expect(res.statusCode, res.body).toBe(201); // answered with the stored check-in, stored once
        } else if (roll === 1) {
          // refused: changes nothing
          const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: { ...submission(r, sites[0]), person: { name: '' } } });
          expect(res.statusCode).toBe(400);
        } else if (roll === 2) {
          const list = r.pick(['确诊病例', '密接人员', '发热人员']);
          // listed for a day of the last week (counted on that day), or for no day (counted the day it is added)
          const rows = Array.from({ length: 1 + r.int(4) }, () => {
            const p = syntheticPerson('孙病例');
            return [p.name, p.idNumber, p.phone, r.int(2) ? localDay(clock.now() - r.int(7) * 86_400_000) : ''];
          });
          await importList(list, rows);
          if (r.int(2)) await importList(list, rows); // the same rows again: nothing new
        } else {
          // a few at once, so the group commit writes batches with several keys
          const batch = Array.from({ length: 1 + r.int(4) }, () => submission(r, r.pick(sites)));
          const answers = await Promise.all(batch.map((payload) => app.inject({ method: 'POST', url: '/api/v1/checkins', payload })));
          answers.forEach((a) => expect(a.statusCode, a.body).toBe(201));
          resends.push(...batch);
        }
      }

      const rows = await db().selectFrom('checkins').select(['groupId', 'siteId', 'orgPath', 'kind', 'direction', 'at', 'role', 'flags', 'origin']).execute();
      const heads = new Map(rows.filter((x) => x.role === 'self').map((x) => [x.groupId, JSON.parse(x.flags) as string[]]));
      const siteHour = new Map<string, Count>();
      const siteDay = new Map<string, Count>();
      const flagDay = new Map<string, Count>();
      const originDay = new Map<string, Count>();
      for (const x of rows) {
        const flags = heads.get(x.groupId)!;
        const counts = { people: 1, submissions: x.role === 'self' ? 1 : 0, flagged: flags.length ? 1 : 0, entries: x.direction === 'in' ? 1 : 0, exits: x.direction === 'out' ? 1 : 0 };
        add(siteHour, `${epochHour(Number(x.at))}|${x.siteId}|${x.orgPath}|${x.kind}`, counts);
        add(siteDay, `${localDay(Number(x.at))}|${x.siteId}|${x.orgPath}|${x.kind}`, counts);
        for (const f of flags) add(flagDay, `${localDay(Number(x.at))}|${x.orgPath}|${f}`, { people: 1 });
        if (x.origin) add(originDay, `${localDay(Number(x.at))}|${x.orgPath}|${x.origin}`, { people: 1 });
      }
      const entries = await db().selectFrom('listEntries').innerJoin('lists', 'lists.id', 'listEntries.listId').select(['listEntries.orgPath', 'lists.kind', 'listEntries.createdAt', 'listEntries.listedAt', 'listEntries.endedAt']).execute();
      const listDay = new Map<string, Count>();
      for (const e of entries) add(listDay, `${localDay(Number(e.listedAt ?? e.createdAt))}|${e.orgPath}|${e.kind}`, { added: 1, ended: 0 });

      const counts = (x: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, Number(x[k])]));
      const SITE = ['people', 'submissions', 'flagged', 'entries', 'exits'];
      const stored = async <T extends Record<string, unknown>>(q: Promise<T[]>, key: (x: T) => string, keys: string[]) =>
        new Map((await q).map((x) => [key(x), counts(x, keys)])).entries();
      const sort = (it: Iterable<[string, Count]>) => [...it].sort(([a], [b]) => (a < b ? -1 : 1));
      expect(sort(await stored(db().selectFrom('rollupSiteHour').selectAll().execute(), (x) => `${x.hour}|${x.siteId}|${x.orgPath}|${x.kind}`, SITE))).toEqual(sortedEntries(siteHour));
      expect(sort(await stored(db().selectFrom('rollupSiteDay').selectAll().execute(), (x) => `${x.day}|${x.siteId}|${x.orgPath}|${x.kind}`, SITE))).toEqual(sortedEntries(siteDay));
      expect(sort(await stored(db().selectFrom('rollupFlagDay').selectAll().execute(), (x) => `${x.day}|${x.orgPath}|${x.flag}`, ['people']))).toEqual(sortedEntries(flagDay));
      expect(sort(await stored(db().selectFrom('rollupOriginDay').selectAll().execute(), (x) => `${x.day}|${x.orgPath}|${x.origin}`, ['people']))).toEqual(sortedEntries(originDay));
      expect(sort(await stored(db().selectFrom('rollupListDay').selectAll().execute(), (x) => `${x.day}|${x.orgPath}|${x.kind}`, ['added', 'ended']))).toEqual(sortedEntries(listDay));

      // the mix did what it was meant to: several days, companions, fever and watch-list flags, list entries
      expect(new Set([...siteDay.keys()].map((k) => k.split('|')[0])).size).toBeGreaterThanOrEqual(2);
      expect(rows.length).toBeGreaterThan(heads.size);
      expect([...flagDay.keys()].some((k) => k.endsWith('|watch_list'))).toBe(true);
      expect([...flagDay.keys()].some((k) => k.endsWith('|fever'))).toBe(true);
      expect(entries.length).toBeGreaterThan(3);
    });
  });
}
