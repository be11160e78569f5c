// The pure part of tracing: presence in a compound from gate passages, passages within a tolerance, how exposures
// add up to a score, and the place keys homes are matched on. No database.
import { describe, expect, it } from 'vitest';
import { placeKeys } from '../../src/modules/checkins/place-keys.ts';
import { passageEvidence, presenceEvidence, presenceIntervals } from '../../src/modules/tracing/exposures.ts';
import { asScore, passageWeight, presenceWeight, sourceChance } from '../../src/modules/tracing/score.ts';
import type { TraceRow } from '../../src/modules/tracing/store.ts';

const H = 3_600_000;
const M = 60_000;
let n = 0;
const row = (at: number, direction: 'in' | 'out', idBidx: string | null, extra: Partial<TraceRow> = {}): TraceRow => ({
  id: `R${String(++n).padStart(4, '0')}`, groupId: `G${n}`, siteId: 'S1', orgPath: '/r/c/', kind: 'community', direction, at, idBidx,
  plateBidx: null, dwellingBidx: null, buildingBidx: null, ...extra,
});

describe('presence in a compound', () => {
  it('opens at an entry, closes at the next exit, is cut by another entry, ends after the longest stay, and an exit alone is a moment', () => {
    const rows = [row(0, 'in', 'a'), row(2 * H, 'out', 'a'), row(5 * H, 'in', 'a'), row(6 * H, 'in', 'a'), row(30 * H, 'out', 'a'), row(40 * H, 'in', 'a')];
    expect(presenceIntervals(rows, 12 * H).map((i) => [i.start / H, i.end / H])).toEqual([[0, 2], [5, 6], [6, 18], [30, 30], [40, 52]]);
  });

  it('finds overlapping presence with its length, and nothing when the other left before', () => {
    const mine = presenceIntervals([row(10 * H, 'in', 'me'), row(14 * H, 'out', 'me')], 12 * H);
    const others = [row(8 * H, 'in', 'x'), row(11 * H, 'out', 'x'), row(3 * H, 'in', 'y'), row(9 * H, 'out', 'y'), row(13 * H, 'in', 'z')];
    const found = presenceEvidence('case', mine, others, 12 * H);
    expect(found.map((e) => [e.row!.idBidx, e.minutes, e.weight])).toEqual([['x', 60, presenceWeight(H)], ['z', 60, presenceWeight(H)]]);
  });
});

describe('checkpoint passages', () => {
  it('counts passages within the tolerance (edges included), not beyond, not the same submission; the same plate is a vehicle', () => {
    const own = row(100 * M, 'in', 'me', { kind: 'checkpoint', plateBidx: 'P1' });
    const others = [
      row(70 * M, 'in', 'edge'), row(69 * M, 'in', 'beyond'), row(125 * M, 'in', 'near'), row(100 * M, 'in', 'mate', { groupId: own.groupId }),
      row(110 * M, 'in', 'driver', { plateBidx: 'P1' }),
    ];
    const found = passageEvidence('case', own, others, 30 * M);
    expect(found.map((e) => [e.row!.idBidx, e.how, e.minutes])).toEqual([
      ['edge', 'checkpoint_passage', 30], ['near', 'checkpoint_passage', 25], ['driver', 'vehicle', 10],
    ]);
    expect(found[0].weight).toBe(passageWeight(30 * M, 30 * M));
    expect(found[1].weight).toBeGreaterThan(found[0].weight);
  });
});

describe('the score', () => {
  it('ranks single exposures by kind, adds repeats up to a cap, and combines kinds as independent chances', () => {
    const one = (how: Parameters<typeof sourceChance>[0][number]['how'], weight: number) => asScore(sourceChance([{ how, weight }]));
    const order = [one('household', 0.9), one('companion', 0.8), one('vehicle', 0.7), one('floating_address', 0.6), one('community_building', 0.3), one('community_presence', presenceWeight(H)), one('checkpoint_passage', passageWeight(0, 30 * M))];
    expect([...order].sort((a, b) => b - a)).toEqual(order);
    const passages = (k: number) => asScore(sourceChance(Array.from({ length: k }, () => ({ how: 'checkpoint_passage' as const, weight: 0.15 }))));
    expect(passages(2)).toBeGreaterThan(passages(1));
    expect(passages(10)).toBe(30);
    expect(asScore(sourceChance([{ how: 'household', weight: 0.9 }, { how: 'household', weight: 0.9 }]))).toBe(90);
    expect(asScore(sourceChance([{ how: 'household', weight: 0.9 }, { how: 'companion', weight: 0.8 }]))).toBe(98);
  });
});

describe('place keys', () => {
  const index = { of: (kind: string, v: string) => `${kind}:${v}` };
  const resident = (address: Record<string, string>) => ({ community: { role: 'resident' }, address });

  it('matches a room however the building, unit and room are written, within one compound', () => {
    const a = placeKeys(index, { kind: 'community', orgPath: '/r/c1/' }, resident({ building: '3号楼', unit: '2单元', room: '501室' }));
    const b = placeKeys(index, { kind: 'community', orgPath: '/r/c1/' }, resident({ building: '3', unit: '2', room: '501' }));
    const other = placeKeys(index, { kind: 'community', orgPath: '/r/c2/' }, resident({ building: '3', unit: '2', room: '501' }));
    expect(a).toEqual(b);
    expect(a.dwellingBidx).not.toBe(other.dwellingBidx);
    expect(a.buildingBidx).toBe(placeKeys(index, { kind: 'community', orgPath: '/r/c1/' }, resident({ building: '3栋', room: '1101' })).buildingBidx);
  });

  it('keys visitors, checkpoints and stations not at all, and floating arrivals by their address', () => {
    expect(placeKeys(index, { kind: 'community', orgPath: '/r/c1/' }, { community: { role: 'visitor', visiting: '3-501' } })).toEqual({ dwellingBidx: null, buildingBidx: null });
    expect(placeKeys(index, { kind: 'checkpoint', orgPath: '/r/c1/' }, null)).toEqual({ dwellingBidx: null, buildingBidx: null });
    const f = (line: string) => placeKeys(index, { kind: 'floating', orgPath: '/r/t1/' }, { floating: {}, address: { line } }).dwellingBidx;
    expect(f('新华大街 12号')).toBe(f('新华大街12号'));
    expect(f('新华大街12号')).not.toBe(f('新华大街13号'));
  });
});
