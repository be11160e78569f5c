// Calendar days as the region lives them: China Standard Time (UTC+8, no daylight saving), 'YYYY-MM-DD'.
// Dashboards, rollups and reports count by these days; hours are plain epoch hours (the offset is whole hours).
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function localDay(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** The first millisecond of the day (00:00 China time). */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - OFFSET_MS;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (1 for the same day, 0 or less when to is before from). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** A real calendar day written as YYYY-MM-DD (2026-02-30 is not one). */
export function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

export function epochHour(ms: number): number {
  return Math.floor(ms / HOUR_MS);
}

/** Every day from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
