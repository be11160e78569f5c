// Figures of one subtree over one period, folded from the rollup reads: shared by the dashboard and both reports.
import { addDays, eachDay } from '../../core/local-day.ts';
import type { DbLike } from '../../db/database.ts';
import { divisionName } from '../divisions/service.ts';
import type { OrgUnitRow, OrgUnitWithCount } from '../org/store.ts';
import * as store from './store.ts';
import { CATEGORIES, type Category, type CategoryDay, type Change, type DayFigures, type OriginFigures, type SiteFigures, type SubUnitFigures, type UnitFigures } from './types.ts';

export const WATCH_FLAG = 'watch_list';

export function change(value: number, previous: number): Change {
  return { value, previous, change: value - previous, ratio: previous ? Math.round(((value - previous) / previous) * 1000) / 1000 : null };
}

const byCount = <T extends { checkins: number }>(a: T, b: T) => b.checkins - a.checkins;

export interface PeriodFigures {
  totals: UnitFigures;
  sites: SiteFigures[];
  siteKinds: Array<{ kind: string; checkins: number }>;
  subUnits: SubUnitFigures[];
  flagReasons: Array<{ flag: string; count: number }>;
  origins: { provinces: OriginFigures[]; cities: OriginFigures[] };
}

/** Everything of a period that is a total over it: per site, per kind, per subordinate unit, per reason, per origin. */
export async function periodFigures(db: DbLike, self: OrgUnitRow, children: OrgUnitWithCount[], from: string, to: string, topSites = 30): Promise<PeriodFigures> {
  const { path } = self;
  const [sites, flags, watchByPath, origins] = await Promise.all([
    store.siteTotals(db, path, from, to),
    store.flagTotals(db, path, from, to),
    store.flagTotalsByPath(db, path, from, to, WATCH_FLAG),
    store.originTotals(db, path, from, to),
  ]);
  const totals: UnitFigures = { checkins: 0, flagged: 0, watchHits: 0 };
  const kinds = new Map<string, number>();
  const units = new Map(children.map((c) => [c.path, { code: c.code, name: c.name, level: c.level, hasChildren: c.childCount > 0, own: false, checkins: 0, flagged: 0, watchHits: 0 }]));
  // Counts of sites attached to the unit itself go to a row of its own, so the rows add up to the unit's totals.
  units.set(self.path, { code: self.code, name: self.name, level: self.level, hasChildren: false, own: true, checkins: 0, flagged: 0, watchHits: 0 });
  const unitOf = (orgPath: string) => units.get(children.find((c) => orgPath.startsWith(c.path))?.path ?? self.path);
  for (const s of sites) {
    totals.checkins += s.people;
    totals.flagged += s.flagged;
    kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + s.people);
    const u = unitOf(s.orgPath);
    if (u) {
      u.checkins += s.people;
      u.flagged += s.flagged;
    }
  }
  for (const w of watchByPath) {
    totals.watchHits += w.people;
    const u = unitOf(w.orgPath);
    if (u) u.watchHits += w.people;
  }
  const reasons = new Map<string, number>();
  for (const f of flags) reasons.set(f.flag, (reasons.get(f.flag) ?? 0) + f.people);
  const busiest = [...sites].sort((a, b) => b.people - a.people).slice(0, topSites);
  const named = new Map((await store.sitesByIds(db, busiest.map((s) => s.siteId))).map((s) => [s.id, s]));
  return {
    totals,
    sites: busiest.map((s) => ({ code: named.get(s.siteId)?.code ?? '', name: named.get(s.siteId)?.name ?? '', kind: s.kind, checkins: s.people, flagged: s.flagged })),
    siteKinds: [...kinds].map(([kind, checkins]) => ({ kind, checkins })).sort(byCount),
    subUnits: [...units.values()].filter((u) => !u.own || u.checkins || u.watchHits).sort(byCount),
    flagReasons: [...reasons].map(([flag, count]) => ({ flag, count })).sort((a, b) => b.count - a.count),
    origins: originFigures(origins),
  };
}

/** Origins folded to their province (xx0000) and city (xxxx00). */
function originFigures(rows: Array<{ origin: string; people: number }>): { provinces: OriginFigures[]; cities: OriginFigures[] } {
  const provinces = new Map<string, number>();
  const cities = new Map<string, number>();
  for (const r of rows) {
    if (!/^\d{6}$/.test(r.origin)) continue;
    const p = `${r.origin.slice(0, 2)}0000`;
    const c = `${r.origin.slice(0, 4)}00`;
    provinces.set(p, (provinces.get(p) ?? 0) + r.people);
    cities.set(c, (cities.get(c) ?? 0) + r.people);
  }
  // A municipality's "city" level has no name of its own (市辖区): it is named by its province.
  const name = (code: string) => divisionName(code) ?? divisionName(`${code.slice(0, 2)}0000`) ?? code;
  const fold = (m: Map<string, number>) => [...m].map(([code, checkins]) => ({ code, name: name(code), checkins })).sort(byCount);
  return { provinces: fold(provinces), cities: fold(cities) };
}

/** Each day of the period with its 7-day averages (read from six days before the period). */
export async function dailyFigures(db: DbLike, path: string, from: string, to: string): Promise<DayFigures[]> {
  const start = addDays(from, -6);
  const [days, flags] = await Promise.all([store.dayTotals(db, path, start, to), store.flagTotals(db, path, start, to)]);
  const byDay = new Map(days.map((d) => [d.day, d]));
  const watch = new Map<string, number>();
  for (const f of flags) if (f.flag === WATCH_FLAG) watch.set(f.day, (watch.get(f.day) ?? 0) + f.people);
  const all = eachDay(start, to);
  const out: DayFigures[] = [];
  all.forEach((day, i) => {
    if (day < from) return;
    const week = all.slice(Math.max(0, i - 6), i + 1);
    const avg = (pick: (d: store.DayTotal) => number) => Math.round((week.reduce((s, d) => s + (byDay.has(d) ? pick(byDay.get(d)!) : 0), 0) / week.length) * 10) / 10;
    out.push({
      day,
      checkins: byDay.get(day)?.people ?? 0,
      flagged: byDay.get(day)?.flagged ?? 0,
      watchHits: watch.get(day) ?? 0,
      checkinsAvg7: avg((d) => d.people),
      flaggedAvg7: avg((d) => d.flagged),
    });
  });
  return out;
}

export interface ListFigures {
  /** current count of each kind at the end of a day */
  currentAt(day: string, kind: string, underPath?: string): number;
  addedOn(from: string, to: string, kind?: string, underPath?: string): number;
  endedOn(from: string, to: string, kind?: string, underPath?: string): number;
  kinds: string[];
}

/** List movements of the subtree up to a day, and the counts they give at any earlier day. */
export async function listFigures(db: DbLike, path: string, upTo: string): Promise<ListFigures> {
  const rows = await store.listTotalsUpTo(db, path, upTo);
  const pick = (kind?: string, underPath?: string) => rows.filter((r) => (!kind || r.kind === kind) && (!underPath || r.orgPath.startsWith(underPath)));
  const sum = (rs: store.ListDayTotal[], f: (r: store.ListDayTotal) => number) => rs.reduce((s, r) => s + f(r), 0);
  return {
    currentAt: (day, kind, underPath) => sum(pick(kind, underPath).filter((r) => r.day <= day), (r) => r.added - r.ended),
    addedOn: (from, to, kind, underPath) => sum(pick(kind, underPath).filter((r) => r.day >= from && r.day <= to), (r) => r.added),
    endedOn: (from, to, kind, underPath) => sum(pick(kind, underPath).filter((r) => r.day >= from && r.day <= to), (r) => r.ended),
    kinds: [...new Set(rows.map((r) => r.kind))].sort(),
  };
}

export function categoriesDaily(lists: ListFigures, from: string, to: string): CategoryDay[] {
  return eachDay(from, to).map((day) => {
    const row = { day } as CategoryDay;
    for (const c of CATEGORIES) row[c as Category] = lists.currentAt(day, c);
    return row;
  });
}
