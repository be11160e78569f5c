// vue-i18n for the officer app and the console: Chinese is bundled, English is loaded when first chosen.
import { createI18n } from 'vue-i18n';
import zh, { type Messages } from './zh.ts';
import { rememberLocale, storedLocale, type Locale } from './locale.ts';

// Declares the message schema (the Chinese messages) to vue-i18n's types. `t` still takes any string key;
// test/web/messages.test.ts checks that every key the pages use exists.
declare module 'vue-i18n' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends Messages {}
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: 'zh',
  fallbackLocale: 'zh',
  messages: { zh } as Record<Locale, Messages>,
});

const loaders: Record<Locale, () => Promise<Messages>> = {
  zh: async () => zh,
  en: async () => (await import('./en.ts')).default,
};

const loaded = new Set<Locale>(['zh']);

export async function setLocale(locale: Locale): Promise<void> {
  if (!loaded.has(locale)) {
    i18n.global.setLocaleMessage(locale, await loaders[locale]());
    loaded.add(locale);
  }
  i18n.global.locale.value = locale;
  rememberLocale(locale);
}

/** The language chosen last time (or asked for by ?lang=), loaded before the app is mounted. */
export function restoreLocale(): Promise<void> {
  return setLocale(storedLocale());
}

export type { Locale };
export { LOCALES } from './locale.ts';
