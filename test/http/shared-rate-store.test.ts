// Rate limits shared by instances: fixed windows counted in the process, flushed to rate_counters on PostgreSQL
// and summed there; a per-site limit refused over two app instances on one database.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { SharedRateCounter } from '../../src/http/shared-rate-store.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { buildTestApp } from '../helpers/server.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';

const MIN = 60_000;

/** A second instance's runtime: the same database and keys, its own pool. */
function sibling(first: TestRuntime, configure: (c: Config) => Config = (c) => c): Promise<Runtime> {
  return openRuntime(configure(loadConfig(first.env, first.config.dataDir)));
}

for (const dialect of DIALECTS) {
  describe(`shared rate counter (${dialect})`, { timeout: 60_000 }, () => {
    const closers: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const c of closers.splice(0).reverse()) await c();
    });

    it('counts hits in a fixed window, reads without counting, and starts again in the next window', async () => {
      const rt = await createTestRuntime(dialect);
      closers.push(() => rt.dispose());
      let now = 10 * MIN + 15_000;
      const counter = new SharedRateCounter({ db: rt.database.db, dialect, now: () => now });
      closers.push(() => counter.stop());
      expect(counter.read('k', MIN)).toEqual({ current: 0, ttl: 45_000 });
      expect(counter.hit('k', MIN)).toEqual({ current: 1, ttl: 45_000 });
      now += 5_000;
      expect(counter.hit('k', MIN)).toEqual({ current: 2, ttl: 40_000 });
      expect(counter.hit('other', MIN).current).toBe(1);
      expect(counter.read('k', MIN).current).toBe(2);
      expect(counter.hit('k', 10_000).current).toBe(1); // another window length counts apart
      await counter.flush();
      expect(counter.hit('k', MIN).current).toBe(3); // what was flushed is still counted
      now = 11 * MIN; // the next window
      expect(counter.hit('k', MIN)).toEqual({ current: 1, ttl: MIN });
      await counter.flush();
      const rows = await rt.ctx.db.selectFrom('rateCounters').selectAll().orderBy('key').orderBy('windowStart').execute();
      if (dialect === 'sqlite') {
        expect(rows).toEqual([]); // one server process: the counts stay in memory
      } else {
        expect(rows.map((r) => [r.key, Number(r.windowStart), r.count])).toEqual([
          ['k', 10 * MIN, 3],
          ['k', 11 * MIN, 1],
          ['k@10000', 10 * MIN + 20_000, 1],
          ['other', 10 * MIN, 1],
        ]);
        // windows older than twice the longest in use are removed at a flush (at most once a minute)
        now = 20 * MIN;
        counter.hit('k', MIN);
        await new Promise((r) => setTimeout(r, 400)); // the timer's flush
        const left = await rt.ctx.db.selectFrom('rateCounters').select(['key', 'windowStart']).execute();
        expect(left.map((r) => Number(r.windowStart))).toEqual([20 * MIN]);
      }
    });

    if (dialect === 'postgres') {
      it('sums two instances in the table and each learns the total at its flush', async () => {
        const a = await createTestRuntime(dialect);
        closers.push(() => a.dispose());
        const b = await sibling(a);
        closers.push(() => b.close());
        const now = () => 5 * MIN;
        const ca = new SharedRateCounter({ db: a.database.db, dialect, now, flushMs: 50 });
        const cb = new SharedRateCounter({ db: b.database.db, dialect, now, flushMs: 50 });
        closers.push(() => ca.stop(), () => cb.stop());
        for (let i = 0; i < 3; i++) ca.hit('site:X', MIN);
        for (let i = 0; i < 4; i++) cb.hit('site:X', MIN);
        await Promise.all([ca.flush(), cb.flush()]);
        const known = [ca.read('site:X', MIN).current, cb.read('site:X', MIN).current].sort();
        expect(known[1]).toBe(7); // the later flush saw both
        ca.hit('site:X', MIN);
        await ca.flush();
        expect(ca.read('site:X', MIN).current).toBe(8);
        // flushes cross: the timers send what came in meanwhile, nothing is lost or counted twice
        await Promise.all(Array.from({ length: 50 }, (_, i) => ((i % 2 ? ca : cb).hit('site:Y', MIN), new Promise((r) => setTimeout(r, i)))));
        await new Promise((r) => setTimeout(r, 200));
        await Promise.all([ca.flush(), cb.flush()]);
        const row = await a.ctx.db.selectFrom('rateCounters').select('count').where('key', '=', 'site:Y').executeTakeFirstOrThrow();
        expect(row.count).toBe(50);
      });
    }

    it('refuses a site over its per-site limit with a retry hint; on PostgreSQL across two instances', async () => {
      const configure = (c: Config): Config => ({ ...c, checkinLimits: { perAddress: 1000, perSite: 4 } });
      const rt = await createTestRuntime(dialect, { configure });
      closers.push(() => rt.dispose());
      await seedOrgTree(rt.ctx);
      const token = (await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '限流卡口' })).url.split('/r/')[1];
      const apps: FastifyInstance[] = [await buildTestApp(rt)];
      closers.push(() => apps[0].close());
      if (dialect === 'postgres') {
        const rt2 = await sibling(rt, configure);
        closers.push(() => rt2.close());
        apps.push(await buildTestApp(rt2 as TestRuntime));
        closers.push(() => apps[1].close());
      }
      const post = (app: FastifyInstance) =>
        app.inject({ method: 'POST', url: '/api/v1/checkins', headers: { 'accept-language': 'en' }, payload: { token, key: idemKey(), direction: 'in', person: syntheticPerson('王五'), origin: '150102', destination: '150103' } });
      // rounds of one hit on each instance, then their flushes (as the timers would do)
      const statuses: number[] = [];
      let last;
      for (let round = 0; round < 5; round++) {
        for (const app of apps) {
          last = await post(app);
          statuses.push(last.statusCode);
        }
        await Promise.all(apps.map((app) => app.rateCounter.flush()));
      }
      const accepted = statuses.filter((s) => s === 201).length;
      expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
      // one instance alone would take 4 per instance; together at most one stale flush over the max
      expect(accepted).toBeGreaterThanOrEqual(4);
      expect(accepted).toBeLessThanOrEqual(dialect === 'postgres' ? 5 : 4);
      expect(statuses.slice(-apps.length)).toEqual(apps.map(() => 429)); // once flushed, refused on every instance
      expect(last!.json().error.code).toBe('request.rate_limited');
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(60);
    });
  });
}
