// The page's text in Chinese and English (the server's error messages come in the same language).
const zh = {
  title: '居家观察 · 体温报告',
  loading: '正在加载…',
  person: '观察对象：{name}',
  day: '第 {day} 天，共 {days} 天',
  until: '观察至 {end}',
  today: '今天的报告',
  am: '上午（06:00–12:00）',
  'slot.am': '上午',
  'slot.pm': '下午',
  pm: '下午（14:00–21:00）',
  done: '已报告',
  pending: '待发送',
  open: '未报告',
  temperature: '体温（°C）',
  temperatureHint: '请测量后填写，如 36.5',
  symptoms: '今天的症状（可多选，没有则不选）',
  'symptom.fever': '发热',
  'symptom.cough': '咳嗽',
  'symptom.fatigue': '乏力',
  'symptom.sore_throat': '咽痛',
  'symptom.loss_of_taste_smell': '嗅觉或味觉减退',
  'symptom.diarrhea': '腹泻',
  'symptom.short_breath': '呼吸困难',
  submit: '提交{slot}报告',
  sending: '正在提交…',
  sent: '已收到您的{slot}报告，谢谢！',
  fever: '您的体温偏高或有症状：网格员会联系您，必要时请就医。',
  queued: '网络不通：报告已保存在手机上，联网后会自动发送（不会重复）。',
  sendNow: '立即发送',
  noSlot: '现在不在报告时段。请在上午 06:00–12:00、下午 14:00–21:00 报告体温。',
  ended: '您的居家观察已结束，无需再报告。感谢配合！',
  badTemperature: '体温应在 35.0 到 42.0 °C 之间，最多一位小数',
  invalidTitle: '链接无效',
  noToken: '请使用网格员发给您的个人链接打开本页。',
  unreachable: '暂时无法连接服务器，请稍后重试。',
  retry: '重试',
  why: '本页只收集体温和症状，仅用于居家观察期间的健康随访，只有负责您的网格员和防控人员能看到。链接只属于您本人，请勿转发。',
};

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title: 'Home observation · temperature report',
  loading: 'Loading…',
  person: 'Under observation: {name}',
  day: 'Day {day} of {days}',
  until: 'Until {end}',
  today: "Today's reports",
  am: 'Morning (06:00–12:00)',
  'slot.am': 'morning',
  'slot.pm': 'evening',
  pm: 'Evening (14:00–21:00)',
  done: 'Reported',
  pending: 'Waiting to send',
  open: 'Not yet',
  temperature: 'Temperature (°C)',
  temperatureHint: 'Measure, then enter it, e.g. 36.5',
  symptoms: "Today's symptoms (any that apply; none: leave empty)",
  'symptom.fever': 'Fever',
  'symptom.cough': 'Cough',
  'symptom.fatigue': 'Fatigue',
  'symptom.sore_throat': 'Sore throat',
  'symptom.loss_of_taste_smell': 'Loss of taste or smell',
  'symptom.diarrhea': 'Diarrhoea',
  'symptom.short_breath': 'Shortness of breath',
  submit: 'Send the {slot} report',
  sending: 'Sending…',
  sent: 'Your {slot} report is in. Thank you!',
  fever: 'Your temperature is high or you have symptoms: your grid worker will contact you; see a doctor if needed.',
  queued: 'No network: the report is kept on this phone and sent when the network is back (never twice).',
  sendNow: 'Send now',
  noSlot: 'No report is taken now. Report from 06:00 to 12:00 and from 14:00 to 21:00.',
  ended: 'Your home observation has ended; no more reports are needed. Thank you!',
  badTemperature: 'The temperature should be 35.0 to 42.0 °C, at most one decimal',
  invalidTitle: 'Link not valid',
  noToken: 'Open this page with the personal link your grid worker sent you.',
  unreachable: 'The server cannot be reached right now; try again shortly.',
  retry: 'Retry',
  why: 'This page collects only your temperature and symptoms, for health follow-up during your home observation; only the grid workers and health staff responsible for you see them. The link is yours alone: do not forward it.',
};

export type Lang = 'zh' | 'en';
const catalogs: Record<Lang, Record<Key, string>> = { zh, en };
const STORAGE_KEY = 'tg_locale'; // shared with the other pages
let lang: Lang = 'zh';

export function initialLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'zh' || fromUrl === 'en') return fromUrl;
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // storage unavailable: Chinese
  }
  return 'zh';
}

export function setLang(next: Lang): void {
  lang = next;
  document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered
  }
}

export function currentLang(): Lang {
  return lang;
}

export function t(key: Key, params: Record<string, string | number> = {}): string {
  return catalogs[lang][key].replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}

export const SYMPTOMS = ['fever', 'cough', 'fatigue', 'sore_throat', 'loss_of_taste_smell', 'diarrhea', 'short_breath'] as const;
