// The demo's lists: a high-risk list holding the demo's watched people (the demo traffic sends them now and then,
// so watch-list hits appear live) and a list of arrivals with a few refused rows and a few records without an ID
// number that repeat someone listed (merge candidates). Imported through the real import engine. All synthetic.
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

async function importDemoList(ctx: Ctx, actor: Actor, list: { name: string; kind: string }, content: string): Promise<void> {
  await createList(ctx, actor, { ...list, orgCode: '150100', watch: true });
  const dir = path.join(ctx.config.dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `demo-${list.kind}.csv`);
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
}
