// A small world for home observations: the test org tree, a grid worker holding the post of the community
// 阳光社区 (150102001001), a worker of another county, an analyst of the region, and residents of the community.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { Ctx } from '../../src/core/context.ts';
import { addMember, ensureAddress } from '../../src/modules/grid/addresses.ts';
import { observationRoutes, publicObservationRoutes } from '../../src/modules/grid/observation-routes.ts';
import { addPost } from '../../src/modules/grid/posts.ts';
import { keyRecord, resolvePersons } from '../../src/modules/people/service.ts';
import { operator, seedOrgTree, seedUser } from './factories.ts';
import { syntheticId, syntheticPhone } from './people.ts';
import type { TestRuntime } from './db.ts';

export const COMMUNITY = '150102001001';

export async function unitId(ctx: Ctx, code: string): Promise<{ id: string; path: string }> {
  return ctx.db.selectFrom('orgUnits').select(['id', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
}

/** Users: obs-analyst (region), obs-worker (grid worker of the community, with the post), obs-stranger (grid worker of 150202). */
export async function seedObservationWorld(ctx: Ctx, opts: { orgTree?: boolean } = {}): Promise<void> {
  if (opts.orgTree !== false) await seedOrgTree(ctx);
  await seedUser(ctx, 'obs-analyst', 'analyst', ['150000']);
  await seedUser(ctx, 'obs-worker', 'grid_worker', [COMMUNITY]);
  await seedUser(ctx, 'obs-stranger', 'grid_worker', ['150202']);
  await addPost(ctx, operator, { username: 'obs-worker', orgCode: COMMUNITY, post: 'grid_worker' });
}

/** A person living at an address of the community; returns the person id. */
export async function seedResident(ctx: Ctx, name: string, room: string): Promise<string> {
  const { personIds } = await resolvePersons(ctx, [keyRecord(ctx, { name, idType: 'resident_id', idNumber: syntheticId(), phone: syntheticPhone() })], 'import');
  const unit = await unitId(ctx, COMMUNITY);
  const address = await ensureAddress(ctx, { orgUnitId: unit.id, kind: 'residence', parts: { line: '阳光社区', building: '3', room }, source: 'manual' });
  await addMember(ctx, { addressId: address.id, personId: personIds[0], relation: 'resident', source: 'manual', sinceAt: ctx.clock.now() });
  return personIds[0];
}

/**
 * The app with the observation routes (registered by src/app.ts; given here too should they move), not ready yet.
 * Without the grid's minute schedule: the tests run the jobs themselves, at the times they set.
 */
export async function buildObservationApp(rt: TestRuntime): Promise<FastifyInstance> {
  const app = await buildApp(rt, { logger: false, gridSchedule: false });
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/grid/observations' })) await app.register(observationRoutes, { prefix: '/api/v1' });
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/public/observation' })) await app.register(publicObservationRoutes, { prefix: '/api/v1' });
  return app;
}

/** The token of a personal link `${publicUrl}/observe/#<token>`. */
export function tokenOf(link: string): string {
  return decodeURIComponent(new URL(link).hash.slice(1));
}
