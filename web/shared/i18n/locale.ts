// The page language, without any i18n library: the register page and the API client use it as it is.
export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'tg_locale';
let current: Locale = 'zh';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language asked for by `?lang=` in the address, else the one chosen last time, else Chinese. */
export function storedLocale(): Locale {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (isLocale(fromUrl)) return fromUrl;
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // storage can be unavailable (private mode): Chinese then
  }
  return 'zh';
}

export function currentLocale(): Locale {
  return current;
}

/** Records the language shown: for the next visit, for `<html lang>`, and for the API's Accept-Language. */
export function rememberLocale(locale: Locale): void {
  current = locale;
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered; still shown
  }
}
