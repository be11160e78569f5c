// Reports kept for download, on both engines: asked for through HTTP and built by the server's runner (both files
// downloadable, audited), refused out of role, period or scope; a report left running by a dead process taken up
// again (and given up after a few takes); the schedule making each due report once with two schedulers on one
// database; reports older than keepDays removed with their files, audited. Synthetic people only.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportsConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { dayStartMs } from '../../src/core/local-day.ts';
import { MAX_ATTEMPTS, ReportJobs, STALE_MS, type BuildReport } from '../../src/modules/reports/jobs.ts';
import { isoWeekday, ReportSchedule } from '../../src/modules/reports/schedule.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const HOUR = 3_600_000;

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const dialect of DIALECTS) {
  describe(`report jobs on ${dialect}`, () => {
    // 2026-11-28 09:00 China time
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 1, 0, 0));
    let rt: TestRuntime;
    let app: FastifyInstance;
    let analyst: Session; // county A1
    let analystB: Session; // city B
    let officer: Session; // county A1
    const people = [syntheticPerson('张三'), syntheticPerson('李四'), syntheticPerson('王五')];

    const db = () => rt.database.db;
    const rows = () => db().selectFrom('reports').selectAll().orderBy('id').execute();
    const files = async (id: string) => (await db().selectFrom('reportFiles').select('format').where('reportId', '=', id).orderBy('format').execute()).map((f) => f.format);
    const audits = (action: string) => db().selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('seq').execute();
    const quiet = () => waitFor('the runner to finish', async () => !(await db().selectFrom('reports').select('id').where('status', 'in', ['queued', 'running']).executeTakeFirst()));

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      await seedUser(rt.ctx, 'analyst-b', 'analyst', ['150200']);
      await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      const site = await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '新城区卡口' });
      app = await buildTestApp(rt);
      for (const [i, person] of people.entries()) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/checkins',
          payload: { token: decodeURIComponent(site.url.split('/r/')[1]), key: idemKey(), direction: 'in', person, origin: '420102', destination: '150102', temperature: i === 0 ? 38.5 : 36.5 },
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      [analyst, analystB, officer] = await Promise.all(['analyst-a', 'analyst-b', 'officer-a'].map((u) => login(app, u)));
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    let reportId: string;

    it('builds a report asked for after the answer: both files downloadable and audited', async () => {
      const res = await as(app, analyst).post('/api/v1/reports', { kind: 'analysis', org: '150102', from: '2026-11-22', to: '2026-11-28' });
      expect(res.statusCode, res.body).toBe(202);
      const queued = res.json();
      expect(queued).toMatchObject({ kind: 'analysis', org: { code: '150102', name: '新城区' }, from: '2026-11-22', to: '2026-11-28', lang: 'zh', trigger: 'on_demand', requestedBy: 'analyst-a' });
      expect(['queued', 'running']).toContain(queued.status);
      reportId = queued.id;
      let view: { status: string; error: string | null; title: string | null; pdfBytes: number; xlsxBytes: number } = queued;
      await waitFor('the report', async () => {
        view = (await as(app, analyst).get(`/api/v1/reports/${reportId}`)).json();
        return view.status === 'done' || view.status === 'failed';
      });
      expect(view.error).toBeNull();
      expect(view.status).toBe('done');
      expect(view.title).toBeTruthy();
      const pdf = await as(app, analyst).get(`/api/v1/reports/${reportId}/file?format=pdf`);
      expect(pdf.statusCode, pdf.body).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.rawPayload.length).toBe(view.pdfBytes);
      expect(decodeURIComponent(String(pdf.headers['content-disposition']).split("''")[1])).toBe('研判报告-新城区-20261122-20261128.pdf');
      const xlsx = await as(app, analyst).get(`/api/v1/reports/${reportId}/file?format=xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      expect(xlsx.rawPayload.length).toBe(view.xlsxBytes);
      const downloads = await audits('report.downloaded');
      expect(downloads.map((a) => [a.actorName, a.targetId, JSON.parse(a.detail!).format])).toEqual([['analyst-a', reportId, 'pdf'], ['analyst-a', reportId, 'xlsx']]);
      expect(downloads[0].orgPath).toBe((await rows()).find((r) => r.id === reportId)!.orgPath);
      expect((await audits('report.generated')).length).toBeGreaterThanOrEqual(1);
      const list = (await as(app, analyst).get('/api/v1/reports?kind=analysis&org=150102')).json();
      expect(list.items.map((r: { id: string }) => r.id)).toEqual([reportId]);
    });

    it('refuses other roles, bad periods and units outside the scope, and queues nothing', async () => {
      const before = (await rows()).length;
      const post = (s: Session, body: object) => as(app, s).post('/api/v1/reports', body);
      expect((await post(officer, { kind: 'analysis', org: '150102', to: '2026-11-27' })).statusCode).toBe(403);
      expect((await as(app, officer).get('/api/v1/reports')).statusCode).toBe(403);
      const future = await post(analyst, { kind: 'weekly', org: '150102', to: '2026-11-29' });
      expect(future.statusCode).toBe(400);
      expect(future.json().error.code).toBe('report.bad_period');
      expect((await post(analyst, { kind: 'analysis', org: '150102', from: '2026-11-28', to: '2026-11-27' })).statusCode).toBe(400);
      expect((await post(analyst, { kind: 'analysis', org: '150102', from: '2025-11-01', to: '2026-11-27' })).statusCode).toBe(400);
      expect((await post(analyst, { kind: 'analysis', org: '150102', to: '2026-02-30' })).statusCode).toBe(400);
      expect((await post(analyst, { kind: 'analysis', org: '150202', to: '2026-11-27' })).statusCode).toBe(404);
      expect((await post(analyst, { kind: 'analysis', org: '150100', to: '2026-11-27' })).statusCode).toBe(404);
      expect((await rows()).length).toBe(before);
    });

    it("answers 404 for another city's report and its files, and lists none of them", async () => {
      expect((await as(app, analystB).get(`/api/v1/reports/${reportId}`)).statusCode).toBe(404);
      for (const format of ['pdf', 'xlsx']) expect((await as(app, analystB).get(`/api/v1/reports/${reportId}/file?format=${format}`)).statusCode).toBe(404);
      expect((await as(app, analystB).get('/api/v1/reports')).json().items).toEqual([]);
      expect((await as(app, analystB).get('/api/v1/reports?org=150102')).statusCode).toBe(404);
      expect((await audits('report.downloaded')).length).toBe(2);
    });

    it('takes up a report left running by a dead process, and fails one that was taken too often', async () => {
      const unit = await db().selectFrom('orgUnits').selectAll().where('code', '=', '150102').executeTakeFirstOrThrow();
      const left = (id: string, attempts: number) => ({
        id, kind: 'weekly', orgUnitId: unit.id, orgPath: unit.path, fromDay: '2026-11-21', toDay: '2026-11-27', lang: 'en', status: 'running',
        trigger: 'on_demand', scheduleKey: null, requestedBy: null, title: null, createdAt: clock.now() - HOUR, startedAt: clock.now() - HOUR,
        finishedAt: null, heartbeatAt: clock.now() - STALE_MS - 1, attempts, error: null, pdfBytes: null, xlsxBytes: null, progress: 0,
      });
      await db().insertInto('reports').values([left('0RETRY0000000000000000000A', 1), left('0RETRY0000000000000000000B', MAX_ATTEMPTS)]).execute();
      // a fresh lease is another instance's build in progress: not taken
      await db().insertInto('reports').values({ ...left('0RETRY0000000000000000000C', 1), heartbeatAt: clock.now() }).execute();
      const stub = async () => ({ pdf: Buffer.from('%PDF-1.7 stub'), xlsx: Buffer.from('PK stub'), title: 'Weekly dispatch' });
      await new ReportJobs(rt.ctx, { build: stub }).drain();
      await waitFor('the retried report', async () => (await rows()).filter((r) => r.id.startsWith('0RETRY') && r.status === 'running').length === 1);
      const byId = new Map((await rows()).map((r) => [r.id, r]));
      expect(byId.get('0RETRY0000000000000000000A')).toMatchObject({ status: 'done', attempts: 2 });
      expect(await files('0RETRY0000000000000000000A')).toEqual(['pdf', 'xlsx']);
      expect(byId.get('0RETRY0000000000000000000B')).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS + 1 });
      expect(byId.get('0RETRY0000000000000000000C')!.status).toBe('running');
      const failed = (await as(app, analyst).get('/api/v1/reports/0RETRY0000000000000000000B', { 'accept-language': 'en' })).json();
      expect(failed.error).toMatch(/stopped several times/);
      await db().deleteFrom('reports').where('id', '=', '0RETRY0000000000000000000C').execute();
    });

    const settings: ReportsConfig = { schedule: true, dailyAt: '06:00', weeklyDay: isoWeekday('2026-11-29'), keepDays: 2, units: ['150100', '150200', 'NO-SUCH-UNIT'] };
    const scheduled = () => db().selectFrom('reports').selectAll().where('trigger', '=', 'schedule').orderBy('scheduleKey').execute();

    it("shows a running build's progress, step by step", async () => {
      const unit = await db().selectFrom('orgUnits').selectAll().where('code', '=', '150102').executeTakeFirstOrThrow();
      await db().insertInto('reports').values({
        id: '0PROGRESS00000000000000000', kind: 'analysis', orgUnitId: unit.id, orgPath: unit.path, fromDay: '2026-11-28', toDay: '2026-11-28', lang: 'zh',
        status: 'queued', trigger: 'on_demand', scheduleKey: null, requestedBy: null, title: null, createdAt: clock.now(), startedAt: null, finishedAt: null,
        heartbeatAt: null, attempts: 0, error: null, pdfBytes: null, xlsxBytes: null, progress: 0,
      }).execute();
      let release = () => {};
      const gate = new Promise<void>((r) => (release = r));
      const build: BuildReport = async (_ctx, _actor, _q, opts) => {
        opts?.onProgress?.('charts', 2, 4);
        await gate;
        return { pdf: Buffer.from('%PDF-1.7 stub'), xlsx: Buffer.from('PK stub'), title: 'stub' };
      };
      const jobs = new ReportJobs(rt.ctx, { build });
      const draining = jobs.drain();
      const view = async () => (await as(app, analyst).get('/api/v1/reports/0PROGRESS00000000000000000')).json();
      await waitFor('the progress', async () => (await view()).progress === 50);
      expect((await view()).status).toBe('running');
      release();
      await draining;
      expect(await view()).toMatchObject({ status: 'done', progress: 100 });
    });

    it('makes each due report exactly once when two schedulers tick on the same database', async () => {
      await quiet();
      const a = new ReportSchedule(rt.ctx, settings);
      const b = new ReportSchedule({ ...rt.ctx }, settings);
      const tickBoth = async () => (await Promise.all([a.tick(), b.tick()])).reduce((n, r) => n + r.queued, 0);
      clock.advance(dayStartMs('2026-11-29') + 6 * HOUR - 60_000 - clock.now()); // 05:59 China time, a Sunday
      expect(await tickBoth()).toBe(0);
      clock.advance(60_000);
      expect(await tickBoth()).toBe(4);
      expect(await tickBoth()).toBe(0);
      expect((await scheduled()).map((r) => [r.scheduleKey, r.kind, r.fromDay, r.toDay])).toEqual([
        ['analysis:150100:2026-11-28', 'analysis', '2026-11-28', '2026-11-28'],
        ['analysis:150200:2026-11-28', 'analysis', '2026-11-28', '2026-11-28'],
        ['weekly:150100:2026-11-28', 'weekly', '2026-11-22', '2026-11-28'],
        ['weekly:150200:2026-11-28', 'weekly', '2026-11-22', '2026-11-28'],
      ]);
      clock.advance(24 * HOUR); // Monday: the daily reports only
      expect(await tickBoth()).toBe(2);
      expect(await tickBoth()).toBe(0);
      await new ReportJobs(rt.ctx).drain();
      await quiet();
      const made = await scheduled();
      expect(made.map((r) => r.status)).toEqual(Array(6).fill('done'));
      // city B's analyst reads city B's scheduled reports; the county analyst of city A reads no city report
      [analyst, analystB] = await Promise.all(['analyst-a', 'analyst-b'].map((u) => login(app, u))); // a day went by
      const listB = (await as(app, analystB).get('/api/v1/reports')).json().items;
      expect(listB.map((r: { org: { code: string }; trigger: string }) => [r.org.code, r.trigger])).toEqual(Array(3).fill(['150200', 'schedule']));
      expect((await as(app, analyst).get('/api/v1/reports')).json().items.some((r: { trigger: string }) => r.trigger === 'schedule')).toBe(false);
      const file = await as(app, analystB).get(`/api/v1/reports/${listB[0].id}/file?format=pdf`);
      expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('removes reports older than keepDays with their files, each once and audited', async () => {
      await quiet();
      const old = await rows();
      expect(old.length).toBeGreaterThan(0);
      clock.advance(3 * 24 * HOUR);
      const a = new ReportSchedule(rt.ctx, { ...settings, units: [] });
      const b = new ReportSchedule({ ...rt.ctx }, { ...settings, units: [] });
      const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
      expect(ra.removed + rb.removed).toBe(old.length);
      const left = new Set((await rows()).map((r) => r.id));
      for (const r of old) {
        expect(left.has(r.id)).toBe(false);
        expect(await files(r.id)).toEqual([]);
      }
      const removed = await audits('report.removed');
      expect(removed.map((e) => e.targetId).sort()).toEqual(old.map((r) => r.id).sort());
      // the root unit's reports of the new day were queued, once
      expect(ra.queued + rb.queued).toBe(1);
      expect((await rows()).map((r) => r.scheduleKey)).toEqual(['analysis:150000:2026-12-02']);
      analyst = await login(app, 'analyst-a');
      expect((await as(app, analyst).get(`/api/v1/reports/${reportId}`)).statusCode).toBe(404);
    });
  });
}
