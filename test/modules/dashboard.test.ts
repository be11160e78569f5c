// The dashboard API: every figure is of the asked org unit's subtree, in the reader's scope, and equals a recount of
// the raw check-ins and list entries of that subtree; the weekly dispatch's rows add up to its total.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { addDays, localDay } from '../../src/core/local-day.ts';
import { weeklyDispatchData } from '../../src/modules/analytics/service.ts';
import type { Dashboard } from '../../src/modules/analytics/types.ts';
import { runImport } from '../../src/modules/imports/engine.ts';
import { createFileImport } from '../../src/modules/imports/service.ts';
import { createList } from '../../src/modules/lists/service.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { idemKey, syntheticId, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`the dashboard on ${dialect}`, () => {
    // 10:00 China time on the first day; the check-ins run over three days.
    const clock = new ManualClock(Date.UTC(2026, 10, 10 + DIALECTS.indexOf(dialect) * 5, 2, 0, 0));
    let rt: TestRuntime;
    let app: FastifyInstance;
    let commander: Session; // region
    let analystA: Session; // county A1
    let analystB: Session; // city B's county
    let officer: Session;
    const tokens: Record<string, string> = {};
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-'));

    const register = async (site: string, extra: object = {}) => {
      const kind = site.split(':')[0];
      const body: Record<string, unknown> = { token: tokens[site], key: idemKey(), person: syntheticPerson('周测试'), temperature: 36.5, ...extra };
      if (kind === 'checkpoint') Object.assign(body, { direction: 'in', origin: '420106', destination: '150102' }, extra);
      if (kind === 'community') Object.assign(body, { direction: 'out', community: { role: 'resident' }, address: { building: '1', room: '101' } }, extra);
      if (kind === 'floating') Object.assign(body, { origin: '110101', address: { line: '新华大街1号' }, floating: { arrivalDate: localDay(clock.now()), stayDays: 2, hostKind: 'landlord' } }, extra);
      const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: body });
      expect(res.statusCode, res.body).toBe(201);
    };

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'commander', 'commander', ['150000']);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      await seedUser(rt.ctx, 'analyst-b', 'analyst', ['150200']);
      await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      for (const [kind, org] of [['checkpoint', '150102'], ['community', '150102001001'], ['floating', '150103'], ['checkpoint', '150202']] as const) {
        const site = await createSite(rt.ctx, operator, { orgCode: org, kind, name: `${kind} ${org}` });
        tokens[`${kind}:${org}`] = decodeURIComponent(site.url.split('/r/')[1]);
      }
      app = await buildTestApp(rt);

      // day 1
      await register('checkpoint:150102', { companions: [{ name: '周小孩', relation: 'child', idType: 'resident_id', idNumber: syntheticId('20180101') }] });
      await register('checkpoint:150202');
      await register('floating:150103', { temperature: 38.4 });
      clock.advance(24 * HOUR);
      // day 2 (yesterday)
      await register('checkpoint:150102', { origin: '110101' });
      await register('community:150102001001');
      await register('checkpoint:150202', { temperature: 38.9 });
      clock.advance(24 * HOUR);
      // day 3 (today)
      for (let i = 0; i < 3; i++) await register('community:150102001001');
      await register('checkpoint:150102', { temperature: 39.1, origin: '130102' });
      await register('checkpoint:150202');
      await createList(rt.ctx, operator, { name: '新城区确诊', kind: 'confirmed', orgCode: '150102' });
      const file = path.join(tmp, 'confirmed.csv');
      fs.writeFileSync(file, ['姓名,身份证号', '吴确诊,' + syntheticId('19800101'), '郑确诊,' + syntheticId('19810101')].join('\n'));
      await runImport(rt.ctx, await createFileImport(rt.ctx, operator, { file, list: '新城区确诊', columns: { name: '姓名', idNumber: '身份证号' } }));
      // after the clock has moved: sessions expire with it
      [commander, analystA, analystB, officer] = await Promise.all(['commander', 'analyst-a', 'analyst-b', 'officer-a'].map((u) => login(app, u)));
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    const dashboard = async (who: Session, query = '') => {
      const res = await as(app, who).get(`/api/v1/dashboard${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Dashboard;
    };

    /** The figures of a subtree counted from the raw check-ins: what the dashboard must say. */
    async function recount(orgCode: string, from: string, to: string) {
      const unit = await rt.database.db.selectFrom('orgUnits').select('path').where('code', '=', orgCode).executeTakeFirstOrThrow();
      const rows = await rt.database.db
        .selectFrom('checkins')
        .innerJoin('sites', 'sites.id', 'checkins.siteId')
        .select(['checkins.groupId', 'checkins.role', 'checkins.flags', 'checkins.at', 'checkins.origin', 'checkins.kind', 'sites.code'])
        .where('checkins.orgPath', 'like', `${unit.path}%`)
        .execute();
      const flagsOf = new Map(rows.filter((r) => r.role === 'self').map((r) => [r.groupId, JSON.parse(r.flags) as string[]]));
      const inPeriod = rows.filter((r) => localDay(Number(r.at)) >= from && localDay(Number(r.at)) <= to);
      const count = <K extends string>(xs: typeof rows, key: (r: (typeof rows)[number]) => K | null) => {
        const m: Record<string, number> = {};
        for (const r of xs) {
          const k = key(r);
          if (k !== null) m[k] = (m[k] ?? 0) + 1;
        }
        return m;
      };
      const flagged = (r: (typeof rows)[number]) => flagsOf.get(r.groupId)!.length > 0;
      return {
        checkins: inPeriod.length,
        flagged: inPeriod.filter(flagged).length,
        perDay: count(rows, (r) => localDay(Number(r.at))),
        sites: count(inPeriod, (r) => r.code),
        kinds: count(inPeriod, (r) => r.kind),
        provinces: count(inPeriod, (r) => (r.origin ? `${r.origin.slice(0, 2)}0000` : null)),
        reasons: inPeriod.flatMap((r) => flagsOf.get(r.groupId)!).reduce<Record<string, number>>((m, f) => ({ ...m, [f]: (m[f] ?? 0) + 1 }), {}),
      };
    }

    const asMap = <T>(xs: T[], key: (x: T) => string, value: (x: T) => number) => Object.fromEntries(xs.map((x) => [key(x), value(x)]));

    it('shows every figure of the unit asked for, equal to a recount of its raw check-ins', async () => {
      const today = localDay(clock.now());
      for (const [who, org] of [[commander, '150000'], [commander, '150100'], [analystA, '150102'], [analystB, '150202'], [commander, '150102001']] as const) {
        const d = await dashboard(who, `?org=${org}`);
        const expected = await recount(org, d.period.from, d.period.to);
        expect(d.org.code).toBe(org);
        expect(d.period).toEqual({ from: addDays(today, -13), to: today });
        expect(d.totals.checkins).toBe(expected.checkins);
        expect(d.totals.flagged).toBe(expected.flagged);
        expect(d.figures.checkins).toMatchObject({ value: expected.perDay[today] ?? 0, previous: expected.perDay[addDays(today, -1)] ?? 0 });
        expect(asMap(d.daily.filter((x) => x.checkins), (x) => x.day, (x) => x.checkins)).toEqual(expected.perDay);
        expect(asMap(d.sites, (s) => s.code, (s) => s.checkins)).toEqual(expected.sites);
        expect(asMap(d.siteKinds, (s) => s.kind, (s) => s.checkins)).toEqual(expected.kinds);
        expect(asMap(d.origins.provinces, (o) => o.code, (o) => o.checkins)).toEqual(expected.provinces);
        expect(asMap(d.flagReasons, (f) => f.flag, (f) => f.count)).toEqual(expected.reasons);
        // the units below, with the unit's own row for sites attached to the unit itself, add up to the unit
        if (d.subUnits.length) expect(d.subUnits.reduce((s, u) => s + u.checkins, 0)).toBe(d.totals.checkins);
      }
    });

    it('starts at the top of the reader scope, with a breadcrumb that stays inside it', async () => {
      const region = await dashboard(commander);
      expect(region.org).toMatchObject({ code: '150000', hasChildren: true });
      expect(region.subUnits.map((u) => u.code).sort()).toEqual(['150100', '150200']);
      expect(region.totals.checkins).toBe(12);
      const county = await dashboard(commander, '?org=150102');
      expect(county.breadcrumb.map((b) => b.code)).toEqual(['150000', '150100', '150102']);
      const own = await dashboard(analystA);
      expect(own.org.code).toBe('150102');
      expect(own.breadcrumb.map((b) => b.code)).toEqual(['150102']);
      expect(own.totals.checkins).toBe(8);
      // county A1's checkpoint hangs on the county itself: its own row, next to the township below
      expect(own.subUnits.map((u) => [u.code, u.own, u.checkins])).toEqual([['150102001', false, 4], ['150102', true, 4]]);
      expect((await dashboard(analystB)).totals).toEqual({ checkins: 3, flagged: 1, watchHits: 0 });
    });

    it('counts the four categories from the lists of the subtree, with the change since yesterday', async () => {
      const a = await dashboard(analystA);
      expect(a.categories.find((c) => c.category === 'confirmed')).toEqual({ category: 'confirmed', current: { value: 2, previous: 0, change: 2, ratio: null }, addedToday: 2 });
      expect(a.categoriesDaily.at(-1)).toMatchObject({ confirmed: 2, suspected: 0 });
      expect(a.categoriesDaily.at(-2)).toMatchObject({ confirmed: 0 });
      expect((await dashboard(analystB)).categories.every((c) => c.current.value === 0)).toBe(true);
    });

    it('refuses units outside the scope, other roles and bad periods, alike for absent and hidden units', async () => {
      for (const org of ['150100', '150202', '150000', 'NOPE']) {
        const res = await as(app, analystA).get(`/api/v1/dashboard?org=${org}`);
        expect(res.statusCode, org).toBe(404);
        expect(res.json().error.code).toBe('org.not_found');
      }
      expect((await as(app, officer).get('/api/v1/dashboard')).statusCode).toBe(403);
      expect((await as(app, null).get('/api/v1/dashboard')).statusCode).toBe(401);
      for (const q of ['?from=2026-02-30', '?from=2026-11-20&to=2026-11-01', '?from=2024-01-01&to=2026-11-01', '?to=yesterday']) {
        expect((await as(app, commander).get(`/api/v1/dashboard${q}`)).statusCode, q).toBe(400);
      }
    });

    it('gives the weekly dispatch one row per unit below, adding up to the total', async () => {
      const today = localDay(clock.now());
      const data = await weeklyDispatchData(rt.ctx, { userId: null, username: 't', role: 'commander', scope: { paths: ['/'] }, ip: null, homePath: null }, { org: '150000', to: today });
      expect(data.week).toEqual({ from: addDays(today, -6), to: today });
      expect(data.rows.map((r) => r.code).sort()).toEqual(['150100', '150200']);
      expect(data.rows.reduce((s, r) => s + r.checkins.value, 0)).toBe(data.total.checkins.value);
      expect(data.total.checkins).toMatchObject({ value: 12, previous: 0 });
      expect(data.rows.find((r) => r.code === '150100')!.listArrivals.value).toBe(2);
      expect(data.total.categories.confirmed).toMatchObject({ value: 2, previous: 0 });
    });
  });
}
