// Progress of the grids: per child unit of the one asked for, how many of its tasks are done, open, overdue and
// escalated, by kind. Counts tasks still open and those created in the last 28 days (what the response is now).
import { sql } from 'kysely';
import type { Actor, Ctx } from '../../core/context.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import { pathInScope } from '../../core/scope.ts';
import { listChildren, listScopeRoots } from '../org/store.ts';
import type { Progress, UnitRef } from './types.ts';

const WINDOW_MS = 28 * 86_400_000;
const READERS = new Set(['admin', 'commander', 'analyst', 'officer', 'grid_worker']);

const percent = (done: number, total: number) => (total ? Math.round((done / total) * 1000) / 10 : 0);

export async function progressOf(ctx: Ctx, path: string): Promise<Progress> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .selectFrom('tasks')
    .select([
      'kind', 'status', (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`sum(case when status = 'open' and due_at < ${now} then 1 else 0 end)`.as('overdue'),
      sql<number>`sum(case when status = 'open' and escalated_at is not null then 1 else 0 end)`.as('escalated'),
    ])
    .where('orgPath', 'like', `${path}%`)
    .where('status', '!=', 'cancelled')
    .where((eb) => eb.or([eb('status', '=', 'open'), eb('createdAt', '>=', now - WINDOW_MS)]))
    .groupBy(['kind', 'status'])
    .execute();
  const p: Progress = { total: 0, open: 0, done: 0, overdue: 0, escalated: 0, percentDone: 0, byKind: {} };
  for (const r of rows) {
    const n = Number(r.n);
    const k = (p.byKind[r.kind] ??= { total: 0, done: 0, overdue: 0 });
    p.total += n;
    k.total += n;
    if (r.status === 'done') {
      p.done += n;
      k.done += n;
    } else p.open += n;
    p.overdue += Number(r.overdue ?? 0);
    k.overdue += Number(r.overdue ?? 0);
    p.escalated += Number(r.escalated ?? 0);
  }
  p.percentDone = percent(p.done, p.total);
  return p;
}

/** The unit a link names by its code (`/console/grid?org=<code>` of the daily summary); scope is checked by gridProgress. */
export async function unitIdByCode(ctx: Ctx, code: string): Promise<string> {
  const u = await ctx.db.selectFrom('orgUnits').select('id').where('code', '=', code).executeTakeFirst();
  if (!u) throw notFound('org.not_found', { code });
  return u.id;
}

export async function gridProgress(ctx: Ctx, actor: Actor, orgId?: string): Promise<{ unit: UnitRef | null; total: Progress; children: Array<UnitRef & Progress & { childCount: number }> }> {
  if (!READERS.has(actor.role)) throw forbidden('auth.forbidden');
  let unit: (UnitRef & { path: string }) | null = null;
  let children;
  if (orgId) {
    const u = await ctx.db.selectFrom('orgUnits').select(['id', 'code', 'name', 'level', 'path']).where('id', '=', orgId).executeTakeFirst();
    if (!u || !pathInScope(actor.scope, u.path)) throw notFound('org.not_found', { code: orgId });
    unit = u;
    children = await listChildren(ctx.db, actor.scope, u.id);
  } else children = await listScopeRoots(ctx.db, actor.scope);
  const out = [];
  for (const c of children) out.push({ id: c.id, code: c.code, name: c.name, level: c.level, childCount: Number(c.childCount), ...(await progressOf(ctx, c.path)) });
  const total = unit ? await progressOf(ctx, unit.path) : sum(out);
  return { unit: unit && { id: unit.id, code: unit.code, name: unit.name, level: unit.level }, total, children: out };
}

function sum(ps: Progress[]): Progress {
  const t: Progress = { total: 0, open: 0, done: 0, overdue: 0, escalated: 0, percentDone: 0, byKind: {} };
  for (const p of ps) {
    t.total += p.total;
    t.open += p.open;
    t.done += p.done;
    t.overdue += p.overdue;
    t.escalated += p.escalated;
    for (const [kind, k] of Object.entries(p.byKind)) {
      const s = (t.byKind[kind] ??= { total: 0, done: 0, overdue: 0 });
      s.total += k.total;
      s.done += k.done;
      s.overdue += k.overdue;
    }
  }
  t.percentDone = percent(t.done, t.total);
  return t;
}
