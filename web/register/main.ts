// The register page reads completely without JavaScript (the build writes the Chinese text into the HTML).
// This script only adds the language switch; the English text is loaded when asked for.
import type { RegisterMessageKey, RegisterMessages } from './i18n/zh.ts';
import { rememberLocale, storedLocale, type Locale } from '../shared/i18n/locale.ts';

const elements = Array.from(document.querySelectorAll<HTMLElement>('[data-i18n]'));
const original = new Map(elements.map((el) => [el, el.textContent ?? '']));
const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-locale]'));

async function messagesFor(locale: Locale): Promise<RegisterMessages | null> {
  if (locale === 'zh') return null; // the text already in the page
  return (await import('./i18n/en.ts')).default;
}

async function show(locale: Locale): Promise<void> {
  const messages = await messagesFor(locale);
  for (const el of elements) {
    const key = el.dataset.i18n as RegisterMessageKey;
    el.textContent = messages ? messages[key] : (original.get(el) ?? '');
  }
  for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.locale === locale));
  rememberLocale(locale);
}

for (const button of buttons) {
  button.addEventListener('click', () => {
    void show(button.dataset.locale === 'en' ? 'en' : 'zh');
  });
}
document.querySelector<HTMLElement>('.locales')?.removeAttribute('hidden');
void show(storedLocale());
