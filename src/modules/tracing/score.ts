// How much an exposure says, and how exposures add up. Pure. Each exposure stands for a chance that it passed the
// infection on: a shared home most, a checkpoint passage minutes apart least. Repeats of one kind add up to a cap
// (a home is one fact however often it is registered; passages and hours together in a compound add up, but never
// to a household); the kinds then combine as independent chances, 1 - ∏(1 - w). A second-degree contact's chance
// is carried through the contact it came by: multiplied by that contact's own score. Several paths to one contact
// do not add up (they are mostly the same event seen from several people): the strongest path counts.
import type { ExposureKind } from './types.ts';

export const WEIGHT = {
  household: 0.9,
  companion: 0.8,
  vehicle: 0.7,
  floating_address: 0.6,
  community_building: 0.3,
} as const satisfies Partial<Record<ExposureKind, number>>;

/** 0.05 at the edge of the tolerance, 0.15 at the same minute. */
export function passageWeight(gapMs: number, toleranceMs: number): number {
  return 0.05 + 0.1 * (1 - Math.min(1, gapMs / Math.max(1, toleranceMs)));
}

/** 0.1 for a moment together in a compound, up to 0.3 from four hours on. */
export function presenceWeight(overlapMs: number): number {
  return 0.1 + 0.2 * Math.min(1, overlapMs / (4 * 3_600_000));
}

/** What repeats of a kind add up to, at most; kinds not named count once (their strongest). */
export const REPEAT_CAP: Partial<Record<ExposureKind, number>> = { community_presence: 0.5, checkpoint_passage: 0.3, community_building: 0.45 };

/** The chance from one source: repeats per kind summed to the kind's cap, then the kinds as independent chances. */
export function sourceChance(evidence: { how: ExposureKind; weight: number }[]): number {
  const byKind = new Map<ExposureKind, number[]>();
  for (const e of evidence) byKind.set(e.how, [...(byKind.get(e.how) ?? []), e.weight]);
  const perKind = [...byKind].map(([how, ws]) => {
    const cap = REPEAT_CAP[how];
    return cap === undefined ? Math.max(...ws) : Math.min(cap, ws.reduce((a, b) => a + b, 0));
  });
  return combine(perKind);
}

/** The chance that at least one of independent exposures passed it on. */
export function combine(weights: number[]): number {
  return 1 - weights.reduce((p, w) => p * (1 - w), 1);
}

/** 0-100 with one decimal, as shown. */
export const asScore = (p: number): number => Math.round(p * 1000) / 10;

