// Grid operations through the API on both engines (issue 8): posts, households, routing of tasks to the grid of the
// person's or household's address and to its post holders, escalation one level up after the due time (on a
// controllable clock), sync from phones written once per client id, campaign completeness, progress per grid.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { addDays, dayStartMs } from '../../src/core/local-day.ts';
import { createTask } from '../../src/modules/grid/tasks.ts';
import { escalateOverdue } from '../../src/modules/grid/escalation.ts';
import type { TaskView } from '../../src/modules/grid/types.ts';
import { createWebhook } from '../../src/modules/notifications/service.ts';
import { importOrgUnits } from '../../src/modules/org/import.ts';
import { keyRecord, resolvePersons } from '../../src/modules/people/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { syntheticId } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const HOUR = 3_600_000;
const COMMUNITY = '150102001001';
const COMMUNITY2 = '150102001002';
const B1 = `${COMMUNITY}-1`;
const B2 = `${COMMUNITY}-2`;
const DOOR = `${COMMUNITY2}-1-101`;

for (const dialect of DIALECTS) {
  describe(`grid operations on ${dialect}`, () => {
    const base = addDays('2027-03-01', 40 * DIALECTS.indexOf(dialect));
    const clock = new ManualClock(dayStartMs(base) + 9 * HOUR);
    let rt: TestRuntime;
    let app: FastifyInstance;
    let admin: Session;
    let analyst: Session;
    let grid1: Session;
    const unit = async (code: string) => rt.database.db.selectFrom('orgUnits').select(['id', 'path', 'code']).where('code', '=', code).executeTakeFirstOrThrow();
    const userId = async (username: string) => (await rt.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const sessions = async () => {
      [admin, analyst, grid1] = await Promise.all(['admin-r', 'analyst-a', 'grid-1'].map((u) => login(app, u)));
    };
    const person = async (name: string, address?: string) => {
      const { personIds } = await resolvePersons(rt.ctx, [keyRecord(rt.ctx, { name, idType: 'resident_id', idNumber: syntheticId(), phone: null, address })], 'import');
      return personIds[0];
    };
    const household = async (orgCode: string, room: string, kind = 'residence') => {
      const res = await as(app, analyst).post('/api/v1/grid/addresses', { orgCode, line: '阳光路8号', building: orgCode.split('-')[1] ?? '', room, kind });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; address: string };
    };
    const sync = (who: Session, events: unknown[]) => as(app, who).post('/api/v1/grid/sync', { events });

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      await importOrgUnits(rt.ctx, operator, [
        { row: 2, code: COMMUNITY2, name: '绿园社区', level: 'community', parent: '150102001' },
        { row: 3, code: B1, name: '1号楼', level: 'building', parent: COMMUNITY },
        { row: 4, code: B2, name: '2号楼', level: 'building', parent: COMMUNITY },
        { row: 5, code: `${COMMUNITY2}-1`, name: '1号楼', level: 'building', parent: COMMUNITY2 },
        { row: 6, code: DOOR, name: '101', level: 'door', parent: `${COMMUNITY2}-1` },
      ], 'grid test');
      await seedUser(rt.ctx, 'admin-r', 'admin', ['150000']);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      await seedUser(rt.ctx, 'grid-1', 'grid_worker', [COMMUNITY]);
      await seedUser(rt.ctx, 'leader-b1', 'grid_worker', [B1]);
      await seedUser(rt.ctx, 'grid-2', 'grid_worker', [COMMUNITY2]);
      app = await buildTestApp(rt);
      await sessions();
      for (const [username, orgCode, post] of [['grid-1', COMMUNITY, 'grid_worker'], ['leader-b1', B1, 'building_leader'], ['grid-2', COMMUNITY2, 'grid_worker']]) {
        const res = await as(app, admin).post('/api/v1/grid/posts', { username, orgCode, post });
        expect(res.statusCode, res.body).toBe(201);
      }
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    it('gives posts at grid levels only, by administrators', async () => {
      expect((await as(app, analyst).post('/api/v1/grid/posts', { username: 'grid-1', orgCode: B2, post: 'door_leader' })).statusCode).toBe(403);
      const county = await as(app, admin).post('/api/v1/grid/posts', { username: 'grid-1', orgCode: '150102', post: 'grid_worker' });
      expect(county.statusCode).toBe(400);
      expect(county.json().error.message).toContain('150102');
      const me = (await as(app, grid1).get('/api/v1/grid/me')).json();
      expect(me.posts.map((p: { orgUnit: { code: string }; post: string }) => `${p.orgUnit.code}:${p.post}`)).toEqual([`${COMMUNITY}:grid_worker`]);
      const listed = (await as(app, admin).get(`/api/v1/grid/posts?orgId=${(await unit(COMMUNITY)).id}`)).json();
      expect(listed.items).toHaveLength(2);
    });

    it('keeps households masked, in clear only with a purpose, audited', async () => {
      const h = await household(B1, '301室');
      expect(h.address).not.toContain('301');
      const added = await as(app, analyst).post(`/api/v1/grid/addresses/${h.id}/members`, { name: '测试甲', idNumber: syntheticId(), relation: 'owner' });
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json().members[0].person.name).not.toBe('测试甲');
      const bad = await as(app, analyst).post(`/api/v1/grid/addresses/${h.id}/members`, { name: '测试乙', idNumber: '15010219900101123', relation: 'owner' });
      expect(bad.statusCode).toBe(400);
      expect((await as(app, analyst).post('/api/v1/grid/addresses', { orgCode: B1, line: '阳光路8号', building: '1', room: '301室', kind: 'residence' })).statusCode).toBe(400);
      const clear = await as(app, analyst).post(`/api/v1/grid/households/${h.id}/reveal`, { purpose: '入户核查' });
      expect(clear.json().members[0].person.name).toBe('测试甲');
      expect(clear.json().address).toBe('阳光路8号1301室');
      const audit = await rt.database.db.selectFrom('auditLog').select(['action', 'purpose']).where('action', '=', 'household.reveal').execute();
      expect(audit).toEqual([{ action: 'household.reveal', purpose: '入户核查' }]);
      const mine = (await as(app, grid1).get('/api/v1/grid/households')).json();
      expect(mine.items.some((x: { id: string }) => x.id === h.id)).toBe(true);
      const other = (await as(app, await login(app, 'grid-2')).get('/api/v1/grid/households')).json();
      expect(other.items.some((x: { id: string }) => x.id === h.id)).toBe(false);
    });

    it('routes tasks to the grid of the household, else of the registered address, else the unit that asked', async () => {
      const county = await unit('150102');
      const h = await household(B1, '302室');
      const member = await person('测试丙');
      await as(app, analyst).post(`/api/v1/grid/addresses/${h.id}/members`, { name: '测试丙', relation: 'resident' });
      await rt.database.db.insertInto('householdMembers').values({ addressId: h.id, personId: member, relation: 'resident', source: 'manual', sinceAt: clock.now(), createdAt: clock.now() }).execute();
      const byHousehold = await createTask(rt.ctx, null, { kind: 'contact_follow_up', personId: member, fallbackUnitId: county.id, dueAt: clock.now() + 24 * HOUR });
      expect(byHousehold.orgUnitId).toBe((await unit(B1)).id);
      expect(byHousehold.assignedTo).toBe(await userId('leader-b1'));

      const h2 = await household(B2, '101室');
      const registered = await person('测试丁', '阳光路8号2101室');
      const byAddress = await createTask(rt.ctx, null, { kind: 'contact_follow_up', personId: registered, fallbackUnitId: county.id, dueAt: clock.now() + 24 * HOUR });
      expect(byAddress.orgUnitId).toBe((await unit(B2)).id);
      // no post on building 2: its community's grid worker
      expect(byAddress.assignedTo).toBe(await userId('grid-1'));
      const t = (await as(app, analyst).get(`/api/v1/grid/tasks/${byAddress.id}`)).json() as TaskView;
      expect(t.address?.id).toBe(h2.id);

      const door = await household(DOOR, '101');
      const atDoor = await createTask(rt.ctx, null, { kind: 'ad_hoc', addressId: door.id, fallbackUnitId: county.id, dueAt: clock.now() + HOUR });
      expect(atDoor.assignedTo).toBe(await userId('grid-2'));

      const nowhere = await createTask(rt.ctx, null, { kind: 'contact_follow_up', personId: await person('测试戊'), fallbackUnitId: county.id, dueAt: clock.now() + HOUR });
      expect(nowhere).toMatchObject({ orgUnitId: county.id, assignedTo: null });

      const again = await createTask(rt.ctx, null, { kind: 'missed_report', personId: member, fallbackUnitId: county.id, dueAt: clock.now() + HOUR, dedupeKey: 'missed|x|2027-01-01/am' });
      const twice = await createTask(rt.ctx, null, { kind: 'missed_report', personId: member, fallbackUnitId: county.id, dueAt: clock.now() + HOUR, dedupeKey: 'missed|x|2027-01-01/am' });
      expect(twice).toMatchObject({ id: again.id, created: false });

      const mine = (await as(app, await login(app, 'leader-b1')).get('/api/v1/grid/tasks?view=mine')).json();
      expect(mine.items.map((x: TaskView) => x.id)).toContain(byHousehold.id);
      expect(mine.items.map((x: TaskView) => x.id)).not.toContain(atDoor.id);
    });

    it('records from phones once per client id; refuses bad records and changes nothing', async () => {
      const created = await as(app, analyst).post('/api/v1/grid/tasks', { title: '核查返乡人员', orgCode: COMMUNITY, dueAt: new Date(clock.now() + 5 * HOUR).toISOString() });
      expect(created.statusCode, created.body).toBe(201);
      const task = created.json() as TaskView;
      expect(task.assignedTo?.displayName).toBe('grid-1');
      const at = new Date(clock.now() - 10 * 60_000).toISOString();
      const visit = { clientId: 'c-visit-0000001', taskId: task.id, kind: 'visit', at, result: 'not_home', note: '敲门无人' };
      const done = { clientId: 'c-done-00000001', taskId: task.id, kind: 'done', at, result: 'reached' };
      const first = (await sync(grid1, [visit, done, visit])).json();
      expect(first.results.map((r: { status: string }) => r.status)).toEqual(['created', 'created', 'duplicate']);
      const replay = (await sync(grid1, [visit, done])).json();
      expect(replay.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
      const late = (await sync(grid1, [{ ...done, clientId: 'c-done-00000002' }])).json();
      expect(late.results[0]).toMatchObject({ status: 'refused' });
      expect(late.results[0].error).toContain('办结');
      const events = await rt.database.db.selectFrom('taskEvents').select(['kind', 'noteEnc']).where('taskId', '=', task.id).execute();
      expect(events.map((e) => e.kind).sort()).toEqual(['done', 'visit']);
      expect(events.find((e) => e.kind === 'visit')!.noteEnc).not.toContain('敲门');
      const detail = (await as(app, grid1).get(`/api/v1/grid/tasks/${task.id}`)).json();
      expect(detail).toMatchObject({ status: 'done', result: 'reached' });
      expect(detail.events.find((e: { kind: string }) => e.kind === 'visit').note).toBe('敲门无人');
      const bad = await sync(grid1, [{ clientId: 'c-bad-000000001', taskId: task.id, kind: 'temperature', at, temperature: 52 }]);
      expect(bad.json().results[0].status).toBe('refused');
      const wrongShape = await sync(grid1, [{ clientId: 'x', taskId: task.id, kind: 'visit', at }]);
      expect(wrongShape.statusCode).toBe(400);
      expect(await rt.database.db.selectFrom('taskEvents').select('id').where('taskId', '=', task.id).execute()).toHaveLength(2);
      const outside = await sync(await login(app, 'grid-2'), [{ clientId: 'c-other-0000001', taskId: task.id, kind: 'note', at, note: 'x' }]);
      expect(outside.json().results[0].status).toBe('refused');
    });

    it('escalates an overdue task one level up once, visible there and told to its group chat', async () => {
      await createWebhook(rt.ctx, operator, { name: '示范街道群', kind: 'generic', url: 'https://hooks.example.invalid/grid', orgCode: '150102001', events: ['task_overdue'] } as never);
      const due = clock.now() + 2 * HOUR;
      const res = await as(app, analyst).post('/api/v1/grid/tasks', { title: '送药上门', orgCode: COMMUNITY2, dueAt: new Date(due).toISOString() });
      const task = res.json() as TaskView;
      clock.advance(HOUR);
      expect((await escalateOverdue(rt.ctx)).escalated).toBe(0);
      clock.advance(2 * HOUR);
      const first = await escalateOverdue(rt.ctx);
      expect(first.escalated).toBeGreaterThanOrEqual(1);
      expect(await escalateOverdue(rt.ctx)).toEqual({ escalated: 0, queued: 0 });
      await sessions();
      const township = await unit('150102001');
      const escalated = (await as(app, analyst).get(`/api/v1/grid/tasks?view=escalated&orgId=${township.id}`)).json();
      const mine = escalated.items.find((t: TaskView) => t.id === task.id) as TaskView;
      expect(mine).toMatchObject({ overdue: true, escalatedTo: { code: '150102001' } });
      const audit = await rt.database.db.selectFrom('auditLog').select('targetId').where('action', '=', 'task.escalate').where('targetId', '=', task.id).execute();
      expect(audit).toHaveLength(1);
      const told = await rt.database.db.selectFrom('webhookDeliveries').select(['event', 'payload']).where('event', '=', 'task_overdue').where('subjectId', '=', task.id).execute();
      expect(told).toHaveLength(1);
      // a new due time starts over
      const moved = await as(app, analyst).patch(`/api/v1/grid/tasks/${task.id}`, { dueAt: new Date(clock.now() + HOUR).toISOString() });
      expect(moved.json()).toMatchObject({ escalatedTo: null, overdue: false });
    });

    it('visits every household of a campaign once and counts completeness per grid', async () => {
      await household(COMMUNITY2, '201');
      await household(B2, '999室', 'workplace');
      const residences = await rt.database.db.selectFrom('addresses').select(['id', 'orgPath']).where('kind', '=', 'residence').where('orgPath', 'like', `${(await unit('150102001')).path}%`).execute();
      const res = await as(app, analyst).post('/api/v1/grid/campaigns', { name: '第一轮入户排查', orgCodes: [COMMUNITY, COMMUNITY2], dueAt: new Date(clock.now() + 48 * HOUR).toISOString() });
      expect(res.statusCode, res.body).toBe(201);
      const campaign = res.json();
      expect(campaign.total).toBe(residences.length);
      const tasks = await rt.database.db.selectFrom('tasks').select(['id', 'addressId', 'orgPath']).where('campaignId', '=', campaign.id).execute();
      expect(new Set(tasks.map((t) => t.addressId))).toEqual(new Set(residences.map((r) => r.id)));
      const c1 = (await unit(COMMUNITY)).path;
      const inC1 = tasks.filter((t) => t.orgPath.startsWith(c1));
      const inC2 = tasks.filter((t) => !t.orgPath.startsWith(c1));
      const at = new Date(clock.now()).toISOString();
      const results = ['normal', 'fever'];
      const r1 = await sync(grid1, inC1.slice(0, 2).map((t, i) => ({ clientId: `c-camp-${i}-00000`, taskId: t.id, kind: 'done', at, result: results[i] })));
      expect(r1.json().results.every((r: { status: string }) => r.status === 'created')).toBe(true);
      const wrong = await sync(grid1, [{ clientId: 'c-camp-wrong-01', taskId: inC1[2].id, kind: 'done', at, result: 'moved' }]);
      expect(wrong.json().results[0].status).toBe('refused');
      await sync(await login(app, 'grid-2'), [{ clientId: 'c-camp-c2-00001', taskId: inC2[0].id, kind: 'done', at, result: 'not_home' }]);
      const detail = (await as(app, analyst).get(`/api/v1/grid/campaigns/${campaign.id}`)).json();
      expect(detail).toMatchObject({ total: residences.length, done: 3, results: { normal: 1, fever: 1, not_home: 1 } });
      expect(detail.percentDone).toBeCloseTo(Math.round((3 / residences.length) * 1000) / 10);
      const sum = detail.grids.reduce((s: number, g: { total: number }) => s + g.total, 0);
      expect(sum).toBe(residences.length);
      for (const g of detail.grids) expect(g.done).toBe(tasks.filter((t) => t.orgPath.endsWith(`/${g.orgUnit.id}/`) && [...inC1.slice(0, 2), inC2[0]].some((d) => d.id === t.id)).length);
    });

    it('shows progress per child unit: done, open, overdue, escalated', async () => {
      const township = await unit('150102001');
      const p = (await as(app, analyst).get(`/api/v1/grid/progress?orgId=${township.id}`)).json();
      expect(p.children.map((c: { code: string }) => c.code).sort()).toEqual([COMMUNITY, COMMUNITY2]);
      const all = await rt.database.db.selectFrom('tasks').select(['status', 'dueAt', 'orgPath']).where('orgPath', 'like', `${township.path}%`).where('status', '!=', 'cancelled').execute();
      for (const c of p.children) {
        const path = (await unit(c.code)).path;
        const mine = all.filter((t) => t.orgPath.startsWith(path));
        expect(c.total).toBe(mine.length);
        expect(c.done).toBe(mine.filter((t) => t.status === 'done').length);
        expect(c.overdue).toBe(mine.filter((t) => t.status === 'open' && Number(t.dueAt) < clock.now()).length);
      }
      expect(p.total.total).toBe(all.length);
      expect((await as(app, grid1).get(`/api/v1/grid/progress?orgId=${township.id}`)).statusCode).toBe(404);
    });
  });
}
