// Every word a report prints, in Chinese and English, and how its numbers and periods are written. Pure.
import type { Change, Period } from '../analytics/types.ts';
import { daysBetween } from '../../core/local-day.ts';

export type ReportLang = 'zh' | 'en';

type Pair = { zh: string; en: string };
const pick = (p: Pair, lang: ReportLang) => p[lang];

const WORDS = {
  analysisTitle: { zh: '研判报告', en: 'Analysis report' },
  weeklyTitle: { zh: '周调度', en: 'Weekly dispatch' },
  period: { zh: '统计时段', en: 'Period' },
  previousPeriod: { zh: '对比时段', en: 'Compared with' },
  week: { zh: '本周', en: 'This week' },
  lastWeek: { zh: '上周', en: 'Last week' },
  generated: { zh: '生成时间', en: 'Generated' },
  page: { zh: '第 {n} 页 / 共 {total} 页', en: 'Page {n} of {total}' },
  orgUnit: { zh: '单位', en: 'Org unit' },
  keyFigures: { zh: '主要指标', en: 'Key figures' },
  summary: { zh: '情况综述', en: 'Summary' },
  noNotable: { zh: '与对比时段相比无明显变化。', en: 'No notable change from the period before.' },
  daily: { zh: '每日登记与标记', en: 'Check-ins and flagged per day' },
  subUnits: { zh: '下级单位', en: 'Subordinate units' },
  noSubUnits: { zh: '本单位无下级单位。', en: 'This unit has no subordinate units.' },
  origins: { zh: '人员来源', en: 'Where people came from' },
  originProvinces: { zh: '来源省份', en: 'Origin provinces' },
  originCities: { zh: '来源城市', en: 'Origin cities' },
  noOrigins: { zh: '本时段无来源信息。', en: 'No origins stated in this period.' },
  sites: { zh: '登记点', en: 'Sites' },
  siteKinds: { zh: '登记点类型', en: 'Site kinds' },
  noSites: { zh: '本时段无登记。', en: 'No check-ins in this period.' },
  categories: { zh: '四类人员与名单变动', en: 'The four categories and list movements' },
  categoriesDaily: { zh: '四类人员每日数量', en: 'The four categories per day' },
  listMovements: { zh: '名单变动', en: 'List movements' },
  flaggedCheckins: { zh: '标记登记（已脱敏）', en: 'Flagged check-ins (masked)' },
  flaggedShown: { zh: '显示最近 {shown} 条，共 {total} 条。', en: 'The latest {shown} of {total}.' },
  noFlagged: { zh: '本时段无标记登记。', en: 'No flagged check-ins in this period.' },
  weekly: { zh: '本周与上周对比', en: 'This week against last week' },
  comparison: { zh: '各单位登记人次', en: 'Check-ins per unit' },
  total: { zh: '合计', en: 'Total' },
  other: { zh: '其他', en: 'Other' },
  // column and series names
  checkins: { zh: '登记人次', en: 'Check-ins' },
  flagged: { zh: '标记人次', en: 'Flagged' },
  watchHits: { zh: '重点人员命中', en: 'Watch-list hits' },
  listArrivals: { zh: '名单新增', en: 'List arrivals' },
  checkinsAvg7: { zh: '登记7日均值', en: 'Check-ins, 7-day average' },
  flaggedAvg7: { zh: '标记7日均值', en: 'Flagged, 7-day average' },
  day: { zh: '日期', en: 'Day' },
  code: { zh: '代码', en: 'Code' },
  name: { zh: '名称', en: 'Name' },
  kind: { zh: '类型', en: 'Kind' },
  level: { zh: '层级', en: 'Level' },
  share: { zh: '占比', en: 'Share' },
  figure: { zh: '指标', en: 'Figure' },
  value: { zh: '数值', en: 'Value' },
  previous: { zh: '对比值', en: 'Previous' },
  change: { zh: '变化', en: 'Change' },
  ratio: { zh: '变化率', en: 'Change %' },
  added: { zh: '新增', en: 'Added' },
  ended: { zh: '解除', en: 'Ended' },
  list: { zh: '名单', en: 'List' },
  time: { zh: '时间', en: 'Time' },
  site: { zh: '登记点', en: 'Site' },
  flags: { zh: '标记原因', en: 'Flags' },
  people: { zh: '人数', en: 'People' },
  person: { zh: '姓名', en: 'Name' },
  idNumber: { zh: '证件号码', en: 'ID number' },
  phone: { zh: '手机号码', en: 'Phone' },
  current: { zh: '期末数量', en: 'At period end' },
  sentence: { zh: '综述', en: 'Sentence' },
} satisfies Record<string, Pair>;

export type Word = keyof typeof WORDS;

export function word(lang: ReportLang, key: Word, params: Record<string, string | number> = {}): string {
  return pick(WORDS[key], lang).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

const NAMES: Record<string, Pair> = {
  // the four categories and the other list kinds
  confirmed: { zh: '确诊病例', en: 'Confirmed cases' },
  suspected: { zh: '疑似病例', en: 'Suspected cases' },
  fever: { zh: '发热病人', en: 'Fever patients' },
  close_contact: { zh: '密切接触者', en: 'Close contacts' },
  incoming: { zh: '外来人员', en: 'Arriving from elsewhere' },
  observation: { zh: '留观人员', en: 'Under medical observation' },
  high_risk: { zh: '高危重点人员', en: 'High-risk people' },
  // site kinds
  checkpoint: { zh: '卡口', en: 'Road checkpoint' },
  community: { zh: '小区', en: 'Residential compound' },
  floating: { zh: '流动人口', en: 'Floating population' },
  station: { zh: '检测站', en: 'Screening station' },
};

const FLAG_NAMES: Record<string, Pair> = {
  fever: { zh: '发热', en: 'Fever' },
  risk_area: { zh: '风险地区', en: 'Risk area' },
  symptoms: { zh: '有症状', en: 'Symptoms' },
  watch_list: { zh: '重点人员', en: 'Watch list' },
};

/** A category, list kind or site kind by its code; an unknown code is shown as it is. */
export function kindName(lang: ReportLang, code: string): string {
  return NAMES[code] ? pick(NAMES[code], lang) : code;
}

const CATEGORY_SHORT: Record<string, Pair> = {
  confirmed: { zh: '确诊', en: 'Confirmed' },
  suspected: { zh: '疑似', en: 'Suspected' },
  fever: { zh: '发热', en: 'Fever' },
  close_contact: { zh: '密接', en: 'Close contacts' },
};

/** A category's name where a table column has little room. */
export function categoryShort(lang: ReportLang, cat: string): string {
  return CATEGORY_SHORT[cat] ? pick(CATEGORY_SHORT[cat], lang) : cat;
}

export function flagName(lang: ReportLang, flag: string): string {
  return FLAG_NAMES[flag] ? pick(FLAG_NAMES[flag], lang) : flag;
}

/** The row of a unit's own sites (not those of a unit below): 新城区（本级） / 新城区 (own). */
export function ownName(lang: ReportLang, name: string): string {
  return lang === 'zh' ? `${name}（本级）` : `${name} (own)`;
}

// ---------- numbers ----------

export const num = (n: number): string => Math.round(n).toLocaleString('en-US');

/** 0.354 -> "35%"; below 10% one decimal, so a small change does not read as none. */
export function pct(ratio: number): string {
  const p = Math.abs(ratio * 100);
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

// ASCII signs: what a reader searches for and what copies cleanly out of a PDF.
const signed = (n: number, s: string) => (n > 0 ? `+${s}` : n < 0 ? `-${s}` : s);

/** "+20 (+12%)", "-3", "±0": how a change is printed next to its value. */
export function changeText(c: Change): string {
  if (c.change === 0) return '±0';
  const abs = signed(c.change, num(Math.abs(c.change)));
  return c.ratio === null || c.change === 0 ? abs : `${abs} (${signed(c.ratio, pct(c.ratio))})`;
}

// ---------- periods ----------

/** "2026-11-22 – 2026-11-28", or the day alone. */
export function periodText(p: Period): string {
  return p.from === p.to ? p.from : `${p.from} – ${p.to}`;
}

/** How the period before is named in a sentence: 前一日 / 上周 / 前30日. */
export function previousName(lang: ReportLang, p: Period): string {
  const days = daysBetween(p.from, p.to);
  if (days === 1) return lang === 'zh' ? '前一日' : 'the day before';
  if (days === 7) return lang === 'zh' ? '上周' : 'last week';
  return lang === 'zh' ? `前${days}日` : `the previous ${days} days`;
}

const CST_OFFSET = 8 * 3600_000;
/** An ISO time as read in the region: 2026-11-28 16:05 (China Standard Time). */
export function chinaMinute(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + CST_OFFSET).toISOString().slice(0, 16).replace('T', ' ');
}
