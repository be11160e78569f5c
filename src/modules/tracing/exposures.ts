// The pure part of finding exposures: presence intervals in a compound, overlaps, passages within a tolerance, and
// the evidence each makes. No I/O: find.ts reads the rows and hands them here.
import type { TraceRow } from './store.ts';
import { passageWeight, presenceWeight, WEIGHT } from './score.ts';
import type { ExposureKind } from './types.ts';

/** Evidence as found, with times in epoch ms and the contact's row (its identity is resolved afterwards). */
export interface RawEvidence {
  how: ExposureKind;
  from: string;
  siteId: string | null;
  source: [number, number];
  contact: [number, number];
  minutes: number;
  weight: number;
  /** the contact's check-in, or null for a household found by the registered address */
  row: TraceRow | null;
  /** the contact's person, for a household found by the registered address */
  personId?: string;
}

export interface Interval {
  start: number;
  end: number;
  siteId: string;
}

/** The key a person is followed by in rows: the document, else the row itself (someone without a document). */
export const rowKey = (r: TraceRow): string => (r.idBidx ? `d:${r.idBidx}` : `r:${r.id}`);

/**
 * Presence in a compound from one person's gate passages, oldest first: an entry opens an interval, closed by their
 * next passage if it is an exit, cut by another entry, or ended after maxStay; an exit with nothing open is a moment.
 */
export function presenceIntervals(rows: TraceRow[], maxStayMs: number): Interval[] {
  const out: Interval[] = [];
  let open: { start: number; siteId: string } | null = null;
  for (const r of [...rows].sort((a, b) => a.at - b.at)) {
    if (open && r.at > open.start + maxStayMs) {
      out.push({ start: open.start, end: open.start + maxStayMs, siteId: open.siteId });
      open = null;
    }
    if (r.direction === 'out') {
      out.push(open ? { start: open.start, end: r.at, siteId: open.siteId } : { start: r.at, end: r.at, siteId: r.siteId });
      open = null;
    } else {
      if (open) out.push({ start: open.start, end: r.at, siteId: open.siteId });
      open = { start: r.at, siteId: r.siteId };
    }
  }
  if (open) out.push({ start: open.start, end: open.start + maxStayMs, siteId: open.siteId });
  return out;
}

/** Length of the overlap of two closed intervals, or null when they do not meet. */
export function overlap(a: { start: number; end: number }, b: { start: number; end: number }): number | null {
  const s = Math.max(a.start, b.start);
  const e = Math.min(a.end, b.end);
  return e >= s ? e - s : null;
}

const minutes = (ms: number) => Math.round(ms / 60_000);

/** Groups rows by the person they belong to. */
export function byPerson(rows: TraceRow[]): Map<string, TraceRow[]> {
  const out = new Map<string, TraceRow[]>();
  for (const r of rows) {
    const k = rowKey(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Passages at a checkpoint (or station) within the tolerance of the source's passage, in another submission. */
export function passageEvidence(from: string, own: TraceRow, others: TraceRow[], toleranceMs: number): RawEvidence[] {
  const out: RawEvidence[] = [];
  for (const r of others) {
    if (r.groupId === own.groupId) continue;
    const gap = Math.abs(r.at - own.at);
    if (gap > toleranceMs) continue;
    const vehicle = !!own.plateBidx && own.plateBidx === r.plateBidx;
    out.push({
      how: vehicle ? 'vehicle' : 'checkpoint_passage', from, siteId: own.siteId, source: [own.at, own.at], contact: [r.at, r.at],
      minutes: minutes(gap), weight: vehicle ? WEIGHT.vehicle : passageWeight(gap, toleranceMs), row: r,
    });
  }
  return out;
}

/** People in a compound at the same time as the source: the source's intervals against everyone else's. */
export function presenceEvidence(from: string, ownIntervals: Interval[], rowsOfOthers: TraceRow[], maxStayMs: number): RawEvidence[] {
  const out: RawEvidence[] = [];
  for (const rows of byPerson(rowsOfOthers).values()) {
    const intervals = presenceIntervals(rows, maxStayMs);
    for (const mine of ownIntervals) {
      for (const theirs of intervals) {
        const ms = overlap(mine, theirs);
        if (ms === null) continue;
        // the contact's passage that opened (or was) the interval names them and the gate
        const row = rows.find((r) => r.at === theirs.start && r.siteId === theirs.siteId) ?? rows[0];
        out.push({
          how: 'community_presence', from, siteId: mine.siteId, source: [mine.start, mine.end], contact: [theirs.start, theirs.end],
          minutes: minutes(ms), weight: presenceWeight(ms), row,
        });
      }
    }
  }
  return out;
}

/** Everyone else in the source's submission. */
export function companionEvidence(from: string, own: TraceRow, group: TraceRow[]): RawEvidence[] {
  return group
    .filter((r) => r.groupId === own.groupId && r.id !== own.id)
    .map((r) => ({ how: 'companion' as const, from, siteId: own.siteId, source: [own.at, own.at] as [number, number], contact: [r.at, r.at] as [number, number], minutes: 0, weight: WEIGHT.companion, row: r }));
}

/** Residents of the same building on the same day, living in another room. */
export function buildingEvidence(from: string, own: TraceRow, sameBuildingDay: TraceRow[]): RawEvidence[] {
  return sameBuildingDay
    .filter((r) => r.id !== own.id && r.dwellingBidx !== own.dwellingBidx)
    .map((r) => ({ how: 'community_building' as const, from, siteId: own.siteId, source: [own.at, own.at] as [number, number], contact: [r.at, r.at] as [number, number], minutes: minutes(Math.abs(r.at - own.at)), weight: WEIGHT.community_building, row: r }));
}

/** People registered in the source's room: one evidence per person and room, spanning the registrations of each side. */
export function householdEvidence(from: string, own: TraceRow[], sameRoom: TraceRow[], windowMs: number): RawEvidence[] {
  const out: RawEvidence[] = [];
  for (const rows of byPerson(sameRoom).values()) {
    for (const dwelling of new Set(rows.map((r) => r.dwellingBidx))) {
      const mine = own.filter((r) => r.dwellingBidx === dwelling);
      const theirs = rows.filter((r) => r.dwellingBidx === dwelling).sort((a, b) => a.at - b.at);
      if (!mine.length || !theirs.length) continue;
      out.push({
        how: 'household', from, siteId: mine[0].siteId, source: [mine[0].at, mine[mine.length - 1].at], contact: [theirs[0].at, theirs[theirs.length - 1].at],
        minutes: minutes(windowMs), weight: WEIGHT.household, row: theirs[0],
      });
    }
  }
  return out;
}

export interface Stay {
  start: number;
  end: number;
}

/** People staying at the source's floating address at the same time, within the window. */
export function floatingEvidence(from: string, own: TraceRow, ownStay: Stay, others: { row: TraceRow; stay: Stay }[], window: Stay): RawEvidence[] {
  const out: RawEvidence[] = [];
  const mine = { start: Math.max(ownStay.start, window.start), end: Math.min(ownStay.end, window.end) };
  if (mine.end < mine.start) return out;
  for (const o of others) {
    if (o.row.id === own.id || o.row.dwellingBidx !== own.dwellingBidx) continue;
    const ms = overlap(mine, o.stay);
    if (ms === null) continue;
    out.push({ how: 'floating_address', from, siteId: own.siteId, source: [ownStay.start, ownStay.end], contact: [o.stay.start, o.stay.end], minutes: minutes(ms), weight: WEIGHT.floating_address, row: o.row });
  }
  return out;
}
