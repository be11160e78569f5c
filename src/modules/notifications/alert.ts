// An alert: what a group chat or a webhook is told about a flagged check-in, an officer's decision, a grid task
// gone overdue (escalated), or a grid's evening summary. Built from masked data only, stored as it is with each delivery, and turned into each chat's format on sending.
// Pure: no I/O.

export const ALERT_EVENTS = ['flagged', 'decision', 'task_overdue', 'grid_daily'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export interface MaskedPerson {
  name: string | null;
  idNumber: string | null;
  phone: string | null;
}

/** A grid's day (grid_daily): its subtree's tasks, missed temperature reports and active campaigns. */
export interface GridDayCounts {
  /** the local day, YYYY-MM-DD */
  day: string;
  open: number;
  doneToday: number;
  overdue: number;
  /** temperature report slots of the day that ended with no report */
  missedReports: number;
  campaigns: Array<{ name: string; total: number; done: number; percentDone: number }>;
}

/** The grid unit an alert is about; `counts` in a grid_daily alert. */
export interface AlertGrid {
  code: string;
  name: string;
  counts?: GridDayCounts;
}

/** The overdue task of a task_overdue alert (masked person). */
export interface AlertTask {
  id: string;
  kind: string;
  title: string | null;
  person: MaskedPerson | null;
  /** ISO 8601 */
  dueAt: string;
  /** the unit it was escalated to */
  escalatedTo: { code: string; name: string } | null;
}

/** The documented body of the generic webhook (see schema.ts, GenericAlertBody). */
export interface Alert {
  event: AlertEvent | 'test';
  /** when it happened (ISO 8601) */
  at: string;
  site: { code: string; name: string; orgUnit: string | null } | null;
  checkin: { id: string; kind: string; direction: string; flags: string[]; people: number | null; person: MaskedPerson } | null;
  decision?: { decision: 'hold' | 'refer'; by: string };
  /** task_overdue and grid_daily: the grid (the task's unit, the hook's unit) */
  grid?: AlertGrid;
  /** task_overdue */
  task?: AlertTask;
  /** where the console shows it */
  link: string;
}

const FLAG_WORDS: Record<string, string> = { fever: '发热', symptoms: '有症状', risk_area: '来自/途经风险地区', watch_list: '重点人员' };
const KIND_WORDS: Record<string, string> = { checkpoint: '卡口', community: '小区', floating: '流动人口', station: '检测站' };
const DIRECTION_WORDS: Record<string, string> = { in: '进', out: '出' };
const DECISION_WORDS: Record<string, string> = { hold: '留验', refer: '转送医疗点' };
const TASK_WORDS: Record<string, string> = {
  contact_follow_up: '密接随访', home_observation: '居家观察', missed_report: '体温漏报', screening: '入户排查', ad_hoc: '临时任务',
};

export const flagWords = (flags: string[]) => flags.map((f) => FLAG_WORDS[f] ?? f).join('、');

/** The chats are read in China: times in China Standard Time, e.g. 2026-11-28 16:05:09. */
export function chinaTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')}`;
}

/**
 * Both robots render Markdown: typed values (names) lose the characters that make links or layout, so a name cannot
 * inject a link; the mask's * becomes a full-width ＊, which reads the same and is not emphasis.
 */
const plain = (s: string | null | undefined) => (s ?? '').replace(/[\\`_[\]()<>#|~]/g, ' ').replace(/\*/g, '＊').trim();

export function alertTitle(a: Alert): string {
  if (a.event === 'test') return 'TraceGrid 测试消息';
  const grid = a.grid ? ` · ${plain(a.grid.name)}` : '';
  if (a.event === 'task_overdue') return `【任务逾期】${taskWhat(a.task)}${grid}`;
  if (a.event === 'grid_daily') return `【网格日报】${a.grid?.counts?.day ?? ''}${grid}`;
  const where = a.site ? ` · ${plain(a.site.name)}` : '';
  if (a.event === 'decision') return `【处置】${DECISION_WORDS[a.decision?.decision ?? ''] ?? ''}${where}`;
  return `【预警】${flagWords(a.checkin?.flags ?? [])}${where}`;
}

const taskWhat = (t: AlertTask | undefined) => (t ? (t.title ? plain(t.title) : TASK_WORDS[t.kind] ?? t.kind) : '');

/** The lines of a grid alert: the overdue task (whom, when due, escalated to) or the day's counts. */
function gridLines(a: Alert): string[] {
  const lines: string[] = [];
  if (a.grid) lines.push(`> 网格：${plain(a.grid.name)}（${a.grid.code}）`);
  const t = a.task;
  if (t) {
    lines.push(`> 任务：${TASK_WORDS[t.kind] ?? t.kind}${t.title ? `，${plain(t.title)}` : ''}`);
    const who = t.person ? [t.person.name, t.person.idNumber, t.person.phone].map(plain).filter(Boolean).join('  ') : '';
    if (who) lines.push(`> 对象：${who}`);
    lines.push(`> 应完成：${chinaTime(t.dueAt)}`);
    if (t.escalatedTo) lines.push(`> 已上报：**${plain(t.escalatedTo.name)}**（${t.escalatedTo.code}）`);
  }
  const c = a.grid?.counts;
  if (c) {
    lines.push(`> 未完成任务：**${c.open}**，今日完成：${c.doneToday}，逾期：**${c.overdue}**`);
    lines.push(`> 今日体温漏报：${c.missedReports}`);
    for (const k of c.campaigns) lines.push(`> 排查「${plain(k.name)}」：完成 ${k.percentDone}%（${k.done}/${k.total}）`);
  }
  return lines;
}

/** The message in Chinese: what, where, when, who (masked), and the link into the console. */
export function alertMarkdown(a: Alert, newline = '\n'): string {
  const lines = [`### ${alertTitle(a)}`];
  if (a.event === 'grid_daily') {
    lines.push(...gridLines(a), `[在控制台查看](${a.link})`);
    return lines.join(newline);
  }
  if (a.event === 'test') {
    lines.push('此群已接入 TraceGrid 预警通知：登记中发现发热、症状、风险地区或重点人员时，将在此推送（个人信息已脱敏）。');
  }
  lines.push(...gridLines(a));
  if (a.site) lines.push(`> 登记点：${plain(a.site.name)}（${a.site.code}）${a.site.orgUnit ? `，${plain(a.site.orgUnit)}` : ''}`);
  lines.push(`> 时间：${chinaTime(a.at)}`);
  const c = a.checkin;
  if (c) {
    if (c.flags.length) lines.push(`> 预警：**${flagWords(c.flags)}**`);
    const people = c.people && c.people > 1 ? `，同行共 ${c.people} 人` : '';
    lines.push(`> 类型：${KIND_WORDS[c.kind] ?? c.kind}，${DIRECTION_WORDS[c.direction] ?? c.direction}${people}`);
    const who = [c.person.name, c.person.idNumber, c.person.phone].map(plain).filter(Boolean).join('  ');
    if (who) lines.push(`> 登记人：${who}`);
  }
  if (a.decision) lines.push(`> 处置：**${DECISION_WORDS[a.decision.decision]}**（${plain(a.decision.by)}）`);
  lines.push(`[在控制台查看](${a.link})`);
  return lines.join(newline);
}

/** At most this many alerts go into one digest message (the robots cap a message at 4096 bytes). */
export const DIGEST_MAX = 10;

/** The title of a digest: how many, and where (the site when all are from one). */
export function digestTitle(alerts: Alert[]): string {
  const places = new Set(alerts.map((a) => (a.site ? plain(a.site.name) : a.grid ? plain(a.grid.name) : '')));
  const gridOnly = alerts.every((a) => a.event === 'task_overdue' || a.event === 'grid_daily');
  const where = places.size === 1 && !places.has('') ? [...places][0] : gridOnly ? '多个网格' : '多个登记点';
  const all = (event: Alert['event']) => alerts.every((a) => a.event === event);
  const head = all('decision') ? '【处置】' : all('task_overdue') ? '【任务逾期】' : all('grid_daily') ? '【网格日报】' : gridOnly || alerts.some((a) => a.grid) ? '【通知】' : '【预警】';
  return `${head}${alerts.length} 条 · ${where}`;
}

/** One short masked line of a digest: time, site, flags or decision, who (masked name only), the console link. */
function digestLine(a: Alert): string {
  const parts = [chinaTime(a.at).slice(5)];
  if (a.site) parts.push(plain(a.site.name));
  else if (a.grid) parts.push(plain(a.grid.name));
  if (a.task) parts.push(`**逾期**${taskWhat(a.task)}`);
  const c = a.grid?.counts;
  if (c) parts.push(`**日报** 未完成 ${c.open}，今日完成 ${c.doneToday}，逾期 ${c.overdue}，漏报 ${c.missedReports}`);
  if (a.decision) parts.push(`**${DECISION_WORDS[a.decision.decision]}**（${plain(a.decision.by)}）`);
  else if (a.checkin?.flags.length) parts.push(`**${flagWords(a.checkin.flags)}**`);
  const name = plain(a.checkin?.person.name ?? a.task?.person?.name);
  if (name) parts.push(name);
  return `- ${parts.join(' ')} [查看](${a.link})`;
}

/** Several alerts to one robot as one message (a burst at a checkpoint must not flood the chat). */
export function digestMarkdown(alerts: Alert[], newline = '\n'): string {
  return [`### ${digestTitle(alerts)}`, ...alerts.map(digestLine)].join(newline);
}
