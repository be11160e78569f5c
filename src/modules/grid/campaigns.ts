// Door-to-door screening campaigns: every residence of the chosen grids gets a screening task, routed to its grid
// and assigned there; completeness is read per grid from those tasks. Tasks are written in batches with one
// assignee look-up per grid, so a campaign over a township's thousands of households starts in seconds.
import { sql } from 'kysely';
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { commonPath, inScope, pathInScope } from '../../core/scope.ts';
import { resolveOrgCodes } from '../org/service.ts';
import { LEADER_ROLES } from './posts.ts';
import { assigneeFor } from './routing.ts';
import { unitsByIds } from './task-view.ts';
import type { CampaignView, GridCompleteness, UnitRef } from './types.ts';

export type { CampaignView, GridCompleteness } from './types.ts';

const INSERT_BATCH = 500;
const MAX_DUE_MS = 90 * 86_400_000;

const percent = (done: number, total: number) => (total ? Math.round((done / total) * 1000) / 10 : 0);

export async function createCampaign(ctx: Ctx, actor: Actor, input: { name: string; orgCodes: string[]; dueAt: string }): Promise<CampaignView> {
  if (!LEADER_ROLES.has(actor.role)) throw forbidden('auth.forbidden');
  const name = input.name.trim();
  if (!name) throw invalid('validation.required', { field: 'name' }, 'name');
  const now = ctx.clock.now();
  const dueAt = Date.parse(input.dueAt);
  if (!Number.isFinite(dueAt) || dueAt <= now || dueAt > now + MAX_DUE_MS) throw invalid('grid.due', {}, 'dueAt');
  const id = await inTransaction(ctx, async (tx) => {
    const units = await resolveOrgCodes(tx, actor, input.orgCodes);
    const id = newId(now);
    await tx.db.insertInto('campaigns').values({ id, name, orgUnitIds: JSON.stringify(units.map((u) => u.id)), orgPath: commonPath(units.map((u) => u.path)) ?? '/', status: 'active', dueAt, createdBy: actor.userId, createdAt: now }).execute();
    const addresses = await tx.db
      .selectFrom('addresses')
      .select(['id', 'orgUnitId', 'orgPath'])
      .where('kind', '=', 'residence')
      .where((eb) => eb.or(units.map((u) => eb('orgPath', 'like', `${u.path}%`))))
      .orderBy('orgPath')
      .orderBy('id')
      .execute();
    const assignees = new Map<string, string | null>();
    for (let i = 0; i < addresses.length; i += INSERT_BATCH) {
      const rows = [];
      for (const a of addresses.slice(i, i + INSERT_BATCH)) {
        if (!assignees.has(a.orgPath)) assignees.set(a.orgPath, await assigneeFor(tx, a.orgPath));
        rows.push({
          id: newId(now), kind: 'screening', status: 'open', orgUnitId: a.orgUnitId, orgPath: a.orgPath, personId: null, addressId: a.id, sourceType: 'campaign', sourceId: id,
          campaignId: id, title: name, detail: null, dueAt, assignedTo: assignees.get(a.orgPath)!, result: null, createdBy: actor.userId, createdAt: now, updatedAt: now, doneAt: null,
          dedupeKey: `campaign|${id}|${a.id}`,
        });
      }
      await tx.db.insertInto('tasks').values(rows).execute();
    }
    await recordAudit(tx, actor, { action: 'campaign.create', targetType: 'campaign', targetId: id, orgPath: commonPath(units.map((u) => u.path)), detail: { name, units: units.map((u) => u.code), households: addresses.length } });
    return id;
  });
  return (await getCampaign(ctx, actor, id)).campaign;
}

async function campaignRows(ctx: Ctx, actor: Actor, id?: string) {
  if (!LEADER_ROLES.has(actor.role)) throw forbidden('auth.forbidden');
  let q = ctx.db.selectFrom('campaigns').selectAll().where((eb) => eb.or([inScope(eb, 'orgPath', actor.scope), ...actor.scope.paths.map((p) => eb(sql.lit(p), 'like', sql<string>`org_path || '%'`))]));
  if (id) q = q.where('id', '=', id);
  return q.orderBy('createdAt', 'desc').limit(100).execute();
}

/** Counts of a campaign's tasks, grouped by grid, within the caller's scope. */
async function counts(ctx: Ctx, actor: Actor, campaignId: string) {
  const now = ctx.clock.now();
  return ctx.db
    .selectFrom('tasks')
    .select(['orgUnitId', 'status', 'result', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(case when status = 'open' and due_at < ${now} then 1 else 0 end)`.as('overdue')])
    .where('campaignId', '=', campaignId)
    .where((eb) => inScope(eb, 'orgPath', actor.scope))
    .groupBy(['orgUnitId', 'status', 'result'])
    .execute();
}

function toView(row: Awaited<ReturnType<typeof campaignRows>>[number], units: Map<string, UnitRef>, c: Awaited<ReturnType<typeof counts>>): CampaignView {
  const total = c.reduce((s, r) => s + Number(r.n), 0);
  const done = c.filter((r) => r.status === 'done').reduce((s, r) => s + Number(r.n), 0);
  const results: Record<string, number> = {};
  for (const r of c) if (r.status === 'done' && r.result) results[r.result] = (results[r.result] ?? 0) + Number(r.n);
  return {
    id: row.id, name: row.name, units: (JSON.parse(row.orgUnitIds) as string[]).flatMap((u) => (units.has(u) ? [units.get(u)!] : [])), dueAt: new Date(Number(row.dueAt)).toISOString(),
    status: row.status, total, done, overdue: c.reduce((s, r) => s + Number(r.overdue ?? 0), 0), percentDone: percent(done, total), results,
  };
}

export async function listCampaigns(ctx: Ctx, actor: Actor): Promise<{ items: CampaignView[] }> {
  const rows = await campaignRows(ctx, actor);
  const units = await unitsByIds(ctx, rows.flatMap((r) => JSON.parse(r.orgUnitIds) as string[]));
  const items = [];
  for (const r of rows) items.push(toView(r, units, await counts(ctx, actor, r.id)));
  return { items };
}

export async function getCampaign(ctx: Ctx, actor: Actor, id: string): Promise<{ campaign: CampaignView; grids: GridCompleteness[] }> {
  const [row] = await campaignRows(ctx, actor, id);
  if (!row) throw notFound('grid.campaign_not_found');
  const c = await counts(ctx, actor, id);
  const units = await unitsByIds(ctx, [...(JSON.parse(row.orgUnitIds) as string[]), ...c.map((r) => r.orgUnitId)]);
  const byGrid = new Map<string, GridCompleteness>();
  for (const r of c) {
    const g = byGrid.get(r.orgUnitId) ?? { orgUnit: units.get(r.orgUnitId)!, total: 0, done: 0, overdue: 0, percentDone: 0 };
    g.total += Number(r.n);
    if (r.status === 'done') g.done += Number(r.n);
    g.overdue += Number(r.overdue ?? 0);
    byGrid.set(r.orgUnitId, g);
  }
  const grids = [...byGrid.values()].map((g) => ({ ...g, percentDone: percent(g.done, g.total) })).sort((a, b) => a.percentDone - b.percentDone || (a.orgUnit.code < b.orgUnit.code ? -1 : 1));
  if (!pathInScope(actor.scope, row.orgPath) && !grids.length) throw notFound('grid.campaign_not_found');
  return { campaign: toView(row, units, c), grids };
}
