// What dashboards and reports show: figures read from the rollup tables (see rollup-write.ts), never from a scan of
// check-ins. Days are calendar days in China Standard Time, 'YYYY-MM-DD'; periods include both ends.
// Every count of check-ins counts people (a submission with two companions is three), so a share of flagged
// people is a share of the same unit.

export const CATEGORIES = ['confirmed', 'suspected', 'fever', 'close_contact'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SITE_KINDS = ['checkpoint', 'community', 'floating'] as const;

export interface OrgRef {
  code: string;
  name: string;
  level: string;
}

export interface Period {
  from: string;
  to: string;
}

/** A figure today (or this period) against yesterday (or the period before). */
export interface Change {
  value: number;
  previous: number;
  /** value - previous */
  change: number;
  /** change / previous; null when previous is 0 */
  ratio: number | null;
}

export interface CategoryFigure {
  category: Category;
  /** entries on lists of this category not ended, at the end of today */
  current: Change;
  /** entries added today */
  addedToday: number;
}

export interface UnitFigures {
  checkins: number;
  flagged: number;
  watchHits: number;
}

export interface SubUnitFigures extends OrgRef, UnitFigures {
  hasChildren: boolean;
  /** the unit's own sites (attached to the unit itself, not to a unit below): shown as "本级 / own sites", no drill-down */
  own: boolean;
}

export interface SiteFigures {
  code: string;
  name: string;
  kind: string;
  checkins: number;
  flagged: number;
}

export interface OriginFigures {
  /** GB/T 2260 code of the province (xx0000) or city (xxxx00) */
  code: string;
  name: string;
  checkins: number;
}

export interface DayFigures {
  day: string;
  checkins: number;
  flagged: number;
  watchHits: number;
  /** averages of the 7 days ending this day (fewer at the start of the data) */
  checkinsAvg7: number;
  flaggedAvg7: number;
}

export interface CategoryDay {
  day: string;
  /** current count of each category at the end of the day */
  confirmed: number;
  suspected: number;
  fever: number;
  close_contact: number;
}

export interface Dashboard {
  org: OrgRef & { hasChildren: boolean };
  /** from the top of the reader's scope down to org, org last */
  breadcrumb: OrgRef[];
  period: Period;
  /** today's day in China Standard Time (by the server's clock) */
  today: string;
  /** today against yesterday, whatever the period */
  figures: { checkins: Change; flagged: Change; watchHits: Change };
  categories: CategoryFigure[];
  /** over the period: the org unit's children, all of them, busiest first, and its own sites' row when it has any: they add up to totals */
  subUnits: SubUnitFigures[];
  /** over the period: the busiest sites of the subtree (at most 30), busiest first */
  sites: SiteFigures[];
  /** over the period: where people came from (check-ins that state an origin), busiest first */
  origins: { provinces: OriginFigures[]; cities: OriginFigures[] };
  siteKinds: Array<{ kind: string; checkins: number }>;
  flagReasons: Array<{ flag: string; count: number }>;
  /** every day of the period, zeros included */
  daily: DayFigures[];
  categoriesDaily: CategoryDay[];
  /** over the period */
  totals: UnitFigures;
}

/** Entries added to and ended on the lists of a subtree, per list kind, in a period and the one before. */
export interface ListMovement {
  kind: string;
  added: Change;
  ended: Change;
}

export interface FlaggedCheckin {
  id: string;
  at: string;
  site: { code: string; name: string };
  flags: string[];
  people: number;
  /** masked: a report is read by many */
  person: { name: string | null; idNumber: string | null; phone: string | null };
}

export interface AnalysisReportData {
  generatedAt: string;
  dashboard: Dashboard;
  /** the period of the same length just before */
  previousPeriod: Period;
  /** the period's totals against the previous period's */
  change: { checkins: Change; flagged: Change; watchHits: Change };
  /** per site: this period against the previous one, for the sentences */
  siteChanges: Array<{ code: string; name: string; checkins: Change }>;
  subUnitChanges: Array<OrgRef & { checkins: Change; flagged: Change }>;
  listMovements: ListMovement[];
  /** the latest flagged check-ins of the period (at most 200), masked */
  flagged: FlaggedCheckin[];
  flaggedTotal: number;
}

/** Grid tasks of a unit's subtree due in a week (see task-figures.ts). */
export interface TaskFigures {
  due: number;
  done: number;
  overdue: number;
  /** done / due, 0..1; null when nothing was due */
  percentDone: number | null;
}

export interface DispatchRow extends OrgRef {
  /** the unit's own sites and lists (not those of a unit below), when it has any */
  own: boolean;
  checkins: Change;
  flagged: Change;
  watchHits: Change;
  /** entries added to any list of the unit's subtree */
  listArrivals: Change;
  /** current count at the end of each week */
  categories: Record<Category, Change>;
  /** grid tasks due this week (absent in data made before grid tasks) */
  tasks?: TaskFigures;
}

export interface WeeklyDispatchData {
  generatedAt: string;
  org: OrgRef;
  /** this week (7 days ending `to`) and last week */
  week: Period;
  previousWeek: Period;
  /** one row per subordinate unit (and the unit's own row), adding up to `total` */
  rows: DispatchRow[];
  total: DispatchRow;
}
