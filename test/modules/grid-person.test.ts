// The grid seen from a person (the console's person page), on both engines: their observations (GET
// /grid/observations?personId=, newest first), their households and tasks (personId filters), and a unit's
// progress by its code (the daily summary's `?org=` links); each within the caller's scope, saying nothing outside.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { buildObservationApp, COMMUNITY, seedObservationWorld, seedResident } from '../helpers/observation-world.ts';

for (const dialect of DIALECTS) {
  describe(`the grid of a person on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let analyst: Session;
    let stranger: Session;
    let alice: string;
    let bob: string;
    let observationId: string;

    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
      await seedObservationWorld(rt.ctx);
      app = await buildObservationApp(rt);
      await app.ready();
      alice = await seedResident(rt.ctx, '测试甲', '101');
      bob = await seedResident(rt.ctx, '测试乙', '102');
      analyst = await login(app, 'obs-analyst');
      stranger = await login(app, 'obs-stranger');
      const started = await as(app, analyst).post('/api/v1/grid/observations', { personId: alice, days: 7 });
      expect(started.statusCode, started.body).toBe(201);
      observationId = started.json().observation.id;
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    it("lists a person's observations in scope, and nothing to a reader out of scope", async () => {
      const mine = await as(app, analyst).get(`/api/v1/grid/observations?personId=${alice}`);
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json().items).toMatchObject([{ id: observationId, status: 'active', days: 7, orgUnit: { code: COMMUNITY }, reports: [], missed: [] }]);
      expect((await as(app, analyst).get(`/api/v1/grid/observations?personId=${bob}`)).json()).toEqual({ items: [] });
      expect((await as(app, analyst).get('/api/v1/grid/observations?personId=nobody')).json()).toEqual({ items: [] });
      expect((await as(app, stranger).get(`/api/v1/grid/observations?personId=${alice}`)).json()).toEqual({ items: [] });
      expect((await as(app, analyst).get('/api/v1/grid/observations')).statusCode).toBe(400);
    });

    it("filters tasks and households by the person, within scope", async () => {
      const tasks = (await as(app, analyst).get(`/api/v1/grid/tasks?personId=${alice}&status=all`)).json();
      expect(tasks.items.map((t: { kind: string }) => t.kind)).toEqual(['home_observation']);
      expect((await as(app, analyst).get(`/api/v1/grid/tasks?personId=${bob}&status=all`)).json().total).toBe(0);
      expect((await as(app, stranger).get(`/api/v1/grid/tasks?personId=${alice}&status=all`)).json().total).toBe(0);

      const homes = (await as(app, analyst).get(`/api/v1/grid/households?personId=${alice}`)).json();
      expect(homes.total).toBe(1);
      expect(homes.items[0].orgUnit.code).toBe(COMMUNITY);
      expect(homes.items[0].members.map((m: { person: { id: string } }) => m.person.id)).toEqual([alice]);
      expect(homes.items[0].address).not.toContain('101');
      expect((await as(app, stranger).get(`/api/v1/grid/households?personId=${alice}`)).json().total).toBe(0);
    });

    it('answers a unit\'s progress by its code, in scope only', async () => {
      const res = await as(app, analyst).get(`/api/v1/grid/progress?orgCode=${COMMUNITY}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().unit.code).toBe(COMMUNITY);
      expect(res.json().total.total).toBeGreaterThanOrEqual(1);
      expect((await as(app, stranger).get(`/api/v1/grid/progress?orgCode=${COMMUNITY}`)).statusCode).toBe(404);
      expect((await as(app, analyst).get('/api/v1/grid/progress?orgCode=nowhere')).statusCode).toBe(404);
    });
  });
}
