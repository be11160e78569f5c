// The short sentences at the top of a report: what changed against the period before, in Chinese or English.
// Only notable changes (the thresholds below), biggest first, at most MAX_SENTENCES. Pure and deterministic: the
// same figures always give the same sentences in the same order.
import type { AnalysisReportData, Category, Change, DispatchRow, Period, WeeklyDispatchData } from '../analytics/types.ts';
import { CATEGORIES } from '../analytics/types.ts';
import { num, ownName, pct, previousName, type ReportLang } from './text.ts';

interface Threshold {
  /** the least absolute change worth a sentence */
  minChange: number;
  /** the least relative change (when there was something before) */
  minRatio: number;
}

export const THRESHOLDS = {
  /** the org unit's own check-ins */
  checkins: { minChange: 20, minRatio: 0.1 },
  /** check-ins of one site or subordinate unit: a part moves more than the whole before it is news */
  partCheckins: { minChange: 20, minRatio: 0.3 },
  flagged: { minChange: 2, minRatio: 0.2 },
  watchHits: { minChange: 2, minRatio: 0.2 },
  listAdded: { minChange: 5, minRatio: 0.2 },
  /** current count of a category: any change of the two case categories counts */
  category: { confirmed: 1, suspected: 1, fever: 3, close_contact: 3 } as Record<Category, number>,
  /** new entries of a category in the period that are worth a sentence on their own */
  newInCategory: { confirmed: 1, suspected: 1, fever: 3, close_contact: 3 } as Record<Category, number>,
} satisfies Record<string, Threshold | Record<Category, number>>;

export const MAX_SENTENCES = 8;
/** sites and subordinate units each get at most this many sentences */
const MAX_PARTS = 3;

export interface Fact {
  key: string;
  /** relative size of the change: how the sentences are ordered */
  score: number;
  /** absolute size, to order facts of the same relative size */
  size: number;
  text: string;
}

export function isNotable(c: Change, t: Threshold): boolean {
  if (Math.abs(c.change) < t.minChange) return false;
  return c.previous === 0 || Math.abs(c.change) / c.previous >= t.minRatio;
}

const scoreOf = (c: Change) => Math.abs(c.change) / Math.max(c.previous, 1);
const fact = (key: string, c: Change, text: string): Fact => ({ key, score: scoreOf(c), size: Math.abs(c.change), text });

// ---------- sentence forms ----------

/** "Check-ins at X rose 35% over last week (1,234 to 1,666)." */
function checkinsSentence(lang: ReportLang, place: string, c: Change, prev: string): string {
  const up = c.change > 0;
  if (lang === 'zh') {
    if (c.previous === 0) return `${place}登记${num(c.value)}人次，${prev}为0`;
    return `${place}登记人次较${prev}${up ? '上升' : '下降'}${pct(c.change / c.previous)}（${num(c.previous)}→${num(c.value)}）`;
  }
  if (c.previous === 0) return `Check-ins at ${place}: ${num(c.value)}, against none ${prev}.`;
  return `Check-ins at ${place} ${up ? 'rose' : 'fell'} ${pct(c.change / c.previous)} ${up ? 'over' : 'from'} ${prev} (${num(c.previous)} to ${num(c.value)}).`;
}

interface Counted {
  zh: { subject: string; unit: string };
  en: string;
}

/** "Flagged people fell from 12 to 8." */
function fromToSentence(lang: ReportLang, what: Counted, c: Change, place?: string): string {
  const up = c.change > 0;
  if (lang === 'zh') return `${place ?? ''}${what.zh.subject}由${num(c.previous)}${what.zh.unit}${up ? '增至' : '降至'}${num(c.value)}${what.zh.unit}`;
  return `${what.en}${place ? ` at ${place}` : ''} ${up ? 'rose' : 'fell'} from ${num(c.previous)} to ${num(c.value)}.`;
}

const FLAGGED: Counted = { zh: { subject: '被标记人员', unit: '人次' }, en: 'Flagged people' };
const WATCH_HITS: Counted = { zh: { subject: '重点人员命中', unit: '次' }, en: 'Watch-list hits' };
const LIST_ARRIVALS: Counted = { zh: { subject: '名单新增人员', unit: '人' }, en: 'List arrivals' };

const CATEGORY_WORDS: Record<Category, { zh: string; zhUnit: string; en: [string, string] }> = {
  confirmed: { zh: '确诊病例', zhUnit: '例', en: ['confirmed case', 'confirmed cases'] },
  suspected: { zh: '疑似病例', zhUnit: '例', en: ['suspected case', 'suspected cases'] },
  fever: { zh: '发热病人', zhUnit: '人', en: ['fever patient', 'fever patients'] },
  close_contact: { zh: '密切接触者', zhUnit: '人', en: ['close contact', 'close contacts'] },
};

const LIST_WORDS: Record<string, { zh: string; en: string }> = {
  incoming: { zh: '外来人员', en: 'the incoming list' },
  observation: { zh: '留观人员', en: 'the observation list' },
  high_risk: { zh: '高危重点人员', en: 'the high-risk list' },
};

const categoryCounted = (cat: Category): Counted => {
  const w = CATEGORY_WORDS[cat];
  return { zh: { subject: w.zh, unit: w.zhUnit }, en: w.en[1][0].toUpperCase() + w.en[1].slice(1) };
};

/** "3 new confirmed cases." */
function newInCategorySentence(lang: ReportLang, cat: Category, n: number): string {
  const w = CATEGORY_WORDS[cat];
  return lang === 'zh' ? `新增${w.zh}${num(n)}${w.zhUnit}` : `${num(n)} new ${w.en[n === 1 ? 0 : 1]}.`;
}

// ---------- choosing ----------

/** The notable facts, biggest first (ties by absolute size, then by key), at most MAX_SENTENCES. */
export function pickSentences(facts: Fact[], lang: ReportLang): string[] {
  const ordered = [...facts].sort((a, b) => b.score - a.score || b.size - a.size || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // Chinese sentences are joined by the reader's eye without a full stop each; give them one.
  return ordered.slice(0, MAX_SENTENCES).map((f) => (lang === 'zh' ? `${f.text}。` : f.text));
}

/** The biggest notable changes among the parts (sites or subordinate units), at most MAX_PARTS; ties by code. */
function topParts<T extends { code: string }>(items: T[], change: (t: T) => Change, t: Threshold): T[] {
  return items
    .filter((i) => isNotable(change(i), t))
    .sort((a, b) => scoreOf(change(b)) - scoreOf(change(a)) || Math.abs(change(b).change) - Math.abs(change(a).change) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .slice(0, MAX_PARTS);
}

function totalFacts(lang: ReportLang, orgName: string, period: Period, c: { checkins: Change; flagged: Change; watchHits: Change }): Fact[] {
  const prev = previousName(lang, period);
  const out: Fact[] = [];
  if (isNotable(c.checkins, THRESHOLDS.checkins)) out.push(fact('total.checkins', c.checkins, checkinsSentence(lang, orgName, c.checkins, prev)));
  if (isNotable(c.flagged, THRESHOLDS.flagged)) out.push(fact('total.flagged', c.flagged, fromToSentence(lang, FLAGGED, c.flagged)));
  if (isNotable(c.watchHits, THRESHOLDS.watchHits)) out.push(fact('total.watchHits', c.watchHits, fromToSentence(lang, WATCH_HITS, c.watchHits)));
  return out;
}

export function analysisSentences(d: AnalysisReportData, lang: ReportLang): string[] {
  const period = d.dashboard.period;
  const prev = previousName(lang, period);
  const facts = totalFacts(lang, d.dashboard.org.name, period, d.change);
  // The unit's own sites have a row of their own, under the unit's own code.
  const unitName = (u: { code: string; name: string }) => (u.code === d.dashboard.org.code ? ownName(lang, u.name) : u.name);
  for (const u of topParts(d.subUnitChanges, (u) => u.checkins, THRESHOLDS.partCheckins)) {
    facts.push(fact(`unit.${u.code}.checkins`, u.checkins, checkinsSentence(lang, unitName(u), u.checkins, prev)));
  }
  for (const u of topParts(d.subUnitChanges, (u) => u.flagged, THRESHOLDS.flagged)) {
    facts.push(fact(`unit.${u.code}.flagged`, u.flagged, fromToSentence(lang, FLAGGED, u.flagged, unitName(u))));
  }
  for (const s of topParts(d.siteChanges, (s) => s.checkins, THRESHOLDS.partCheckins)) {
    facts.push(fact(`site.${s.code}.checkins`, s.checkins, checkinsSentence(lang, s.name, s.checkins, prev)));
  }
  for (const m of d.listMovements) {
    if ((CATEGORIES as readonly string[]).includes(m.kind)) {
      const cat = m.kind as Category;
      if (m.added.value >= THRESHOLDS.newInCategory[cat]) {
        // New cases matter by their number, not by how the period before compares.
        facts.push({ key: `list.${cat}.added`, score: m.added.value / Math.max(m.added.previous, 1), size: m.added.value, text: newInCategorySentence(lang, cat, m.added.value) });
      }
    } else if (LIST_WORDS[m.kind] && isNotable(m.added, THRESHOLDS.listAdded)) {
      const w = LIST_WORDS[m.kind];
      const what: Counted = { zh: { subject: `${w.zh}名单新增`, unit: '人' }, en: `Additions to ${w.en}` };
      facts.push(fact(`list.${m.kind}.added`, m.added, fromToSentence(lang, what, m.added)));
    }
  }
  return pickSentences(facts, lang);
}

export function weeklySentences(d: WeeklyDispatchData, lang: ReportLang): string[] {
  const prev = previousName(lang, d.week);
  const facts = totalFacts(lang, d.org.name, d.week, d.total);
  if (isNotable(d.total.listArrivals, THRESHOLDS.listAdded)) facts.push(fact('total.listArrivals', d.total.listArrivals, fromToSentence(lang, LIST_ARRIVALS, d.total.listArrivals)));
  for (const cat of CATEGORIES) {
    const c = d.total.categories[cat];
    const t = { minChange: THRESHOLDS.category[cat], minRatio: cat === 'confirmed' || cat === 'suspected' ? 0 : 0.2 };
    if (isNotable(c, t)) facts.push(fact(`total.${cat}`, c, fromToSentence(lang, categoryCounted(cat), c)));
  }
  const unitName = (r: DispatchRow) => (r.own ? ownName(lang, r.name) : r.name);
  for (const r of topParts(d.rows, (r) => r.checkins, THRESHOLDS.partCheckins)) {
    facts.push(fact(`unit.${r.code}.checkins`, r.checkins, checkinsSentence(lang, unitName(r), r.checkins, prev)));
  }
  for (const r of topParts(d.rows, (r) => r.flagged, THRESHOLDS.flagged)) {
    facts.push(fact(`unit.${r.code}.flagged`, r.flagged, fromToSentence(lang, FLAGGED, r.flagged, unitName(r))));
  }
  return pickSentences(facts, lang);
}
