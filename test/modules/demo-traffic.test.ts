// The demo's synthetic traffic goes through the real registration route: every body it makes must be accepted.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckinEvent } from '../../src/core/events.ts';
import { demoCheckin, startDemoTraffic, type DemoSite } from '../../src/modules/demo/traffic.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { buildTestApp } from '../helpers/server.ts';

for (const dialect of DIALECTS) {
  describe(`demo traffic on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    const sites: DemoSite[] = [];

    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
      await seedOrgTree(rt.ctx);
      for (const kind of ['checkpoint', 'community', 'floating'] as const) {
        const site = await createSite(rt.ctx, operator, { orgCode: kind === 'community' ? '150102001001' : '150102', kind, name: `演示 ${kind}` });
        sites.push({ kind, token: decodeURIComponent(site.url.split('/r/')[1]) });
      }
      app = await buildTestApp(rt);
    });
    afterAll(async () => {
      await app.close();
      await rt.dispose();
    });

    it('makes bodies of every site kind that registration accepts, some of them flagged', async () => {
      const flags: string[][] = [];
      // Twenty of each kind, then more until a fever shows up (one in ten, at random): never a flake, never endless.
      for (let round = 0; round < 10 && (round === 0 || !flags.some((f) => f.includes('fever'))); round++) {
        for (const site of sites) {
          for (let i = 0; i < 20; i++) {
            const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: demoCheckin(site) });
            expect(res.statusCode, res.body).toBe(201);
            flags.push(res.json().flags);
          }
        }
      }
      expect(flags.some((f) => f.includes('fever'))).toBe(true);
      expect(flags.some((f) => f.length === 0)).toBe(true);
    });

    it('keeps registering people until stopped', async () => {
      const seen: CheckinEvent[] = [];
      rt.ctx.events.on('checkin', (e) => seen.push(e));
      const stop = startDemoTraffic(app, sites, 20);
      await expect.poll(() => seen.length, { timeout: 5000 }).toBeGreaterThan(15);
      stop();
      await new Promise((r) => setTimeout(r, 100)); // requests already sent finish
      const after = seen.length;
      await new Promise((r) => setTimeout(r, 100));
      expect(seen.length).toBe(after);
    });
  });
}
