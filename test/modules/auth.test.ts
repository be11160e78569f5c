import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../../src/core/clock.ts';
import { totpCode } from '../../src/core/totp.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { PASSWORD, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login } from '../helpers/http.ts';
import { buildTestApp } from '../helpers/server.ts';

for (const dialect of DIALECTS) {
  describe(`accounts and sessions on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let clock: ManualClock;

    async function setup() {
      clock = new ManualClock();
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'admin1', 'admin', ['150000']);
      await seedUser(rt.ctx, 'officer1', 'officer', ['150102']);
      app = await buildTestApp(rt);
    }
    afterEach(async () => {
      await app?.close();
      await rt?.dispose();
    });

    const auditActions = async () => (await rt.database.db.selectFrom('auditLog').select(['action', 'actorName']).orderBy('seq').execute());

    it('logs in, answers /me with scopes, logs out; each step audited', async () => {
      await setup();
      const s = await login(app, 'officer1');
      const me = await as(app, s).get('/api/v1/me');
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ username: 'officer1', role: 'officer', scopes: [{ code: '150102', name: '新城区' }] });
      expect((await as(app, s).post('/api/v1/auth/logout')).statusCode).toBe(204);
      expect((await as(app, s).get('/api/v1/me')).statusCode).toBe(401);
      const actions = (await auditActions()).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.logout']));
    });

    it('stores no session secret: the cookie value is not in the database', async () => {
      await setup();
      const s = await login(app, 'officer1');
      const value = s.cookie.split('=')[1];
      const rows = await rt.database.db.selectFrom('sessions').select('id').execute();
      expect(rows.some((r) => r.id === value)).toBe(false);
    });

    it('refuses wrong passwords with one message, and audits failures including unknown users', async () => {
      await setup();
      const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'officer1', password: 'nope-nope-1' }, headers: { 'accept-language': 'en' } });
      const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ghost', password: 'nope-nope-1' } });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toEqual({ error: { code: 'auth.invalid_credentials', message: 'Wrong username or password' } });
      expect(unknown.json().error.message).toBe('用户名或密码错误');
      const failed = (await auditActions()).filter((a) => a.action === 'auth.login_failed').map((a) => a.actorName);
      expect(failed).toEqual(['officer1', 'ghost']);
    });

    it('locks an account after repeated failures, refuses even the right password, and unlocks after the lock time', async () => {
      await setup();
      const attempt = (password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'officer1', password } });
      for (let i = 0; i < 4; i++) expect((await attempt('wrong-pass-1')).statusCode).toBe(401);
      expect((await attempt('wrong-pass-1')).statusCode).toBe(423);
      const locked = await attempt(PASSWORD);
      expect(locked.statusCode).toBe(423);
      expect(locked.json().error.code).toBe('auth.locked');
      clock.advance(16 * MINUTE);
      expect((await attempt(PASSWORD)).statusCode).toBe(200);
    });

    it('counts failures only within the window', async () => {
      await setup();
      const attempt = (password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'officer1', password } });
      for (let i = 0; i < 4; i++) await attempt('wrong-pass-1');
      clock.advance(20 * MINUTE);
      expect((await attempt('wrong-pass-1')).statusCode).toBe(401);
      expect((await attempt(PASSWORD)).statusCode).toBe(200);
    });

    it('rejects cookie-authenticated writes without the CSRF token, and with a wrong one', async () => {
      await setup();
      const s = await login(app, 'admin1');
      const body = { name: 'integration' };
      const none = await app.inject({ method: 'POST', url: '/api/v1/me/tokens', payload: body, headers: { cookie: s.cookie } });
      expect(none.statusCode).toBe(403);
      expect(none.json().error.code).toBe('auth.csrf');
      const wrong = await app.inject({ method: 'POST', url: '/api/v1/me/tokens', payload: body, headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(32) } });
      expect(wrong.statusCode).toBe(403);
      expect(await rt.database.db.selectFrom('apiTokens').selectAll().execute()).toHaveLength(0);
      expect((await as(app, s).post('/api/v1/me/tokens', body)).statusCode).toBe(201);
    });

    it('expires sessions after the idle timeout and after the absolute lifetime', async () => {
      await setup();
      const idle = await login(app, 'officer1');
      clock.advance(29 * MINUTE);
      expect((await as(app, idle).get('/api/v1/me')).statusCode).toBe(200);
      clock.advance(31 * MINUTE);
      const expired = await as(app, idle).get('/api/v1/me');
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error.code).toBe('auth.session_expired');

      const busy = await login(app, 'officer1');
      for (let h = 0; h < 12; h++) {
        clock.advance(20 * MINUTE);
        expect((await as(app, busy).get('/api/v1/me')).statusCode).toBe(200);
        clock.advance(20 * MINUTE);
        expect((await as(app, busy).get('/api/v1/me')).statusCode).toBe(200);
        clock.advance(20 * MINUTE);
        const r = await as(app, busy).get('/api/v1/me');
        if (h < 11) expect(r.statusCode).toBe(200);
        else expect(r.statusCode).toBe(401); // 12 h absolute lifetime reached
      }
    });

    it('revokes sessions: by an administrator, when disabled, and on a password change', async () => {
      await setup();
      const admin = await login(app, 'admin1');
      const officer = await login(app, 'officer1');
      const id = (await as(app, officer).get('/api/v1/me')).json().id;
      clock.advance(1000);
      expect((await as(app, admin).post(`/api/v1/users/${id}/revoke-sessions`)).statusCode).toBe(204);
      expect((await as(app, officer).get('/api/v1/me')).statusCode).toBe(401);

      clock.advance(1000);
      const again = await login(app, 'officer1');
      clock.advance(1000);
      expect((await as(app, admin).patch(`/api/v1/users/${id}`, { disabled: true })).statusCode).toBe(200);
      expect((await as(app, again).get('/api/v1/me')).statusCode).toBe(401);
      const refused = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'officer1', password: PASSWORD } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('auth.disabled');

      expect((await as(app, admin).patch(`/api/v1/users/${id}`, { disabled: false })).statusCode).toBe(200);
      clock.advance(1000);
      const third = await login(app, 'officer1');
      clock.advance(1000);
      expect((await as(app, admin).patch(`/api/v1/users/${id}`, { password: 'Another-pass-77' })).statusCode).toBe(200);
      expect((await as(app, third).get('/api/v1/me')).statusCode).toBe(401);
      await login(app, 'officer1', 'Another-pass-77');
    });

    it('issues API tokens that work as bearer credentials without CSRF, stored hashed, revocable', async () => {
      await setup();
      const s = await login(app, 'admin1');
      const created = (await as(app, s).post('/api/v1/me/tokens', { name: 'importer' })).json();
      expect(created.token).toMatch(/^tgt_/);
      const stored = await rt.database.db.selectFrom('apiTokens').select('tokenHash').execute();
      expect(stored[0].tokenHash).not.toContain(created.token.slice(4));
      const bearer = { authorization: `Bearer ${created.token}` };
      expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).json().username).toBe('admin1');
      const write = await app.inject({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'second' }, headers: bearer });
      expect(write.statusCode).toBe(201);
      expect((await as(app, s).delete(`/api/v1/me/tokens/${created.info.id}`)).statusCode).toBe(204);
      expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer tgt_forged' } })).statusCode).toBe(401);
    });

    it('supports TOTP as a second factor for administrators', async () => {
      await setup();
      const s = await login(app, 'admin1');
      const setupRes = await as(app, s).post('/api/v1/me/totp/setup');
      const { secret, otpauthUrl } = setupRes.json();
      expect(otpauthUrl).toContain(secret);
      expect((await as(app, s).post('/api/v1/me/totp/enable', { code: '000000' === totpCode(secret, clock.now()) ? '111111' : '000000' })).statusCode).toBe(400);
      expect((await as(app, s).post('/api/v1/me/totp/enable', { code: totpCode(secret, clock.now()) })).statusCode).toBe(204);
      const noCode = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin1', password: PASSWORD } });
      expect(noCode.statusCode).toBe(401);
      expect(noCode.json().error.code).toBe('auth.totp_required');
      const withCode = (code: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin1', password: PASSWORD, totp: code } });
      // The code that enabled TOTP was seen once already: it cannot log in.
      expect((await withCode(totpCode(secret, clock.now()))).json().error.code).toBe('auth.totp_invalid');
      clock.advance(30_000);
      const fresh = totpCode(secret, clock.now());
      const ok = await withCode(fresh);
      expect(ok.statusCode).toBe(200);
      expect(ok.json().user.totpEnabled).toBe(true);
      // Nor can a code that has logged in once, within its window.
      expect((await withCode(fresh)).statusCode).toBe(401);
      const row = await rt.database.db.selectFrom('users').select('totpSecretEnc').where('username', '=', 'admin1').executeTakeFirstOrThrow();
      expect(row.totpSecretEnc).not.toContain(secret);
    });
  });
}
