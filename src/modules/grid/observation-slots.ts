// The two daily report slots of a home observation, in local time (Asia/Shanghai, src/core/local-day.ts): the
// morning 06:00-12:00 and the evening 14:00-21:00. A slot is named 'YYYY-MM-DD/am' or 'YYYY-MM-DD/pm'. Pure: no I/O.
import { addDays, dayStartMs, eachDay, HOUR_MS, localDay } from '../../core/local-day.ts';

export type Half = 'am' | 'pm';
export const HALVES: readonly Half[] = ['am', 'pm'];

/** Local hours each slot is open: [from, to). */
const WINDOWS: Record<Half, [number, number]> = { am: [6, 12], pm: [14, 21] };

export interface SlotWindow {
  slot: string;
  day: string;
  half: Half;
  start: number;
  end: number;
}

export function slotName(day: string, half: Half): string {
  return `${day}/${half}`;
}

export function slotWindow(day: string, half: Half): SlotWindow {
  const [from, to] = WINDOWS[half];
  const base = dayStartMs(day);
  return { slot: slotName(day, half), day, half, start: base + from * HOUR_MS, end: base + to * HOUR_MS };
}

export function parseSlot(slot: string): SlotWindow | null {
  const m = /^(\d{4}-\d{2}-\d{2})\/(am|pm)$/.exec(slot);
  return m ? slotWindow(m[1], m[2] as Half) : null;
}

/**
 * Where a report made at `at` by the person themselves goes: the slot open at that time; between slots (12:00-14:00,
 * after 21:00) the slot of the day that closed last, as a late report (the caller accepts it only while nobody has
 * reported that slot); before 06:00 nothing: the day's first slot has not opened.
 */
export function selfSlotAt(at: number): { window: SlotWindow; late: boolean } | null {
  const day = localDay(at);
  let latest: SlotWindow | null = null;
  for (const half of HALVES) {
    const w = slotWindow(day, half);
    if (at >= w.start && at < w.end) return { window: w, late: false };
    if (at >= w.end) latest = w;
  }
  return latest ? { window: latest, late: true } : null;
}

/**
 * Where a temperature a worker took at `at` goes: the slot open then, else the last slot that opened before it
 * (before 06:00: the evening before). A worker at the door is never turned away for the hour.
 */
export function workerSlotAt(at: number): SlotWindow {
  const self = selfSlotAt(at);
  return self ? self.window : slotWindow(addDays(localDay(at), -1), 'pm');
}

/**
 * The slots an observation owes: those that open at or after its start and close by its end. A link handed over
 * in the middle of a slot does not owe that slot (a report in it still counts).
 */
export function owedSlots(startAt: number, endAt: number, until: number = endAt): SlotWindow[] {
  const last = Math.min(endAt, until);
  if (last <= startAt) return [];
  const out: SlotWindow[] = [];
  for (const day of eachDay(localDay(startAt), localDay(last))) {
    for (const half of HALVES) {
      const w = slotWindow(day, half);
      if (w.start >= startAt && w.end <= last) out.push(w);
    }
  }
  return out;
}

/** Whether a report for this slot belongs to the observation: the slot is open for a while during it. */
export function slotDuring(w: SlotWindow, startAt: number, endAt: number): boolean {
  return w.end > startAt && w.start < endAt;
}

/** The local time a slot opens, 'HH:MM', for messages. */
export function opensAt(half: Half): string {
  return `${String(WINDOWS[half][0]).padStart(2, '0')}:00`;
}
