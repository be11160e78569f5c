// `tracegrid person report` as an operator runs it for a subject's access request: a real process on a real
// database, on both engines; the report holds the clear values and the run is audited without them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { indexCheckins } from '../../src/modules/people/checkin-indexer.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { openRuntime } from '../../src/runtime.ts';
import { DIALECTS, testEnv, type TestEnv } from '../helpers/db.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { rawSql, runCli } from './run.ts';

/** Several spawns per test, on a shared 2-core machine that may be busy with other suites. */
const SPAWNING_TEST_TIMEOUT = 180_000;

for (const dialect of DIALECTS) {
  describe(`tracegrid person report on ${dialect}`, { timeout: SPAWNING_TEST_TIMEOUT }, () => {
    const envs: TestEnv[] = [];
    afterAll(() => envs.forEach((t) => t.cleanup()));

    /** A database where one person checked in at two sites, indexed; set up in-process. */
    async function seeded() {
      const t = await testEnv(dialect);
      envs.push(t);
      const person = syntheticPerson('郑十一');
      const rt = await openRuntime(loadConfig(t.env, t.dataDir));
      try {
        await seedOrgTree(rt.ctx);
        const app = await buildApp(rt, { logger: false });
        await app.ready();
        try {
          for (const org of ['150102', '150103']) {
            const site = await createSite(rt.ctx, operator, { orgCode: org, kind: 'checkpoint', name: `卡口 ${org}` });
            const token = decodeURIComponent(site.url.split('/r/')[1]);
            const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: { token, key: idemKey(), direction: 'in', person, origin: '150102', destination: '150102' } });
            expect(res.statusCode, res.body).toBe(201);
          }
        } finally {
          await app.close();
        }
        await indexCheckins(rt.ctx);
      } finally {
        await rt.close();
      }
      return { t, person };
    }

    it('prints the report as JSON with the clear values, writes it to a file, and audits each run', async () => {
      const { t, person } = await seeded();
      const printed = await runCli(['person', 'report', '--id', person.idNumber, '--purpose', '本人申请查询'], { env: t.env });
      expect(printed.code, printed.stderr).toBe(0);
      const report = JSON.parse(printed.stdout);
      expect(report).toMatchObject({ idNumber: person.idNumber, purpose: '本人申请查询' });
      expect(report.persons).toMatchObject([{ name: '郑十一', idNumber: person.idNumber, phone: person.phone, source: 'checkin' }]);
      expect(report.checkins).toHaveLength(2);
      expect(report.checkins[0]).toMatchObject({ name: '郑十一', idNumber: person.idNumber, phone: person.phone, kind: 'checkpoint' });

      const out = path.join(t.dataDir, 'report.json');
      const written = await runCli(['person', 'report', '--id', person.idNumber, '-o', out], { env: t.env });
      expect(written.code, written.stderr).toBe(0);
      expect(written.stdout).toMatch(/2 check-in/);
      expect(written.stdout).not.toContain(person.idNumber);
      const fromFile = JSON.parse(fs.readFileSync(out, 'utf8'));
      expect(fromFile.checkins).toHaveLength(2);
      // the first run is in the second report's audit trail, with its purpose
      expect(fromFile.audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'person.report', purpose: '本人申请查询' })]));

      const entries = await rawSql<{ action: string; actor_name: string; purpose: string; detail: string; target_id: string }>(
        dialect, t, "select action, actor_name, purpose, detail, target_id from audit_log where action = 'person.report' order by seq",
      );
      expect(entries.map((e) => e.purpose)).toEqual(['本人申请查询', "subject's access request"]);
      expect(entries[0].actor_name).toMatch(/^cli:/);
      expect(entries[0].target_id).toBe(report.persons[0].id);
      expect(JSON.stringify(entries)).not.toContain(person.idNumber);
    });

    it('says so, without a stack trace, when nothing is held about the ID number', async () => {
      const { t } = await seeded();
      const r = await runCli(['person', 'report', '--id', syntheticPerson().idNumber], { env: t.env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/No such person/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });
  });
}
