// Where a task goes: the grid of the household's address, else of the person's home, else the unit that asked; and
// to whom: the holder of a post on that grid or the nearest grid above it (a door without a door leader falls to its
// building, then to the community's grid worker), the one with the fewest open tasks first.
import type { Ctx } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';
import { ASSIGN_ORDER, GRID_LEVELS, type GridPost } from './posts.ts';

export interface RoutedUnit {
  orgUnitId: string;
  orgPath: string;
  addressId: string | null;
}

async function unitOf(ctx: Ctx, id: string): Promise<{ id: string; path: string } | undefined> {
  return ctx.db.selectFrom('orgUnits').select(['id', 'path']).where('id', '=', id).executeTakeFirst();
}

/** The person and the records merged into them: a household list may name a record that was merged later. */
async function recordsOf(ctx: Ctx, personId: string): Promise<string[]> {
  const rows = await ctx.db.selectFrom('persons').select('id').where((eb) => eb.or([eb('id', '=', personId), eb('mergedInto', '=', personId)])).execute();
  return rows.length ? rows.map((r) => r.id) : [personId];
}

export async function routeTask(ctx: Ctx, input: { personId?: string | null; addressId?: string | null; fallbackUnitId: string }): Promise<RoutedUnit> {
  if (input.addressId) {
    const a = await ctx.db.selectFrom('addresses').select(['id', 'orgUnitId', 'orgPath']).where('id', '=', input.addressId).executeTakeFirst();
    if (!a) throw notFound('grid.address_not_found');
    return { orgUnitId: a.orgUnitId, orgPath: a.orgPath, addressId: a.id };
  }
  if (input.personId) {
    const ids = await recordsOf(ctx, input.personId);
    // where they live now: the newest residence they were registered at (a workplace only when there is no home)
    const home = await ctx.db
      .selectFrom('householdMembers')
      .innerJoin('addresses', 'addresses.id', 'householdMembers.addressId')
      .select(['addresses.id', 'addresses.orgUnitId', 'addresses.orgPath', 'addresses.kind'])
      .where('householdMembers.personId', 'in', ids)
      .orderBy((eb) => eb.case().when('addresses.kind', '=', 'residence').then(0).else(1).end())
      .orderBy('householdMembers.sinceAt', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (home) return { orgUnitId: home.orgUnitId, orgPath: home.orgPath, addressId: home.id };
    const keys = await ctx.db.selectFrom('persons').select('addressBidx').where('id', 'in', ids).where('addressBidx', 'is not', null).execute();
    if (keys.length) {
      const a = await ctx.db.selectFrom('addresses').select(['id', 'orgUnitId', 'orgPath']).where('addressBidx', 'in', keys.map((k) => k.addressBidx!)).limit(1).executeTakeFirst();
      if (a) return { orgUnitId: a.orgUnitId, orgPath: a.orgPath, addressId: a.id };
    }
  }
  const unit = await unitOf(ctx, input.fallbackUnitId);
  if (!unit) throw notFound('org.not_found', { code: input.fallbackUnitId });
  return { orgUnitId: unit.id, orgPath: unit.path, addressId: null };
}

/** The post holder a new task in this unit goes to, or null when no grid above it has one. */
export async function assigneeFor(ctx: Ctx, orgPath: string): Promise<string | null> {
  const ids = orgPath.split('/').filter(Boolean).reverse();
  const units = new Map((await ctx.db.selectFrom('orgUnits').select(['id', 'level']).where('id', 'in', ids).execute()).map((u) => [u.id, u.level]));
  for (const id of ids) {
    if (!GRID_LEVELS.has(units.get(id) ?? '')) break;
    const posts = (
      await ctx.db
        .selectFrom('gridPosts')
        .innerJoin('users', 'users.id', 'gridPosts.userId')
        .select(['gridPosts.userId', 'gridPosts.post', 'users.username', 'users.disabled'])
        .where('gridPosts.orgUnitId', '=', id)
        .execute()
    ).filter((p) => !p.disabled);
    if (!posts.length) continue;
    const open = await ctx.db
      .selectFrom('tasks')
      .select(['assignedTo', (eb) => eb.fn.countAll<number>().as('n')])
      .where('assignedTo', 'in', posts.map((p) => p.userId))
      .where('status', '=', 'open')
      .groupBy('assignedTo')
      .execute();
    const load = new Map(open.map((o) => [o.assignedTo, Number(o.n)]));
    const rank = (p: (typeof posts)[number]) => ASSIGN_ORDER.indexOf(p.post as GridPost);
    posts.sort((a, b) => rank(a) - rank(b) || (load.get(a.userId) ?? 0) - (load.get(b.userId) ?? 0) || (a.username < b.username ? -1 : 1));
    return posts[0].userId;
  }
  return null;
}
