// Home observation on both engines (issue 8): started by a grid worker or a leader, a personal link the person reports
// through twice a day (slots by China time, once per client id, forged and replaced links refused, a bad
// temperature refused and nothing stored), and the every-minute jobs: one missed-report task per silent slot, none
// for a slot a worker filled, and the end of the observation closing its task.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, ManualClock, MINUTE } from '../../src/core/clock.ts';
import { addDays, dayStartMs } from '../../src/core/local-day.ts';
import { checkMissedReports, endObservations } from '../../src/modules/grid/observation-missed.ts';
import { recordWorkerTemperature } from '../../src/modules/grid/observation-report.ts';
import { owedSlots, selfSlotAt, workerSlotAt } from '../../src/modules/grid/observation-slots.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { buildObservationApp, COMMUNITY, seedObservationWorld, seedResident, tokenOf, unitId } from '../helpers/observation-world.ts';

const DAY = 24 * HOUR;

describe('observation slots (pure)', () => {
  const d = '2027-03-01';
  const at = (h: number, m = 0) => dayStartMs(d) + h * HOUR + m * MINUTE;
  it('puts a self-report in the open slot, late between slots, nowhere before 06:00', () => {
    expect(selfSlotAt(at(6))).toMatchObject({ window: { slot: `${d}/am` }, late: false });
    expect(selfSlotAt(at(11, 59))).toMatchObject({ window: { slot: `${d}/am` }, late: false });
    expect(selfSlotAt(at(12))).toMatchObject({ window: { slot: `${d}/am` }, late: true });
    expect(selfSlotAt(at(14))).toMatchObject({ window: { slot: `${d}/pm` }, late: false });
    expect(selfSlotAt(at(21, 30))).toMatchObject({ window: { slot: `${d}/pm` }, late: true });
    expect(selfSlotAt(at(5, 59))).toBeNull();
  });
  it('never turns a worker away: before 06:00 is the evening before', () => {
    expect(workerSlotAt(at(3)).slot).toBe(`${addDays(d, -1)}/pm`);
    expect(workerSlotAt(at(13)).slot).toBe(`${d}/am`);
  });
  it('owes the slots that open after the start and close by the end', () => {
    const slots = owedSlots(at(8), at(8) + 14 * DAY).map((w) => w.slot);
    expect(slots[0]).toBe(`${d}/pm`);
    expect(slots).toHaveLength(27);
    expect(slots.at(-1)).toBe(`${addDays(d, 13)}/pm`);
  });
});

for (const dialect of DIALECTS) {
  describe(`home observation on ${dialect}`, () => {
    // Forty days apart per dialect: ids are time-ordered in this process.
    const base = addDays('2027-01-04', 40 * DIALECTS.indexOf(dialect));
    const clock = new ManualClock(dayStartMs(base) + 8 * HOUR);
    const setLocal = (day: number, h: number, m = 0) => {
      const t = dayStartMs(addDays(base, day)) + h * HOUR + m * MINUTE;
      if (t < clock.now()) throw new Error('the clock only moves forward');
      clock.advance(t - clock.now());
    };
    let rt: TestRuntime;
    let app: FastifyInstance;
    let alice: string; // observed from day 0 08:00, started by the worker
    let bob: string; // observed from day 0 08:00, started by the analyst: the missed-report checks
    let obsA: { id: string; taskId: string; link: string };
    let obsB: { id: string; taskId: string };
    const db = () => rt.database.db;
    const session = (u: string): Promise<Session> => login(app, u);
    const anon = () => as(app, null);
    const status = (token: string) => anon().get('/api/v1/public/observation', { 'x-observation-token': token });
    const report = (token: string, clientId: string, temperature: number, symptoms?: string[]) =>
      anon().post('/api/v1/public/observation', { token, clientId, temperature, ...(symptoms && { symptoms }) });
    const reportsOf = (id: string) => db().selectFrom('temperatureReports').selectAll().where('observationId', '=', id).orderBy('at').execute();
    const missedOf = (id: string) => db().selectFrom('tasks').selectAll().where('kind', '=', 'missed_report').where('sourceId', '=', id).orderBy('dedupeKey').execute();

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedObservationWorld(rt.ctx);
      alice = await seedResident(rt.ctx, '张晓明', '501');
      bob = await seedResident(rt.ctx, '李建国', '502');
      app = await buildObservationApp(rt);
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    it('a grid worker starts an observation in their grid: a routed task, a personal link, audited', async () => {
      const worker = await session('obs-worker');
      const res = await as(app, worker).post('/api/v1/grid/observations', { personId: alice });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      const community = await unitId(rt.ctx, COMMUNITY);
      expect(body.task).toMatchObject({ kind: 'home_observation', status: 'open', orgUnit: { code: COMMUNITY } });
      expect(body.task.assignedTo?.displayName).toBe('obs-worker');
      expect(body.observation).toMatchObject({ status: 'active', days: 14, day: 1, reports: [], missed: [], orgUnit: { id: community.id } });
      expect(body.observation.person.name).toBe('张**');
      expect(body.link).toMatch(/\/observe\/#[\w-]+\.[\w-]+$/);
      expect(tokenOf(body.link)).not.toContain(alice);
      obsA = { id: body.observation.id, taskId: body.task.id, link: body.link };
      const task = await db().selectFrom('tasks').selectAll().where('id', '=', obsA.taskId).executeTakeFirstOrThrow();
      expect(task).toMatchObject({ sourceType: 'observation', sourceId: obsA.id, personId: alice, dueAt: clock.now() + 14 * DAY });
      const audit = await db().selectFrom('auditLog').selectAll().where('action', '=', 'observation.start').where('targetId', '=', obsA.id).execute();
      expect(audit).toHaveLength(1);
      // once at a time
      const again = await as(app, worker).post('/api/v1/grid/observations', { personId: alice });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('observation.already_active');
    });

    it('refuses workers outside the person\'s grid and bad input', async () => {
      const stranger = await session('obs-stranger');
      const res = await as(app, stranger).post('/api/v1/grid/observations', { personId: bob });
      expect([403, 404]).toContain(res.statusCode);
      const analyst = await session('obs-analyst');
      expect((await as(app, analyst).post('/api/v1/grid/observations', { personId: bob, days: 31 })).statusCode).toBe(400);
      expect((await as(app, analyst).post('/api/v1/grid/observations', { personId: 'nobody-1234' })).statusCode).toBe(404);
      expect(await db().selectFrom('observations').select('id').where('personId', '=', bob).execute()).toHaveLength(0);
    });

    it('the person reads their day and reports once per client id', async () => {
      const token = tokenOf(obsA.link);
      const s = await status(token);
      expect(s.statusCode, s.body).toBe(200);
      expect(s.json()).toMatchObject({ person: '张**', status: 'active', day: 1, days: 14, today: { am: false, pm: false }, slot: 'am' });
      const first = await report(token, 'client-a-0001', 36.5);
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toEqual({ slot: 'am', duplicate: false });
      const resent = await report(token, 'client-a-0001', 36.5);
      expect(resent.json()).toEqual({ slot: 'am', duplicate: true });
      expect(await reportsOf(obsA.id)).toHaveLength(1);
      expect((await status(token)).json().today).toEqual({ am: true, pm: false });
    });

    it('refuses a bad temperature and stores nothing', async () => {
      const token = tokenOf(obsA.link);
      for (const [t, code] of [[42.5, 'observation.temperature_range'], [34.9, 'observation.temperature_range'], [36.55, 'validation.temperature.format']] as const) {
        const res = await report(token, `client-bad-${String(t).replace('.', '')}`, t);
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe(code);
      }
      expect((await report(token, 'client-bad-symptom', 36.5, ['sneezing'])).statusCode).toBe(400);
      expect(await reportsOf(obsA.id)).toHaveLength(1);
    });

    it('refuses forged links with a clear message', async () => {
      const token = tokenOf(obsA.link);
      const [body, sig] = token.split('.');
      const forgedSig = `${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
      const otherBody = `${Buffer.from(JSON.stringify({ ...payload, v: payload.v + 5 })).toString('base64url')}.${sig}`;
      for (const bad of [forgedSig, otherBody, 'not-a-token', `${body}.${sig}.x`]) {
        const res = await status(bad);
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('observation.token_invalid');
        expect((await report(bad, 'client-forged-01', 36.6)).json().error.code).toBe('observation.token_invalid');
      }
      const en = await anon().get('/api/v1/public/observation', { 'x-observation-token': 'not-a-token', 'accept-language': 'en' });
      expect(en.json().error.message).toMatch(/ask your grid worker/i);
      const zh = await anon().get('/api/v1/public/observation', { 'x-observation-token': 'not-a-token', 'accept-language': 'zh-CN' });
      expect(zh.json().error.message).toContain('网格员');
      expect(await reportsOf(obsA.id)).toHaveLength(1);
    });

    it('a new link replaces the old one', async () => {
      const worker = await session('obs-worker');
      const res = await as(app, worker).post(`/api/v1/grid/observations/${obsA.id}/link`);
      expect(res.statusCode, res.body).toBe(200);
      const old = tokenOf(obsA.link);
      obsA.link = res.json().link;
      const refused = await status(old);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('observation.token_rotated');
      expect((await report(old, 'client-old-link1', 36.6)).json().error.code).toBe('observation.token_rotated');
      expect((await status(tokenOf(obsA.link))).statusCode).toBe(200);
      const stranger = await session('obs-stranger');
      expect((await as(app, stranger).post(`/api/v1/grid/observations/${obsA.id}/link`)).statusCode).toBe(404);
    });

    it('the analyst starts a second observation; reads are masked and in scope', async () => {
      const analyst = await session('obs-analyst');
      const res = await as(app, analyst).post('/api/v1/grid/observations', { personId: bob });
      expect(res.statusCode, res.body).toBe(201);
      obsB = { id: res.json().observation.id, taskId: res.json().task.id };
      const got = await as(app, analyst).get(`/api/v1/grid/observations/${obsA.id}`);
      expect(got.statusCode).toBe(200);
      expect(got.json()).toMatchObject({ id: obsA.id, person: { name: '张**' }, reports: [{ slot: `${base}/am`, temperature: 36.5, source: 'self', flagged: false }] });
      expect(got.json().person.idNumber).toMatch(/\*/);
      const stranger = await session('obs-stranger');
      expect((await as(app, stranger).get(`/api/v1/grid/observations/${obsA.id}`)).statusCode).toBe(404);
    });

    it('takes a late report only for a slot nobody reported, and none before 06:00', async () => {
      const token = tokenOf(obsA.link);
      setLocal(0, 13); // between slots: the morning is reported already
      expect((await status(token)).json().slot).toBeNull();
      const late = await report(token, 'client-a-late-am', 36.7);
      expect(late.statusCode).toBe(400);
      expect(late.json().error.code).toBe('observation.slot_reported');
      setLocal(0, 21, 30); // the evening closed unreported: a late report makes up for it
      expect((await status(token)).json().slot).toBe('pm');
      expect((await report(token, 'client-a-0002', 36.8)).json()).toEqual({ slot: 'pm', duplicate: false });
      setLocal(1, 5);
      const early = await report(token, 'client-a-early', 36.6);
      expect(early.json().error.code).toBe('observation.no_slot');
      expect((await reportsOf(obsA.id)).map((r) => r.slot)).toEqual([`${base}/am`, `${base}/pm`]);
    });

    it('a fever flags the report on the task and in the audit log', async () => {
      setLocal(1, 7);
      const res = await report(tokenOf(obsA.link), 'client-a-fever', 38.2, ['cough']);
      expect(res.json()).toEqual({ slot: 'am', duplicate: false });
      const task = await db().selectFrom('tasks').select('detail').where('id', '=', obsA.taskId).executeTakeFirstOrThrow();
      expect(JSON.parse(task.detail!)).toMatchObject({ observationId: obsA.id, flagged: true, flags: [{ slot: `${addDays(base, 1)}/am`, temperature: 38.2, symptoms: ['cough'], source: 'self' }] });
      expect(await db().selectFrom('auditLog').select('seq').where('action', '=', 'observation.flag').where('targetId', '=', obsA.id).execute()).toHaveLength(1);
    });

    it('creates exactly one missed-report task per silent slot; a slot the worker filled is not missed', async () => {
      // Bob started on day 0 at 08:00 (after the morning opened): the first slot he owes is day 0 pm.
      setLocal(1, 7, 30);
      await checkMissedReports(rt.ctx);
      expect((await missedOf(obsB.id)).map((t) => JSON.parse(t.detail!).slot)).toEqual([`${base}/pm`]);
      // Alice's evening of day 0 was made up for late, her morning of day 1 reported: nothing missed.
      expect(await missedOf(obsA.id)).toHaveLength(0);
      expect(await checkMissedReports(rt.ctx)).toBe(0);

      // The worker visits Bob on day 1 at 11:00 and takes his temperature: the morning is filled.
      const workerActor = { userId: (await db().selectFrom('users').select('id').where('username', '=', 'obs-worker').executeTakeFirstOrThrow()).id, username: 'obs-worker', role: 'grid_worker' as const, scope: { paths: [(await unitId(rt.ctx, COMMUNITY)).path] }, ip: null, homePath: null };
      setLocal(1, 11);
      const w = await recordWorkerTemperature(rt.ctx, workerActor, { taskId: obsB.taskId, temperature: 36.4, at: clock.now(), clientId: 'worker-b-0001' });
      expect(w).toMatchObject({ observationId: obsB.id, slot: `${addDays(base, 1)}/am`, duplicate: false });
      expect((await recordWorkerTemperature(rt.ctx, workerActor, { taskId: obsB.taskId, temperature: 36.4, at: clock.now(), clientId: 'worker-b-0001' })).duplicate).toBe(true);
      expect(await reportsOf(obsB.id)).toHaveLength(1);

      setLocal(1, 12, 1);
      expect(await checkMissedReports(rt.ctx)).toBe(0);
      setLocal(1, 21);
      expect(await checkMissedReports(rt.ctx)).toBe(2); // day 1 pm: Alice and Bob both silent
      expect(await checkMissedReports(rt.ctx)).toBe(0);
      const missed = await missedOf(obsB.id);
      expect(missed.map((t) => JSON.parse(t.detail!).slot)).toEqual([`${base}/pm`, `${addDays(base, 1)}/pm`]);
      const community = await unitId(rt.ctx, COMMUNITY);
      const last = missed[1];
      expect(last).toMatchObject({ status: 'open', orgUnitId: community.id, personId: bob, dedupeKey: `missed|${obsB.id}|${addDays(base, 1)}/pm`, dueAt: clock.now() + 2 * HOUR });
      expect(last.assignedTo).toBe(workerActor.userId);

      // The worker knocks for Bob's missed day-0 evening: the temperature fills that slot, whatever the hour.
      const filled = await recordWorkerTemperature(rt.ctx, workerActor, { taskId: missed[0].id, temperature: 36.9, at: clock.now(), clientId: 'worker-b-0002' });
      expect(filled).toMatchObject({ observationId: obsB.id, slot: `${base}/pm`, duplicate: false });
      const stranger = { ...workerActor, userId: 'someone-else', scope: { paths: [(await unitId(rt.ctx, '150202')).path] } };
      await expect(recordWorkerTemperature(rt.ctx, stranger, { taskId: obsB.taskId, temperature: 36.5, at: clock.now(), clientId: 'worker-x-0001' })).rejects.toMatchObject({ code: 'observation.not_found' });
      await expect(recordWorkerTemperature(rt.ctx, workerActor, { taskId: obsB.taskId, temperature: 43, at: clock.now(), clientId: 'worker-b-0003' })).rejects.toMatchObject({ code: 'observation.temperature_range' });
      expect((await reportsOf(obsB.id)).map((r) => r.slot).sort()).toEqual([`${base}/pm`, `${addDays(base, 1)}/am`]);

      // Alice makes up for her evening late: her missed-report task is done, nobody needs to go.
      setLocal(1, 21, 20);
      expect((await report(tokenOf(obsA.link), 'client-a-0003', 36.6)).json()).toEqual({ slot: 'pm', duplicate: false });
      const [aliceMissed] = await missedOf(obsA.id);
      expect(aliceMissed).toMatchObject({ status: 'done', result: 'reported' });
    });

    it('ends an observation early when its task is cancelled, and owes nothing more', async () => {
      const carol = await seedResident(rt.ctx, '王芳', '503');
      const analyst = await session('obs-analyst');
      const res = await as(app, analyst).post('/api/v1/grid/observations', { personId: carol, days: 3 });
      expect(res.statusCode, res.body).toBe(201);
      const { observation, task } = res.json();
      await db().updateTable('tasks').set({ status: 'cancelled', doneAt: clock.now() }).where('id', '=', task.id).execute();
      expect(await endObservations(rt.ctx)).toBe(1);
      expect(await db().selectFrom('observations').select('status').where('id', '=', observation.id).executeTakeFirstOrThrow()).toEqual({ status: 'ended' });
      expect(await db().selectFrom('tasks').select('status').where('id', '=', task.id).executeTakeFirstOrThrow()).toEqual({ status: 'cancelled' });
      setLocal(2, 12, 1);
      await checkMissedReports(rt.ctx);
      expect(await missedOf(observation.id)).toHaveLength(0);
    });

    it('ends the observation when its days are over and closes its task', async () => {
      setLocal(13, 9);
      expect(await endObservations(rt.ctx)).toBe(0);
      setLocal(14, 8);
      await checkMissedReports(rt.ctx);
      // day 0 pm to day 13 pm, less Bob's reported day-1 morning
      expect(await missedOf(obsB.id)).toHaveLength(26);
      expect(await endObservations(rt.ctx)).toBe(2);
      expect(await endObservations(rt.ctx)).toBe(0);
      const row = await db().selectFrom('observations').selectAll().where('id', '=', obsB.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'ended', endedAt: clock.now() });
      const task = await db().selectFrom('tasks').selectAll().where('id', '=', obsB.taskId).executeTakeFirstOrThrow();
      expect(task).toMatchObject({ status: 'done', result: 'completed' });
      setLocal(14, 9);
      expect(await checkMissedReports(rt.ctx)).toBe(0);
      const token = tokenOf(obsA.link);
      expect((await status(token)).json()).toMatchObject({ status: 'ended', slot: null, day: null });
      expect((await report(token, 'client-a-after', 36.5)).json().error.code).toBe('observation.ended');
      setLocal(15, 9); // a day after the end: the link has expired
      expect((await status(token)).json().error.code).toBe('observation.token_expired');
    });
  });
}
