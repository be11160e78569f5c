import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { login, type Session } from '../helpers/http.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';
import { connectSse, type SseClient } from './sse.ts';

for (const dialect of DIALECTS) {
  describe(`live stream on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let url: string;
    let officerA: Session;
    let officerB: Session;
    const token: Record<'A' | 'B', string> = { A: '', B: '' };
    const clients: SseClient[] = [];

    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      await seedUser(rt.ctx, 'officer-b', 'officer', ['150202']);
      await seedUser(rt.ctx, 'grid-a', 'grid_worker', ['150102']);
      token.A = (await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: 'A' })).url.split('/r/')[1];
      token.B = (await createSite(rt.ctx, operator, { orgCode: '150202', kind: 'checkpoint', name: 'B' })).url.split('/r/')[1];
      app = await buildTestApp(rt);
      url = await app.listen({ port: 0, host: '127.0.0.1' });
      officerA = await login(app, 'officer-a');
      officerB = await login(app, 'officer-b');
    });
    afterAll(async () => {
      clients.forEach((c) => c.close());
      await app.close();
      await rt.dispose();
    });

    const stream = async (s: Session, lastEventId?: string) => {
      const c = await connectSse(`${url}/api/v1/stream`, { cookie: s.cookie, ...(lastEventId && { 'last-event-id': lastEventId }) });
      clients.push(c);
      return c;
    };
    const checkin = async (site: 'A' | 'B', extra: object = {}) => {
      const res = await fetch(`${url}/api/v1/checkins`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: token[site], key: idemKey(), direction: 'in', person: syntheticPerson('张三'), origin: '150102', destination: '150202', ...extra }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };

    it('delivers a check-in within a second to the scope that holds the site, masked, and never to another scope', async () => {
      const a = await stream(officerA);
      const b = await stream(officerB);
      const started = Date.now();
      const idA = await checkin('A', { temperature: 38.1 });
      const got = await a.waitFor((e) => e.data.id === idA, 1000);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(got.event).toBe('checkin');
      expect(got.data).toMatchObject({ site: expect.any(String), flags: ['fever'], person: { name: '张*' } });
      expect(JSON.stringify(got.data)).not.toMatch(/orgPath|siteId/);
      const idB = await checkin('B');
      await b.waitFor((e) => e.data.id === idB, 1000);
      expect(b.events.map((e) => e.data.id)).not.toContain(idA);
      await new Promise((r) => setTimeout(r, 100));
      expect(a.events.map((e) => e.data.id)).not.toContain(idB);
    });

    it('resumes from the last event seen, with nothing missed and nothing repeated', async () => {
      const first = await stream(officerA);
      const id1 = await checkin('A');
      await first.waitFor((e) => e.data.id === id1);
      first.close();
      const id2 = await checkin('A');
      await checkin('B');
      const id3 = await checkin('A');
      const again = await stream(officerA, id1);
      await again.waitFor((e) => e.data.id === id3);
      const id4 = await checkin('A');
      await again.waitFor((e) => e.data.id === id4);
      expect(again.events.map((e) => e.data.id)).toEqual([id2, id3, id4]);
    });

    it("carries officers' decisions to the scope of the site, and replays them on resume", async () => {
      const a = await stream(officerA);
      const b = await stream(officerB);
      const id = await checkin('A');
      await a.waitFor((e) => e.data.id === id);
      const decide = (decision: string) =>
        fetch(`${url}/api/v1/checkins/${id}/decisions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: officerA.cookie, 'x-csrf-token': officerA.csrf },
          body: JSON.stringify({ decision }),
        }).then(async (r) => (expect(r.status).toBe(201), ((await r.json()) as { id: string }).id));
      const d1 = await decide('hold');
      const got = await a.waitFor((e) => e.event === 'decision' && e.data.id === d1, 1000);
      expect(got.data).toMatchObject({ checkinId: id, decision: 'hold', by: 'officer-a' });
      a.close();
      const d2 = await decide('refer');
      const again = await stream(officerA, d1);
      await again.waitFor((e) => e.data.id === d2);
      expect(again.events.map((e) => [e.event, e.data.id])).toEqual([['decision', d2]]);
      const idB = await checkin('B');
      await b.waitFor((e) => e.data.id === idB);
      expect(b.events.filter((e) => e.event === 'decision')).toEqual([]);
    });

    it('refuses roles without access to check-ins, and anonymous callers', async () => {
      const grid = await login(app, 'grid-a');
      expect((await fetch(`${url}/api/v1/stream`, { headers: { cookie: grid.cookie } })).status).toBe(403);
      expect((await fetch(`${url}/api/v1/stream`)).status).toBe(401);
    });
  });
}
