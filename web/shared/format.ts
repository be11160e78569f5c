import { currentLocale } from './i18n/locale.ts';

/** A date and time in the page language, e.g. 2024/3/1 08:05:09; empty for null. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(currentLocale() === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}
