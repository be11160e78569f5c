// Two app instances on one PostgreSQL (each with its own runtime and pool, as two servers behind a balancer; the
// data directory shared as a volume would be): sessions and API tokens hold on both, and queued imports and reports
// are taken by one instance each and run once. Live events across instances: test/live/two-instances.test.ts.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { localDay } from '../../src/core/local-day.ts';
import { createList } from '../../src/modules/lists/service.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { createTestRuntime, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login } from '../helpers/http.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { syntheticId } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// logins are not limited per address here: the lockout is what is tested
const configure = (c: Config): Config => ({ ...c, rateLimit: { ...c.rateLimit, loginPerMinute: 1000 } });

describe('two instances on one PostgreSQL', { timeout: 120_000 }, () => {
  let rtA: TestRuntime;
  let rtB: Runtime;
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    rtA = await createTestRuntime('postgres', { configure });
    await seedOrgTree(rtA.ctx);
    await seedUser(rtA.ctx, 'analyst-a', 'analyst', ['150102']);
    await seedUser(rtA.ctx, 'officer-x', 'officer', ['150102']);
    await createList(rtA.ctx, operator, { name: '外来人员A', kind: 'incoming', orgCode: '150102' });
    rtB = await openRuntime(configure(loadConfig(rtA.env, rtA.config.dataDir)));
    a = await buildTestApp(rtA);
    b = await buildTestApp(rtB as TestRuntime);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await rtB?.close();
    await rtA?.dispose();
  });

  const audited = async (action: string) =>
    (await rtA.database.db.selectFrom('auditLog').select('targetId').where('action', '=', action).execute()).map((r) => r.targetId);

  it('keeps a session made on one instance on the other; a logout on either ends it on both', async () => {
    const s = await login(a, 'analyst-a');
    const me = await as(b, s).get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('analyst-a');
    // a write on B with the session's CSRF token made on A
    const tokens = await as(b, s).get('/api/v1/me/tokens');
    expect(tokens.statusCode).toBe(200);
    expect((await as(b, s).post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await as(a, s).get('/api/v1/me')).statusCode).toBe(401);
    expect((await as(b, s).get('/api/v1/me')).statusCode).toBe(401);
  });

  it('refuses a revoked API token on both instances', async () => {
    const s = await login(b, 'analyst-a');
    const made = await as(a, s).post('/api/v1/me/tokens', { name: '对接系统' });
    expect(made.statusCode, made.body).toBe(201);
    const bearer = { authorization: `Bearer ${made.json().token}` };
    for (const app of [a, b]) expect((await app.inject({ url: '/api/v1/me', headers: bearer })).statusCode).toBe(200);
    expect((await as(b, s).delete(`/api/v1/me/tokens/${made.json().info.id}`)).statusCode).toBe(204);
    for (const app of [a, b]) expect((await app.inject({ url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
  });

  it('counts failed logins sent in parallel to both instances, and locks the account for both', async () => {
    const attempt = (app: FastifyInstance, password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'officer-x', password } });
    const max = rtA.config.lockout.maxFailures;
    const wrong = await Promise.all(Array.from({ length: max * 2 }, (_, i) => attempt(i % 2 ? a : b, `wrong-${i}`)));
    expect(wrong.map((r) => r.statusCode).sort()).toEqual(wrong.map((_, i) => (i < max - 1 ? 401 : 423)).sort());
    for (const app of [a, b]) expect((await attempt(app, PASSWORD)).statusCode).toBe(423);
    // every attempt audited, as a failure or (the lock seen before the password was checked) a refusal
    expect((await audited('auth.login_failed')).length + (await audited('auth.login_refused')).length).toBe(max * 2 + 2);
  });

  it('runs each queued import once, on whichever instance takes it', async () => {
    const s = await login(a, 'analyst-a');
    const files = 3;
    const perFile = 3;
    const ids: string[] = [];
    for (let f = 0; f < files; f++) {
      const rows = Array.from({ length: perFile }, (_, i) => [`实例${f}${i}`, syntheticId(`198${f}0101`), `139${String(20_000_000 + f * 100 + i).slice(-8)}`].join(','));
      const body = Buffer.from(['姓名,身份证号码,手机号', ...rows].join('\n') + '\n');
      const up = await as(a, s).post('/api/v1/imports/uploads?fileName=list.csv', body, { 'content-type': 'application/octet-stream' });
      expect(up.statusCode, up.body).toBe(201);
      ids.push(up.json().id);
    }
    // all queued on A, both instances' runners polling the one queue
    for (const id of ids) expect((await as(a, s).post(`/api/v1/imports/${id}/start`, { list: '外来人员A', columns: { name: '姓名', idNumber: '身份证号码', phone: '手机号' } })).statusCode).toBe(202);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const views = await Promise.all(ids.map(async (id) => (await as(b, s).get(`/api/v1/imports/${id}`)).json()));
      if (views.every((v) => v.status === 'done' || v.status === 'failed')) {
        expect(views.map((v) => v.status)).toEqual(ids.map(() => 'done'));
        break;
      }
      if (Date.now() > deadline) throw new Error(`imports not finished: ${JSON.stringify(views.map((v) => v.status))}`);
      await sleep(200);
    }
    const done = await audited('import.done');
    expect(done.sort()).toEqual([...ids].sort()); // each finished once
    const entries = await rtA.database.db.selectFrom('listEntries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(entries.n)).toBe(files * perFile);
  });

  it('builds each queued report once', async () => {
    const s = await login(a, 'analyst-a');
    const today = localDay(Date.now());
    const ids: string[] = [];
    for (const [app, kind] of [[a, 'analysis'], [b, 'weekly'], [a, 'weekly'], [b, 'analysis']] as const) {
      const res = await as(app, s).post('/api/v1/reports', { kind, org: '150102', to: today });
      expect(res.statusCode, res.body).toBe(202);
      ids.push(res.json().id);
    }
    const deadline = Date.now() + 90_000;
    for (;;) {
      const rows = await rtA.database.db.selectFrom('reports').select(['id', 'status', 'attempts']).where('id', 'in', ids).execute();
      if (rows.every((r) => r.status === 'done' || r.status === 'failed')) {
        expect(rows.map((r) => [r.status, Number(r.attempts)])).toEqual(ids.map(() => ['done', 1])); // one take each
        break;
      }
      if (Date.now() > deadline) throw new Error(`reports not built: ${JSON.stringify(rows)}`);
      await sleep(300);
    }
    expect(await audited('report.generated')).toHaveLength(ids.length); // one build each (the entry names the unit)
  });
});
