// The grid's group-chat messages against a local endpoint on both engines: the evening summary (grid_daily) of a
// webhook's subtree, once a day per webhook and not before 20:00 China time, and the alert of an escalated overdue
// task (task_overdue) to the webhooks of the grid and the units above it — masked, in each chat's format.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, ManualClock, MINUTE } from '../../src/core/clock.ts';
import { buildApp } from '../../src/app.ts';
import { newId } from '../../src/core/ids.ts';
import { addDays, dayStartMs } from '../../src/core/local-day.ts';
import type { TaskTable } from '../../src/db/tables.ts';
import { gridDayCounts, queueDailySummaries, taskOverdueDeliveries } from '../../src/modules/grid/daily-summary.ts';
import { insertDeliveries } from '../../src/modules/notifications/store.ts';
import { sealPersonPii } from '../../src/modules/people/pii.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { eventually, WebhookServer } from '../helpers/webhook-server.ts';

const PERSON = { name: '张晓红', idNumber: '150102199001011234', phone: '13800138000' };

for (const dialect of DIALECTS) {
  describe(`grid group-chat messages on ${dialect}`, () => {
    const day = addDays('2026-12-10', 20 * DIALECTS.indexOf(dialect));
    const clock = new ManualClock(dayStartMs(day) + 19 * HOUR);
    let rt: TestRuntime;
    let app: FastifyInstance;
    let hooks: WebhookServer;
    let admin: Session;
    const unit: Record<string, { id: string; path: string }> = {};
    const hookIds: Record<string, string> = {};
    let overdueTask = '';

    const db = () => rt.database.db;
    const addHook = async (body: object) => {
      const res = await as(app, admin).post('/api/v1/webhooks', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const task = async (t: Partial<TaskTable>) => {
      const now = clock.now();
      const row: TaskTable = {
        id: newId(now), kind: 'contact_follow_up', status: 'open', orgUnitId: unit.community.id, orgPath: unit.community.path, personId: null,
        sourceType: null, sourceId: null, detail: null, dueAt: now + HOUR, assignedTo: null, result: null, createdBy: null, createdAt: now - HOUR,
        updatedAt: now, doneAt: null, title: null, addressId: null, campaignId: null, escalatedTo: null, escalatedPath: null, escalatedAt: null, dedupeKey: null,
        ...t,
      };
      await db().insertInto('tasks').values(row).execute();
      return row.id;
    };

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, {
        clock,
        configure: (c) => ({ ...c, notifications: { ...c.notifications, timeoutMs: 500, maxAttempts: 3, backoffMs: [30, 60], pollMs: 25, robotIntervalMs: 300 } }),
      });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'admin-a', 'admin', ['150102']);
      for (const [name, code] of [['county', '150102'], ['township', '150102001'], ['community', '150102001001'], ['other', '150103']]) {
        unit[name] = await db().selectFrom('orgUnits').select(['id', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
      }
      hooks = await new WebhookServer().start();
      // The grid's minute schedule is off: the test queues the summaries itself, at the times it sets.
      app = await buildApp(rt, { logger: false, gridSchedule: false });
      await app.ready();
      admin = await login(app, 'admin-a');
      hookIds.community = await addHook({ orgCode: '150102001001', kind: 'wecom', name: '阳光社区网格群', url: hooks.url('/community'), events: ['grid_daily', 'task_overdue'] });
      hookIds.countyDaily = await addHook({ orgCode: '150102', kind: 'generic', name: '新城区日报', url: hooks.url('/county-daily'), events: ['grid_daily'] });
      hookIds.countyOverdue = await addHook({ orgCode: '150102', kind: 'generic', name: '新城区逾期', url: hooks.url('/county-overdue'), events: ['task_overdue'] });
      hookIds.flagged = await addHook({ orgCode: '150102', kind: 'generic', name: '登记预警', url: hooks.url('/flagged'), events: ['flagged'] });

      const now = clock.now();
      const personId = newId(now);
      await db().insertInto('persons').values({
        id: personId, idBidx: null, idType: null, piiEnc: sealPersonPii(rt.ctx, PERSON), phoneBidx: null, nameBidx: null, addressBidx: null,
        source: 'import', mergedInto: null, createdAt: now, updatedAt: now,
      }).execute();
      // The community (3 open, 2 of them overdue; 1 done today, 1 yesterday; 1 cancelled), a missed report today,
      // a campaign half done; and tasks of another county the hooks must not count.
      overdueTask = await task({ personId, dueAt: now - 3 * HOUR, escalatedAt: now - 2 * HOUR, escalatedTo: unit.township.id, escalatedPath: unit.township.path });
      await task({ kind: 'missed_report', dueAt: now - HOUR, dedupeKey: `missed|obs-1|${day}/am` });
      await task({ dueAt: now + 5 * HOUR });
      await task({ status: 'done', doneAt: now - 2 * HOUR });
      await task({ status: 'done', doneAt: now - 26 * HOUR, createdAt: now - 30 * HOUR });
      await task({ status: 'cancelled' });
      await db().insertInto('campaigns').values({
        id: 'camp-1', name: '冬季入户排查', orgUnitIds: JSON.stringify([unit.community.id]), orgPath: unit.community.path, status: 'active',
        dueAt: now + 48 * HOUR, createdBy: null, createdAt: now,
      }).execute();
      await task({ kind: 'screening', campaignId: 'camp-1', status: 'done', doneAt: now - HOUR, dueAt: now + 48 * HOUR });
      await task({ kind: 'screening', campaignId: 'camp-1', dueAt: now + 48 * HOUR });
      await task({ orgUnitId: unit.other.id, orgPath: unit.other.path, dueAt: now - 5 * HOUR });
    });
    afterAll(async () => {
      await app?.close();
      await hooks?.close();
      await rt?.dispose();
    });

    it('counts a subtree\'s day: open, done today, overdue, missed reports, active campaigns', async () => {
      const counts = await gridDayCounts(rt.ctx, unit.county.path, clock.now());
      expect(counts).toEqual({
        day,
        open: 4, // follow-up (overdue), missed report (overdue), follow-up, screening
        doneToday: 2,
        overdue: 2,
        missedReports: 1,
        campaigns: [{ name: '冬季入户排查', total: 2, done: 1, percentDone: 50 }],
      });
      expect((await gridDayCounts(rt.ctx, unit.other.path, clock.now())).open).toBe(1);
    });

    it('queues the evening summary once per day per subscribed webhook, not before 20:00, and sends it', async () => {
      expect(await queueDailySummaries(rt.ctx)).toBe(0); // 19:00
      clock.advance(90 * MINUTE); // 20:30
      admin = await login(app, 'admin-a');
      expect(await queueDailySummaries(rt.ctx)).toBe(2);
      expect(await queueDailySummaries(rt.ctx)).toBe(0); // again (another instance, the next minute): nothing more
      const rows = await db().selectFrom('webhookDeliveries').selectAll().where('event', '=', 'grid_daily').execute();
      expect(rows.map((r) => r.subjectId).sort()).toEqual([`grid_daily|${day}|${hookIds.community}`, `grid_daily|${day}|${hookIds.countyDaily}`].sort());

      const [robot] = await eventually(() => hooks.to('/community').length > 0 && hooks.to('/community'), 'the community robot message');
      const content: string = JSON.parse(robot.body).markdown.content;
      expect(content).toContain(`【网格日报】${day} · 阳光社区`);
      expect(content).toContain('未完成任务：**4**，今日完成：2，逾期：**2**');
      expect(content).toContain('今日体温漏报：1');
      expect(content).toContain('排查「冬季入户排查」：完成 50%（1/2）');
      expect(content).toContain(`${rt.config.publicUrl}/console/grid?org=150102001001`);

      const [generic] = await eventually(() => hooks.to('/county-daily').length > 0 && hooks.to('/county-daily'), 'the county webhook');
      expect(generic.headers['x-tracegrid-event']).toBe('grid_daily');
      const body = JSON.parse(generic.body);
      expect(body).toMatchObject({ event: 'grid_daily', site: null, checkin: null, grid: { code: '150102', name: '新城区', counts: { day, open: 4, overdue: 2, doneToday: 2, missedReports: 1 } } });
      const res = await as(app, admin).get(`/api/v1/webhooks/${hookIds.countyDaily}/deliveries`);
      expect(res.statusCode, res.body).toBe(200);
      await eventually(async () => (await as(app, admin).get(`/api/v1/webhooks/${hookIds.countyDaily}/deliveries`)).json().items[0]?.status === 'sent', 'recorded as sent');
      expect(res.json().items[0]).toMatchObject({ event: 'grid_daily', summary: `【网格日报】${day} · 新城区` });

      clock.advance(24 * HOUR); // the next evening: one more each
      expect(await queueDailySummaries(rt.ctx)).toBe(2);
      await eventually(async () => (await db().selectFrom('webhookDeliveries').select('status').where('event', '=', 'grid_daily').execute()).every((r) => r.status === 'sent'), 'the next evening\'s messages sent');
      expect(hooks.to('/community')).toHaveLength(2);
      expect(hooks.to('/county-daily')).toHaveLength(2);
      expect(hooks.to('/flagged')).toHaveLength(0);
    });

    it('tells the grid\'s and the county\'s chats of an escalated task, masked', async () => {
      clock.advance(1_000); // the robot's pace is kept by the clock: it may send again
      const row = await db().selectFrom('tasks').selectAll().where('id', '=', overdueTask).executeTakeFirstOrThrow();
      const rows = await taskOverdueDeliveries(rt.ctx, row, { code: '150102001', name: '示范街道' });
      expect(rows.map((r) => r.webhookId).sort()).toEqual([hookIds.community, hookIds.countyOverdue].sort());
      expect(rows.every((r) => r.event === 'task_overdue' && r.subjectId === overdueTask)).toBe(true);
      await insertDeliveries(db(), rows);

      const robot = await eventually(() => hooks.to('/community').find((r) => r.body.includes('任务逾期')), 'the robot message');
      const content: string = JSON.parse(robot.body).markdown.content;
      expect(content).toContain('【任务逾期】密接随访 · 阳光社区');
      expect(content).toContain('> 已上报：**示范街道**（150102001）');
      expect(content).toMatch(/> 对象：张＊＊ {2}150＊+1234 {2}138＊+8000/);
      expect(content).toContain(`/console/grid?task=${overdueTask}`);

      const [generic] = await eventually(() => hooks.to('/county-overdue').length > 0 && hooks.to('/county-overdue'), 'the county webhook');
      const body = JSON.parse(generic.body);
      expect(body).toMatchObject({
        event: 'task_overdue',
        grid: { code: '150102001001', name: '阳光社区' },
        task: { id: overdueTask, kind: 'contact_follow_up', escalatedTo: { code: '150102001', name: '示范街道' }, dueAt: new Date(Number(row.dueAt)).toISOString() },
      });
      expect(body.task.person.idNumber).toMatch(/1234$/);
      for (const clear of [PERSON.name, PERSON.idNumber, PERSON.phone]) expect(generic.body + robot.body).not.toContain(clear);

      // A task of another county: none of these hooks hear it.
      const other = await db().selectFrom('tasks').selectAll().where('orgPath', '=', unit.other.path).executeTakeFirstOrThrow();
      expect(await taskOverdueDeliveries(rt.ctx, other, null)).toEqual([]);
    });
  });
}
