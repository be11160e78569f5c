// The dashboard of an org unit: today's key figures, the period's charts, the units below to drill into. Read from
// the rollups only; the org unit must be in the reader's scope, and every figure is of its subtree.
import type { Actor, Ctx } from '../../core/context.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import { addDays, daysBetween, isDay, localDay } from '../../core/local-day.ts';
import * as orgStore from '../org/store.ts';
import { categoriesDaily, change, dailyFigures, listFigures, periodFigures } from './figures.ts';
import * as store from './store.ts';
import { CATEGORIES, type Dashboard, type OrgRef, type Period } from './types.ts';

export { analysisReportData, weeklyDispatchData } from './report-data.ts';

const READERS = new Set(['admin', 'commander', 'analyst']);
export const DEFAULT_PERIOD_DAYS = 14;
const MAX_PERIOD_DAYS = 366;

export function requireAnalyticsReader(actor: Actor): void {
  if (!READERS.has(actor.role)) throw forbidden('analytics.forbidden');
}

export interface ResolvedOrg {
  unit: orgStore.OrgUnitWithCount;
  children: orgStore.OrgUnitWithCount[];
  breadcrumb: OrgRef[];
}

const ref = (u: { code: string; name: string; level: string }): OrgRef => ({ code: u.code, name: u.name, level: u.level });

/** The org unit by code, in the reader's scope (default: the top of it); out of scope and absent look the same. */
export async function resolveOrg(ctx: Ctx, actor: Actor, code: string | undefined): Promise<ResolvedOrg> {
  let unit: orgStore.OrgUnitWithCount | undefined;
  if (code) {
    const [found] = await orgStore.findByCodes(ctx.db, actor.scope, [code]);
    if (found) unit = await orgStore.findById(ctx.db, actor.scope, found.id);
  } else {
    [unit] = await orgStore.listScopeRoots(ctx.db, actor.scope);
  }
  if (!unit) throw notFound('org.not_found', { code: code ?? '' });
  const [children, ancestors] = await Promise.all([orgStore.listChildren(ctx.db, actor.scope, unit.id), orgStore.findAncestors(ctx.db, actor.scope, unit)]);
  return { unit, children, breadcrumb: [...ancestors, unit].map(ref) };
}

/** A period of whole days, checked: both ends real days, in order, at most a year. */
export function resolvePeriod(today: string, q: { from?: string; to?: string }, defaultDays = DEFAULT_PERIOD_DAYS): Period {
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -(defaultDays - 1));
  if (!isDay(from) || !isDay(to)) throw invalid('analytics.bad_period', { from, to }, isDay(from) ? 'to' : 'from');
  const days = daysBetween(from, to);
  if (days < 1 || days > MAX_PERIOD_DAYS) throw invalid('analytics.bad_period', { from, to }, 'from');
  return { from, to };
}

export async function readDashboard(ctx: Ctx, actor: Actor, q: { org?: string; from?: string; to?: string }): Promise<Dashboard> {
  requireAnalyticsReader(actor);
  const period = resolvePeriod(localDay(ctx.clock.now()), q);
  return dashboardOf(ctx, await resolveOrg(ctx, actor, q.org), period);
}

/** The dashboard of a unit already resolved in the reader's scope (the analysis report builds on it). */
export async function dashboardOf(ctx: Ctx, org: ResolvedOrg, period: Period): Promise<Dashboard> {
  const today = localDay(ctx.clock.now());
  const path = org.unit.path;
  const yesterday = addDays(today, -1);
  const [figures, daily, recent, lists] = await Promise.all([
    periodFigures(ctx.db, org.unit, org.children, period.from, period.to),
    dailyFigures(ctx.db, path, period.from, period.to),
    Promise.all([store.dayTotals(ctx.db, path, yesterday, today), store.flagTotals(ctx.db, path, yesterday, today)]),
    listFigures(ctx.db, path, period.to > today ? period.to : today),
  ]);
  const [days, flags] = recent;
  const on = (day: string) => days.find((d) => d.day === day);
  const watch = (day: string) => flags.filter((f) => f.day === day && f.flag === 'watch_list').reduce((s, f) => s + f.people, 0);
  return {
    org: { ...ref(org.unit), hasChildren: org.children.length > 0 },
    breadcrumb: org.breadcrumb,
    period,
    today,
    figures: {
      checkins: change(on(today)?.people ?? 0, on(yesterday)?.people ?? 0),
      flagged: change(on(today)?.flagged ?? 0, on(yesterday)?.flagged ?? 0),
      watchHits: change(watch(today), watch(yesterday)),
    },
    categories: CATEGORIES.map((category) => ({
      category,
      current: change(lists.currentAt(today, category), lists.currentAt(yesterday, category)),
      addedToday: lists.addedOn(today, today, category),
    })),
    subUnits: figures.subUnits,
    sites: figures.sites,
    origins: figures.origins,
    siteKinds: figures.siteKinds,
    flagReasons: figures.flagReasons,
    daily,
    categoriesDaily: categoriesDaily(lists, period.from, period.to),
    totals: figures.totals,
  };
}
