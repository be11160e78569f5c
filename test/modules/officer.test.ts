// The officer at the gate: decisions, pass scans, look-ups, shift summaries and assisted registration.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, ManualClock } from '../../src/core/clock.ts';
import type { DecisionEvent } from '../../src/core/events.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const tokenOf = (url: string) => decodeURIComponent(url.split('/r/')[1]);

for (const dialect of DIALECTS) {
  describe(`the officer's work on ${dialect}`, () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 0, 10, 0));
    let rt: TestRuntime;
    let app: FastifyInstance;
    let officer: Session; // county A1
    let analyst: Session; // county A1, reads only
    let officerB: Session; // county B1
    let siteA: { code: string; token: string };
    let siteB: { code: string; token: string };
    const decisions: DecisionEvent[] = [];

    const audit = (action: string) => rt.database.db.selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('seq').execute();
    const register = (token: string, person = syntheticPerson('王小明'), extra: object = {}, session: Session | null = null) =>
      as(app, session).post('/api/v1/checkins', { token, key: idemKey(), direction: 'in', person, origin: '150102', destination: '150102', ...extra });

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      await seedUser(rt.ctx, 'officer-b', 'officer', ['150202']);
      for (const [key, org] of [['a', '150102'], ['b', '150202']] as const) {
        const site = await createSite(rt.ctx, operator, { orgCode: org, kind: 'checkpoint', name: `卡口 ${org}` });
        const s = { code: site.code, token: tokenOf(site.url) };
        if (key === 'a') siteA = s;
        else siteB = s;
      }
      app = await buildTestApp(rt);
      rt.ctx.events.on('decision', (e) => decisions.push(e));
      [officer, analyst, officerB] = await Promise.all(['officer-a', 'analyst-a', 'officer-b'].map((u) => login(app, u)));
    });
    afterAll(async () => {
      await app.close();
      await rt.dispose();
    });

    describe('decisions', () => {
      it('stores a decision on a passage, shows it in the list, emits it and audits it', async () => {
        const id = (await register(siteA.token)).json().id;
        const res = await as(app, officer).post(`/api/v1/checkins/${id}/decisions`, { decision: 'hold', note: '复测体温', via: 'feed' });
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json()).toMatchObject({ checkinId: id, decision: 'hold', note: '复测体温', via: 'feed', by: { displayName: 'officer-a' } });
        const listed = (await as(app, officer).get(`/api/v1/checkins?site=${siteA.code}`)).json().items.find((c: { id: string }) => c.id === id);
        expect(listed.decision).toMatchObject({ decision: 'hold', by: 'officer-a' });
        expect(decisions.at(-1)).toMatchObject({ checkinId: id, decision: 'hold', site: siteA.code, by: 'officer-a' });
        expect((await audit('decision.record')).at(-1)).toMatchObject({ targetId: id, actorName: 'officer-a' });
        // the latest decision wins on the list; the history keeps both
        await as(app, officer).post(`/api/v1/checkins/${id}/decisions`, { decision: 'pass' });
        const history = (await as(app, officer).get(`/api/v1/checkins/${id}/decisions`)).json().items;
        expect(history.map((d: { decision: string }) => d.decision)).toEqual(['hold', 'pass']);
        expect(history[1].via).toBe('feed');
      });

      it('refuses analysts, bad decisions and check-ins outside the scope, storing nothing', async () => {
        const id = (await register(siteA.token)).json().id;
        const before = decisions.length;
        expect((await as(app, analyst).post(`/api/v1/checkins/${id}/decisions`, { decision: 'pass' })).statusCode).toBe(403);
        expect((await as(app, officer).post(`/api/v1/checkins/${id}/decisions`, { decision: 'allow' })).statusCode).toBe(400);
        expect((await as(app, officerB).post(`/api/v1/checkins/${id}/decisions`, { decision: 'pass' })).statusCode).toBe(404);
        expect((await as(app, officerB).get(`/api/v1/checkins/${id}/decisions`)).statusCode).toBe(404);
        expect(decisions.length).toBe(before);
        const stored = await rt.database.db.selectFrom('decisions').select('id').where('checkinId', '=', id).execute();
        expect(stored).toEqual([]);
      });
    });

    describe('pass scans', () => {
      it("shows the pass's check-in, companions, the latest check-in and the decisions, masked and audited", async () => {
        const person = syntheticPerson('李四');
        const first = (await register(siteA.token, person, { companions: [{ name: '李小妹', relation: 'child' }] })).json();
        clock.advance(60_000);
        const later = (await register(siteA.token, person, { direction: 'out' })).json();
        await as(app, officer).post(`/api/v1/checkins/${later.id}/decisions`, { decision: 'refer', via: 'scan' });
        const res = await as(app, officer).post('/api/v1/passes/scan', { token: first.pass });
        expect(res.statusCode, res.body).toBe(200);
        const scan = res.json();
        expect(scan.checkin).toMatchObject({ id: first.id, name: '李*', direction: 'in' });
        expect(scan.companions).toHaveLength(1);
        expect(scan.companions[0].name).toBe('李**');
        expect(scan.latest).toMatchObject({ id: later.id, direction: 'out', decision: { decision: 'refer' } });
        expect(scan.decisions.map((d: { decision: string }) => d.decision)).toEqual(['refer']);
        expect(scan.lists).toEqual([]);
        expect(res.body).not.toContain(person.idNumber);
        expect(res.body).not.toContain(person.phone);
        expect((await audit('pass.scan')).at(-1)).toMatchObject({ targetId: first.id, actorName: 'officer-a' });
      });

      it('refuses forged and altered passes, and passes of people outside the scope', async () => {
        const { pass } = (await register(siteA.token)).json();
        const [body, sig] = pass.split('.');
        const altered = `${body.slice(0, -2)}${body.at(-2) === 'A' ? 'B' : 'A'}${body.at(-1)}.${sig}`;
        for (const token of ['not-a-pass', altered, `${body}.${sig.split('').reverse().join('')}`]) {
          const res = await as(app, officer).post('/api/v1/passes/scan', { token });
          expect(res.statusCode).toBe(400);
          expect(res.json().error.code).toBe('pass.invalid');
        }
        expect((await as(app, officerB).post('/api/v1/passes/scan', { token: pass })).statusCode).toBe(404);
      });
    });

    describe('look-ups', () => {
      it('finds check-ins by ID number, phone and plate through the blind indexes, audited with the purpose', async () => {
        const person = syntheticPerson('赵六');
        const a = (await register(siteA.token, person, { vehicle: { plate: '蒙A·7K2Q9', role: 'driver' } })).json();
        await register(siteB.token, person); // outside county A1: not found by officer-a
        const lookup = (by: string, value: string, purpose = '核查可疑车辆') => as(app, officer).post('/api/v1/lookups', { by, value, purpose });
        for (const [by, value] of [['idNumber', person.idNumber.toLowerCase()], ['phone', `+86 ${person.phone}`], ['plate', '蒙a7k2q9']]) {
          const res = await lookup(by, value);
          expect(res.statusCode, `${by}: ${res.body}`).toBe(200);
          expect(res.json().items.map((c: { id: string }) => c.id)).toEqual([a.id]);
          expect(res.json().items[0].name).toBe('赵*');
        }
        const entries = await audit('lookup');
        expect(entries.slice(-3).map((e) => e.purpose)).toEqual(['核查可疑车辆', '核查可疑车辆', '核查可疑车辆']);
        const logged = JSON.stringify(entries);
        for (const secret of [person.idNumber, person.phone, '蒙A7K2Q9']) expect(logged).not.toContain(secret);
        expect(JSON.parse(entries.at(-1)!.detail!)).toMatchObject({ by: 'plate', found: 1 });
      });

      it('needs a purpose and a well-formed value, and records nothing otherwise', async () => {
        const before = (await audit('lookup')).length;
        expect((await as(app, officer).post('/api/v1/lookups', { by: 'phone', value: '13900000000', purpose: 'x' })).statusCode).toBe(400);
        expect((await as(app, officer).post('/api/v1/lookups', { by: 'phone', value: '12', purpose: '核查身份信息' })).statusCode).toBe(400);
        expect((await as(app, officer).post('/api/v1/lookups', { by: 'name', value: '赵六', purpose: '核查身份信息' })).statusCode).toBe(400);
        expect((await audit('lookup')).length).toBe(before);
      });
    });

    describe('assisted registration', () => {
      it('marks a check-in sent with an officer session as entered by that officer', async () => {
        const elder = { name: '刘奶奶', idType: 'resident_id' as const, idNumber: syntheticPerson().idNumber };
        const res = await register(siteA.token, elder as never, {}, officer);
        expect(res.statusCode, res.body).toBe(201);
        const listed = (await as(app, officer).get(`/api/v1/checkins?site=${siteA.code}`)).json().items.find((c: { id: string }) => c.id === res.json().id);
        expect(listed).toMatchObject({ name: '刘**', enteredByName: 'officer-a' });
        expect(listed.enteredBy).toBeTruthy();
        // without the officer's session, a person without a phone must give one
        expect((await register(siteA.token, elder as never)).json().error.field).toBe('person.phone');
        // the same request with no session is a self-registration
        const self = (await as(app, officer).get(`/api/v1/checkins?site=${siteA.code}`)).json().items.filter((c: { enteredBy: string | null }) => !c.enteredBy);
        expect(self.length).toBeGreaterThan(0);
      });

      it("refuses to mark check-ins at sites outside the officer's scope, or by roles that do not register people", async () => {
        const count = async () => Number((await rt.database.db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
        const before = await count();
        const out = await register(siteB.token, syntheticPerson(), {}, officer);
        expect(out.statusCode).toBe(403);
        expect(out.json().error.code).toBe('checkin.assist_out_of_scope');
        expect((await register(siteA.token, syntheticPerson(), {}, analyst)).statusCode).toBe(403);
        // sent as staff (with the CSRF header) but with a wrong token, or a session that has ended: refused, not
        // stored as if the person had registered themselves
        const wrong = await register(siteA.token, syntheticPerson(), {}, { ...officer, csrf: 'not-the-token' });
        expect(wrong.statusCode).toBe(403);
        expect(wrong.json().error.code).toBe('auth.csrf');
        const ended = await login(app, 'officer-a');
        await as(app, ended).post('/api/v1/auth/logout');
        const gone = await register(siteA.token, syntheticPerson(), {}, ended);
        expect(gone.statusCode).toBe(401);
        expect(gone.json().error.code).toBe('auth.session_expired');
        expect(await count()).toBe(before);
        // a browser holding a staff session that registers without the header is a self-registration
        const self = await app.inject({ method: 'POST', url: '/api/v1/checkins', headers: { cookie: officer.cookie }, payload: { token: siteA.token, key: idemKey(), direction: 'in', person: syntheticPerson(), origin: '150102', destination: '150102' } });
        expect(self.statusCode).toBe(201);
        const row = await rt.database.db.selectFrom('checkins').select('enteredBy').where('id', '=', self.json().id).executeTakeFirstOrThrow();
        expect(row.enteredBy).toBeNull();
      });
    });

    describe('shift summary', () => {
      it('counts people in and out, flagged submissions, decisions and the busiest hour of a site', async () => {
        const site = await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '统计卡口' });
        const token = tokenOf(site.url);
        const start = clock.now();
        const ids: string[] = [];
        // hour 1: one person in; hour 2: three people in (one with a companion, one with fever), one out
        ids.push((await register(token)).json().id);
        clock.advance(HOUR);
        ids.push((await register(token, syntheticPerson(), { companions: [{ name: '陈小', relation: 'child' }] })).json().id);
        ids.push((await register(token, syntheticPerson(), { temperature: 38.6 })).json().id);
        ids.push((await register(token, syntheticPerson(), { direction: 'out' })).json().id);
        officer = await login(app, 'officer-a');
        await as(app, officer).post(`/api/v1/checkins/${ids[2]}/decisions`, { decision: 'refer' });
        await as(app, officer).post(`/api/v1/checkins/${ids[1]}/decisions`, { decision: 'pass' });
        clock.advance(60_000);
        const res = await as(app, officer).get(`/api/v1/sites/${site.code}/summary?from=${new Date(start).toISOString()}`);
        expect(res.statusCode, res.body).toBe(200);
        const s = res.json();
        expect(s).toMatchObject({ in: 4, out: 1, people: 5, submissions: 4, flagged: 1, decisions: { pass: 1, hold: 0, refer: 1 } });
        expect(s.hours.map((h: { count: number }) => h.count)).toEqual([1, 4]);
        expect(s.busiestHour.count).toBe(4);
        expect(Date.parse(s.busiestHour.hour) % HOUR).toBe(0);
        // the default shift is the last 12 hours, which holds all of this
        expect((await as(app, officer).get(`/api/v1/sites/${site.code}/summary`)).json().people).toBe(5);
        officerB = await login(app, 'officer-b');
        expect((await as(app, officerB).get(`/api/v1/sites/${site.code}/summary`)).statusCode).toBe(404);
        expect((await as(app, officer).get(`/api/v1/sites/${site.code}/summary?from=${new Date(start).toISOString()}&to=${new Date(start - 1).toISOString()}`)).statusCode).toBe(400);
      });
    });

    it('refuses a pass once it has expired', async () => {
      const { pass } = (await register(siteA.token)).json();
      clock.advance(15 * 24 * HOUR);
      officer = await login(app, 'officer-a');
      const res = await as(app, officer).post('/api/v1/passes/scan', { token: pass });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('pass.expired');
    });
  });
}
