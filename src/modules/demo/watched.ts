// The demo's watched people: synthetic residents who are on the demo lists and now and then register at a demo
// site, so watch-list hits show up live. Generated from a fixed seed: the lists and the traffic agree on them.
import { residentIdCheckChar } from '../../core/validation/id-number.ts';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';

/** Mulberry32: a tiny seeded generator, so every start produces the same people. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoPerson {
  name: string;
  idType: 'resident_id';
  idNumber: string;
  phone: string;
}

export function demoPeople(count: number, seed: number): DemoPerson[] {
  const rnd = seeded(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  return Array.from({ length: count }, () => {
    const first17 = `1501${String(2 + int(4)).padStart(2, '0')}${1950 + int(55)}${String(1 + int(12)).padStart(2, '0')}${String(1 + int(28)).padStart(2, '0')}${String(int(1000)).padStart(3, '0')}`;
    return {
      name: SURNAMES[int(SURNAMES.length)] + GIVEN[int(GIVEN.length)] + (int(2) ? GIVEN[int(GIVEN.length)] : ''),
      idType: 'resident_id',
      idNumber: first17 + residentIdCheckChar(first17),
      phone: `13${String(int(1e9)).padStart(9, '0')}`,
    };
  });
}

/** The people on the demo's high-risk list; the demo traffic sends one of them about once in fifteen check-ins. */
export const demoWatchedPeople = (): DemoPerson[] => demoPeople(24, 20261129);
