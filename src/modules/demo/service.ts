// `tracegrid demo`: a synthetic region to look at and to measure with. Org tree (real codes at the top,
// synthetic below county level) and users for every role. Loaded once; later issues extend it.
import { randomBytes } from 'node:crypto';
import type { Actor, Ctx, Role } from '../../core/context.ts';
import { SYSTEM_SCOPE } from '../../core/scope.ts';
import { importOrgUnits, type OrgImportRow } from '../org/import.ts';
import { createSite, listSites } from '../sites/service.ts';
import { createUser } from '../users/service.ts';
import { loadDemoGrid, type DemoGridResult } from './grid.ts';
import { loadDemoLists } from './lists.ts';
import { BUILDINGS_PER_COMMUNITY, CITIES, COMMUNITY_NAMES, COUNTIES, REGION, TOWNSHIP_NAMES } from './region.ts';

const DEMO_MARK = 'demo_loaded';

export function demoOrgRows(): OrgImportRow[] {
  const rows: Omit<OrgImportRow, 'row'>[] = [{ code: REGION.code, name: REGION.name, level: 'region', parent: '' }];
  for (const [code, name] of CITIES) rows.push({ code, name, level: 'city', parent: REGION.code });
  for (const [city, counties] of Object.entries(COUNTIES)) {
    for (const [county, countyName] of counties) {
      rows.push({ code: county, name: countyName, level: 'county', parent: city });
      TOWNSHIP_NAMES.forEach((t, i) => {
        const township = `${county}${String(i + 1).padStart(3, '0')}`;
        rows.push({ code: township, name: `${countyName}${t}`, level: 'township', parent: county });
        COMMUNITY_NAMES.forEach((c, j) => {
          const community = `${township}${String(j + 1).padStart(3, '0')}`;
          rows.push({ code: community, name: c, level: 'community', parent: township });
          for (let b = 1; b <= BUILDINGS_PER_COMMUNITY; b++) {
            rows.push({ code: `${community}-${b}`, name: `${b}号楼`, level: 'building', parent: community });
          }
        });
      });
    }
  }
  return rows.map((r, i) => ({ ...r, row: i + 2 }));
}

export function demoUsers(): { username: string; displayName: string; role: Role; org: string }[] {
  const users: { username: string; displayName: string; role: Role; org: string }[] = [
    { username: 'commander', displayName: '区指挥员', role: 'commander', org: REGION.code },
    { username: 'analyst', displayName: '区分析员', role: 'analyst', org: REGION.code },
  ];
  for (const [city] of Object.entries(COUNTIES)) {
    users.push({ username: `admin-${city}`, displayName: `市管理员 ${city}`, role: 'admin', org: city });
    users.push({ username: `analyst-${city}`, displayName: `市分析员 ${city}`, role: 'analyst', org: city });
    for (const [county] of COUNTIES[city]) {
      users.push({ username: `officer-${county}`, displayName: `民警 ${county}`, role: 'officer', org: county });
      users.push({ username: `grid-${county}001001`, displayName: `网格员 ${county}001001`, role: 'grid_worker', org: `${county}001001` });
    }
  }
  return users;
}

/** Registration sites of the demo: a checkpoint and a floating-population desk per Hohhot county, a gate per community there. */
export function demoSites(): { org: string; kind: 'checkpoint' | 'community' | 'floating'; name: string }[] {
  const sites: { org: string; kind: 'checkpoint' | 'community' | 'floating'; name: string }[] = [];
  for (const [county, name] of COUNTIES['150100']) {
    sites.push({ org: county, kind: 'checkpoint', name: `${name}出入口卡口` });
    sites.push({ org: county, kind: 'floating', name: `${name}流动人口登记点` });
    TOWNSHIP_NAMES.forEach((_, i) =>
      COMMUNITY_NAMES.forEach((community, j) => {
        const code = `${county}${String(i + 1).padStart(3, '0')}${String(j + 1).padStart(3, '0')}`;
        sites.push({ org: code, kind: 'community', name: `${name}${community}大门` });
      }),
    );
  }
  return sites;
}

export interface DemoResult {
  created: boolean;
  units: number;
  users: number;
  sites: number;
  /** the living grid: posts, imported households, tasks (grid.ts) */
  grid?: DemoGridResult;
  password?: string;
}

export async function loadDemoRegion(
  ctx: Ctx,
  opts: { password?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<DemoResult> {
  const mark = await ctx.db.selectFrom('meta').select('value').where('key', '=', DEMO_MARK).executeTakeFirst();
  if (mark) return { created: false, units: 0, users: 0, sites: 0 };
  const operator: Actor = { userId: null, username: 'demo', role: 'admin', scope: SYSTEM_SCOPE, ip: null, homePath: null };
  const password = opts.password ?? `Demo-${randomBytes(6).toString('base64url')}9`;
  const rows = demoOrgRows();
  const people = demoUsers();
  const sites = demoSites();
  const total = rows.length + people.length + sites.length;
  const org = await importOrgUnits(ctx, operator, rows, 'demo region');
  opts.onProgress?.(rows.length, total);
  let done = rows.length;
  for (const u of people) {
    const exists = await ctx.db.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
    if (!exists) await createUser(ctx, operator, { username: u.username, displayName: u.displayName, role: u.role, orgCodes: [u.org], password });
    opts.onProgress?.(++done, total);
  }
  for (const s of sites) {
    await createSite(ctx, operator, { orgCode: s.org, kind: s.kind, name: s.name });
    opts.onProgress?.(++done, total);
  }
  await loadDemoLists(ctx, operator);
  const grid = await loadDemoGrid(ctx, operator, password);
  await ctx.db.insertInto('meta').values({ key: DEMO_MARK, value: new Date(ctx.clock.now()).toISOString() }).execute();
  return { created: true, units: org.created + org.updated + org.unchanged, users: people.length + grid.users, sites: sites.length, grid, password };
}

/** The demo region's sites in Hohhot's urban districts with their QR tokens, for the demo traffic. */
export async function demoTrafficSites(ctx: Ctx): Promise<Array<{ kind: string; token: string }>> {
  const operator: Actor = { userId: null, username: 'demo', role: 'admin', scope: SYSTEM_SCOPE, ip: null, homePath: null };
  const { items } = await listSites(ctx, operator, { limit: 200, offset: 0 });
  return items.filter((s) => !s.disabled && s.orgUnit.code.startsWith('1501')).map((s) => ({ kind: s.kind, token: decodeURIComponent(s.url.split('/r/')[1]) }));
}
