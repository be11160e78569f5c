import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { importOrgUnits, parseOrgCsv } from '../../src/modules/org/import.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login } from '../helpers/http.ts';
import { buildTestApp } from '../helpers/server.ts';

const CSV = `code,name,level,parent
150000,内蒙古自治区,region,
150102,新城区,county,150100
150100,呼和浩特市,city,150000
150102001,示范街道,township,150102
`;

for (const dialect of DIALECTS) {
  describe(`org hierarchy on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    afterEach(async () => {
      await app?.close();
      await rt?.dispose();
    });

    it('imports a CSV in any row order, and a second import changes nothing', async () => {
      rt = await createTestRuntime(dialect);
      expect(await importOrgUnits(rt.ctx, operator, parseOrgCsv(CSV), 'f.csv')).toEqual({ created: 4, updated: 0, unchanged: 0 });
      expect(await importOrgUnits(rt.ctx, operator, parseOrgCsv(CSV), 'f.csv')).toEqual({ created: 0, updated: 0, unchanged: 4 });
      const renamed = CSV.replace('示范街道', '新示范街道');
      expect(await importOrgUnits(rt.ctx, operator, parseOrgCsv(renamed), 'f.csv')).toEqual({ created: 0, updated: 1, unchanged: 3 });
      const t = await rt.database.db.selectFrom('orgUnits').select(['code', 'depth', 'path']).where('code', '=', '150102001').executeTakeFirstOrThrow();
      expect(t.depth).toBe(3);
      expect(t.path.split('/').filter(Boolean)).toHaveLength(4);
    });

    it('refuses a whole file for one bad row, naming the row, and writes nothing', async () => {
      rt = await createTestRuntime(dialect);
      const bad = CSV + '150103,回民区,galaxy,150100\n';
      const err = await importOrgUnits(rt.ctx, operator, parseOrgCsv(bad), 'bad.csv').catch((e) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(err.params).toMatchObject({ row: 6 });
      const orphan = CSV + '150199,孤儿区,county,159999\n';
      expect((await importOrgUnits(rt.ctx, operator, parseOrgCsv(orphan), 'o.csv').catch((e) => e)).params.reason).toMatch(/159999/);
      const loop = 'code,name,level,parent\nA,a,city,B\nB,b,city,A\n';
      expect((await importOrgUnits(rt.ctx, operator, parseOrgCsv(loop), 'l.csv').catch((e) => e)).params.reason).toMatch(/loops/);
      expect(() => parseOrgCsv('id,title\n1,x\n')).toThrow(DomainError);
      expect(await rt.database.db.selectFrom('orgUnits').selectAll().execute()).toEqual([]);
      expect(await rt.database.db.selectFrom('auditLog').selectAll().execute()).toEqual([]);
    });

    it('browses the tree lazily with ancestors, and lets an administrator add, rename, move and delete', async () => {
      rt = await createTestRuntime(dialect);
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'cityadmin', 'admin', ['150100']);
      app = await buildTestApp(rt);
      const a = as(app, await login(app, 'cityadmin'));
      const [city] = (await a.get('/api/v1/org-units')).json().items;
      expect(city).toMatchObject({ code: '150100', childCount: 2 });
      const counties = (await a.get(`/api/v1/org-units?parentId=${city.id}`)).json().items;
      expect(counties.map((c: { code: string }) => c.code)).toEqual(['150102', '150103']);
      const township = (await a.get(`/api/v1/org-units?parentId=${counties[0].id}`)).json().items[0];
      const detail = (await a.get(`/api/v1/org-units/${township.id}`)).json();
      // The region above the city is outside this admin's scope: the breadcrumb starts at the city.
      expect(detail.ancestors.map((u: { code: string }) => u.code)).toEqual(['150100', '150102']);

      const created = await a.post('/api/v1/org-units', { code: '150103001', name: '新街道', level: 'township', parentId: counties[1].id });
      expect(created.statusCode).toBe(201);
      expect((await a.patch(`/api/v1/org-units/${created.json().id}`, { name: '更新街道' })).json().name).toBe('更新街道');
      // Move the township with its community from county 150102 to 150103: paths below follow.
      const moved = await a.patch(`/api/v1/org-units/${township.id}`, { parentId: counties[1].id });
      expect(moved.statusCode).toBe(200);
      const community = await rt.database.db.selectFrom('orgUnits').selectAll().where('code', '=', '150102001001').executeTakeFirstOrThrow();
      const county2 = await rt.database.db.selectFrom('orgUnits').selectAll().where('code', '=', '150103').executeTakeFirstOrThrow();
      expect(community.path.startsWith(county2.path)).toBe(true);
      expect(community.depth).toBe(4);
      // A unit cannot move under its own descendant.
      const cycle = await a.patch(`/api/v1/org-units/${counties[1].id}`, { parentId: township.id });
      expect(cycle.statusCode).toBe(400);
      expect(cycle.json().error.code).toBe('org.cycle');
      // A unit with a registration site or an alert webhook keeps them: it cannot be deleted until they move or go.
      await a.post('/api/v1/sites', { orgId: created.json().id, kind: 'checkpoint', name: '新卡口' });
      const refused = await a.delete(`/api/v1/org-units/${created.json().id}`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('org.has_sites');
      await rt.database.db.deleteFrom('sites').where('orgUnitId', '=', created.json().id).execute();
      const hook = await a.post('/api/v1/webhooks', { orgId: created.json().id, name: '街道群', kind: 'generic', url: 'https://alerts.example.org/hook', events: ['flagged'] });
      expect(hook.statusCode, hook.body).toBe(201);
      expect((await a.delete(`/api/v1/org-units/${created.json().id}`)).json().error.code).toBe('org.has_webhooks');
      expect((await a.delete(`/api/v1/webhooks/${hook.json().id}`)).statusCode).toBe(204);
      expect((await a.delete(`/api/v1/org-units/${created.json().id}`)).statusCode).toBe(204);
      // The admin's own scope root cannot be deleted or moved by them.
      expect((await a.delete(`/api/v1/org-units/${city.id}`)).statusCode).toBe(403);
      const actions = (await rt.database.db.selectFrom('auditLog').select('action').execute()).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['org.create', 'org.update', 'org.delete']));
    });
  });
}
