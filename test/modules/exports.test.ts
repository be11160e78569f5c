// Exports through HTTP: CSV and XLSX files of check-ins and list entries, masked by default, in clear only for the
// data team with a purpose, always audited, limited to the caller's scope, and escaped against formula injection.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { newId } from '../../src/core/ids.ts';
import { createList } from '../../src/modules/lists/service.ts';
import { keyRecord, resolvePersons } from '../../src/modules/people/service.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const tokenOf = (url: string) => decodeURIComponent(url.split('/r/')[1]);
const EVIL = '=HYPERLINK("http://x","y")';

function csvRows(res: LightMyRequestResponse): string[][] {
  expect(res.body.startsWith('\ufeff'), 'UTF-8 byte order mark').toBe(true);
  return parse(res.body, { bom: true }) as string[][];
}

async function xlsxRows(res: LightMyRequestResponse): Promise<{ values: unknown[][]; types: number[][] }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as never);
  const values: unknown[][] = [];
  const types: number[][] = [];
  book.worksheets[0].eachRow((row) => {
    values.push((row.values as unknown[]).slice(1));
    const t: number[] = [];
    row.eachCell({ includeEmpty: true }, (c) => t.push(c.type));
    types.push(t);
  });
  return { values, types };
}

for (const dialect of DIALECTS) {
  describe(`exports on ${dialect}`, () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 0, 10, 0));
    let rt: TestRuntime;
    let app: FastifyInstance;
    let analyst: Session; // county A1
    let commander: Session; // county A1
    let officer: Session; // county A1
    let analystB: Session; // county B1
    let siteA: { code: string; token: string };
    let siteC: { code: string; token: string }; // a community in county A1
    let siteB: { code: string; token: string };
    const evil = syntheticPerson(EVIL);
    const plain = syntheticPerson('王小明');
    const inC = syntheticPerson('李四');
    const inB = syntheticPerson('钱七');
    let evilId: string;
    let listA: { id: string; name: string };
    let listB: { id: string; name: string };
    const listPeople = [
      { name: '＠SUM(1+1)', idNumber: syntheticPerson().idNumber, phone: syntheticPerson().phone },
      ...Array.from({ length: 1199 }, (_, i) => ({ name: `名单人员${i}`, idNumber: syntheticPerson().idNumber, phone: syntheticPerson().phone })),
    ];

    const exportAs = (s: Session, body: object, headers?: Record<string, string>) => as(app, s).post('/api/v1/exports', body, headers);
    const audits = () => rt.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'export').orderBy('seq').execute();
    const register = (token: string, person: object, extra: object = {}) =>
      app.inject({ method: 'POST', url: '/api/v1/checkins', payload: { token, key: idemKey(), direction: 'in', person, origin: '150102', destination: '150102', ...extra } });

    async function addEntries(list: { id: string }, orgPath: string, people: { name: string; idNumber: string; phone: string }[]): Promise<void> {
      const ctx = rt.ctx;
      const keyed = people.map((p) => keyRecord(ctx, { name: p.name, idType: 'resident_id', idNumber: p.idNumber, phone: p.phone }));
      await rt.database.db.transaction().execute(async (trx) => {
        const tx = { ...ctx, db: trx };
        const { personIds } = await resolvePersons(tx, keyed, 'import');
        const rows = people.map((p, i) => ({
          id: newId(clock.now()), listId: list.id, personId: personIds[i], orgPath, rowKey: `row-${list.id}-${i}`,
          piiEnc: ctx.cipher.encrypt('list_entry.pii', JSON.stringify(p)), idBidx: keyed[i].idBidx, phoneBidx: keyed[i].phoneBidx,
          origin: '420102', listedAt: Date.UTC(2026, 10, 20 + (i % 5)), note: null, source: 'import', importId: null, rowNo: i + 2,
          createdAt: clock.now(), endedAt: null,
        }));
        for (let i = 0; i < rows.length; i += 200) await trx.insertInto('listEntries').values(rows.slice(i, i + 200)).execute();
      });
    }

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      await seedUser(rt.ctx, 'commander-a', 'commander', ['150102']);
      await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      await seedUser(rt.ctx, 'analyst-b', 'analyst', ['150202']);
      const site = async (org: string, kind: string, name: string) => {
        const s = await createSite(rt.ctx, operator, { orgCode: org, kind, name });
        return { code: s.code, token: tokenOf(s.url) };
      };
      siteA = await site('150102', 'checkpoint', '新城区卡口');
      siteC = await site('150102001001', 'community', '阳光社区东门');
      siteB = await site('150202', 'checkpoint', '东河区卡口');
      app = await buildTestApp(rt);
      [analyst, commander, officer, analystB] = await Promise.all(['analyst-a', 'commander-a', 'officer-a', 'analyst-b'].map((u) => login(app, u)));

      const r1 = await register(siteA.token, evil, { temperature: 38.6, vehicle: { plate: '蒙A7K2Q9', role: 'driver' } });
      expect(r1.statusCode, r1.body).toBe(201);
      evilId = r1.json().id;
      clock.advance(60_000);
      expect((await register(siteA.token, plain, { temperature: 36.4 })).statusCode).toBe(201);
      clock.advance(60_000);
      expect((await register(siteC.token, inC, { community: { role: 'visitor', visiting: '3号楼' } })).statusCode).toBe(201);
      expect((await register(siteB.token, inB)).statusCode).toBe(201);
      clock.advance(60_000);
      expect((await as(app, officer).post(`/api/v1/checkins/${evilId}/decisions`, { decision: 'hold' })).statusCode).toBe(201);

      listA = await createList(rt.ctx, operator, { name: '外来人员-测试', kind: 'incoming', orgCode: '150102' });
      listB = await createList(rt.ctx, operator, { name: '东河区留观', kind: 'observation', orgCode: '150202' });
      const pathOf = async (code: string) => (await rt.database.db.selectFrom('orgUnits').select('path').where('code', '=', code).executeTakeFirstOrThrow()).path;
      await addEntries(listA, await pathOf('150102'), listPeople);
      await addEntries(listB, await pathOf('150202'), [{ name: '赵六', ...{ idNumber: syntheticPerson().idNumber, phone: syntheticPerson().phone } }]);
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    describe('check-ins', () => {
      it('exports CSV masked by default, escaped, in scope, with a header in the reader language', async () => {
        const res = await exportAs(analyst, { kind: 'checkins', format: 'csv' });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="checkins-\d{8}-\d{6}\.csv"; filename\*=UTF-8''/);
        expect(decodeURIComponent(String(res.headers['content-disposition']).split("''")[1])).toMatch(/^登记记录-\d{8}-\d{6}\.csv$/);
        const [head, ...rows] = csvRows(res);
        expect(head).toEqual(['时间（北京时间）', '登记点编号', '登记点', '类型', '进出', '姓名', '证件号码', '手机号码', '车牌号', '体温（°C）', '预警', '来源地', '目的地', '处置']);
        expect(rows).toHaveLength(3); // county A1 only: never 钱七 of county B1
        expect(res.body).not.toContain(siteB.code);
        const first = rows[0];
        expect(first.slice(0, 5)).toEqual(['2026-11-28 08:10:00', siteA.code, '新城区卡口', '卡口', '进']);
        expect(first[5].startsWith("'=")).toBe(true); // masked, and the mask still starts with = : escaped
        expect(first[6]).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
        expect(first[7]).toMatch(/^139\*{4}\d{4}$/);
        expect(first[8]).toBe('蒙A***Q9');
        expect(first[9]).toBe('38.6');
        expect(first[10]).toBe('发热');
        expect(first[11]).toContain('(150102)');
        expect(first[13]).toBe('留验 (officer-a)');
        expect(rows[1][5]).toBe('王**');
        for (const p of [evil, plain, inC, inB]) {
          expect(res.body).not.toContain(p.idNumber);
          expect(res.body).not.toContain(p.phone);
        }
        expect(res.body).not.toContain('HYPERLINK');
      });

      it('exports XLSX with strings as strings, numbers as numbers, and the formula text escaped', async () => {
        const res = await exportAs(analyst, { kind: 'checkins', format: 'xlsx', reveal: { purpose: '核查发热人员去向' } }, { 'accept-language': 'en' });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        const { values, types } = await xlsxRows(res);
        expect(values[0][0]).toBe('Time (China Standard Time)');
        expect(values).toHaveLength(4);
        const row = values[1];
        expect(row[5]).toBe(`'${EVIL}`);
        expect(row[6]).toBe(evil.idNumber);
        expect(row[7]).toBe(evil.phone);
        expect(row[9]).toBe(38.6);
        expect(row[13]).toBe('Hold for screening (officer-a)');
        expect(types[1][5]).toBe(ExcelJS.ValueType.String);
        expect(types[1][6]).toBe(ExcelJS.ValueType.String); // an 18-digit ID number stays text, every digit kept
        expect(types[1][9]).toBe(ExcelJS.ValueType.Number);
        expect(values.some((v) => v.includes(inB.idNumber))).toBe(false);
      });

      it('reveals to an analyst with a purpose, and audits every export without personal values', async () => {
        const before = (await audits()).length;
        const masked = await exportAs(analyst, { kind: 'checkins', format: 'csv', filter: { flagged: true } });
        const clear = await exportAs(analyst, { kind: 'checkins', format: 'csv', filter: { orgCode: '150102', flagged: true }, reveal: { purpose: '  核查发热人员去向 ' } });
        expect(clear.statusCode, clear.body).toBe(200);
        const rows = csvRows(clear).slice(1);
        expect(rows).toHaveLength(1);
        expect(rows[0].slice(5, 9)).toEqual([`'${EVIL}`, evil.idNumber, evil.phone, '蒙A7K2Q9']);
        expect(csvRows(masked).slice(1)[0][6]).not.toBe(evil.idNumber);
        const entries = (await audits()).slice(before);
        expect(entries).toHaveLength(2);
        expect(entries[0]).toMatchObject({ actorName: 'analyst-a', targetType: 'checkins', purpose: null });
        expect(JSON.parse(entries[0].detail!)).toEqual({ kind: 'checkins', format: 'csv', filter: { flagged: true }, rows: 1, revealed: false });
        expect(entries[1]).toMatchObject({ actorName: 'analyst-a', purpose: '核查发热人员去向' });
        expect(JSON.parse(entries[1].detail!)).toEqual({ kind: 'checkins', format: 'csv', filter: { orgCode: '150102', flagged: true }, rows: 1, revealed: true });
        expect(entries[1].orgPath).toMatch(/\/$/);
        const logged = JSON.stringify(entries);
        for (const secret of [evil.idNumber, evil.phone, EVIL, '蒙A7K2Q9']) expect(logged).not.toContain(secret);
      });

      it('lets a commander export masked only, and refuses officers and short purposes, auditing nothing', async () => {
        const before = (await audits()).length;
        const ok = await exportAs(commander, { kind: 'checkins', format: 'csv' });
        expect(ok.statusCode).toBe(200);
        expect(csvRows(ok)).toHaveLength(4);
        const reveal = await exportAs(commander, { kind: 'checkins', format: 'csv', reveal: { purpose: '指挥调度需要' } });
        expect(reveal.statusCode).toBe(403);
        expect(reveal.json().error).toMatchObject({ code: 'export.reveal_forbidden', message: expect.stringContaining('脱敏') });
        const byOfficer = await exportAs(officer, { kind: 'checkins', format: 'csv' });
        expect(byOfficer.statusCode).toBe(403);
        expect(byOfficer.json().error.code).toBe('export.forbidden');
        const short = await exportAs(analyst, { kind: 'checkins', format: 'xlsx', reveal: { purpose: 'ab' } });
        expect(short.statusCode).toBe(400);
        expect(short.json().error.code).toBe('reveal.purpose_required');
        expect((await audits()).length).toBe(before + 1); // the commander's masked export only
      });

      it('filters by org unit, site, kind and time, and keeps other counties out of reach', async () => {
        const names = async (filter: object) => {
          const res = await exportAs(analyst, { kind: 'checkins', format: 'csv', filter });
          expect(res.statusCode, res.body).toBe(200);
          return csvRows(res).slice(1).map((r) => r[5]);
        };
        expect(await names({ orgCode: '150102001001' })).toEqual(['李*']);
        expect(await names({ siteCode: siteA.code.toLowerCase() })).toHaveLength(2);
        expect(await names({ siteKind: 'community' })).toEqual(['李*']);
        expect(await names({ from: '2026-11-28T00:11:00Z', to: '2026-11-28T00:12:00Z' })).toEqual(['王**']);
        for (const filter of [{ orgCode: '150202' }, { siteCode: siteB.code }]) {
          const res = await exportAs(analyst, { kind: 'checkins', format: 'csv', filter });
          expect(res.statusCode, JSON.stringify(filter)).toBe(404);
          expect(res.body).not.toContain('东河区');
        }
        const own = await exportAs(analystB, { kind: 'checkins', format: 'csv', reveal: { purpose: '本区核查' } });
        expect(csvRows(own).slice(1).map((r) => r[5])).toEqual(['钱七']);
      });

      it('refuses a bad period and filters that belong to the other kind', async () => {
        const bad = await exportAs(analyst, { kind: 'checkins', format: 'csv', filter: { from: '2026-11-29T00:00:00Z', to: '2026-11-28T00:00:00Z' } });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().error.code).toBe('export.bad_range');
        const misplaced = await exportAs(analyst, { kind: 'checkins', format: 'csv', filter: { listId: listA.id } });
        expect(misplaced.statusCode).toBe(400);
        expect(misplaced.json().error).toMatchObject({ code: 'export.filter_field', field: 'filter.listId' });
        expect((await exportAs(analyst, { kind: 'checkins', format: 'pdf' })).statusCode).toBe(400);
        expect((await exportAs(analyst, { kind: 'checkins', format: 'csv', filter: { sql: '1=1' } })).statusCode).toBe(400);
      });
    });

    describe('list entries', () => {
      it('exports every entry of a list across pages, masked, with the full-width formula escaped', async () => {
        const res = await exportAs(analyst, { kind: 'list_entries', format: 'csv', filter: { listId: listA.id } });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['x-export-rows']).toBe('1200');
        const [head, ...rows] = csvRows(res);
        expect(head).toEqual(['名单', '姓名', '证件号码', '手机号码', '来源地', '列入时间（北京时间）', '来源', '录入时间（北京时间）', '移出时间（北京时间）']);
        expect(rows).toHaveLength(1200);
        expect(rows[0][0]).toBe('外来人员-测试');
        expect(rows[0][1]).toBe("'＠********"); // masked, still starting with the full-width @: escaped
        expect(rows[1][1]).toBe('名****');
        expect(rows[0][4]).toContain('(420102)');
        expect(rows[0][6]).toBe('导入');
        expect(res.body).not.toContain(listPeople[5].idNumber);
        // pages join up: in clear, every entry exactly once, in the order they were listed
        const clear = await exportAs(analyst, { kind: 'list_entries', format: 'csv', filter: { listId: listA.id }, reveal: { purpose: '核对名单完整性' } });
        expect(csvRows(clear).slice(1).map((r) => r[2])).toEqual(listPeople.map((p) => p.idNumber));
      });

      it('exports a list by name in clear as XLSX, and filters by the time listed', async () => {
        const res = await exportAs(analyst, { kind: 'list_entries', format: 'xlsx', filter: { list: '外来人员-测试', from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' }, reveal: { purpose: '通知社区随访' } });
        expect(res.statusCode, res.body).toBe(200);
        const { values } = await xlsxRows(res);
        expect(values).toHaveLength(1 + 240);
        expect(values[1].slice(1, 4)).toEqual(["'＠SUM(1+1)", listPeople[0].idNumber, listPeople[0].phone]);
        const entry = (await audits()).at(-1)!;
        expect(entry).toMatchObject({ targetType: 'list', targetId: listA.id, purpose: '通知社区随访' });
        expect(JSON.parse(entry.detail!)).toMatchObject({ kind: 'list_entries', format: 'xlsx', rows: 240, revealed: true });
      });

      it('keeps lists of other counties out of reach and needs a list', async () => {
        expect((await exportAs(analyst, { kind: 'list_entries', format: 'csv', filter: { listId: listB.id } })).statusCode).toBe(404);
        expect((await exportAs(analyst, { kind: 'list_entries', format: 'csv', filter: { list: listB.name } })).statusCode).toBe(404);
        const none = await exportAs(analyst, { kind: 'list_entries', format: 'csv' });
        expect(none.statusCode).toBe(400);
        expect(none.json().error.code).toBe('export.list_required');
        expect((await exportAs(officer, { kind: 'list_entries', format: 'csv', filter: { listId: listA.id } })).statusCode).toBe(403);
      });
    });
  });
}
