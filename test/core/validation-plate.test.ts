// Licence plates by GA 36: plates generated from each type's pattern are accepted with that type; a character
// changed to one no plate uses, or a character removed, is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLATE_PROVINCES, PLATE_TYPES, validatePlate, type PlateType } from '../../src/core/validation/index.ts';

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'; // no I, no O
const DIGITS = '0123456789';
const ch = (set: string) => fc.constantFrom(...set);
const str = (set: string, n: number) => fc.array(ch(set), { minLength: n, maxLength: n }).map((a) => a.join(''));
const prefix = fc.tuple(ch(PLATE_PROVINCES), ch(LETTERS)).map(([p, l]) => p + l);
const serial = (n: number) => str(LETTERS + DIGITS, n);

const generators: Record<Exclude<PlateType, 'other'>, fc.Arbitrary<string>> = {
  ordinary: fc.tuple(prefix, serial(5)).map(([a, b]) => a + b),
  new_energy: fc.oneof(
    fc.tuple(prefix, ch('DF'), serial(5)).map(([a, b, c]) => a + b + c),
    fc.tuple(prefix, str(DIGITS, 5), ch('DF')).map(([a, b, c]) => a + b + c),
  ),
  trailer: fc.tuple(prefix, serial(4)).map(([a, b]) => `${a}${b}挂`),
  coach: fc.tuple(prefix, serial(4)).map(([a, b]) => `${a}${b}学`),
  police: fc.tuple(prefix, serial(4)).map(([a, b]) => `${a}${b}警`),
  embassy: fc.oneof(
    str(DIGITS, 6).map((d) => `使${d}`),
    str(DIGITS, 6).map((d) => `${d}使`),
    fc.tuple(prefix, str(DIGITS, 4)).map(([a, b]) => `${a}${b}领`),
  ),
  hk_macao: fc.tuple(serial(4), ch('港澳')).map(([a, b]) => `粤Z${a}${b}`),
};
const typed = fc.oneof(...Object.entries(generators).map(([type, gen]) => gen.map((plate) => ({ plate, type: type as PlateType }))));

describe('licence plates (GA 36)', () => {
  it('accepts generated plates of every type and infers the type', () => {
    fc.assert(
      fc.property(typed, ({ plate, type }) => {
        expect(validatePlate(plate)).toEqual({ ok: true, value: { plate, type } });
        expect(validatePlate(plate, type)).toEqual({ ok: true, value: { plate, type } });
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a claimed type the shape does not have', () => {
    const other = (t: PlateType) => fc.constantFrom(...PLATE_TYPES.filter((x) => x !== t && x !== 'other'));
    fc.assert(
      fc.property(typed.chain((p) => other(p.type).map((claimed) => ({ ...p, claimed }))), ({ plate, claimed }) => {
        expect(validatePlate(plate, claimed)).toEqual({ ok: false, reason: 'plate.type_mismatch' });
      }),
    );
  });

  it('refuses a plate with one character changed to one no plate uses', () => {
    const mutation = fc.tuple(typed, fc.nat(), ch('IO中#'));
    fc.assert(
      fc.property(mutation, ([{ plate }, n, bad]) => {
        const pos = n % plate.length;
        const changed = plate.slice(0, pos) + bad + plate.slice(pos + 1);
        expect(validatePlate(changed)).toEqual({ ok: false, reason: pos === 0 ? 'plate.province' : 'plate.format' });
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a plate with one character removed, given its type', () => {
    fc.assert(
      fc.property(typed, fc.nat(), ({ plate, type }, n) => {
        const pos = n % plate.length;
        expect(validatePlate(plate.slice(0, pos) + plate.slice(pos + 1), type).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('normalises case, spaces and middle dots', () => {
    fc.assert(
      fc.property(typed, fc.array(ch(' ·•-'), { minLength: 8, maxLength: 8 }), ({ plate, type }, seps) => {
        const messy = [...plate].map((c, i) => c.toLowerCase() + (seps[i] ?? '')).join('');
        expect(validatePlate(messy)).toEqual({ ok: true, value: { plate, type } });
      }),
    );
    expect(validatePlate('蒙a·12345')).toEqual({ ok: true, value: { plate: '蒙A12345', type: 'ordinary' } });
  });

  it('gives each reason by example', () => {
    const cases: [string, string | undefined, string][] = [
      ['', undefined, 'plate.empty'],
      [' · ', undefined, 'plate.empty'],
      ['蒙A12345', 'tank', 'plate.type'],
      ['A12345', undefined, 'plate.province'], // province forgotten
      ['港A12345', undefined, 'plate.province'],
      ['蒙I12345', undefined, 'plate.format'], // issuing letter I
      ['蒙A1234', undefined, 'plate.format'], // too short
      ['蒙A123456', undefined, 'plate.format'], // 8 characters, not new-energy
      ['蒙AA12345', undefined, 'plate.format'], // new-energy must start with D or F
      ['蒙A1234D5', undefined, 'plate.format'],
      ['蒙A123挂', undefined, 'plate.format'],
      ['京AZ1234港', undefined, 'plate.format'], // cross-border plates are 粤Z
      ['使12345', undefined, 'plate.format'],
      ['沪A12A4领', undefined, 'plate.format'],
      ['蒙A12345', 'new_energy', 'plate.type_mismatch'],
      ['蒙AD12345', 'ordinary', 'plate.type_mismatch'],
      ['#', 'other', 'plate.format'],
    ];
    for (const [plate, claimed, reason] of cases) expect(validatePlate(plate, claimed), `${plate} ${claimed}`).toEqual({ ok: false, reason });
  });

  it('takes other plates (military, foreign) as given when the type is other', () => {
    expect(validatePlate('1234 УБА', 'other')).toEqual({ ok: true, value: { plate: '1234УБА', type: 'other' } });
    expect(validatePlate('蒙A12345', 'other')).toEqual({ ok: true, value: { plate: '蒙A12345', type: 'other' } });
  });
});
