// When the history's check-ins happen: a daily rhythm (quiet at night, peaks for the commutes), fewer at the
// weekend, a trend rising through the window, and the risk areas of the past weeks. Pure: no I/O.
import { addDays, dayStartMs, daysBetween, epochHour, HOUR_MS, localDay } from '../../core/local-day.ts';
import type { RiskArea } from '../risk/rules.ts';

// Check-ins per local hour (00-23).
const HOURLY = [0.2, 0.12, 0.08, 0.08, 0.12, 0.3, 0.7, 1.4, 1.8, 1.4, 1.1, 1.1, 1.3, 1.1, 1.0, 1.1, 1.3, 1.7, 1.9, 1.5, 1.1, 0.8, 0.5, 0.3];
// Sunday first: fewer trips at the weekend, more on Mondays and Fridays.
const WEEKDAY = [0.75, 1.05, 1.0, 1.0, 1.0, 1.1, 0.85];

export interface HourShare {
  start: number;
  /** ms of the hour that have passed (the current hour: up to now) */
  span: number;
  /** check-ins in this hour */
  checkins: number;
}

/**
 * How many of `total` check-ins fall in each hour from the first day's midnight to now: weights rounded
 * cumulatively, so the hours add up to exactly `total`. `jitter` (0..1) varies each day a little.
 */
export function hourShares(from: string, days: number, now: number, total: number, jitter: () => number): HourShare[] {
  const factors = new Map<string, number>();
  const dayFactor = (day: string) => {
    const i = daysBetween(from, day) - 1;
    return WEEKDAY[new Date(`${day}T00:00:00Z`).getUTCDay()] * (0.75 + (0.5 * i) / Math.max(1, days - 1)) * (0.95 + jitter() * 0.1);
  };
  const first = epochHour(dayStartMs(from));
  const last = epochHour(now);
  const hours: Array<{ start: number; span: number; weight: number }> = [];
  for (let h = first; h <= last; h++) {
    const start = h * HOUR_MS;
    const day = localDay(start);
    if (!factors.has(day)) factors.set(day, dayFactor(day));
    const span = h === last ? now - start + 1 : HOUR_MS;
    hours.push({ start, span, weight: HOURLY[(h + 8) % 24] * factors.get(day)! * (span / HOUR_MS) });
  }
  const sum = hours.reduce((a, h) => a + h.weight, 0);
  let cumulative = 0;
  let given = 0;
  return hours.map((h, i) => {
    cumulative += h.weight;
    const upTo = i === hours.length - 1 ? total : Math.round((total * cumulative) / sum);
    const share = { start: h.start, span: h.span, checkins: upTo - given };
    given = upTo;
    return share;
  });
}

/**
 * Risk areas of the past weeks, all ended before today: they flag the history's arrivals from them (and come and go
 * on the flag chart) but are not stored, so they judge no live check-in. Travellers come from them (history-people.ts).
 */
export function pastRiskAreas(from: string, days: number): RiskArea[] {
  const at = (share: number) => dayStartMs(addDays(from, Math.floor(days * share)));
  return [
    { code: '420100', level: 'high', validFrom: at(0.1), validTo: at(0.55) - 1 },
    { code: '130600', level: 'medium', validFrom: at(0.4), validTo: at(0.8) - 1 },
    { code: '610100', level: 'low', validFrom: at(0.7), validTo: dayStartMs(addDays(from, days - 1)) - 1 },
  ];
}
