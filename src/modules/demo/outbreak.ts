// The demo's traced case: someone of the generated history who comes and goes a lot (a compound resident who also
// passes checkpoints) is confirmed two days ago in 新城区, and their contacts are traced, so the console's tracing
// pages and the transmission-chain graph have something to show from the first start. Synthetic people only.
import { SYSTEM_SCOPE } from '../../core/scope.ts';
import type { Actor, Ctx } from '../../core/context.ts';
import { openPii } from '../checkins/pii.ts';
import { runImport } from '../imports/engine.ts';
import { recognizeHeaders } from '../imports/fields.ts';
import { createFileImport } from '../imports/service.ts';
import { runTrace } from '../tracing/service.ts';
import fs from 'node:fs';
import path from 'node:path';

const LIST = '新城区确诊病例（演示）';

export async function plantDemoCase(ctx: Ctx): Promise<{ contacts: number } | null> {
  const operator: Actor = { userId: null, username: 'demo', role: 'admin', scope: SYSTEM_SCOPE, ip: null, homePath: null };
  const since = ctx.clock.now() - 12 * 86_400_000;
  // Residents who registered recently, the busiest first (a few thousand rows in the demo: read once at start-up).
  const busiest = await ctx.db
    .selectFrom('checkins')
    .select((eb) => ['idBidx', eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('last')])
    .where('at', '>=', since)
    .where('idBidx', 'is not', null)
    .where('kind', '=', 'community')
    .groupBy('idBidx')
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!busiest) return null;
  const row = await ctx.db.selectFrom('checkins').select(['piiEnc']).where('id', '=', busiest.last as string).executeTakeFirstOrThrow();
  const pii = openPii(ctx, row);
  if (!pii.idNumber) return null;
  const listed = new Date(ctx.clock.now() - 2 * 86_400_000).toISOString().slice(0, 16).replace('T', ' ');
  const headers = ['姓名', '身份证号', '手机号', '确诊时间', '备注'];
  const dir = path.join(ctx.config.dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'demo-traced-case.csv');
  fs.writeFileSync(file, `${headers.join(',')}\n${[pii.name, pii.idNumber, pii.phone ?? '', listed, '演示：已流调'].join(',')}\n`);
  const id = await createFileImport(ctx, operator, { file, list: LIST, columns: { ...recognizeHeaders(headers), listedAt: '确诊时间' } });
  await runImport(ctx, id, { actor: operator });
  const trace = await runTrace(ctx, operator, { idNumber: pii.idNumber, category: 'confirmed', depth: 2, purpose: '演示：确诊病例密接追踪' });
  return { contacts: trace.contacts.length };
}
