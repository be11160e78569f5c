// Scoring two person records for being the same human: cases the analysts meet, and properties of the score.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANDIDATE_THRESHOLD, jaroWinkler, scorePair, type ReasonKind } from '../../src/modules/matching/similarity.ts';
import type { PersonPii } from '../../src/modules/people/pii.ts';

const PHONE = '13912345678';
const kinds = (a: PersonPii, b: PersonPii) => scorePair(a, b).reasons.map((r) => r.kind);
const weightOf = (a: PersonPii, b: PersonPii, kind: ReasonKind) => scorePair(a, b).reasons.find((r) => r.kind === kind)?.weight;

describe('scorePair: names', () => {
  it('finds the same name written the same way', () => {
    expect(kinds({ name: '张三' }, { name: ' 张 三 ' })).toEqual(['name_exact']);
    expect(kinds({ name: 'John Smith' }, { name: 'john  smith' })).toEqual(['name_exact']);
  });

  it('finds names that sound the same: other characters, pinyin, swapped given and family names', () => {
    for (const other of ['章三', 'Zhang San', 'ZHANGSAN', 'San Zhang', 'zhang-san']) {
      expect(kinds({ name: '张三' }, { name: other }), other).toEqual(['name_pinyin']);
    }
    expect(kinds({ name: '张小明' }, { name: 'Xiaoming Zhang' })).toEqual(['name_pinyin']);
    expect(kinds({ name: 'Li Lei' }, { name: 'Lei Li' })).toEqual(['name_pinyin']);
  });

  it('scores typos in the pinyin by Jaro-Winkler, and only the surname when the given names differ', () => {
    expect(kinds({ name: '张三' }, { name: '张山' })).toEqual(['name_similar']);
    expect(weightOf({ name: '张三' }, { name: '张山' }, 'name_similar')).toBeGreaterThan(0.2);
    expect(kinds({ name: '张三' }, { name: '张伟' })).toEqual(['surname']);
    expect(kinds({ name: '张三' }, { name: '李四' })).toEqual([]);
  });

  it('computes Jaro-Winkler like the textbook', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
  });
});

describe('scorePair: other evidence', () => {
  it('proposes pinyin-equal names with the same phone, but not a family sharing a phone', () => {
    expect(scorePair({ name: '张三', phone: PHONE }, { name: '章三', phone: `+86 ${PHONE}` }).score).toBeGreaterThanOrEqual(CANDIDATE_THRESHOLD);
    expect(scorePair({ name: '张三', phone: PHONE }, { name: '张小红', phone: PHONE }).score).toBeLessThan(CANDIDATE_THRESHOLD);
  });

  it('counts the birth date, or its month, and penalises a different year', () => {
    expect(kinds({ name: 'a', birthDate: '1990-01-02' }, { name: 'b', birthDate: '1990-01-02' })).toContain('birth_date');
    expect(kinds({ name: 'a', birthDate: '1990-01-02' }, { name: 'b', birthDate: '1990-01-20' })).toContain('birth_month');
    expect(weightOf({ name: 'a', birthDate: '1990-01-02' }, { name: 'b', birthDate: '1971-01-02' }, 'birth_conflict')).toBeLessThan(0);
  });

  it('penalises a gender conflict below the threshold', () => {
    const a: PersonPii = { name: '张三', phone: PHONE, gender: 'male' };
    const r = scorePair(a, { ...a, gender: 'female' });
    expect(r.reasons.map((x) => x.kind)).toContain('gender_conflict');
    expect(r.score).toBeLessThan(scorePair(a, a).score);
  });

  it('counts a shared beginning of the address, and the county of the ID documents', () => {
    const r = scorePair({ name: '王五', address: '呼和浩特市新城区示范街道1号' }, { name: '王五', address: '呼和浩特市 新城区示范街道 3号' });
    expect(r.reasons.find((x) => x.kind === 'address')?.weight).toBeGreaterThan(0.05);
    expect(kinds({ name: 'x', address: '北京' }, { name: 'y', address: '北京' })).not.toContain('address');
    expect(kinds({ name: 'x', idNumber: '15010219900101100X' }, { name: 'y', idNumber: '150102198001012003' })).toEqual(['document_conflict', 'place']);
  });

  it('counts the same document strongly, also when asked to (one record no longer carries it)', () => {
    expect(kinds({ name: '张三', idNumber: '15010219900101100x' }, { name: '李四', idNumber: '15010219900101100X' })).toEqual(['same_document']);
    const forced = scorePair({ name: '张三' }, { name: '李四' }, { sameDocument: true });
    expect(forced.reasons).toEqual([{ kind: 'same_document', weight: 0.5 }]);
    expect(forced.score).toBe(0.5);
  });
});

const person: fc.Arbitrary<PersonPii> = fc.record(
  {
    name: fc.oneof(fc.constantFrom('张三', '章三', '张山', 'Zhang San', 'San Zhang', '李四', '王小明', 'Wang Xiaoming', ''), fc.string({ maxLength: 12 })),
    idNumber: fc.constantFrom('15010219900101100X', '150102198001012003', '110101199003070011'),
    phone: fc.constantFrom(PHONE, '13800000000', '+86 13912345678'),
    birthDate: fc.constantFrom('1990-01-01', '1990-01-15', '1980-01-01'),
    gender: fc.constantFrom('male' as const, 'female' as const),
    address: fc.oneof(fc.constantFrom('呼和浩特市新城区示范街道1号', '呼和浩特市新城区示范街道2号', '包头市东河区'), fc.string({ maxLength: 20 })),
  },
  { requiredKeys: ['name'] },
);

describe('scorePair: properties', () => {
  it('is symmetric: the same score and reasons whichever record comes first', () => {
    fc.assert(
      fc.property(person, person, fc.boolean(), (a, b, sameDocument) => {
        expect(scorePair(a, b, { sameDocument })).toEqual(scorePair(b, a, { sameDocument }));
      }),
      { numRuns: 500 },
    );
  });

  it('stays within 0..1, with a score that is the clamped sum of its reasons', () => {
    fc.assert(
      fc.property(person, person, (a, b) => {
        const { score, reasons } = scorePair(a, b);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        const sum = reasons.reduce((s, r) => s + r.weight, 0);
        expect(score).toBeCloseTo(Math.min(1, Math.max(0, sum)), 2);
      }),
      { numRuns: 500 },
    );
  });

  it('proposes a record against itself when it has a name and a phone', () => {
    fc.assert(
      fc.property(person, (a) => {
        fc.pre(/\p{L}/u.test(a.name) && !!a.phone);
        expect(scorePair(a, { ...a }).score).toBeGreaterThanOrEqual(CANDIDATE_THRESHOLD);
      }),
    );
  });

  it('Jaro-Winkler is symmetric and within 0..1', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 16 }), fc.string({ maxLength: 16 }), (a, b) => {
        const s = jaroWinkler(a, b);
        expect(s).toBe(jaroWinkler(b, a));
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
    );
  });
});
