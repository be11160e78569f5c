// `tracegrid purge` as an operator runs it, on both engines: --dry-run says what would go and changes nothing; the
// purge removes the check-ins past their retention, says so per kind, and is audited as the operator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { openRuntime } from '../../src/runtime.ts';
import { DIALECTS, testEnv, type TestEnv } from '../helpers/db.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { rawSql, runCli } from './run.ts';

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`tracegrid purge on ${dialect}`, { timeout: 180_000 }, () => {
    let t: TestEnv;
    const checkins = async () => Number((await rawSql<{ n: number }>(dialect, t, 'select count(*) as n from checkins'))[0].n);

    beforeAll(async () => {
      t = await testEnv(dialect);
      const clock = new ManualClock(Date.now() - 60 * DAY);
      const rt = await openRuntime(loadConfig(t.env, t.dataDir), { clock });
      try {
        await seedOrgTree(rt.ctx);
        const app = await buildApp(rt, { logger: false });
        await app.ready();
        try {
          const checkpoint = (await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '新城区卡口' })).url.split('/r/')[1];
          const station = (await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'station', name: '呼和浩特东站' })).url.split('/r/')[1];
          const post = async (token: string, extra: object) => {
            const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: { token, key: idemKey(), direction: 'in', person: syntheticPerson('周测试'), ...extra } });
            expect(res.statusCode, res.body).toBe(201);
          };
          // 60 days ago: two at the checkpoint, one at the station; today: one of each.
          await post(checkpoint, { origin: '150102', destination: '110101' });
          await post(checkpoint, { origin: '150102', destination: '110101' });
          await post(station, {});
          clock.advance(60 * DAY);
          await post(checkpoint, { origin: '150102', destination: '110101' });
          await post(station, {});
        } finally {
          await app.close();
        }
      } finally {
        await rt.close();
      }
    });
    afterAll(() => t?.cleanup());

    it('--dry-run says what would go and changes nothing', async () => {
      const res = await runCli(['purge', '--dry-run'], { env: t.env });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/Would remove check-ins/);
      expect(res.stdout).toMatch(/checkpoint\s+2\s/);
      expect(res.stdout).toMatch(/station\s+1\s/);
      expect(res.stdout).toContain('Dry run: nothing was changed.');
      expect(await checkins()).toBe(5);
      expect(await rawSql(dialect, t, "select seq from audit_log where action = 'retention.purge'")).toEqual([]);
    });

    it('removes the old check-ins, per kind, audited as the operator; a second run removes nothing', async () => {
      const res = await runCli(['purge', '--json'], { env: t.env });
      expect(res.code, res.stderr).toBe(0);
      const out = JSON.parse(res.stdout);
      expect(out).toMatchObject({ dryRun: false, checkins: { checkpoint: 2, station: 1, community: 0, floating: 0 }, tables: { checkinKeys: 3 } });
      expect(await checkins()).toBe(2);
      const audit = await rawSql<{ actor_name: string; detail: string }>(dialect, t, "select actor_name, detail from audit_log where action = 'retention.purge'");
      expect(audit).toHaveLength(1);
      expect(audit[0].actor_name).toMatch(/^cli:/);
      expect(JSON.parse(audit[0].detail).checkins).toEqual(out.checkins);
      const again = await runCli(['purge'], { env: t.env });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/Removed check-ins/);
      expect(again.stdout).toMatch(/checkpoint\s+0\s/);
      expect(await checkins()).toBe(2);
    });
  });
}
