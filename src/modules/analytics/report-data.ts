// The numbers behind the analysis report and the weekly dispatch: a period against the one just before it.
import type { Actor, Ctx } from '../../core/context.ts';
import { addDays, dayStartMs, daysBetween, localDay } from '../../core/local-day.ts';
import { maskPerson } from '../../core/masking.ts';
import { openPii } from '../checkins/pii.ts';
import { change, listFigures, periodFigures, type ListFigures, type PeriodFigures } from './figures.ts';
import { NO_TASKS, taskFigures, taskShare } from './task-figures.ts';
import { dashboardOf, requireAnalyticsReader, resolveOrg, resolvePeriod } from './service.ts';
import * as store from './store.ts';
import { CATEGORIES, type AnalysisReportData, type Category, type Change, type DispatchRow, type FlaggedCheckin, type OrgRef, type Period, type UnitFigures, type WeeklyDispatchData } from './types.ts';

export const FLAGGED_IN_REPORT = 200;
const SITES_IN_REPORT = 30;

export function previousPeriodOf(p: Period): Period {
  const days = daysBetween(p.from, p.to);
  return { from: addDays(p.from, -days), to: addDays(p.from, -1) };
}

export async function analysisReportData(ctx: Ctx, actor: Actor, q: { org: string; from: string; to: string }): Promise<AnalysisReportData> {
  requireAnalyticsReader(actor);
  const period = resolvePeriod(localDay(ctx.clock.now()), q);
  const org = await resolveOrg(ctx, actor, q.org);
  const dashboard = await dashboardOf(ctx, org, period);
  const path = org.unit.path;
  const previousPeriod = previousPeriodOf(period);
  const [previous, sitesNow, sitesBefore, lists, flagged] = await Promise.all([
    periodFigures(ctx.db, org.unit, org.children, previousPeriod.from, previousPeriod.to),
    store.siteTotals(ctx.db, path, period.from, period.to),
    store.siteTotals(ctx.db, path, previousPeriod.from, previousPeriod.to),
    listFigures(ctx.db, path, period.to),
    flaggedOf(ctx, path, period),
  ]);
  const t = dashboard.totals;
  return {
    generatedAt: new Date(ctx.clock.now()).toISOString(),
    dashboard,
    previousPeriod,
    change: { checkins: change(t.checkins, previous.totals.checkins), flagged: change(t.flagged, previous.totals.flagged), watchHits: change(t.watchHits, previous.totals.watchHits) },
    siteChanges: await siteChanges(ctx, sitesNow, sitesBefore),
    subUnitChanges: dashboard.subUnits.map((u) => {
      const before = previous.subUnits.find((p) => p.code === u.code);
      return { code: u.code, name: u.name, level: u.level, checkins: change(u.checkins, before?.checkins ?? 0), flagged: change(u.flagged, before?.flagged ?? 0) };
    }),
    listMovements: lists.kinds.map((kind) => ({
      kind,
      added: change(lists.addedOn(period.from, period.to, kind), lists.addedOn(previousPeriod.from, previousPeriod.to, kind)),
      ended: change(lists.endedOn(period.from, period.to, kind), lists.endedOn(previousPeriod.from, previousPeriod.to, kind)),
    })),
    flagged: flagged.rows,
    flaggedTotal: flagged.total,
  };
}

/** Sites of either period, this one against the last, the biggest moves first. */
async function siteChanges(ctx: Ctx, now: store.SiteTotal[], before: store.SiteTotal[]): Promise<AnalysisReportData['siteChanges']> {
  const ids = [...new Set([...now, ...before].map((s) => s.siteId))];
  const people = (rows: store.SiteTotal[], id: string) => rows.find((r) => r.siteId === id)?.people ?? 0;
  const moves = ids.map((id) => ({ id, checkins: change(people(now, id), people(before, id)) }));
  moves.sort((a, b) => Math.abs(b.checkins.change) - Math.abs(a.checkins.change) || b.checkins.value - a.checkins.value);
  const top = moves.slice(0, SITES_IN_REPORT);
  const named = new Map((await store.sitesByIds(ctx.db, top.map((m) => m.id))).map((s) => [s.id, s]));
  return top.map((m) => ({ code: named.get(m.id)?.code ?? '', name: named.get(m.id)?.name ?? '', checkins: m.checkins }));
}

/** The period's latest flagged submissions, masked: a report is read by many and is not a reveal. */
async function flaggedOf(ctx: Ctx, path: string, period: Period): Promise<{ rows: FlaggedCheckin[]; total: number }> {
  const { rows, total } = await store.flaggedCheckins(ctx.db, ctx.dialect, path, dayStartMs(period.from), dayStartMs(addDays(period.to, 1)), FLAGGED_IN_REPORT);
  const sizes = await store.groupSizes(ctx.db, rows.map((r) => r.groupId));
  return {
    total,
    rows: rows.map((r) => {
      const pii = openPii(ctx, r);
      return {
        id: r.id,
        at: new Date(r.at).toISOString(),
        site: { code: r.siteCode, name: r.siteName },
        flags: JSON.parse(r.flags) as string[],
        people: sizes.get(r.groupId) ?? 1,
        person: maskPerson({ name: pii.name, idNumber: pii.idNumber ?? null, phone: pii.phone ?? null }),
      };
    }),
  };
}

export async function weeklyDispatchData(ctx: Ctx, actor: Actor, q: { org: string; from?: string; to: string }): Promise<WeeklyDispatchData> {
  requireAnalyticsReader(actor);
  const week = resolvePeriod(localDay(ctx.clock.now()), q, 7);
  const previousWeek = previousPeriodOf(week);
  const org = await resolveOrg(ctx, actor, q.org);
  const path = org.unit.path;
  const [now, before, lists, tasks] = await Promise.all([
    periodFigures(ctx.db, org.unit, org.children, week.from, week.to),
    periodFigures(ctx.db, org.unit, org.children, previousWeek.from, previousWeek.to),
    listFigures(ctx.db, path, week.to),
    taskFigures(ctx.db, [path, ...org.children.map((c) => c.path)], dayStartMs(week.from), dayStartMs(addDays(week.to, 1)), ctx.clock.now()),
  ]);
  const row = (unit: OrgRef, underPath: string, a: UnitFigures, b: UnitFigures): DispatchRow => ({
    ...unit,
    own: false,
    checkins: change(a.checkins, b.checkins),
    flagged: change(a.flagged, b.flagged),
    watchHits: change(a.watchHits, b.watchHits),
    listArrivals: change(lists.addedOn(week.from, week.to, undefined, underPath), lists.addedOn(previousWeek.from, previousWeek.to, undefined, underPath)),
    categories: categoryChanges(lists, underPath, week.to, previousWeek.to),
    tasks: tasks.get(underPath) ?? NO_TASKS,
  });
  const zero: UnitFigures = { checkins: 0, flagged: 0, watchHits: 0 };
  const unitFigures = (f: PeriodFigures, code: string) => f.subUnits.find((u) => u.code === code) ?? zero;
  const self = org.breadcrumb[org.breadcrumb.length - 1];
  const rows = org.children.map((c) => row({ code: c.code, name: c.name, level: c.level }, c.path, unitFigures(now, c.code), unitFigures(before, c.code)));
  const total = row(self, path, now.totals, before.totals);
  // What is not under any unit below belongs to the unit itself: its own row, so the rows add up to the total.
  const own = remainder(self, total, rows);
  return {
    generatedAt: new Date(ctx.clock.now()).toISOString(),
    org: self,
    week,
    previousWeek,
    rows: isEmpty(own) ? rows : [...rows, own],
    total,
  };
}

type Figure = 'checkins' | 'flagged' | 'watchHits' | 'listArrivals';
const FIGURES: Figure[] = ['checkins', 'flagged', 'watchHits', 'listArrivals'];

function remainder(self: OrgRef, total: DispatchRow, rows: DispatchRow[]): DispatchRow {
  const rest = (pick: (r: DispatchRow) => Change) => change(pick(total).value - rows.reduce((s, r) => s + pick(r).value, 0), pick(total).previous - rows.reduce((s, r) => s + pick(r).previous, 0));
  const figures = Object.fromEntries(FIGURES.map((f) => [f, rest((r) => r[f])])) as Record<Figure, Change>;
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, rest((r) => r.categories[c])])) as Record<Category, Change>;
  const taskRest = (k: 'due' | 'done' | 'overdue') => (total.tasks ?? NO_TASKS)[k] - rows.reduce((s, r) => s + (r.tasks ?? NO_TASKS)[k], 0);
  const tasks = { due: taskRest('due'), done: taskRest('done'), overdue: taskRest('overdue'), percentDone: taskShare(taskRest('done'), taskRest('due')) };
  return { ...self, own: true, ...figures, categories, tasks };
}

function isEmpty(r: DispatchRow): boolean {
  const t = r.tasks ?? NO_TASKS;
  return [...FIGURES.map((f) => r[f]), ...CATEGORIES.map((c) => r.categories[c])].every((c) => c.value === 0 && c.previous === 0) && t.due === 0;
}

function categoryChanges(lists: ListFigures, underPath: string, to: string, previousTo: string): Record<Category, Change> {
  return Object.fromEntries(CATEGORIES.map((c) => [c, change(lists.currentAt(to, c, underPath), lists.currentAt(previousTo, c, underPath))])) as Record<Category, Change>;
}
