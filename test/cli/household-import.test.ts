// `tracegrid import --households FILE` as an operator runs it: a real process on a real database, on both engines.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/runtime.ts';
import { DIALECTS, testEnv, type TestEnv } from '../helpers/db.ts';
import { seedOrgTree } from '../helpers/factories.ts';
import { syntheticId } from '../helpers/people.ts';
import { count, rawSql, runCli } from './run.ts';

const SPAWNING_TEST_TIMEOUT = 180_000;
const result = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number | string>;

for (const dialect of DIALECTS) {
  describe(`tracegrid import --households on ${dialect}`, { timeout: SPAWNING_TEST_TIMEOUT }, () => {
    let t: TestEnv;
    afterAll(() => t?.cleanup());

    it('imports households with --json and --refusals, then nothing new the second time; refuses --list with it', async () => {
      t = await testEnv(dialect);
      const rt = await openRuntime(loadConfig(t.env, t.dataDir));
      try {
        await seedOrgTree(rt.ctx);
      } finally {
        await rt.close();
      }
      const file = path.join(t.dataDir, '住户.csv');
      const rows = [
        ['社区编码', '地址', '楼栋', '单元', '门牌', '类型', '姓名', '身份证号', '手机号', '人员类型'],
        ['150102001001', '和平路1号', '2', '1', '301', '住宅', '张三', syntheticId(), '13900000001', '户主'],
        ['150102001001', '和平路1号', '2', '1', '301', '住宅', '李四', syntheticId(), '', '常住'],
        ['150102001009', '和平路2号', '', '', '', '住宅', '王五', syntheticId(), '', '常住'], // unknown grid
      ];
      fs.writeFileSync(file, rows.map((r) => r.join(',')).join('\n') + '\n');
      const refusals = path.join(t.dataDir, 'refused.csv');

      const first = await runCli(['import', '--households', file, '--refusals', refusals, '--json'], { env: t.env });
      expect(first.code, first.stderr).toBe(0);
      expect(result(first.stdout)).toMatchObject({ status: 'done', target: 'households', read: 3, imported: 2, refused: 1, addressesCreated: 1, personsCreated: 2 });
      const report = fs.readFileSync(refusals, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(report.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['4,社区编码']);
      expect(await count(dialect, t, 'household_members')).toBe(2);

      const again = await runCli(['import', '--households', file], { env: t.env });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/into the grids: 3 read, 0 imported, 2 unchanged, 1 refused; 0 new addresses, 0 new persons/);
      expect(await count(dialect, t, 'addresses')).toBe(1);
      const audit = await rawSql<{ action: string }>(dialect, t, "select action from audit_log where action like 'import.%' order by seq");
      expect(audit.map((a) => a.action)).toEqual(['import.start', 'import.done', 'import.start', 'import.done']);

      const both = await runCli(['import', '--households', file, '--list', '外来人员'], { env: t.env });
      expect(both.code).not.toBe(0);
      expect(both.stderr).toMatch(/--households imports into the grids/);
      const neither = await runCli(['import', file], { env: t.env });
      expect(neither.code).not.toBe(0);
      expect(neither.stderr).toMatch(/Give --list NAME/);
    });
  });
}
