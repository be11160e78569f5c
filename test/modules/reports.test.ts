// Building the analysis report and the weekly dispatch from real check-ins on both engines: the PDF read back
// (pages, title, org unit, figures, a generated sentence, nothing personal in clear), the XLSX's numbers equal to
// the data they came from, the build audited, and the reader's scope kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { newId } from '../../src/core/ids.ts';
import type { TaskTable } from '../../src/db/tables.ts';
import type { Actor } from '../../src/core/context.ts';
import { normalizeScope } from '../../src/core/scope.ts';
import { analysisReportData, weeklyDispatchData } from '../../src/modules/analytics/service.ts';
import { runImport } from '../../src/modules/imports/engine.ts';
import { createFileImport } from '../../src/modules/imports/service.ts';
import { createList } from '../../src/modules/lists/service.ts';
import { buildReport } from '../../src/modules/reports/build.ts';
import { analysisSentences, weeklySentences } from '../../src/modules/reports/narrative.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { idemKey, syntheticId, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const DAY = 86_400_000;
/** Whitespace and line breaks fall where the layout puts them; compare without. */
const flat = (s: string) => s.replace(/\s+/g, '');
/** exceljs reads a row without its empty cells at the end. */
const trimmed = (row: unknown[]) => {
  const out = [...row];
  while (out.length > 0 && out.at(-1) === undefined) out.pop();
  return out;
};

async function pdfText(buf: Buffer): Promise<{ pages: number; text: string }> {
  const { totalPages, text } = await extractText(await getDocumentProxy(new Uint8Array(buf)), { mergePages: true });
  return { pages: totalPages, text };
}

async function sheets(buf: Buffer): Promise<Map<string, unknown[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buf as never);
  const out = new Map<string, unknown[][]>();
  for (const ws of book.worksheets) {
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    out.set(ws.name, rows);
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`reports on ${dialect}`, () => {
    // Monday 2026-11-16, 10:00 China time: last week is the 16th to the 22nd, this week the 23rd to the 29th.
    const clock = new ManualClock(Date.UTC(2026, 10, 16, 2, 0, 0));
    let rt: TestRuntime;
    const tokens: Record<string, string> = {};
    const people: Array<{ idNumber: string; phone: string }> = [];
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-'));
    const q = { org: '150100', from: '2026-11-23', to: '2026-11-29' };

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      for (const [kind, org, name] of [['checkpoint', '150100', '市区卡口'], ['checkpoint', '150102', '新城区卡口'], ['community', '150102001001', '阳光社区东门'], ['floating', '150103', '回民区流动人口登记点'], ['checkpoint', '150202', '东河区卡口']] as const) {
        const site = await createSite(rt.ctx, operator, { orgCode: org, kind, name });
        tokens[kind + org] = decodeURIComponent(site.url.split('/r/')[1]);
      }
      const app = await buildTestApp(rt);
      const register = async (site: string, temperature = 36.5) => {
        const person = syntheticPerson('周测试');
        people.push(person);
        const body: Record<string, unknown> = { token: tokens[site], key: idemKey(), person, temperature };
        if (site.startsWith('checkpoint')) Object.assign(body, { direction: 'in', origin: '420106', destination: '150102' });
        if (site.startsWith('community')) Object.assign(body, { direction: 'in', community: { role: 'resident' }, address: { building: '1', room: '101' } });
        if (site.startsWith('floating')) Object.assign(body, { origin: '110101', address: { line: '新华大街1号' }, floating: { arrivalDate: '2026-11-28', stayDays: 2, hostKind: 'landlord' } });
        const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: body });
        expect(res.statusCode, res.body).toBe(201);
      };
      try {
        clock.advance(2 * DAY); // last week, the 18th
        await register('checkpoint150102');
        await register('checkpoint150102');
        await register('checkpoint150202');
        clock.advance(6 * DAY); // this week, the 24th
        for (let i = 0; i < 10; i++) await register('checkpoint150102', i < 2 ? 38.6 : 36.4);
        clock.advance(2 * DAY); // the 26th
        for (let i = 0; i < 8; i++) await register('community150102001001', i === 0 ? 38.9 : 36.6);
        clock.advance(2 * DAY); // the 28th
        for (let i = 0; i < 6; i++) await register('floating150103');
        await register('checkpoint150202', 39.2);
        await register('checkpoint150100'); // a site of the city itself: its own row
        await createList(rt.ctx, operator, { name: '呼和浩特确诊', kind: 'confirmed', orgCode: '150102' });
        const file = path.join(tmp, 'confirmed.csv');
        fs.writeFileSync(file, ['姓名,身份证号', ...[1, 2, 3].map((i) => `确诊${i},${syntheticId(`1980010${i}`)}`)].join('\n'));
        await runImport(rt.ctx, await createFileImport(rt.ctx, operator, { file, list: '呼和浩特确诊', columns: { name: '姓名', idNumber: '身份证号' } }));
      } finally {
        await app.close();
      }
      clock.advance(2 * DAY); // Monday the 30th, when the reports are made
    });
    afterAll(async () => {
      await rt?.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    /** Grid tasks around the week of the 23rd to the 29th, in 新城区 (its community) and 回民区. */
    const seedWeekTasks = async () => {
      const db = rt.database.db;
      const unit = (code: string) => db.selectFrom('orgUnits').select(['id', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
      const [community, county2] = [await unit('150102001001'), await unit('150103')];
      const at = (day: number, hour = 12) => Date.UTC(2026, 10, day, hour - 8);
      const task = (u: { id: string; path: string }, dueDay: number, status: string, doneDay: number | null = null): TaskTable => ({
        id: newId(clock.now()), kind: 'ad_hoc', status, orgUnitId: u.id, orgPath: u.path, personId: null, sourceType: null, sourceId: null, detail: null,
        dueAt: at(dueDay), assignedTo: null, result: null, createdBy: null, createdAt: at(20), updatedAt: at(20), doneAt: doneDay === null ? null : at(doneDay),
        title: '周调度测试任务', addressId: null, campaignId: null, escalatedTo: null, escalatedPath: null, escalatedAt: null, dedupeKey: null,
      });
      await db.insertInto('tasks').values([
        task(community, 24, 'done', 23), // done in time
        task(community, 25, 'done', 26), // done late: overdue
        task(community, 27, 'open'), // overdue
        task(community, 28, 'cancelled'),
        task(community, 20, 'open'), // last week's
        task(county2, 29, 'done', 28),
      ]).execute();
    };

    it('builds the analysis report: PDF pages, title, org unit, figures and sentences; XLSX equal to the data', async () => {
      const data = await analysisReportData(rt.ctx, operator, q);
      expect(data.change.checkins).toMatchObject({ value: 25, previous: 2 });
      const built = await buildReport(rt.ctx, operator, { kind: 'analysis', ...q, lang: 'zh' });
      expect(built.title).toBe('研判报告 呼和浩特市 2026-11-23 – 2026-11-29');
      expect(built.pdf.subarray(0, 5).toString()).toBe('%PDF-');

      const { pages, text } = await pdfText(built.pdf);
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(pages).toBeLessThanOrEqual(6);
      const t = flat(text);
      for (const s of ['研判报告', '呼和浩特市', '统计时段:2026-11-23–2026-11-29', '新城区', '回民区', '新城区卡口', '湖北省', `第1页/共${pages}页`]) expect(t).toContain(flat(s));
      expect(t).toContain('登记人次25+23'); // the key figure and its change
      const sentences = analysisSentences(data, 'zh');
      expect(sentences).toContain('呼和浩特市登记人次较上周上升1150%（2→25）。');
      expect(sentences).toContain('新增确诊病例3例。');
      for (const s of sentences) expect(t).toContain(flat(s));
      // flagged check-ins are listed masked: no ID number or phone number in clear anywhere
      for (const p of people) {
        expect(text).not.toContain(p.idNumber);
        expect(text).not.toContain(p.phone);
      }

      const book = await sheets(built.xlsx);
      expect([...book.keys()]).toEqual(expect.arrayContaining(['情况综述', '主要指标', '每日登记与标记', '下级单位', '登记点', '名单变动', '标记登记（已脱敏）']));
      expect(book.get('每日登记与标记')!.slice(1).map((r) => r.slice(0, 4))).toEqual(data.dashboard.daily.map((d) => [d.day, d.checkins, d.flagged, d.watchHits]));
      const units = book.get('下级单位')!;
      expect(units[0].slice(0, 3)).toEqual(['名称', '代码', '登记人次']);
      for (const u of data.subUnitChanges) {
        const row = units.find((r) => r[1] === u.code)!;
        expect(row.slice(2, 10)).toEqual([u.checkins.value, u.checkins.previous, u.checkins.change, u.checkins.ratio ?? undefined, u.flagged.value, u.flagged.previous, u.flagged.change, u.flagged.ratio ?? undefined]);
      }
      expect(units.at(-2)!.slice(0, 3)).toEqual(['呼和浩特市（本级）', '150100', 1]);
      expect(units.at(-1)!.slice(0, 4)).toEqual(['合计', '150100', 25, 2]);
      const flagged = book.get('标记登记（已脱敏）')!;
      expect(flagged).toHaveLength(1 + data.flagged.length);
      expect(data.flagged.length).toBe(3);
      for (const p of people) expect(JSON.stringify([...book.values()])).not.toContain(p.idNumber);
    });

    it('builds it in English too', async () => {
      const built = await buildReport(rt.ctx, operator, { kind: 'analysis', ...q, lang: 'en' });
      const t = flat((await pdfText(built.pdf)).text);
      expect(t).toContain(flat('Analysis report'));
      expect(t).toContain(flat('Check-ins at 呼和浩特市 rose 1150% over last week (2 to 25).'));
      expect(t).toContain(flat('呼和浩特市 (own)'));
      expect(t).toContain(flat('3 new confirmed cases.'));
      expect(built.title).toBe('Analysis report 呼和浩特市 2026-11-23 – 2026-11-29');
    });

    it('builds the weekly dispatch: a row per subordinate unit and a totals row, equal in both files', async () => {
      await seedWeekTasks();
      const data = await weeklyDispatchData(rt.ctx, operator, { org: '150100', to: '2026-11-29' });
      const built = await buildReport(rt.ctx, operator, { kind: 'weekly', org: '150100', to: '2026-11-29', lang: 'zh' });
      expect(built.title).toBe('周调度 呼和浩特市 2026-11-23 – 2026-11-29');
      const { pages, text } = await pdfText(built.pdf);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(2);
      const t = flat(text);
      for (const s of ['周调度', '呼和浩特市', '本周:2026-11-23–2026-11-29', '上周:2026-11-16–2026-11-22', '新城区', '回民区', '合计']) expect(t).toContain(flat(s));
      for (const s of weeklySentences(data, 'zh')) expect(t).toContain(flat(s));

      const rows = (await sheets(built.xlsx)).get('周调度')!;
      const numbers = (r: typeof data.total) =>
        [
          ...[r.checkins, r.flagged, r.watchHits, r.listArrivals, r.categories.confirmed, r.categories.suspected, r.categories.fever, r.categories.close_contact].flatMap((c) => [c.value, c.previous, c.change, c.ratio ?? undefined]),
          ...[r.tasks!.due, r.tasks!.done, r.tasks!.overdue, r.tasks!.percentDone ?? undefined],
        ];
      expect(rows).toHaveLength(1 + data.rows.length + 1);
      data.rows.forEach((r, i) => expect(rows[i + 1]).toEqual(trimmed([r.own ? `${r.name}（本级）` : r.name, r.code, ...numbers(r)])));
      expect(data.rows.filter((r) => r.own)).toHaveLength(1);
      expect(rows.at(-1)).toEqual(trimmed(['合计', '150100', ...numbers(data.total)]));
      expect(data.total.checkins).toMatchObject({ value: 25, previous: 2 });
      // Grid tasks due this week: done, overdue (open past due, or done late), share done; cancelled ones and last
      // week's do not count.
      const tasksOf = (code: string) => data.rows.find((r) => r.code === code && !r.own)?.tasks;
      expect(tasksOf('150102')).toEqual({ due: 3, done: 2, overdue: 2, percentDone: 2 / 3 });
      expect(tasksOf('150103')).toEqual({ due: 1, done: 1, overdue: 0, percentDone: 1 });
      expect(data.total.tasks).toEqual({ due: 4, done: 3, overdue: 2, percentDone: 0.75 });
      expect(rows[0].slice(-4)).toEqual(['应办任务', '已办', '逾期', '办结率']);
      for (const s of ['应办任务', '办结率', '75%']) expect(t).toContain(flat(s));
    });

    it('audits each build on the org unit with the period', async () => {
      const entries = await rt.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'report.generated').orderBy('seq').execute();
      expect(entries.length).toBeGreaterThanOrEqual(3);
      const unit = await rt.database.db.selectFrom('orgUnits').select(['id', 'path']).where('code', '=', '150100').executeTakeFirstOrThrow();
      for (const e of entries) expect(e).toMatchObject({ targetType: 'org_unit', targetId: unit.id, orgPath: unit.path, actorName: operator.username });
      expect(JSON.parse(entries[0].detail!)).toMatchObject({ kind: 'analysis', org: '150100', from: '2026-11-23', to: '2026-11-29', lang: 'zh' });
      expect(JSON.parse(entries.at(-1)!.detail!)).toMatchObject({ kind: 'weekly', from: '2026-11-23', to: '2026-11-29' });
    });

    it("keeps to the reader's scope and role", async () => {
      const cityB = await rt.database.db.selectFrom('orgUnits').select('path').where('code', '=', '150200').executeTakeFirstOrThrow();
      const analystB: Actor = { userId: null, username: 'analyst-b', role: 'analyst', scope: normalizeScope([cityB.path]), ip: null, homePath: null };
      await expect(buildReport(rt.ctx, analystB, { kind: 'analysis', ...q, lang: 'zh' })).rejects.toMatchObject({ code: 'org.not_found' });
      await expect(buildReport(rt.ctx, analystB, { kind: 'weekly', org: '150100', to: q.to, lang: 'zh' })).rejects.toMatchObject({ code: 'org.not_found' });
      await expect(buildReport(rt.ctx, { ...analystB, role: 'officer' }, { kind: 'weekly', org: '150200', to: q.to, lang: 'zh' })).rejects.toMatchObject({ code: 'analytics.forbidden' });
      // their own city: its one county, and none of city A's people
      const own = await buildReport(rt.ctx, analystB, { kind: 'analysis', org: '150200', from: q.from, to: q.to, lang: 'zh' });
      const t = flat((await pdfText(own.pdf)).text);
      expect(t).toContain('包头市');
      expect(t).not.toContain('呼和浩特市');
    });
  });
}
