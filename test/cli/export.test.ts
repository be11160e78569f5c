// `tracegrid export` as an operator runs it: a real process on a real database, on both engines. Masked unless
// --reveal with a purpose, escaped against formula injection, audited as the operator, and never a half file.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { newId } from '../../src/core/ids.ts';
import { createList } from '../../src/modules/lists/service.ts';
import { keyRecord, resolvePersons } from '../../src/modules/people/service.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { openRuntime } from '../../src/runtime.ts';
import { DIALECTS, testEnv, type TestEnv } from '../helpers/db.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { rawSql, runCli } from './run.ts';

/** Several spawns per test, on a shared 2-core machine that may be busy with other suites. */
const SPAWNING_TEST_TIMEOUT = 180_000;
const EVIL = '=HYPERLINK("http://x","y")';

for (const dialect of DIALECTS) {
  describe(`tracegrid export on ${dialect}`, { timeout: SPAWNING_TEST_TIMEOUT }, () => {
    let t: TestEnv;
    const evil = syntheticPerson(EVIL);
    const plain = syntheticPerson('王小明');
    const listed = syntheticPerson('赵六');
    const file = (name: string) => path.join(t.dataDir, name);
    const exports = () => rawSql<{ actor_name: string; purpose: string | null; detail: string }>(dialect, t, "select actor_name, purpose, detail from audit_log where action = 'export' order by seq");

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
          for (const [person, temperature] of [[evil, 38.2], [plain, 36.5]] as const) {
            const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: { token, key: idemKey(), direction: 'in', person, temperature, origin: '150102', destination: '150102' } });
            expect(res.statusCode, res.body).toBe(201);
          }
        } finally {
          await app.close();
        }
        const list = await createList(rt.ctx, operator, { name: '留观人员', kind: 'observation', orgCode: '150102' });
        const keyed = keyRecord(rt.ctx, { ...listed, idType: 'resident_id' });
        const { personIds } = await resolvePersons(rt.ctx, [keyed], 'import');
        const orgPath = (await rt.database.db.selectFrom('orgUnits').select('path').where('code', '=', '150102').executeTakeFirstOrThrow()).path;
        await rt.database.db.insertInto('listEntries').values({
          id: newId(), listId: list.id, personId: personIds[0], orgPath, rowKey: 'row-1', piiEnc: rt.ctx.cipher.encrypt('list_entry.pii', JSON.stringify(listed)),
          idBidx: keyed.idBidx, phoneBidx: keyed.phoneBidx, origin: '420102', listedAt: Date.UTC(2026, 10, 20), note: null, source: 'import', importId: null, rowNo: 2,
          createdAt: Date.now(), endedAt: null,
        }).execute();
      } finally {
        await rt.close();
      }
    });
    afterAll(() => t?.cleanup());

    it('writes a masked CSV by default, escaped, and audits it as the operator', async () => {
      const out = file('checkins.csv');
      const res = await runCli(['export', 'checkins', '--org', '150102', '--format', 'csv', '-o', out, '--json'], { env: t.env });
      expect(res.code, res.stderr).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ kind: 'checkins', format: 'csv', file: out, rows: 2, revealed: false });
      const text = fs.readFileSync(out, 'utf8');
      expect(text.startsWith('\ufeff')).toBe(true);
      const [head, ...rows] = parse(text, { bom: true }) as string[][];
      expect(head[0]).toBe('Time (China Standard Time)'); // LANG=C.UTF-8: English
      expect(rows).toHaveLength(2);
      expect(rows[0][5].startsWith("'=")).toBe(true);
      for (const p of [evil, plain]) {
        expect(text).not.toContain(p.idNumber);
        expect(text).not.toContain(p.phone);
      }
      expect(fs.existsSync(`${out}.part`)).toBe(false);
      const [entry] = (await exports()).slice(-1);
      expect(entry.actor_name).toMatch(/^cli:/);
      expect(entry.purpose).toBeNull();
      expect(JSON.parse(entry.detail)).toMatchObject({ kind: 'checkins', format: 'csv', filter: { orgCode: '150102' }, rows: 2, revealed: false });
    });

    it('writes values in clear to XLSX with --reveal and a purpose, in Chinese under a Chinese locale', async () => {
      const out = file('flagged.xlsx');
      const res = await runCli(['export', 'checkins', '--flagged', '--format', 'xlsx', '-o', out, '--reveal', '--purpose', '核查发热人员'], { env: { ...t.env, LANG: 'zh_CN.UTF-8' } });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/Wrote 1 row\(s\) in clear to .*flagged\.xlsx/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(out);
      const rows: unknown[][] = [];
      book.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      expect(rows[0][0]).toBe('时间（北京时间）');
      expect(rows).toHaveLength(2);
      expect(rows[1].slice(5, 8)).toEqual([`'${EVIL}`, evil.idNumber, evil.phone]);
      expect(rows[1][9]).toBe(38.2);
      const [entry] = (await exports()).slice(-1);
      expect(entry.purpose).toBe('核查发热人员');
      expect(JSON.parse(entry.detail)).toMatchObject({ rows: 1, revealed: true });
      expect(JSON.stringify(entry)).not.toContain(evil.idNumber);
    });

    it('exports the entries of a list by name', async () => {
      const out = file('list.csv');
      const res = await runCli(['export', 'list_entries', '--list', '留观人员', '--format', 'csv', '-o', out, '--json'], { env: t.env });
      expect(res.code, res.stderr).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ kind: 'list_entries', rows: 1, revealed: false });
      const [, row] = parse(fs.readFileSync(out, 'utf8'), { bom: true }) as string[][];
      expect(row.slice(0, 2)).toEqual(['留观人员', '赵*']);
    });

    it('refuses what cannot be done, writing no file and no audit entry', async () => {
      const before = (await exports()).length;
      const cases: [string[], RegExp][] = [
        [['export', 'checkins', '--format', 'csv', '-o', file('a.csv'), '--reveal'], /--reveal needs --purpose/],
        [['export', 'checkins', '--format', 'csv', '-o', file('b.csv'), '--reveal', '--purpose', 'ab'], /at least 4 characters/],
        [['export', 'checkins', '--format', 'csv', '-o', file('c.csv'), '--list', '留观人员'], /--list does not apply/],
        [['export', 'list_entries', '--format', 'csv', '-o', file('d.csv')], /needs --list/],
        [['export', 'list_entries', '--list', '没有这个名单', '--format', 'csv', '-o', file('e.csv')], /没有这个名单/],
        [['export', 'checkins', '--org', '999999', '--format', 'csv', '-o', file('f.csv')], /No org unit "999999"/],
        [['export', 'checkins', '--format', 'csv', '-o', path.join(t.dataDir, 'missing', 'g.csv')], /does not exist/],
        [['export', 'persons', '--format', 'csv', '-o', file('h.csv')], /Allowed choices are checkins, list_entries/],
      ];
      const results = await Promise.all(cases.map(([args]) => runCli(args, { env: t.env })));
      cases.forEach(([args, message], i) => {
        expect(results[i].code, args.join(' ')).not.toBe(0);
        expect(results[i].stderr, args.join(' ')).toMatch(message);
      });
      for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'h']) expect(fs.existsSync(file(`${name}.csv`))).toBe(false);
      expect((await exports()).length).toBe(before);
    });
  });
}
