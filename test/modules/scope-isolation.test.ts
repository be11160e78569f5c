// A user scoped to one county cannot read or change anything of another county through any route that exists.
// The route table below must name every /api/v1 route: a new route fails this test until it is classified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { addRiskArea } from '../../src/modules/risk/service.ts';
import { createWebhook, sendTestMessage } from '../../src/modules/notifications/service.ts';
import { as, login } from '../helpers/http.ts';
import { importsOfB, mergesOfB, reportOfB, SELF_ONLY, traceOfB, type Probe, type World } from '../helpers/scope-world.ts';
import { buildTestApp } from '../helpers/server.ts';
import { GRID_PROBES } from '../helpers/scope-grid.ts';

/** Every route, with the attempts a county-A administrator makes on county B's data. */
const ROUTES: Record<string, Probe | string> = {
  'POST /api/v1/auth/login': SELF_ONLY,
  'POST /api/v1/auth/logout': SELF_ONLY,
  'GET /api/v1/me': SELF_ONLY,
  'GET /api/v1/me/tokens': SELF_ONLY,
  'POST /api/v1/me/tokens': SELF_ONLY,
  'DELETE /api/v1/me/tokens/{id}': async (w) => {
    // a token of someone else is not found, whoever asks
    const officerB = await login(w.app, 'officer-b');
    const t = (await as(w.app, officerB).post('/api/v1/me/tokens', { name: 'b' })).json();
    return [await as(w.app, w.adminA).delete(`/api/v1/me/tokens/${t.info.id}`)];
  },
  'POST /api/v1/me/totp/setup': SELF_ONLY,
  'POST /api/v1/me/totp/enable': SELF_ONLY,
  'POST /api/v1/me/totp/disable': SELF_ONLY,
  'GET /api/v1/org-units': async (w) => [await as(w.app, w.adminA).get(`/api/v1/org-units?parentId=${w.unitB}`), await as(w.app, w.adminA).get(`/api/v1/org-units?parentId=${w.cityB}`)],
  'GET /api/v1/org-units/{id}': async (w) => [await as(w.app, w.adminA).get(`/api/v1/org-units/${w.unitB}`)],
  'POST /api/v1/org-units': async (w) => [await as(w.app, w.adminA).post('/api/v1/org-units', { code: 'X1', name: 'intruder', level: 'township', parentId: w.unitB })],
  'PATCH /api/v1/org-units/{id}': async (w) => {
    const own = (await as(w.app, w.adminA).get('/api/v1/org-units')).json().items[0].id;
    const child = (await as(w.app, w.adminA).get(`/api/v1/org-units?parentId=${own}`)).json().items[0].id;
    return [
      await as(w.app, w.adminA).patch(`/api/v1/org-units/${w.unitB}`, { name: 'renamed' }),
      await as(w.app, w.adminA).patch(`/api/v1/org-units/${child}`, { parentId: w.unitB }), // moving A's unit into B
    ];
  },
  'DELETE /api/v1/org-units/{id}': async (w) => [await as(w.app, w.adminA).delete(`/api/v1/org-units/${w.unitB}`)],
  'GET /api/v1/users': async (w) => [await as(w.app, w.adminA).get(`/api/v1/users?orgId=${w.unitB}`)],
  'GET /api/v1/users/{id}': async (w) => [await as(w.app, w.adminA).get(`/api/v1/users/${w.userB}`)],
  'POST /api/v1/users': async (w) => [
    await as(w.app, w.adminA).post('/api/v1/users', { username: 'sneaky', displayName: 's', role: 'officer', orgCodes: ['150202'], password: 'Long-enough-pass-1' }),
  ],
  'PATCH /api/v1/users/{id}': async (w) => [
    await as(w.app, w.adminA).patch(`/api/v1/users/${w.userB}`, { displayName: 'changed' }),
    await as(w.app, w.adminA).patch(`/api/v1/users/${w.userBoth}`, { role: 'admin' }), // shared user: visible, not changeable
    await as(w.app, w.adminA).patch(`/api/v1/users/${w.userA}`, { orgCodes: ['150202'] }), // granting B to own user
  ],
  'POST /api/v1/users/{id}/revoke-sessions': async (w) => [await as(w.app, w.adminA).post(`/api/v1/users/${w.userB}/revoke-sessions`)],
  'POST /api/v1/users/{id}/reveal': async (w) => [await as(w.app, w.adminA).post(`/api/v1/users/${w.userB}/reveal`, { field: 'phone', purpose: 'curious about B' })],
  'GET /api/v1/audit': async (w) => [await as(w.app, w.adminA).get('/api/v1/audit?limit=500')],
  'POST /api/v1/checkins': 'public registration: writes only at the site its signed token names and answers only with the new id',
  'GET /api/v1/checkins': async (w) => [await as(w.app, w.adminA).get('/api/v1/checkins?limit=200'), await as(w.app, w.adminA).get(`/api/v1/checkins?site=${w.siteB}`)],
  'POST /api/v1/checkins/{id}/reveal': async (w) => [await as(w.app, w.adminA).post(`/api/v1/checkins/${w.checkinB}/reveal`, { purpose: 'curious about B' })],
  'POST /api/v1/checkins/{id}/decisions': async (w) => [await as(w.app, w.officerA).post(`/api/v1/checkins/${w.checkinB}/decisions`, { decision: 'hold' })],
  'GET /api/v1/checkins/{id}/decisions': async (w) => [await as(w.app, w.adminA).get(`/api/v1/checkins/${w.checkinB}/decisions`)],
  'POST /api/v1/passes/scan': async (w) => [await as(w.app, w.officerA).post('/api/v1/passes/scan', { token: w.passB })],
  'POST /api/v1/lookups': async (w) => [
    await as(w.app, w.officerA).post('/api/v1/lookups', { by: 'idNumber', value: w.personB.idNumber, purpose: 'looking into B' }),
    await as(w.app, w.adminA).post('/api/v1/lookups', { by: 'phone', value: w.personB.phone, purpose: 'looking into B' }),
  ],
  'GET /api/v1/sites/{code}/summary': async (w) => [await as(w.app, w.officerA).get(`/api/v1/sites/${w.siteB}/summary`)],
  'GET /api/v1/dashboard': async (w) => [
    await as(w.app, w.adminA).get('/api/v1/dashboard'), // A's own: nothing of B in it
    await as(w.app, w.adminA).get('/api/v1/dashboard?org=150202'),
    await as(w.app, w.adminA).get('/api/v1/dashboard?org=150200'),
    await as(w.app, w.adminA).get('/api/v1/dashboard?org=150000'), // the common ancestor would hold B's figures
  ],
  'GET /api/v1/stream': 'a never-ending event stream, which inject cannot probe: test/live/stream.test.ts proves that a county-B check-in never reaches a county-A stream, over real connections',
  'GET /api/v1/risk-areas': 'region-wide reference data (division codes and levels): no personal or scoped data',
  'POST /api/v1/risk-areas': async (w) => [await as(w.app, w.adminA).post('/api/v1/risk-areas', { code: '150202', level: 'high', validFrom: '2026-01-01T00:00:00Z' })],
  'DELETE /api/v1/risk-areas/{id}': async (w) => {
    const id = (await w.rt.database.db.selectFrom('riskAreas').select('id').executeTakeFirstOrThrow()).id;
    return [await as(w.app, w.adminA).delete(`/api/v1/risk-areas/${id}`)];
  },
  'GET /api/v1/webhooks': async (w) => [await as(w.app, w.adminA).get('/api/v1/webhooks')],
  'POST /api/v1/webhooks': async (w) => [
    await as(w.app, w.adminA).post('/api/v1/webhooks', { orgCode: '150202', kind: 'generic', name: 'intruder', url: 'https://example.org/hook', events: ['flagged'] }),
    await as(w.app, w.adminA).post('/api/v1/webhooks', { orgId: w.unitB, kind: 'generic', name: 'intruder', url: 'https://example.org/hook', events: ['flagged'] }),
  ],
  'GET /api/v1/webhooks/{id}': async (w) => [await as(w.app, w.adminA).get(`/api/v1/webhooks/${w.webhookB}`)],
  'PATCH /api/v1/webhooks/{id}': async (w) => [await as(w.app, w.adminA).patch(`/api/v1/webhooks/${w.webhookB}`, { url: 'https://example.org/stolen', disabled: true })],
  'DELETE /api/v1/webhooks/{id}': async (w) => [await as(w.app, w.adminA).delete(`/api/v1/webhooks/${w.webhookB}`)],
  'POST /api/v1/webhooks/{id}/test': async (w) => [await as(w.app, w.adminA).post(`/api/v1/webhooks/${w.webhookB}/test`)],
  'GET /api/v1/webhooks/{id}/deliveries': async (w) => [await as(w.app, w.adminA).get(`/api/v1/webhooks/${w.webhookB}/deliveries`)],
  'POST /api/v1/webhook-deliveries/{id}/retry': async (w) => [await as(w.app, w.adminA).post(`/api/v1/webhook-deliveries/${w.deliveryB}/retry`)],
  'GET /api/v1/sites': async (w) => [await as(w.app, w.adminA).get('/api/v1/sites?limit=200'), await as(w.app, w.adminA).get(`/api/v1/sites?orgId=${w.unitB}`), await as(w.app, w.adminA).get(`/api/v1/sites?q=${w.siteB}`)],
  'POST /api/v1/sites': async (w) => [
    await as(w.app, w.adminA).post('/api/v1/sites', { orgCode: '150202', kind: 'checkpoint', name: 'intruder' }),
    await as(w.app, w.adminA).post('/api/v1/sites', { orgId: w.unitB, kind: 'checkpoint', name: 'intruder' }),
  ],
  'GET /api/v1/sites/{code}': async (w) => [await as(w.app, w.adminA).get(`/api/v1/sites/${w.siteB}`)],
  'PATCH /api/v1/sites/{code}': async (w) => [await as(w.app, w.adminA).patch(`/api/v1/sites/${w.siteB}`, { disabled: true })],
  'POST /api/v1/sites/{code}/rotate': async (w) => [await as(w.app, w.adminA).post(`/api/v1/sites/${w.siteB}/rotate`, { graceHours: 0 })],
  'GET /api/v1/sites/{code}/qr.svg': async (w) => [await as(w.app, w.adminA).get(`/api/v1/sites/${w.siteB}/qr.svg`)],
  'GET /api/v1/sites/{code}/qr.png': async (w) => [await as(w.app, w.adminA).get(`/api/v1/sites/${w.siteB}/qr.png`)],
  'GET /api/v1/sites/{code}/poster.pdf': async (w) => [await as(w.app, w.adminA).get(`/api/v1/sites/${w.siteB}/poster.pdf`)],
  'POST /api/v1/sites/posters': async (w) => [await as(w.app, w.adminA).post('/api/v1/sites/posters', { codes: [w.siteB] })],
  'GET /api/v1/public/sites/resolve': 'public: for a token signed by the server, answers only what the poster at the site prints (name, kind, org unit name)',
  'GET /api/v1/audit/verify': 'answers only whether the chain is intact and how many entries it has: no data of any scope',
  'GET /api/v1/divisions': 'public GB/T 2260 reference data (codes and names of divisions): nothing personal, nothing scoped',
  'GET /api/v1/lists': async (w) => {
    await importsOfB(w);
    return [await as(w.app, w.adminA).get('/api/v1/lists')];
  },
  'POST /api/v1/lists': async (w) => [await as(w.app, w.adminA).post('/api/v1/lists', { name: '越权名单', kind: 'incoming', orgCode: '150202' })],
  'GET /api/v1/lists/{id}/entries': async (w) => {
    await importsOfB(w);
    const list = await w.rt.database.db.selectFrom('lists').select('id').where('name', '=', '东河区外来人员').executeTakeFirstOrThrow();
    return [await as(w.app, w.adminA).get(`/api/v1/lists/${list.id}/entries`)];
  },
  'POST /api/v1/imports/uploads': "creates an upload in the caller's own scope from the bytes sent; takes no id of anyone else",
  'POST /api/v1/imports/{id}/preview': async (w) => {
    const { uploaded } = await importsOfB(w);
    return [await as(w.app, w.adminA).post(`/api/v1/imports/${uploaded}/preview`, { columns: { name: '姓名', phone: '手机号' } })];
  },
  'POST /api/v1/imports/{id}/start': async (w) => {
    const { uploaded } = await importsOfB(w);
    const own = (await as(w.app, w.adminA).post('/api/v1/imports/uploads?fileName=a.csv', Buffer.from('姓名,手机号\n赵一,13900002222\n'), { 'content-type': 'application/octet-stream' })).json().id;
    return [
      await as(w.app, w.adminA).post(`/api/v1/imports/${uploaded}/start`, { list: '东河区外来人员', columns: { name: '姓名', phone: '手机号' } }),
      // its own upload into county B's list
      await as(w.app, w.adminA).post(`/api/v1/imports/${own}/start`, { list: '东河区外来人员', columns: { name: '姓名', phone: '手机号' } }),
    ];
  },
  'GET /api/v1/imports': async (w) => {
    await importsOfB(w);
    return [await as(w.app, w.adminA).get('/api/v1/imports')];
  },
  'GET /api/v1/imports/{id}': async (w) => {
    const { uploaded, started } = await importsOfB(w);
    return [await as(w.app, w.adminA).get(`/api/v1/imports/${uploaded}`), await as(w.app, w.adminA).get(`/api/v1/imports/${started}`)];
  },
  'GET /api/v1/imports/{id}/refusals.csv': async (w) => {
    const { started } = await importsOfB(w);
    return [await as(w.app, w.adminA).get(`/api/v1/imports/${started}/refusals.csv`)];
  },
  'GET /api/v1/import-mappings': 'saved column mappings are shared templates of header names (姓名 -> name): nothing personal, nothing scoped',
  'PUT /api/v1/import-mappings/{name}': 'saves a template of header names: nothing personal, nothing scoped',
  'POST /api/v1/persons/search': async (w) => [
    await as(w.app, w.adminA).post('/api/v1/persons/search', { idNumber: w.personB.idNumber, purpose: 'looking into B' }),
    await as(w.app, w.adminA).post('/api/v1/persons/search', { phone: w.personB.phone, purpose: 'looking into B' }),
  ],
  'GET /api/v1/persons/{id}': async (w) => {
    // county B's person, indexed from the check-in at B's site
    await (await import('../../src/modules/people/checkin-indexer.ts')).indexCheckins(w.rt.ctx);
    const p = await w.rt.database.db.selectFrom('persons').select('id').where('idBidx', '=', w.rt.ctx.blindIndex.of('id_number', w.personB.idNumber)).executeTakeFirstOrThrow();
    return [await as(w.app, w.adminA).get(`/api/v1/persons/${p.id}`)];
  },
  'POST /api/v1/persons/{id}/reveal': async (w) => {
    await (await import('../../src/modules/people/checkin-indexer.ts')).indexCheckins(w.rt.ctx);
    const p = await w.rt.database.db.selectFrom('persons').select('id').where('idBidx', '=', w.rt.ctx.blindIndex.of('id_number', w.personB.idNumber)).executeTakeFirstOrThrow();
    return [await as(w.app, w.adminA).post(`/api/v1/persons/${p.id}/reveal`, { purpose: 'curious about B' })];
  },
  'POST /api/v1/persons/report': async (w) => [await as(w.app, w.adminA).post('/api/v1/persons/report', { idNumber: w.personB.idNumber, purpose: 'curious about B' })],
  'POST /api/v1/exports': async (w) => [
    await as(w.app, w.adminA).post('/api/v1/exports', { kind: 'checkins', format: 'csv', filter: { orgCode: '150202' } }),
    await as(w.app, w.adminA).post('/api/v1/exports', { kind: 'checkins', format: 'csv', filter: { siteCode: w.siteB }, reveal: { purpose: 'curious about B' } }),
    // unfiltered, in clear: the file holds county A's check-ins only (there are none)
    await as(w.app, w.adminA).post('/api/v1/exports', { kind: 'checkins', format: 'xlsx', reveal: { purpose: 'curious about B' } }),
    await as(w.app, w.adminA).post('/api/v1/exports', { kind: 'checkins', format: 'csv', reveal: { purpose: 'curious about B' } }),
  ],
  'GET /api/v1/merge-candidates': async (w) => {
    await mergesOfB(w);
    return Promise.all(['open', 'accepted'].map((status) => as(w.app, w.adminA).get(`/api/v1/merge-candidates?status=${status}`)));
  },
  'POST /api/v1/merge-candidates/{id}/accept': async (w) => {
    const { candidate } = await mergesOfB(w);
    const res = [await as(w.app, w.adminA).post(`/api/v1/merge-candidates/${candidate}/accept`, { keep: 'b' })];
    expect((await w.rt.database.db.selectFrom('mergeCandidates').select('status').where('id', '=', candidate).executeTakeFirstOrThrow()).status).toBe('open');
    return res;
  },
  'POST /api/v1/merge-candidates/{id}/reject': async (w) => {
    const { candidate } = await mergesOfB(w);
    const res = [await as(w.app, w.adminA).post(`/api/v1/merge-candidates/${candidate}/reject`)];
    expect((await w.rt.database.db.selectFrom('mergeCandidates').select('status').where('id', '=', candidate).executeTakeFirstOrThrow()).status).toBe('open');
    return res;
  },
  'GET /api/v1/merges': async (w) => {
    await mergesOfB(w);
    return [await as(w.app, w.adminA).get('/api/v1/merges')];
  },
  'POST /api/v1/reports': async (w) => [
    await as(w.app, w.adminA).post('/api/v1/reports', { kind: 'analysis', org: '150202', to: '2026-01-01' }),
    await as(w.app, w.adminA).post('/api/v1/reports', { kind: 'weekly', org: '150200', to: '2026-01-01' }),
  ],
  'GET /api/v1/reports': async (w) => {
    await reportOfB(w);
    return [await as(w.app, w.adminA).get('/api/v1/reports'), await as(w.app, w.adminA).get('/api/v1/reports?org=150202')];
  },
  'GET /api/v1/reports/{id}': async (w) => [await as(w.app, w.adminA).get(`/api/v1/reports/${await reportOfB(w)}`)],
  'GET /api/v1/reports/{id}/file': async (w) => {
    const id = await reportOfB(w);
    return Promise.all(['pdf', 'xlsx'].map((format) => as(w.app, w.adminA).get(`/api/v1/reports/${id}/file?format=${format}`)));
  },
  'POST /api/v1/traces': async (w) => [await as(w.app, w.adminA).post('/api/v1/traces', { idNumber: w.personB.idNumber, purpose: 'tracing into B' })],
  'GET /api/v1/traces': async (w) => {
    await traceOfB(w);
    return [await as(w.app, w.adminA).get('/api/v1/traces')];
  },
  'GET /api/v1/traces/{id}': async (w) => [await as(w.app, w.adminA).get(`/api/v1/traces/${await traceOfB(w)}`)],
  'POST /api/v1/traces/{id}/reveal': async (w) => [await as(w.app, w.adminA).post(`/api/v1/traces/${await traceOfB(w)}/reveal`, { purpose: 'looking into B' })],
  'POST /api/v1/traces/{id}/accept': async (w) => {
    const id = await traceOfB(w);
    const res = [await as(w.app, w.adminA).post(`/api/v1/traces/${id}/accept`, {})];
    expect(await w.rt.database.db.selectFrom('tasks').select('id').where('sourceId', '=', id).execute()).toEqual([]);
    return res;
  },
  'GET /api/v1/traces/{id}/export': async (w) => [await as(w.app, w.adminA).get(`/api/v1/traces/${await traceOfB(w)}/export?format=csv`)],
  'POST /api/v1/merges/{id}/undo': async (w) => {
    const { merge } = await mergesOfB(w);
    const res = [await as(w.app, w.adminA).post(`/api/v1/merges/${merge}/undo`)];
    expect((await w.rt.database.db.selectFrom('personMerges').select('undoneAt').where('id', '=', merge).executeTakeFirstOrThrow()).undoneAt).toBeNull();
    return res;
  },
  ...GRID_PROBES,
};

async function snapshotB(rt: TestRuntime) {
  const db = rt.database.db;
  const units = await db.selectFrom('orgUnits').selectAll().where('code', 'like', '1502%').orderBy('code').execute();
  const users = await db.selectFrom('users').select(['id', 'username', 'displayName', 'role', 'disabled', 'sessionsRevokedAt', 'phoneEnc']).orderBy('username').execute();
  const scopes = await db.selectFrom('userScopes').selectAll().orderBy('userId').orderBy('orgUnitId').execute();
  const reveals = await db.selectFrom('auditLog').select('seq').where('action', '=', 'reveal').execute();
  const decisions = await db.selectFrom('decisions').select('id').execute();
  return { units, users, scopes, reveals, decisions };
}

for (const dialect of DIALECTS) {
  describe(`scope isolation on ${dialect}`, () => {
    let w: World;

    beforeAll(async () => {
      const rt = await createTestRuntime(dialect);
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'admin-a', 'admin', ['150102']);
      const userA = await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      await seedUser(rt.ctx, 'admin-b', 'admin', ['150202']);
      const userB = await seedUser(rt.ctx, 'officer-b', 'officer', ['150202'], { phone: '13900001111' });
      const both = await seedUser(rt.ctx, 'analyst-ab', 'analyst', ['150102', '150202']);
      const app = await buildTestApp(rt);
      const unitB = (await rt.database.db.selectFrom('orgUnits').select('id').where('code', '=', '150202').executeTakeFirstOrThrow()).id;
      const cityB = (await rt.database.db.selectFrom('orgUnits').select('id').where('code', '=', '150200').executeTakeFirstOrThrow()).id;
      const siteB = await createSite(rt.ctx, operator, { orgCode: '150202', kind: 'checkpoint', name: '东河区卡口' });
      const personB = syntheticPerson('钱七');
      const checkinB = await app.inject({
        method: 'POST',
        url: '/api/v1/checkins',
        payload: { token: siteB.url.split('/r/')[1], key: idemKey(), direction: 'in', person: personB, origin: '150202', destination: '150202' },
      });
      await addRiskArea(rt.ctx, operator, { code: '420100', level: 'high', validFrom: '2026-01-01T00:00:00Z' }, () => true);
      // A channel of county B whose test message failed (nothing listens on port 9), so B has a delivery to retry.
      const hookB = await createWebhook(rt.ctx, operator, { orgCode: '150202', kind: 'wecom', name: '东河区防控群', url: 'http://127.0.0.1:9/send?key=b', events: ['flagged'] });
      const deliveryB = await sendTestMessage(rt.ctx, operator, hookB.id);
      const hooksB = { hooks: await rt.database.db.selectFrom('webhooks').selectAll().execute(), deliveries: await rt.database.db.selectFrom('webhookDeliveries').selectAll().execute() };
      w = {
        app, rt, adminA: await login(app, 'admin-a'), officerA: await login(app, 'officer-a'), unitB, cityB,
        userB: userB.id, userBoth: both.id, userA: userA.id, checkinB: checkinB.json().id, siteB: siteB.code,
        webhookB: hookB.id, deliveryB: deliveryB.id, hooksB,
        passB: checkinB.json().pass, personB,
      };
      // Some activity in B, so B has audit entries and sessions to protect.
      const adminB = await login(app, 'admin-b');
      await as(app, adminB).post(`/api/v1/users/${userB.id}/reveal`, { field: 'phone', purpose: 'call about the roster' });
    });
    afterAll(async () => {
      await w?.app.close();
      await w?.rt.dispose();
    });

    it('classifies every /api/v1 route in the table', () => {
      const paths = (w.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
      const existing = Object.entries(paths)
        .filter(([p]) => p.startsWith('/api/v1/'))
        .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`))
        .sort();
      expect(existing).toEqual(Object.keys(ROUTES).sort());
    });

    it('refuses every read and change of another county, and changes nothing there', async () => {
      const before = await snapshotB(w.rt);
      for (const [route, probe] of Object.entries(ROUTES)) {
        if (typeof probe === 'string') continue;
        for (const res of await probe(w)) {
          const body = res.body;
          if (res.statusCode === 200) {
            // Reads that answer 200 must hold nothing of county B.
            expect(body, route).not.toContain('150202');
            expect(body, route).not.toContain('officer-b');
            expect(body, route).not.toContain('东河区');
            expect(body, route).not.toContain(w.unitB);
          } else {
            expect([403, 404], `${route}: ${res.statusCode} ${body}`).toContain(res.statusCode);
          }
        }
      }
      const after = await snapshotB(w.rt);
      expect(after.units).toEqual(before.units);
      expect(after.scopes).toEqual(before.scopes);
      expect(after.reveals).toEqual(before.reveals);
      expect(after.decisions).toEqual(before.decisions);
      // Only B-unrelated users may have changed (none did); compare B's and the shared user's rows.
      const pick = (s: typeof before) => s.users.filter((u) => ['officer-b', 'admin-b', 'analyst-ab'].includes(u.username));
      expect(pick(after)).toEqual(pick(before));
    });

    it("leaves county B's notification channels and their deliveries as they were", async () => {
      const db = w.rt.database.db;
      expect({ hooks: await db.selectFrom('webhooks').selectAll().execute(), deliveries: await db.selectFrom('webhookDeliveries').selectAll().execute() }).toEqual(w.hooksB);
    });

    it('shows a user shared with county A, without the scope of county B being changeable', async () => {
      const list = (await as(w.app, w.adminA).get('/api/v1/users')).json();
      expect(list.items.map((u: { username: string }) => u.username).sort()).toEqual(['admin-a', 'analyst-ab', 'officer-a']);
    });

    it('refuses administrator routes to an officer of the same county', async () => {
      const o = as(w.app, w.officerA);
      expect((await o.get('/api/v1/users')).statusCode).toBe(403);
      expect((await o.get('/api/v1/audit')).statusCode).toBe(403);
      expect((await o.post('/api/v1/users', { username: 'x1x', displayName: 'x', role: 'admin', orgCodes: ['150102'], password: 'Long-enough-pass-1' })).statusCode).toBe(403);
      expect((await o.get('/api/v1/org-units')).json().items.map((u: { code: string }) => u.code)).toEqual(['150102']);
    });
  });
}
