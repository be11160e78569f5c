// The analysis report (研判报告) as content: key figures against the period before, the sentences, the daily
// chart, subordinate units, origins, sites, the four categories and list movements, and the flagged check-ins
// (masked by the data layer; nothing here unmasks). Pure apart from drawing the charts.
import type { AnalysisReportData } from '../analytics/types.ts';
import { CATEGORIES } from '../analytics/types.ts';
import { categoryChart, dailyChart, originPie, subUnitChart } from './charts.ts';
import { changeOf, type Block, type Column, type Figure, type ReportDoc, type Table } from './doc.ts';
import { analysisSentences } from './narrative.ts';
import { chinaMinute, flagName, kindName, ownName, periodText, word, type ReportLang } from './text.ts';

const col = (lang: ReportLang, key: Parameters<typeof word>[1], kind: Column['kind'], weight = 1): Column => ({ label: word(lang, key), kind, weight });

/** Category figures of a report: the count at the end of the period, and its net change within the period. */
function categoryFigures(d: AnalysisReportData, lang: ReportLang): Figure[] {
  const last = d.dashboard.categoriesDaily.at(-1);
  return CATEGORIES.map((cat) => {
    const current = last ? last[cat] : (d.dashboard.categories.find((c) => c.category === cat)?.current.value ?? 0);
    const m = d.listMovements.find((l) => l.kind === cat);
    // Net movement of the period: the count at its start is the count at its end less what came and went.
    const net = m ? m.added.value - m.ended.value : 0;
    return { label: kindName(lang, cat), value: current, change: m ? changeOf(current, Math.max(0, current - net)) : null };
  });
}

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

function dailyTable(d: AnalysisReportData, lang: ReportLang): Table {
  return {
    sheet: word(lang, 'daily'),
    title: word(lang, 'daily'),
    inPdf: false,
    columns: [col(lang, 'day', 'text'), col(lang, 'checkins', 'number'), col(lang, 'flagged', 'number'), col(lang, 'watchHits', 'number'), col(lang, 'checkinsAvg7', 'number'), col(lang, 'flaggedAvg7', 'number')],
    rows: d.dashboard.daily.map((x) => [x.day, x.checkins, x.flagged, x.watchHits, x.checkinsAvg7, x.flaggedAvg7]),
  };
}

function subUnitBlocks(d: AnalysisReportData, lang: ReportLang): Block[] {
  const blocks: Block[] = [{ type: 'heading', text: word(lang, 'subUnits') }];
  if (d.dashboard.subUnits.length === 0) return [...blocks, { type: 'note', text: word(lang, 'noSubUnits') }];
  const changes = new Map(d.subUnitChanges.map((u) => [u.code, u]));
  // The dashboard's order (busiest first), with this period against the one before where the data has it.
  // The unit's own sites have a row of their own, named so.
  const units = d.dashboard.subUnits.map((u) => (u.own ? { ...u, name: ownName(lang, u.name) } : u));
  const rows = units.map((u) => {
    const c = changes.get(u.code);
    return [u.name, u.code, c?.checkins ?? u.checkins, c?.flagged ?? u.flagged, u.watchHits];
  });
  blocks.push({ type: 'chart', title: word(lang, 'subUnits'), chart: subUnitChart(units, lang) });
  blocks.push({
    type: 'table',
    table: {
      sheet: word(lang, 'subUnits'),
      title: word(lang, 'subUnits'),
      inPdf: true,
      columns: [col(lang, 'name', 'text', 2), col(lang, 'code', 'text', 1.3), col(lang, 'checkins', 'change', 1.6), col(lang, 'flagged', 'change', 1.4), col(lang, 'watchHits', 'number')],
      rows,
      total: [word(lang, 'total'), d.dashboard.org.code, d.change.checkins, d.change.flagged, d.dashboard.totals.watchHits],
    },
  });
  return blocks;
}

function originBlocks(d: AnalysisReportData, lang: ReportLang): Block[] {
  const { provinces, cities } = d.dashboard.origins;
  const blocks: Block[] = [{ type: 'heading', text: word(lang, 'origins') }];
  if (provinces.length === 0 && cities.length === 0) return [...blocks, { type: 'note', text: word(lang, 'noOrigins') }];
  const table = (key: 'originProvinces' | 'originCities', list: typeof provinces): Table => {
    const whole = list.reduce((s, o) => s + o.checkins, 0);
    return {
      sheet: word(lang, key),
      title: word(lang, key),
      inPdf: true,
      pdfLimit: 10,
      columns: [col(lang, 'name', 'text', 2), col(lang, 'code', 'text'), col(lang, 'checkins', 'number'), col(lang, 'share', 'share')],
      rows: list.map((o) => [o.name, o.code, o.checkins, share(o.checkins, whole)]),
    };
  };
  if (provinces.length > 0) blocks.push({ type: 'chart', title: word(lang, 'originProvinces'), chart: originPie(provinces, lang) });
  blocks.push({ type: 'table', table: table('originProvinces', provinces) }, { type: 'table', table: table('originCities', cities) });
  return blocks;
}

function siteBlocks(d: AnalysisReportData, lang: ReportLang): Block[] {
  const blocks: Block[] = [{ type: 'heading', text: word(lang, 'sites') }];
  if (d.dashboard.sites.length === 0) return [...blocks, { type: 'note', text: word(lang, 'noSites') }];
  const changes = new Map(d.siteChanges.map((s) => [s.code, s.checkins]));
  blocks.push({
    type: 'table',
    table: {
      sheet: word(lang, 'sites'),
      title: word(lang, 'sites'),
      inPdf: true,
      columns: [col(lang, 'name', 'text', 2.2), col(lang, 'code', 'text', 1.2), col(lang, 'kind', 'text', 1.1), col(lang, 'checkins', 'change', 1.6), col(lang, 'flagged', 'number')],
      rows: d.dashboard.sites.map((s) => [s.name, s.code, kindName(lang, s.kind), changes.get(s.code) ?? s.checkins, s.flagged]),
    },
  });
  blocks.push({
    type: 'table',
    table: {
      sheet: word(lang, 'kind'),
      title: word(lang, 'kind'),
      inPdf: false,
      columns: [col(lang, 'kind', 'text'), col(lang, 'checkins', 'number')],
      rows: d.dashboard.siteKinds.map((k) => [kindName(lang, k.kind), k.checkins]),
    },
  });
  return blocks;
}

function categoryBlocks(d: AnalysisReportData, lang: ReportLang): Block[] {
  const days = d.dashboard.categoriesDaily;
  const blocks: Block[] = [{ type: 'heading', text: word(lang, 'categories') }];
  if (days.length > 0) blocks.push({ type: 'chart', title: word(lang, 'categoriesDaily'), chart: categoryChart(days, lang) });
  blocks.push({
    type: 'table',
    table: {
      sheet: word(lang, 'categoriesDaily'),
      title: word(lang, 'categoriesDaily'),
      inPdf: false,
      columns: [col(lang, 'day', 'text'), ...CATEGORIES.map((c): Column => ({ label: kindName(lang, c), kind: 'number', weight: 1 }))],
      rows: days.map((x) => [x.day, ...CATEGORIES.map((c) => x[c])]),
    },
  });
  blocks.push({
    type: 'table',
    table: {
      sheet: word(lang, 'listMovements'),
      title: word(lang, 'listMovements'),
      inPdf: true,
      columns: [col(lang, 'list', 'text', 1.6), col(lang, 'added', 'change', 1.2), col(lang, 'ended', 'change', 1.2)],
      rows: d.listMovements.map((m) => [kindName(lang, m.kind), m.added, m.ended]),
    },
  });
  return blocks;
}

function flaggedBlocks(d: AnalysisReportData, lang: ReportLang): Block[] {
  const blocks: Block[] = [{ type: 'heading', text: word(lang, 'flaggedCheckins') }];
  if (d.flagged.length === 0) return [...blocks, { type: 'note', text: word(lang, 'noFlagged') }];
  if (d.flaggedTotal > d.flagged.length) blocks.push({ type: 'note', text: word(lang, 'flaggedShown', { shown: d.flagged.length, total: d.flaggedTotal }) });
  if (d.dashboard.flagReasons.length > 0) {
    blocks.push({
      type: 'table',
      table: {
        sheet: word(lang, 'flags'),
        title: word(lang, 'flags'),
        inPdf: true,
        columns: [col(lang, 'flags', 'text', 2), col(lang, 'people', 'number')],
        rows: d.dashboard.flagReasons.map((f) => [flagName(lang, f.flag), f.count]),
      },
    });
  }
  blocks.push({
    type: 'table',
    table: {
      sheet: word(lang, 'flaggedCheckins'),
      title: word(lang, 'flaggedCheckins'),
      inPdf: true,
      columns: [col(lang, 'time', 'text', 1.5), col(lang, 'site', 'text', 1.9), col(lang, 'flags', 'text', 1.4), col(lang, 'people', 'number', 0.6), col(lang, 'person', 'text', 0.9), col(lang, 'idNumber', 'text', 1.7), col(lang, 'phone', 'text', 1.2)],
      rows: d.flagged.map((f) => [chinaMinute(f.at), f.site.name, f.flags.map((x) => flagName(lang, x)).join(lang === 'zh' ? '、' : ', '), f.people, f.person.name, f.person.idNumber, f.person.phone]),
    },
  });
  return blocks;
}

export function analysisDoc(d: AnalysisReportData, lang: ReportLang): ReportDoc {
  const period = d.dashboard.period;
  const c = d.change;
  const figures: Figure[] = [
    { label: word(lang, 'checkins'), value: c.checkins.value, change: c.checkins },
    { label: word(lang, 'flagged'), value: c.flagged.value, change: c.flagged },
    { label: word(lang, 'watchHits'), value: c.watchHits.value, change: c.watchHits },
    ...categoryFigures(d, lang),
  ];
  const sentences = analysisSentences(d, lang);
  const figureRows = figures.map((f) => [f.label, f.change ?? f.value]);
  return {
    lang,
    title: word(lang, 'analysisTitle'),
    orgName: d.dashboard.org.name,
    periodLines: [`${word(lang, 'period')}: ${periodText(period)}`, `${word(lang, 'previousPeriod')}: ${periodText(d.previousPeriod)}`],
    generatedAt: d.generatedAt,
    blocks: [
      { type: 'heading', text: word(lang, 'keyFigures') },
      { type: 'figures', items: figures },
      { type: 'table', table: { sheet: word(lang, 'keyFigures'), title: word(lang, 'keyFigures'), inPdf: false, columns: [col(lang, 'figure', 'text'), col(lang, 'value', 'change')], rows: figureRows } },
      { type: 'heading', text: word(lang, 'summary') },
      sentences.length > 0 ? { type: 'sentences', items: sentences } : { type: 'note', text: word(lang, 'noNotable') },
      { type: 'heading', text: word(lang, 'daily') },
      { type: 'chart', title: word(lang, 'daily'), chart: dailyChart(d.dashboard.daily, lang) },
      { type: 'table', table: dailyTable(d, lang) },
      ...subUnitBlocks(d, lang),
      ...originBlocks(d, lang),
      ...siteBlocks(d, lang),
      ...categoryBlocks(d, lang),
      ...flaggedBlocks(d, lang),
    ],
  };
}
