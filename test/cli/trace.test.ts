// `tracegrid trace` as an analyst at the machine runs it: a real process on a real database, on both engines. A case
// passes a checkpoint with a companion; someone passes minutes later, someone else an hour later. The JSON names the
// contacts (masked) with their degree, score and evidence; --reveal adds ID numbers and is audited.
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { indexCheckins } from '../../src/modules/people/checkin-indexer.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { openRuntime } from '../../src/runtime.ts';
import { DIALECTS, testEnv, type TestEnv } from '../helpers/db.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { rawSql, runCli } from './run.ts';

const SPAWNING_TEST_TIMEOUT = 180_000;

for (const dialect of DIALECTS) {
  describe(`tracegrid trace on ${dialect}`, { timeout: SPAWNING_TEST_TIMEOUT }, () => {
    const envs: TestEnv[] = [];
    afterAll(() => envs.forEach((t) => t.cleanup()));

    async function seeded() {
      const t = await testEnv(dialect);
      envs.push(t);
      const [kase, child, near, far] = [syntheticPerson('病例甲'), syntheticPerson('同行乙'), syntheticPerson('邻近丙'), syntheticPerson('远离丁')];
      // Two hours ago onwards, in real time: the command runs on the real clock.
      const clock = new ManualClock(Date.now() - 2 * 3_600_000);
      const rt = await openRuntime(loadConfig(t.env, t.dataDir), { clock });
      try {
        await seedOrgTree(rt.ctx);
        const app = await buildApp(rt, { logger: false });
        await app.ready();
        try {
          const site = await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '新城区卡口' });
          const token = decodeURIComponent(site.url.split('/r/')[1]);
          const post = async (person: typeof kase, companions: object[] = []) => {
            const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: { token, key: idemKey(), direction: 'in', person, companions, origin: '150102', destination: '150102' } });
            expect(res.statusCode, res.body).toBe(201);
          };
          await post(kase, [{ name: child.name, idNumber: child.idNumber, relation: 'child' }]);
          clock.advance(10 * 60_000);
          await post(near);
          clock.advance(60 * 60_000);
          await post(far);
        } finally {
          await app.close();
        }
        await indexCheckins(rt.ctx);
      } finally {
        await rt.close();
      }
      return { t, kase, child, near };
    }

    it('prints the contacts as JSON, masked, with degree, score and evidence; --reveal adds the ID numbers and is audited', async () => {
      const { t, kase, child, near } = await seeded();
      const run = await runCli(['trace', '--id', kase.idNumber, '--depth', '1', '--json'], { env: t.env });
      expect(run.code, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout);
      expect(out.contacts).toHaveLength(2);
      const [first, second] = out.contacts;
      expect(first).toMatchObject({ degree: 1, kinds: ['companion'], person: { name: '同**' } });
      expect(first.evidence[0]).toMatchObject({ how: 'companion', minutes: 0 });
      expect(second).toMatchObject({ degree: 1, kinds: ['checkpoint_passage'], person: { name: '邻**' } });
      expect(second.evidence[0]).toMatchObject({ how: 'checkpoint_passage', minutes: 10 });
      expect(second.evidence[0].site).toMatch(/^[A-Z0-9]{6}$/);
      expect(Date.parse(second.evidence[0].times.contact[0]) - Date.parse(second.evidence[0].times.source[0])).toBe(10 * 60_000);
      expect(first.score).toBeGreaterThan(second.score);
      expect(run.stdout).not.toContain(child.idNumber);
      expect(run.stdout).not.toContain(near.idNumber);
      expect(out.contacts.every((c: { idNumber?: string }) => c.idNumber === undefined)).toBe(true);

      const refused = await runCli(['trace', '--id', kase.idNumber, '--reveal'], { env: t.env });
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('--purpose');

      const revealed = await runCli(['trace', '--id', kase.idNumber, '--depth', '1', '--json', '--reveal', '--purpose', '流调核实身份'], { env: t.env });
      expect(revealed.code, revealed.stderr).toBe(0);
      const ids = JSON.parse(revealed.stdout).contacts.map((c: { idNumber: string }) => c.idNumber).sort();
      expect(ids).toEqual([child.idNumber, near.idNumber].sort());
      const audit = await rawSql(dialect, t, "select action, purpose from audit_log where action in ('trace.run', 'reveal') order by seq");
      expect(audit.map((r) => `${r.action}:${r.purpose}`)).toEqual(['trace.run:contact tracing from the command line', 'trace.run:流调核实身份', 'reveal:流调核实身份']);
    });
  });
}
