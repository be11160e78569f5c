// The grid's routes in the scope-isolation table: county A's administrator probing county B's household, task,
// campaign and observation (made on first use, in county B's own unit, without new org units).
import { expect } from 'vitest';
import { ensureAddress, addMember } from '../../src/modules/grid/addresses.ts';
import { createCampaign } from '../../src/modules/grid/campaigns.ts';
import { startObservation } from '../../src/modules/grid/observation-service.ts';
import { createTask } from '../../src/modules/grid/tasks.ts';
import { keyRecord, resolvePersons } from '../../src/modules/people/service.ts';
import { operator } from './factories.ts';
import { as } from './http.ts';
import { syntheticId } from './people.ts';
import { SELF_ONLY, type Probe, type World } from './scope-world.ts';

interface GridOfB {
  person: string;
  address: string;
  task: string;
  campaign: string;
  observation: string;
}

async function gridOfB(w: World): Promise<GridOfB> {
  const memo = w as World & { gridB?: GridOfB };
  if (memo.gridB) return memo.gridB;
  const ctx = w.rt.ctx;
  const { personIds } = await resolvePersons(ctx, [keyRecord(ctx, { name: '孙八', idType: 'resident_id', idNumber: syntheticId('19850101', '150202'), phone: null })], 'import');
  const { id: address } = await ensureAddress(ctx, { orgUnitId: w.unitB, kind: 'residence', parts: { line: '东河区巴彦塔拉大街9号', room: '101' }, source: 'manual' });
  await addMember(ctx, { addressId: address, personId: personIds[0], relation: 'resident', source: 'manual', sinceAt: ctx.clock.now() });
  const task = await createTask(ctx, operator, { kind: 'ad_hoc', title: '东河区入户', addressId: address, fallbackUnitId: w.unitB, dueAt: ctx.clock.now() + 3_600_000 });
  const campaign = await createCampaign(ctx, operator, { name: '东河区排查', orgCodes: ['150202'], dueAt: new Date(ctx.clock.now() + 86_400_000).toISOString() });
  const observation = await startObservation(ctx, operator, { personId: personIds[0] });
  memo.gridB = { person: personIds[0], address, task: task.id, campaign: campaign.id, observation: observation.observation.id };
  return memo.gridB;
}

const due = () => new Date(Date.now() + 3_600_000).toISOString();

export const GRID_PROBES: Record<string, Probe | string> = {
  'GET /api/v1/grid/me': SELF_ONLY,
  'GET /api/v1/grid/posts': async (w) => [await as(w.app, w.adminA).get(`/api/v1/grid/posts?orgId=${w.unitB}`), await as(w.app, w.adminA).get('/api/v1/grid/posts')],
  'POST /api/v1/grid/posts': async (w) => [await as(w.app, w.adminA).post('/api/v1/grid/posts', { username: 'officer-b', orgCode: '150202', post: 'grid_worker' })],
  'DELETE /api/v1/grid/posts': async (w) => [
    await w.app.inject({ method: 'DELETE', url: '/api/v1/grid/posts', payload: { username: 'officer-b', orgCode: '150202', post: 'grid_worker' }, headers: { cookie: w.adminA.cookie, 'x-csrf-token': w.adminA.csrf } }),
  ],
  'GET /api/v1/grid/households': async (w) => {
    const { person } = await gridOfB(w);
    const a = as(w.app, w.adminA);
    return [await a.get(`/api/v1/grid/households?orgId=${w.unitB}`), await a.get('/api/v1/grid/households'), await a.get(`/api/v1/grid/households?personId=${person}`)];
  },
  'POST /api/v1/grid/addresses': async (w) => [await as(w.app, w.adminA).post('/api/v1/grid/addresses', { orgCode: '150202', line: '东河区某路1号', kind: 'residence' })],
  'POST /api/v1/grid/addresses/{id}/members': async (w) => {
    const { address } = await gridOfB(w);
    const res = [await as(w.app, w.adminA).post(`/api/v1/grid/addresses/${address}/members`, { name: '外人', relation: 'resident' })];
    expect(await w.rt.database.db.selectFrom('householdMembers').select('personId').where('addressId', '=', address).execute()).toHaveLength(1);
    return res;
  },
  'POST /api/v1/grid/households/{id}/reveal': async (w) => [await as(w.app, w.adminA).post(`/api/v1/grid/households/${(await gridOfB(w)).address}/reveal`, { purpose: 'looking into B' })],
  'GET /api/v1/grid/tasks': async (w) => {
    const { person } = await gridOfB(w);
    const a = as(w.app, w.adminA);
    return [
      await a.get(`/api/v1/grid/tasks?orgId=${w.unitB}`), await a.get('/api/v1/grid/tasks'), await a.get('/api/v1/grid/tasks?view=mine'), await a.get('/api/v1/grid/tasks?view=escalated'),
      await a.get(`/api/v1/grid/tasks?personId=${person}&status=all`),
    ];
  },
  'POST /api/v1/grid/tasks': async (w) => {
    const { person, address } = await gridOfB(w);
    const a = as(w.app, w.adminA);
    return [
      await a.post('/api/v1/grid/tasks', { title: 'x', orgCode: '150202', dueAt: due() }),
      await a.post('/api/v1/grid/tasks', { title: 'x', personId: person, dueAt: due() }),
      await a.post('/api/v1/grid/tasks', { title: 'x', addressId: address, dueAt: due() }),
    ];
  },
  'GET /api/v1/grid/tasks/{id}': async (w) => [await as(w.app, w.adminA).get(`/api/v1/grid/tasks/${(await gridOfB(w)).task}`)],
  'PATCH /api/v1/grid/tasks/{id}': async (w) => [await as(w.app, w.adminA).patch(`/api/v1/grid/tasks/${(await gridOfB(w)).task}`, { status: 'cancelled' })],
  'POST /api/v1/grid/tasks/{id}/reveal': async (w) => [await as(w.app, w.adminA).post(`/api/v1/grid/tasks/${(await gridOfB(w)).task}/reveal`, { purpose: 'looking into B' })],
  'POST /api/v1/grid/sync': async (w) => {
    const { task } = await gridOfB(w);
    const res = await as(w.app, w.adminA).post('/api/v1/grid/sync', { events: [{ clientId: 'scope-probe-0001', taskId: task, kind: 'done', at: new Date().toISOString(), result: 'reached' }] });
    expect(res.json().results[0].status).toBe('refused');
    expect(await w.rt.database.db.selectFrom('tasks').select('status').where('id', '=', task).executeTakeFirstOrThrow()).toEqual({ status: 'open' });
    return [res];
  },
  'GET /api/v1/grid/campaigns': async (w) => {
    await gridOfB(w);
    return [await as(w.app, w.adminA).get('/api/v1/grid/campaigns')];
  },
  'POST /api/v1/grid/campaigns': async (w) => [await as(w.app, w.adminA).post('/api/v1/grid/campaigns', { name: 'x', orgCodes: ['150202'], dueAt: due() })],
  'GET /api/v1/grid/campaigns/{id}': async (w) => [await as(w.app, w.adminA).get(`/api/v1/grid/campaigns/${(await gridOfB(w)).campaign}`)],
  'GET /api/v1/grid/progress': async (w) => {
    await gridOfB(w);
    const a = as(w.app, w.adminA);
    return [await a.get(`/api/v1/grid/progress?orgId=${w.unitB}`), await a.get('/api/v1/grid/progress'), await a.get('/api/v1/grid/progress?orgCode=150202')];
  },
  'POST /api/v1/grid/observations': async (w) => [await as(w.app, w.adminA).post('/api/v1/grid/observations', { personId: (await gridOfB(w)).person })],
  'GET /api/v1/grid/observations': async (w) => {
    const { person } = await gridOfB(w);
    const res = await as(w.app, w.adminA).get(`/api/v1/grid/observations?personId=${person}`);
    if (res.statusCode === 200) expect(res.json().items).toEqual([]);
    return [res];
  },
  'GET /api/v1/grid/observations/{id}': async (w) => [await as(w.app, w.adminA).get(`/api/v1/grid/observations/${(await gridOfB(w)).observation}`)],
  'POST /api/v1/grid/observations/{id}/link': async (w) => [await as(w.app, w.adminA).post(`/api/v1/grid/observations/${(await gridOfB(w)).observation}/link`)],
  'GET /api/v1/public/observation': 'public self-report: reads only the observation its signed personal token names, masked',
  'POST /api/v1/public/observation': 'public self-report: writes only to the observation its signed personal token names',
};
