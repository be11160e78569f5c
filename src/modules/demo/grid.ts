// The demo's living grid (issue 8): the first community of each county is a grid, held by the county's demo grid
// worker (and its police officer), each building unit by a building leader; the Hohhot grids' households come from a
// household list imported as an office would (grid-households.ts); every kind of task is routed there through the
// grid services — contact follow-ups and ad-hoc tasks (some overdue, so escalation has something to show), home
// observations started a day ago (their missed reports follow), and a door-to-door screening campaign the workers
// are part way through. Only synthetic people; loaded once, with the demo region.
import { randomUUID } from 'node:crypto';
import type { Actor, Ctx } from '../../core/context.ts';
import { DomainError } from '../../core/errors.ts';
import { scopesOf } from '../users/store.ts';
import { createUser } from '../users/service.ts';
import { createCampaign } from '../grid/campaigns.ts';
import { checkMissedReports } from '../grid/observation-missed.ts';
import { startObservation } from '../grid/observation-service.ts';
import { addPost } from '../grid/posts.ts';
import { syncTaskEvents, type TaskEventInput } from '../grid/sync.ts';
import { createTask } from '../grid/tasks.ts';
import { importDemoHouseholds, type DemoGrid } from './grid-households.ts';
import { COMMUNITY_NAMES, COUNTIES, TOWNSHIP_NAMES } from './region.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AD_HOC = ['核查出租屋登记信息', '张贴防疫告知书', '统计独居老人用药需求', '核实返乡人员健康码'];
const SCREENING_RESULTS = ['normal', 'normal', 'normal', 'normal', 'not_home', 'normal', 'fever', 'normal', 'refused'];

export interface DemoGridResult {
  /** users made for posts (building leaders) */
  users: number;
  posts: number;
  addresses: number;
  members: number;
  tasks: number;
}

/** The demo's grids: the first community of every county, as codes. */
export function demoGridCodes(): string[] {
  return Object.values(COUNTIES).flatMap((counties) => counties.map(([county]) => `${county}001001`));
}

/** The grids of the org tree among the demo's (a test tree holds some), with their building units. */
async function gridsOf(ctx: Ctx, codes: string[]): Promise<DemoGrid[]> {
  const units = await ctx.db.selectFrom('orgUnits').select(['id', 'code', 'name', 'path']).where('code', 'in', codes).where('level', '=', 'community').orderBy('code').execute();
  if (!units.length) return [];
  const buildings = await ctx.db.selectFrom('orgUnits').select(['parentId', 'code']).where('parentId', 'in', units.map((u) => u.id)).where('level', '=', 'building').execute();
  const countyName = new Map(Object.values(COUNTIES).flat());
  return units.map((u) => ({
    ...u,
    line: `${countyName.get(u.code.slice(0, 6)) ?? ''}${TOWNSHIP_NAMES[0]}${u.name || COMMUNITY_NAMES[0]}`,
    buildings: buildings.filter((b) => b.parentId === u.id).map((b) => Number(b.code.split('-').pop())).filter(Number.isFinite).sort((a, b) => a - b),
  }));
}

async function userExists(ctx: Ctx, username: string): Promise<boolean> {
  return !!(await ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

/** Grid workers and officers at their county's grid; a building leader (a new user) per building unit of Hohhot's. */
async function demoPosts(ctx: Ctx, operator: Actor, grids: DemoGrid[], password: string): Promise<{ posts: number; users: number }> {
  let posts = 0;
  let users = 0;
  const post = async (username: string, orgCode: string, p: string) => {
    if (!(await userExists(ctx, username))) return;
    await addPost(ctx, operator, { username, orgCode, post: p });
    posts++;
  };
  for (const g of grids) {
    await post(`grid-${g.code}`, g.code, 'grid_worker');
    if (!g.code.startsWith('1501')) continue;
    await post(`officer-${g.code.slice(0, 6)}`, g.code, 'community_police');
    for (const b of g.buildings) {
      const username = `bl-${g.code}-${b}`;
      if (!(await userExists(ctx, username))) {
        await createUser(ctx, operator, { username, displayName: `楼栋长 ${g.name}${b}号楼`, role: 'grid_worker', orgCodes: [`${g.code}-${b}`], password });
        users++;
      }
      await post(username, `${g.code}-${b}`, 'building_leader');
    }
  }
  return { posts, users };
}

/** A grid worker as the sync service sees them: their own scope. */
async function workerActor(ctx: Ctx, username: string): Promise<Actor | null> {
  const u = await ctx.db.selectFrom('users').select(['id', 'username']).where('username', '=', username).executeTakeFirst();
  if (!u) return null;
  const units = (await scopesOf(ctx.db, [u.id])).get(u.id) ?? [];
  return { userId: u.id, username: u.username, role: 'grid_worker', scope: { paths: units.map((s) => s.path) }, ip: null, homePath: units[0]?.path ?? null };
}

interface Member {
  personId: string;
  addressId: string;
  orgPath: string;
}

export async function loadDemoGrid(ctx: Ctx, operator: Actor, password: string): Promise<DemoGridResult> {
  const grids = await gridsOf(ctx, demoGridCodes());
  if (!grids.length) return { users: 0, posts: 0, addresses: 0, members: 0, tasks: 0 };
  const { posts, users } = await demoPosts(ctx, operator, grids, password);
  const hohhot = grids.filter((g) => g.code.startsWith('1501'));
  const imported = hohhot.length ? await importDemoHouseholds(ctx, operator, hohhot) : null;

  const now = ctx.clock.now();
  const members: Member[] = await ctx.db
    .selectFrom('householdMembers as m')
    .innerJoin('addresses as a', 'a.id', 'm.addressId')
    .select(['m.personId', 'm.addressId', 'a.orgPath'])
    .where('m.relation', 'in', ['owner', 'resident', 'tenant'])
    .where('a.source', '=', 'import')
    .orderBy('a.orgPath')
    .orderBy('m.addressId')
    .orderBy('m.personId')
    .execute();
  const done: { worker: string; event: Omit<TaskEventInput, 'clientId'> }[] = [];
  let observations = 0;
  for (const [i, g] of hohhot.entries()) {
    const here = members.filter((m) => m.orgPath.startsWith(g.path));
    if (here.length < 3) continue;
    const worker = `grid-${g.code}`;
    // A contact of a traced case to reach; every third one is late already.
    const follow = await createTask(ctx, null, {
      kind: 'contact_follow_up', personId: here[0].personId, fallbackUnitId: g.id, dueAt: i % 3 === 0 ? now - 5 * HOUR : now + 20 * HOUR,
      sourceType: 'demo', detail: { note: '演示：密接人员，请电话或上门联系' }, dedupeKey: `demo|follow|${g.code}`,
    });
    if (i % 3 === 2) done.push({ worker, event: { taskId: follow.id, kind: 'done', at: new Date(now - 2 * HOUR).toISOString(), result: 'reached' } });
    // A household errand a leader gave the grid; every fourth one is a day late.
    await createTask(ctx, null, {
      kind: 'ad_hoc', addressId: here[here.length - 1].addressId, fallbackUnitId: g.id, title: AD_HOC[i % AD_HOC.length],
      dueAt: i % 4 === 1 ? now - 26 * HOUR : now + 2 * DAY, dedupeKey: `demo|adhoc|${g.code}`,
    });
    // Home observations of the first grids, started yesterday: the slots nobody reported in become missed reports.
    if (i < 3) {
      const person = here[Math.min(2, here.length - 1)].personId;
      const startAt = now - 30 * HOUR;
      // A load interrupted after this step and run again finds the observation running: it is kept.
      const started = await startObservation(ctx, operator, { personId: person, days: 14, startAt: new Date(startAt).toISOString() }).catch((e: unknown) => {
        if (e instanceof DomainError && e.code === 'observation.already_active') return null;
        throw e;
      });
      if (!started) continue;
      // As if written down when it started: the slots of the past day are owed, and those not reported are missed.
      await ctx.db.updateTable('observations').set({ createdAt: startAt }).where('id', '=', started.observation.id).execute();
      observations++;
    }
  }
  if (observations) await checkMissedReports(ctx);

  // A screening campaign over the first three Hohhot grids, a good part of it done by their workers.
  const campaignGrids = hohhot.slice(0, 3);
  if (campaignGrids.length) {
    const campaign = await createCampaign(ctx, operator, { name: '冬季入户排查（演示）', orgCodes: campaignGrids.map((g) => g.code), dueAt: new Date(now + 3 * DAY).toISOString() });
    const screening = await ctx.db.selectFrom('tasks').select(['id', 'orgPath']).where('campaignId', '=', campaign.id).orderBy('orgPath').orderBy('id').execute();
    screening.forEach((t, k) => {
      const g = campaignGrids.find((x) => t.orgPath.startsWith(x.path));
      if (!g || k % 5 >= 3) return; // three in five visited
      done.push({ worker: `grid-${g.code}`, event: { taskId: t.id, kind: 'done', at: new Date(now - (1 + (k % 20)) * HOUR).toISOString(), result: SCREENING_RESULTS[k % SCREENING_RESULTS.length] } });
    });
  }
  // Recorded as the workers' phones send them.
  for (const worker of new Set(done.map((d) => d.worker))) {
    const actor = await workerActor(ctx, worker);
    if (actor) await syncTaskEvents(ctx, actor, done.filter((d) => d.worker === worker).map((d) => ({ clientId: randomUUID(), ...d.event })), 'zh');
  }
  const tasks = Number((await ctx.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { users, posts, addresses: imported?.addressesCreated ?? 0, members: imported?.imported ?? 0, tasks };
}
