// Household lists imported into the grids through the import machinery, on both engines: upload with target
// households, recognised headers, masked preview, the job runner, refusals with reasons (unknown grid, a grid out of
// scope or not a grid, no address, a bad ID number), addresses in their building unit, members with their
// relation, persons created or found by ID number, re-import creating nothing, and an XLSX file through the engine.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOrgUnits } from '../../src/modules/org/import.ts';
import { openAddress } from '../../src/modules/grid/addresses.ts';
import { runImport } from '../../src/modules/imports/engine.ts';
import { createFileImport } from '../../src/modules/imports/service.ts';
import { keyRecord, resolvePersons } from '../../src/modules/people/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { syntheticId } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const HEADERS = ['网格编码', '标准地址', '楼栋', '单元', '室', '类型', '姓名', '身份证号', '手机号', '与户主关系'];
const LINE = '新华大街1号阳光小区';

function csv(rows: string[][]): Buffer {
  return Buffer.from([HEADERS, ...rows].map((r) => r.join(',')).join('\n') + '\n');
}

for (const dialect of DIALECTS) {
  describe(`household import on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let analyst: Session;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-households-'));
    const db = () => rt.database.db;
    const count = async (table: 'addresses' | 'householdMembers' | 'persons') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    async function waitDone(id: string) {
      for (let i = 0; i < 600; i++) {
        const v = (await as(app, analyst).get(`/api/v1/imports/${id}`)).json();
        if (v.status === 'done' || v.status === 'failed') return v;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`import ${id} did not finish`);
    }

    async function importHouseholds(body: Buffer, fileName: string) {
      const up = await as(app, analyst).post(`/api/v1/imports/uploads?fileName=${encodeURIComponent(fileName)}&target=households`, body, { 'content-type': 'application/octet-stream' });
      expect(up.statusCode, up.body).toBe(201);
      const start = await as(app, analyst).post(`/api/v1/imports/${up.json().id}/start`, { target: 'households', columns: up.json().suggested });
      expect(start.statusCode, start.body).toBe(202);
      expect(start.json()).toMatchObject({ status: 'queued', target: 'households', listId: null });
      return { up: up.json(), done: await waitDone(up.json().id) };
    }

    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
      await seedOrgTree(rt.ctx);
      const extra = [
        ['150102001001-1', '1号楼', 'building', '150102001001'],
        ['150202001', '东河街道', 'township', '150202'],
        ['150202001001', '东河社区', 'community', '150202001'],
      ];
      await importOrgUnits(rt.ctx, operator, extra.map(([code, name, level, parent], i) => ({ row: i + 2, code, name, level, parent })), 'test grids');
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      app = await buildTestApp(rt);
      analyst = await login(app, 'analyst-a');
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    const ids = { owner: syntheticId('19700101'), spouse: syntheticId('19720101'), worker: syntheticId('19900101') };
    const bad = syntheticId();
    const rows = [
      ['150102001001', LINE, '1号楼', '2单元', '501室', '住宅', '张三', ids.owner, '13900000001', '户主'], // 2
      ['150102001001', LINE, '1号楼', '2单元', '501室', '住宅', '李四', ids.spouse, '', '配偶'], // 3
      ['999999999999', LINE, '1号楼', '2单元', '502室', '住宅', '王一', syntheticId(), '', '常住'], // 4: unknown grid
      ['150202001001', '东河路8号', '', '', '', '住宅', '王二', syntheticId(), '', '常住'], // 5: out of scope
      ['150102001001', '', '1号楼', '', '', '住宅', '王三', syntheticId(), '', '常住'], // 6: no address
      ['150102001001', LINE, '1号楼', '2单元', '502室', '住宅', '王五', bad.slice(0, 17) + (bad.endsWith('1') ? '2' : '1'), '', '常住'], // 7: bad ID
      ['150102001001', '新华大街2号', '', '', '', '单位', '赵六', ids.worker, '13900000003', '从业'], // 8
      ['150102001001', LINE, '1号楼', '2单元', '502室', '住宅', '钱七', '', '13900000004', '租户'], // 9: phone only
      ['150102', '新华大街9号', '', '', '', '住宅', '孙八', syntheticId(), '', '常住'], // 10: a county is no grid
      ['150102001001', '新华大街3号', '', '', '', '', '', '', '', ''], // 11: the address alone
    ];

    it('imports a household CSV into the grids, with refusals and their reasons', async () => {
      const { up, done } = await importHouseholds(csv(rows), '住户.csv');
      expect(up.suggested).toEqual({
        gridCode: '网格编码', address: '标准地址', building: '楼栋', unit: '单元', room: '室', kind: '类型', name: '姓名', idNumber: '身份证号', phone: '手机号', relation: '与户主关系',
      });
      expect(done).toMatchObject({ status: 'done', error: null, target: 'households', listName: null, read: 10, imported: 5, unchanged: 0, refused: 5, personsCreated: 4, addressesCreated: 4 });

      const report = await as(app, analyst).get(`/api/v1/imports/${done.id}/refusals.csv`, { 'accept-language': 'en' });
      const lines = report.body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
      expect(lines.map((l: string) => l.split(',').slice(0, 2).join(','))).toEqual(['4,网格编码', '5,网格编码', '6,标准地址', '7,身份证号', '10,网格编码']);
      expect(lines[0]).toMatch(/No such grid/);
      expect(lines[1]).toMatch(/outside your scope/);
      expect(lines[2]).toMatch(/address is empty/);
      expect(lines[3]).toMatch(/check/i);
      expect(lines[4]).toMatch(/not a grid/);

      // The address with a building lands in the building unit; members carry their relation.
      const addresses = await db().selectFrom('addresses').innerJoin('orgUnits', 'orgUnits.id', 'addresses.orgUnitId').select(['addresses.id', 'lineEnc', 'kind', 'source', 'orgUnits.code']).execute();
      const byRoom = new Map(addresses.map((a) => [openAddress(rt.ctx, a).room ?? openAddress(rt.ctx, a).line, a]));
      expect(byRoom.get('501室')).toMatchObject({ code: '150102001001-1', kind: 'residence', source: 'import' });
      expect(byRoom.get('新华大街2号')).toMatchObject({ code: '150102001001', kind: 'workplace' });
      expect(byRoom.get('新华大街3号')).toMatchObject({ code: '150102001001' });
      const members = await db().selectFrom('householdMembers').select(['addressId', 'relation', 'source']).orderBy('relation').execute();
      expect(members.map((m) => m.relation)).toEqual(['owner', 'resident', 'tenant', 'worker']);
      expect(members.filter((m) => m.addressId === byRoom.get('501室')!.id)).toHaveLength(2);

      const audit = await db().selectFrom('auditLog').select(['action', 'detail', 'orgPath']).where('targetId', '=', done.id).orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['import.start', 'import.done']);
      expect(JSON.parse(audit[1].detail!)).toMatchObject({ target: 'households', imported: 5, refused: 5, addressesCreated: 4 });
    });

    it('creates nothing when the same file is imported again (a phone-only member is found again)', async () => {
      const before = { addresses: await count('addresses'), members: await count('householdMembers'), persons: await count('persons') };
      const { done } = await importHouseholds(csv(rows), '住户-再次.csv');
      expect(done).toMatchObject({ status: 'done', read: 10, imported: 0, unchanged: 5, refused: 5, personsCreated: 0, addressesCreated: 0 });
      expect({ addresses: await count('addresses'), members: await count('householdMembers'), persons: await count('persons') }).toEqual(before);
    });

    it('previews household rows masked, with their refusals', async () => {
      const up = await as(app, analyst).post('/api/v1/imports/uploads?fileName=p.csv&target=households', csv(rows.slice(0, 3)), { 'content-type': 'application/octet-stream' });
      const preview = await as(app, analyst).post(`/api/v1/imports/${up.json().id}/preview`, { columns: up.json().suggested }, { 'accept-language': 'en' });
      expect(preview.statusCode, preview.body).toBe(200);
      const p = preview.json().rows;
      expect(p[0].values).toMatchObject({ gridCode: '150102001001', name: '张*', room: '***' });
      expect(JSON.stringify(p)).not.toContain(ids.owner);
      // the grid is checked when the job runs; the preview checks what the row says
      expect(p[2].refusals).toEqual([]);
      // a household start needs the grid and the address columns; a list start needs a list
      const noGrid = await as(app, analyst).post(`/api/v1/imports/${up.json().id}/start`, { target: 'households', columns: { address: '标准地址' } });
      expect(noGrid.json().error.code).toBe('import.households.missing_columns');
      const noList = await as(app, analyst).post(`/api/v1/imports/${up.json().id}/start`, { target: 'list', columns: { name: '姓名', idNumber: '身份证号' } });
      expect(noList.json().error.code).toBe('import.list_required');
    });

    it('imports an XLSX file through the engine: persons found by ID number, whatever the name, and made once', async () => {
      const known = syntheticId('19600101');
      const [existing] = (await resolvePersons(rt.ctx, [keyRecord(rt.ctx, { name: '周九', idType: 'resident_id', idNumber: known, phone: null })], 'import')).personIds;
      const fresh = syntheticId('19650101');
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('住户');
      ws.addRow(['社区编码', '地址', '楼号', '单元号', '门牌号', '房屋类型', '姓名', '公民身份号码', '联系电话', '人员类型']);
      ws.addRow([150102001001, '幸福路5号', 1, 1, 101, '住宅', '周玖', known, 13900000021, '常住']);
      ws.addRow([150102001001, '幸福路5号', 1, 1, 102, '住宅', '吴十', fresh, '', '户主']);
      ws.addRow([150102001001, '幸福路6号', '', '', '', '单位', '吴十', fresh, '', '从业']);
      ws.addRow([150102001001, '幸福路7号', '', '', '', '别墅', '郑一', syntheticId(), '', '']); // unknown kind
      const file = path.join(tmp, '住户.xlsx');
      fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
      const { recognizeHouseholdHeaders } = await import('../../src/modules/imports/household-row.ts');
      const columns = recognizeHouseholdHeaders(['社区编码', '地址', '楼号', '单元号', '门牌号', '房屋类型', '姓名', '公民身份号码', '联系电话', '人员类型']);
      const personsBefore = await count('persons');
      const id = await createFileImport(rt.ctx, operator, { file, target: 'households', columns });
      const v = await runImport(rt.ctx, id, { actor: operator });
      expect(v).toMatchObject({ status: 'done', format: 'xlsx', read: 4, imported: 3, refused: 1, addressesCreated: 3, personsCreated: 1 });
      expect(await count('persons')).toBe(personsBefore + 1);
      const mine = await db().selectFrom('householdMembers').select(['personId', 'relation']).where('personId', '=', existing).execute();
      expect(mine).toEqual([{ personId: existing, relation: 'resident' }]);
      const refusals = await db().selectFrom('importRefusals').select(['rowNo', 'columnName', 'reason']).where('importId', '=', id).execute();
      expect(refusals).toEqual([{ rowNo: 5, columnName: '房屋类型', reason: 'import.address_kind.unknown' }]);
      expect(fs.existsSync(file)).toBe(true); // a file named at the CLI is the operator's

      const again = await runImport(rt.ctx, await createFileImport(rt.ctx, operator, { file, target: 'households', columns }), { actor: operator });
      expect(again).toMatchObject({ status: 'done', imported: 0, unchanged: 3, refused: 1, addressesCreated: 0, personsCreated: 0 });
    });
  });
}
