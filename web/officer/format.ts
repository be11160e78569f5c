// Times as an officer at a gate reads them: the time of day for today, the date too for older ones.
import { currentLocale } from '../shared/i18n/locale.ts';

const tag = () => (currentLocale() === 'zh' ? 'zh-CN' : 'en-GB');

export function shortTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const time = date.toLocaleTimeString(tag(), { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (date.toDateString() === new Date().toDateString()) return time;
  return `${date.toLocaleDateString(tag(), { month: 'numeric', day: 'numeric' })} ${time}`;
}

/** The hour an hour bucket starts at, e.g. 14:00. */
export function hourLabel(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${String(date.getHours()).padStart(2, '0')}:00`;
}

/** A value for <input type="datetime-local"> in the phone's time zone, and back to ISO. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
