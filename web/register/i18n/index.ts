// The page language without an i18n library: Chinese is bundled (and already written into the HTML by the
// build); English and Mongolian are loaded when first chosen. The choice is remembered on the phone.
import zh, { type RegisterMessageKey, type RegisterMessages } from './zh.ts';

export type Lang = 'zh' | 'en' | 'mn';
export const LANGS: readonly Lang[] = ['zh', 'en', 'mn'];

/** The same key as the other pages, so a language chosen here carries over where they have it. */
const STORAGE_KEY = 'tg_locale';
const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en', mn: 'mn-Mong' };

const loaders: Record<Lang, () => Promise<RegisterMessages>> = {
  zh: async () => zh,
  en: async () => (await import('./en.ts')).default,
  mn: async () => (await import('./mn.ts')).default,
};

let lang: Lang = 'zh';
let messages: RegisterMessages = zh;

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** `?lang=` in the address, else the language chosen last time on this phone, else Chinese. */
export function storedLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (isLang(fromUrl)) return fromUrl;
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // storage unavailable (private mode): Chinese then
  }
  return 'zh';
}

export function currentLang(): Lang {
  return lang;
}

export async function setLang(next: Lang): Promise<void> {
  messages = await loaders[next]();
  lang = next;
  document.documentElement.lang = HTML_LANG[next];
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered; still shown
  }
}

/** The message for `key` in the current language, with {param}s filled in. */
export function msg(key: RegisterMessageKey, params: Record<string, string | number> = {}): string {
  return messages[key].replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}

export function hasMessage(key: string): key is RegisterMessageKey {
  return key in zh;
}

export type { RegisterMessageKey };
