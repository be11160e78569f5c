// Bad input gets a clear 4xx in the caller's language and changes nothing.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { buildTestApp } from '../helpers/server.ts';

for (const dialect of DIALECTS) {
  describe(`bad input on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let admin: Session;
    const valid = { username: 'newofficer', displayName: '新民警', role: 'officer', orgCodes: ['150102'], password: 'Strong-pass-2026' };

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { configure: (c) => ({ ...c, bodyLimitBytes: 4096 }) });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'admin1', 'admin', ['150000']);
      app = await buildTestApp(rt);
      admin = await login(app, 'admin1');
    });
    afterAll(async () => {
      await app.close();
      await rt.dispose();
    });

    const counts = async () => {
      const db = rt.database.db;
      const n = async (t: 'users' | 'orgUnits' | 'auditLog' | 'userScopes') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      return { users: await n('users'), units: await n('orgUnits'), scopes: await n('userScopes') };
    };

    async function expectRefused(send: () => Promise<import('fastify').LightMyRequestResponse>, status: number, code: string, messagePart?: RegExp) {
      const before = await counts();
      const res = await send();
      expect(res.statusCode, res.body).toBe(status);
      const body = res.json();
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(3);
      if (messagePart) expect(body.error.message).toMatch(messagePart);
      expect(await counts()).toEqual(before);
      return body;
    }

    const post = (payload: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: '/api/v1/users', payload, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json', ...headers } });

    it('malformed JSON', async () => {
      await expectRefused(() => post('{"username": "x",'), 400, 'request.malformed_json');
      await expectRefused(() => post('{"username": "x",', { 'accept-language': 'en-US,en;q=0.9' }), 400, 'request.malformed_json', /not valid JSON/);
    });

    it('wrong types are not coerced', async () => {
      const body = await expectRefused(() => post(JSON.stringify({ ...valid, username: 12345 }), { 'accept-language': 'en' }), 400, 'validation.type', /username/);
      expect(body.error.field).toBe('username');
      await expectRefused(() => post(JSON.stringify({ ...valid, orgCodes: '150102' })), 400, 'validation.type', /orgCodes/);
    });

    it('unknown fields', async () => {
      const body = await expectRefused(() => post(JSON.stringify({ ...valid, isSuperuser: true }), { 'accept-language': 'en' }), 400, 'validation.unknown_field', /isSuperuser/);
      expect(body.error.field).toBe('isSuperuser');
    });

    it('missing fields, in Chinese by default', async () => {
      const { password: _omit, ...rest } = valid;
      await expectRefused(() => post(JSON.stringify(rest)), 400, 'validation.required', /缺少字段“password”/);
    });

    it('oversized bodies', async () => {
      await expectRefused(() => post(JSON.stringify({ ...valid, displayName: 'x'.repeat(10_000) })), 413, 'request.too_large');
    });

    it('unsupported content types', async () => {
      await expectRefused(() => post('username=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'request.unsupported_media_type');
    });

    it('unknown org codes', async () => {
      await expectRefused(() => post(JSON.stringify({ ...valid, orgCodes: ['150102', '999999'] }), { 'accept-language': 'en' }), 404, 'org.not_found', /999999/);
    });

    it('duplicate usernames', async () => {
      await expectRefused(() => post(JSON.stringify({ ...valid, username: 'admin1' })), 409, 'user.duplicate_username', /admin1/);
    });

    it('weak passwords', async () => {
      for (const password of ['short1', 'onlyletterslong', '1234567890123', 'newofficer-2026']) {
        const body = await expectRefused(() => post(JSON.stringify({ ...valid, password }), { 'accept-language': 'en' }), 400, 'password.weak');
        expect(body.error.field).toBe('password');
      }
    });

    it('bad phone numbers and usernames', async () => {
      await expectRefused(() => post(JSON.stringify({ ...valid, phone: '12345' })), 400, 'validation.format');
      await expectRefused(() => post(JSON.stringify({ ...valid, username: 'no spaces!' })), 400, 'user.invalid_username');
    });

    it('bad org units: bad codes, levels, duplicate codes, deleting a unit with children', async () => {
      const a = as(app, admin);
      const region = (await a.get('/api/v1/org-units')).json().items[0];
      const before = await counts();
      expect((await a.post('/api/v1/org-units', { code: 'a b', name: 'x', level: 'city', parentId: region.id })).statusCode).toBe(400);
      expect((await a.post('/api/v1/org-units', { code: 'X9', name: 'x', level: 'planet', parentId: region.id })).statusCode).toBe(400);
      const dup = await a.post('/api/v1/org-units', { code: '150100', name: 'x', level: 'city', parentId: region.id });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('org.duplicate_code');
      const del = await a.delete(`/api/v1/org-units/${(await a.get(`/api/v1/org-units?parentId=${region.id}`)).json().items[0].id}`);
      expect(del.statusCode).toBe(409);
      expect((await a.patch(`/api/v1/org-units/${region.id}`, {})).statusCode).toBe(400);
      expect(await counts()).toEqual(before);
    });

    it('unknown routes and ids', async () => {
      const r = await as(app, admin).get('/api/v1/nothing-here', { 'accept-language': 'en' });
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('request.not_found');
      expect((await as(app, admin).get('/api/v1/users/01NOSUCHUSER')).statusCode).toBe(404);
      expect((await as(app, admin).get('/api/v1/users?limit=abc')).statusCode).toBe(400);
    });

    it('accepts the valid request after all that', async () => {
      const res = await post(JSON.stringify({ ...valid, phone: '+86 139 0000 1234' }));
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ username: 'newofficer', phoneMasked: '139****1234', scopes: [{ code: '150102' }] });
      const row = await rt.database.db.selectFrom('users').selectAll().where('username', '=', 'newofficer').executeTakeFirstOrThrow();
      expect(row.phoneEnc).not.toContain('13900001234');
      expect(row.phoneBidx).toBe(rt.ctx.blindIndex.of('phone', '13900001234'));
      expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    });
  });
}
