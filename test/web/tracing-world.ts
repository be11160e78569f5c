// The world of the console's tracing browser test (also used to look at the pages by hand): a case on a confirmed
// list who registered at a checkpoint with a companion and a car, passed by others within minutes (one of them lives
// in another county: routed for an analyst of the case's county), and lives in a compound with a household member
// and a neighbour; the companion later passes a screening station with someone else (a second-degree contact).
// Everything through the public check-in route and a list import, as in the field. Synthetic people only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningServer } from '../helpers/server.ts';
import { operator, seedUser } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { runImport } from '../../src/modules/imports/engine.ts';
import { createFileImport } from '../../src/modules/imports/service.ts';
import { createList } from '../../src/modules/lists/service.ts';
import { indexCheckins } from '../../src/modules/people/checkin-indexer.ts';
import { createSite } from '../../src/modules/sites/service.ts';

const LIST = '确诊病例（流调浏览器测试）';
const PLATE = '蒙A52017';

// Three-character names mask to "X**": each surname once, so a masked name says who it is.
export const PEOPLE = {
  CASE: syntheticPerson('冯十二'),
  COMPANION: syntheticPerson('陈小明'),
  PASSENGER: syntheticPerson('周大力'),
  PASSER: syntheticPerson('吴一凡'),
  ROUTED: syntheticPerson('郑远方'),
  NEIGHBOUR: syntheticPerson('王建国'),
  HOUSEHOLD: syntheticPerson('孙丽华'),
  SECOND: syntheticPerson('钱多多'),
};
export type Who = keyof typeof PEOPLE;

/** Users: an analyst and a commander of 新城区 (150102), the case's county; password PASSWORD of the factories. */
export const USERS = { analyst: 'tracer', commander: 'commander-a' } as const;

/** Seeds the world; answers the person id of everyone (the root of their merged group). */
export async function seedTracingWorld(server: RunningServer): Promise<Record<Who, string>> {
  const { ctx, database } = server.runtime;
  const tokens: Record<string, string> = {};
  for (const [key, orgCode, kind, name] of [
    ['jinqiao', '150102', 'checkpoint', '金桥卡口'],
    ['station', '150102', 'station', '火车站检测站'],
    ['sunshine', '150102001001', 'community', '阳光小区东门'],
    ['huimin', '150103', 'community', '回民区小区'],
  ] as const) {
    const site = await createSite(ctx, operator, { orgCode, kind, name });
    tokens[key] = decodeURIComponent(site.url.split('/r/')[1]);
  }
  await seedUser(ctx, USERS.analyst, 'analyst', ['150102']);
  await seedUser(ctx, USERS.commander, 'commander', ['150102']);

  const checkin = async (site: string, body: Record<string, unknown>) => {
    const res = await fetch(`${server.url}/api/v1/checkins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: tokens[site], key: idemKey(), direction: 'in', ...body }),
    });
    if (res.status !== 201) throw new Error(`check-in at ${site}: ${res.status} ${await res.text()}`);
  };
  const pass = (site: string, person: object, extra: Record<string, unknown> = {}) => checkin(site, { person, origin: '150102', destination: '150102', ...extra });
  const reside = (site: string, person: object, room: string) => checkin(site, { person, community: { role: 'resident' }, address: { building: '3', unit: '1', room } });
  const P = PEOPLE;

  // The checkpoint: the case drives with a companion; a passenger of the same car registers on their own; two
  // others pass seconds later, one of whom lives in 回民区 (outside the analyst's county).
  await pass('jinqiao', P.CASE, { companions: [{ ...P.COMPANION, relation: 'spouse' }], vehicle: { plate: PLATE, role: 'driver' } });
  await pass('jinqiao', P.PASSENGER, { vehicle: { plate: PLATE, role: 'passenger' } });
  await pass('jinqiao', P.PASSER);
  await pass('jinqiao', P.ROUTED);
  await reside('huimin', P.ROUTED, '101');
  // The compound: the case's room, a household member in it, a neighbour in the same building.
  await reside('sunshine', P.CASE, '501');
  await reside('sunshine', P.HOUSEHOLD, '501');
  await reside('sunshine', P.NEIGHBOUR, '502');
  // The companion, later, at a screening station with someone else.
  await checkin('station', { person: P.COMPANION, temperature: 36.6 });
  await checkin('station', { person: P.SECOND, temperature: 36.4 });

  // The case goes on the confirmed list today: the default window ends now, after all of the above.
  await createList(ctx, operator, { name: LIST, kind: 'confirmed', orgCode: '150102', watch: false });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracing-world-'));
  try {
    const file = path.join(dir, 'confirmed.csv');
    const today = new Date(ctx.clock.now() + 8 * 3_600_000).toISOString().slice(0, 10); // China time
    fs.writeFileSync(file, `姓名,身份证号,手机号,日期\n${P.CASE.name},${P.CASE.idNumber},${P.CASE.phone},${today}\n`);
    const done = await runImport(ctx, await createFileImport(ctx, operator, { file, list: LIST, columns: { name: '姓名', idNumber: '身份证号', phone: '手机号', listedAt: '日期' } }));
    if (done.status !== 'done' || done.refused) throw new Error(`import: ${JSON.stringify(done)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await indexCheckins(ctx);

  const ids = {} as Record<Who, string>;
  for (const [who, p] of Object.entries(PEOPLE) as [Who, { idNumber: string }][]) {
    const row = await database.db.selectFrom('persons').select(['id', 'mergedInto']).where('idBidx', '=', ctx.blindIndex.of('id_number', p.idNumber)).executeTakeFirstOrThrow();
    ids[who] = row.mergedInto ?? row.id;
  }
  return ids;
}
