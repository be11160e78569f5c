// The weekly dispatch (周调度) as content: for every subordinate unit, this week against last week — check-ins,
// flagged, watch-list hits, list arrivals, the four categories — and the week's grid tasks (due, done, overdue,
// share done), a comparison chart and a totals row.
import type { DispatchRow, WeeklyDispatchData } from '../analytics/types.ts';
import { CATEGORIES } from '../analytics/types.ts';
import { weeklyComparisonChart } from './charts.ts';
import type { Column, Figure, ReportDoc, TableCell } from './doc.ts';
import { weeklySentences } from './narrative.ts';
import { categoryShort, kindName, ownName, periodText, word, type ReportLang } from './text.ts';

const TASK_WORDS = {
  due: { zh: '应办任务', en: 'Tasks due' },
  done: { zh: '已办', en: 'Done' },
  overdue: { zh: '逾期', en: 'Overdue' },
  percentDone: { zh: '办结率', en: '% done' },
} as const;

/**
 * Grid tasks (issue 8) per unit: the tasks due this week, how many are done, how many went past due undone, and
 * the share done (— when nothing was due). Data made before grid tasks has none: no columns then.
 */
function taskColumns(lang: ReportLang, d: WeeklyDispatchData): Column[] {
  if (!d.total.tasks) return [];
  return [
    { label: TASK_WORDS.due[lang], kind: 'number', weight: 0.8 },
    { label: TASK_WORDS.done[lang], kind: 'number', weight: 0.7 },
    { label: TASK_WORDS.overdue[lang], kind: 'number', weight: 0.7 },
    { label: TASK_WORDS.percentDone[lang], kind: 'share', weight: 0.8 },
  ];
}
function taskCells(row: DispatchRow): TableCell[] {
  const t = row.tasks;
  return t ? [t.due, t.done, t.overdue, t.percentDone] : [];
}

function columns(lang: ReportLang, d: WeeklyDispatchData): Column[] {
  return [
    { label: word(lang, 'orgUnit'), kind: 'text', weight: 1.7 },
    { label: word(lang, 'code'), kind: 'text', weight: 1, xlsxOnly: true },
    { label: word(lang, 'checkins'), kind: 'change', weight: 1.35 },
    { label: word(lang, 'flagged'), kind: 'change', weight: 1.05 },
    { label: word(lang, 'watchHits'), kind: 'change', weight: 1.05 },
    { label: word(lang, 'listArrivals'), kind: 'change', weight: 1.05 },
    ...CATEGORIES.map((c): Column => ({ label: categoryShort(lang, c), kind: 'change', weight: 0.95 })),
    ...taskColumns(lang, d),
  ];
}

function rowCells(r: DispatchRow, name: string): TableCell[] {
  return [name, r.code, r.checkins, r.flagged, r.watchHits, r.listArrivals, ...CATEGORIES.map((c) => r.categories[c]), ...taskCells(r)];
}

/** The chart shows the busiest units (the table keeps the org tree's order, the same every week). */
const busiestFirst = (rows: DispatchRow[]) => [...rows].sort((a, b) => b.checkins.value - a.checkins.value || (a.code < b.code ? -1 : 1));

export function weeklyDoc(d: WeeklyDispatchData, lang: ReportLang): ReportDoc {
  const t = d.total;
  const figures: Figure[] = [
    { label: word(lang, 'checkins'), value: t.checkins.value, change: t.checkins },
    { label: word(lang, 'flagged'), value: t.flagged.value, change: t.flagged },
    { label: word(lang, 'watchHits'), value: t.watchHits.value, change: t.watchHits },
    { label: word(lang, 'listArrivals'), value: t.listArrivals.value, change: t.listArrivals },
    ...CATEGORIES.map((c): Figure => ({ label: kindName(lang, c), value: t.categories[c].value, change: t.categories[c] })),
  ];
  const sentences = weeklySentences(d, lang);
  return {
    lang,
    title: word(lang, 'weeklyTitle'),
    orgName: d.org.name,
    periodLines: [`${word(lang, 'week')}: ${periodText(d.week)}`, `${word(lang, 'lastWeek')}: ${periodText(d.previousWeek)}`],
    generatedAt: d.generatedAt,
    blocks: [
      { type: 'heading', text: word(lang, 'keyFigures') },
      { type: 'figures', items: figures },
      { type: 'heading', text: word(lang, 'summary') },
      sentences.length > 0 ? { type: 'sentences', items: sentences } : { type: 'note', text: word(lang, 'noNotable') },
      { type: 'heading', text: word(lang, 'weekly') },
      ...(d.rows.length > 0
        ? [{ type: 'chart' as const, title: word(lang, 'comparison'), chart: weeklyComparisonChart(busiestFirst(d.rows).map((r) => (r.own ? { ...r, name: ownName(lang, r.name) } : r)), lang) }]
        : [{ type: 'note' as const, text: word(lang, 'noSubUnits') }]),
      {
        type: 'table',
        table: {
          sheet: word(lang, 'weeklyTitle'),
          title: word(lang, 'weekly'),
          inPdf: true,
          columns: columns(lang, d),
          rows: d.rows.map((r) => rowCells(r, r.own ? ownName(lang, r.name) : r.name)),
          total: rowCells(t, word(lang, 'total')),
        },
      },
    ],
  };
}
