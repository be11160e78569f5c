// Lists through the API on both engines: created in scope, names unique, entries read masked page by page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/modules/imports/engine.ts';
import { createFileImport } from '../../src/modules/imports/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { syntheticId } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

for (const dialect of DIALECTS) {
  describe(`lists on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let analyst: Session;
    let commander: Session;
    let officer: Session;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-lists-'));

    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      await seedUser(rt.ctx, 'commander-a', 'commander', ['150102']);
      await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      app = await buildTestApp(rt);
      [analyst, commander, officer] = await Promise.all(['analyst-a', 'commander-a', 'officer-a'].map((u) => login(app, u)));
    });
    afterAll(async () => {
      await app.close();
      await rt.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('creates a watched list in scope, refuses a taken name, another scope and the wrong roles', async () => {
      const res = await as(app, analyst).post('/api/v1/lists', { name: '新城区留观人员', kind: 'observation', orgCode: '150102' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ name: '新城区留观人员', kind: 'observation', orgCode: '150102', watch: true, entries: 0 });
      expect((await as(app, analyst).post('/api/v1/lists', { name: '新城区留观人员', kind: 'incoming', orgCode: '150102' })).statusCode).toBe(409);
      expect((await as(app, analyst).post('/api/v1/lists', { name: '东河区名单', kind: 'incoming', orgCode: '150202' })).statusCode).toBe(404);
      expect((await as(app, analyst).post('/api/v1/lists', { name: 'x', kind: 'vip', orgCode: '150102' })).statusCode).toBe(400);
      expect((await as(app, commander).post('/api/v1/lists', { name: '指挥名单', kind: 'incoming', orgCode: '150102' })).statusCode).toBe(403);
      expect((await as(app, officer).get('/api/v1/lists')).statusCode).toBe(403);
      const names = (await as(app, commander).get('/api/v1/lists')).json().items.map((l: { name: string }) => l.name);
      expect(names).toEqual(['新城区留观人员']);
      const audit = await rt.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'list.create').execute();
      expect(audit).toHaveLength(1);
    });

    it("reads a list's entries masked, newest first, a page at a time", async () => {
      const list = (await as(app, analyst).post('/api/v1/lists', { name: '外来人员 11月', kind: 'incoming', orgCode: '150102' })).json();
      const people = Array.from({ length: 5 }, (_, i) => ({ name: `赵${'一二三四五'[i]}`, idNumber: syntheticId('19850101'), phone: `1390000000${i}` }));
      const file = path.join(tmp, 'list.csv');
      fs.writeFileSync(file, ['姓名,身份证号,手机号', ...people.map((p) => `${p.name},${p.idNumber},${p.phone}`)].join('\n'));
      await runImport(rt.ctx, await createFileImport(rt.ctx, operator, { file, list: list.name, columns: { name: '姓名', idNumber: '身份证号', phone: '手机号' } }));

      const first = await as(app, analyst).get(`/api/v1/lists/${list.id}/entries?limit=3`);
      expect(first.statusCode, first.body).toBe(200);
      const page1 = first.json();
      expect(page1.items).toHaveLength(3);
      expect(page1.items[0]).toMatchObject({ name: '赵*', source: 'import' });
      expect(page1.items[0].idNumber).toMatch(/^150\*{11}\w{4}$/);
      const page2 = (await as(app, analyst).get(`/api/v1/lists/${list.id}/entries?limit=3&before=${page1.nextBefore}`)).json();
      expect(page2.items).toHaveLength(2);
      expect(page2.nextBefore).toBeNull();
      const all = [...page1.items, ...page2.items];
      expect(new Set(all.map((e: { id: string }) => e.id)).size).toBe(5);
      for (const p of people) {
        expect(first.body + JSON.stringify(page2)).not.toContain(p.idNumber);
        expect(first.body + JSON.stringify(page2)).not.toContain(p.phone);
      }
      expect((await as(app, analyst).get('/api/v1/lists')).json().items.find((l: { id: string }) => l.id === list.id)).toMatchObject({ entries: 5, active: 5 });
    });
  });
}
