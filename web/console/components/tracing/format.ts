// How the pieces of a trace read: times, windows, evidence amounts and weights, in the page language. Pure, shared
// by the table, the header and the chart tooltips (which are HTML: everything from the data goes through `esc`).
import { formatDateTime } from '../../../shared/format.ts';
import type { Evidence } from '../../services/tracing.ts';

export type Translate = (key: string, named?: Record<string, unknown>) => string;

export interface Look {
  t: Translate;
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML tooltip: site and place names come from people's input. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]);
}

/** One time, or "from – to" when the two differ. */
export function timeRange(from: string, to: string): string {
  return from === to ? formatDateTime(from) : `${formatDateTime(from)} – ${formatDateTime(to)}`;
}

/** A weight as what it adds: 0.15 -> "+15%". */
export function weightText(weight: number): string {
  return `+${Math.round(weight * 1000) / 10}%`;
}

/** What `minutes` means depends on how: a gap between passages, an overlap of presence, days of a shared stay. */
export function amountText(e: Evidence, t: Translate): string {
  switch (e.how) {
    case 'checkpoint_passage':
    case 'vehicle':
      return e.minutes === 0 ? t('tracing.evidence.sameTime') : t('tracing.evidence.gap', { total: e.minutes });
    case 'companion':
      return t('tracing.evidence.together');
    case 'household':
    case 'floating_address':
      return t('tracing.evidence.days', { total: Math.max(1, Math.round(e.minutes / 1440)) });
    default:
      return t('tracing.evidence.overlap', { total: e.minutes });
  }
}

/** One line per evidence, for tooltips: how · where · when · amount · weight. */
export function evidenceLine(e: Evidence, look: Look): string {
  const { t } = look;
  const where = e.siteName ?? e.site ?? t('tracing.evidence.addressOnly');
  return [t(`tracing.kinds.${e.how}`), where, timeRange(...e.times.contact), amountText(e, t), weightText(e.weight)].join(' · ');
}

/** A day, short: 2024-03-01 -> 03-01. */
export function shortDay(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day.slice(5) : day;
}
