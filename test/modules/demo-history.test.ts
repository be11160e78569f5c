// The generated history: written through the check-in writer on both engines, so the rollups count it like live
// traffic; exactly N check-ins, inside the window, with the rhythm and trend asked for, and data that passes the
// same validators as a real registration. Also the CLI (`tracegrid demo --checkins`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { addDays, dayStartMs, localDay } from '../../src/core/local-day.ts';
import { validateIdNumber } from '../../src/core/validation/id-number.ts';
import { validatePhone } from '../../src/core/validation/phone.ts';
import { validatePlate } from '../../src/core/validation/plate.ts';
import { openPii } from '../../src/modules/checkins/pii.ts';
import { isKnownDivision } from '../../src/modules/divisions/service.ts';
import { generateHistory, indexHistoryPeople, openHistoryWriter, type HistoryResult } from '../../src/modules/demo/history.ts';
import { HistoryPeople } from '../../src/modules/demo/history-people.ts';
import { loadDemoGrid } from '../../src/modules/demo/grid.ts';
import { loadDemoLists } from '../../src/modules/demo/lists.ts';
import { attachFloating } from '../../src/modules/grid/floating-households.ts';
import { importOrgUnits } from '../../src/modules/org/import.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, testEnv, type TestEnv, type TestRuntime } from '../helpers/db.ts';
import { operator, PASSWORD, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { count, runCli } from '../cli/run.ts';

const N = 3000;
const DAYS = 14;
const HOUR = 3_600_000;

const sum = async (rt: TestRuntime, table: 'rollupSiteHour' | 'rollupSiteDay', column: 'people' | 'submissions') =>
  Number((await rt.database.db.selectFrom(table).select((eb) => eb.fn.sum<number>(column).as('n')).executeTakeFirstOrThrow()).n);

for (const dialect of DIALECTS) {
  describe(`generated history on ${dialect}`, () => {
    let rt: TestRuntime;
    let result: HistoryResult;
    // 15:30 China time: today is partly over.
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 7, 30, 0));

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      for (const [org, kind] of [['150102', 'checkpoint'], ['150102', 'floating'], ['150102001001', 'community'], ['150103', 'checkpoint'], ['150202', 'checkpoint']] as const) {
        await createSite(rt.ctx, operator, { orgCode: org, kind, name: `演示 ${org} ${kind}` });
      }
      // The demo's watched people are on a watched list: when the history brings one of them, it is a hit.
      await loadDemoLists(rt.ctx, operator);
      const writer = openHistoryWriter(rt.database);
      try {
        result = await generateHistory(rt.ctx, writer, { checkins: N, days: DAYS, seed: 7 });
      } finally {
        await writer.close();
      }
    }, 120_000);
    afterAll(async () => {
      await rt?.dispose();
    });

    const db = () => rt.database.db;
    const rows = () => db().selectFrom('checkins').selectAll().orderBy('id').execute();

    it('writes exactly N check-ins, and the rollups count every one of them', async () => {
      expect(result).toMatchObject({ checkins: N, from: addDays('2026-11-28', -(DAYS - 1)), to: '2026-11-28' });
      const all = await rows();
      expect(all).toHaveLength(N);
      expect(all.filter((r) => r.role === 'self')).toHaveLength(result.submissions);
      expect(await sum(rt, 'rollupSiteHour', 'people')).toBe(N);
      expect(await sum(rt, 'rollupSiteDay', 'people')).toBe(N);
      expect(await sum(rt, 'rollupSiteDay', 'submissions')).toBe(result.submissions);
      const flagged = all.filter((r) => r.role === 'self' && r.flags !== '[]').length;
      expect(flagged).toBe(result.flagged);
    });

    it('spreads them over the window at the Hohhot sites only, with ids in time order', async () => {
      const all = await rows();
      const start = dayStartMs(result.from);
      expect(Math.min(...all.map((r) => Number(r.at)))).toBeGreaterThanOrEqual(start);
      expect(Math.max(...all.map((r) => Number(r.at)))).toBeLessThanOrEqual(clock.now());
      expect(new Set(all.map((r) => localDay(Number(r.at)))).size).toBe(DAYS);
      // ids sort as their moments do (ULIDs stamped with `at`)
      const ats = all.map((r) => Number(r.at));
      expect(ats.every((t, i) => i === 0 || t >= ats[i - 1])).toBe(true);
      // the four sites in Hohhot (1501..), none in Baotou
      const hohhot = await db().selectFrom('sites').innerJoin('orgUnits', 'orgUnits.id', 'sites.orgUnitId').select('sites.id').where('orgUnits.code', 'like', '1501%').execute();
      expect(new Set(all.map((r) => r.siteId))).toEqual(new Set(hohhot.map((s) => s.id)));
    });

    it('has a daily rhythm and a rising trend', async () => {
      const all = await rows();
      const localHour = (at: number) => new Date(at + 8 * HOUR).getUTCHours();
      const inHours = (hs: number[]) => all.filter((r) => hs.includes(localHour(Number(r.at)))).length;
      expect(inHours([7, 8, 9, 17, 18])).toBeGreaterThan(4 * inHours([1, 2, 3, 4, 5]));
      const firstWeek = all.filter((r) => localDay(Number(r.at)) < addDays(result.from, 7)).length;
      expect(N - firstWeek).toBeGreaterThan(firstWeek);
    });

    it('makes companions, flags about 3% of submissions, and brings watched people as hits', async () => {
      const all = await rows();
      const companions = all.filter((r) => r.role === 'companion');
      const groupsWithCompanions = new Set(companions.map((r) => r.groupId)).size;
      expect(groupsWithCompanions / result.submissions).toBeGreaterThan(0.08);
      expect(groupsWithCompanions / result.submissions).toBeLessThan(0.3);
      const heads = new Set(all.filter((r) => r.role === 'self').map((r) => r.groupId));
      expect(companions.every((c) => heads.has(c.groupId) && ['spouse', 'child', 'elder'].includes(c.relation!))).toBe(true);
      // ~3% on the demo's sites; more here, where checkpoints (whose travellers may come from a risk area) dominate
      expect(result.flagged / result.submissions).toBeGreaterThan(0.015);
      expect(result.flagged / result.submissions).toBeLessThan(0.08);
      const flags = new Set(all.flatMap((r) => JSON.parse(r.flags) as string[]));
      expect([...flags].every((f) => ['fever', 'risk_area', 'watch_list'].includes(f))).toBe(true);
      expect(flags.has('fever')).toBe(true);
      const watchRows = all.filter((r) => r.flags.includes('watch_list'));
      const hits = await db().selectFrom('watchHits').select('checkinId').execute();
      expect(result.watchHits).toBeGreaterThan(0);
      expect(hits.length).toBe(result.watchHits);
      expect(new Set(hits.map((h) => h.checkinId))).toEqual(new Set(watchRows.map((r) => r.id)));
      // Nobody else of the history is on a watched list: every check-in of a listed document is flagged.
      const listed = await db().selectFrom('listEntries').innerJoin('lists', 'lists.id', 'listEntries.listId').select('listEntries.idBidx').where('lists.watch', '=', true).execute();
      const listedDocs = new Set(listed.map((l) => l.idBidx));
      expect(all.filter((r) => listedDocs.has(r.idBidx)).every((r) => r.flags.includes('watch_list'))).toBe(true);
    });

    it('replaces a generated person who happens to share a document with someone listed', async () => {
      const people = new HistoryPeople(rt.ctx, (n) => Math.floor(Math.random() * n), 50, 1);
      const first = people.households[0].members[0];
      expect(await people.replaceListed(async (docs) => new Set(docs.filter((d) => d === first.idBidx)))).toBe(1);
      expect(people.households[0].members[0].idBidx).not.toBe(first.idBidx);
      expect(people.households[0].members[0].phone).toBeTruthy();
    });

    it('holds only valid synthetic data: ID numbers, phones, plates and places as registration checks them', async () => {
      const all = await rows();
      const names = new Map<string, string>();
      for (const r of all) {
        const pii = openPii(rt.ctx, r);
        expect(validateIdNumber('resident_id', pii.idNumber!).ok, pii.idNumber).toBe(true);
        if (pii.phone) expect(validatePhone(pii.phone).ok, pii.phone).toBe(true);
        if (r.role === 'self') expect(pii.phone).toBeTruthy();
        if (pii.plate) expect(validatePlate(pii.plate, 'ordinary').ok, pii.plate).toBe(true);
        expect(r.idBidx).toBe(rt.ctx.blindIndex.of('id_number', pii.idNumber!));
        // one document, one person: the same name every time
        expect(names.get(r.idBidx!) ?? pii.name).toBe(pii.name);
        names.set(r.idBidx!, pii.name);
        for (const place of [r.origin, r.destination]) if (place) expect(isKnownDivision(place), place).toBe(true);
        if (r.kind === 'checkpoint') expect(r.origin && r.destination).toBeTruthy();
        if (r.kind === 'community') expect(pii.details).toMatchObject({ community: { role: 'resident' } });
        if (r.kind === 'floating') expect(r.origin && r.direction === 'in').toBeTruthy();
      }
    });

    it('indexes the people it brought into the person master index', async () => {
      const indexed = await indexHistoryPeople(rt.ctx);
      expect(indexed.read).toBe(N);
      const documents = new Set((await rows()).map((r) => r.idBidx));
      const persons = await db().selectFrom('persons').select('idBidx').where('idBidx', 'in', [...documents] as string[]).execute();
      expect(persons).toHaveLength(documents.size);
    });

    it('loads a living grid, and the floating arrivals of the history join the addresses they gave', async () => {
      await importOrgUnits(rt.ctx, operator, [{ row: 2, code: '150102001001-1', name: '1号楼', level: 'building', parent: '150102001001' }], 'demo building');
      await seedUser(rt.ctx, 'grid-150102001001', 'grid_worker', ['150102001001']);
      const grid = await loadDemoGrid(rt.ctx, operator, PASSWORD);
      // the worker's post and a new building leader's; four households and a shop
      expect(grid).toMatchObject({ posts: 2, addresses: 5 });
      const tasks = await db().selectFrom('tasks').select(['kind', 'status', 'dueAt', 'assignedTo']).execute();
      expect(new Set(tasks.map((t) => t.kind))).toEqual(new Set(['contact_follow_up', 'ad_hoc', 'home_observation', 'missed_report', 'screening']));
      expect(tasks.some((t) => t.status === 'open' && Number(t.dueAt) < clock.now())).toBe(true);
      expect(tasks.some((t) => t.status === 'done')).toBe(true);
      expect(tasks.every((t) => t.assignedTo)).toBe(true);

      const attached = await attachFloating(rt.ctx);
      expect(attached.read).toBe(N);
      expect(attached.attached).toBeGreaterThan(0);
      const floating = await db().selectFrom('householdMembers').select('relation').where('source', '=', 'floating').execute();
      expect(floating).toHaveLength(attached.attached);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`tracegrid demo --checkins on ${dialect}`, () => {
    let t: TestEnv;
    beforeAll(async () => {
      t = await testEnv(dialect);
    });
    afterAll(() => t?.cleanup());

    it('loads the region, then generates the history and says how fast; a bad count is refused', async () => {
      const r = await runCli(['demo', '--checkins', '2000', '--days', '7', '--json', '--password', 'Demo-pass-2026x'], { env: t.env, timeoutMs: 150_000 });
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
      expect(out.history).toMatchObject({ checkins: 2000 });
      expect(out.history.perSecond).toBeGreaterThan(0);
      expect(out.indexed.read).toBe(2000);
      expect(await count(dialect, t, 'checkins')).toBe(2000);
      // the living grid: a worker per county's grid, Hohhot's officers and building leaders, households, tasks
      expect(out.region.grid).toMatchObject({ posts: 63, addresses: 117 });
      expect(await count(dialect, t, "tasks where kind = 'screening'")).toBeGreaterThan(0);
      const bad = await runCli(['demo', '--checkins', 'many'], { env: t.env });
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/--checkins must be a whole number/);
    }, 180_000);
  });
}
