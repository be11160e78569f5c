// `tracegrid report` as an operator runs it: a real process on a real database, on both engines. The extension of
// -o picks the file (PDF, XLSX, or both for any other name), the build is audited as the operator, and what cannot
// be done leaves no file and no audit entry.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { localDay } from '../../src/core/local-day.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { openRuntime } from '../../src/runtime.ts';
import { DIALECTS, testEnv, type TestEnv } from '../helpers/db.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { rawSql, runCli } from './run.ts';

/** Several spawns per test, on a shared 2-core machine that may be busy with other suites. */
const SPAWNING_TEST_TIMEOUT = 180_000;

const pdfText = async (file: string) => (await extractText(await getDocumentProxy(new Uint8Array(fs.readFileSync(file))), { mergePages: true })).text.replace(/\s+/g, '');

for (const dialect of DIALECTS) {
  describe(`tracegrid report on ${dialect}`, { timeout: SPAWNING_TEST_TIMEOUT }, () => {
    let t: TestEnv;
    const today = localDay(Date.now());
    const person = syntheticPerson('王小明');
    const file = (name: string) => path.join(t.dataDir, name);
    const audits = () => rawSql<{ actor_name: string; target_type: string; detail: string }>(dialect, t, "select actor_name, target_type, detail from audit_log where action = 'report.generated' order by seq");

    beforeAll(async () => {
      t = await testEnv(dialect);
      const rt = await openRuntime(loadConfig(t.env, t.dataDir));
      try {
        await seedOrgTree(rt.ctx);
        const app = await buildApp(rt, { logger: false });
        await app.ready();
        try {
          const site = await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '新城区卡口' });
          const token = decodeURIComponent(site.url.split('/r/')[1]);
          for (const [p, temperature] of [[person, 38.6], [syntheticPerson('李四'), 36.5]] as const) {
            const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: { token, key: idemKey(), direction: 'in', person: p, temperature, origin: '420106', destination: '150102' } });
            expect(res.statusCode, res.body).toBe(201);
          }
        } finally {
          await app.close();
        }
      } finally {
        await rt.close();
      }
    });
    afterAll(() => t?.cleanup());

    it('writes the PDF for a .pdf name, audited as the operator', async () => {
      const out = file('analysis.pdf');
      const res = await runCli(['report', 'analysis', '--org', '150102', '--to', today, '-o', out, '--json'], { env: t.env });
      expect(res.code, res.stderr).toBe(0);
      expect(JSON.parse(res.stdout)).toEqual({ kind: 'analysis', title: `研判报告 新城区 ${today}`, files: [{ format: 'pdf', file: out, bytes: fs.statSync(out).size }] });
      expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
      expect(fs.existsSync(`${out}.part`)).toBe(false);
      expect(fs.existsSync(file('analysis.xlsx'))).toBe(false);
      const text = await pdfText(out);
      expect(text).toContain('研判报告');
      expect(text).toContain('新城区卡口');
      expect(text).not.toContain(person.idNumber);
      const [entry] = (await audits()).slice(-1);
      expect(entry.actor_name).toMatch(/^cli:/);
      expect(entry.target_type).toBe('org_unit');
      expect(JSON.parse(entry.detail)).toMatchObject({ kind: 'analysis', org: '150102', from: today, to: today, lang: 'zh' });
    });

    it('writes the XLSX for a .xlsx name, and both files for any other name, in English with --lang en', async () => {
      const xlsx = file('weekly.xlsx');
      let res = await runCli(['report', 'weekly', '--org', '150100', '--to', today, '-o', xlsx], { env: t.env });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/Wrote 周调度 呼和浩特市 .* \(XLSX, \d+ KB\) to .*weekly\.xlsx/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(xlsx);
      const rows: unknown[][] = [];
      book.getWorksheet('周调度')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      expect(rows.find((r) => r[1] === '150102')!.slice(2, 4)).toEqual([2, 0]);
      expect(rows.at(-1)!.slice(0, 4)).toEqual(['合计', '150100', 2, 0]);

      const base = file('both');
      res = await runCli(['report', 'weekly', '--org', '150100', '--to', today, '-o', base, '--lang', 'en', '--json'], { env: t.env });
      expect(res.code, res.stderr).toBe(0);
      const { files } = JSON.parse(res.stdout) as { files: Array<{ format: string; file: string }> };
      expect(files.map((f) => f.file)).toEqual([`${base}.pdf`, `${base}.xlsx`]);
      expect(await pdfText(`${base}.pdf`)).toContain('Weeklydispatch');
      expect(fs.statSync(`${base}.xlsx`).size).toBeGreaterThan(0);
      expect(JSON.parse((await audits()).at(-1)!.detail)).toMatchObject({ kind: 'weekly', org: '150100', to: today, lang: 'en' });
    });

    it('refuses what cannot be done, writing no file and no audit entry', async () => {
      const before = (await audits()).length;
      const cases: [string[], RegExp][] = [
        [['report', 'analysis', '--org', '150102', '--to', '2026-02-30', '-o', file('a.pdf')], /Invalid period/],
        [['report', 'analysis', '--org', '150102', '--from', today, '--to', '2020-01-01', '-o', file('b.pdf')], /Invalid period/],
        [['report', 'analysis', '--org', '999999', '--to', today, '-o', file('c.pdf')], /No org unit "999999"/],
        [['report', 'weekly', '--org', '150102', '--to', today, '-o', path.join(t.dataDir, 'missing', 'd.pdf')], /does not exist/],
        [['report', 'monthly', '--org', '150102', '--to', today, '-o', file('e.pdf')], /Allowed choices are analysis, weekly/],
        [['report', 'analysis', '--org', '150102', '--to', today, '-o', file('f.pdf'), '--lang', 'fr'], /Allowed choices are zh, en/],
        [['report', 'analysis', '--org', '150102', '-o', file('g.pdf')], /--to <day>/],
      ];
      // Seven processes at once on a shared 2-core machine: give each longer than one alone would need.
      const results = await Promise.all(cases.map(([args]) => runCli(args, { env: t.env, timeoutMs: 150_000 })));
      cases.forEach(([args, message], i) => {
        expect(results[i].code, args.join(' ')).not.toBe(0);
        expect(results[i].stderr, args.join(' ')).toMatch(message);
      });
      for (const name of ['a', 'b', 'c', 'e', 'f', 'g']) expect(fs.existsSync(file(`${name}.pdf`))).toBe(false);
      expect((await audits()).length).toBe(before);
    });
  });
}
