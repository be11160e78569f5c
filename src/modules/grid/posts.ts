// Grid posts: who answers for which grid. A user holds any number of posts (a grid worker of a community who is
// also the leader of one of its buildings); posts decide whose tasks are "mine" and to whom new tasks go.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import { inScope, pathInScope } from '../../core/scope.ts';
import { resolveOrgCodes } from '../org/service.ts';
import { GRID_POSTS, type GridPost, type UnitRef } from './types.ts';

export { GRID_POSTS, type GridPost } from './types.ts';

/** Who is given a new task first, among the holders of posts on one unit. */
export const ASSIGN_ORDER: readonly GridPost[] = ['grid_worker', 'door_leader', 'building_leader', 'community_staff', 'community_police'];

/** Grid levels: posts and households live at community level and below. */
export const GRID_LEVELS = new Set(['community', 'building', 'door']);

export const LEADER_ROLES = new Set(['admin', 'commander', 'analyst']);

export interface PostView {
  user: { id: string; username: string; displayName: string };
  orgUnit: UnitRef;
  post: GridPost;
}

export interface MyPost {
  orgUnit: UnitRef & { path: string };
  post: GridPost;
}

export async function postsOf(ctx: Ctx, userId: string | null): Promise<MyPost[]> {
  if (!userId) return [];
  const rows = await ctx.db
    .selectFrom('gridPosts')
    .innerJoin('orgUnits', 'orgUnits.id', 'gridPosts.orgUnitId')
    .select(['gridPosts.post', 'orgUnits.id', 'orgUnits.code', 'orgUnits.name', 'orgUnits.level', 'orgUnits.path'])
    .where('gridPosts.userId', '=', userId)
    .orderBy('orgUnits.path')
    .execute();
  return rows.map((r) => ({ post: r.post as GridPost, orgUnit: { id: r.id, code: r.code, name: r.name, level: r.level, path: r.path } }));
}

export async function listPosts(ctx: Ctx, actor: Actor, orgId?: string): Promise<PostView[]> {
  if (!LEADER_ROLES.has(actor.role)) throw forbidden('auth.forbidden');
  let q = ctx.db
    .selectFrom('gridPosts')
    .innerJoin('orgUnits', 'orgUnits.id', 'gridPosts.orgUnitId')
    .innerJoin('users', 'users.id', 'gridPosts.userId')
    .select(['gridPosts.post', 'orgUnits.id as unitId', 'orgUnits.code', 'orgUnits.name', 'orgUnits.level', 'users.id as userId', 'users.username', 'users.displayName'])
    .where((eb) => inScope(eb, 'orgUnits.path', actor.scope));
  if (orgId) {
    const unit = await ctx.db.selectFrom('orgUnits').select('path').where('id', '=', orgId).executeTakeFirst();
    if (!unit || !pathInScope(actor.scope, unit.path)) throw notFound('org.not_found', { code: orgId });
    q = q.where('orgUnits.path', 'like', `${unit.path}%`);
  }
  const rows = await q.orderBy('orgUnits.path').orderBy('users.username').limit(1000).execute();
  return rows.map((r) => ({
    user: { id: r.userId, username: r.username, displayName: r.displayName },
    orgUnit: { id: r.unitId, code: r.code, name: r.name, level: r.level },
    post: r.post as GridPost,
  }));
}

function checkPost(post: string): asserts post is GridPost {
  if (!(GRID_POSTS as readonly string[]).includes(post)) throw invalid('validation.enum', { field: 'post', allowed: GRID_POSTS.join(', ') }, 'post');
}

async function postTarget(ctx: Ctx, actor: Actor, input: { username: string; orgCode: string; post: string }) {
  if (actor.role !== 'admin') throw forbidden('auth.forbidden');
  checkPost(input.post);
  const [unit] = await resolveOrgCodes(ctx, actor, [input.orgCode]);
  if (!GRID_LEVELS.has(unit.level)) throw invalid('grid.post_level', { code: unit.code });
  const user = await ctx.db.selectFrom('users').select(['id', 'username', 'displayName']).where('username', '=', input.username).executeTakeFirst();
  if (!user) throw notFound('user.not_found', { name: input.username }, 'username');
  return { unit, user, post: input.post };
}

export async function addPost(ctx: Ctx, actor: Actor, input: { username: string; orgCode: string; post: string }): Promise<PostView> {
  return inTransaction(ctx, async (tx) => {
    const { unit, user, post } = await postTarget(tx, actor, input);
    await tx.db.insertInto('gridPosts').values({ userId: user.id, orgUnitId: unit.id, post, createdAt: tx.clock.now() }).onConflict((oc) => oc.columns(['userId', 'orgUnitId', 'post']).doNothing()).execute();
    await recordAudit(tx, actor, { action: 'grid.post.add', targetType: 'user', targetId: user.id, orgPath: unit.path, detail: { username: user.username, unit: unit.code, post } });
    return { user, orgUnit: { id: unit.id, code: unit.code, name: unit.name, level: unit.level }, post };
  });
}

export async function removePost(ctx: Ctx, actor: Actor, input: { username: string; orgCode: string; post: string }): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { unit, user, post } = await postTarget(tx, actor, input);
    const r = await tx.db.deleteFrom('gridPosts').where('userId', '=', user.id).where('orgUnitId', '=', unit.id).where('post', '=', post).executeTakeFirst();
    if (!Number(r.numDeletedRows)) throw notFound('grid.post_not_found');
    await recordAudit(tx, actor, { action: 'grid.post.remove', targetType: 'user', targetId: user.id, orgPath: unit.path, detail: { username: user.username, unit: unit.code, post } });
  });
}
