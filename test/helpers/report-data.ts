// Hand-made report figures for tests that need no database: the narrative, the charts, the PDF and XLSX layout.
import type { AnalysisReportData, Change, DayFigures, DispatchRow, WeeklyDispatchData } from '../../src/modules/analytics/types.ts';
import { CATEGORIES } from '../../src/modules/analytics/types.ts';

export const ch = (value: number, previous: number): Change => ({ value, previous, change: value - previous, ratio: previous === 0 ? null : (value - previous) / previous });
export const same = (n: number): Change => ch(n, n);

function days(from: string, n: number, f: (i: number) => number): DayFigures[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => {
    const checkins = f(i);
    return { day: new Date(start + i * 86_400_000).toISOString().slice(0, 10), checkins, flagged: Math.round(checkins / 30), watchHits: i % 3, checkinsAvg7: checkins, flaggedAvg7: checkins / 30 };
  });
}

/** An analysis report of 7 days with nothing changed: a base to change one thing in. */
export function quietAnalysis(): AnalysisReportData {
  const daily = days('2026-11-22', 7, () => 100);
  return {
    generatedAt: '2026-11-29T00:10:00.000Z',
    dashboard: {
      org: { code: '150102', name: '新城区', level: 'county', hasChildren: true },
      breadcrumb: [{ code: '150100', name: '呼和浩特市', level: 'city' }, { code: '150102', name: '新城区', level: 'county' }],
      period: { from: '2026-11-22', to: '2026-11-28' },
      today: '2026-11-29',
      figures: { checkins: same(0), flagged: same(0), watchHits: same(0) },
      categories: CATEGORIES.map((category) => ({ category, current: same(2), addedToday: 0 })),
      subUnits: [
        { code: '150102001', name: '示范街道', level: 'township', checkins: 500, flagged: 15, watchHits: 2, hasChildren: true, own: false },
        { code: '150102002', name: '东风街道', level: 'township', checkins: 200, flagged: 8, watchHits: 1, hasChildren: false, own: false },
      ],
      sites: [
        { code: 'S1', name: '新城区卡口', kind: 'checkpoint', checkins: 400, flagged: 12 },
        { code: 'S2', name: '阳光社区东门', kind: 'community', checkins: 300, flagged: 11 },
      ],
      origins: {
        provinces: [{ code: '150000', name: '内蒙古自治区', checkins: 500 }, { code: '420000', name: '湖北省', checkins: 120 }],
        cities: [{ code: '150100', name: '呼和浩特市', checkins: 450 }, { code: '420100', name: '武汉市', checkins: 120 }],
      },
      siteKinds: [{ kind: 'checkpoint', checkins: 400 }, { kind: 'community', checkins: 300 }],
      flagReasons: [{ flag: 'fever', count: 20 }, { flag: 'risk_area', count: 3 }],
      daily,
      categoriesDaily: daily.map((d) => ({ day: d.day, confirmed: 2, suspected: 2, fever: 2, close_contact: 2 })),
      totals: { checkins: 700, flagged: 23, watchHits: 3 },
    },
    previousPeriod: { from: '2026-11-15', to: '2026-11-21' },
    change: { checkins: same(700), flagged: same(23), watchHits: same(3) },
    siteChanges: [{ code: 'S1', name: '新城区卡口', checkins: same(400) }, { code: 'S2', name: '阳光社区东门', checkins: same(300) }],
    subUnitChanges: [
      { code: '150102001', name: '示范街道', level: 'township', checkins: same(500), flagged: same(15) },
      { code: '150102002', name: '东风街道', level: 'township', checkins: same(200), flagged: same(8) },
    ],
    listMovements: ['incoming', 'observation', 'high_risk', ...CATEGORIES].map((kind) => ({ kind, added: same(0), ended: same(0) })),
    flagged: [
      { id: 'c1', at: '2026-11-28T08:05:00.000Z', site: { code: 'S1', name: '新城区卡口' }, flags: ['fever'], people: 1, person: { name: '王*', idNumber: '1501**********1234', phone: '138****0000' } },
    ],
    flaggedTotal: 23,
  };
}

export function dispatchRow(code: string, name: string, checkins: Change, extra: Partial<DispatchRow> = {}): DispatchRow {
  return {
    code, name, level: 'township', own: false, checkins, flagged: same(3), watchHits: same(1), listArrivals: same(4),
    categories: { confirmed: same(0), suspected: same(0), fever: same(1), close_contact: same(2) }, ...extra,
  };
}

export function quietWeekly(): WeeklyDispatchData {
  const rows = [dispatchRow('150102001', '示范街道', same(500)), dispatchRow('150102002', '东风街道', same(200))];
  return {
    generatedAt: '2026-11-29T00:10:00.000Z',
    org: { code: '150102', name: '新城区', level: 'county' },
    week: { from: '2026-11-22', to: '2026-11-28' },
    previousWeek: { from: '2026-11-15', to: '2026-11-21' },
    rows,
    total: dispatchRow('150102', '新城区', same(700), {
      level: 'county', flagged: same(6), watchHits: same(2), listArrivals: same(8),
      categories: { confirmed: same(0), suspected: same(0), fever: same(2), close_contact: same(4) },
    }),
  };
}
