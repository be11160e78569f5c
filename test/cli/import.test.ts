// `tracegrid import FILE --list NAME` as an operator runs it: a real process on a real database, on both engines.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/runtime.ts';
import { DIALECTS, testEnv, type TestEnv } from '../helpers/db.ts';
import { saveMapping } from '../../src/modules/imports/service.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { syntheticId } from '../helpers/people.ts';
import { count, rawSql, runCli } from './run.ts';

/** Several spawns per test, on a shared 2-core machine that may be busy with other suites. */
const SPAWNING_TEST_TIMEOUT = 180_000;

function listCsv(t: TestEnv, name: string, headers: string[], rows: string[][]): string {
  const file = path.join(t.dataDir, name);
  fs.writeFileSync(file, [headers, ...rows].map((r) => r.join(',')).join('\n') + '\n');
  return file;
}

/** The one JSON object printed at the end (a progress bar never goes to stdout). */
const result = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number | string>;

for (const dialect of DIALECTS) {
  describe.concurrent(`tracegrid import on ${dialect}`, { timeout: SPAWNING_TEST_TIMEOUT }, () => {
    const envs: TestEnv[] = [];
    afterAll(() => envs.forEach((t) => t.cleanup()));
    const seeded = async () => {
      const t = await testEnv(dialect);
      envs.push(t);
      const rt = await openRuntime(loadConfig(t.env, t.dataDir));
      try {
        await seedOrgTree(rt.ctx);
      } finally {
        await rt.close();
      }
      return t;
    };

    it('imports with --create and --json, reports refused rows, and imports nothing new the second time', async () => {
      const t = await seeded();
      const good = syntheticId();
      const rows = [
        ['张三', syntheticId(), '13900000001', '湖北省武汉市', '2026-11-20 08:30'],
        ['李四', '', '13900000002', '420100', '2026/11/21'],
        ['王五', good.slice(0, 17) + (good.endsWith('1') ? '2' : '1'), '12', '420100', '2026-11-21'], // bad check character, bad phone
        ['赵六', syntheticId(), '', '火星', ''],
      ];
      const file = listCsv(t, '外来人员.csv', ['姓名', '身份证号', '手机号', '来源地', '到达时间'], rows);
      const refusals = path.join(t.dataDir, 'refused.csv');
      const first = await runCli(['import', file, '--list', '外来人员', '--create', 'incoming', '--org', '150102', '--refusals', refusals, '--json'], { env: t.env });
      expect(first.code, first.stderr).toBe(0);
      expect(result(first.stdout)).toMatchObject({ status: 'done', list: '外来人员', read: 4, imported: 2, unchanged: 0, refused: 2, personsCreated: 2, checkinsLinked: 0 });
      expect(result(first.stdout).importId).toEqual(expect.any(String));
      const report = fs.readFileSync(refusals, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(report[0]).toBe('row,column,reason');
      expect(report.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['4,手机号', '4,身份证号', '5,来源地']);
      expect(await count(dialect, t, 'list_entries')).toBe(2);
      expect(fs.existsSync(file)).toBe(true);

      const again = await runCli(['import', file, '--list', '外来人员', '--json'], { env: t.env });
      expect(again.code, again.stderr).toBe(0);
      expect(result(again.stdout)).toMatchObject({ read: 4, imported: 0, unchanged: 2, refused: 2, personsCreated: 0 });
      expect(await count(dialect, t, 'list_entries')).toBe(2);
      expect(await count(dialect, t, 'persons')).toBe(2);
      const audit = await rawSql<{ action: string }>(dialect, t, "select action from audit_log where action like 'import.%' order by seq");
      expect(audit.map((a) => a.action)).toEqual(['import.start', 'import.done', 'import.start', 'import.done']);

      // without --json: one line of counts
      const text = await runCli(['import', file, '--list', '外来人员'], { env: t.env });
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/4 read, 0 imported, 2 unchanged, 2 refused/);
    });

    it('uses a saved mapping, and fails clearly when headers, list or file are wrong', async () => {
      const t = await seeded();
      const odd = listCsv(t, 'odd.csv', ['人员', '号码', '电话号'], [['张三', syntheticId(), '13900000001']]);
      const unrecognised = await runCli(['import', odd, '--list', '留观', '--create', 'observation', '--org', '150102'], { env: t.env });
      expect(unrecognised.code).not.toBe(0);
      expect(unrecognised.stderr).toMatch(/could not be recognised.*"人员", "号码", "电话号"/);
      expect(unrecognised.stderr).not.toMatch(/\n\s+at /);

      const rt = await openRuntime(loadConfig(t.env, t.dataDir));
      try {
        await saveMapping(rt.ctx, operator, '社区模板', { name: '人员', idNumber: '号码', phone: '电话号' });
      } finally {
        await rt.close();
      }
      const mapped = await runCli(['import', odd, '--list', '留观', '--mapping', '社区模板', '--create', 'observation', '--org', '150102', '--json'], { env: t.env });
      expect(mapped.code, mapped.stderr).toBe(0);
      expect(result(mapped.stdout)).toMatchObject({ read: 1, imported: 1 });

      const noList = await runCli(['import', odd, '--list', '没有的名单', '--mapping', '社区模板'], { env: t.env });
      expect(noList.code).not.toBe(0);
      expect(noList.stderr).toMatch(/No list "没有的名单"/);
      const noFile = await runCli(['import', path.join(t.dataDir, 'absent.csv'), '--list', '留观'], { env: t.env });
      expect(noFile.code).not.toBe(0);
      expect(noFile.stderr).toMatch(/No such file/);
      const noMapping = await runCli(['import', odd, '--list', '留观', '--mapping', '没有'], { env: t.env });
      expect(noMapping.stderr).toMatch(/No saved column mapping "没有"/);
    });
  });
}
