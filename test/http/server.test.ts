import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login } from '../helpers/http.ts';
import { buildTestApp } from '../helpers/server.ts';

for (const dialect of DIALECTS) {
  describe(`server on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    afterEach(async () => {
      await app?.close();
      await rt?.dispose();
    });

    it('answers /healthz, and /readyz only while the database answers', async () => {
      rt = await createTestRuntime(dialect);
      app = await buildTestApp(rt);
      expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
      expect((await app.inject('/readyz')).statusCode).toBe(200);
      await rt.database.close();
      const down = await app.inject('/readyz');
      expect(down.statusCode).toBe(503);
      expect(down.headers['retry-after']).toBe('5');
    });
  });
}

describe('server', () => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  afterEach(async () => {
    await app?.close();
    await rt?.dispose();
  });

  it('sends strict security headers, CSP included', async () => {
    rt = await createTestRuntime('sqlite');
    app = await buildTestApp(rt);
    const res = await app.inject('/healthz');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('serves the OpenAPI document, with schemas for every response code, and its UI', async () => {
    rt = await createTestRuntime('sqlite');
    app = await buildTestApp(rt);
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '423', '429']));
    expect(login.requestBody.content['application/json'].schema.properties.username).toBeDefined();
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, { responses: object }>>).filter(([p]) => p.startsWith('/api/v1/'))) {
      for (const [method, op] of Object.entries(methods)) expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(1);
    }
    const ui = await app.inject('/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('rate-limits logins per address with a retry hint', async () => {
    rt = await createTestRuntime('sqlite', { configure: (c) => ({ ...c, rateLimit: { perMinute: 1000, loginPerMinute: 3 } }) });
    app = await buildTestApp(rt);
    const attempt = () => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x', password: 'y' }, headers: { 'accept-language': 'en' } });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('request.rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('reveals a phone only with a purpose, and audits the reveal', async () => {
    rt = await createTestRuntime('sqlite');
    await seedOrgTree(rt.ctx);
    await seedUser(rt.ctx, 'admin1', 'admin', ['150000']);
    const target = await seedUser(rt.ctx, 'officer1', 'officer', ['150102'], { phone: '13900001111' });
    app = await buildTestApp(rt);
    const a = as(app, await login(app, 'admin1'));
    expect((await a.get(`/api/v1/users/${target.id}`)).json().phoneMasked).toBe('139****1111');
    expect((await a.post(`/api/v1/users/${target.id}/reveal`, { field: 'phone', purpose: 'x' })).statusCode).toBe(400);
    const res = await a.post(`/api/v1/users/${target.id}/reveal`, { field: 'phone', purpose: 'arrange the night shift' });
    expect(res.json()).toEqual({ value: '13900001111' });
    const audit = (await a.get('/api/v1/audit?action=reveal')).json().items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorName: 'admin1', targetId: target.id, purpose: 'arrange the night shift' });
  });

  it('finishes in-flight requests on close', async () => {
    rt = await createTestRuntime('sqlite');
    await seedOrgTree(rt.ctx);
    await seedUser(rt.ctx, 'admin1', 'admin', ['150000']);
    app = await buildTestApp(rt);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const arrived = new Promise((r) => app.server.once('request', r));
    const inflight = fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin1', password: 'Correct-horse-42' }) });
    await arrived; // the login is being handled (argon2 verify) when close begins
    const closing = app.close();
    const res = await inflight;
    expect(res.status).toBe(200);
    await closing;
  });
});
