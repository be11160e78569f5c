// List imports through the API and the engine, on both engines: upload, preview, start, the job runner, the
// refused-row report, re-import creating nothing, XLSX, resume after a crash, linking past check-ins, and scope.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList } from '../../src/modules/lists/service.ts';
import { BATCH_ROWS, runImport } from '../../src/modules/imports/engine.ts';
import { createFileImport } from '../../src/modules/imports/service.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { idemKey, syntheticId } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const HEADERS = ['姓名', '身份证号码', '手机号', '来源地', '到达时间', '备注'];

function csv(rows: string[][], headers = HEADERS): Buffer {
  return Buffer.from([headers, ...rows].map((r) => r.join(',')).join('\n') + '\n');
}

/** n good rows, each with its own document and phone */
function goodRows(n: number, birth = '19800101'): string[][] {
  return Array.from({ length: n }, (_, i) => [`测试${i}`, syntheticId(birth), `139${String(10_000_000 + i).slice(-8)}`, '420100', '2026-11-20 08:30', i % 2 ? '自驾' : '']);
}

for (const dialect of DIALECTS) {
  describe(`list imports on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let analystA: Session;
    let analystB: Session;
    let officerA: Session;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-imports-'));
    const count = async (table: 'listEntries' | 'persons' | 'importRefusals' | 'watchHits') =>
      Number((await rt.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    const upload = (session: Session, body: Buffer, fileName: string) =>
      as(app, session).post(`/api/v1/imports/uploads?fileName=${encodeURIComponent(fileName)}`, body, { 'content-type': 'application/octet-stream' });

    async function waitDone(session: Session, id: string) {
      for (let i = 0; i < 600; i++) {
        const v = (await as(app, session).get(`/api/v1/imports/${id}`)).json();
        if (v.status === 'done' || v.status === 'failed') return v;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`import ${id} did not finish`);
    }

    async function importFile(body: Buffer, fileName: string, list = '外来人员A') {
      const up = await upload(analystA, body, fileName);
      expect(up.statusCode, up.body).toBe(201);
      const start = await as(app, analystA).post(`/api/v1/imports/${up.json().id}/start`, { list, columns: up.json().suggested });
      expect(start.statusCode, start.body).toBe(202);
      expect(start.json().status).toBe('queued');
      return waitDone(analystA, up.json().id);
    }

    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      await seedUser(rt.ctx, 'analyst-b', 'analyst', ['150202']);
      await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      await createList(rt.ctx, operator, { name: '外来人员A', kind: 'incoming', orgCode: '150102' });
      await createList(rt.ctx, operator, { name: '留观人员A', kind: 'observation', orgCode: '150102' });
      await createList(rt.ctx, operator, { name: '外来人员B', kind: 'incoming', orgCode: '150202' });
      app = await buildTestApp(rt);
      [analystA, analystB, officerA] = await Promise.all(['analyst-a', 'analyst-b', 'officer-a'].map((u) => login(app, u)));
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('uploads, previews masked, refuses bad rows with a report, and imports the rest', async () => {
      const good = goodRows(3);
      const badId = syntheticId().slice(0, 17) + (syntheticId().endsWith('1') ? '2' : '1');
      const rows = [
        good[0],
        ['', syntheticId(), '13900000001', '420100', '2026-11-20', ''], // row 3: no name
        good[1],
        ['王五', badId, '12345', '火星', '明天', ''], // row 5: four problems
        ['赵六', '', '', '', '', ''], // row 6: neither document nor phone
        good[2],
      ];
      const body = csv(rows);
      const up = await upload(analystA, body, '外来人员.csv');
      expect(up.statusCode, up.body).toBe(201);
      expect(up.json()).toMatchObject({ fileName: '外来人员.csv', format: 'csv', bytes: body.length, headers: HEADERS });
      expect(up.json().suggested).toEqual({ name: '姓名', idNumber: '身份证号码', phone: '手机号', origin: '来源地', listedAt: '到达时间', note: '备注' });
      const id = up.json().id;

      const preview = await as(app, analystA).post(`/api/v1/imports/${id}/preview`, { columns: up.json().suggested }, { 'accept-language': 'en' });
      expect(preview.statusCode, preview.body).toBe(200);
      const p = preview.json().rows;
      expect(p).toHaveLength(6);
      expect(p[0].rowNo).toBe(2);
      expect(p[0].values.name).toBe('测**');
      expect(p[0].values.idNumber).toMatch(/^150\*+\w{4}$/);
      expect(JSON.stringify(p)).not.toContain(good[0][1]);
      expect(p[3].refusals.map((r: { column: string }) => r.column)).toEqual(['身份证号码', '手机号', '来源地', '到达时间']);
      expect(p[3].refusals[0]).toMatchObject({ reason: 'validation.id.checksum', message: expect.stringMatching(/check/i) });

      // a mapping without a name column, and one naming a header the file lacks, are refused clearly
      const noName = await as(app, analystA).post(`/api/v1/imports/${id}/start`, { list: '外来人员A', columns: { idNumber: '身份证号码' } }, { 'accept-language': 'en' });
      expect(noName.statusCode).toBe(400);
      expect(noName.json().error).toMatchObject({ code: 'import.mapping.missing_name', message: expect.stringMatching(/name column/) });
      const unknown = await as(app, analystA).post(`/api/v1/imports/${id}/start`, { list: '外来人员A', columns: { name: '名字', phone: '手机号' } });
      expect(unknown.json().error.code).toBe('import.mapping.unknown_header');
      expect((await as(app, analystA).post(`/api/v1/imports/${id}/start`, { list: '没有的名单', columns: up.json().suggested })).statusCode).toBe(404);

      const start = await as(app, analystA).post(`/api/v1/imports/${id}/start`, { list: '外来人员A', columns: up.json().suggested, saveMappingAs: '疾控中心模板' });
      expect(start.statusCode, start.body).toBe(202);
      const done = await waitDone(analystA, id);
      expect(done).toMatchObject({ status: 'done', listName: '外来人员A', read: 6, imported: 3, unchanged: 0, refused: 3, personsCreated: 3, error: null });
      expect(done.bytesDone).toBe(done.bytesTotal);
      expect(fs.existsSync(path.join(rt.config.dataDir, 'uploads', id))).toBe(false);

      const report = await as(app, analystA).get(`/api/v1/imports/${id}/refusals.csv`, { 'accept-language': 'en' });
      expect(report.statusCode).toBe(200);
      expect(report.headers['content-type']).toMatch(/text\/csv/);
      const lines = report.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('row,column,reason');
      expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['3,姓名', '5,到达时间', '5,手机号', '5,来源地', '5,身份证号码', '6,身份证号码']);
      expect(report.body).toMatch(/5,身份证号码,.*check character/i);
      expect(report.body).toMatch(/6,身份证号码,Either an ID number or a phone number is required/);
      const zh = await as(app, analystA).get(`/api/v1/imports/${id}/refusals.csv`, { 'accept-language': 'zh-CN' });
      expect(zh.body).toContain('行号,列,原因');
      expect(zh.body).toContain('姓名为空');

      expect((await as(app, analystA).get('/api/v1/import-mappings')).json().items).toContainEqual({ name: '疾控中心模板', columns: up.json().suggested });
      const audit = await rt.database.db.selectFrom('auditLog').select(['action', 'detail']).where('targetId', '=', id).orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['import.start', 'import.done']);
      expect(JSON.parse(audit[1].detail!)).toMatchObject({ read: 6, imported: 3, refused: 3 });
      expect(audit.map((a) => a.detail).join()).not.toContain(good[0][1]);
    });

    it('creates nothing when the same file is imported again: every row unchanged', async () => {
      const body = csv(goodRows(25, '19810101'));
      const first = await importFile(body, 'again.csv');
      expect(first).toMatchObject({ status: 'done', read: 25, imported: 25, unchanged: 0, personsCreated: 25 });
      const [entries, persons, refusals] = [await count('listEntries'), await count('persons'), await count('importRefusals')];
      // spelled differently (BOM, CRLF, lower-case check character): the same rows
      const respelled = Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(body.toString().replace(/\n/g, '\r\n').replace(/X,/g, 'x,'))]);
      for (const file of [body, respelled]) {
        const again = await importFile(file, 'again.csv');
        expect(again).toMatchObject({ status: 'done', read: 25, imported: 0, unchanged: 25, refused: 0, personsCreated: 0, candidates: 0 });
      }
      expect([await count('listEntries'), await count('persons'), await count('importRefusals')]).toEqual([entries, persons, refusals]);
      // the same people on another list: new entries, no new persons
      const other = await importFile(body, 'again.csv', '留观人员A');
      expect(other).toMatchObject({ imported: 25, personsCreated: 0 });
    });

    it('imports an XLSX file (dates as cells, numbers as text)', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('名单');
      ws.addRow(['姓名', '身份证号', '联系电话', '来自', '抵达时间']);
      const ids = [syntheticId('19820101'), syntheticId('19820101')];
      ws.addRow(['钱一', ids[0], 13900000011, '湖北省武汉市', new Date(Date.UTC(2026, 10, 20, 8, 30))]);
      ws.addRow(['孙二', ids[1], '13900000012', '420100', '2026/11/21']);
      ws.addRow(['李三', '', 'not a phone', '', '']);
      const done = await importFile(Buffer.from(await wb.xlsx.writeBuffer()), '名单.xlsx');
      expect(done).toMatchObject({ error: null, status: 'done', format: 'xlsx', read: 3, imported: 2, refused: 1 });
      const entries = await rt.database.db.selectFrom('listEntries').select(['listedAt', 'origin', 'rowNo']).where('importId', '=', done.id).orderBy('rowNo').execute();
      expect(entries.map((e) => [Number(e.listedAt), e.origin, Number(e.rowNo)])).toEqual([
        [Date.UTC(2026, 10, 20, 0, 30), '420100', 2],
        [Date.UTC(2026, 10, 20, 16, 0), '420100', 3],
      ]);
    });

    it('refuses files it cannot read and roles that do not import', async () => {
      const txt = await upload(analystA, Buffer.from('a,b\n'), 'list.txt');
      expect(txt.statusCode).toBe(400);
      expect(txt.json().error.code).toBe('import.format_unsupported');
      const notXlsx = await upload(analystA, Buffer.from('this is not a zip'), 'broken.xlsx');
      expect(notXlsx.statusCode).toBe(400);
      expect(notXlsx.json().error.code).toBe('import.file_unreadable');
      expect((await upload(officerA, csv(goodRows(1)), 'x.csv')).statusCode).toBe(403);
      expect((await as(app, officerA).get('/api/v1/imports')).statusCode).toBe(403);
    });

    it('links past check-ins of the people on the list', async () => {
      const site = await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '卡口' });
      const id = syntheticId('19830101');
      const person = { name: '周八', idType: 'resident_id', idNumber: id, phone: '13900000088' };
      const checkin = await app.inject({
        method: 'POST', url: '/api/v1/checkins',
        payload: { token: decodeURIComponent(site.url.split('/r/')[1]), key: idemKey(), direction: 'in', person, origin: '420100', destination: '150102' },
      });
      expect(checkin.statusCode, checkin.body).toBe(201);
      const done = await importFile(csv([['周八', id, '13900000088', '420100', '2026-11-20', '']]), 'linked.csv');
      expect(done).toMatchObject({ imported: 1, checkinsLinked: 1 });
      const hits = await rt.database.db.selectFrom('watchHits').selectAll().where('checkinId', '=', checkin.json().id).execute();
      expect(hits).toMatchObject([{ found: 'import' }]);
    });

    it("keeps an analyst of another county from seeing or starting the import", async () => {
      const up = await upload(analystA, csv(goodRows(2, '19850101')), 'scoped.csv');
      const id = up.json().id;
      const b = as(app, analystB);
      expect((await b.get(`/api/v1/imports/${id}`)).statusCode).toBe(404);
      expect((await b.post(`/api/v1/imports/${id}/preview`, { columns: up.json().suggested })).statusCode).toBe(404);
      expect((await b.post(`/api/v1/imports/${id}/start`, { list: '外来人员B', columns: up.json().suggested })).statusCode).toBe(404);
      // nor can A put rows into B's list
      expect((await as(app, analystA).post(`/api/v1/imports/${id}/start`, { list: '外来人员B', columns: up.json().suggested })).statusCode).toBe(404);
      const done = await importFile(csv(goodRows(2, '19850102')), 'scoped2.csv');
      expect((await b.get(`/api/v1/imports/${done.id}`)).statusCode).toBe(404);
      expect((await b.get(`/api/v1/imports/${done.id}/refusals.csv`)).statusCode).toBe(404);
      expect((await b.get('/api/v1/imports')).json().items).toEqual([]);
      expect((await as(app, analystA).get('/api/v1/imports')).json().items.map((i: { id: string }) => i.id)).toContain(done.id);
    });
  });

  // Without a server: its job runner would take the queued job itself.
  describe(`the import engine on ${dialect}`, () => {
    let rt: TestRuntime;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-engine-'));
    const count = async () => Number((await rt.database.db.selectFrom('listEntries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
      await seedOrgTree(rt.ctx);
      await createList(rt.ctx, operator, { name: '外来人员R', kind: 'incoming', orgCode: '150102' });
    });
    afterAll(async () => {
      await rt?.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('resumes after a crash at the last committed batch, with the right totals', async () => {
      const list = '外来人员R';
      const rows = goodRows(BATCH_ROWS * 2 + 500, '19840101');
      rows[10] = ['', '', '', '', '', '']; // blank line: skipped by the reader
      rows[BATCH_ROWS + 7][2] = '123'; // refused in the second batch
      const file = path.join(tmp, 'resume.csv');
      fs.writeFileSync(file, csv(rows));
      const entriesBefore = await count();
      const id = await createFileImport(rt.ctx, operator, { file, list, columns: { name: '姓名', idNumber: '身份证号码', phone: '手机号', origin: '来源地', listedAt: '到达时间' } });
      const controller = new AbortController();
      const stopped = await runImport(rt.ctx, id, { signal: controller.signal, onProgress: () => controller.abort() });
      expect(stopped).toMatchObject({ status: 'queued', read: BATCH_ROWS, imported: BATCH_ROWS - 1 });
      // as a killed process leaves it: running, heartbeat long past
      await rt.database.db.updateTable('imports').set({ status: 'running', heartbeatAt: 1 }).where('id', '=', id).execute();
      const done = await runImport(rt.ctx, id, {});
      expect(done).toMatchObject({ status: 'done', read: rows.length, imported: rows.length - 2, refused: 1, unchanged: 0 });
      expect(await count()).toBe(entriesBefore + rows.length - 2);
      expect(fs.existsSync(file)).toBe(true); // the operator's file stays
    });

  });
}
