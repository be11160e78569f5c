// Attacks on tokens and accounts, refused and audited: forged, altered, replaced and expired site QR tokens and
// personal passes; forged observation links (the full set, replaced links included: test/modules/grid-observation.test.ts);
// brute-forced logins (lockout, then the rate limit); session fixation; ids of another county guessed by an officer
// and an analyst. Anonymous refusals are audited at most once a minute per address and kind, with a count
// (src/http/refusal-audit.ts). Also: test/modules/officer.test.ts (a pass past its expiry by the clock),
// test/modules/sites-token.test.ts (the token format), test/modules/scope-isolation.test.ts (every route, as an admin).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/core/audit.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { newId } from '../../src/core/ids.ts';
import { localDay } from '../../src/core/local-day.ts';
import { deriveKey, signToken } from '../../src/core/signed-token.ts';
import { indexCheckins } from '../../src/modules/people/checkin-indexer.ts';
import { requestReport } from '../../src/modules/reports/service.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { signSiteToken, siteTokenKeys } from '../../src/modules/sites/token.ts';
import { runTrace } from '../../src/modules/tracing/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, PASSWORD, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const MINUTE = 60_000;
const tokenOf = (url: string) => decodeURIComponent(url.split('/r/')[1]);
/** The same string with the character at i changed (to another one of the base64url alphabet). */
const alter = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

for (const dialect of DIALECTS) {
  describe(`attacks on ${dialect}`, () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 20, 2, 0, 0));
    let rt: TestRuntime;
    let app: FastifyInstance;
    let adminA: Session;
    let officerA: Session;
    let analystA: Session;
    let siteA: { code: string; token: string };
    let siteB: { code: string; token: string };

    const db = () => rt.database.db;
    const audit = (action: string) => db().selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('seq').execute();
    const refusals = async (action: string, kind: string) =>
      (await audit(action)).map((e) => ({ ...e, detail: JSON.parse(e.detail ?? '{}') })).filter((e) => e.detail.kind === kind);
    const checkins = async () => Number((await db().selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const register = (token: string, person = syntheticPerson('赵六')) =>
      as(app, null).post('/api/v1/checkins', { token, key: idemKey(), direction: 'in', person, origin: '150102', destination: '150102' });
    const expectRefused = (res: LightMyRequestResponse, status: number, code: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
    };

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, {
        clock,
        configure: (c) => ({ ...c, lockout: { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 }, rateLimit: { perMinute: 100_000, loginPerMinute: 25 } }),
      });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'admin-a', 'admin', ['150102']);
      await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      await seedUser(rt.ctx, 'admin-b', 'admin', ['150202']);
      await seedUser(rt.ctx, 'victim', 'officer', ['150102']);
      await seedUser(rt.ctx, 'bf-victim', 'officer', ['150102']);
      const a = await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '新城区卡口' });
      const b = await createSite(rt.ctx, operator, { orgCode: '150202', kind: 'checkpoint', name: '东河区卡口' });
      siteA = { code: a.code, token: tokenOf(a.url) };
      siteB = { code: b.code, token: tokenOf(b.url) };
      app = await buildTestApp(rt);
      [adminA, officerA, analystA] = await Promise.all(['admin-a', 'officer-a', 'analyst-a'].map((u) => login(app, u)));
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    it('refuses forged, altered, replaced and expired site QR tokens, storing nothing; audited once a minute per address with a count', async () => {
      const before = await checkins();
      const [body, sig] = siteA.token.split('.');
      const keys = siteTokenKeys(rt.ctx.sessionKey);
      const now = clock.now();
      const forged = signToken({ v: 1, s: siteA.code, g: 1, nbf: Math.floor(now / 1000) - 60, exp: Math.floor(now / 1000) + 86_400 }, deriveKey(Buffer.alloc(32, 7), 'site token'));
      const expired = signSiteToken(keys, { code: siteA.code, generation: 1, nbfMs: now - 400 * 86_400_000, expMs: now - 86_400_000 });
      const cases: [string, string][] = [
        [forged, 'site.token_invalid'],
        [`${alter(body, 20)}.${sig}`, 'site.token_invalid'],
        [`${body}.${alter(sig, 10)}`, 'site.token_invalid'],
        [`${body}.${sig}x`, 'site.token_invalid'],
        [expired, 'site.token_expired'],
      ];
      for (const [token, code] of cases) {
        expectRefused(await register(token), 400, code);
        expectRefused(await as(app, null).get(`/api/v1/public/sites/resolve?token=${encodeURIComponent(token)}`), 400, code);
      }
      // a QR code replaced without grace: the old one is refused, the new one works
      const rotated = await as(app, adminA).post(`/api/v1/sites/${siteA.code}/rotate`, { graceHours: 0 });
      expect(rotated.statusCode, rotated.body).toBe(200);
      expectRefused(await register(siteA.token), 400, 'site.token_rotated');
      siteA.token = tokenOf(rotated.json().url);
      expect(await checkins()).toBe(before);
      expect((await register(siteA.token)).statusCode).toBe(201);

      // 11 refusals within the minute: one entry; the next minute's first refusal carries the ones held back
      const entries = await refusals('security.token_refused', 'site_token');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorId: null, ip: '127.0.0.1', detail: { code: 'site.token_invalid', count: 1, route: '/api/v1/checkins' } });
      clock.advance(MINUTE);
      expectRefused(await register(forged), 400, 'site.token_invalid');
      const next = await refusals('security.token_refused', 'site_token');
      expect(next).toHaveLength(2);
      expect(next[1].detail.count).toBe(cases.length * 2 + 1);
    });

    it('refuses forged, altered, expired and out-of-scope personal passes; audited with the officer', async () => {
      const res = await register(siteA.token, syntheticPerson('孙七'));
      const pass: string = res.json().pass;
      const scan = (token: string, who = officerA) => as(app, who).post('/api/v1/passes/scan', { token });
      expect((await scan(pass)).statusCode).toBe(200);
      expect((await scan(pass)).statusCode).toBe(200); // scanning again is what a pass is for, until it expires
      const [body, sig] = pass.split('.');
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
      const now = Math.floor(clock.now() / 1000);
      const forged = signToken({ p: 1, g: payload.g, iat: now, exp: now + 86_400 }, deriveKey(Buffer.alloc(32, 9), 'pass'));
      const expired = signToken({ p: 1, g: payload.g, iat: now - 20 * 86_400, exp: now - 6 * 86_400 }, deriveKey(rt.ctx.sessionKey, 'pass'));
      // a site token is signed by the same scheme under another key: never accepted as a pass
      for (const token of [forged, `${alter(body, 12)}.${sig}`, `${body}.${alter(sig, 5)}`, siteA.token]) expectRefused(await scan(token), 400, 'pass.invalid');
      expectRefused(await scan(expired), 400, 'pass.expired');
      const officerB = await login(app, 'admin-b');
      expectRefused(await scan(pass, officerB), 404, 'checkin.not_found');
      const entries = await refusals('security.token_refused', 'pass');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorName: 'officer-a', detail: { code: 'pass.invalid', count: 1 } });
      expect(await refusals('security.access_refused', 'not_found')).toEqual([expect.objectContaining({ actorName: 'admin-b', detail: expect.objectContaining({ route: '/api/v1/passes/scan' }) })]);
    });

    it('refuses a forged observation link, audited like the site tokens', async () => {
      const forged = signToken({ ob: 1, o: newId(clock.now()), v: 1, exp: Math.floor(clock.now() / 1000) + 86_400 }, deriveKey(Buffer.alloc(32, 3), 'observation link'));
      expectRefused(await as(app, null).get('/api/v1/public/observation', { 'x-observation-token': forged }), 400, 'observation.token_invalid');
      expectRefused(await as(app, null).post('/api/v1/public/observation', { token: forged, clientId: 'client-forged-1', temperature: 36.6 }), 400, 'observation.token_invalid');
      const entries = await refusals('security.token_refused', 'observation_link');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorId: null, detail: { code: 'observation.token_invalid', count: 1 } });
    });

    it('does not adopt a session id planted before login; logout revokes the session', async () => {
      const planted = 'tg_session=attacker-chosen-value-0123456789';
      expectRefused(await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: planted } }), 401, 'auth.session_expired');
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'victim', password: PASSWORD }, headers: { cookie: planted } });
      expect(res.statusCode, res.body).toBe(200);
      const issued = res.cookies.find((c) => c.name === 'tg_session')!;
      expect(issued.value).not.toBe('attacker-chosen-value-0123456789');
      expect(issued).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      expectRefused(await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: planted } }), 401, 'auth.session_expired');
      const victim: Session = { cookie: `tg_session=${issued.value}`, csrf: res.json().csrfToken };
      expect((await as(app, victim).get('/api/v1/me')).json().username).toBe('victim');
      // a stolen cookie without the CSRF token cannot write
      expectRefused(await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: victim.cookie } }), 403, 'auth.csrf');
      expect((await as(app, victim).post('/api/v1/auth/logout')).statusCode).toBe(204);
      expectRefused(await as(app, victim).get('/api/v1/me'), 401, 'auth.session_expired');
      expect((await refusals('security.token_refused', 'session')).length).toBeGreaterThanOrEqual(1);
      expect(await refusals('security.token_refused', 'csrf')).toHaveLength(1);
      expect((await audit('auth.logout')).at(-1)).toMatchObject({ actorName: 'victim' });
    });

    it('refuses garbage API tokens, audited', async () => {
      for (const h of ['Bearer tgt_' + 'A'.repeat(43), 'Bearer nonsense']) {
        expectRefused(await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: h } }), 401, 'auth.required');
      }
      expect(await refusals('security.token_refused', 'api_token')).toEqual([expect.objectContaining({ detail: expect.objectContaining({ count: 1 }) })]);
    });

    it("answers an officer's and an analyst's guesses at another county's ids as it answers ids that do not exist, audited", async () => {
      const adminB = await login(app, 'admin-b');
      const person = syntheticPerson('钱八');
      const checkinB = (await as(app, null).post('/api/v1/checkins', { token: siteB.token, key: idemKey(), direction: 'in', person, origin: '150202', destination: '150202' })).json().id;
      await indexCheckins(rt.ctx);
      const personB = (await db().selectFrom('persons').select('id').where('idBidx', '=', rt.ctx.blindIndex.of('id_number', person.idNumber)).executeTakeFirstOrThrow()).id;
      const traceB = (await runTrace(rt.ctx, operator, { idNumber: person.idNumber, depth: 1, purpose: 'trace in B' })).id;
      const reportB = (await requestReport(rt.ctx, operator, { kind: 'analysis', org: '150202', to: localDay(clock.now()) }, 'zh')).id;
      const importB = (await as(app, adminB).post('/api/v1/imports/uploads?fileName=b.csv', Buffer.from('姓名,手机号\n钱八,13900001111\n'), { 'content-type': 'application/octet-stream' })).json().id;
      const task = await as(app, adminB).post('/api/v1/grid/tasks', { title: '东河区任务', orgCode: '150202', dueAt: new Date(clock.now() + 86_400_000).toISOString() });
      expect(task.statusCode, task.body).toBe(201);
      const taskB = task.json().id;
      const probes: [string, (id: string) => Promise<LightMyRequestResponse>, string][] = [];
      for (const [who, s] of [['officer', officerA], ['analyst', analystA]] as const) {
        const c = as(app, s);
        probes.push(
          [`${who} reveals a check-in`, (id) => c.post(`/api/v1/checkins/${id}/reveal`, { purpose: 'guessing ids' }), checkinB],
          [`${who} reads decisions`, (id) => c.get(`/api/v1/checkins/${id}/decisions`), checkinB],
          [`${who} reads a person`, (id) => c.get(`/api/v1/persons/${id}`), personB],
          [`${who} reads a trace`, (id) => c.get(`/api/v1/traces/${id}`), traceB],
          [`${who} reads a task`, (id) => c.get(`/api/v1/grid/tasks/${id}`), taskB],
          [`${who} reads an import`, (id) => c.get(`/api/v1/imports/${id}`), importB],
          [`${who} reads a report`, (id) => c.get(`/api/v1/reports/${id}`), reportB],
          [`${who} downloads a report`, (id) => c.get(`/api/v1/reports/${id}/file?format=xlsx`), reportB],
          [`${who} exports a trace`, (id) => c.get(`/api/v1/traces/${id}/export?format=csv`), traceB],
        );
      }
      probes.push([`officer decides on a check-in`, (id) => as(app, officerA).post(`/api/v1/checkins/${id}/decisions`, { decision: 'hold' }), checkinB]);
      const auditedBefore = (await audit('reveal')).length;
      for (const [what, probe, idB] of probes) {
        const real = await probe(idB);
        const made = await probe(newId(clock.now() - 3_600_000));
        expect([403, 404], `${what}: ${real.statusCode} ${real.body}`).toContain(real.statusCode);
        expect({ status: real.statusCode, code: real.json().error.code }, what).toEqual({ status: made.statusCode, code: made.json().error.code });
      }
      expect(await audit('reveal')).toHaveLength(auditedBefore);
      expect(await db().selectFrom('decisions').select('id').execute()).toEqual([]);
      const byUser = (await audit('security.access_refused')).filter((e) => e.actorName === 'officer-a' || e.actorName === 'analyst-a');
      expect(new Set(byUser.map((e) => e.actorName))).toEqual(new Set(['officer-a', 'analyst-a']));
    });

    it('locks an account under brute force, refuses the right password while locked, then rate-limits the address; all audited', async () => {
      const attempt = (password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bf-victim', password } });
      for (let i = 1; i <= 4; i++) expectRefused(await attempt(`guess-${i}`), 401, 'auth.invalid_credentials');
      expectRefused(await attempt('guess-5'), 423, 'auth.locked');
      expectRefused(await attempt(PASSWORD), 423, 'auth.locked');
      let limited: LightMyRequestResponse | null = null;
      for (let i = 0; i < 30 && !limited; i++) {
        const res = await attempt(`guess-more-${i}`);
        if (res.statusCode === 429) limited = res;
        else expectRefused(res, 423, 'auth.locked');
      }
      expect(limited, 'the login rate limit').not.toBeNull();
      expectRefused(limited!, 429, 'request.rate_limited');
      expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
      const failed = (await audit('auth.login_failed')).filter((e) => e.actorName === 'bf-victim');
      expect(failed).toHaveLength(5);
      expect(JSON.parse(failed[4].detail!)).toMatchObject({ reason: 'password', locked: true });
      const refused = (await audit('auth.login_refused')).filter((e) => e.actorName === 'bf-victim');
      expect(refused.length).toBeGreaterThanOrEqual(2);
      expect(refused.every((e) => JSON.parse(e.detail!).reason === 'locked')).toBe(true);
      expect(await refusals('security.access_refused', 'rate_limit')).toEqual([expect.objectContaining({ actorId: null, ip: '127.0.0.1', detail: expect.objectContaining({ route: '/api/v1/auth/login', count: 1 }) })]);
      // still locked after the rate limit's minute would have passed for a patient attacker
      clock.advance(5 * MINUTE);
      expect((await db().selectFrom('users').select('lockedUntil').where('username', '=', 'bf-victim').executeTakeFirstOrThrow()).lockedUntil).toBeGreaterThan(clock.now());
    });

    it('keeps the audit chain whole', async () => {
      expect((await verifyAuditChain(rt.ctx)).ok).toBe(true);
    });
  });
}
