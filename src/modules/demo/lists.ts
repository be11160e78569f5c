// The demo's lists: a high-risk list holding the demo's watched people (the demo traffic sends them now and then,
// so watch-list hits appear live), a list of arrivals with a few refused rows and a few records without an ID
// number that repeat someone listed (merge candidates), and the four categories of two districts, listed over the
// last two weeks (the dashboard's category curves). Imported through the real import engine. All synthetic.
import fs from 'node:fs';
import path from 'node:path';
import type { Actor, Ctx } from '../../core/context.ts';
import { runImport } from '../imports/engine.ts';
import { recognizeHeaders } from '../imports/fields.ts';
import { createFileImport } from '../imports/service.ts';
import { createList } from '../lists/service.ts';
import { demoPeople, demoWatchedPeople, type DemoPerson } from './watched.ts';

const HEADERS = ['姓名', '身份证号', '手机号', '来源地', '到达时间', '备注'];
const ORIGINS = ['420100', '110101', '310101', '440300', '610113', '130102'];

function csv(rows: string[][]): string {
  return [HEADERS, ...rows].map((r) => r.join(',')).join('\n') + '\n';
}

function arrival(i: number, now: number): string {
  const d = new Date(now - (i % 14) * 86_400_000 - (i % 600) * 60_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

const row = (p: DemoPerson, i: number, now: number, note = ''): string[] => [p.name, p.idNumber, p.phone, ORIGINS[i % ORIGINS.length], arrival(i, now), note];

async function importDemoList(ctx: Ctx, actor: Actor, list: { name: string; kind: string; orgCode?: string }, content: string): Promise<void> {
  await createList(ctx, actor, { name: list.name, kind: list.kind, orgCode: list.orgCode ?? '150100', watch: true });
  const dir = path.join(ctx.config.dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `demo-${list.kind}-${list.orgCode ?? '150100'}.csv`);
  fs.writeFileSync(file, content);
  const id = await createFileImport(ctx, actor, { file, list: list.name, columns: recognizeHeaders(HEADERS) });
  await runImport(ctx, id, { actor });
}

export async function loadDemoLists(ctx: Ctx, actor: Actor): Promise<void> {
  const now = ctx.clock.now();
  await importDemoList(ctx, actor, { name: '高危重点人员（演示）', kind: 'high_risk' }, csv(demoWatchedPeople().map((p, i) => row(p, i, now, '演示'))));
  const arrivals = demoPeople(300, 7);
  const rows = arrivals.map((p, i) => row(p, i, now));
  // A typo in an ID number (refused, in the refused-row report) and records without one (merge candidates).
  rows.push([arrivals[0].name, arrivals[0].idNumber.slice(0, 17) + (arrivals[0].idNumber.endsWith('1') ? '2' : '1'), arrivals[0].phone, '420100', arrival(1, now), '']);
  for (const p of arrivals.slice(10, 16)) rows.push([p.name, '', p.phone, '420100', arrival(3, now), '无证件']);
  await importDemoList(ctx, actor, { name: '外来人员 呼和浩特（演示）', kind: 'incoming' }, csv(rows));
  await loadDemoCategories(ctx, actor);
}

const CATEGORY_LISTS = [
  { kind: 'confirmed', word: '确诊病例', count: 12 },
  { kind: 'suspected', word: '疑似病例', count: 20 },
  { kind: 'fever', word: '发热人员', count: 45 },
  { kind: 'close_contact', word: '密切接触者', count: 80 },
] as const;
const CATEGORY_DISTRICTS = [
  ['150102', '新城区'],
  ['150103', '回民区'],
] as const;

/** Each category of two districts, growing over the last 14 days: each row is listed for its own day. */
export async function loadDemoCategories(ctx: Ctx, actor: Actor): Promise<void> {
  const now = ctx.clock.now();
  let seed = 101;
  for (const [orgCode, district] of CATEGORY_DISTRICTS) {
    for (const c of CATEGORY_LISTS) {
      const people = demoPeople(c.count, seed++);
      // More of them lately: the i-th of n is listed (n - i)^2 / n^2 of 14 days ago.
      const rows = people.map((p, i) => [p.name, p.idNumber, p.phone, ORIGINS[i % ORIGINS.length], listedDaysAgo(now, Math.floor(((c.count - i) / c.count) ** 2 * 14)), '演示']);
      await importDemoList(ctx, actor, { name: `${district}${c.word}（演示）`, kind: c.kind, orgCode }, csv(rows));
    }
  }
}

function listedDaysAgo(now: number, days: number): string {
  return new Date(now - days * 86_400_000).toISOString().slice(0, 16).replace('T', ' ');
}
